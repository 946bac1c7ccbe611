/**
 * 每…加/扣…分 (per-unit rules, issue 8 §1): direction of reward, floor, deduction cap and addition cap for
 * any input, and prorated / whole-step readings agreeing on exact multiples of the step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { scoreRule } from '../registry.ts';
import type { PerUnitFloor, PerUnitRule } from '../types.ts';
import { perUnitBase, perUnitFloor } from './per-unit.ts';

function points(rule: PerUnitRule, actual: number, target: number, full: number): number {
  return scoreRule(rule, { actual, target, full, vars: {}, asPercent: false }, null);
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const floorArb: fc.Arbitrary<PerUnitFloor> = fc.oneof(
  fc.constant<PerUnitFloor>('none'),
  fc.integer({ min: -20, max: 10 }).map((p): PerUnitFloor => ({ points: p })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): PerUnitFloor => ({ fractionOfFull: f })),
);

/**
 * Any per-unit rule whose per-step points have the given signs: 'higher' = adds above / deducts below,
 * 'lower' = deducts above / adds below, 'any' = free signs.
 */
function perUnitRule(kind: 'higher' | 'lower' | 'any'): fc.Arbitrary<PerUnitRule> {
  const above =
    kind === 'higher'
      ? fc.double({ min: 0, max: 10, noNaN: true })
      : kind === 'lower'
        ? fc.double({ min: -10, max: 0, noNaN: true })
        : fc.double({ min: -10, max: 10, noNaN: true });
  const below =
    kind === 'higher'
      ? fc.double({ min: -10, max: 0, noNaN: true })
      : kind === 'lower'
        ? fc.double({ min: 0, max: 10, noNaN: true })
        : fc.double({ min: -10, max: 10, noNaN: true });
  return fc
    .record({
      on: fc.constantFrom<PerUnitRule['on']>('actual', 'completion'),
      reference: fc.oneof(
        fc.constant<PerUnitRule['reference']>('target'),
        fc.constant<PerUnitRule['reference']>('zero'),
        fc.double({ min: 0.01, max: 2, noNaN: true }).map((value): PerUnitRule['reference'] => ({ value })),
      ),
      direction: fc.constantFrom<PerUnitRule['direction']>('above', 'below', 'both'),
      step: fc.integer({ min: 1, max: 200 }).map((k) => k / 1000),
      stepOf: fc.constantFrom<PerUnitRule['stepOf']>('absolute', 'target'),
      partial: fc.constantFrom<PerUnitRule['partial']>('whole', 'prorated'),
      above,
      below,
      base: fc.oneof(
        fc.constant<PerUnitRule['base']>('full'),
        fc.integer({ min: 0, max: 60 }).map((p): PerUnitRule['base'] => ({ points: p })),
      ),
      floor: floorArb,
      maxDeduction: opt(fc.integer({ min: 0, max: 30 })),
      maxAddition: opt(fc.integer({ min: 0, max: 30 })),
    })
    .map((r) => {
      const rule: PerUnitRule = {
        type: 'per-unit',
        on: r.on,
        reference: r.reference,
        direction: r.direction,
        step: r.step,
        // steps in percent of a zero reference are undefined (the rule refuses them)
        stepOf: r.reference === 'zero' ? 'absolute' : r.stepOf,
        partial: r.partial,
        base: r.base,
        floor: r.floor,
      };
      if (r.direction !== 'below') rule.perStepAbove = r.above;
      if (r.direction !== 'above') rule.perStepBelow = r.below;
      if (r.maxDeduction !== undefined) rule.maxDeduction = r.maxDeduction;
      if (r.maxAddition !== undefined) rule.maxAddition = r.maxAddition;
      return rule;
    });
}

const actual = fc.double({ min: 0, max: 10, noNaN: true });
const target = fc.integer({ min: 1, max: 5000 }).map((k) => k / 1000);
const full = fc.integer({ min: 1, max: 50 });

describe('per-unit', () => {
  // "每高于目标0.5%扣2分，最低扣至0分": complaint rate target 5%, actual 6.2%, 10 points
  const complaint: PerUnitRule = {
    type: 'per-unit',
    on: 'actual',
    reference: 'target',
    direction: 'above',
    step: 0.005,
    stepOf: 'absolute',
    partial: 'whole',
    perStepAbove: -2,
    base: 'full',
    floor: { points: 0 },
  };

  it('whole steps: 1.2 pp over → 2 steps → 10 − 4 = 6; prorated: 2.4 steps → 5.2', () => {
    expect(points(complaint, 0.062, 0.05, 10)).toBeCloseTo(6, 12);
    expect(points({ ...complaint, partial: 'prorated' }, 0.062, 0.05, 10)).toBeCloseTo(5.2, 9);
  });

  it('counts (6% − 5%) / 0.5% as 2 whole steps despite binary noise', () => {
    expect(points(complaint, 0.06, 0.05, 10)).toBe(6);
  });

  it('deducts down to the floor and no further (扣完为止)', () => {
    expect(points(complaint, 0.2, 0.05, 10)).toBe(0);
    expect(points({ ...complaint, floor: 'none' }, 0.2, 0.05, 10)).toBeCloseTo(10 - 2 * 30, 9);
    expect(points({ ...complaint, floor: 'none', maxDeduction: 10 }, 0.2, 0.05, 10)).toBe(0);
  });

  it('explains the reading it used (whole or prorated) in zh and en', () => {
    const sink = new TraceSink();
    scoreRule(
      { ...complaint, partial: 'prorated' },
      { actual: 0.062, target: 0.05, full: 10, vars: {}, asPercent: true },
      sink,
    );
    const zh = sink.steps.map((s) => s.zh).join(' ');
    const en = sink.steps.map((s) => s.en).join(' ');
    expect(zh).toContain('按比例');
    expect(en).toContain('prorated');
    expect(zh).toContain('2.4');
    expect(en).toContain('2.4');
  });

  it('adding above / deducting below: a higher actual never lowers the points', () => {
    fc.assert(
      fc.property(perUnitRule('higher'), actual, actual, target, full, (r, a, b, t, w) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(points(r, hi, t, w)).toBeGreaterThanOrEqual(points(r, lo, t, w) - 1e-9);
      }),
    );
  });

  it('deducting above / adding below: a higher actual never raises the points', () => {
    fc.assert(
      fc.property(perUnitRule('lower'), actual, actual, target, full, (r, a, b, t, w) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(points(r, hi, t, w)).toBeLessThanOrEqual(points(r, lo, t, w) + 1e-9);
      }),
    );
  });

  it('respects the floor, the deduction cap and the addition cap for any input', () => {
    fc.assert(
      fc.property(
        perUnitRule('any'),
        fc.double({ min: -10, max: 100, noNaN: true }),
        target,
        full,
        (r, a, t, w) => {
          const p = points(r, a, t, w);
          const base = perUnitBase(r, w);
          const floor = perUnitFloor(r, w);
          expect(Number.isFinite(p)).toBe(true);
          if (floor !== undefined) expect(p).toBeGreaterThanOrEqual(floor - 1e-9);
          if (r.maxDeduction !== undefined) expect(p).toBeGreaterThanOrEqual(base - r.maxDeduction - 1e-9);
          if (r.maxAddition !== undefined) {
            // the floor is the only thing that may lift points above base + maxAddition
            expect(p).toBeLessThanOrEqual(Math.max(base + r.maxAddition, floor ?? -Infinity) + 1e-9);
          }
        },
      ),
    );
  });

  it('prorated and whole-step readings agree on exact multiples of the step (absolute steps)', () => {
    fc.assert(
      fc.property(
        perUnitRule('any').map(
          (r): PerUnitRule => ({ ...r, on: 'actual', reference: 'target', stepOf: 'absolute', step: 0.005 }),
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        target,
        full,
        (r, k, up, t, w) => {
          const a = up ? t + k * 0.005 : t - k * 0.005;
          const whole = points({ ...r, partial: 'whole' }, a, t, w);
          const prorated = points({ ...r, partial: 'prorated' }, a, t, w);
          expect(Math.abs(whole - prorated)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('prorated and whole-step readings agree on exact multiples of the step (percent of the target)', () => {
    fc.assert(
      fc.property(
        perUnitRule('any').map(
          (r): PerUnitRule => ({ ...r, on: 'actual', reference: 'target', stepOf: 'target', step: 0.01 }),
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1_000_000 }),
        full,
        (r, k, up, t, w) => {
          // k whole steps of 1% of the target above or below it
          const a = t * (1 + (up ? k : -k) * 0.01);
          const whole = points({ ...r, partial: 'whole' }, a, t, w);
          const prorated = points({ ...r, partial: 'prorated' }, a, t, w);
          expect(Math.abs(whole - prorated)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('"+1 per 5% above target, at most +5" and "最低不得低于80%得分" stop exactly at their bounds', () => {
    const bonus: PerUnitRule = {
      type: 'per-unit',
      on: 'completion',
      reference: 'target',
      direction: 'both',
      step: 0.05,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: 1,
      perStepBelow: -1,
      base: 'full',
      floor: { fractionOfFull: 0.8 },
      maxAddition: 5,
    };
    expect(points(bonus, 120, 100, 20)).toBe(24); // 4 steps
    expect(points(bonus, 125, 100, 20)).toBe(25); // 5 steps, the cap
    expect(points(bonus, 130, 100, 20)).toBe(25); // 6 steps, one over the cap
    expect(points(bonus, 140, 100, 20)).toBe(25); // 8 steps, capped at +5
    expect(points(bonus, 85, 100, 20)).toBe(17); // 3 steps below
    expect(points(bonus, 80, 100, 20)).toBe(16); // 4 steps below: exactly the 80% floor
    expect(points(bonus, 75, 100, 20)).toBe(16); // 5 steps below would be 15: held at the floor
    expect(points(bonus, 50, 100, 20)).toBe(16); // 10 steps below, held at the floor
  });

  it('counted events from zero: 每出现一次扣2分, at most 10', () => {
    const events: PerUnitRule = {
      type: 'per-unit',
      on: 'actual',
      reference: 'zero',
      direction: 'above',
      step: 1,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: -2,
      base: 'full',
      floor: 'none',
      maxDeduction: 10,
    };
    expect(points(events, 0, 0, 20)).toBe(20);
    expect(points(events, 3, 0, 20)).toBe(14);
    expect(points(events, 9, 0, 20)).toBe(10);
  });
});
