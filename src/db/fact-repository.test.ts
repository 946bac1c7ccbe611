import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { ensureCompany, listStores, upsertStores } from './company-repository.ts';
import { readFacts, upsertFacts } from './fact-repository.ts';
import { FACT_KINDS } from './fact-tables.ts';
import { createBatch, finishBatch, listBatches } from './import-batch-repository.ts';
import { type Db, openDb } from './open-db.ts';
import { storeDay, TABLES_IN_ORDER } from './schema.ts';
import {
  type FreshDb,
  freshDb,
  sampleOrderLines,
  sampleStoreDays,
  snapshot,
  TEST_ENGINES,
} from './testing.ts';

const CO = 'acme';

async function write<K extends Parameters<typeof upsertFacts>[2]>(
  db: Db,
  kind: K,
  records: Parameters<typeof upsertFacts<K>>[3],
) {
  return db.transaction(async (tx) => {
    const batchId = await createBatch(tx, CO, {
      fileName: 'test',
      fileSha256: '',
      preset: 'code',
      kind,
      store: 'TM01',
      rowsRead: records.length,
      importedBy: 'test',
    });
    const counts = await upsertFacts(tx, CO, kind, records, { batchId, chunkRows: 7 });
    await finishBatch(tx, CO, batchId, counts);
    return { ...counts, batchId };
  });
}

describe.each(TEST_ENGINES)('fact repository on %s', (engine) => {
  let f: FreshDb;
  beforeEach(async () => {
    f = await freshDb(engine);
    await ensureCompany(f.db, CO, 'Acme 电商');
    await upsertStores(f.db, CO, [
      {
        code: 'TM01',
        name: '天猫旗舰店',
        platform: 'tmall',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        operator: 'E001',
      },
      {
        code: 'AMZ1',
        name: 'Amazon US',
        platform: 'amazon',
        currency: 'USD',
        timeZone: 'America/Los_Angeles',
      },
    ]);
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('creates every table from scratch, and a second migration run changes nothing', async () => {
    const scratch = await freshDb(engine, { scratch: true });
    try {
      const db = scratch.db;
      const r = await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      const names = r.rows.map((x) => x.name);
      for (const t of TABLES_IN_ORDER) expect(names).toContain(t);
      const applied = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
      );
      expect(applied.rows[0]?.n).toBeGreaterThanOrEqual(1);
      // every primary key starts with the tenant column (what Citus distribution needs)
      const pk = await db.query<{ table: string; first: string }>(
        `SELECT c.conrelid::regclass::text AS table, a.attname AS first FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace`,
      );
      expect(pk.rows.length).toBeGreaterThanOrEqual(TABLES_IN_ORDER.length);
      for (const row of pk.rows) expect(row.first, row.table).toBe('company_id');
      const before = await snapshot(db);
      await db.migrate();
      expect(await snapshot(db)).toEqual(before);
      expect((await db.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows).toEqual(
        applied.rows,
      );
    } finally {
      await scratch.dispose();
    }
    expect(await listStores(f.db, CO)).toEqual([
      {
        code: 'AMZ1',
        name: 'Amazon US',
        platform: 'amazon',
        currency: 'USD',
        timeZone: 'America/Los_Angeles',
      },
      {
        code: 'TM01',
        name: '天猫旗舰店',
        platform: 'tmall',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        operator: 'E001',
      },
    ]);
  });

  it('stores and reads back every fact kind exactly', async () => {
    const lines = sampleOrderLines('TM01', 25);
    const days = sampleStoreDays('TM01', 5);
    expect(await write(f.db, 'order_line', lines)).toMatchObject({ inserted: 25, replaced: 0, unchanged: 0 });
    expect(await write(f.db, 'store_day', days)).toMatchObject({ inserted: 5 });
    await write(f.db, 'traffic_source_day', [
      {
        store: 'TM01',
        date: '2026-10-01',
        source: 'ztc',
        uv: 10,
        buyers: 1,
        paidAmount: '99.90',
        cost: '12.30',
      },
    ]);
    await write(f.db, 'ad_day', [
      {
        store: 'AMZ1',
        date: '2026-10-01',
        channel: 'sp',
        campaign: '',
        spend: '10.00',
        clicks: 5,
        impressions: 500,
        attributedSales: '123.45',
        attributedOrders: 1,
      },
    ]);
    await write(f.db, 'cs_agent_day', [
      {
        store: 'TM01',
        agent: '小美',
        date: '2026-10-01',
        inquiries: 40,
        payingInquirers: 12,
        inquiryPaidAmount: '1234.56',
        responseSeconds: 31.5,
        complaints: 0,
        disputes: 0,
        refundsHandled: 2,
        orders: 30,
      },
    ]);
    await write(f.db, 'overhead_month', [
      { month: '2026-10', category: '房租', amount: '20000.00', currency: 'CNY', store: '' },
    ]);
    await write(f.db, 'fx_rate', [{ date: '2026-10-01', currency: 'USD', quote: 'CNY', rate: '7.1234' }]);
    await write(f.db, 'competitor_snapshot', [
      { competitor: 'C1', date: '2026-10-01', values: { price: '89.00', note: '=HYPERLINK("x")' } },
    ]);
    expect(await readFacts(f.db, CO, 'order_line')).toEqual(lines);
    expect(await readFacts(f.db, CO, 'store_day', { store: 'TM01' })).toEqual(days);
    expect((await readFacts(f.db, CO, 'cs_agent_day'))[0]?.responseSeconds).toBe(31.5);
    expect((await readFacts(f.db, CO, 'competitor_snapshot'))[0]?.values.note).toBe('=HYPERLINK("x")');
    expect((await readFacts(f.db, CO, 'fx_rate'))[0]?.rate).toBe('7.1234');
    for (const kind of FACT_KINDS) expect((await readFacts(f.db, CO, kind)).length, kind).toBeGreaterThan(0);
  });

  it('writing the same records twice leaves the database identical', async () => {
    const lines = sampleOrderLines('TM01', 40);
    await write(f.db, 'order_line', lines);
    const before = await snapshot(f.db);
    const again = await write(f.db, 'order_line', lines);
    expect(again).toMatchObject({ inserted: 0, replaced: 0, unchanged: 40 });
    expect(await snapshot(f.db)).toEqual(before);
    expect(await listBatches(f.db, CO)).toHaveLength(1);
  });

  it('replaces a changed row, records the change, and adds new rows beside old ones', async () => {
    const lines = sampleOrderLines('TM01', 10);
    const first = await write(f.db, 'order_line', lines);
    const changed = lines.map((l, i) => (i === 3 ? { ...l, refund: '5.00', status: '退款中' } : l));
    const more = [...changed, ...sampleOrderLines('TM01', 4, 1000)];
    const second = await write(f.db, 'order_line', more);
    expect(second).toMatchObject({ inserted: 4, replaced: 1, unchanged: 9 });
    const stored = await readFacts(f.db, CO, 'order_line');
    expect(stored).toHaveLength(14);
    expect(stored.find((l) => l.orderId === lines[3]?.orderId && l.lineNo === lines[3]?.lineNo)).toEqual(
      changed[3],
    );
    const ch = await f.db.query<{ batch_id: string; key: unknown; old_values: unknown; new_values: unknown }>(
      'SELECT batch_id, key, old_values, new_values FROM fact_change WHERE company_id = $1',
      [CO],
    );
    expect(ch.rows).toEqual([
      {
        batch_id: second.batchId,
        key: { store: 'TM01', order_id: lines[3]?.orderId, line_no: lines[3]?.lineNo },
        old_values: { refund: Number(lines[3]?.refund), status: lines[3]?.status },
        new_values: { refund: 5, status: '退款中' },
      },
    ]);
    const rowBatch = await f.db.query<{ batch_id: string; n: number }>(
      'SELECT batch_id, count(*)::int AS n FROM order_line GROUP BY batch_id ORDER BY n',
    );
    expect(rowBatch.rows).toEqual([
      { batch_id: second.batchId, n: 5 },
      { batch_id: first.batchId, n: 9 },
    ]);
  });

  it('treats 10.5 and 10.50 as the same amount (no spurious change)', async () => {
    const days = sampleStoreDays('TM01', 2);
    await write(f.db, 'store_day', days);
    const before = await snapshot(f.db);
    const res = await write(
      f.db,
      'store_day',
      days.map((d) => ({ ...d, shipping: '80' })),
    );
    expect(res).toMatchObject({ replaced: 0, unchanged: 2 });
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('refuses duplicate keys in one batch and keeps nothing of a failed batch', async () => {
    const lines = sampleOrderLines('TM01', 6);
    await write(f.db, 'order_line', lines.slice(0, 3));
    const before = await snapshot(f.db);
    const dup = [...lines, lines[1]!];
    await expect(write(f.db, 'order_line', dup)).rejects.toSatisfy(
      (e) =>
        e instanceof AppError && e.problems[0]?.where.row === 7 && e.problems[0]?.code === 'duplicate_key',
    );
    // a value the database refuses half-way (a date that does not exist) rolls everything back
    const bad = [...sampleOrderLines('TM01', 20, 500), { ...lines[5]!, orderDate: '2026-02-30' }];
    await expect(write(f.db, 'order_line', bad)).rejects.toThrow();
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('reads the same rows through drizzle, numeric and date as strings', async () => {
    await write(f.db, 'store_day', sampleStoreDays('TM01', 3));
    const rows = await f.db.orm
      .select({ date: storeDay.date, paid: storeDay.paidAmount, uv: storeDay.uv, cost: storeDay.costOfGoods })
      .from(storeDay)
      .where(and(eq(storeDay.companyId, CO), eq(storeDay.store, 'TM01')))
      .orderBy(storeDay.date);
    expect(rows).toEqual([
      { date: '2026-10-01', paid: '10000.50', uv: 3000, cost: '6000.25' },
      { date: '2026-10-02', paid: '10123.50', uv: 3010, cost: null },
      { date: '2026-10-03', paid: '10246.50', uv: 3020, cost: '6002.25' },
    ]);
  });

  it('stores any text exactly through COPY (quotes, commas, newlines, backslashes, formulas)', async () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '"', ',', '\n', '\r', '\\', '=', '+', '-', '@', '中', ' ', '.'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ orderId: text, sku: text, status: fc.option(text, { nil: undefined }) }), {
          minLength: 1,
          maxLength: 8,
          selector: (r) => r.orderId,
        }),
        async (rows) => {
          run++;
          const store = `P${run}`;
          const lines = rows.map((r) => ({
            ...sampleOrderLines(store, 1)[0]!,
            orderId: r.orderId,
            sku: r.sku,
            ...(r.status === undefined ? {} : { status: r.status }),
          }));
          for (const l of lines) if (l.status === undefined) delete l.status;
          await write(f.db, 'order_line', lines);
          const back = await readFacts(f.db, CO, 'order_line', { store });
          const byId = (a: { orderId: string }, b: { orderId: string }) =>
            a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
          expect([...back].sort(byId)).toEqual([...lines].sort(byId));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reads a period and a set of stores', async () => {
    await write(f.db, 'store_day', [...sampleStoreDays('TM01', 10), ...sampleStoreDays('AMZ1', 10)]);
    await write(f.db, 'order_line', sampleOrderLines('TM01', 60));
    const days = await readFacts(f.db, CO, 'store_day', {
      store: ['TM01'],
      from: '2026-10-03',
      to: '2026-10-05',
    });
    expect(days.map((d) => `${d.store} ${d.date}`)).toEqual([
      'TM01 2026-10-03',
      'TM01 2026-10-04',
      'TM01 2026-10-05',
    ]);
    expect(
      await readFacts(f.db, CO, 'store_day', { store: ['TM01', 'AMZ1'], from: '2026-10-10' }),
    ).toHaveLength(2);
    const lines = await readFacts(f.db, CO, 'order_line', { from: '2026-10-28', to: '2026-10-28' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.orderDate === '2026-10-28')).toBe(true);
  });

  it('keeps companies apart', async () => {
    await ensureCompany(f.db, 'other');
    await write(f.db, 'store_day', sampleStoreDays('TM01', 3));
    expect(await readFacts(f.db, 'other', 'store_day')).toEqual([]);
    expect(await readFacts(f.db, CO, 'store_day')).toHaveLength(3);
  });
});

describe('openDb', () => {
  it('opens PGlite in memory when asked, whatever DATABASE_URL says', async () => {
    const db = await openDb({ dir: ':memory:' });
    expect(db.engine).toBe('pglite');
    expect(db.location).toBe('memory');
    const r = await db.query<{ n: string; d: string }>("SELECT 1.50::numeric AS n, '2026-10-01'::date AS d");
    expect(r.rows[0]).toEqual({ n: '1.50', d: '2026-10-01' });
    await db.close();
  });
});
