/**
 * Commission bases (提成基数): net sales, gross profit, net profit.
 *
 * - net sales (总销售额) = paid − refunds − shipping, each line converted to CNY at its own rate
 *   (seed: "当月实际到账所有销售总额 − 运费"); refunds of earlier months' orders come off here only when
 *   the plan counts refunds in the month they happen (`refunds: month-refunded`);
 * - gross profit (毛利) = net sales − the plan's declared cost lines (cost of goods, platform fees, ads);
 * - net profit (纯利) = gross profit − own salary − allocated overhead (see commission.ts).
 */
import { type Dec, dec } from '../money.ts';
import type { TraceInput, TraceSink } from '../trace.ts';
import type { EmployeeMonth } from './pay-inputs.ts';
import type { CostLine, RefundTiming } from './plan.ts';

const COST_FIELD: Record<CostLine, 'costOfGoods' | 'platformFees' | 'adSpend'> = {
  cost_of_goods: 'costOfGoods',
  platform_fees: 'platformFees',
  ad_spend: 'adSpend',
};

const COST_ZH: Record<CostLine, string> = {
  cost_of_goods: '商品成本',
  platform_fees: '平台扣点',
  ad_spend: '推广费用',
};

export interface SalesTotals {
  netSales: Dec;
  costs: Record<CostLine, Dec>;
}

function src(e: EmployeeMonth, row: number): string {
  return `${e.file} row ${row}`;
}

const ZERO = dec(0);

/**
 * Net sales and cost lines in CNY, with a trace input per converted figure. Only the cost lines in
 * `costLines` are summed (the others stay 0).
 */
export function salesTotals(
  e: EmployeeMonth,
  refunds: RefundTiming,
  costLines: readonly CostLine[],
  inputs: TraceInput[] | null,
  sink: TraceSink | null,
): SalesTotals {
  let net = ZERO;
  const costs: Record<CostLine, Dec> = { cost_of_goods: ZERO, platform_fees: ZERO, ad_spend: ZERO };
  for (const s of e.sales) {
    const lineNet = s.paid.minus(s.refunds).minus(s.shipping);
    // CNY lines carry rate 1: skipping the multiplication is a measurable part of the month's second.
    const cny = s.currency === 'CNY' ? lineNet : lineNet.times(s.fxRate);
    net = net.plus(cny);
    for (const c of costLines) {
      const v = s[COST_FIELD[c]];
      if (!v.isZero()) costs[c] = costs[c].plus(s.currency === 'CNY' ? v : v.times(s.fxRate));
    }
    if (inputs) {
      const fx = s.currency === 'CNY' ? '' : ` ${s.currency} @ ${s.fxRate.toString()} (${s.fxDate ?? ''})`;
      inputs.push({
        name: `paid − refunds − shipping${s.store ? ` [${s.store}]` : ''}`,
        value: `${s.paid.toString()} − ${s.refunds.toString()} − ${s.shipping.toString()}${fx}`,
        source: src(e, s.row),
      });
    }
    if (sink && s.currency !== 'CNY') {
      sink.step(
        `${s.store || '销售'}：(${s.paid} − ${s.refunds} − ${s.shipping}) ${s.currency} × 汇率 ${s.fxRate}（${s.fxDate}）= ${cny} 元`,
        `${s.store || 'sales'}: (${s.paid} − ${s.refunds} − ${s.shipping}) ${s.currency} × rate ${s.fxRate} (${s.fxDate}) = CNY ${cny}`,
      );
    }
  }
  if (refunds === 'month-refunded') {
    for (const r of e.lateRefunds) {
      const cny = r.amount.times(r.fxRate);
      net = net.minus(cny);
      inputs?.push({
        name: `late refund (${r.originalMonth})`,
        value: r.amount.toString(),
        source: src(e, r.row),
      });
      sink?.step(
        `跨月退款 ${cny} 元（原订单 ${r.originalMonth}）按退款发生月计入本月，从净销售额中扣除`,
        `late refund CNY ${cny} (orders of ${r.originalMonth}) counts in the month refunded: deducted from net sales`,
      );
    }
  }
  sink?.step(
    `净销售额 = 支付 − 退款 − 运费 = ${net} 元`,
    `net sales = paid − refunds − shipping = CNY ${net}`,
  );
  return { netSales: net, costs };
}

export function grossProfit(
  totals: SalesTotals,
  costLines: readonly CostLine[],
  sink: TraceSink | null,
): Dec {
  let g = totals.netSales;
  for (const c of costLines) g = g.minus(totals.costs[c]);
  if (sink && costLines.length > 0) {
    sink.step(
      `毛利 = 净销售额 ${totals.netSales} − ${costLines.map((c) => `${COST_ZH[c]} ${totals.costs[c]}`).join(' − ')} = ${g}`,
      `gross profit = net sales ${totals.netSales} − ${costLines.map((c) => `${c} ${totals.costs[c]}`).join(' − ')} = ${g}`,
    );
  }
  return g;
}
