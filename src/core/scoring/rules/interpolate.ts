/**
 * 分段插值 (piecewise-linear interpolation): between threshold levels (a/b/c/d lines) the points are linear;
 * below the first level and above the last the end values hold.
 * E.g. at 80% → 0, 100% → 100, 120% → 120 (percent of full points): 90% gives 50% of full points.
 */
import type { Problem } from '../../errors.ts';
import { n, pct } from '../../trace.ts';
import { basisValue, pointsText, type RuleImpl, v } from '../rule.ts';
import type { InterpolateRule } from '../types.ts';
import { bandPoints } from './bands.ts';

export const interpolate: RuleImpl<InterpolateRule> = {
  describe(rule) {
    return {
      zh: `分段插值（按${rule.on === 'completion' ? '完成率' : '实际值'}，${rule.points.length}个节点）`,
      en: `piecewise-linear (on ${rule.on}, ${rule.points.length} levels)`,
    };
  },
  score(rule, x, sink) {
    const value = basisValue(rule.on, x, sink);
    const pts = rule.points;
    const show = (q: number) => (rule.on === 'completion' ? pct(q) : v(q, x));
    let raw: number;
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    if (value <= first.at) {
      raw = first.value;
      if (sink)
        sink.step(
          `${show(value)} 不高于最低节点 ${show(first.at)}，取 ${n(raw)}`,
          `${show(value)} is at or below the first level ${show(first.at)}: ${n(raw)}`,
        );
    } else if (value >= last.at) {
      raw = last.value;
      if (sink)
        sink.step(
          `${show(value)} 不低于最高节点 ${show(last.at)}，取 ${n(raw)}`,
          `${show(value)} is at or above the last level ${show(last.at)}: ${n(raw)}`,
        );
    } else {
      let i = 1;
      while (pts[i]!.at < value) i++;
      const a = pts[i - 1]!;
      const b = pts[i]!;
      raw = a.value + ((value - a.at) / (b.at - a.at)) * (b.value - a.value);
      if (sink) {
        sink.step(
          `${show(value)} 在 ${show(a.at)}(${n(a.value)}) 与 ${show(b.at)}(${n(b.value)}) 之间，线性插值得 ${n(raw, 4)}`,
          `${show(value)} lies between ${show(a.at)} (${n(a.value)}) and ${show(b.at)} (${n(b.value)}): interpolated ${n(raw, 4)}`,
        );
      }
    }
    const points = bandPoints(raw, rule.unit, x.full);
    if (sink && rule.unit === 'percent') {
      sink.step(
        `得分 = ${n(raw, 4)}% × ${n(x.full)} = ${pointsText(points)}`,
        `points = ${n(raw, 4)}% × ${n(x.full)} = ${pointsText(points)}`,
      );
    }
    return points;
  },
  direction(rule) {
    let up = true;
    let down = true;
    for (let i = 1; i < rule.points.length; i++) {
      if (rule.points[i]!.value < rule.points[i - 1]!.value) up = false;
      if (rule.points[i]!.value > rule.points[i - 1]!.value) down = false;
    }
    return up ? 'higher' : down ? 'lower' : 'mixed';
  },
  lint(rule, _ind, path) {
    const out: Problem[] = [];
    if (rule.points.length < 2) {
      out.push({
        severity: 'error',
        code: 'interpolate_points',
        message: { zh: '插值至少需要两个节点', en: 'interpolation needs at least two levels' },
        where: { path: `${path}.points` },
      });
    }
    for (let i = 1; i < rule.points.length; i++) {
      if (!(rule.points[i]!.at > rule.points[i - 1]!.at)) {
        out.push({
          severity: 'error',
          code: 'interpolate_order',
          message: {
            zh: `第${i + 1}个节点没有严格大于前一个`,
            en: `level ${i + 1} is not strictly above the one before`,
          },
          where: { path: `${path}.points[${i}]` },
        });
      }
    }
    return out;
  },
};
