/**
 * The only way the UI talks to the server: JSON over fetch with the session cookie, and the CSRF header
 * on every state-changing request (docs/api.md, "Sessions and CSRF").
 */
import type { Text } from './types.ts';

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the session has ended (a 401 on an ordinary call), so the app can show sign-in again. */
let onSignedOut: (() => void) | null = null;
export function whenSignedOut(cb: (() => void) | null): void {
  onSignedOut = cb;
}

export interface ApiProblem {
  severity: string;
  code: string;
  message: Text;
  where?: Record<string, unknown>;
}

/** An answer other than 2xx, with the server's words in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text,
    readonly problems: ApiProblem[],
  ) {
    super(`${status} ${code}: ${text.en}`);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: Text; problems?: ApiProblem[] };
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data: unknown = isJson ? await res.json() : await res.text();
  if (!res.ok) {
    const err = (isJson ? (data as ErrorBody).error : undefined) ?? {};
    if (res.status === 401 && !path.startsWith('/api/auth/')) onSignedOut?.();
    throw new ApiError(
      res.status,
      err.code ?? 'internal',
      err.message ?? { zh: `请求失败 (${res.status})`, en: `Request failed (${res.status})` },
      err.problems ?? [],
    );
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
