import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dec } from '../core/money.ts';
import { computePayroll } from '../core/pay/compute-payroll.ts';
import type { LedgerEntry } from '../core/pay/ledger.ts';
import { parsePlan } from '../core/pay/parse-plan.ts';
import { readPayInputs, tableFromRecords } from '../core/pay/pay-inputs.ts';
import type { PayPlan } from '../core/pay/plan.ts';
import { buildPayrollWorkbook } from './payroll-xlsx.ts';

function plan(name: string): PayPlan {
  const r = parsePlan(readFileSync(join(import.meta.dirname, `../../plans/${name}.yaml`), 'utf8'), name);
  if (!r.plan) throw new Error('invalid plan');
  return r.plan;
}

async function roundTrip(
  p: PayPlan,
  month: string,
  rows: Record<string, string>[],
  ledger: LedgerEntry[] = [],
): Promise<ExcelJS.Workbook> {
  const inputs = readPayInputs(tableFromRecords('in.csv', rows), month);
  const { payslips, problems } = computePayroll(p, inputs.employees, { month, explain: true, ledger });
  expect(problems).toEqual([]);
  const buf = await buildPayrollWorkbook(p, payslips).xlsx.writeBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  return wb;
}

describe('payroll workbook', () => {
  it('has 汇总 and 明细 with Chinese headers, 0.00 amounts, and formula-like text kept as text', async () => {
    const wb = await roundTrip(plan('gross-profit-commission'), '2026-03', [
      {
        employee: 'E1',
        name: '=1+2',
        role: 'operator',
        level: 'senior',
        month: '2026-03',
        base_salary: '2000',
        paid_amount: '100000',
        cost_of_goods: '60000',
      },
      {
        employee: 'E2',
        name: '@SUM(A1)',
        role: 'operator',
        level: 'junior',
        month: '2026-03',
        base_salary: '1500',
        adjustment: '-50',
        adjustment_reason: '-迟到扣款',
      },
    ]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getRow(1).getCell(1).value).toBe('工号');
    expect(sum.getRow(1).values).toContain('全年一次性奖金');
    const name = sum.getRow(2).getCell(2);
    expect(name.value).toBe('=1+2');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(sum.getRow(3).getCell(2).value).toBe('@SUM(A1)');
    // base, commission (40 000 × 5 % = 2 000), other, month total, year-end, total
    const amounts = [8, 9, 10, 11, 12, 13].map((c) => sum.getRow(2).getCell(c));
    expect(amounts.map((c) => c.value)).toEqual([2000, 2000, 0, 4000, 0, 4000]);
    expect(amounts.every((c) => c.numFmt === '0.00')).toBe(true);
    const det = wb.getWorksheet('明细')!;
    const adj = det.getRows(2, det.rowCount - 1)!.find((r) => r.getCell(4).value === 'adjustment')!;
    expect(adj.getCell(7).value).toBe(-50);
    expect(adj.getCell(7).numFmt).toBe('0.00');
    expect(adj.getCell(5).type).toBe(ExcelJS.ValueType.String);
  });

  it('flags the year-end pool instalment as 全年一次性奖金', async () => {
    const wb = await roundTrip(plan('year-end-pool'), '2027-01', [
      {
        employee: 'A',
        role: 'operator',
        level: 'senior',
        department: 'ops',
        month: '2027-01',
        base_salary: '0',
        kpi_grade: 'A',
        company_annual_sales: '2000000',
      },
    ]);
    const det = wb.getWorksheet('明细')!;
    expect(det.getRow(2).getCell(8).value).toBe('是（全年一次性奖金）');
    expect(det.getRow(2).getCell(7).value).toBe(10000);
    const sum = wb.getWorksheet('汇总')!;
    const header = sum.getRow(1).values as unknown[];
    const col = header.indexOf('全年一次性奖金');
    expect(sum.getRow(2).getCell(col).value).toBe(10000);
  });

  it('gives pay-ledger fines and rewards their own summary column, so the columns add up to the total', async () => {
    const entry = (id: string, kind: 'fine' | 'reward', qty: string, unit: string): LedgerEntry => ({
      id,
      employee: 'E1',
      month: '2026-03',
      date: '2026-03-05',
      kind,
      reason: kind === 'fine' ? '错发一单罚5元' : '好评返现奖励',
      quantity: dec(qty),
      unitAmount: dec(unit),
      amount: dec(qty).times(dec(unit)),
      currency: 'CNY',
      source: 'manual',
      recordedBy: 'hr',
      reverses: null,
    });
    const wb = await roundTrip(
      plan('gross-profit-commission'),
      '2026-03',
      [
        {
          employee: 'E1',
          name: '甲',
          role: 'operator',
          level: 'senior',
          month: '2026-03',
          base_salary: '2000',
          paid_amount: '100000',
          cost_of_goods: '60000',
        },
      ],
      [entry('L1', 'fine', '3', '5'), entry('L2', 'reward', '2', '10.5')],
    );
    const sum = wb.getWorksheet('汇总')!;
    const header = sum.getRow(1).values as unknown[];
    const col = header.indexOf('罚款/奖励（台账）');
    expect(col).toBeGreaterThan(0);
    // 3 × 5 fine and 2 × 10.50 reward: +6.00
    expect(sum.getRow(2).getCell(col).value).toBe(6);
    const total = sum.getRow(2).getCell(header.indexOf('应发合计')).value as number;
    const first = header.indexOf('当月工资合计');
    let parts = 0;
    for (let c = 8; c < first; c++) parts += sum.getRow(2).getCell(c).value as number;
    expect(parts).toBeCloseTo(total, 2);
    expect(total).toBe(4006);
  });
});
