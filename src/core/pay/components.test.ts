import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { TraceSink } from '../trace.ts';
import { allocateOverhead } from './overhead.ts';
import { readPayInputs, tableFromRecords } from './pay-inputs.ts';
import { computePerUnit } from './per-unit-bonus.ts';
import type { PerUnitComponent } from './plan.ts';
import { prorationFraction } from './proration.ts';
import { readScorecards } from './scorecards.ts';

describe('proration', () => {
  it('calendar days, join day counted or not', () => {
    const p = { convention: 'calendar-days', joinDayCounts: true, leaveDayCounts: true } as const;
    expect(prorationFraction(p, '2026-04', '2026-04-16', null).fraction.toString()).toBe('0.5'); // 15/30
    const notJoin = { ...p, joinDayCounts: false };
    expect(prorationFraction(notJoin, '2026-04', '2026-04-16', null).daysWorked).toBe(14);
    expect(prorationFraction(p, '2024-02', null, '2024-02-29').fraction.toString()).toBe('1'); // leap year, full month
    expect(prorationFraction(p, '2026-04', '2026-05-01', null).daysWorked).toBe(0); // joins next month
  });
  it('thirty-day month: 10 days of a 31-day month are 10/30', () => {
    const p = { convention: 'thirty-day-month', joinDayCounts: true, leaveDayCounts: true } as const;
    const sink = new TraceSink();
    const r = prorationFraction(p, '2026-03', '2026-03-22', null, sink);
    expect([r.daysWorked, r.daysInPeriod]).toEqual([10, 30]);
    expect(sink.steps[0]?.en).toContain('30-day month: 10/30');
  });
});

describe('per-unit bonus', () => {
  const c: PerUnitComponent = {
    id: 'u',
    type: 'per-unit',
    label: { zh: '', en: '' },
    except: [],
    thresholdUnits: 1000,
    amountPerUnit: dec(1),
    paysFrom: 'first-unit',
  };
  it('from the first unit once reached, or only above the threshold', () => {
    expect(computePerUnit(c, 999, null).toString()).toBe('0');
    expect(computePerUnit(c, 1000, null).toString()).toBe('1000');
    expect(computePerUnit({ ...c, paysFrom: 'above-threshold' }, 1500, null).toString()).toBe('500');
  });
});

describe('overhead allocation', () => {
  const inputs = readPayInputs(
    tableFromRecords('in.csv', [
      { employee: 'A', role: 'operator', level: 's', month: '2026-04', base_salary: '1', paid_amount: '300' },
      { employee: 'B', role: 'operator', level: 's', month: '2026-04', base_salary: '1', paid_amount: '100' },
      { employee: 'C', role: 'operator', level: 's', month: '2026-04', base_salary: '1', paid_amount: '-50' },
    ]),
  ).employees;
  const items = [{ name: 'rent', amount: dec('1000') }];
  it('by sales share adds up exactly; negative sales bear none', () => {
    const r = allocateOverhead(
      { items, allocation: 'sales-share', percent: null },
      inputs,
      'month-refunded',
      2,
      'c',
    );
    expect(['A', 'B', 'C'].map((e) => r.shares.get(e)?.share.toFixed(2))).toEqual([
      '750.00',
      '250.00',
      '0.00',
    ]);
  });
  it('by headcount splits by largest remainder; fixed percent is a fraction each', () => {
    const h = allocateOverhead(
      { items, allocation: 'headcount', percent: null },
      inputs,
      'month-refunded',
      2,
      'c',
    );
    expect(['A', 'B', 'C'].map((e) => h.shares.get(e)?.share.toFixed(2))).toEqual([
      '333.34',
      '333.33',
      '333.33',
    ]);
    const f = allocateOverhead(
      { items, allocation: 'fixed-percent', percent: dec('0.2') },
      inputs,
      'month-refunded',
      2,
      'c',
    );
    expect(f.shares.get('B')?.share.toString()).toBe('200');
  });
});

describe('inputs file', () => {
  it('accepts Chinese headers and sums an employee over stores', () => {
    const r = readPayInputs({
      file: 'x.csv',
      header: ['工号', '岗位', '职级', '月份', '月底薪', '店铺', '支付金额'],
      rows: [
        { row: 2, cells: ['E1', 'operator', 'senior', '2026-03', '2,000', 'TM', '1,000.50'] },
        { row: 3, cells: ['E1', '', '', '2026-03', '', 'JD', '-'] },
      ],
    });
    expect(r.problems).toEqual([]);
    expect(r.employees[0]?.baseSalary?.toString()).toBe('2000');
    expect(r.employees[0]?.sales.map((s) => s.paid.toString())).toEqual(['1000.5', '0']);
  });
  it('refuses unknown columns, rows that disagree, and foreign currency without a rate', () => {
    const r = readPayInputs(
      tableFromRecords('x.csv', [
        {
          employee: 'E1',
          role: 'operator',
          level: 'senior',
          month: '2026-03',
          base_salary: '2000',
          bonus: '1',
        },
      ]),
    );
    expect(r.problems[0]?.where.column).toBe('bonus');
    const d = readPayInputs(
      tableFromRecords('x.csv', [
        {
          employee: 'E1',
          role: 'operator',
          level: 'senior',
          month: '2026-03',
          base_salary: '2000',
          currency: '',
        },
        {
          employee: 'E1',
          role: 'operator',
          level: 'senior',
          month: '2026-03',
          base_salary: '2100',
          currency: 'USD',
        },
      ]),
    );
    expect(d.problems.map((p) => [p.where.row, p.where.column])).toEqual([
      [3, 'base_salary'],
      [3, 'fx_rate'],
      [3, 'fx_date'],
    ]);
    expect(d.employees).toEqual([]);
  });
});

describe('scorecards', () => {
  it('reads employee, total, grade and refuses a card without a total', () => {
    const ok = readScorecards(
      JSON.stringify([{ employee: 'E1', total: 76.75, grade: 'B', template: 'ops@1' }]),
      's.json',
    );
    expect(ok.scores.get('E1')).toMatchObject({ total: 76.75, grade: 'B' });
    const bad = readScorecards(JSON.stringify([{ employee: 'E1', total: null, grade: null }]), 's.json');
    expect(bad.problems[0]?.where.path).toBe('[0].total');
  });
});
