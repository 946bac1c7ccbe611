/**
 * Money and exact decimals (金额与精确小数).
 *
 * Every amount of money is a decimal.js `Decimal`, never a JS number. Rounding is declared, never
 * implied: the one place that rounds is {@link roundTo}, with a mode from {@link RoundingMode}.
 * The default is 四舍五入 (half up, away from zero for .5) to 0.01 元, the way Chinese payroll rounds.
 * At the edges (files, database, JSON) amounts travel as strings such as "1234.56".
 */
import { Decimal } from 'decimal.js';

/** A private Decimal constructor so that no other module's configuration can change ours. */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = Decimal;

export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

export interface Rounding {
  /** Decimal places kept: 2 for 分 (0.01 元), 0 for 元. */
  point: number;
  mode: RoundingMode;
}

/** 四舍五入到分: half up to 0.01. */
export const CENTS: Rounding = { point: 2, mode: 'half-up' };

/** Parses a decimal from a string or a number (numbers via their shortest round-trip string). */
export function dec(value: Decimal.Value): Decimal {
  return new Dec(value);
}

/** Rounds at the declared point and mode. @example roundTo(dec('1.005'), CENTS).toFixed(2) === '1.01' */
export function roundTo(value: Decimal, rounding: Rounding): Decimal {
  return value.toDecimalPlaces(rounding.point, MODES[rounding.mode]);
}

/** Formats an amount with exactly `point` decimals, e.g. "1234.50". */
export function fmt(value: Decimal, point = 2): string {
  return value.toFixed(point);
}

/**
 * Rounds a binary64 result of the fast scoring path at a declared point.
 *
 * Scores (points, not money) are computed on plain numbers for speed; binary64 noise such as
 * 8.750000000000002 must not decide a half-up rounding. The value is first snapped to 12 significant
 * digits, which removes the noise of the few operations a rule performs, then rounded half up in
 * decimal. Tests compare this against a decimal.js reference.
 * @example roundPoints(8.750000000000002, 2) === 8.75; roundPoints(1.005, 2) === 1.01
 */
export function roundPoints(value: number, point = 2): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  // Fast path: away from a half, the few ulps of binary noise that snapping removes cannot change the
  // result, so round without the two string conversions (most of the time spent scoring).
  const f = point === 2 ? 100 : 10 ** point;
  const s = value < 0 ? -value * f : value * f;
  const fl = Math.floor(s);
  const frac = s - fl;
  if (Math.abs(frac - 0.5) > s * 1e-11 + 1e-9 && s < 1e15) {
    const r = (frac > 0.5 ? fl + 1 : fl) / f;
    return value < 0 ? -r : r;
  }
  const snapped = Number(value.toPrecision(12));
  const factor = 10 ** point;
  const scaled = Math.abs(snapped) * factor;
  // toPrecision again guards against x.5 becoming x.4999999 after the multiplication
  const rounded = Math.floor(Number(scaled.toPrecision(12)) + 0.5) / factor;
  return snapped < 0 ? -rounded : rounded;
}

/** Sums numbers that are already rounded to `point` decimals, exactly, by adding integer units. */
export function sumRounded(values: readonly number[], point = 2): number {
  const factor = 10 ** point;
  let units = 0;
  for (const v of values) units += Math.round(v * factor);
  return units / factor;
}

/**
 * Splits `total` (already at `point` decimals) into parts proportional to `weights` so that the
 * rounded parts add up exactly to the total: largest remainder (最大余额法), ties to the earlier part.
 * @example splitLargestRemainder(dec('1000'), [1,1,1,1,1,1,1], 2) sums to exactly 1000.00
 */
export function splitLargestRemainder(
  total: Decimal,
  weights: readonly Decimal.Value[],
  point = 2,
): Decimal[] {
  const ws = weights.map((w) => dec(w));
  const sumW = ws.reduce((a, b) => a.plus(b), dec(0));
  if (ws.length === 0) return [];
  if (sumW.isZero()) throw new Error('splitLargestRemainder: weights add up to zero');
  const unit = dec(10).pow(-point);
  const totalUnits = total.div(unit);
  if (!totalUnits.isInteger())
    throw new Error(`splitLargestRemainder: total ${total} has more than ${point} decimals`);
  const exact = ws.map((w) => totalUnits.times(w).div(sumW));
  const floors = exact.map((e) => e.floor());
  let left = totalUnits.minus(floors.reduce((a, b) => a.plus(b), dec(0))).toNumber();
  const order = exact
    .map((e, i) => ({ i, rem: e.minus(floors[i]!) }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  const units = floors.slice();
  for (const { i } of order) {
    if (left <= 0) break;
    units[i] = units[i]!.plus(1);
    left--;
  }
  return units.map((u) => u.times(unit));
}
