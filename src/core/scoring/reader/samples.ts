/**
 * Picking two sample actuals that show how the readings of an ambiguous cell differ: candidates around
 * every threshold and step of every reading, ranked by how many different point values the readings give
 * there (then by the spread), so that "99.5%" is shown for a gap and "92%" for a step-unit question.
 */
import type { Rule } from '../types.ts';
import type { Sample } from './reader-types.ts';
import { samplePoints } from './sample-score.ts';

interface Scale {
  target: number | null;
  weight: number;
  /** the figure may be negative (a growth or a difference from a mean), not a count */
  signed?: boolean;
}

/** Figures on the rule's own axis (completion or actual) worth trying. */
function axisCandidates(rule: Rule, scale: Scale): { on: 'completion' | 'actual'; xs: number[] } {
  switch (rule.type) {
    case 'bands': {
      const xs: number[] = [];
      for (const b of rule.bands) {
        for (const v of [b.when.gte, b.when.gt, b.when.lte, b.when.lt]) {
          if (v === undefined) continue;
          const g = Math.abs(v) < 10 ? 0.005 : Math.max(1, Math.abs(v) * 0.005);
          xs.push(v, v - g, v + g);
        }
      }
      return { on: rule.on, xs };
    }
    case 'per-unit': {
      const ref =
        rule.reference === 'zero'
          ? 0
          : rule.reference === 'target'
            ? rule.on === 'completion'
              ? 1
              : (scale.target ?? 1)
            : rule.reference.value;
      const unit = rule.stepOf === 'target' ? rule.step * Math.abs(ref) : rule.step;
      const signs = rule.direction === 'above' ? [1] : rule.direction === 'below' ? [-1] : [-1, 1];
      const xs: number[] = [];
      for (const s of signs) for (const k of [0.5, 1, 1.5, 2.5, 3, 5, 10]) xs.push(ref + s * k * unit);
      return { on: rule.on, xs: xs.filter((x) => scale.signed || rule.reference !== 'zero' || x >= 0) };
    }
    case 'gate':
      return { on: 'completion', xs: [rule.threshold - 0.005, rule.threshold, 0.95, 1.3] };
    case 'linear':
      return { on: 'completion', xs: [0.5, 0.9, 1, rule.cap ?? 1.2, (rule.cap ?? 1.2) + 0.1] };
    case 'pass-fail':
      return { on: 'actual', xs: [1, 0] };
    case 'formula':
      // formulas the reader writes score a growth or a relative difference: a fall, a rise, a doubling
      return { on: 'actual', xs: [-0.5, -0.1, 0, 0.1, 0.5, 1, 1.5, 2] };
    default:
      return { on: 'actual', xs: [] };
  }
}

function toActual(x: number, on: 'completion' | 'actual', target: number | null): number {
  if (on === 'actual' || target === null) return x;
  return Number((x * target).toPrecision(12));
}

const clean = (x: number) => Number(x.toPrecision(10));

export function pickSamples(rules: Rule[], scale: Scale): Sample[][] {
  const candidates = new Set<number>();
  for (const r of rules) {
    const { on, xs } = axisCandidates(r, scale);
    for (const x of xs) candidates.add(clean(toActual(x, on, scale.target)));
  }
  const scored = [...candidates]
    .filter((a) => Number.isFinite(a))
    .map((actual, i) => {
      const pts = rules.map((r) => samplePoints(r, { actual, target: scale.target, weight: scale.weight }));
      const distinct = new Set(pts).size;
      const nums = pts.filter((p): p is number => p !== null);
      const spread = nums.length ? Math.max(...nums) - Math.min(...nums) : 0;
      return { actual, pts, distinct, spread, i };
    })
    .sort((a, b) => b.distinct - a.distinct || b.spread - a.spread || a.i - b.i);
  const chosen = scored.slice(0, 2).sort((a, b) => a.actual - b.actual);
  return rules.map((_, k) => chosen.map((c) => ({ actual: c.actual, points: c.pts[k] ?? null })));
}
