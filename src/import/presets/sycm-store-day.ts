/**
 * 生意参谋 › 首页/取数 › 店铺整体 by day (Taobao/Tmall "Business Advisor" store overview, one row per day).
 *
 * Real exports are GBK or UTF-8-with-BOM CSV or XLSX with title rows ("# 店铺名称：…", "统计时间：…")
 * above the header; amounts like 1,234.56, rates like 2.35%, '-' for empty.
 * 跳失率 (bounce rate) is stored as one-page visitors = round(跳失率 × 访客数), so that a month's bounce
 * rate is Σone-page / ΣUV (ratio of sums). 运费 is not in this export: shipping is stored as 0.
 */
import type { StoreDay } from '../../core/metrics/facts.ts';
import { t } from '../../core/text.ts';
import { fractionOf, type Preset } from './engine.ts';

export const sycmStoreDay: Preset<'store_day'> = {
  name: 'sycm-store-day',
  title: t('生意参谋 店铺整体日数据', 'Sycm (生意参谋) store overview by day'),
  kind: 'store_day',
  signature: ['访客数', '浏览量', '支付金额', '支付买家数'],
  columns: {
    date: { headers: ['日期', '统计日期', '统计时间'], type: 'date', required: true },
    uv: { headers: ['访客数'], type: 'count', required: true },
    pv: { headers: ['浏览量'], type: 'count', required: true },
    paidAmount: { headers: ['支付金额'], type: 'amount', required: true },
    payingBuyers: { headers: ['支付买家数'], type: 'count', required: true },
    orders: { headers: ['支付子订单数', '支付订单数', '支付父订单数'], type: 'count' },
    conversion: { headers: ['支付转化率'], type: 'percent' },
    aov: { headers: ['客单价'], type: 'amount' },
    bounceRate: { headers: ['跳失率'], type: 'percent' },
    pvPerVisitor: { headers: ['人均浏览量'], type: 'amount' },
    returningVisitors: { headers: ['老访客数'], type: 'count' },
    newVisitors: { headers: ['新访客数'], type: 'count' },
    refunds: { headers: ['成功退款金额', '退款金额'], type: 'amount' },
    shipping: { headers: ['运费'], type: 'amount' },
  },
  build(v, ctx) {
    const uv = v.count('uv') ?? 0;
    const buyers = v.count('payingBuyers') ?? 0;
    if (buyers > uv && uv > 0) {
      return {
        problems: [
          { field: 'payingBuyers', reason: t('支付买家数大于访客数', 'more paying buyers than visitors') },
        ],
      };
    }
    const bounce = v.amount('bounceRate');
    const record: StoreDay = {
      store: ctx.store,
      date: v.text('date'),
      paidAmount: v.amount('paidAmount') ?? '0',
      refunds: v.amount('refunds') ?? '0',
      shipping: v.amount('shipping') ?? '0',
      // 支付子订单数 when the export has it; otherwise one order per paying buyer (the platform's own default view)
      orders: v.count('orders') ?? buyers,
      payingBuyers: buyers,
      uv,
      pv: v.count('pv') ?? 0,
      onePageVisitors: bounce === null ? 0 : fractionOf(bounce, uv),
      newVisitors: v.count('newVisitors') ?? 0,
      returningVisitors: v.count('returningVisitors') ?? 0,
    };
    return { record };
  },
};
