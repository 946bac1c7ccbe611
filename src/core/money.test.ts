/**
 * Money and exact decimals: roundPoints (the fast path's rounding) agrees with decimal.js half-up on the
 * value's shortest decimal string; sumRounded adds rounded values exactly; splitLargestRemainder's parts
 * add up to the total to the cent.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENTS, dec, roundPoints, roundTo, splitLargestRemainder, sumRounded } from './money.ts';

/** The reference: decimal.js half up (away from zero) on the number's shortest round-trip string. */
function reference(x: number, point: number): number {
  return new Decimal(String(x)).toDecimalPlaces(point, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * A decimal with at most 6 places and at most 11 significant digits, as a string (e.g. "-1234.005").
 * Points live well below 10⁵; roundPoints snaps to 12 significant digits, so this is its domain.
 */
const decimalText = fc
  .tuple(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), fc.integer({ min: 0, max: 6 }))
  .filter(([m, places]) => Math.abs(m) < 10 ** (places + 5))
  .map(([m, places]) => new Decimal(m).div(10 ** places).toFixed(places));

describe('roundPoints', () => {
  it.each<[number, number, number]>([
    [8.750000000000002, 2, 8.75],
    [1.005, 2, 1.01],
    [1.0049999, 2, 1],
    [2.675, 2, 2.68],
    [-2.675, 2, -2.68],
    [0.285, 2, 0.29],
    [64.285714285, 2, 64.29],
    [89.5, 0, 90],
    [-0.5, 0, -1],
    [0, 2, 0],
  ])('roundPoints(%d, %d) = %d', (x, point, want) => {
    expect(roundPoints(x, point)).toBe(want);
  });

  it('agrees with decimal.js half-up for random decimals with ≤ 6 places, at 0 to 4 places', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 4 }), (text, point) => {
        const x = Number(text);
        expect(roundPoints(x, point)).toBe(reference(x, point));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on exact halves at the rounding point (the cases floats get wrong)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -9_999_999, max: 9_999_999 }),
        fc.integer({ min: 0, max: 3 }),
        (m, point) => {
          // m.5 at the digit after `point`: e.g. 1.005, 12.345, -0.125
          const text = new Decimal(m)
            .plus(0.5)
            .div(10 ** point)
            .toFixed(point + 1);
          const x = Number(text);
          expect(roundPoints(x, point)).toBe(reference(x, point));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('removes the binary noise of a few float operations', () => {
    expect(roundPoints((1 - (0.09 - 0.08) / 0.08) * 10, 2)).toBe(8.75);
    expect(roundPoints(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundPoints((45 / 70) * 100, 2)).toBe(64.29);
  });
});

describe('sumRounded', () => {
  it('adds rounded values exactly', () => {
    expect(sumRounded([0.1, 0.2])).toBe(0.3);
    expect(sumRounded([53.75, 24, -1])).toBe(76.75);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 }), (cents) => {
        const want = cents.reduce((a, b) => a.plus(new Decimal(b).div(100)), new Decimal(0)).toNumber();
        expect(
          sumRounded(
            cents.map((c) => c / 100),
            2,
          ),
        ).toBe(want);
      }),
    );
  });
});

describe('roundTo', () => {
  it('rounds 1.005 half up to 1.01 (decimal, not float)', () => {
    expect(roundTo(dec('1.005'), CENTS).toFixed(2)).toBe('1.01');
    expect(roundTo(dec('-1.005'), CENTS).toFixed(2)).toBe('-1.01');
    expect(roundTo(dec('2.345'), { point: 2, mode: 'half-even' }).toFixed(2)).toBe('2.34');
  });
});

describe('splitLargestRemainder', () => {
  it('¥1 000.00 in 7 equal parts adds up to exactly 1 000.00', () => {
    const parts = splitLargestRemainder(dec('1000'), [1, 1, 1, 1, 1, 1, 1], 2);
    expect(parts.map((p) => p.toFixed(2))).toEqual([
      '142.86',
      '142.86',
      '142.86',
      '142.86',
      '142.86',
      '142.85',
      '142.85',
    ]);
    expect(parts.reduce((a, b) => a.plus(b), dec(0)).toFixed(2)).toBe('1000.00');
  });

  it('parts add up to the total exactly, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 })
          .filter((ws) => ws.some((w) => w > 0)),
        fc.integer({ min: 0, max: 4 }),
        (units, weights, point) => {
          const total = dec(units.toString()).div(dec(10).pow(point));
          const parts = splitLargestRemainder(total, weights, point);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => a.plus(b), dec(0)).eq(total)).toBe(true);
          const sumW = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(p.decimalPlaces()).toBeLessThanOrEqual(point);
            const exact = total.times(weights[i]!).div(sumW);
            expect(p.minus(exact).abs().lt(dec(10).pow(-point))).toBe(true);
          });
        },
      ),
    );
  });

  it('refuses a total with more decimals than the point, and weights adding to zero', () => {
    expect(() => splitLargestRemainder(dec('1.005'), [1, 1], 2)).toThrow(/decimals/);
    expect(() => splitLargestRemainder(dec('1'), [0, 0], 2)).toThrow(/zero/);
    expect(splitLargestRemainder(dec('1'), [], 2)).toEqual([]);
  });
});
