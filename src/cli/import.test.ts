/**
 * The import, backup and restore commands end to end on a PGlite folder: what a user types.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOrdersCsv } from '../app/testing/orders-csv.ts';
import { openDb } from '../db/open-db.ts';
import { snapshot } from '../db/testing.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import type { Io } from './command.ts';
import { importCommand } from './import.ts';

function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

let dir: string;
const saved = { url: process.env.DATABASE_URL, data: process.env.SHOPKPI_DATA_DIR };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopkpi-cli-'));
  delete process.env.DATABASE_URL;
  process.env.SHOPKPI_DATA_DIR = join(dir, 'pglite');
});
afterAll(() => {
  if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
  if (saved.data === undefined) delete process.env.SHOPKPI_DATA_DIR;
  else process.env.SHOPKPI_DATA_DIR = saved.data;
  rmSync(dir, { recursive: true, force: true });
});

describe('shopkpi import / backup / restore', () => {
  it('imports any other export through a generic mapping file, and refuses a broken mapping', async () => {
    const fixtures = join(import.meta.dirname, '../../test/fixtures');
    const io = capture();
    const code = await importCommand.run(
      [
        join(fixtures, 'erp-daily.csv'),
        '--store',
        'ERP1',
        '--company',
        'map',
        '--create',
        'other,CNY,Asia/Shanghai',
        '--mapping',
        join(fixtures, 'erp-daily.mapping.yaml'),
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toMatch(/preset erp-daily → store_day/);
    expect(io.out()).toMatch(/inserted\s+2/);
    const broken = join(dir, 'broken.mapping.yaml');
    writeFileSync(broken, 'kind: nothing\n');
    await expect(
      importCommand.run(
        [join(fixtures, 'erp-daily.csv'), '--store', 'ERP1', '--company', 'map', '--mapping', broken],
        capture(),
      ),
    ).rejects.toThrow(/mapping file/);
  });

  it('imports with a summary, refuses bad rows, and round-trips through a backup', async () => {
    const good = join(dir, 'orders.csv');
    await writeOrdersCsv(good, 120);
    const io = capture();
    const code = await importCommand.run(
      [good, '--store', 'TM01', '--company', 'acme', '--create', 'tmall,CNY,Asia/Shanghai'],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toMatch(/rows read\s+120/);
    expect(io.out()).toMatch(/inserted\s+120/);
    expect(io.err()).toContain('writing');

    const bad = join(dir, 'bad.csv');
    await writeOrdersCsv(bad, 10, { start: 500, badAmountAt: new Map([[4, '¥12.3.4']]) });
    const io2 = capture();
    expect(await importCommand.run([bad, '--store', 'TM01', '--company', 'acme'], io2)).toBe(1);
    expect(io2.out()).toMatch(/refused\s+1/);
    expect(io2.out()).toContain('bad.csv, row 6, column 买家实际支付金额 (value "¥12.3.4")');

    const file = join(dir, 'acme.jsonl');
    const io3 = capture();
    expect(await backupCommand.run(['--out', file, '--company', 'acme'], io3)).toBe(0);
    expect(io3.out()).toContain('backed up company acme');
    let db = await openDb();
    const before = await snapshot(db);
    await db.query("DELETE FROM order_line WHERE company_id = 'acme'");
    await db.close();
    expect(await restoreCommand.run([file], capture())).toBe(0);
    db = await openDb();
    expect(await snapshot(db)).toEqual(before);
    await db.close();
  });

  it('says how to call it', async () => {
    const io = capture();
    expect(await importCommand.run(['only-a-file.csv'], io)).toBe(2);
    expect(io.err()).toContain('usage');
  });
});
