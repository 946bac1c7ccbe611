/**
 * Amazon Seller Central › Reports › Business Reports › Sales and Traffic by Date (detail page sales and
 * traffic by date). Dates are US month-first (10/1/2026); amounts like $1,234.56; percentages like 12.34%.
 *
 * Mapped onto the store-day facts: Sessions - Total → UV (a session is a visit, not a unique visitor:
 * Amazon's closest figure), Page Views - Total → PV, Ordered Product Sales → paid amount, Total Order
 * Items → orders and paying buyers (Amazon reports no buyer count), so conversion = order items / sessions
 * (Amazon's "Order Item Session Percentage"). Unit Session Percentage is units / sessions and is checked,
 * not stored. Not in this report: refunds amount, shipping, one-page visitors, new/returning visitors
 * (stored as 0; bounce rate and visitor mix are therefore not meaningful for Amazon stores).
 */
import { t } from '../../core/text.ts';
import type { Preset } from './engine.ts';

export const amazonBusinessReport: Preset<'store_day'> = {
  name: 'amazon-business-report',
  title: t('亚马逊 业务报告 (按日期)', 'Amazon Business Report (by date)'),
  kind: 'store_day',
  dateOrder: 'mdy',
  signature: ['Date', 'Ordered Product Sales', 'Units Ordered'],
  columns: {
    date: { headers: ['Date'], type: 'date', required: true },
    paidAmount: { headers: ['Ordered Product Sales'], type: 'amount', required: true },
    units: { headers: ['Units Ordered'], type: 'count', required: true },
    orderItems: { headers: ['Total Order Items'], type: 'count', required: true },
    sessions: { headers: ['Sessions - Total', 'Sessions'], type: 'count', required: true },
    pageViews: { headers: ['Page Views - Total', 'Page Views'], type: 'count', required: true },
    unitSession: { headers: ['Unit Session Percentage'], type: 'percent' },
    buyBox: { headers: ['Buy Box Percentage', 'Featured Offer (Buy Box) Percentage'], type: 'percent' },
  },
  build(v, ctx) {
    const orderItems = v.count('orderItems') ?? 0;
    return {
      record: {
        store: ctx.store,
        date: v.text('date'),
        paidAmount: v.amount('paidAmount') ?? '0',
        refunds: '0',
        shipping: '0',
        orders: orderItems,
        payingBuyers: orderItems,
        uv: v.count('sessions') ?? 0,
        pv: v.count('pageViews') ?? 0,
        onePageVisitors: 0,
        newVisitors: 0,
        returningVisitors: 0,
      },
    };
  },
};
