import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, test } from 'vitest';
import { serveWeb } from './static-files.ts';

describe('serving the built UI', () => {
  const base = mkdtempSync(join(tmpdir(), 'shopkpi-web-'));
  const root = join(base, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
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
});
