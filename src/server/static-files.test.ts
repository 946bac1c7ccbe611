import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, test } from 'vitest';
import { pickEncoding, serveWeb } from './static-files.ts';

describe('serving the built UI', () => {
  const base = mkdtempSync(join(tmpdir(), 'shopkpi-web-'));
  const root = join(base, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  // big enough to be worth compressing; text that compresses well
  const bigJs = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: '员工${i}' }`).join(', ')}];`;
  writeFileSync(join(root, 'assets', 'big-5678.js'), bigJs);
  writeFileSync(join(root, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
  const app = new Hono();
  app.get('*', (c) => serveWeb(c, root));
  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  test('serves files with their type, hashed assets cached for good, index.html for app routes', async () => {
    const js = await app.request('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    const route = await app.request('/months/2026-10');
    expect(await route.text()).toContain('<title>ui</title>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  test('never leaves the folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const r = await app.request(path);
      expect(await r.text()).not.toContain('do not serve');
    }
  });

  test('sends text compressed by Accept-Encoding (brotli first), the same bytes once decoded', async () => {
    const br = await app.request('/assets/big-5678.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('accept-encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(bigJs) / 3);
    expect(brotliDecompressSync(brBytes).toString()).toBe(bigJs);

    const gz = await app.request('/assets/big-5678.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(bigJs);

    const plain = await app.request('/assets/big-5678.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(bigJs);

    // images are not compressed again; tiny files are not worth it
    const png = await app.request('/assets/logo.png', { headers: { 'accept-encoding': 'br' } });
    expect(png.headers.get('content-encoding')).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(4096);
    const small = await app.request('/assets/app-1234.js', { headers: { 'accept-encoding': 'br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  test('index.html is revalidated with its ETag, and a new build is seen at once', async () => {
    const first = await app.request('/');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await app.request('/', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // a rebuild writes index.html again: the cached copy must not be served
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>ui v2</title>');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'index.html'), later, later);
    const fresh = await app.request('/', { headers: { 'if-none-match': etag! } });
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('ui v2');
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  test('uses the build’s precompressed sibling when it is as new as the file', async () => {
    const file = join(root, 'assets', 'pre-9999.js');
    const text = `export const x = '${'a'.repeat(3000)}';`;
    writeFileSync(file, text);
    // a marker the server could not have produced itself, so the test sees which bytes were sent
    writeFileSync(`${file}.br`, brotliCompressSync(`${text}//from-build`));
    const later = new Date(Date.now() + 5000);
    utimesSync(`${file}.br`, later, later);
    const r = await app.request('/assets/pre-9999.js', { headers: { 'accept-encoding': 'br' } });
    expect(brotliDecompressSync(Buffer.from(await r.arrayBuffer())).toString()).toBe(`${text}//from-build`);
  });

  test('reads Accept-Encoding with q values', () => {
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding('*')).toBe('gzip');
  });
});
