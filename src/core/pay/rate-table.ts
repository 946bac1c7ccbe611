/**
 * Rate tables (提成比例表 / 阶梯提成).
 *
 * A table is a list of tiers `from … to` with a rate, and a declared tier mode — the choice that
 * causes most commission disputes, so it is never implied:
 *
 * - `flat` (全额累进, retroactive): the rate of the tier the amount reaches applies to the whole amount.
 *   220 000 on 0–150 000 at 4 % / above at 8 % → 220 000 × 8 % = 17 600.
 * - `marginal` (超额累进): each slice of the amount is paid at its own tier's rate.
 *   Same table → 150 000 × 4 % + 70 000 × 8 % = 11 600.
 * - `interpolated` (线性插值): the rate moves in a straight line from one tier's start to the next's,
 *   then applies to the whole amount; no cliff anywhere.
 *
 * `boundary` says which tier owns an amount that equals a boundary: `lower-inclusive` tiers are
 * [from, to) (150 000 is in the upper tier, "150 000 以上"), `upper-inclusive` are (from, to]
 * (150 000 is still in the lower tier, "150 000 以内"). Only the flat mode can tell the difference.
 */
import { type Dec, dec } from '../money.ts';
import type { TraceSink } from '../trace.ts';

export const TIER_MODES = ['flat', 'marginal', 'interpolated'] as const;
export type TierMode = (typeof TIER_MODES)[number];

export const BOUNDARY_RULES = ['lower-inclusive', 'upper-inclusive'] as const;
export type BoundaryRule = (typeof BOUNDARY_RULES)[number];

export interface Tier {
  from: Dec;
  /** `null` on the last tier: no upper end. */
  to: Dec | null;
  /** A fraction: 0.04 for 4 %. */
  rate: Dec;
}

export interface RateTable {
  mode: TierMode;
  boundary: BoundaryRule;
  tiers: Tier[];
}

const ZERO = dec(0);

function pctText(rate: Dec): string {
  return `${rate.times(100).toString()}%`;
}

/** The tier that owns `x` under the table's boundary rule, or undefined in a gap / below the first tier. */
export function tierOf(table: RateTable, x: Dec): Tier | undefined {
  for (const tier of table.tiers) {
    // Tiers are checked in order (the linter demands ascending tiers), so with upper-inclusive tiers
    // (from, to] an amount equal to a boundary is claimed by the lower tier before the upper one sees
    // it, and an amount equal to the first tier's `from` (usually 0) still lands in the first tier.
    const belowTo =
      tier.to === null || (table.boundary === 'lower-inclusive' ? x.lt(tier.to) : x.lte(tier.to));
    if (x.gte(tier.from) && belowTo) return tier;
  }
  return undefined;
}

/** Rate at `x` for the interpolated mode: straight line between consecutive tier starts. */
function interpolatedRate(table: RateTable, x: Dec): Dec {
  const tiers = table.tiers;
  const first = tiers[0];
  if (!first || x.lt(first.from)) return ZERO;
  for (let i = 0; i < tiers.length - 1; i++) {
    const a = tiers[i]!;
    const b = tiers[i + 1]!;
    if (x.lt(b.from)) {
      const span = b.from.minus(a.from);
      if (span.isZero()) return b.rate;
      return a.rate.plus(b.rate.minus(a.rate).times(x.minus(a.from)).div(span));
    }
  }
  return tiers[tiers.length - 1]!.rate;
}

/** Commission for a cumulative amount `x` measured from zero (no trace). */
export function commissionAt(table: RateTable, x: Dec): Dec {
  if (x.lte(0)) return ZERO;
  switch (table.mode) {
    case 'flat': {
      const tier = tierOf(table, x);
      return tier ? x.times(tier.rate) : ZERO;
    }
    case 'marginal': {
      let sum = ZERO;
      for (const tier of table.tiers) {
        if (x.lte(tier.from)) continue;
        const top = tier.to === null || x.lt(tier.to) ? x : tier.to;
        sum = sum.plus(top.minus(tier.from).times(tier.rate));
      }
      return sum;
    }
    case 'interpolated':
      return x.times(interpolatedRate(table, x));
  }
}

function explainAt(table: RateTable, x: Dec, sink: TraceSink): void {
  if (x.lte(0)) {
    sink.step(`金额 ${x.toString()} ≤ 0，提成为 0`, `amount ${x.toString()} ≤ 0, commission 0`);
    return;
  }
  switch (table.mode) {
    case 'flat': {
      const tier = tierOf(table, x);
      if (!tier) {
        sink.step(`${x.toString()} 不在任何档位内，提成为 0`, `${x.toString()} is in no tier, commission 0`);
        return;
      }
      const range = `${tier.from.toString()}–${tier.to === null ? '∞' : tier.to.toString()}`;
      sink.step(
        `全额累进：${x.toString()} 落在 ${range} 档，全额按 ${pctText(tier.rate)}：${x.toString()} × ${pctText(tier.rate)} = ${x.times(tier.rate).toString()}`,
        `flat: ${x.toString()} is in tier ${range}, whole amount at ${pctText(tier.rate)}: ${x.toString()} × ${pctText(tier.rate)} = ${x.times(tier.rate).toString()}`,
      );
      return;
    }
    case 'marginal': {
      const parts: string[] = [];
      for (const tier of table.tiers) {
        if (x.lte(tier.from)) continue;
        const top = tier.to === null || x.lt(tier.to) ? x : tier.to;
        parts.push(`${top.minus(tier.from).toString()} × ${pctText(tier.rate)}`);
      }
      const total = commissionAt(table, x).toString();
      sink.step(`超额累进：${parts.join(' + ')} = ${total}`, `marginal: ${parts.join(' + ')} = ${total}`);
      return;
    }
    case 'interpolated': {
      const r = interpolatedRate(table, x);
      sink.step(
        `线性插值：${x.toString()} 处比例 ${pctText(r)}，${x.toString()} × ${pctText(r)} = ${x.times(r).toString()}`,
        `interpolated: rate at ${x.toString()} is ${pctText(r)}, ${x.toString()} × ${pctText(r)} = ${x.times(r).toString()}`,
      );
    }
  }
}

/**
 * Commission on `amount` when `credited` has already been paid on earlier in the same accumulation
 * period (year to date, quarter …): f(credited + amount) − f(credited).
 *
 * @example marginal 0–150 000 at 4 %, 150 000–250 000 at 6 %, above at 8 %; credited 145 000, new
 * 20 000 → f(165 000) − f(145 000) = 6 900 − 5 800 = 1 100.
 */
export function applyRateTable(
  table: RateTable,
  amount: Dec,
  credited: Dec = ZERO,
  sink?: TraceSink | null,
): Dec {
  if (credited.isZero()) {
    if (sink) explainAt(table, amount, sink);
    return commissionAt(table, amount);
  }
  const end = credited.plus(amount);
  const before = commissionAt(table, credited);
  const after = commissionAt(table, end);
  if (sink) {
    sink.step(
      `已累计 ${credited.toString()}，本次 ${amount.toString()}，累计 ${end.toString()}`,
      `already credited ${credited.toString()}, new ${amount.toString()}, cumulative ${end.toString()}`,
    );
    explainAt(table, end, sink);
    explainAt(table, credited, sink);
    sink.step(
      `本次提成 = ${after.toString()} − ${before.toString()} = ${after.minus(before).toString()}`,
      `this commission = ${after.toString()} − ${before.toString()} = ${after.minus(before).toString()}`,
    );
  }
  return after.minus(before);
}

/** The effective rate paid on `amount` (commission / amount), used to claw back at the original rate. */
export function effectiveRate(table: RateTable, amount: Dec): Dec {
  if (amount.lte(0)) return ZERO;
  return commissionAt(table, amount).div(amount);
}
