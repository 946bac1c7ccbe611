import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../app/actor.ts';
import { recordLedgerEntry, voidLedgerEntry } from '../app/ledger-service.ts';
import { AppError } from '../core/errors.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import { payCommand } from './pay.ts';

const PLANS = join(import.meta.dirname, '../../plans');
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-pay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
  };
}

const CSV = `employee,name,role,level,month,join_date,base_salary,store,currency,fx_rate,fx_date,paid_amount,refunds,shipping,cost_of_goods,platform_fees
E1,张三,operator,senior,2026-03,,2000,TM01,,,,200000,5000,3000,120000,10000
E2,李四,operator,junior,2026-03,2026-03-16,2000,TM01,,,,50000,0,1000,30000,2000
E2,,,,2026-03,,,AMZ-US,USD,7.1,2026-03-31,3000,100,0,1500,450
`;

describe('shopkpi pay', () => {
  const inputs = join(dir, 'inputs.csv');
  writeFileSync(inputs, CSV);
  const plan = join(PLANS, 'gross-profit-commission.yaml');

  it('prints a table of payslips with totals', async () => {
    const c = io();
    expect(await payCommand.run(['--plan', plan, '--inputs', inputs], c.io)).toBe(0);
    const text = c.out.join('');
    expect(text).toMatch(/E1\s+张三\s+2000\.00\s+3460\.00\s+—\s+5460\.00/);
    expect(text).toMatch(/E2\s+李四\s+1032\.26\s+1187\.25\s+—\s+2219\.51/);
  });

  it('--json carries lines, traces and the inputs hash; --csv has one row per employee', async () => {
    const j = io();
    await payCommand.run(['--plan', plan, '--inputs', inputs, '--json'], j.io);
    const doc = JSON.parse(j.out.join('')) as {
      payslips: { total: string; inputsHash: string; lines: { trace: { version: string } }[] }[];
    };
    expect(doc.payslips.map((p) => p.total)).toEqual(['5460.00', '2219.51']);
    expect(doc.payslips[0]!.lines[1]!.trace.version).toBe('gross-profit-commission@2026.1');
    expect(doc.payslips[0]!.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const c = io();
    await payCommand.run(['--plan', plan, '--inputs', inputs, '--csv', '--lang', 'en'], c.io);
    expect(c.out.join('').trim().split('\n')).toHaveLength(3);
  });

  it('--explain shows the steps, --xlsx writes the workbook', async () => {
    const c = io();
    const xlsx = join(dir, 'out.xlsx');
    await payCommand.run(
      ['--plan', plan, '--inputs', inputs, '--explain', '--lang', 'en', '--xlsx', xlsx],
      c.io,
    );
    expect(c.out.join('')).toContain('(3000 − 100 − 0) USD × rate 7.1 (2026-03-31) = CNY 20590');
    expect(existsSync(xlsx)).toBe(true);
  });

  it('refuses bad input whole, naming file, row, column and value', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, CSV.replace('200000', '20O000'));
    const c = io();
    const err = await payCommand.run(['--plan', plan, '--inputs', bad], c.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems[0]?.where).toMatchObject({
      file: 'bad.csv',
      row: 2,
      column: 'paid_amount',
      value: '20O000',
    });
    expect(c.out).toEqual([]);
  });

  it('refuses a plan whose examples fail', async () => {
    const { readFileSync } = await import('node:fs');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(plan, 'utf8').replace('commission: 3460.00', 'commission: 3000.00'));
    const err = await payCommand
      .run(['--plan', broken, '--inputs', inputs], io().io)
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('invalid_plan');
  });

  it('reads scorecards from shopkpi score --json', async () => {
    const scores = join(dir, 'scores.json');
    writeFileSync(
      scores,
      JSON.stringify([
        { employee: 'E1', name: '张三', total: 96.5, grade: 'S', template: 'ops@1', indicators: [] },
      ]),
    );
    const rows = join(dir, 'pp.csv');
    writeFileSync(rows, 'employee,role,level,month,base_salary\nE1,operator,senior,2026-06,4000\n');
    const c = io();
    await payCommand.run(
      ['--plan', join(PLANS, 'pure-performance.yaml'), '--inputs', rows, '--scores', scores, '--csv'],
      c.io,
    );
    expect(c.out.join('')).toContain('E1,,4000.00,4500.00,—,8500.00');
  });
});

describe('shopkpi pay --ledger and rank prizes', () => {
  const EX = join(import.meta.dirname, '../../examples');
  const plan = join(PLANS, 'cs-rank-prize.yaml');
  const inputs = join(EX, 'cs-rank-inputs-2026-10.csv');

  it('pays the rank prize and the ledger file’s fines and rewards as lines', async () => {
    const c = io();
    expect(
      await payCommand.run(
        ['--plan', plan, '--inputs', inputs, '--ledger', join(EX, 'pay-ledger-2026-10.csv')],
        c.io,
      ),
    ).toBe(0);
    const text = c.out.join('');
    expect(text).toContain('罚款/奖励');
    expect(text).toMatch(/A1\s+王芳\s+2000\.00\s+500\.00\s+-10\.00\s+—\s+2490\.00/);
    expect(text).toMatch(/A6\s+赵丽\s+1800\.00\s+50\.00\s+—\s+—\s+1850\.00/);
    expect(text).toMatch(/A8\s+周静\s+2000\.00\s+0\.00\s+-20\.00\s+—\s+1980\.00/);
    const j = io();
    await payCommand.run(
      ['--plan', plan, '--inputs', inputs, '--ledger', join(EX, 'pay-ledger-2026-10.csv'), '--json'],
      j.io,
    );
    const doc = JSON.parse(j.out.join('')) as {
      payslips: {
        employee: string;
        lines: { id: string; amount: string; trace: { inputs: { source: string }[] } }[];
      }[];
    };
    const line = doc.payslips[0]!.lines.find((l) => l.id === 'ledger')!;
    expect(line.amount).toBe('-10.00');
    expect(line.trace.inputs[0]!.source).toBe('pay-ledger-2026-10.csv row 2');
  });

  it('refuses a bad ledger file whole, naming row and column', async () => {
    const bad = join(dir, 'bad-ledger.csv');
    writeFileSync(
      bad,
      'employee,month,date,kind,reason,quantity,unit_amount\nA1,2026-10,2026-10-08,fine,错发,2,five\n',
    );
    const err = await payCommand
      .run(['--plan', plan, '--inputs', inputs, '--ledger', bad], io().io)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems[0]!.where).toMatchObject({
      row: 2,
      column: 'unit_amount',
      value: 'five',
    });
  });
});

/**
 * `--ledger-db`: the month's entries of the pay ledger in the database (PGlite folder or PostgreSQL, as
 * `openDb` finds it from DATABASE_URL / SHOPKPI_DATA_DIR), seeded through the ledger service.
 */
describe.each(TEST_ENGINES)('shopkpi pay --ledger-db on %s', (engine) => {
  const BASE_PLAN = `kind: pay-plan
id: base-only
version: "1"
name: { zh: 底薪, en: base }
effective_from: "2026-01-01"
effective_to: null
assign: [{ role: cs, level: null }]
rounding: { mode: half-up, point: 2, at: line }
proration: { convention: calendar-days, join_day_counts: true, leave_day_counts: true }
refunds: month-refunded
fx: { pay_currency: CNY, rate_date: month-end }
components:
  - { id: base, type: base, label: { zh: 底薪, en: base }, except: [] }
examples:
  - name: x
    month: "2026-10"
    rows: [{ employee: E1, role: cs, level: a, month: "2026-10", base_salary: 1000 }]
    expect: { E1: { base: 1000, total: 1000 } }
`;
  const planFile = join(dir, `base-only-${engine}.yaml`);
  const inputsFile = join(dir, `ledger-db-inputs-${engine}.csv`);
  const hr: Actor = { company: 'acme', userId: 'u-hr', login: 'hr', name: 'hr', role: 'hr', employee: null };
  const saved = { url: process.env.DATABASE_URL, data: process.env.SHOPKPI_DATA_DIR };
  let fresh: FreshDb;
  beforeAll(async () => {
    writeFileSync(planFile, BASE_PLAN);
    writeFileSync(
      inputsFile,
      'employee,name,role,level,month,base_salary\nE1,张三,cs,a,2026-10,3000\nE2,李四,cs,a,2026-10,2500\n',
    );
    // a folder, not memory: the command opens the database itself
    fresh = await freshDb(engine, { persistent: true });
    const db = fresh.db;
    for (const [company, code] of [
      ['acme', 'E1'],
      ['acme', 'E2'],
      ['other', 'E1'],
    ])
      await db.query('INSERT INTO employee (company_id, code, name) VALUES ($1, $2, $3)', [
        company,
        code,
        code,
      ]);
    const entry = (employee: string, month: string, kind: string, reason: string, q: string, u: string) => ({
      employee,
      month,
      date: `${month}-08`,
      kind,
      reason,
      quantity: q,
      unitAmount: u,
    });
    // L1: October fine 3 × 5 = 15 → −15.00
    await recordLedgerEntry(db, hr, entry('E1', '2026-10', 'fine', '错发', '3', '5'));
    // L2 + L3: an October reward 4 × 2.5 voided in October → the pair cancels, nothing paid
    await recordLedgerEntry(db, hr, entry('E2', '2026-10', 'reward', '好评返现', '4', '2.5'));
    await voidLedgerEntry(db, hr, 2, '重复记录');
    // L4 + L5: a September fine 50 (September paid) voided in October → +50.00 correction line in October
    await recordLedgerEntry(db, hr, entry('E1', '2026-09', 'fine', '迟到', '1', '50'));
    await voidLedgerEntry(db, hr, 4, '申诉成立', '2026-10');
    // not paid in October: another month, another company
    await recordLedgerEntry(db, hr, entry('E2', '2026-11', 'fine', '错发', '1', '7'));
    await recordLedgerEntry(
      db,
      { ...hr, company: 'other' },
      entry('E1', '2026-10', 'fine', '错发', '1', '100'),
    );
    await db.close();
    if (engine === 'postgres') process.env.DATABASE_URL = fresh.options.url;
    else {
      delete process.env.DATABASE_URL;
      process.env.SHOPKPI_DATA_DIR = fresh.options.dir;
    }
  }, 120_000);
  afterAll(async () => {
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.data === undefined) delete process.env.SHOPKPI_DATA_DIR;
    else process.env.SHOPKPI_DATA_DIR = saved.data;
    await fresh?.dispose();
  });

  it('pays the month’s fines, voided rewards cancel, a void of a paid month corrects; totals by hand', async () => {
    const args = ['--plan', planFile, '--inputs', inputsFile, '--ledger-db', '--company', 'acme'];
    const c = io();
    expect(await payCommand.run([...args, '--csv'], c.io)).toBe(0);
    // E1: 3000 − 15 (L1) + 50 (L5 voids September's L4) = 3035; E2: the reward and its void cancel
    expect(c.out.join('').trim().split(/\r?\n/)).toEqual([
      '员工,姓名,底薪,罚款/奖励,追回/更正,合计',
      'E1,张三,3000.00,35.00,—,3035.00',
      'E2,李四,2500.00,—,—,2500.00',
    ]);

    const j = io();
    expect(await payCommand.run([...args, '--json'], j.io)).toBe(0);
    const doc = JSON.parse(j.out.join('')) as {
      payslips: {
        employee: string;
        total: string;
        lines: {
          id: string;
          label: { zh: string; en: string };
          amount: string;
          corrects: string | null;
          trace: { inputs: { name: string; value: string; source?: string }[] };
        }[];
      }[];
    };
    const [e1, e2] = doc.payslips;
    expect(e1!.lines.map((l) => [l.id, l.label.zh, l.amount, l.corrects])).toEqual([
      ['base', '底薪', '3000.00', null],
      ['ledger', '罚款：错发', '-15.00', null],
      ['ledger', '冲销罚款：迟到', '50.00', 'ledger L4 (2026-09)'],
    ]);
    expect(e1!.lines[1]!.trace.inputs[0]).toMatchObject({
      name: 'ledger_entry',
      value: 'L1',
      source: 'ledger L1 (manual)',
    });
    expect(e1!.lines[2]!.trace.inputs[0]).toMatchObject({ value: 'L5', source: 'ledger L5 (manual)' });
    expect(e1!.total).toBe('3035.00');
    expect(e2!.lines.map((l) => [l.id, l.amount])).toEqual([['base', '2500.00']]);
    expect(e2!.total).toBe('2500.00');

    // a company without entries: the plain table, no fines/rewards column
    const none = io();
    await payCommand.run(
      ['--plan', planFile, '--inputs', inputsFile, '--ledger-db', '--company', 'nobody', '--csv'],
      none.io,
    );
    expect(none.out.join('').trim().split(/\r?\n/)).toEqual([
      '员工,姓名,底薪,追回/更正,合计',
      'E1,张三,3000.00,—,3000.00',
      'E2,李四,2500.00,—,2500.00',
    ]);
  }, 60_000);
});
