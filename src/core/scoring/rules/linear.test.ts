/**
 * 线性比例: a higher actual never lowers the points, and a cap is never exceeded (cap × full points).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { scoreRule } from '../registry.ts';
import type { LinearRule } from '../types.ts';

function points(rule: LinearRule, actual: number, target: number, full: number): number {
  return scoreRule(rule, { actual, target, full, vars: {}, asPercent: false }, null);
}

const actual = fc.double({ min: 0, max: 1e7, noNaN: true });
const target = fc.double({ min: 1, max: 1e6, noNaN: true });
const full = fc.integer({ min: 1, max: 100 });
const rule: fc.Arbitrary<LinearRule> = fc.oneof(
  fc.constant<LinearRule>({ type: 'linear' }),
  fc.double({ min: 0.5, max: 3, noNaN: true }).map((cap): LinearRule => ({ type: 'linear', cap })),
  fc
    .tuple(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }))
    .map(([floor, cap]): LinearRule => ({ type: 'linear', floor, cap })),
);

describe('linear', () => {
  it('scores the worked month: 1 260 000 / 1 000 000 capped at 120% × 30 = 36', () => {
    const sink = new TraceSink();
    const pts = scoreRule(
      { type: 'linear', cap: 1.2 },
      { actual: 1_260_000, target: 1_000_000, full: 30, vars: {}, asPercent: false },
      sink,
    );
    expect(pts).toBeCloseTo(36, 12);
    expect(sink.steps.map((s) => s.zh).join(' ')).toContain('126%');
    expect(sink.steps.map((s) => s.en).join(' ')).toContain('capped at 120%');
  });

  it('a higher actual never lowers the points (with and without a cap)', () => {
    fc.assert(
      fc.property(rule, actual, actual, target, full, (r, a, b, t, w) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(points(r, hi, t, w)).toBeGreaterThanOrEqual(points(r, lo, t, w));
      }),
    );
  });

  it('a capped indicator never exceeds cap × full points, and never goes below floor × full', () => {
    fc.assert(
      fc.property(rule, actual, target, full, (r, a, t, w) => {
        const p = points(r, a, t, w);
        if (r.cap !== undefined) expect(p).toBeLessThanOrEqual(r.cap * w);
        expect(p).toBeGreaterThanOrEqual((r.floor ?? 0) * w);
      }),
    );
  });

  it('below the cap, points are completion × full points', () => {
    expect(points({ type: 'linear', cap: 1.2 }, 180_000, 200_000, 10)).toBeCloseTo(9, 12);
    expect(points({ type: 'linear' }, 300, 100, 10)).toBeCloseTo(30, 12);
  });
});
