/**
 * A hash router in a few lines: `#/months/2026-10/forms/E001`. The server answers index.html for any
 * path, but a hash keeps deep links working even when the UI is opened from a file or a sub-path.
 */
import { useSyncExternalStore } from 'react';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

function current(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h === '' ? '/' : h;
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current, () => '/');
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Matches `/months/:month/forms/:employee` against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('?')[0]!.split('/');
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = a[i]!;
    if (seg.startsWith(':')) out[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return out;
}
