/**
 * Prints the two numbers the UI promises (issue 5): the first route's JavaScript, gzipped, and the
 * initial page load from a cold start of the browser on loopback.
 *
 *   npx tsx scripts/web-size.ts            # serves dist/web itself on a free loopback port
 *   npx tsx scripts/web-size.ts --url http://127.0.0.1:3000/   # measure a running server instead
 *
 * Build first (`npm run build:web`). "First route" = every script the browser fetches until the
 * sign-in page has rendered; sizes are the files on disk gzipped at level 9 (what a server would
 * send), so the number does not depend on whether the server compresses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/browser.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || path === '/') file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

async function main(): Promise<void> {
  const root = join(process.cwd(), 'dist/web');
  if (!existsSync(join(root, 'index.html'))) {
    console.error('dist/web/index.html is missing: run `npm run build:web` first');
    process.exit(1);
  }
  const urlArg = process.argv.indexOf('--url');
  const own = urlArg < 0 ? await serveStatic(root) : null;
  const url = own ? own.url : process.argv[urlArg + 1]!;

  const t0 = performance.now();
  const browser = await launchChromium();
  const tLaunched = performance.now();
  const scripts: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    const tNav = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    await page.getByTestId('sign-in').waitFor({ state: 'visible' });
    const tReady = performance.now();
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return e ? { dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd } : null;
    });

    let raw = 0;
    let gz = 0;
    for (const p of new Set(scripts)) {
      const file = join(root, p);
      if (!existsSync(file)) continue;
      const buf = readFileSync(file);
      raw += buf.length;
      gz += gzipSync(buf, { level: 9 }).length;
    }
    const kb = (x: number) => (x / 1024).toFixed(1);
    console.log(
      `first route JS: ${new Set(scripts).size} files, ${kb(raw)} kB raw, ${kb(gz)} kB gzipped (limit 400 kB)`,
    );
    console.log(
      `initial page load (cold browser): ${(tReady - t0).toFixed(0)} ms from launch to the rendered sign-in page ` +
        `(browser launch ${(tLaunched - t0).toFixed(0)} ms, navigation to rendered ${(tReady - tNav).toFixed(0)} ms, ` +
        `load event at ${nav ? nav.load.toFixed(0) : '?'} ms) (limit 1500 ms)`,
    );
    if (gz > 400 * 1024) process.exitCode = 1;
  } finally {
    await browser.close();
    own?.server.close();
  }
}

await main();
