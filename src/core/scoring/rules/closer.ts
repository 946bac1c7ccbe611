/**
 * 越接近目标越好 (closer to target): best at the target, falling off on both sides.
 * ratio = 1 − slope × max(0, |actual − target| / |target| − tolerance), never below 0.
 * E.g. stock-turn target 30 days, actual 33, tolerance 5%, slope 2 → 1 − 2 × (10% − 5%) = 90%.
 */
import { n, pct } from '../../trace.ts';
import { pointsText, type RuleImpl, RuleInputError, v } from '../rule.ts';
import type { CloserRule } from '../types.ts';

export const closer: RuleImpl<CloserRule> = {
  describe(rule) {
    const tol = rule.tolerance ? `，±${pct(rule.tolerance)}内满分` : '';
    const tolEn = rule.tolerance ? `, full within ±${pct(rule.tolerance)}` : '';
    const slope = rule.slope !== undefined && rule.slope !== 1 ? `，斜率${n(rule.slope)}` : '';
    const slopeEn = rule.slope !== undefined && rule.slope !== 1 ? `, slope ${n(rule.slope)}` : '';
    return { zh: `越接近目标越好${tol}${slope}`, en: `closer to target is better${tolEn}${slopeEn}` };
  },
  score(rule, x, sink) {
    const t = x.target;
    if (t === undefined || t === 0) {
      throw new RuleInputError({ zh: '该规则需要非零目标值', en: 'this rule needs a non-zero target' });
    }
    const dev = Math.abs(x.actual - t) / Math.abs(t);
    const beyond = Math.max(0, dev - (rule.tolerance ?? 0));
    const ratio = Math.max(0, 1 - (rule.slope ?? 1) * beyond);
    const points = ratio * x.full;
    if (sink) {
      sink.step(
        `偏离目标 = |${v(x.actual, x)} − ${v(t, x)}| ÷ ${v(Math.abs(t), x)} = ${pct(dev)}`,
        `distance from target = |${v(x.actual, x)} − ${v(t, x)}| ÷ ${v(Math.abs(t), x)} = ${pct(dev)}`,
      );
      if (rule.tolerance)
        sink.step(
          `扣除容差${pct(rule.tolerance)}后 ${pct(beyond)}`,
          `beyond the ${pct(rule.tolerance)} tolerance: ${pct(beyond)}`,
        );
      sink.step(
        `得分 = ${pct(ratio)} × ${n(x.full)} = ${pointsText(points)}`,
        `points = ${pct(ratio)} × ${n(x.full)} = ${pointsText(points)}`,
      );
    }
    return points;
  },
  direction: () => 'target',
  lint: () => [],
};
