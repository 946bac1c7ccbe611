/**
 * Prints the two numbers the UI promises (issue 5): the first route's JavaScript, gzipped, and the
 * initial page load from a cold start of the browser on loopback.
 *
 *   npx tsx scripts/web-size.ts                # serves the build with the product's own server
 *   npx tsx scripts/web-size.ts --runs 7       # more cold starts (default 5); the median is the result
 *   npx tsx scripts/web-size.ts --url http://127.0.0.1:3000/   # measure a running server instead
 *
 * Build first (`npm run build:web`; SHOPKPI_WEB_ROOT names another build folder). The page is served by
 * `createApp` (src/server/app.ts) over an empty in-memory database, so compression, cache headers and
 * the sign-in page's `/api/auth/me` call are the product's. "First route" = every script the browser
 * fetches until the sign-in page has rendered; sizes are the files on disk gzipped at level 9, so the
 * number does not depend on how the server compresses; the bytes actually sent are printed beside it.
 * Each run launches a new browser with a new profile (nothing cached): launch, then navigate until
 * the sign-in form is visible.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { launchChromium } from '../e2e/browser.ts';
import { openDb } from '../src/db/open-db.ts';
import { createApp } from '../src/server/app.ts';

interface Run {
  total: number;
  launch: number;
  navigation: number;
  load: number | null;
  scripts: string[];
  sent: number;
}

async function coldRun(url: string): Promise<Run> {
  const t0 = performance.now();
  const browser = await launchChromium();
  const tLaunched = performance.now();
  const scripts: string[] = [];
  const sizes: Promise<number>[] = [];
  try {
    const page = await browser.newPage();
    page.on('requestfinished', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      sizes.push(
        r
          .sizes()
          .then((s) => s.responseBodySize)
          .catch(() => 0),
      );
    });
    const tNav = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.getByTestId('sign-in').waitFor({ state: 'visible' });
    const tReady = performance.now();
    const load = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return e ? e.loadEventEnd : null;
    });
    const sent = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return {
      total: tReady - t0,
      launch: tLaunched - t0,
      navigation: tReady - tNav,
      load,
      scripts: [...new Set(scripts)],
      sent,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const root = resolve(process.env.SHOPKPI_WEB_ROOT || join(process.cwd(), 'dist/web'));
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`${root}/index.html is missing: run \`npm run build:web\` first`);
    process.exit(1);
  }
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const runs = Math.max(1, Number(arg('--runs') ?? 5));
  let url = arg('--url');
  let stop: () => Promise<void> = async () => {};
  if (!url) {
    const db = await openDb({ dir: ':memory:' });
    const { app } = createApp({ db, webRoot: root });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    stop = async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    };
  }

  try {
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await coldRun(url);
      all.push(r);
      console.log(
        `  run ${i + 1}: ${r.total.toFixed(0)} ms (browser launch ${r.launch.toFixed(0)} ms, navigation to ` +
          `rendered ${r.navigation.toFixed(0)} ms, load event at ${r.load?.toFixed(0) ?? '?'} ms)`,
      );
    }
    const first = all[0]!;
    let raw = 0;
    let gz = 0;
    for (const p of first.scripts) {
      const file = join(root, p);
      if (!existsSync(file)) continue;
      const buf = readFileSync(file);
      raw += buf.length;
      gz += gzipSync(buf, { level: 9 }).length;
    }
    const kb = (x: number) => (x / 1024).toFixed(1);
    console.log(
      `first route JS: ${first.scripts.length} files, ${kb(raw)} kB raw, ${kb(gz)} kB gzipped (limit 400 kB); ` +
        `the whole page sent ${kb(first.sent)} kB over the wire`,
    );
    const total = median(all.map((r) => r.total));
    console.log(
      `initial page load (cold browser): median ${total.toFixed(0)} ms of ${runs} runs from launch to the rendered ` +
        `sign-in page (browser launch ${median(all.map((r) => r.launch)).toFixed(0)} ms, navigation to rendered ` +
        `${median(all.map((r) => r.navigation)).toFixed(0)} ms) (limit 1500 ms); ` +
        `min ${Math.min(...all.map((r) => r.total)).toFixed(0)}, max ${Math.max(...all.map((r) => r.total)).toFixed(0)} ms; ` +
        `load average ${loadavg()[0]!.toFixed(2)} on this machine`,
    );
    if (gz > 400 * 1024) process.exitCode = 1;
  } finally {
    await stop();
  }
}

await main();
