/**
 * 反向指标 (lower is better): in both forms a higher actual never raises the points, and a cap holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { scoreRule } from '../registry.ts';
import { RuleInputError } from '../rule.ts';
import type { ReverseRule } from '../types.ts';

function points(rule: ReverseRule, actual: number, target: number, full: number): number {
  return scoreRule(rule, { actual, target, full, vars: {}, asPercent: true }, null);
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const reverseRule: fc.Arbitrary<ReverseRule> = fc
  .record({
    form: fc.constantFrom<ReverseRule['form']>('ratio', 'deviation'),
    slope: opt(fc.double({ min: 0, max: 10, noNaN: true })),
    maxDeduction: opt(fc.double({ min: 0, max: 2, noNaN: true })),
    cap: opt(fc.double({ min: 0.5, max: 2, noNaN: true })),
    floor: opt(fc.double({ min: 0, max: 0.5, noNaN: true })),
  })
  .map((r) => {
    const out: ReverseRule = { type: 'reverse', form: r.form };
    if (r.slope !== undefined) out.slope = r.slope;
    if (r.maxDeduction !== undefined) out.maxDeduction = r.maxDeduction;
    if (r.cap !== undefined) out.cap = r.cap;
    if (r.floor !== undefined) out.floor = r.floor;
    return out;
  });

// positive actuals: target ÷ actual is undefined at 0 and a cost ratio is never negative
const actual = fc.double({ min: 1e-4, max: 10, noNaN: true });
const target = fc.double({ min: 1e-3, max: 5, noNaN: true });
const full = fc.integer({ min: 1, max: 100 });

describe('reverse', () => {
  it('deviation form: cost 9% against 8% → 87.5% → 8.75 of 10, explained in zh and en', () => {
    const sink = new TraceSink();
    const pts = scoreRule(
      { type: 'reverse', form: 'deviation', cap: 1 },
      { actual: 0.09, target: 0.08, full: 10, vars: {}, asPercent: true },
      sink,
    );
    expect(pts).toBeCloseTo(8.75, 12);
    for (const lang of ['zh', 'en'] as const) {
      const text = sink.steps.map((s) => s[lang]).join(' ');
      expect(text).toContain('12.5%');
      expect(text).toContain('87.5%');
      expect(text).toContain('8.75');
    }
  });

  it('ratio form: target ÷ actual (8% / 9% of 10 points = 8.89)', () => {
    expect(points({ type: 'reverse', form: 'ratio', cap: 1 }, 0.09, 0.08, 10)).toBeCloseTo(80 / 9, 12);
  });

  it('slope and maximum deduction: 100 − min((a − t)/t × k, m)', () => {
    // (12% − 8%)/8% = 50% × 2 = 100%, limited to 30% → 70% of 10
    expect(
      points({ type: 'reverse', form: 'deviation', slope: 2, maxDeduction: 0.3 }, 0.12, 0.08, 10),
    ).toBeCloseTo(7, 12);
  });

  it('refuses an actual of 0 in the ratio form instead of scoring Infinity', () => {
    expect(() => points({ type: 'reverse', form: 'ratio' }, 0, 0.08, 10)).toThrow(RuleInputError);
  });

  it('a higher actual never raises the points (both forms)', () => {
    fc.assert(
      fc.property(reverseRule, actual, actual, target, full, (r, a, b, t, w) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(points(r, hi, t, w)).toBeLessThanOrEqual(points(r, lo, t, w));
      }),
    );
  });

  it('a capped reverse indicator never exceeds cap × full points and never goes below 0', () => {
    fc.assert(
      fc.property(reverseRule, actual, target, full, (r, a, t, w) => {
        const p = points(r, a, t, w);
        if (r.cap !== undefined) expect(p).toBeLessThanOrEqual(r.cap * w);
        expect(p).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
