/**
 * 门槛: a gate around a linear rule is still higher-is-better, scores `else` below the threshold, and the
 * inclusive flag decides the threshold itself (达到60% passes, 超过60% does not).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { scoreRule } from '../registry.ts';
import type { GateRule } from '../types.ts';

function points(rule: GateRule, actual: number, target: number, full: number): number {
  return scoreRule(rule, { actual, target, full, vars: {}, asPercent: false }, null);
}

const gateRule: fc.Arbitrary<GateRule> = fc
  .record({
    threshold: fc.double({ min: 0, max: 1, noNaN: true }),
    inclusive: fc.boolean(),
    cap: fc.option(fc.double({ min: 1, max: 2, noNaN: true }), { nil: undefined }),
  })
  .map(({ threshold, inclusive, cap }) => ({
    type: 'gate',
    threshold,
    inclusive,
    then: cap === undefined ? { type: 'linear' } : { type: 'linear', cap },
  }));

describe('gate', () => {
  it('56% of target under a 60% gate scores 0, and says so with the numbers', () => {
    const sink = new TraceSink();
    const rule: GateRule = {
      type: 'gate',
      threshold: 0.6,
      inclusive: true,
      then: { type: 'linear', cap: 1.2 },
    };
    const pts = scoreRule(
      rule,
      { actual: 140_000, target: 250_000, full: 20, vars: {}, asPercent: false },
      sink,
    );
    expect(pts).toBe(0);
    expect(sink.steps.map((s) => s.zh).join(' ')).toMatch(/56%.*60%/);
    expect(sink.steps.map((s) => s.en).join(' ')).toMatch(/56%.*60%/);
  });

  it('the threshold itself passes only when inclusive', () => {
    const inc: GateRule = { type: 'gate', threshold: 0.6, inclusive: true, then: { type: 'linear' } };
    expect(points(inc, 60, 100, 20)).toBeCloseTo(12, 12);
    expect(points({ ...inc, inclusive: false }, 60, 100, 20)).toBe(0);
    expect(points({ ...inc, else: 3 }, 59, 100, 20)).toBe(3);
  });

  it('a higher actual never lowers the points of a gate around linear', () => {
    fc.assert(
      fc.property(
        gateRule,
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (r, a, b, t, w) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(points(r, hi, t, w)).toBeGreaterThanOrEqual(points(r, lo, t, w));
        },
      ),
    );
  });

  it('a gate around a capped linear rule never exceeds cap × full points', () => {
    fc.assert(
      fc.property(
        gateRule.filter((r) => r.then.type === 'linear' && r.then.cap !== undefined),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (r, a, t, w) => {
          const cap = r.then.type === 'linear' ? r.then.cap! : Number.NaN;
          expect(points(r, a, t, w)).toBeLessThanOrEqual(cap * w);
        },
      ),
    );
  });
});
