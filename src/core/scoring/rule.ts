/**
 * The contract every indicator rule implements, and the helpers they share.
 * A rule turns one indicator's actual (and target) into points on the indicator's full-points scale.
 * `score` writes its steps into the sink only when one is given: explaining costs nothing when not asked.
 */
import type { Problem } from '../errors.ts';
import type { Text } from '../text.ts';
import { n, pct, type TraceSink } from '../trace.ts';
import type { Indicator, Rule } from './types.ts';

export interface RuleInput {
  actual: number;
  target: number | undefined;
  /** the indicator's full points (its weight) */
  full: number;
  /** other named inputs (joint bands, formulas) */
  vars: Readonly<Record<string, number | null | undefined>>;
  /** show values as percentages in the trace (rates) */
  asPercent: boolean;
}

/** Which way a rule rewards: used by lint and by the monotonicity property tests. */
export type Direction = 'higher' | 'lower' | 'target' | 'mixed';

/**
 * How a rule that wraps another (a gate) reaches the registry without importing it: passed in by the
 * registry, so there is no import cycle.
 */
export interface Nested {
  describe(rule: Rule): Text;
  score(rule: Rule, x: RuleInput, sink: TraceSink | null): number;
  direction(rule: Rule): Direction;
  lint(rule: Rule, indicator: Indicator, path: string): Problem[];
}

export interface RuleImpl<R extends Rule> {
  /** the rule in words for the trace header, e.g. 线性（封顶120%）/ linear (cap 120%) */
  describe(rule: R, nested: Nested): Text;
  score(rule: R, x: RuleInput, sink: TraceSink | null, nested: Nested): number;
  direction(rule: R, nested: Nested): Direction;
  /** rule-specific checks beyond the parser's shape checks */
  lint(rule: R, indicator: Indicator, path: string, nested: Nested): Problem[];
}

/** Thrown when a person's figures cannot be scored by a rule (target 0, a missing input). */
export class RuleInputError extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(text.en);
    this.text = text;
    this.name = 'RuleInputError';
  }
}

export function completion(x: RuleInput, sink: TraceSink | null): number {
  if (x.target === undefined) {
    throw new RuleInputError({
      zh: '该规则需要目标值，但没有目标',
      en: 'this rule needs a target and none is set',
    });
  }
  if (x.target === 0) {
    throw new RuleInputError({
      zh: '目标值为0，无法计算完成率',
      en: 'the target is 0: completion cannot be computed',
    });
  }
  const c = x.actual / x.target;
  if (sink) {
    sink.step(
      `完成率 = 实际 ${v(x.actual, x)} ÷ 目标 ${v(x.target, x)} = ${pct(c)}`,
      `completion = actual ${v(x.actual, x)} ÷ target ${v(x.target, x)} = ${pct(c)}`,
    );
  }
  return c;
}

/** The compared value: completion or the actual itself. */
export function basisValue(on: 'completion' | 'actual', x: RuleInput, sink: TraceSink | null): number {
  return on === 'completion' ? completion(x, sink) : x.actual;
}

/** A value of the indicator's own metric for the trace: 9% for a rate, 180000 otherwise. */
export function v(value: number, x: RuleInput): string {
  return x.asPercent ? pct(value) : n(value);
}

export function clamp(value: number, lo: number | undefined, hi: number | undefined): number {
  let r = value;
  if (lo !== undefined && r < lo) r = lo;
  if (hi !== undefined && r > hi) r = hi;
  return r;
}

/**
 * Snaps a quotient to 9 decimals before floor/ceil so that (6% − 5%) / 0.5% counts as 2 whole steps,
 * not 1.9999999999999996.
 */
export function snap(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export function pointsText(points: number): string {
  return n(points, 4);
}
