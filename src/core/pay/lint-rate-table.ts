/**
 * A linter for rate tables (提成表检查): the mistakes that hand-made commission sheets carry.
 *
 * - gaps ("0–10 万 / 11 万–20 万": what does 105 000 earn?) and overlaps: errors;
 * - tiers out of order, more than one open-ended tier: errors;
 * - a first tier that does not start at 0: a warning (amounts below it earn nothing);
 * - rates that go down as the amount goes up: a warning (selling more can pay less);
 * - in a flat (retroactive) table, the cliff at each boundary: a warning saying how much more the
 *   whole commission jumps when the amount crosses it — 1 元 more sales, thousands more pay.
 */
import type { Problem, Where } from '../errors.ts';
import { t } from '../text.ts';
import type { RateTable } from './rate-table.ts';

export function lintRateTable(table: RateTable, where: Where): Problem[] {
  const problems: Problem[] = [];
  const at = (i: number): Where => ({ ...where, path: `${where.path ?? ''}.tiers[${i}]` });
  const tiers = table.tiers;
  if (tiers.length === 0) {
    problems.push({
      severity: 'error',
      code: 'rate_table_empty',
      message: t('提成表没有任何档位', 'the rate table has no tiers'),
      where,
    });
    return problems;
  }
  const first = tiers[0]!;
  if (!first.from.isZero()) {
    problems.push({
      severity: 'warning',
      code: 'rate_table_starts_above_zero',
      message: t(
        `第一档从 ${first.from.toString()} 开始，低于它的金额没有提成`,
        `the first tier starts at ${first.from.toString()}: amounts below it earn nothing`,
      ),
      where: at(0),
      fix: t(
        '若是门槛，请改用 threshold 字段明确声明',
        'if this is a threshold, declare it with the threshold field',
      ),
    });
  }
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i]!;
    if (tier.rate.isNegative()) {
      problems.push({
        severity: 'error',
        code: 'rate_negative',
        message: t(`比例 ${tier.rate.toString()} 为负`, `rate ${tier.rate.toString()} is negative`),
        where: { ...at(i), value: tier.rate.toString() },
      });
    }
    if (tier.to?.lte(tier.from)) {
      problems.push({
        severity: 'error',
        code: 'tier_empty',
        message: t(
          `档位 ${tier.from.toString()}–${tier.to.toString()} 的上限不大于下限`,
          `tier ${tier.from.toString()}–${tier.to.toString()} ends at or before its start`,
        ),
        where: at(i),
      });
    }
    if (tier.to === null && i < tiers.length - 1) {
      problems.push({
        severity: 'error',
        code: 'tier_open_not_last',
        message: t('只有最后一档可以没有上限', 'only the last tier may have no upper end'),
        where: at(i),
      });
    }
    const next = tiers[i + 1];
    if (!next || tier.to === null) continue;
    if (next.from.lt(tier.from)) {
      problems.push({
        severity: 'error',
        code: 'tiers_unordered',
        message: t('档位必须按金额从小到大排列', 'tiers must be in ascending order'),
        where: at(i + 1),
      });
      continue;
    }
    if (next.from.gt(tier.to)) {
      problems.push({
        severity: 'error',
        code: 'tier_gap',
        message: t(
          `${tier.to.toString()} 与 ${next.from.toString()} 之间有空档：这之间的金额不属于任何档位`,
          `gap between ${tier.to.toString()} and ${next.from.toString()}: amounts in between fall in no tier`,
        ),
        where: at(i + 1),
        fix: t(`把下一档的起点改为 ${tier.to.toString()}`, `start the next tier at ${tier.to.toString()}`),
      });
    } else if (next.from.lt(tier.to)) {
      problems.push({
        severity: 'error',
        code: 'tier_overlap',
        message: t(
          `${next.from.toString()}–${tier.to.toString()} 同时属于两个档位`,
          `${next.from.toString()}–${tier.to.toString()} belongs to two tiers`,
        ),
        where: at(i + 1),
        fix: t(`把下一档的起点改为 ${tier.to.toString()}`, `start the next tier at ${tier.to.toString()}`),
      });
    }
    if (next.rate.lt(tier.rate)) {
      problems.push({
        severity: 'warning',
        code: 'rate_not_monotonic',
        message: t(
          `比例从 ${tier.rate.times(100).toString()}% 降到 ${next.rate.times(100).toString()}%：卖得多反而可能拿得少`,
          `the rate falls from ${tier.rate.times(100).toString()}% to ${next.rate.times(100).toString()}%: selling more can pay less`,
        ),
        where: at(i + 1),
      });
    }
    if (table.mode === 'flat' && !next.rate.eq(tier.rate)) {
      // In a flat table the whole amount changes rate at the boundary b: the commission goes from
      // b × r_low to b × r_high in one step.
      const b = next.from;
      const cliff = b.times(next.rate.minus(tier.rate));
      problems.push({
        severity: 'warning',
        code: 'flat_cliff',
        message: t(
          `全额累进在 ${b.toString()} 处跳变 ${cliff.toFixed(2)}（${b.times(tier.rate).toFixed(2)} → ${b.times(next.rate).toFixed(2)}）`,
          `the flat table jumps by ${cliff.toFixed(2)} at ${b.toString()} (${b.times(tier.rate).toFixed(2)} → ${b.times(next.rate).toFixed(2)})`,
        ),
        where: { ...at(i + 1), value: cliff.toFixed(2) },
        fix: t('若不希望跳变，改用 marginal（超额累进）', 'use marginal mode if the jump is not intended'),
      });
    }
  }
  return problems;
}
