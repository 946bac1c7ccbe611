/**
 * Traces (计算过程): every computed score and pay line says how it came out.
 *
 * A trace lists the inputs with their source, the rule, the steps in words (zh-CN and en), and the
 * template or plan version. Rules write steps only when a trace is asked for, so the fast path that
 * scores a hundred thousand people builds no strings at all.
 */
import type { Text } from './text.ts';

export interface TraceInput {
  name: string;
  value: string;
  /** Where the figure came from: "actuals.csv row 4", "store TM01 2026-10 支付金额", "template". */
  source?: string;
}

export interface Trace {
  /** The rule in words, e.g. 线性 (封顶120%) / linear (cap 120%). */
  rule: Text;
  inputs: TraceInput[];
  steps: Text[];
  /** Template or plan id and version, e.g. "store-operator@2026.1". */
  version?: string;
}

/** Collects steps; pass `null` instead of a sink to compute without explaining. */
export class TraceSink {
  readonly steps: Text[] = [];
  step(zh: string, en: string): void {
    this.steps.push({ zh, en });
  }
}

/** Formats a number for a trace: at most 6 decimals, no float noise. */
export function n(x: number, maxDecimals = 6): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toFixed(maxDecimals)));
}

/** Formats a ratio as a percentage for a trace: 0.875 → "87.5%". */
export function pct(x: number): string {
  return `${n(x * 100, 4)}%`;
}
