import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { computePayroll } from './compute-payroll.ts';
import {
  checkLedgerDraft,
  effectiveEntries,
  type LedgerEntry,
  ledgerEffect,
  readLedgerTable,
} from './ledger.ts';
import { parsePlan } from './parse-plan.ts';
import { readPayInputs, tableFromRecords } from './pay-inputs.ts';

function entry(id: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id,
    employee: 'E1',
    month: '2026-10',
    date: '2026-10-08',
    kind: 'fine',
    reason: '错发',
    quantity: dec(1),
    unitAmount: dec(5),
    amount: dec(5),
    currency: 'CNY',
    source: 'manual',
    recordedBy: 'hr',
    reverses: null,
    ...over,
  };
}

const PLAN = `
kind: pay-plan
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
    month: "2026-10"
    rows: [{ employee: E1, role: cs, level: a, month: "2026-10", base_salary: 1000 }]
    expect: { E1: { base: 1000, total: 1000 } }
`;
const plan = parsePlan(PLAN, 'p.yaml').plan!;
const inputs = readPayInputs(
  tableFromRecords('in.csv', [
    { employee: 'E1', role: 'cs', level: 'a', month: '2026-10', base_salary: '1000' },
    { employee: 'E2', role: 'cs', level: 'a', month: '2026-10', base_salary: '1000' },
  ]),
).employees;

describe('pay ledger (薪资台账)', () => {
  it('checks an entry: amount = quantity × unit amount, date in the month, reason, kind', () => {
    const ok = checkLedgerDraft(
      {
        employee: 'E1',
        month: '2026-10',
        date: '2026-10-03',
        kind: '罚款',
        reason: '错发',
        quantity: '3',
        unitAmount: '5',
        amount: '15',
      },
      {},
    );
    expect(ok.problems).toEqual([]);
    expect(ok.draft!.amount.toFixed(2)).toBe('15.00');
    expect(ok.draft!.kind).toBe('fine');
    const bad = checkLedgerDraft(
      {
        employee: 'E1',
        month: '2026-10',
        date: '2026-11-03',
        kind: 'bonus',
        reason: '',
        quantity: '0',
        unitAmount: '5.001',
        amount: '1',
      },
      { file: 'l.csv', row: 4 },
    );
    expect(bad.draft).toBeUndefined();
    expect(bad.problems.map((p) => p.where.column).sort()).toEqual([
      'date',
      'kind',
      'quantity',
      'reason',
      'unit_amount',
    ]);
    expect(bad.problems.every((p) => p.where.file === 'l.csv' && p.where.row === 4)).toBe(true);
  });

  it('reads a file all or nothing, naming row and column', () => {
    const good = readLedgerTable(
      tableFromRecords('l.csv', [
        { 工号: 'E1', 月份: '2026-10', 日期: '2026-10-08', 类型: '罚款', 原因: '错发', 数量: '2', 单价: '5' },
        {
          工号: 'E2',
          月份: '2026-10',
          日期: '2026-10-09',
          类型: '奖励',
          原因: '好评返现',
          数量: '1',
          单价: '2.50',
        },
      ]),
    );
    expect(good.problems).toEqual([]);
    expect(good.drafts.map((d) => [d.row, d.amount.toFixed(2)])).toEqual([
      [2, '10.00'],
      [3, '2.50'],
    ]);
    const bad = readLedgerTable(
      tableFromRecords('l.csv', [
        {
          employee: 'E1',
          month: '2026-10',
          date: '2026-10-08',
          kind: 'fine',
          reason: 'x',
          quantity: '2',
          unit_amount: '5',
        },
        {
          employee: 'E2',
          month: '2026-10',
          date: '2026-10-09',
          kind: 'fine',
          reason: 'x',
          quantity: 'two',
          unit_amount: '5',
        },
      ]),
    );
    expect(bad.drafts).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]!.where).toMatchObject({ file: 'l.csv', row: 3, column: 'quantity', value: 'two' });
  });

  it('a reversal in the same month cancels; a reversal of an earlier month is paid now as a correction', () => {
    const sept = entry('L1', { month: '2026-09', date: '2026-09-20' });
    const oct = entry('L2');
    const voidOct = entry('L3', { reverses: 'L2', quantity: dec(-1), amount: dec(-5) });
    const voidSept = entry('L4', { reverses: 'L1', quantity: dec(-1), amount: dec(-5) });
    const eff = effectiveEntries([sept, oct, voidOct, voidSept], '2026-10');
    expect(eff.map((x) => x.entry.id)).toEqual(['L4']);
    expect(eff[0]!.corrects?.id).toBe('L1');
    expect(ledgerEffect(voidSept).toFixed(2)).toBe('5.00');

    const r = computePayroll(plan, inputs, {
      month: '2026-10',
      explain: true,
      ledger: [sept, oct, voidOct, voidSept],
    });
    expect(r.problems).toEqual([]);
    const e1 = r.payslips.find((p) => p.employee === 'E1')!;
    const line = e1.lines.find((l) => l.id === 'ledger')!;
    expect(line.amount.toFixed(2)).toBe('5.00');
    expect(line.corrects).toBe('ledger L1 (2026-09)');
    expect(line.trace.steps.map((s) => s.en).join(' ')).toContain('reverses ledger entry L1 of 2026-09');
    expect(e1.total.toFixed(2)).toBe('1005.00');
  });

  it('fines are negative lines and rewards positive, each with its reason and source; hash changes', () => {
    const without = computePayroll(plan, inputs, { month: '2026-10', explain: false });
    const r = computePayroll(plan, inputs, {
      month: '2026-10',
      explain: true,
      ledger: [
        entry('L1', { quantity: dec(2), amount: dec(10), source: 'import l.csv row 2' }),
        entry('L2', {
          employee: 'E2',
          kind: 'reward',
          reason: '好评返现',
          unitAmount: dec('2.5'),
          amount: dec('2.5'),
        }),
      ],
    });
    const [e1, e2] = r.payslips;
    expect(e1!.lines.map((l) => [l.id, l.kind, l.amount.toFixed(2)])).toEqual([
      ['base', 'base', '1000.00'],
      ['ledger', 'ledger', '-10.00'],
    ]);
    expect(e1!.lines[1]!.label.zh).toBe('罚款：错发');
    expect(e1!.lines[1]!.trace.inputs[0]).toEqual({
      name: 'ledger_entry',
      value: 'L1',
      source: 'import l.csv row 2',
    });
    expect(e2!.total.toFixed(2)).toBe('1002.50');
    expect(e1!.inputsHash).not.toBe(without.payslips[0]!.inputsHash);
  });

  it('refuses an entry for someone not in the inputs: no payslip at all', () => {
    const r = computePayroll(plan, inputs, {
      month: '2026-10',
      explain: false,
      ledger: [entry('L1', { employee: 'X9' })],
    });
    expect(r.payslips).toEqual([]);
    expect(r.problems[0]!.message.en).toContain('X9');
  });

  it('property: the ledger lines add up exactly to Σ rewards − Σ fines of the month', () => {
    const arb = fc.array(
      fc.record({
        kind: fc.constantFrom('fine' as const, 'reward' as const),
        q: fc.integer({ min: 1, max: 50 }),
        cents: fc.integer({ min: 1, max: 100_000 }),
        emp: fc.constantFrom('E1', 'E2'),
        voided: fc.boolean(),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (xs) => {
        const entries: LedgerEntry[] = [];
        let want = dec(0);
        xs.forEach((x, i) => {
          const unit = dec(x.cents).div(100);
          const amount = unit.times(x.q);
          const e = entry(`L${i}`, {
            kind: x.kind,
            employee: x.emp,
            quantity: dec(x.q),
            unitAmount: unit,
            amount,
          });
          entries.push(e);
          if (x.voided)
            entries.push(
              entry(`V${i}`, {
                ...e,
                id: `V${i}`,
                reverses: e.id,
                quantity: dec(-x.q),
                amount: amount.negated(),
              }),
            );
          else want = want.plus(x.kind === 'fine' ? amount.negated() : amount);
        });
        const r = computePayroll(plan, inputs, { month: '2026-10', explain: false, ledger: entries });
        const got = r.payslips
          .flatMap((p) => p.lines)
          .filter((l) => l.kind === 'ledger')
          .reduce((a, l) => a.plus(l.amount), dec(0));
        expect(got.eq(want)).toBe(true);
        const totals = r.payslips.reduce((a, p) => a.plus(p.total), dec(0));
        expect(totals.eq(want.plus(2000))).toBe(true);
      }),
    );
  });
});
