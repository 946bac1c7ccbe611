/**
 * Test support for database tests (not shipped behaviour): the engines a suite runs on, a fresh empty
 * database per test, and a text snapshot of everything stored to compare databases exactly.
 *
 * Suites are written once and run on every engine: PGlite in memory always, and PostgreSQL when
 * SHOPKPI_TEST_PG_URL points at a server (CI sets it; each test gets its own database, dropped after).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { OrderLine, StoreDay } from '../core/metrics/facts.ts';
import { companyTables } from './backup.ts';
import { type Db, dumpPglite, type Engine, type OpenDbOptions, openDb } from './open-db.ts';

export const PG_TEST_URL = process.env.SHOPKPI_TEST_PG_URL;

/** The engines to run on here: always PGlite; PostgreSQL when SHOPKPI_TEST_PG_URL is set. */
export const TEST_ENGINES: Engine[] = PG_TEST_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface FreshDb {
  db: Db;
  /** how to open the same database again (e.g. from a child process) */
  options: OpenDbOptions;
  /** closes (if still open) and deletes the database */
  dispose(): Promise<void>;
}

/**
 * An empty, migrated database. `persistent` asks PGlite for a temporary directory instead of memory
 * (needed when another process must open it); `scratch` migrates an empty PGlite instead of loading
 * the migrated image.
 */
export async function freshDb(
  engine: Engine,
  opts: { persistent?: boolean; scratch?: boolean } = {},
): Promise<FreshDb> {
  if (engine === 'pglite') {
    const dir = opts.persistent ? mkdtempSync(join(tmpdir(), 'shopkpi-pglite-')) : ':memory:';
    const options: OpenDbOptions = { dir };
    // In memory, start from a migrated image made once per test process (4× faster than a fresh start);
    // on disk, open for real so the folder is exactly what a user's would be.
    const db =
      dir === ':memory:'
        ? await openDb({ ...options, pgliteImage: await migratedImage() })
        : await openDb(options);
    let closed = false;
    return {
      db: withCloseFlag(db, () => {
        closed = true;
      }),
      options,
      async dispose() {
        if (!closed) await db.close();
        if (dir !== ':memory:') rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_TEST_URL) throw new Error('SHOPKPI_TEST_PG_URL is not set');
  const name = `shopkpi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const url = new URL(PG_TEST_URL);
  url.pathname = `/${name}`;
  const options: OpenDbOptions = { url: url.toString() };
  const db = await openDb(options);
  let closed = false;
  return {
    db: withCloseFlag(db, () => {
      closed = true;
    }),
    options,
    async dispose() {
      if (!closed) await db.close();
      const c = new pg.Client({ connectionString: PG_TEST_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

let image: Promise<Blob> | undefined;
function migratedImage(): Promise<Blob> {
  image ??= (async () => {
    const db = await openDb({ dir: ':memory:' });
    try {
      return await dumpPglite(db);
    } finally {
      await db.close();
    }
  })();
  return image;
}

function withCloseFlag(db: Db, onClose: () => void): Db {
  return {
    ...db,
    close: async () => {
      onClose();
      await db.close();
    },
  };
}

/**
 * Everything stored, as text, table by table in key order: two databases hold the same data exactly
 * when their snapshots are equal (numeric scale and timestamps included).
 */
export async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await companyTables(db, { all: true })) {
    const r = await db.query<{ j: string }>(`SELECT to_jsonb(t)::text AS j FROM ${table} t ORDER BY 1`);
    out[table] = r.rows.map((x) => x.j);
  }
  return out;
}

/** n order lines for `store`, deterministic: order i has lines 1–2, amounts with two decimals. */
export function sampleOrderLines(store: string, n: number, startOrder = 1): OrderLine[] {
  const out: OrderLine[] = [];
  for (let i = 0; out.length < n; i++) {
    const order = startOrder + i;
    for (let line = 1; line <= 2 && out.length < n; line++) {
      const cents = ((order * 7919 + line * 104729) % 50_000) + 100;
      const qty = (order % 3) + 1;
      const day = (order % 28) + 1;
      out.push({
        store,
        orderId: `O${String(order).padStart(10, '0')}`,
        lineNo: line,
        sku: `SKU-${order % 500}`,
        quantity: qty,
        price: (cents / 100).toFixed(2),
        amount: ((cents * qty) / 100).toFixed(2),
        ...(order % 5 === 0 ? {} : { cost: ((cents * qty * 0.6) / 100).toFixed(2) }),
        refund: order % 17 === 0 ? (cents / 100).toFixed(2) : '0.00',
        shipping: line === 1 ? '8.00' : '0.00',
        orderDate: `2026-10-${String(day).padStart(2, '0')}`,
        paidDate: `2026-10-${String(day).padStart(2, '0')}`,
        ...(order % 17 === 0 ? { refundDate: '2026-10-29' } : {}),
        status: order % 17 === 0 ? '交易关闭' : '交易成功',
      });
    }
  }
  return out;
}

/** `days` store days from 2026-10-01 for `store`. */
export function sampleStoreDays(store: string, days: number): StoreDay[] {
  return Array.from({ length: days }, (_, i) => ({
    store,
    date: `2026-10-${String(i + 1).padStart(2, '0')}`,
    paidAmount: `${10_000 + i * 123}.50`,
    refunds: `${100 + i}.00`,
    shipping: '80.00',
    orders: 100 + i,
    payingBuyers: 90 + i,
    uv: 3000 + i * 10,
    pv: 9000 + i * 30,
    onePageVisitors: 1500 + i,
    newVisitors: 2000 + i,
    returningVisitors: 1000 + i * 10,
    ...(i % 2 === 0 ? { costOfGoods: `${6000 + i}.25` } : {}),
  }));
}
