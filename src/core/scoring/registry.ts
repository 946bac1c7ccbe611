/**
 * Every rule type, registered in one map the compiler checks for completeness. Adding a rule type to the
 * union in types.ts without adding it here is a type error.
 */
import type { Problem } from '../errors.ts';
import type { Text } from '../text.ts';
import type { TraceSink } from '../trace.ts';
import type { Direction, Nested, RuleImpl, RuleInput } from './rule.ts';
import { bands } from './rules/bands.ts';
import { closer } from './rules/closer.ts';
import { formula } from './rules/formula.ts';
import { gate } from './rules/gate.ts';
import { interpolate } from './rules/interpolate.ts';
import { jointBands } from './rules/joint-bands.ts';
import { linear } from './rules/linear.ts';
import { passFail } from './rules/pass-fail.ts';
import { perUnit } from './rules/per-unit.ts';
import { reverse } from './rules/reverse.ts';
import type { Indicator, Rule, RuleType } from './types.ts';

type Registry = { [K in RuleType]: RuleImpl<Extract<Rule, { type: K }>> };

export const RULES = {
  linear,
  gate,
  reverse,
  closer,
  bands,
  'per-unit': perUnit,
  'pass-fail': passFail,
  formula,
  interpolate,
  'joint-bands': jointBands,
} satisfies Registry;

export const RULE_TYPES = Object.keys(RULES) as RuleType[];

function impl(rule: Rule): RuleImpl<Rule> {
  return RULES[rule.type] as RuleImpl<Rule>;
}

const nested: Nested = {
  describe: (rule) => impl(rule).describe(rule, nested),
  score: (rule, x, sink) => impl(rule).score(rule, x, sink, nested),
  direction: (rule) => impl(rule).direction(rule, nested),
  lint: (rule, ind, path) => impl(rule).lint(rule, ind, path, nested),
};

/** Scores one rule; pass a sink to get the steps. @example scoreRule({type:'linear', cap:1.2}, {actual:126, target:100, full:30, vars:{}, asPercent:false}, null) === 36 */
export function scoreRule(rule: Rule, x: RuleInput, sink: TraceSink | null): number {
  return nested.score(rule, x, sink);
}

export function describeRule(rule: Rule): Text {
  return nested.describe(rule);
}

export function ruleDirection(rule: Rule): Direction {
  return nested.direction(rule);
}

export function lintRule(rule: Rule, ind: Indicator, path: string): Problem[] {
  return nested.lint(rule, ind, path);
}
