/**
 * 公式 (formula): an expression over named inputs for what the other rules cannot say, evaluated in the
 * sandbox of formula.ts. Variables: actual, target, weight (full points), completion, and every name the
 * indicator lists in `inputs`. The result is the points.
 */
import type { Problem } from '../../errors.ts';
import { n } from '../../trace.ts';
import { type CompiledFormula, compileFormula, FormulaError } from '../formula.ts';
import { pointsText, type RuleImpl, RuleInputError } from '../rule.ts';
import type { FormulaRule, Indicator } from '../types.ts';

export const FORMULA_BUILTINS = ['actual', 'target', 'weight', 'completion'] as const;

/** Compiled formulas by source and variables; a template's formulas compile once, not once per person. */
const cache = new Map<string, CompiledFormula>();

export function formulaFor(rule: FormulaRule, inputs: readonly string[]): CompiledFormula {
  const key = `${inputs.join(',')}\u0000${rule.expr}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileFormula(rule.expr, [...FORMULA_BUILTINS, ...inputs]);
    if (cache.size > 1000) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/**
 * A template's formula compiles once per rule object, not once per person and indicator (building the
 * cache key from the person's input names cost more than scoring). Names are checked against the
 * indicator's declared inputs by lint; a person who lacks one gets "the formula needs …" when evaluating.
 */
const byRule = new WeakMap<FormulaRule, CompiledFormula>();
function compiledFor(rule: FormulaRule, vars: Readonly<Record<string, unknown>>): CompiledFormula {
  let compiled = byRule.get(rule);
  if (!compiled) {
    compiled = formulaFor(rule, Object.keys(vars));
    byRule.set(rule, compiled);
  }
  return compiled;
}

export const formula: RuleImpl<FormulaRule> = {
  describe(rule) {
    return { zh: `公式：${rule.expr}`, en: `formula: ${rule.expr}` };
  },
  score(rule, x, sink) {
    // The person's inputs underneath, the rule's own names on top: no copy of the inputs per indicator.
    const vars = Object.create(x.vars) as Record<string, number | null | undefined>;
    vars.actual = x.actual;
    vars.target = x.target;
    vars.weight = x.full;
    vars.completion = x.target ? x.actual / x.target : undefined;
    let compiled: CompiledFormula;
    let points: number;
    try {
      // inside the try: a formula naming an input this person lacks is their problem, not a crash
      compiled = compiledFor(rule, x.vars);
      points = compiled.evaluate(vars);
    } catch (err) {
      if (err instanceof FormulaError) throw new RuleInputError(err.text);
      throw err;
    }
    if (!Number.isFinite(points)) {
      throw new RuleInputError({
        zh: `公式结果不是有限数（${points}）`,
        en: `the formula gave ${points}, not a finite number`,
      });
    }
    if (sink) {
      const shown = compiled.variables.map((name) => `${name} = ${n(vars[name] as number)}`).join('，');
      sink.step(`代入 ${shown}`, `with ${shown.replace(/，/g, ', ')}`);
      sink.step(`${rule.expr} = ${pointsText(points)}`, `${rule.expr} = ${pointsText(points)}`);
    }
    return points;
  },
  direction: () => 'mixed',
  lint(rule, ind: Indicator, path) {
    const out: Problem[] = [];
    try {
      formulaFor(rule, ind.inputs ?? []);
    } catch (err) {
      if (!(err instanceof FormulaError)) throw err;
      out.push({
        severity: 'error',
        code: 'formula_refused',
        message: err.text,
        where: { path: `${path}.expr`, value: rule.expr },
      });
    }
    return out;
  },
};
