/**
 * Overhead allocation (公摊费用分摊) for net-profit commission: the month's rent, utilities … shared
 * among the employees on the component by the declared key.
 *
 * - headcount (按人数): equal shares;
 * - sales-share (按销售占比): in proportion to each person's net sales (people with negative net sales
 *   bear none);
 * - fixed-percent (固定比例): each person bears the declared fraction of the total.
 *
 * Headcount and sales-share shares are split by largest remainder so that they add up to the overhead
 * exactly, to the rounding point.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec, splitLargestRemainder } from '../money.ts';
import { t } from '../text.ts';
import { salesTotals } from './commission-base.ts';
import type { EmployeeMonth } from './pay-inputs.ts';
import type { Overhead, RefundTiming } from './plan.ts';

export interface OverheadShare {
  share: Dec;
  how: { zh: string; en: string };
}

export function allocateOverhead(
  overhead: Overhead,
  members: readonly EmployeeMonth[],
  refunds: RefundTiming,
  point: number,
  componentPath: string,
): { shares: Map<string, OverheadShare>; problems: Problem[] } {
  const shares = new Map<string, OverheadShare>();
  const problems: Problem[] = [];
  const total = overhead.items.reduce((a, b) => a.plus(b.amount), dec(0));
  const list = overhead.items.map((i) => `${i.name} ${i.amount}`).join(' + ');
  if (members.length === 0) return { shares, problems };
  switch (overhead.allocation) {
    case 'fixed-percent': {
      const p = overhead.percent ?? dec(0);
      for (const m of members) {
        shares.set(m.employee, {
          share: total.times(p),
          how: {
            zh: `公摊 ${list} = ${total}，固定比例 ${p.times(100)}%：${total.times(p)}`,
            en: `overhead ${list} = ${total}, fixed ${p.times(100)}%: ${total.times(p)}`,
          },
        });
      }
      break;
    }
    case 'headcount': {
      const parts = splitLargestRemainder(
        total.toDecimalPlaces(point),
        members.map(() => 1),
        point,
      );
      members.forEach((m, i) => {
        shares.set(m.employee, {
          share: parts[i]!,
          how: {
            zh: `公摊 ${list} = ${total}，按人数 ${members.length} 人（最大余额法）：${parts[i]}`,
            en: `overhead ${list} = ${total}, by headcount of ${members.length} (largest remainder): ${parts[i]}`,
          },
        });
      });
      break;
    }
    case 'sales-share': {
      const sales = members.map((m) => {
        const s = salesTotals(m, refunds, [], null, null).netSales;
        return s.isNegative() ? dec(0) : s;
      });
      const sum = sales.reduce((a, b) => a.plus(b), dec(0));
      if (sum.isZero()) {
        problems.push({
          severity: 'error',
          code: 'overhead_no_sales',
          message: t(
            '按销售占比分摊公摊费用，但所有人净销售额合计为 0',
            'overhead is shared by sales, but total net sales are 0',
          ),
          where: { path: `${componentPath}.overhead.allocation` },
        });
        return { shares, problems };
      }
      const parts = splitLargestRemainder(total.toDecimalPlaces(point), sales, point);
      members.forEach((m, i) => {
        shares.set(m.employee, {
          share: parts[i]!,
          how: {
            zh: `公摊 ${list} = ${total}，按销售占比 ${sales[i]} / ${sum}（最大余额法）：${parts[i]}`,
            en: `overhead ${list} = ${total}, by sales share ${sales[i]} / ${sum} (largest remainder): ${parts[i]}`,
          },
        });
      });
      break;
    }
  }
  return { shares, problems };
}
