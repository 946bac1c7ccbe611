/**
 * `npm run bench:import`: how fast store data gets in.
 *
 * Generates 1 000 000 order lines as a Taobao/Tmall order export (CSV), imports the file with the real
 * import path (read → taobao-orders preset → check → one transaction) into PGlite (a data folder) and,
 * when SHOPKPI_TEST_PG_URL or DATABASE_URL is set, into PostgreSQL (a throwaway database created on
 * that server), and loads the same file into DuckDB and aggregates it by store and day. Prints rows/s
 * for each, the database write alone, and the ratios to DuckDB (the figure to drive down).
 * Targets: PostgreSQL ≥ 150 000 rows/s, PGlite ≥ 50 000 rows/s.
 *
 * Each engine's import runs in a process of its own, as `shopkpi import` does (one engine per process):
 * PGlite's heap would otherwise weigh on the garbage collection of the PostgreSQL run.
 * The import is one pass (src/app/import-service.ts): parsing, mapping and checking happen while the
 * database reads the COPY stream, so "database write" (first row handed over → commit) is most of it.
 *
 * Options (environment): BENCH_ROWS (default 1000000), BENCH_REIMPORT=1 also times a second import of
 * the same file (every row compared, none written).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { type ImportPhase, importFile } from '../src/app/import-service.ts';
import { writeOrdersCsv } from '../src/app/testing/orders-csv.ts';
import { ensureCompany, upsertStores } from '../src/db/company-repository.ts';
import { type Db, openDb } from '../src/db/open-db.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PG_URL = process.env.SHOPKPI_TEST_PG_URL ?? process.env.DATABASE_URL;
const SHOPS = ['旗舰店', '专营店', '海外旗舰店'];
const TARGET: Record<string, number> = { PGlite: 50_000, PostgreSQL: 150_000 };

interface Run {
  engine: string;
  seconds: number;
  /** seconds from the first row handed to the database to the commit */
  writeSeconds: number;
  inserted: number;
  reimportSeconds?: number;
}

const rate = (rows: number, s: number) => Math.round(rows / s);
const fmt = (n: number) => n.toLocaleString('en-US');

async function timeImport(db: Db, engine: string, file: string): Promise<Run> {
  await ensureCompany(db, 'bench');
  await upsertStores(db, 'bench', [
    { code: 'TM01', name: '天猫旗舰店', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai' },
  ]);
  let writeStart = 0;
  let phase: ImportPhase | undefined;
  const t0 = performance.now();
  const s = await importFile(db, 'bench', file, {
    store: 'TM01',
    onProgress: (p) => {
      if (p.phase !== phase) {
        phase = p.phase;
        if (p.phase === 'write') writeStart = performance.now();
        process.stderr.write(
          `  ${engine}: ${p.phase} at ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
        );
      }
    },
  });
  const t1 = performance.now();
  if (s.refused > 0 || s.inserted !== ROWS) throw new Error(`${engine}: ${JSON.stringify(s).slice(0, 500)}`);
  const run: Run = {
    engine,
    seconds: (t1 - t0) / 1000,
    writeSeconds: (t1 - writeStart) / 1000,
    inserted: s.inserted,
  };
  if (process.env.BENCH_REIMPORT === '1') {
    const r0 = performance.now();
    const again = await importFile(db, 'bench', file, { store: 'TM01' });
    if (again.unchanged !== ROWS) throw new Error(`${engine}: re-import changed rows`);
    run.reimportSeconds = (performance.now() - r0) / 1000;
  }
  return run;
}

async function duckdb(file: string): Promise<{ seconds: number; groups: number }> {
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const r = await con.runAndReadAll(
    `SELECT "店铺名称" AS store, CAST("订单创建时间" AS DATE) AS day, count(*) AS orders,
            sum(CAST("买家实际支付金额" AS DECIMAL(18, 2))) AS paid
     FROM read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true)
     GROUP BY ALL`,
  );
  const groups = r.getRows().length;
  con.closeSync();
  return { seconds: (performance.now() - t0) / 1000, groups };
}

/** Child mode: `--engine pglite|postgres <file> <dir>` imports the file and prints its Run as JSON. */
async function child(engine: string, file: string, dir: string): Promise<void> {
  if (engine === 'pglite') {
    const t = performance.now();
    const lite = await openDb({ dir: join(dir, 'pglite') });
    process.stderr.write(`PGlite opened in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    try {
      process.stdout.write(`${JSON.stringify(await timeImport(lite, 'PGlite', file))}\n`);
    } finally {
      await lite.close();
    }
    return;
  }
  const name = `shopkpi_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const server = await openDb({ url: url.toString() });
  try {
    process.stdout.write(`${JSON.stringify(await timeImport(server, 'PostgreSQL', file))}\n`);
  } finally {
    await server.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Runs this file in child mode and returns the Run it prints. */
function runChild(engine: string, file: string, dir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--engine', engine, file, dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${engine} run failed (exit ${code})`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Run);
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shopkpi-bench-'));
  const file = join(dir, 'orders.csv');
  try {
    const t = performance.now();
    await writeOrdersCsv(file, ROWS, { shops: SHOPS });
    process.stderr.write(
      `generated ${fmt(ROWS)} order lines (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );

    const duck = await duckdb(file);
    const runs: Run[] = [];

    runs.push(await runChild('pglite', file, dir));
    if (PG_URL) {
      runs.push(await runChild('postgres', file, dir));
    } else {
      process.stderr.write('PostgreSQL skipped: set SHOPKPI_TEST_PG_URL or DATABASE_URL\n');
    }

    const duckRate = rate(ROWS, duck.seconds);
    const lines = [
      `import of ${fmt(ROWS)} order lines (Taobao order export CSV, preset taobao-orders)`,
      `  DuckDB read_csv + group by store, day: ${duck.seconds.toFixed(2)} s  ${fmt(duckRate)} rows/s  (${duck.groups} groups)`,
    ];
    for (const r of runs) {
      const total = rate(r.inserted, r.seconds);
      const target = TARGET[r.engine] ?? 0;
      lines.push(
        `  ${r.engine.padEnd(10)} whole import: ${r.seconds.toFixed(2)} s  ${fmt(total)} rows/s  ` +
          `(target ${fmt(target)}: ${total >= target ? 'met' : 'NOT met'})  ` +
          `database write: ${r.writeSeconds.toFixed(2)} s  ${fmt(rate(r.inserted, r.writeSeconds))} rows/s  ` +
          `DuckDB/this: ${(duckRate / total).toFixed(1)}×` +
          (r.reimportSeconds ? `  re-import (all unchanged): ${r.reimportSeconds.toFixed(2)} s` : ''),
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--engine') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
