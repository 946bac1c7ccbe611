import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreDay } from '../core/metrics/facts.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import { ensureCompany, upsertStores } from '../db/company-repository.ts';
import { upsertFacts } from '../db/fact-repository.ts';
import { createBatch } from '../db/import-batch-repository.ts';
import { type Db, openDb } from '../db/open-db.ts';
import { actualsFromDb } from './actuals-from-db.ts';

const day = (date: string, paid: string, uv: number): StoreDay => ({
  store: 'TM01',
  date,
  paidAmount: paid,
  refunds: '0',
  shipping: '0',
  orders: 10,
  payingBuyers: 10,
  uv,
  pv: uv * 3,
  onePageVisitors: 10,
  newVisitors: uv - 10,
  returningVisitors: 10,
});

describe('actuals straight from the database', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ dir: ':memory:' });
    await ensureCompany(db, 'c1');
    await upsertStores(db, 'c1', [
      {
        code: 'TM01',
        name: 'TM01',
        platform: 'tmall',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        operator: 'E9',
      },
    ]);
    const batchId = await createBatch(db, 'c1', {
      fileName: 't',
      fileSha256: '',
      preset: 't',
      kind: 'store_day',
      store: 'TM01',
      rowsRead: 3,
      importedBy: 't',
    });
    await upsertFacts(
      db,
      'c1',
      'store_day',
      [day('2026-09-30', '500.00', 50), day('2026-10-01', '1000.50', 100), day('2026-10-02', '999.50', 120)],
      { batchId },
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives each operator the month’s figures over their stores, with the source', async () => {
    const tpl = parseTemplate(
      readFileSync(new URL('../../templates/store-operator.yaml', import.meta.url), 'utf8'),
    ).template!;
    const people = await actualsFromDb(db, 'c1', tpl, '2026-10');
    expect(people.map((p) => p.employee)).toEqual(['E9']);
    const e9 = people[0]!;
    expect(e9.actuals.revenue).toBe(2000); // 1000.50 + 999.50, the September day left out
    expect(e9.actuals.traffic).toBe(220); // visitor-days of the month
    expect(e9.sources?.revenue).toContain('2026-10');
  });

  it('reads the previous month for 环比 indicators', async () => {
    const tpl = parseTemplate(
      readFileSync(new URL('../../templates/live-streaming.yaml', import.meta.url), 'utf8'),
    ).template!;
    const [e9] = await actualsFromDb(db, 'c1', tpl, '2026-10');
    expect(e9!.actuals.paid_amount).toBe(2000);
    expect(e9!.history?.previous?.paid_amount).toBe(500);
  });
});
