/**
 * Quantities as template files write them: 8%, 1.2万, 3千, 2W, 1.5K, "1,000,000", 0.95.
 * Percentages become fractions (8% → 0.08). Returns undefined when the text is not a quantity.
 */
const MULTIPLIERS: Record<string, number> = { 万: 1e4, w: 1e4, W: 1e4, 千: 1e3, k: 1e3, K: 1e3, 亿: 1e8 };

/** @example parseQuantity('8%') === 0.08; parseQuantity('1.2万') === 12000; parseQuantity(30) === 30 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().replace(/,/g, '').replace(/％/g, '%');
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|万|千|亿|[wWkK])?$/.exec(s);
  if (!m) return undefined;
  const num = Number(m[1]);
  const unit = m[2];
  if (!unit) return num;
  // Divide rather than multiply by 0.01 so that 8% is exactly the double nearest 0.08.
  if (unit === '%') return num / 100;
  return Number((num * MULTIPLIERS[unit]!).toPrecision(15));
}
