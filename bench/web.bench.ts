/**
 * Web benchmark (`npm run bench:web`, not a test). Issue 5's targets: opening a month for 2 000 employees
 * in under 5 s on PostgreSQL; the scorecard page's API (GET /api/me/page) at ≥ 500 requests/s with p99
 * under 100 ms for 50 concurrent clients on loopback.
 *
 * Per engine (PGlite in memory always; PostgreSQL when SHOPKPI_TEST_PG_URL or DATABASE_URL is set; each
 * run creates and drops its own database there): loads the demo company (stores, two years of facts,
 * templates), adds 2 000 generated employees spread over the six job families and the three stores, then
 * opens 2026-10 through the API as HR and prints the time. Then serves the app on 127.0.0.1 (a random
 * port) and runs autocannon (in a child process) with 50 connections against one employee's "my page":
 * 2 s of warm-up (not counted), then BENCH_SECONDS (default 10), printing requests/s, latency
 * percentiles and the server process's CPU time per request.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import type autocannon from 'autocannon';
import { Hono } from 'hono';
import { DEMO_TEMPLATES, loadDemoCompany } from '../src/app/demo-company.ts';
import type { Engine } from '../src/db/open-db.ts';
import { createApp } from '../src/server/app.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 2;
const MONTH = '2026-10';
const PW = 'bench-password';
const STORES = ['TM01', 'JD01', 'AMZ01'];
const AGENTS = ['小美', '小帅', '小雨', 'Amy'];

/** requests/s of the reference (a bare Hono JSON answer on the same stack), measured once in this run */
let referenceRps = 0;

/**
 * The reference: the same server stack (@hono/node-server, Hono) answering a constant 30-byte JSON with
 * no session and no database, under the same 50 clients. Our page's rate as a share of it says how much
 * of the machine's HTTP capacity the page's own work takes, whatever machine this runs on.
 */
async function measureReference(): Promise<void> {
  const ref = new Hono().get('/ref', (c) => c.json({ ok: true, reference: 'bare hono' }));
  const server = serve({ fetch: ref.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/ref`;
  await loadTest(url, '', WARMUP);
  const r = await loadTest(url, '', SECONDS);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  referenceRps = r.requests.average;
  process.stdout.write(
    `[reference] bare Hono JSON answer, 50 clients, ${SECONDS} s: ${referenceRps.toFixed(0)} req/s, p99 ${r.latency.p99} ms\n`,
  );
}

async function runEngine(engine: Engine): Promise<void> {
  // imported here: testing.ts reads SHOPKPI_TEST_PG_URL when it loads, after DATABASE_URL is mapped to it below
  const { freshDb } = await import('../src/db/testing.ts');
  const fresh = await freshDb(engine);
  const db = fresh.db;
  try {
    let t = performance.now();
    await loadDemoCompany(db, PW);
    process.stdout.write(
      `[${engine}] demo company loaded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    // 2 000 more people: one statement, supervisors D001/S001, stores round-robin
    const rows = Array.from({ length: PEOPLE }, (_, i) => {
      const family = DEMO_TEMPLATES[i % DEMO_TEMPLATES.length]!;
      const cs = family.endsWith('-cs');
      return {
        code: `B${String(i + 1).padStart(5, '0')}`,
        name: `员工${i + 1}`,
        family,
        supervisor: cs ? 'S001' : 'D001',
        agent: cs ? AGENTS[i % AGENTS.length] : null,
        store: STORES[i % STORES.length],
      };
    });
    await db.query(
      `INSERT INTO employee (company_id, code, name, team, family, level, supervisor, hire_date, agent)
       SELECT 'demo', x.code, x.name, 'ops', x.family, 'P1', x.supervisor, '2025-01-01', x.agent
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, family text, supervisor text, agent text)`,
      [JSON.stringify(rows)],
    );
    await db.query(
      `INSERT INTO store_assignment (company_id, employee, store, from_date)
       SELECT 'demo', x.code, x.store, '2025-01-01' FROM jsonb_to_recordset($1::jsonb) AS x(code text, store text)`,
      [JSON.stringify(rows)],
    );

    const { app } = createApp({ db, webRoot: '/nonexistent' });
    const signIn = async (login: string) => {
      const r = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: PW }),
      });
      const body = (await r.json()) as { csrfToken: string };
      return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
    };
    const hr = await signIn('hr');
    t = performance.now();
    const opened = await app.request('/api/months', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: hr.cookie, 'x-csrf-token': hr.csrf },
      body: JSON.stringify({ month: MONTH }),
    });
    const openMs = performance.now() - t;
    const info = (await opened.json()) as { total?: number };
    if (opened.status !== 200) throw new Error(`open month failed: ${opened.status} ${JSON.stringify(info)}`);
    process.stdout.write(
      `[${engine}] open ${MONTH} for ${info.total} employees: ${(openMs / 1000).toFixed(2)} s (target < 5 s on PostgreSQL)\n`,
    );

    // a scored form makes "my page" the page people actually see
    const score = await app.request(`/api/months/${MONTH}/forms/E001/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: hr.cookie, 'x-csrf-token': hr.csrf },
      body: JSON.stringify({ version: 1 }),
    });
    if (score.status !== 200) process.stdout.write(`[${engine}] note: E001 not scored (${score.status})\n`);

    const e001 = await signIn('e001');
    const loadBefore = loadavg()[0]!;
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/me/page`;
    const one = await fetch(url, { headers: { cookie: e001.cookie } });
    const bytes = (await one.arrayBuffer()).byteLength;
    // A short run first, not counted: the first requests compile code and prepare statements.
    await loadTest(url, e001.cookie, WARMUP);
    const cpu0 = process.cpuUsage();
    const result = await loadTest(url, e001.cookie, SECONDS);
    const cpu = process.cpuUsage(cpu0);
    // CPU time of this (the server's) process per answered request: steadier than req/s on a shared machine
    const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total);
    // let in-flight requests finish before the database is dropped
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // handlers of requests whose sockets autocannon already closed may still be waiting on the database
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ok = result.non2xx === 0 && result.errors === 0;
    process.stdout.write(
      `[${engine}] GET /api/me/page, 50 clients, ${SECONDS} s (after ${WARMUP} s of warm-up): ${result.requests.average.toFixed(0)} req/s, ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
        `${result.requests.total} requests, non-2xx ${result.non2xx}, errors ${result.errors}` +
        ` (targets ≥ 500 req/s, p99 < 100 ms)${ok ? '' : ' — SOME REQUESTS FAILED'}\n` +
        `[${engine}]   server CPU ${cpuMs.toFixed(2)} ms per request; one answer is ${(bytes / 1024).toFixed(1)} kB of JSON` +
        `${one.headers.get('content-encoding') ? ` (sent ${one.headers.get('content-encoding')})` : ''}; ` +
        `server and autocannon in separate processes on ${availableParallelism()} cores, ` +
        `load average before the run ${loadBefore.toFixed(2)}\n` +
        `[${engine}]   ${(result.requests.average / referenceRps).toFixed(2)}× the reference's requests/s ` +
        `(a bare Hono JSON answer measured in this run)\n`,
    );
  } finally {
    await fresh.dispose();
  }
}

/**
 * autocannon in its own process (its CLI, JSON out): in the server's process it would take event-loop
 * time from the server and the numbers would say less about the server.
 */
async function loadTest(url: string, cookie: string, seconds: number): Promise<autocannon.Result> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [
    cli,
    '-c',
    '50',
    '-d',
    String(seconds),
    '-j',
    ...(cookie ? ['-H', `cookie=${cookie}`] : []),
    url,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as autocannon.Result;
}

const pgUrl = process.env.SHOPKPI_TEST_PG_URL ?? process.env.DATABASE_URL;
if (!process.env.SHOPKPI_TEST_PG_URL && pgUrl) process.env.SHOPKPI_TEST_PG_URL = pgUrl;
const engines: Engine[] = pgUrl ? ['pglite', 'postgres'] : ['pglite'];
await measureReference();
for (const engine of engines) await runEngine(engine);
if (!pgUrl) process.stdout.write('(set SHOPKPI_TEST_PG_URL or DATABASE_URL to run on PostgreSQL too)\n');
