/**
 * Payslips (工资条): one per employee per month, with lines, a total, and a trace on every line.
 *
 * A payslip can be reproduced exactly: each line names the plan id@version and the rule, lists its
 * input figures with their source (file and row), the steps in zh-CN and English, and carries the
 * SHA-256 of the employee's canonical inputs, so two runs can be compared by hash.
 */
import type { Dec } from '../money.ts';
import type { Text } from '../text.ts';
import type { Trace } from '../trace.ts';

export type LineKind =
  | 'base'
  | 'commission'
  | 'performance-bonus'
  | 'per-unit'
  | 'year-end-pool'
  | 'rank-prize'
  /** A fine (negative) or reward (positive) from the pay ledger, or a reversal of an earlier month's. */
  | 'ledger'
  | 'clawback'
  | 'correction'
  | 'adjustment';

export interface PayLine {
  /** The component id from the plan; `ledger`, `clawback`, `correction` or `adjustment` for the others. */
  id: string;
  kind: LineKind;
  label: Text;
  /** Rounded at the plan's declared point and mode. */
  amount: Dec;
  /** The year-end bonus (全年一次性奖金) is taxed separately, so finance needs it flagged. */
  yearEndBonus: boolean;
  /** For clawbacks and corrections: what they correct, e.g. "2026-09 commission". */
  corrects: string | null;
  /** For commission lines: the effective rate paid (commission / base), kept for later clawbacks. */
  effectiveRate: Dec | null;
  trace: Trace & { inputsHash: string };
}

export interface Payslip {
  employee: string;
  name: string;
  role: string;
  level: string;
  department: string;
  month: string;
  /** plan id@version */
  plan: string;
  lines: PayLine[];
  total: Dec;
  /** Negative commission base carried to next month (carry-forward plans), else null. */
  carryOut: Dec | null;
  /** SHA-256 (hex) of the canonical JSON of the employee's inputs, scores, month and plan. */
  inputsHash: string;
}

/** A decimal for a trace step: at most 6 decimals, with … when digits were cut (16/31 of 2 000 …). */
export function shown(d: Dec): string {
  const cut = d.toDecimalPlaces(6);
  return cut.eq(d) ? d.toString() : `${cut.toString()}…`;
}

/** JSON with object keys sorted at every level, so equal inputs always hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A payslip as plain JSON (amounts as strings "1234.50"). */
export function payslipToJson(p: Payslip, point: number): Record<string, unknown> {
  return {
    employee: p.employee,
    name: p.name,
    role: p.role,
    level: p.level,
    department: p.department,
    month: p.month,
    plan: p.plan,
    total: p.total.toFixed(point),
    carryOut: p.carryOut === null ? null : p.carryOut.toFixed(point),
    inputsHash: p.inputsHash,
    lines: p.lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      label: l.label,
      amount: l.amount.toFixed(point),
      yearEndBonus: l.yearEndBonus,
      corrects: l.corrects,
      effectiveRate: l.effectiveRate === null ? null : l.effectiveRate.toString(),
      trace: l.trace,
    })),
  };
}
