/**
 * 分段插值: with increasing values a higher figure never lowers the points; between two levels the points
 * are on the straight line; beyond the ends the end values hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreRule } from '../registry.ts';
import type { InterpolateRule } from '../types.ts';

function points(rule: InterpolateRule, actual: number, target: number, full: number): number {
  return scoreRule(rule, { actual, target, full, vars: {}, asPercent: false }, null);
}

/** 2 to 6 levels with strictly increasing `at` and non-decreasing values. */
const increasing: fc.Arbitrary<InterpolateRule> = fc
  .record({
    on: fc.constantFrom<InterpolateRule['on']>('completion', 'actual'),
    unit: fc.constantFrom<InterpolateRule['unit']>('points', 'percent'),
    gaps: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
    rises: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 5, maxLength: 5 }),
    start: fc.integer({ min: 0, max: 100 }),
    base: fc.integer({ min: -20, max: 20 }),
  })
  .map(({ on, unit, gaps, rises, start, base }) => {
    let at = start / 100;
    let value = base;
    const pts = [{ at, value }];
    gaps.forEach((g, i) => {
      at += g / 100;
      value += rises[i]!;
      pts.push({ at, value });
    });
    return { type: 'interpolate', on, unit, points: pts };
  });

describe('interpolate', () => {
  const rule: InterpolateRule = {
    type: 'interpolate',
    on: 'completion',
    unit: 'percent',
    points: [
      { at: 0.8, value: 0 },
      { at: 1, value: 100 },
      { at: 1.2, value: 120 },
    ],
  };

  it('is linear between levels and flat beyond the ends', () => {
    expect(points(rule, 90, 100, 20)).toBeCloseTo(10, 12); // 50% of 20
    expect(points(rule, 110, 100, 20)).toBeCloseTo(22, 12); // 110% of 20
    expect(points(rule, 50, 100, 20)).toBe(0);
    expect(points(rule, 200, 100, 20)).toBeCloseTo(24, 12);
    expect(points(rule, 100, 100, 20)).toBeCloseTo(20, 12);
  });

  it('with increasing values, a higher figure never lowers the points', () => {
    fc.assert(
      fc.property(
        increasing,
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (r, a, b, w) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          // on completion the target 1 makes completion = actual
          expect(points(r, hi, 1, w)).toBeGreaterThanOrEqual(points(r, lo, 1, w) - 1e-9);
        },
      ),
    );
  });

  it('stays between the first and the last value', () => {
    fc.assert(
      fc.property(
        increasing,
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (r, a, w) => {
          const toPoints = (v: number) => (r.unit === 'percent' ? (v / 100) * w : v);
          const p = points(r, a, 1, w);
          expect(p).toBeGreaterThanOrEqual(toPoints(r.points[0]!.value) - 1e-9);
          expect(p).toBeLessThanOrEqual(toPoints(r.points[r.points.length - 1]!.value) + 1e-9);
        },
      ),
    );
  });
});
