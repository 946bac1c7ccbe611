/**
 * Pay inputs (薪资计算输入): the rows of the inputs file → one record per employee for the month.
 *
 * One row per employee and store (sales source). Employee fields (name, role, level, base salary …)
 * are repeated on each of the employee's rows or left empty after the first; if two rows disagree that
 * is an error. Sales fields add up over the rows after each row's conversion to CNY at its own recorded
 * rate. The columns are documented in docs/pay-plans.md and listed in {@link INPUT_COLUMNS}.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec } from '../money.ts';
import { t } from '../text.ts';

export interface InputColumn {
  name: string;
  zh: string;
  /** employee: same on every row of the employee; line: per row (adds up or lists). */
  scope: 'employee' | 'line';
  type: 'text' | 'amount' | 'count' | 'date' | 'month' | 'rate' | 'score';
  required: boolean;
}

/** The columns of the inputs file, in the order the documentation lists them. */
export const INPUT_COLUMNS: readonly InputColumn[] = [
  { name: 'employee', zh: '工号', scope: 'employee', type: 'text', required: true },
  { name: 'name', zh: '姓名', scope: 'employee', type: 'text', required: false },
  { name: 'role', zh: '岗位', scope: 'employee', type: 'text', required: true },
  { name: 'level', zh: '职级', scope: 'employee', type: 'text', required: true },
  { name: 'department', zh: '部门', scope: 'employee', type: 'text', required: false },
  { name: 'month', zh: '月份', scope: 'employee', type: 'month', required: true },
  { name: 'join_date', zh: '入职日期', scope: 'employee', type: 'date', required: false },
  { name: 'leave_date', zh: '离职日期', scope: 'employee', type: 'date', required: false },
  { name: 'base_salary', zh: '月底薪', scope: 'employee', type: 'amount', required: false },
  { name: 'kpi_score', zh: '考核得分', scope: 'employee', type: 'score', required: false },
  { name: 'kpi_grade', zh: '考核等级', scope: 'employee', type: 'text', required: false },
  { name: 'carry_in', zh: '上月结转亏损', scope: 'employee', type: 'amount', required: false },
  { name: 'credited_before', zh: '年内已计提成基数', scope: 'employee', type: 'amount', required: false },
  { name: 'company_annual_sales', zh: '公司年度销售额', scope: 'employee', type: 'amount', required: false },
  { name: 'store', zh: '店铺', scope: 'line', type: 'text', required: false },
  { name: 'currency', zh: '币种', scope: 'line', type: 'text', required: false },
  { name: 'fx_rate', zh: '汇率', scope: 'line', type: 'rate', required: false },
  { name: 'fx_date', zh: '汇率日期', scope: 'line', type: 'date', required: false },
  { name: 'paid_amount', zh: '支付金额', scope: 'line', type: 'amount', required: false },
  { name: 'refunds', zh: '当月退款', scope: 'line', type: 'amount', required: false },
  { name: 'shipping', zh: '运费', scope: 'line', type: 'amount', required: false },
  { name: 'cost_of_goods', zh: '商品成本', scope: 'line', type: 'amount', required: false },
  { name: 'platform_fees', zh: '平台扣点', scope: 'line', type: 'amount', required: false },
  { name: 'ad_spend', zh: '推广费用', scope: 'line', type: 'amount', required: false },
  { name: 'units_sold', zh: '销售件数', scope: 'line', type: 'count', required: false },
  { name: 'late_refund', zh: '跨月退款', scope: 'line', type: 'amount', required: false },
  { name: 'late_refund_month', zh: '原订单月份', scope: 'line', type: 'month', required: false },
  { name: 'late_refund_rate', zh: '原提成比例', scope: 'line', type: 'rate', required: false },
  { name: 'adjustment', zh: '调整金额', scope: 'line', type: 'amount', required: false },
  { name: 'adjustment_reason', zh: '调整原因', scope: 'line', type: 'text', required: false },
  { name: 'adjustment_corrects', zh: '更正对象', scope: 'line', type: 'text', required: false },
];

const COLUMN_BY_NAME = new Map(INPUT_COLUMNS.map((c) => [c.name, c]));
/** Chinese headers are accepted too (the zh column above), so a finance team can keep its own sheet. */
const COLUMN_BY_ZH = new Map(INPUT_COLUMNS.map((c) => [c.zh, c.name]));

export interface SalesLine {
  row: number;
  store: string;
  currency: string;
  /** CNY per unit of `currency`; 1 for CNY. */
  fxRate: Dec;
  fxDate: string | null;
  paid: Dec;
  refunds: Dec;
  shipping: Dec;
  costOfGoods: Dec;
  platformFees: Dec;
  adSpend: Dec;
  units: number;
}

export interface LateRefund {
  row: number;
  /** In the line's currency. */
  amount: Dec;
  currency: string;
  fxRate: Dec;
  fxDate: string | null;
  originalMonth: string;
  /** The effective commission rate paid in the original month (on its payslip). */
  originalRate: Dec;
}

export interface Adjustment {
  row: number;
  amount: Dec;
  reason: string;
  /** What the line corrects, e.g. "2026-09 commission"; '' for a plain adjustment. */
  corrects: string;
}

export interface EmployeeMonth {
  file: string;
  rows: number[];
  employee: string;
  name: string;
  role: string;
  level: string;
  department: string;
  month: string;
  joinDate: string | null;
  leaveDate: string | null;
  /** The full month's base; null when the file has none (a plan with a base component then refuses). */
  baseSalary: Dec | null;
  kpiScore: number | null;
  kpiGrade: string | null;
  carryIn: Dec | null;
  creditedBefore: Dec | null;
  companyAnnualSales: Dec | null;
  sales: SalesLine[];
  lateRefunds: LateRefund[];
  adjustments: Adjustment[];
  /**
   * Figures from `metric:<name>` columns (e.g. `metric:inquiry_conversion`), for rank prizes; employee
   * scope, with the row they were read from.
   */
  metrics: Record<string, { value: Dec; row: number }>;
  /**
   * Each of the employee's rows as canonical JSON (columns sorted, cells as written), for the payslip's
   * input hash: equal to `canonicalJson({ column: cell, … })`, built once here because hashing 10 000
   * payslips must not re-sort keys per row.
   */
  canonicalRows: string[];
}

export interface InputTable {
  file: string;
  header: string[];
  rows: { row: number; cells: string[] }[];
}

export interface ReadInputsResult {
  employees: EmployeeMonth[];
  problems: Problem[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Decimals are immutable: empty cells share one zero instead of allocating 10 000s of them. */
const ZERO = dec(0);
const ONE = dec(1);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
/** A figure for rank prizes: `metric:inquiry_conversion` or `指标:inquiry_conversion`. */
const METRIC_HEADER = /^(?:metric|指标)\s*[:：]\s*([A-Za-z][A-Za-z0-9_]*)$/;

function blank(s: string): boolean {
  const v = s.trim();
  return v === '' || v === '-' || v === '--' || v === '—';
}

/**
 * Reads the inputs table. `month`, when given, keeps only rows of that month; without it all rows
 * must be of one month.
 */
export function readPayInputs(table: InputTable, month?: string): ReadInputsResult {
  const problems: Problem[] = [];
  const file = table.file;
  const err = (
    row: number | undefined,
    column: string | undefined,
    value: string | undefined,
    zh: string,
    en: string,
  ) =>
    problems.push({
      severity: 'error',
      code: 'bad_input',
      message: t(zh, en),
      where: {
        file,
        ...(row === undefined ? {} : { row }),
        ...(column ? { column } : {}),
        ...(value === undefined ? {} : { value }),
      },
    });

  const index = new Map<string, number>();
  /** metric name → column index, from `metric:<name>` (or `指标:<name>`) headers. */
  const metricColumns = new Map<string, number>();
  table.header.forEach((h, i) => {
    const key = h.trim();
    if (key === '') return; // an empty header cell (a trailing column in a spreadsheet) holds nothing
    const metric = METRIC_HEADER.exec(key);
    if (metric) {
      const name = metric[1]!;
      if (metricColumns.has(name))
        err(undefined, key, key, `列 "${key}" 出现两次`, `column "${key}" appears twice`);
      metricColumns.set(name, i);
      return;
    }
    const name = COLUMN_BY_NAME.has(key) ? key : COLUMN_BY_ZH.get(key);
    if (!name) {
      err(
        undefined,
        key,
        key,
        `未知列 "${key}"（列名见 docs/pay-plans.md）`,
        `unknown column "${key}" (see docs/pay-plans.md)`,
      );
      return;
    }
    if (index.has(name)) err(undefined, key, key, `列 "${name}" 出现两次`, `column "${name}" appears twice`);
    index.set(name, i);
  });
  for (const c of INPUT_COLUMNS) {
    if (c.required && !index.has(c.name))
      err(
        undefined,
        c.name,
        undefined,
        `缺少必需列 ${c.name}（${c.zh}）`,
        `missing required column ${c.name} (${c.zh})`,
      );
  }
  if (problems.length > 0) return { employees: [], problems };

  const cell = (cells: string[], name: string): string => {
    const i = index.get(name);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const amount = (row: number, name: string, raw: string): Dec | null => {
    if (blank(raw)) return null;
    // Plain numbers (the usual case) skip the clean-up of thousands separators and currency signs.
    const s = NUMBER.test(raw) ? raw : raw.replace(/[,，\s¥￥$]/g, '');
    if (!NUMBER.test(s)) {
      err(row, name, raw, `不是金额`, `not an amount`);
      return null;
    }
    return dec(s);
  };

  /** The employee-scope columns this file has (the others need not be looked at on every row). */
  const employeeColumns = INPUT_COLUMNS.filter(
    (c) => c.scope === 'employee' && c.name !== 'employee' && c.name !== 'month' && index.has(c.name),
  );
  // metric columns are inputs too: they go into the payslip's input hash under their header name
  const sortedColumns = [
    ...index.entries(),
    ...[...metricColumns].map(([n, i]): [string, number] => [`metric:${n}`, i]),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const months = new Set<string>();
  const byEmployee = new Map<string, EmployeeMonth>();
  const order: EmployeeMonth[] = [];
  /** Employee-scope values already seen per employee, to catch rows that disagree. */
  const seenBy = new Map<string, Map<string, string>>();
  for (const { row, cells } of table.rows) {
    const m = cell(cells, 'month');
    if (!MONTH.test(m)) {
      err(row, 'month', m, '月份应为 YYYY-MM', 'month must be YYYY-MM');
      continue;
    }
    if (month && m !== month) continue;
    months.add(m);
    const employee = cell(cells, 'employee');
    if (!employee) {
      err(row, 'employee', '', '工号为空', 'employee is empty');
      continue;
    }
    let canonical = '{';
    for (let k = 0; k < sortedColumns.length; k++) {
      const [name, i] = sortedColumns[k]!;
      canonical += `${k ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify((cells[i] ?? '').trim())}`;
    }
    canonical += '}';

    // Employee-scope fields: the first non-empty value wins; a different value later is an error.
    let rec = byEmployee.get(employee);
    if (!rec) {
      rec = {
        file,
        rows: [],
        employee,
        name: '',
        role: '',
        level: '',
        department: '',
        month: m,
        joinDate: null,
        leaveDate: null,
        baseSalary: null,
        kpiScore: null,
        kpiGrade: null,
        carryIn: null,
        creditedBefore: null,
        companyAnnualSales: null,
        sales: [],
        lateRefunds: [],
        adjustments: [],
        metrics: {},
        canonicalRows: [],
      };
      byEmployee.set(employee, rec);
      order.push(rec);
    }
    rec.rows.push(row);
    rec.canonicalRows.push(canonical);
    let seen = seenBy.get(employee);
    if (!seen) {
      seen = new Map<string, string>();
      seenBy.set(employee, seen);
    }
    for (const c of employeeColumns) {
      const v = cell(cells, c.name);
      if (blank(v)) continue;
      const prev = seen.get(c.name);
      if (prev !== undefined) {
        if (prev !== v)
          err(
            row,
            c.name,
            v,
            `与同一员工前面的行不一致（${prev}）`,
            `differs from an earlier row of the same employee (${prev})`,
          );
        continue;
      }
      seen.set(c.name, v);
      switch (c.name) {
        case 'name':
          rec.name = v;
          break;
        case 'role':
          rec.role = v;
          break;
        case 'level':
          rec.level = v;
          break;
        case 'department':
          rec.department = v;
          break;
        case 'join_date':
        case 'leave_date': {
          const d = DATE.exec(v);
          if (!d) err(row, c.name, v, '日期应为 YYYY-MM-DD', 'date must be YYYY-MM-DD');
          else if (c.name === 'join_date') rec.joinDate = v;
          else rec.leaveDate = v;
          break;
        }
        case 'base_salary':
          rec.baseSalary = amount(row, c.name, v);
          break;
        case 'kpi_score': {
          const s = Number(v.replace(/,/g, ''));
          if (!Number.isFinite(s)) err(row, c.name, v, '不是分数', 'not a score');
          else rec.kpiScore = s;
          break;
        }
        case 'kpi_grade':
          rec.kpiGrade = v;
          break;
        case 'carry_in':
          rec.carryIn = amount(row, c.name, v);
          if (rec.carryIn?.isPositive())
            err(row, c.name, v, '结转亏损应为 0 或负数', 'carry_in must be zero or negative');
          break;
        case 'credited_before':
          rec.creditedBefore = amount(row, c.name, v);
          break;
        case 'company_annual_sales':
          rec.companyAnnualSales = amount(row, c.name, v);
          break;
      }
    }
    for (const [name, i] of metricColumns) {
      const v = (cells[i] ?? '').trim();
      if (blank(v)) continue;
      const percent = v.endsWith('%');
      const s = (percent ? v.slice(0, -1) : v).replace(/[,，\s]/g, '');
      if (!NUMBER.test(s)) {
        err(row, `metric:${name}`, v, '不是数字', 'not a number');
        continue;
      }
      const value = percent ? dec(s).div(100) : dec(s);
      const prev = rec.metrics[name];
      if (prev && !prev.value.eq(value))
        err(
          row,
          `metric:${name}`,
          v,
          `与同一员工前面的行不一致（${prev.value}）`,
          `differs from an earlier row of the same employee (${prev.value})`,
        );
      else if (!prev) rec.metrics[name] = { value, row };
    }
    for (const req of ['role', 'level'] as const) {
      if (!seen.has(req))
        err(row, req, '', `员工 ${employee} 的 ${req} 为空`, `${req} is empty for employee ${employee}`);
    }

    // Line-scope fields.
    const currency = cell(cells, 'currency').toUpperCase() || 'CNY';
    const fxRaw = cell(cells, 'fx_rate');
    const fxDateRaw = cell(cells, 'fx_date');
    let fxRate = ONE;
    if (currency !== 'CNY') {
      const r = amount(row, 'fx_rate', fxRaw);
      if (!r?.isPositive())
        err(
          row,
          'fx_rate',
          fxRaw,
          `币种 ${currency} 需要汇率（1 ${currency} = ? CNY）`,
          `currency ${currency} needs fx_rate (CNY per 1 ${currency})`,
        );
      else fxRate = r;
      if (!DATE.test(fxDateRaw))
        err(
          row,
          'fx_date',
          fxDateRaw,
          '外币行需要汇率日期 YYYY-MM-DD',
          'a foreign-currency row needs fx_date YYYY-MM-DD',
        );
    }
    const a = (name: string) => amount(row, name, cell(cells, name)) ?? ZERO;
    const unitsRaw = cell(cells, 'units_sold');
    let units = 0;
    if (!blank(unitsRaw)) {
      const u = Number(unitsRaw.replace(/,/g, ''));
      if (!Number.isInteger(u) || u < 0)
        err(row, 'units_sold', unitsRaw, '件数应为非负整数', 'units_sold must be a whole number ≥ 0');
      else units = u;
    }
    const fxDate = DATE.test(fxDateRaw) ? fxDateRaw : null;
    rec.sales.push({
      row,
      store: cell(cells, 'store'),
      currency,
      fxRate,
      fxDate,
      paid: a('paid_amount'),
      refunds: a('refunds'),
      shipping: a('shipping'),
      costOfGoods: a('cost_of_goods'),
      platformFees: a('platform_fees'),
      adSpend: a('ad_spend'),
      units,
    });
    const late = amount(row, 'late_refund', cell(cells, 'late_refund'));
    if (late && !late.isZero()) {
      const lm = cell(cells, 'late_refund_month');
      const lr = amount(row, 'late_refund_rate', cell(cells, 'late_refund_rate'));
      if (!MONTH.test(lm) || lm >= m)
        err(
          row,
          'late_refund_month',
          lm,
          '跨月退款需要更早的原订单月份 YYYY-MM',
          'a late refund needs its earlier original month YYYY-MM',
        );
      if (!lr)
        err(
          row,
          'late_refund_rate',
          cell(cells, 'late_refund_rate'),
          '跨月退款需要原提成比例（原工资条上的有效比例）',
          'a late refund needs the original effective rate (from the original payslip)',
        );
      if (late.isNegative())
        err(row, 'late_refund', late.toString(), '退款金额应为正数', 'a refund amount must be positive');
      rec.lateRefunds.push({
        row,
        amount: late,
        currency,
        fxRate,
        fxDate,
        originalMonth: lm,
        originalRate: lr ?? dec(0),
      });
    }
    const adj = amount(row, 'adjustment', cell(cells, 'adjustment'));
    if (adj && !adj.isZero()) {
      const reason = cell(cells, 'adjustment_reason');
      if (!reason) err(row, 'adjustment_reason', '', '调整必须写明原因', 'an adjustment needs a reason');
      rec.adjustments.push({ row, amount: adj, reason, corrects: cell(cells, 'adjustment_corrects') });
    }
  }
  if (!month && months.size > 1) {
    err(
      undefined,
      'month',
      [...months].join(', '),
      '文件含多个月份，请用 --month 选择一个',
      'the file holds several months: choose one with --month',
    );
  }
  if (month && months.size === 0 && table.rows.length > 0) {
    err(undefined, 'month', month, `文件中没有 ${month} 的行`, `the file has no rows for ${month}`);
  }
  return { employees: problems.some((p) => p.severity === 'error') ? [] : order, problems };
}

/** Builds an input table from example rows written in a plan (column → value objects). */
export function tableFromRecords(file: string, records: readonly Record<string, string>[]): InputTable {
  const header: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  return {
    file,
    header,
    rows: records.map((r, i) => ({ row: i + 2, cells: header.map((h) => r[h] ?? '') })),
  };
}
