/**
 * The pay ledger (薪资台账): per-incident money fines and rewards ("错发一单罚5元", "好评返现奖励5元").
 * They are money, not appraisal points, so they become lines of the payslip, never points of a form.
 *
 * An entry is never edited: a mistake is voided by a later **reversing entry** (the same kind, quantity
 * and amount negated, naming the entry it reverses), and a correction is a void plus a new entry. An
 * entry's effect on pay is −amount for a fine and +amount for a reward, so a reversal cancels exactly.
 *
 * @example fine, 3 × 5.00 "错发" → amount 15.00, pay line −15.00; its reversal → amount −15.00, line +15.00.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec } from '../money.ts';
import { type Text, t } from '../text.ts';
import type { InputTable } from './pay-inputs.ts';

export const LEDGER_KINDS = ['fine', 'reward'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /** Stable id: the database id ("L17") or, from a file, "ledger.csv row 3". */
  id: string;
  employee: string;
  /** Pay month YYYY-MM the entry is paid in. */
  month: string;
  /** Date of the incident YYYY-MM-DD. */
  date: string;
  kind: LedgerKind;
  reason: string;
  quantity: Dec;
  unitAmount: Dec;
  /** quantity × unit amount, to the cent; negative for a reversing entry. */
  amount: Dec;
  currency: 'CNY';
  /** "manual", or "import ledger.csv row 3". */
  source: string;
  recordedBy: string;
  /** The id of the entry this one reverses (a void), else null. */
  reverses: string | null;
}

/** Effect on pay: fines take money off, rewards add it. */
export function ledgerEffect(e: Pick<LedgerEntry, 'kind' | 'amount'>): Dec {
  return e.kind === 'fine' ? e.amount.negated() : e.amount;
}

export const KIND_TEXT: Record<LedgerKind, Text> = {
  fine: t('罚款', 'fine'),
  reward: t('奖励', 'reward'),
};

/**
 * The entries that pay in `month`, after voids: an entry and its reversal in the same month cancel and
 * neither is paid; a reversal of an entry of an earlier month is paid now as a correction that names it
 * (the earlier month is closed and stays as it was).
 */
export function effectiveEntries(
  entries: readonly LedgerEntry[],
  month: string,
): { entry: LedgerEntry; corrects: LedgerEntry | null }[] {
  const inMonth = entries.filter((e) => e.month === month);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const reversedHere = new Set(inMonth.filter((e) => e.reverses !== null).map((e) => e.reverses!));
  const out: { entry: LedgerEntry; corrects: LedgerEntry | null }[] = [];
  for (const e of inMonth) {
    if (reversedHere.has(e.id)) continue;
    if (e.reverses !== null) {
      const original = byId.get(e.reverses);
      if (original && original.month === month) continue;
      out.push({ entry: e, corrects: original ?? null });
      continue;
    }
    out.push({ entry: e, corrects: null });
  }
  return out;
}

/** The columns of a ledger file (CSV/XLSX); Chinese headers accepted. */
export const LEDGER_COLUMNS = [
  { name: 'employee', zh: '工号', required: true },
  { name: 'month', zh: '月份', required: true },
  { name: 'date', zh: '日期', required: true },
  { name: 'kind', zh: '类型', required: true },
  { name: 'reason', zh: '原因', required: true },
  { name: 'quantity', zh: '数量', required: true },
  { name: 'unit_amount', zh: '单价', required: true },
  { name: 'amount', zh: '金额', required: false },
  { name: 'currency', zh: '币种', required: false },
] as const;

const KIND_WORDS: Record<string, LedgerKind> = {
  fine: 'fine',
  罚款: 'fine',
  罚: 'fine',
  扣款: 'fine',
  reward: 'reward',
  奖励: 'reward',
  奖: 'reward',
  返现: 'reward',
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export interface LedgerDraft {
  row: number;
  employee: string;
  month: string;
  date: string;
  kind: LedgerKind;
  reason: string;
  quantity: Dec;
  unitAmount: Dec;
  amount: Dec;
  currency: 'CNY';
}

/**
 * Checks one entry as a person or a file gives it: positive quantity and unit amount, the amount
 * (when given) equal to quantity × unit amount, at most two decimals, the date inside the month, CNY.
 * Returns the problems found (with `column`), and the entry when there are none.
 */
export function checkLedgerDraft(
  raw: {
    employee: string;
    month: string;
    date: string;
    kind: string;
    reason: string;
    quantity: string;
    unitAmount: string;
    amount?: string;
    currency?: string;
  },
  where: { file?: string; row?: number },
): { draft?: Omit<LedgerDraft, 'row'>; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (column: string, value: string, zh: string, en: string) =>
    problems.push({
      severity: 'error',
      code: 'bad_ledger_entry',
      message: t(zh, en),
      where: { ...where, column, value },
    });
  const employee = raw.employee.trim();
  if (!employee) bad('employee', '', '工号为空', 'employee is empty');
  const month = raw.month.trim();
  if (!MONTH.test(month)) bad('month', month, '月份应为 YYYY-MM', 'month must be YYYY-MM');
  const date = raw.date.trim();
  if (!DATE.test(date)) bad('date', date, '日期应为 YYYY-MM-DD', 'date must be YYYY-MM-DD');
  else if (MONTH.test(month) && !date.startsWith(month))
    bad('date', date, `日期不在 ${month} 内`, `the date is not in ${month}`);
  const kind = KIND_WORDS[raw.kind.trim().toLowerCase()];
  if (!kind)
    bad(
      'kind',
      raw.kind,
      '类型应为 fine（罚款）或 reward（奖励）',
      'kind must be fine (罚款) or reward (奖励)',
    );
  const reason = raw.reason.trim();
  if (!reason) bad('reason', '', '必须写明原因', 'a reason is required');
  else if (reason.length > 500)
    bad(
      'reason',
      `${reason.slice(0, 40)}…`,
      '原因过长（上限500字）',
      'the reason is too long (500 characters at most)',
    );
  const num = (column: string, v: string): Dec | null => {
    const s = v.trim().replace(/[,，\s¥￥]/g, '');
    if (!NUMBER.test(s)) {
      bad(column, v, '不是数字', 'not a number');
      return null;
    }
    return dec(s);
  };
  const quantity = num('quantity', raw.quantity);
  if (quantity && !quantity.gt(0)) bad('quantity', raw.quantity, '数量应大于 0', 'quantity must be above 0');
  const unitAmount = num('unit_amount', raw.unitAmount);
  if (unitAmount && !unitAmount.gt(0))
    bad(
      'unit_amount',
      raw.unitAmount,
      '单价应大于 0（罚款与奖励由类型区分）',
      'unit_amount must be above 0 (kind says fine or reward)',
    );
  else if (unitAmount && unitAmount.decimalPlaces() > 2)
    bad('unit_amount', raw.unitAmount, '单价最多两位小数', 'unit_amount has at most two decimals');
  let amount: Dec | null = null;
  if (quantity?.gt(0) && unitAmount?.gt(0)) {
    amount = quantity.times(unitAmount);
    if (amount.decimalPlaces() > 2)
      bad(
        'quantity',
        raw.quantity,
        `数量 × 单价 = ${amount} 超过两位小数`,
        `quantity × unit_amount = ${amount} has more than two decimals`,
      );
    const given = raw.amount?.trim();
    if (given) {
      const g = num('amount', given);
      if (g && !g.eq(amount))
        bad(
          'amount',
          given,
          `金额应为 数量 × 单价 = ${amount.toFixed(2)}`,
          `amount must be quantity × unit_amount = ${amount.toFixed(2)}`,
        );
    }
  }
  const currency = (raw.currency ?? '').trim().toUpperCase() || 'CNY';
  if (currency !== 'CNY')
    bad('currency', currency, '台账目前只记人民币（CNY）', 'the ledger holds CNY only for now');
  if (problems.length > 0 || !kind || !quantity || !unitAmount || !amount) return { problems };
  return {
    draft: { employee, month, date, kind, reason, quantity, unitAmount, amount, currency: 'CNY' },
    problems,
  };
}

/** Reads a ledger table: every bad cell is reported (file, row, column, value); no entry unless all are good. */
export function readLedgerTable(table: InputTable): { drafts: LedgerDraft[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  const byZh = new Map<string, string>(LEDGER_COLUMNS.map((c) => [c.zh, c.name]));
  const names = new Set<string>(LEDGER_COLUMNS.map((c) => c.name));
  table.header.forEach((h, i) => {
    const key = h.trim();
    if (!key) return;
    const name = names.has(key) ? key : byZh.get(key);
    if (!name) {
      problems.push({
        severity: 'error',
        code: 'bad_ledger_entry',
        message: t(
          `未知列 "${key}"（列名见 docs/pay-plans.md）`,
          `unknown column "${key}" (see docs/pay-plans.md)`,
        ),
        where: { file: table.file, column: key, value: key },
      });
    } else if (index.has(name)) {
      problems.push({
        severity: 'error',
        code: 'bad_ledger_entry',
        message: t(`列 "${name}" 出现两次`, `column "${name}" appears twice`),
        where: { file: table.file, column: key },
      });
    } else index.set(name, i);
  });
  for (const c of LEDGER_COLUMNS) {
    if (c.required && !index.has(c.name))
      problems.push({
        severity: 'error',
        code: 'bad_ledger_entry',
        message: t(`缺少必需列 ${c.name}（${c.zh}）`, `missing required column ${c.name} (${c.zh})`),
        where: { file: table.file, column: c.name },
      });
  }
  if (problems.length > 0) return { drafts: [], problems };
  const drafts: LedgerDraft[] = [];
  for (const { row, cells } of table.rows) {
    const cell = (n: string) => {
      const i = index.get(n);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const r = checkLedgerDraft(
      {
        employee: cell('employee'),
        month: cell('month'),
        date: cell('date'),
        kind: cell('kind'),
        reason: cell('reason'),
        quantity: cell('quantity'),
        unitAmount: cell('unit_amount'),
        amount: cell('amount'),
        currency: cell('currency'),
      },
      { file: table.file, row },
    );
    problems.push(...r.problems);
    if (r.draft) drafts.push({ ...r.draft, row });
  }
  return { drafts: problems.length > 0 ? [] : drafts, problems };
}
