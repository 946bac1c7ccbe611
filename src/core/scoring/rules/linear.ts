/**
 * 线性比例 (linear ratio): points = clamp(actual / target, floor, cap) × full points.
 * Worked month: revenue 1 260 000 / 1 000 000 = 126%, cap 120% → 1.2 × 30 = 36.
 */
import { n, pct } from '../../trace.ts';
import { clamp, completion, pointsText, type RuleImpl } from '../rule.ts';
import type { LinearRule } from '../types.ts';

export const linear: RuleImpl<LinearRule> = {
  describe(rule) {
    const cap = rule.cap !== undefined ? `，封顶${pct(rule.cap)}` : '';
    const capEn = rule.cap !== undefined ? `, cap ${pct(rule.cap)}` : '';
    const floor = rule.floor ? `，保底${pct(rule.floor)}` : '';
    const floorEn = rule.floor ? `, floor ${pct(rule.floor)}` : '';
    return {
      zh: `线性比例（完成率×满分${cap}${floor}）`,
      en: `linear ratio (completion × full points${capEn}${floorEn})`,
    };
  },
  score(rule, x, sink) {
    const c = completion(x, sink);
    const counted = clamp(c, rule.floor ?? 0, rule.cap);
    const points = counted * x.full;
    if (sink) {
      if (counted !== c) {
        const why = counted < c ? `封顶${pct(counted)}` : `保底${pct(counted)}`;
        const whyEn = counted < c ? `capped at ${pct(counted)}` : `floored at ${pct(counted)}`;
        sink.step(`按${why}计`, `${whyEn}`);
      }
      sink.step(
        `得分 = ${pct(counted)} × ${n(x.full)} = ${pointsText(points)}`,
        `points = ${pct(counted)} × ${n(x.full)} = ${pointsText(points)}`,
      );
    }
    return points;
  },
  direction: () => 'higher',
  lint(rule, ind, path) {
    if (rule.cap === undefined) {
      return [
        {
          severity: 'warning',
          code: 'linear_no_cap',
          message: {
            zh: `指标“${ind.name.zh}”是线性计分且没有封顶，超额完成时得分可以无限增长`,
            en: `indicator "${ind.name.en}" is linear with no cap: its points grow without bound`,
          },
          where: { path: `${path}.cap` },
          fix: { zh: '加上封顶，例如 cap: 120%', en: 'add a cap, e.g. cap: 120%' },
        },
      ];
    }
    return [];
  },
};
