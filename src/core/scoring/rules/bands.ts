/**
 * 区间法 (band table): the value of the band the figure falls in, `else` when none.
 * E.g. completion ≥ 100% → 100, [90%, 100%) → 85, [80%, 90%) → 70, else 0 (unit percent of full points).
 * Bounds carry their inclusion (以上/以下 include, 超过/不满 exclude); the linter refuses gaps and overlaps.
 */
import type { Problem } from '../../errors.ts';
import { n } from '../../trace.ts';
import { contains, coverage, describeInterval, lower, upper } from '../interval.ts';
import { basisValue, pointsText, type RuleImpl, v } from '../rule.ts';
import type { BandsRule, ValueUnit } from '../types.ts';

export function bandPoints(value: number, unit: ValueUnit, full: number): number {
  return unit === 'percent' ? (value / 100) * full : value;
}

export const bands: RuleImpl<BandsRule> = {
  describe(rule) {
    return {
      zh: `区间法（按${rule.on === 'completion' ? '完成率' : '实际值'}，${rule.bands.length}档）`,
      en: `band table (on ${rule.on}, ${rule.bands.length} bands)`,
    };
  },
  score(rule, x, sink) {
    const value = basisValue(rule.on, x, sink);
    const asPercent = rule.on === 'completion' || x.asPercent;
    for (let i = 0; i < rule.bands.length; i++) {
      const band = rule.bands[i]!;
      if (contains(band.when, value)) {
        const points = bandPoints(band.value, rule.unit, x.full);
        if (sink) {
          const iv = describeInterval(band.when, asPercent);
          const shown = rule.on === 'completion' ? `${n(value * 100, 4)}%` : v(value, x);
          sink.step(
            `${shown} 落在第${i + 1}档（${iv.zh}）${band.text ? `「${band.text}」` : ''}`,
            `${shown} falls in band ${i + 1} (${iv.en})${band.text ? ` "${band.text}"` : ''}`,
          );
          sink.step(
            rule.unit === 'percent'
              ? `得分 = ${n(band.value)}% × ${n(x.full)} = ${pointsText(points)}`
              : `得分 = ${pointsText(points)}`,
            rule.unit === 'percent'
              ? `points = ${n(band.value)}% × ${n(x.full)} = ${pointsText(points)}`
              : `points = ${pointsText(points)}`,
          );
        }
        return points;
      }
    }
    const points = bandPoints(rule.else, rule.unit, x.full);
    if (sink) {
      sink.step(
        `不在任何一档，按“其他”得 ${pointsText(points)} 分`,
        `in no band: the "else" value gives ${pointsText(points)} points`,
      );
    }
    return points;
  },
  direction(rule) {
    return monotoneDirection(rule);
  },
  lint(rule, ind, path) {
    const out: Problem[] = [];
    const asPercent = rule.on === 'completion' || ind.unit === '%';
    for (const issue of coverage(
      rule.bands.map((b) => b.when),
      asPercent,
      false,
    )) {
      out.push({
        severity: 'error',
        code: `band_${issue.kind}`,
        message: {
          zh: `指标“${ind.name.zh}”的区间表：${issue.text.zh}`,
          en: `indicator "${ind.name.en}" band table: ${issue.text.en}`,
        },
        where: { path: `${path}.bands[${issue.rows[0]}]` },
        fix:
          issue.kind === 'gap'
            ? {
                zh: '用半开区间首尾相接，例如 [90%, 95%) 与 [95%, 100%)',
                en: 'make the bands meet with half-open intervals, e.g. [90%, 95%) and [95%, 100%)',
              }
            : {
                zh: '调整边界的包含关系（以上/不满）使每个值只落在一档',
                en: 'adjust the bounds’ inclusion so that each value falls in one band only',
              },
      });
    }
    const full = ind.weight;
    rule.bands.forEach((b, i) => {
      const pts = bandPoints(b.value, rule.unit, full);
      if (pts > full + 1e-9) {
        out.push({
          severity: 'warning',
          code: 'band_above_full',
          message: {
            zh: `第${i + 1}档给 ${n(pts)} 分，超过该指标满分 ${n(full)}`,
            en: `band ${i + 1} gives ${n(pts)} points, more than the indicator's full ${n(full)}`,
          },
          where: { path: `${path}.bands[${i}]` },
        });
      }
    });
    return out;
  },
};

/** Higher if the band values never fall as the bands rise; lower if they never rise; else mixed. */
function monotoneDirection(rule: BandsRule): 'higher' | 'lower' | 'mixed' {
  const sorted = rule.bands
    .slice()
    .sort((a, b) => lower(a.when).at - lower(b.when).at || upper(a.when).at - upper(b.when).at);
  let up = true;
  let down = true;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.value < sorted[i - 1]!.value) up = false;
    if (sorted[i]!.value > sorted[i - 1]!.value) down = false;
  }
  return up ? 'higher' : down ? 'lower' : 'mixed';
}
