/**
 * Points a rule gives at one sample actual, so that a person choosing between two readings of a cell
 * sees what each reading does ("at 92%: 17 points or 16.84 points").
 *
 * TEMPORARY: this is the reader's own small evaluator for the rule shapes the reader produces, written
 * while the engine's `evaluateRule(rule, input)` (src/core/scoring/evaluate.ts) was being written at the
 * same time. When that exists, {@link samplePoints} should call it instead; the property test in
 * read-rule-text.property.test.ts then checks the reader against the engine itself.
 *
 * Per-unit semantics (types.ts PerUnitRule): diff = value − reference; steps = |diff| / step, with
 * step × |reference| when stepOf is 'target'; whole steps are floored; the signed per-step points are
 * added to the base, additions at most maxAddition, deductions at most maxDeduction, then the floor.
 * @example samplePoints({type:'linear', cap:1.2}, {actual:126, target:100, weight:30}) === 36
 */
import { Dec, roundPoints } from '../../money.ts';
import type { Interval, PerUnitRule, Rule } from '../types.ts';

export interface SampleInput {
  actual: number;
  /** null when the sheet gives none: completion-based rules then treat the actual as the completion */
  target: number | null;
  weight: number;
}

export function inInterval(x: number, w: Interval): boolean {
  if (w.gte !== undefined && !(x >= w.gte)) return false;
  if (w.gt !== undefined && !(x > w.gt)) return false;
  if (w.lte !== undefined && !(x <= w.lte)) return false;
  if (w.lt !== undefined && !(x < w.lt)) return false;
  return true;
}

function completion(input: SampleInput): number {
  if (input.target === null || input.target === 0) return input.actual;
  return new Dec(input.actual).div(input.target).toNumber();
}

function perUnit(rule: PerUnitRule, input: SampleInput): number {
  const onCompletion = rule.on === 'completion';
  const value = new Dec(onCompletion ? completion(input) : input.actual);
  let ref: Dec;
  if (rule.reference === 'zero') ref = new Dec(0);
  else if (rule.reference === 'target') ref = new Dec(onCompletion ? 1 : (input.target ?? 0));
  else ref = new Dec(rule.reference.value);
  const diff = value.minus(ref);
  const unit = rule.stepOf === 'target' ? new Dec(rule.step).times(ref.abs()) : new Dec(rule.step);
  let delta = new Dec(0);
  if (!unit.isZero() && !diff.isZero()) {
    let steps = diff.abs().div(unit);
    if (rule.partial === 'whole') steps = steps.floor();
    const per = diff.isPositive() ? rule.perStepAbove : rule.perStepBelow;
    const applies =
      rule.direction === 'both' ||
      (rule.direction === 'above' && diff.isPositive()) ||
      (rule.direction === 'below' && diff.isNegative());
    if (applies && per !== undefined) delta = steps.times(per);
  }
  if (delta.isNegative() && rule.maxDeduction !== undefined) delta = Dec.max(delta, -rule.maxDeduction);
  if (delta.isPositive() && rule.maxAddition !== undefined) delta = Dec.min(delta, rule.maxAddition);
  const base = rule.base === 'full' ? new Dec(input.weight) : new Dec(rule.base.points);
  let points = base.plus(delta);
  if (rule.floor !== 'none') {
    const floor = 'points' in rule.floor ? rule.floor.points : input.weight * rule.floor.fractionOfFull;
    points = Dec.max(points, floor);
  }
  return points.toNumber();
}

function raw(rule: Rule, input: SampleInput): number {
  switch (rule.type) {
    case 'linear': {
      const c = Math.min(Math.max(completion(input), rule.floor ?? 0), rule.cap ?? Number.POSITIVE_INFINITY);
      return new Dec(c).times(input.weight).toNumber();
    }
    case 'gate': {
      const c = completion(input);
      const pass = rule.inclusive ? c >= rule.threshold : c > rule.threshold;
      return pass ? raw(rule.then, input) : (rule.else ?? 0);
    }
    case 'bands': {
      const x = rule.on === 'completion' ? completion(input) : input.actual;
      const band = rule.bands.find((b) => inInterval(x, b.when));
      const v = band ? band.value : rule.else;
      return rule.unit === 'percent' ? new Dec(v).div(100).times(input.weight).toNumber() : v;
    }
    case 'per-unit':
      return perUnit(rule, input);
    case 'pass-fail':
      return input.actual === 1 ? (rule.pass ?? input.weight) : (rule.fail ?? 0);
    default:
      // The reader produces none of the other shapes.
      return Number.NaN;
  }
}

/** Points at one sample actual, rounded to 2 decimals for display. */
export function samplePoints(rule: Rule, input: SampleInput): number {
  return roundPoints(raw(rule, input), 2);
}
