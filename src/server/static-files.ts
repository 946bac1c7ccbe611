/**
 * Serves the built UI (dist/web) at `/`: a file when one exists under the folder, else index.html so the
 * single-page application's own routes work on reload. Paths are resolved inside the folder only.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export function webRootExists(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

export async function serveWeb(c: Context, root: string): Promise<Response> {
  const url = new URL(c.req.url);
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return c.text('bad path', 400);
  }
  const target = normalize(join(root, rel));
  const inside = target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
  let file = join(root, 'index.html');
  if (inside) {
    const s = await stat(target).catch(() => null);
    if (s?.isFile()) file = target;
  }
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  // Hashed assets can be cached for good; index.html must be fetched again to pick up a new build.
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return new Response(body, { status: 200, headers: { 'content-type': type, 'cache-control': cache } });
}
