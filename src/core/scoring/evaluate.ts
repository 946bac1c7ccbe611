/**
 * The one-call way to score a single rule, for tools that hold a rule and a few figures (the rule-text
 * reader's sample points, the template editor's live preview).
 */
import { roundPoints } from '../money.ts';
import { TraceSink } from '../trace.ts';
import { scoreRule } from './registry.ts';
import type { Rule } from './types.ts';

export interface EvaluateInput {
  actual: number;
  target?: number;
  /** full points of the indicator */
  points: number;
  vars?: Record<string, number>;
  asPercent?: boolean;
}

/** Points of one rule, rounded half up to 2 decimals, with the steps. */
export function evaluateRule(
  rule: Rule,
  input: EvaluateInput,
): { points: number; steps: TraceSink['steps'] } {
  const sink = new TraceSink();
  const raw = scoreRule(
    rule,
    {
      actual: input.actual,
      target: input.target,
      full: input.points,
      vars: input.vars ?? {},
      asPercent: input.asPercent ?? false,
    },
    sink,
  );
  return { points: roundPoints(raw, 2), steps: sink.steps };
}
