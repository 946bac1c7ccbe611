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

export const formula: RuleImpl<FormulaRule> = {
  describe(rule) {
    return { zh: `公式：${rule.expr}`, en: `formula: ${rule.expr}` };
  },
  score(rule, x, sink) {
    const inputs = Object.keys(x.vars);
    const compiled = formulaFor(rule, inputs);
    const vars: Record<string, number | null | undefined> = {
      ...x.vars,
      actual: x.actual,
      target: x.target,
      weight: x.full,
      completion: x.target ? x.actual / x.target : undefined,
    };
    let points: number;
    try {
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
