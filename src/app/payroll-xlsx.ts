/**
 * The payroll workbook (工资表) for a Chinese finance team: sheet 汇总 (one row per employee with the
 * totals) and sheet 明细 (one row per payslip line with its rule and steps). Chinese headers, amounts
 * as numbers in 0.00 format, and the year-end pool instalment in its own column flagged
 * 全年一次性奖金, because it is taxed separately from the month's pay.
 *
 * Every text cell is written as a string value with the text number format: a name or reason that
 * starts with = + - @ stays text and is never a formula (spreadsheet formula injection).
 */
import ExcelJS from 'exceljs';
import { type Dec, dec } from '../core/money.ts';
import type { Payslip } from '../core/pay/payslip.ts';
import type { PayPlan } from '../core/pay/plan.ts';

const MONEY = '0.00';
const ZERO = dec(0);

function money(d: Dec, point: number): number {
  // Amounts are exact decimals at the plan's point; the number written is the nearest binary64 of that
  // decimal string, which is what Excel itself stores for a typed 1234.56.
  return Number(d.toFixed(point));
}

/** Writes a string as text; characters that would start a formula do not make it one. */
function textCell(cell: ExcelJS.Cell, s: string): void {
  // A string value is stored as a shared string, never a formula; the text format (@) also keeps it text
  // when someone edits the cell in Excel later.
  cell.value = s;
  cell.numFmt = '@';
}

export function buildPayrollWorkbook(plan: PayPlan, payslips: readonly Payslip[]): ExcelJS.Workbook {
  const point = plan.rounding.point;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'shopkpi';
  const monthly = plan.components.filter((c) => c.type !== 'year-end-pool');
  const pools = plan.components.filter((c) => c.type === 'year-end-pool');

  const sum = wb.addWorksheet('汇总');
  // fines and rewards from the pay ledger get their own column when there are any, so that the
  // summary's columns add up to the month's total
  const hasLedger = payslips.some((p) => p.lines.some((l) => l.kind === 'ledger'));
  const head = [
    '工号',
    '姓名',
    '岗位',
    '职级',
    '部门',
    '月份',
    '方案',
    ...monthly.map((c) => c.label.zh),
    ...(hasLedger ? ['罚款/奖励（台账）'] : []),
    '追回与更正',
    '当月工资合计',
    '全年一次性奖金',
    '应发合计',
    '输入哈希',
  ];
  sum.addRow(head).font = { bold: true };
  for (const p of payslips) {
    const by = (id: string) => p.lines.filter((l) => l.id === id).reduce((a, l) => a.plus(l.amount), ZERO);
    const other = p.lines
      .filter((l) => l.kind === 'clawback' || l.kind === 'correction' || l.kind === 'adjustment')
      .reduce((a, l) => a.plus(l.amount), ZERO);
    const ledger = p.lines.filter((l) => l.kind === 'ledger').reduce((a, l) => a.plus(l.amount), ZERO);
    const yearEnd = p.lines.filter((l) => l.yearEndBonus).reduce((a, l) => a.plus(l.amount), ZERO);
    const row = sum.addRow([]);
    const texts = [p.employee, p.name, p.role, p.level, p.department, p.month, p.plan];
    texts.forEach((s, i) => {
      textCell(row.getCell(i + 1), s);
    });
    const amounts = [
      ...monthly.map((c) => by(c.id)),
      ...(hasLedger ? [ledger] : []),
      other,
      p.total.minus(yearEnd),
      yearEnd,
      p.total,
    ];
    amounts.forEach((a, i) => {
      const cell = row.getCell(texts.length + 1 + i);
      cell.value = money(a, point);
      cell.numFmt = MONEY;
    });
    textCell(row.getCell(texts.length + amounts.length + 1), p.inputsHash);
  }
  if (pools.length > 0) {
    const note = sum.addRow([]);
    textCell(note.getCell(1), '注：全年一次性奖金（年终奖池分期）单独列示，按全年一次性奖金单独计税。');
  }
  sum.columns.forEach((c, i) => {
    c.width = i < 7 ? 12 : i === head.length - 1 ? 66 : 14;
  });
  sum.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];

  const det = wb.addWorksheet('明细');
  det.addRow([
    '工号',
    '姓名',
    '月份',
    '项目编号',
    '项目',
    '类型',
    '金额',
    '全年一次性奖金',
    '更正对象',
    '计算规则',
    '计算过程',
    '输入来源',
    '方案版本',
    '输入哈希',
  ]).font = {
    bold: true,
  };
  for (const p of payslips) {
    for (const l of p.lines) {
      const row = det.addRow([]);
      const cells: (string | number)[] = [
        p.employee,
        p.name,
        p.month,
        l.id,
        l.label.zh,
        l.kind,
        money(l.amount, point),
        l.yearEndBonus ? '是（全年一次性奖金）' : '否',
        l.corrects ?? '',
        l.trace.rule.zh,
        l.trace.steps.map((s) => s.zh).join('\n'),
        l.trace.inputs.map((i) => `${i.name}=${i.value}${i.source ? `（${i.source}）` : ''}`).join('\n'),
        l.trace.version ?? p.plan,
        l.trace.inputsHash,
      ];
      cells.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        if (typeof v === 'number') {
          cell.value = v;
          cell.numFmt = MONEY;
        } else textCell(cell, v);
      });
    }
  }
  det.columns.forEach((c, i) => {
    c.width = [10, 10, 9, 14, 16, 14, 12, 18, 18, 30, 60, 50, 28, 66][i] ?? 14;
  });
  det.views = [{ state: 'frozen', ySplit: 1 }];
  return wb;
}

export async function writePayrollXlsx(
  path: string,
  plan: PayPlan,
  payslips: readonly Payslip[],
): Promise<void> {
  await buildPayrollWorkbook(plan, payslips).xlsx.writeFile(path);
}
