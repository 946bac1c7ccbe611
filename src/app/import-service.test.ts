import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { ensureCompany, upsertStores } from '../db/company-repository.ts';
import { readFacts } from '../db/fact-repository.ts';
import { listBatches } from '../db/import-batch-repository.ts';
import { type FreshDb, freshDb, snapshot, TEST_ENGINES } from '../db/testing.ts';
import { importFile } from './import-service.ts';
import { ORDERS_HEADER, orderRow, writeOrdersCsv } from './testing/orders-csv.ts';

const CO = 'acme';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopkpi-import-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(TEST_ENGINES)('importFile on %s', (engine) => {
  let f: FreshDb;
  beforeEach(async () => {
    f = await freshDb(engine);
    await ensureCompany(f.db, CO);
    await upsertStores(f.db, CO, [
      { code: 'TM01', name: '天猫旗舰店', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai' },
    ]);
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('imports a file, and importing it again leaves the database identical', async () => {
    const file = join(dir, `orders-${engine}.csv`);
    await writeOrdersCsv(file, 500);
    const phases = new Set<string>();
    const first = await importFile(f.db, CO, file, { store: 'TM01', onProgress: (p) => phases.add(p.phase) });
    expect(first).toMatchObject({
      preset: 'taobao-orders',
      kind: 'order_line',
      rowsRead: 500,
      inserted: 500,
      replaced: 0,
      unchanged: 0,
      refused: 0,
    });
    expect([...phases]).toEqual(['read', 'check', 'write', 'done']);
    const after = await snapshot(f.db);
    expect(after.order_line).toHaveLength(500);
    const batches = await listBatches(f.db, CO);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      fileName: `orders-${engine}.csv`,
      preset: 'taobao-orders',
      inserted: 500,
    });
    expect(batches[0]?.fileSha256).toMatch(/^[0-9a-f]{64}$/);

    const second = await importFile(f.db, CO, file, { store: 'TM01' });
    expect(second).toMatchObject({ inserted: 0, replaced: 0, unchanged: 500, refused: 0 });
    expect(second.batchId).toBeUndefined();
    expect(await snapshot(f.db)).toEqual(after);
  });

  it('refuses a file with one bad row, lists it, and stores nothing', async () => {
    const good = join(dir, `good-${engine}.csv`);
    await writeOrdersCsv(good, 50);
    await importFile(f.db, CO, good, { store: 'TM01' });
    const before = await snapshot(f.db);

    const bad = join(dir, `bad-${engine}.csv`);
    await writeOrdersCsv(bad, 200, { start: 1000, badAmountAt: new Map([[137, '12,34x']]) });
    const s = await importFile(f.db, CO, bad, { store: 'TM01' });
    expect(s).toMatchObject({ rowsRead: 200, inserted: 0, replaced: 0, unchanged: 0, refused: 1 });
    expect(s.problems).toHaveLength(1);
    // row 139: the header is row 1 and data row 137 (0-based) is the 138th data row
    expect(s.problems[0]?.where).toEqual({
      file: `bad-${engine}.csv`,
      row: 139,
      column: '买家实际支付金额',
      value: '12,34x',
    });
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('lists every bad row, not only the first', async () => {
    const bad = join(dir, `bad2-${engine}.csv`);
    await writeOrdersCsv(bad, 30, {
      badAmountAt: new Map([
        [2, 'abc'],
        [20, '1.2.3'],
      ]),
    });
    const s = await importFile(f.db, CO, bad, { store: 'TM01' });
    expect(s.refused).toBe(2);
    expect(s.problems.map((p) => p.where.row)).toEqual([4, 22]);
    expect(await readFacts(f.db, CO, 'order_line')).toEqual([]);
  });

  it('replaces a corrected row and records the change', async () => {
    const file = join(dir, `orig-${engine}.csv`);
    await writeOrdersCsv(file, 20);
    await importFile(f.db, CO, file, { store: 'TM01' });
    const fixed = join(dir, `fixed-${engine}.csv`);
    await writeOrdersCsv(fixed, 20, { bumpCentsAt: new Map([[5, 100]]) });
    const s = await importFile(f.db, CO, fixed, { store: 'TM01' });
    expect(s).toMatchObject({ inserted: 0, replaced: 1, unchanged: 19 });
    const ch = await f.db.query<{
      kind: string;
      old_values: Record<string, number>;
      new_values: Record<string, number>;
    }>('SELECT kind, old_values, new_values FROM fact_change');
    expect(ch.rows).toHaveLength(1);
    expect(ch.rows[0]?.kind).toBe('order_line');
    expect(Object.keys(ch.rows[0]?.new_values ?? {}).sort()).toEqual(['amount', 'price']);
    expect((ch.rows[0]?.new_values.amount ?? 0) - (ch.rows[0]?.old_values.amount ?? 0)).toBeCloseTo(1, 9);
  });

  it('refuses a file that lists one order twice, on a first import and on a re-import', async () => {
    // the one-pass import keeps no keys: the primary key (first import) or the merge's check finds the
    // repeat, and the file is mapped again to name both rows
    const dup = join(dir, `dup-${engine}.csv`);
    const lines = Array.from({ length: 30 }, (_, i) => orderRow(i));
    lines.push(orderRow(3));
    writeFileSync(dup, `${ORDERS_HEADER.join(',')}\n${lines.join('\n')}\n`);
    for (const round of ['first', 'again']) {
      const before = await snapshot(f.db);
      const s = await importFile(f.db, CO, dup, { store: 'TM01' });
      expect(s, round).toMatchObject({ rowsRead: 31, inserted: 0, refused: 1 });
      expect(s.problems.map((p) => [p.code, p.where.row])).toEqual([['duplicate_row', 32]]);
      expect(await snapshot(f.db)).toEqual(before);
      // the second round meets stored rows of the store: the merge path
      await writeOrdersCsv(join(dir, `seed-${engine}.csv`), 5);
      await importFile(f.db, CO, join(dir, `seed-${engine}.csv`), { store: 'TM01' });
    }
  });

  it('refuses a bad row found after the rows before it were sent, and lists every bad row', async () => {
    const bad = join(dir, `late-${engine}.csv`);
    await writeOrdersCsv(bad, 12_000, {
      badAmountAt: new Map([
        [11_000, 'x'],
        [11_990, '1.2.3'],
      ]),
    });
    const s = await importFile(f.db, CO, bad, { store: 'TM01' });
    expect(s).toMatchObject({ rowsRead: 12_000, inserted: 0, refused: 2 });
    expect(s.problems.map((p) => p.where.row)).toEqual([11_002, 11_992]);
    expect(await readFacts(f.db, CO, 'order_line')).toEqual([]);
    expect(await listBatches(f.db, CO)).toEqual([]);
  });

  it('refuses an unknown store and an unknown preset before reading anything', async () => {
    const file = join(dir, `x-${engine}.csv`);
    writeFileSync(file, '日期,访客数\n2026-10-01,1\n');
    await expect(importFile(f.db, CO, file, { store: 'NOPE' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'not_found',
    );
    await expect(importFile(f.db, CO, file, { store: 'TM01', preset: 'nope' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'invalid_input',
    );
    await expect(importFile(f.db, CO, file, { store: 'TM01' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'import_refused',
    );
    await expect(importFile(f.db, CO, join(dir, 'missing.csv'), { store: 'TM01' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'not_found' && e.problems[0]?.code === 'unreadable_file',
    );
  });
});
