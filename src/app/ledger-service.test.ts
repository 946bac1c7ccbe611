/**
 * The pay ledger service on every test engine: record, void by reversal, list with visibility and totals,
 * import all-or-nothing with row/column errors, re-import changes nothing, audit rows, and the entries the
 * pay engine takes (a reversal of a paid month becomes a correction line).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../core/errors.ts';
import { computePayroll } from '../core/pay/compute-payroll.ts';
import { parsePlan } from '../core/pay/parse-plan.ts';
import { readPayInputs, tableFromRecords } from '../core/pay/pay-inputs.ts';
import { type Db, openDb } from '../db/open-db.ts';
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
  test('a changed row is refused: money is voided, not overwritten; after the void the corrected row is new', async () => {
    const db = fresh.db;
    const original = await readLedgerUpload(
      'fix-2027-01.csv',
      CSV('E1,2027-01,2027-01-05,罚款,错发,2,5,10\nE2,2027-01,2027-01-06,奖励,好评返现,1,3.5,\n'),
    );
    const first = await importLedger(db, HR, original);
    const [a, b] = first.entries.map((e) => e.id) as [number, number];
    const corrected = await readLedgerUpload(
      'fix-2027-01.csv',
      CSV('E1,2027-01,2027-01-05,罚款,错发,3,5,15\nE2,2027-01,2027-01-06,奖励,好评返现,1,3.5,\n'),
    );
    const before = await snapshot(db);
    const err = (await importLedger(db, HR, corrected).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('import_refused');
    expect(err.problems).toHaveLength(1);
    const p = err.problems[0]!;
    expect(p).toMatchObject({
      code: 'row_changed',
      where: { file: 'fix-2027-01.csv', row: 2, column: 'quantity', value: '3' },
    });
    expect(p.message).toEqual({
      zh: `第 2 行此前已导入为条目 L${a}，现在内容不同（数量 2 → 3）。台账里的钱不会被覆盖：罚款或奖励只能作废，不能改写。请先作废条目 L${a}（写明原因），再重新导入本文件：更正后的这一行记为新条目，其余未变的行不会重复记入`,
      en: `row 2 was imported before as entry L${a} and now differs (quantity 2 → 3). Money in the ledger is never overwritten: a fine or reward can only be voided, not changed. Void entry L${a} (with a reason), then import this file again: the corrected row is recorded as a new entry and the unchanged rows are not written twice`,
    });
    expect(p.fix).toEqual({
      zh: `作废条目 L${a}，再重新导入本文件`,
      en: `void entry L${a}, then import this file again`,
    });
    expect(await snapshot(db)).toEqual(before);

    // do what the error says: void, then import the same file again
    const v = await voidLedgerEntry(db, HR, a, '数量记错');
    const again = await importLedger(db, HR, corrected);
    expect(again).toMatchObject({ rows: 2, created: 1, corrected: 1, unchanged: 1 });
    const c = again.entries[0]!;
    expect([c.id, c.employee, c.sourceRow, c.amount, c.effect]).toEqual([
      v.id + 1,
      'E1',
      2,
      '15.00',
      '-15.00',
    ]);
    const audit = await listAudit(db, C, { entity: 'ledger_entry', entityId: `${c.id}-${c.id}` });
    expect(audit[0]!.after).toMatchObject({ file: 'fix-2027-01.csv', corrects: { '2': a } });

    // from now on the corrected file and the original file both change nothing (the void stands)
    const settled = await snapshot(db);
    for (const file of [corrected, original])
      expect(await importLedger(db, HR, file)).toMatchObject({ created: 0, corrected: 0, unchanged: 2 });
    expect(await snapshot(db)).toEqual(settled);
    // a further change is refused again, naming the live entry
    const third = (await importLedger(
      db,
      HR,
      await readLedgerUpload(
        'fix-2027-01.csv',
        CSV('E1,2027-01,2027-01-05,罚款,错发,3,5,15\nE2,2027-01,2027-01-07,奖励,好评返现,1,4,\n'),
      ),
    ).catch((e: unknown) => e)) as AppError;
    expect(third.problems.map((x) => [x.where.row, x.where.column, x.fix?.en.split(',')[0]])).toEqual([
      [3, 'date', `void entry L${b}`],
    ]);
    expect(third.problems[0]!.message.en).toContain(
      '(date 2027-01-06 → 2027-01-07; unit_amount 3.50 → 4.00)',
    );
    const list = await listLedger(db, HR, { month: '2027-01' });
    expect(list.totals).toEqual([
      // 10 − 10 (the void) + 15
      { employee: 'E1', employeeName: 'name E1', fines: '15.00', rewards: '0.00', net: '-15.00' },
      { employee: 'E2', employeeName: 'name E2', fines: '0.00', rewards: '3.50', net: '3.50' },
    ]);
  });
});

/**
 * Simultaneous writers: ids are the company's highest + 1, so without a lock two transactions on
 * PostgreSQL read the same highest id and one fails on the key. On PostgreSQL every writer here has its
 * own pool (separate connections, as two server processes would); PGlite has one connection and runs the
 * same code.
 */
describe.each(TEST_ENGINES)('pay ledger under simultaneous writers on %s', (engine) => {
  const R = 'race';
  const hr: Actor = { ...HR, company: R };
  let fresh: FreshDb;
  let writers: Db[] = [];
  beforeAll(async () => {
    fresh = await freshDb(engine);
    for (const code of ['E1', 'E2'])
      await fresh.db.query('INSERT INTO employee (company_id, code, name) VALUES ($1, $2, $3)', [
        R,
        code,
        `name ${code}`,
      ]);
    // 5 pools of at most 4 connections each: 20 transactions can be open at once
    writers =
      engine === 'postgres'
        ? await Promise.all(Array.from({ length: 5 }, () => openDb({ ...fresh.options, migrate: false })))
        : [fresh.db];
  }, 120_000);
  afterAll(async () => {
    for (const w of writers) if (w !== fresh?.db) await w.close();
    await fresh?.dispose();
  });
  const writer = (i: number): Db => writers[i % writers.length]!;
  const ids = async (): Promise<number[]> =>
    (
      await fresh.db.query<{ id: number }>(
        'SELECT id FROM pay_ledger_entry WHERE company_id = $1 ORDER BY id',
        [R],
      )
    ).rows.map((r) => Number(r.id));

  test('20 simultaneous records get 20 distinct ids, 20 rows and 20 audit rows', async () => {
    const rows = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordLedgerEntry(writer(i), hr, {
          employee: i % 2 ? 'E1' : 'E2',
          month: '2026-10',
          date: '2026-10-08',
          kind: 'fine',
          reason: `并发 ${i}`,
          quantity: '1',
          unitAmount: String(i + 1),
        }),
      ),
    );
    const got = rows.map((r) => r.id).sort((a, b) => a - b);
    expect(new Set(got).size).toBe(20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await ids()).toEqual(got);
    // each row holds what its own call wrote (no write landed under another's id)
    for (const [i, r] of rows.entries()) expect([r.reason, r.amount]).toEqual([`并发 ${i}`, `${i + 1}.00`]);
    expect(await listAudit(fresh.db, R, { entity: 'ledger_entry' })).toHaveLength(20);
  });

  test('the same file imported 4 times at once is written once; 5 simultaneous voids of one entry: one wins', async () => {
    const file = await readLedgerUpload(
      'race.csv',
      CSV('E1,2026-11,2026-11-03,罚款,错发,2,5,10\nE2,2026-11,2026-11-04,奖励,好评返现,1,3.5,\n'),
    );
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => importLedger(writer(i), hr, file)));
    expect(results.map((r) => r.created).sort()).toEqual([0, 0, 0, 2]);
    expect(results.map((r) => r.unchanged).sort()).toEqual([0, 2, 2, 2]);
    expect(await ids()).toHaveLength(22);

    const codes = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        voidLedgerEntry(writer(i), hr, 1, `作废 ${i}`).then(
          () => 'ok',
          (e: unknown) => (e as { code?: string }).code ?? String(e),
        ),
      ),
    );
    expect(codes.sort()).toEqual(['conflict', 'conflict', 'conflict', 'conflict', 'ok']);
    expect(await ids()).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });
});
