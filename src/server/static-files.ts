/**
 * Serves the built UI (dist/web) at `/`: a file when one exists under the folder, else index.html so the
 * single-page application's own routes work on reload. Paths are resolved inside the folder only.
 *
 * Text files are sent compressed (brotli, else gzip, by the request's Accept-Encoding): the build writes
 * `.br` and `.gz` siblings (vite.config.ts); a file without them is compressed here once. Every file is
 * read from disk once and kept in memory until it changes on disk (size or time), so a request costs a
 * `stat`. Hashed files under /assets are cached by the browser for good; index.html is revalidated with
 * its ETag each time (a 304 when unchanged) so a new build is picked up at once.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
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

/** Types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);
/** Below this a compressed answer saves less than its headers cost. */
export const COMPRESS_MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface Cached {
  /** size and mtime of the file when read: a change on disk makes a new entry */
  key: string;
  body: Buffer;
  etag: string;
  br: Buffer | null;
  gz: Buffer | null;
}

const cache = new Map<string, Promise<Cached>>();

async function sibling(file: string, ext: string, after: number): Promise<Buffer | null> {
  // a sibling older than the file belongs to an earlier build
  const s = await stat(file + ext).catch(() => null);
  return s?.isFile() && s.mtimeMs >= after ? readFile(file + ext) : null;
}

async function load(file: string, size: number, mtimeMs: number, key: string): Promise<Cached> {
  const body = await readFile(file);
  const etag = `W/"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
  if (!COMPRESSIBLE.has(extname(file)) || body.length < COMPRESS_MIN_BYTES)
    return { key, body, etag, br: null, gz: null };
  // Precompressed by the build (best ratio); else compressed here once, at a quick setting (a first
  // visitor waits for it).
  const br =
    (await sibling(file, '.br', mtimeMs)) ??
    (await brotli(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }));
  const gz = (await sibling(file, '.gz', mtimeMs)) ?? (await gzipAsync(body, { level: 6 }));
  return { key, body, etag, br, gz };
}

async function cached(file: string, size: number, mtimeMs: number): Promise<Cached> {
  const key = `${size}:${mtimeMs}`;
  const hit = cache.get(file);
  if (hit) {
    const entry = await hit.catch(() => null);
    if (entry?.key === key) return entry;
  }
  const next = load(file, size, mtimeMs, key);
  // files of earlier builds stay until this bound (a few builds' worth)
  if (cache.size > 2000) cache.clear();
  cache.set(file, next);
  next.catch(() => cache.delete(file));
  return next;
}

/** The encoding to send: brotli, else gzip, when the client accepts it (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

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
  let s = inside ? await stat(target).catch(() => null) : null;
  if (s?.isFile()) file = target;
  else s = await stat(file);
  const entry = await cached(file, s.size, s.mtimeMs);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    // Hashed assets can be cached for good; index.html must be fetched again to pick up a new build.
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag: entry.etag,
  };
  if (entry.br || entry.gz) headers.vary = 'accept-encoding';
  if (c.req.header('if-none-match') === entry.etag) return new Response(null, { status: 304, headers });
  const encoding = entry.br || entry.gz ? pickEncoding(c.req.header('accept-encoding')) : null;
  const body = (encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gz : null) ?? entry.body;
  if (encoding && body !== entry.body) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
  return new Response(c.req.method === 'HEAD' ? null : bytes, { status: 200, headers });
}
