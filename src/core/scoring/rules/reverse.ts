/**
 * 反向指标 (lower is better), two forms:
 * - ratio: target / actual (cost 9% vs target 8% → 0.889);
 * - deviation: 1 − min(slope × (actual − target) / |target|, maxDeduction) (cost 9% vs 8% → 0.875, the worked
 *   month's 8.75 of 10). With slope k and maxDeduction m this is issue 8's 100 − min((a − t)/t × k, m).
 * The ratio is then clamped to [floor (0), cap] and multiplied by the full points.
 */
import type { Problem } from '../../errors.ts';
import { n, pct } from '../../trace.ts';
import { clamp, pointsText, type RuleImpl, RuleInputError, v } from '../rule.ts';
import type { ReverseRule } from '../types.ts';

export const reverse: RuleImpl<ReverseRule> = {
  describe(rule) {
    const extra = [
      rule.slope !== undefined && rule.slope !== 1 ? `斜率${n(rule.slope)}` : '',
      rule.maxDeduction !== undefined ? `最多扣${pct(rule.maxDeduction)}` : '',
      rule.cap !== undefined ? `封顶${pct(rule.cap)}` : '',
    ].filter(Boolean);
    const extraEn = [
      rule.slope !== undefined && rule.slope !== 1 ? `slope ${n(rule.slope)}` : '',
      rule.maxDeduction !== undefined ? `deduction at most ${pct(rule.maxDeduction)}` : '',
      rule.cap !== undefined ? `cap ${pct(rule.cap)}` : '',
    ].filter(Boolean);
    return rule.form === 'ratio'
      ? {
          zh: `反向（目标÷实际${extra.length ? `，${extra.join('，')}` : ''}）`,
          en: `reverse (target ÷ actual${extraEn.length ? `, ${extraEn.join(', ')}` : ''})`,
        }
      : {
          zh: `反向（1 − (实际 − 目标)÷|目标|${extra.length ? `，${extra.join('，')}` : ''}）`,
          en: `reverse (1 − (actual − target) ÷ |target|${extraEn.length ? `, ${extraEn.join(', ')}` : ''})`,
        };
  },
  score(rule, x, sink) {
    const t = x.target;
    if (t === undefined)
      throw new RuleInputError({ zh: '反向指标需要目标值', en: 'a reverse rule needs a target' });
    let ratio: number;
    if (rule.form === 'ratio') {
      if (x.actual === 0) {
        throw new RuleInputError({
          zh: '实际值为0，目标÷实际无法计算',
          en: 'actual is 0: target ÷ actual is undefined',
        });
      }
      ratio = t / x.actual;
      if (sink)
        sink.step(
          `比率 = 目标 ${v(t, x)} ÷ 实际 ${v(x.actual, x)} = ${pct(ratio)}`,
          `ratio = target ${v(t, x)} ÷ actual ${v(x.actual, x)} = ${pct(ratio)}`,
        );
    } else {
      if (t === 0)
        throw new RuleInputError({
          zh: '目标值为0，无法计算偏差比例',
          en: 'the target is 0: the deviation is undefined',
        });
      const slope = rule.slope ?? 1;
      const dev = (x.actual - t) / Math.abs(t);
      let deduction = slope * dev;
      if (sink) {
        sink.step(
          `偏差 = (实际 ${v(x.actual, x)} − 目标 ${v(t, x)}) ÷ ${v(Math.abs(t), x)} = ${pct(dev)}${slope !== 1 ? `，× 斜率${n(slope)} = ${pct(deduction)}` : ''}`,
          `deviation = (actual ${v(x.actual, x)} − target ${v(t, x)}) ÷ ${v(Math.abs(t), x)} = ${pct(dev)}${slope !== 1 ? `, × slope ${n(slope)} = ${pct(deduction)}` : ''}`,
        );
      }
      if (rule.maxDeduction !== undefined && deduction > rule.maxDeduction) {
        deduction = rule.maxDeduction;
        if (sink) sink.step(`扣减以${pct(deduction)}为上限`, `deduction limited to ${pct(deduction)}`);
      }
      ratio = 1 - deduction;
      if (sink)
        sink.step(
          `比率 = 1 − ${pct(deduction)} = ${pct(ratio)}`,
          `ratio = 1 − ${pct(deduction)} = ${pct(ratio)}`,
        );
    }
    const counted = clamp(ratio, rule.floor ?? 0, rule.cap);
    const points = counted * x.full;
    if (sink) {
      if (counted !== ratio) sink.step(`按${pct(counted)}计`, `counted as ${pct(counted)}`);
      sink.step(
        `得分 = ${pct(counted)} × ${n(x.full)} = ${pointsText(points)}`,
        `points = ${pct(counted)} × ${n(x.full)} = ${pointsText(points)}`,
      );
    }
    return points;
  },
  direction: () => 'lower',
  lint(rule, ind, path) {
    const out: Problem[] = [];
    if (rule.cap === undefined) {
      out.push({
        severity: 'warning',
        code: 'reverse_no_cap',
        message: {
          zh: `反向指标“${ind.name.zh}”没有封顶：实际低于目标时得分会超过满分`,
          en: `reverse indicator "${ind.name.en}" has no cap: an actual below target scores above full points`,
        },
        where: { path: `${path}.cap` },
        fix: { zh: '加上 cap: 100%（或允许的上限）', en: 'add cap: 100% (or the allowed maximum)' },
      });
    }
    return out;
  },
};
