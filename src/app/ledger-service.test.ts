/**
 * The pay ledger service on every test engine: record, void by reversal, list with visibility and totals,
 * import all-or-nothing with row/column errors, re-import changes nothing, audit rows, and the entries the
 * pay engine takes (a reversal of a paid month becomes a correction line).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computePayroll } from '../core/pay/compute-payroll.ts';
import { parsePlan } from '../core/pay/parse-plan.ts';
import { readPayInputs, tableFromRecords } from '../core/pay/pay-inputs.ts';
import { type FreshDb, freshDb, snapshot, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { listAudit } from './audit-service.ts';
import {
  importLedger,
  ledgerEntriesForPay,
  listLedger,
  readLedgerUpload,
  recordLedgerEntry,
  voidLedgerEntry,
} from './ledger-service.ts';

const C = 'acme';
const actor = (role: Actor['role'], employee: string | null, login: string = role): Actor => ({
  company: C,
  userId: `u-${login}`,
  login,
  name: login,
  role,
  employee,
});
const HR = actor('hr', 'H1');
const SUP = actor('supervisor', 'S1', 'sup');
const EMP = actor('employee', 'E1', 'e1');

const CSV = (rows: string) => new TextEncoder().encode(`工号,月份,日期,类型,原因,数量,单价,金额\n${rows}`);

describe.each(TEST_ENGINES)('pay ledger service on %s', (engine) => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshDb(engine);
    for (const [code, sup] of [
      ['H1', null],
      ['S1', null],
      ['E1', 'S1'],
      ['E2', 'S1'],
      ['E3', null],
    ] as const)
      await fresh.db.query(
        'INSERT INTO employee (company_id, code, name, supervisor) VALUES ($1, $2, $3, $4)',
        [C, code, `name ${code}`, sup],
      );
  }, 120_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('record, list with totals, void by a reversing entry; every change audited', async () => {
    const db = fresh.db;
    const fine = await recordLedgerEntry(db, HR, {
      employee: 'E1',
      month: '2026-10',
      date: '2026-10-08',
      kind: 'fine',
      reason: '错发',
      quantity: '3',
      unitAmount: '5',
    });
    expect(fine).toMatchObject({
      id: 1,
      amount: '15.00',
      effect: '-15.00',
      source: 'manual',
      recordedBy: 'hr (H1)',
    });
    await recordLedgerEntry(db, HR, {
      employee: 'E3',
      month: '2026-10',
      date: '2026-10-09',
      kind: 'reward',
      reason: '好评返现奖励',
      quantity: '4',
      unitAmount: '2.5',
    });
    await expect(
      recordLedgerEntry(db, EMP, {
        employee: 'E1',
        month: '2026-10',
        date: '2026-10-08',
        kind: 'reward',
        reason: 'x',
        quantity: '1',
        unitAmount: '1',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      recordLedgerEntry(db, HR, {
        employee: 'NOPE',
        month: '2026-10',
        date: '2026-10-08',
        kind: 'fine',
        reason: 'x',
        quantity: '1',
        unitAmount: '1',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    const all = await listLedger(db, HR, { month: '2026-10' });
    expect(all.entries.map((e) => e.id)).toEqual([1, 2]);
    expect(all.totals).toEqual([
      { employee: 'E1', employeeName: 'name E1', fines: '15.00', rewards: '0.00', net: '-15.00' },
      { employee: 'E3', employeeName: 'name E3', fines: '0.00', rewards: '10.00', net: '10.00' },
    ]);
    // a supervisor sees their reports, an employee themself
    expect((await listLedger(db, SUP, { month: '2026-10' })).entries.map((e) => e.employee)).toEqual(['E1']);
    expect((await listLedger(db, actor('employee', 'E3', 'e3'), {})).entries.map((e) => e.employee)).toEqual([
      'E3',
    ]);
    expect((await listLedger(db, actor('employee', 'E2', 'e2'), {})).entries).toEqual([]);

    const v = await voidLedgerEntry(db, HR, 1, '记错人了');
    expect(v).toMatchObject({
      id: 3,
      reverses: 1,
      amount: '-15.00',
      effect: '15.00',
      quantity: '-3',
      note: '记错人了',
    });
    const after = await listLedger(db, HR, { month: '2026-10', employee: 'E1' });
    expect(after.entries.find((e) => e.id === 1)!.voidedBy).toBe(3);
    expect(after.totals[0]!.net).toBe('0.00');
    await expect(voidLedgerEntry(db, HR, 1, 'again')).rejects.toMatchObject({ code: 'conflict' });
    await expect(voidLedgerEntry(db, HR, 3, 'void a void')).rejects.toMatchObject({ code: 'conflict' });
    await expect(voidLedgerEntry(db, HR, 99, 'x')).rejects.toMatchObject({ code: 'not_found' });

    const audit = await listAudit(db, C, { entity: 'ledger_entry' });
    expect(audit.map((a) => a.action).sort()).toEqual(['record', 'record', 'void']);
    const voided = audit.find((a) => a.action === 'void')!;
    expect(voided.why).toBe('记错人了');
    expect((voided.before as { amount: string }).amount).toBe('15.00');
  });

  test('import: all rows or none with row and column; re-import changes nothing; a changed row is refused', async () => {
    const db = fresh.db;
    const good = await readLedgerUpload(
      'ledger-2026-11.csv',
      CSV('E1,2026-11,2026-11-03,罚款,错发,2,5,10\nE2,2026-11,2026-11-04,奖励,好评返现,1,3.5,\n'),
    );
    const first = await importLedger(db, HR, good);
    expect(first).toMatchObject({ rows: 2, created: 2, unchanged: 0 });
    expect(first.entries.map((e) => [e.sourceFile, e.sourceRow, e.effect])).toEqual([
      ['ledger-2026-11.csv', 2, '-10.00'],
      ['ledger-2026-11.csv', 3, '3.50'],
    ]);
    const before = await snapshot(db);
    const again = await importLedger(db, HR, good);
    expect(again).toMatchObject({ created: 0, unchanged: 2 });
    expect(await snapshot(db)).toEqual(before);

    const bad = await readLedgerUpload(
      'bad.csv',
      CSV(
        'E1,2026-11,2026-11-03,罚款,错发,2,5,11\nX9,2026-11,2026-11-04,奖励,好评返现,1,3.5,\nE2,2026-11,2026-12-01,奖金,,0,1,\n',
      ),
    );
    const err = await importLedger(db, HR, bad).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'import_refused' });
    const where = (err as { problems: { where: { row?: number; column?: string } }[] }).problems.map(
      (p) => `${p.where.row}:${p.where.column}`,
    );
    expect(where).toEqual(['2:amount', '4:date', '4:kind', '4:reason', '4:quantity']);
    // the unknown employee is reported once the cells are right
    const unknown = await importLedger(
      db,
      HR,
      await readLedgerUpload('u.csv', CSV('X9,2026-11,2026-11-04,奖励,好评返现,1,3.5,\n')),
    ).catch((e: unknown) => e);
    expect(
      (unknown as { problems: { where: { row: number; column: string } }[] }).problems[0]!.where,
    ).toMatchObject({
      row: 2,
      column: 'employee',
    });
    const changed = await importLedger(
      db,
      HR,
      await readLedgerUpload(
        'ledger-2026-11.csv',
        CSV('E1,2026-11,2026-11-03,罚款,错发,3,5,15\nE2,2026-11,2026-11-04,奖励,好评返现,1,3.5,\n'),
      ),
    ).catch((e: unknown) => e);
    expect((changed as { problems: { code: string }[] }).problems.map((p) => p.code)).toEqual([
      'row_changed',
    ]);
    expect(await snapshot(db)).toEqual(before);
    await expect(importLedger(db, SUP, good)).rejects.toMatchObject({ code: 'forbidden' });
  });

  test('the pay engine takes the month’s entries; a reversal of a paid month is a correction line', async () => {
    const db = fresh.db;
    // entry 4 (E1, 2026-11, fine 10) is voided in December, after November was paid
    const rev = await voidLedgerEntry(db, HR, 4, '申诉成立', '2026-12');
    expect(rev.month).toBe('2026-12');
    const nov = await ledgerEntriesForPay(db, C, '2026-11');
    expect(nov.map((e) => [e.id, e.employee, e.amount.toString()])).toEqual([
      ['L4', 'E1', '10'],
      ['L5', 'E2', '3.5'],
    ]);
    expect(nov[0]!.source).toBe('ledger L4 (import ledger-2026-11.csv row 2)');
    const dec = await ledgerEntriesForPay(db, C, '2026-12');
    expect(dec.map((e) => [e.id, e.month, e.reverses])).toEqual([
      ['L4', '2026-11', null],
      [`L${rev.id}`, '2026-12', 'L4'],
    ]);
    const plan = parsePlan(
      `kind: pay-plan
id: p
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
    month: "2026-12"
    rows: [{ employee: E1, role: cs, level: a, month: "2026-12", base_salary: 1000 }]
    expect: { E1: { base: 1000, total: 1000 } }
`,
      'p.yaml',
    ).plan!;
    const inputs = readPayInputs(
      tableFromRecords('in.csv', [
        { employee: 'E1', role: 'cs', level: 'a', month: '2026-12', base_salary: '1000' },
      ]),
    ).employees;
    const r = computePayroll(plan, inputs, { month: '2026-12', explain: true, ledger: dec });
    expect(r.problems).toEqual([]);
    const line = r.payslips[0]!.lines.find((l) => l.kind === 'ledger')!;
    expect(line.amount.toFixed(2)).toBe('10.00');
    expect(line.corrects).toBe('ledger L4 (2026-11)');
    expect(r.payslips[0]!.total.toFixed(2)).toBe('1010.00');
  });
});
