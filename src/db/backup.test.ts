import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { backupCompany, restoreCompany } from './backup.ts';
import { ensureCompany, upsertCompetitors, upsertStores } from './company-repository.ts';
import { upsertFacts } from './fact-repository.ts';
import type { FactKind, FactRecordOf } from './fact-tables.ts';
import { createBatch, finishBatch } from './import-batch-repository.ts';
import type { Db } from './open-db.ts';
import {
  type FreshDb,
  freshDb,
  sampleOrderLines,
  sampleStoreDays,
  snapshot,
  TEST_ENGINES,
} from './testing.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopkpi-backup-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function write<K extends FactKind>(db: Db, co: string, kind: K, records: FactRecordOf[K][]) {
  await db.transaction(async (tx) => {
    const batchId = await createBatch(tx, co, {
      fileName: 'f.csv',
      fileSha256: 'ab'.repeat(32),
      preset: 'code',
      kind,
      store: 'TM01',
      rowsRead: records.length,
      importedBy: 'tester',
    });
    await finishBatch(tx, co, batchId, await upsertFacts(tx, co, kind, records, { batchId }));
  });
}

async function fill(db: Db, co: string) {
  await ensureCompany(db, co, `${co} 公司`);
  await upsertStores(db, co, [
    { code: 'TM01', name: '天猫店, "旗舰"', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai' },
  ]);
  await upsertCompetitors(db, co, [
    { code: 'C1', name: '对手', platform: 'tmall', store: 'TM01', tier: 'bigger' },
  ]);
  await write(db, co, 'order_line', sampleOrderLines('TM01', 30));
  // a second import that replaces rows, so fact_change has content; amounts with trailing zeros
  await write(
    db,
    co,
    'order_line',
    sampleOrderLines('TM01', 30).map((l, i) => (i < 3 ? { ...l, amount: '1000.10', cost: '0.000' } : l)),
  );
  await write(db, co, 'store_day', sampleStoreDays('TM01', 4));
  await write(db, co, 'fx_rate', [{ date: '2026-10-01', currency: 'USD', quote: 'CNY', rate: '7.123400' }]);
  await write(db, co, 'competitor_snapshot', [
    { competitor: 'C1', date: '2026-10-01', values: { price: '89.00', '@note': '=1+1' } },
  ]);
}

describe.each(TEST_ENGINES)('backup and restore on %s', (engine) => {
  let f: FreshDb;
  beforeEach(async () => {
    f = await freshDb(engine);
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('round-trips a company exactly and leaves other companies alone', async () => {
    await fill(f.db, 'acme');
    await fill(f.db, 'other');
    const file = join(dir, `acme-${engine}.jsonl`);
    const before = await snapshot(f.db);
    const s = await backupCompany(f.db, 'acme', file);
    expect(s.byTable.order_line).toBe(30);
    expect(s.byTable.fact_change).toBe(3);
    expect(readFileSync(file, 'utf8')).toContain('"amount": 1000.10');

    // damage the company's data, then restore
    await f.db.query("DELETE FROM order_line WHERE company_id = 'acme' AND line_no = 1");
    await f.db.query("UPDATE store_day SET paid_amount = 0 WHERE company_id = 'acme'");
    await f.db.query("UPDATE store SET name = 'x' WHERE company_id = 'acme'");
    const r = await restoreCompany(f.db, file);
    expect(r.rows).toBe(s.rows);
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('restores into an empty database, digit for digit', async () => {
    await fill(f.db, 'acme');
    const file = join(dir, `copy-${engine}.jsonl`);
    await backupCompany(f.db, 'acme', file);
    const before = await snapshot(f.db);
    const g = await freshDb(engine);
    try {
      await restoreCompany(g.db, file);
      expect(await snapshot(g.db)).toEqual(before);
    } finally {
      await g.dispose();
    }
  });

  it('restores a backup written before a column was added: the column takes its default', async () => {
    await fill(f.db, 'acme');
    await f.db.query("UPDATE company SET time_zone = 'Europe/Berlin' WHERE company_id = 'acme'");
    const file = join(dir, `old-${engine}.jsonl`);
    await backupCompany(f.db, 'acme', file);
    // as an older version wrote it: no "active" on stores, no "time_zone" on the company
    const old = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => {
        const noActive = l.replace(/, "active": (true|false)/, '');
        return l.startsWith('{"t":"company"') ? noActive.replace(/, "time_zone": "[^"]*"/, '') : noActive;
      })
      .join('\n');
    expect(old).not.toContain('"active"');
    expect(old).not.toContain('Europe/Berlin');
    const oldFile = join(dir, `old-stripped-${engine}.jsonl`);
    writeFileSync(oldFile, old);
    await restoreCompany(f.db, oldFile);
    const stores = await f.db.query<{ active: boolean }>(
      "SELECT active FROM store WHERE company_id = 'acme'",
    );
    expect(stores.rows.length).toBeGreaterThan(0);
    expect(stores.rows.every((r) => r.active === true)).toBe(true);
    const co = await f.db.query<{ time_zone: string }>(
      "SELECT time_zone FROM company WHERE company_id = 'acme'",
    );
    expect(co.rows[0]?.time_zone).toBe('Asia/Shanghai');
  });

  it('refuses a truncated or foreign file and changes nothing', async () => {
    await fill(f.db, 'acme');
    const file = join(dir, `t-${engine}.jsonl`);
    await backupCompany(f.db, 'acme', file);
    const before = await snapshot(f.db);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const truncated = join(dir, `truncated-${engine}.jsonl`);
    writeFileSync(truncated, `${lines.slice(0, -5).join('\n')}\n`);
    await expect(restoreCompany(f.db, truncated)).rejects.toBeInstanceOf(AppError);
    const foreign = join(dir, `foreign-${engine}.jsonl`);
    writeFileSync(
      foreign,
      `${lines.map((l, i) => (i === 3 ? l.replace('"acme"', '"other"') : l)).join('\n')}\n`,
    );
    await expect(restoreCompany(f.db, foreign)).rejects.toBeInstanceOf(AppError);
    const notBackup = join(dir, `nb-${engine}.jsonl`);
    writeFileSync(notBackup, 'a,b\n1,2\n');
    await expect(restoreCompany(f.db, notBackup)).rejects.toBeInstanceOf(AppError);
    expect(await snapshot(f.db)).toEqual(before);
  });
});
