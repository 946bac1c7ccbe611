/**
 * Shopify admin › Orders › Export (CSV "for Excel, Numbers or other spreadsheet programs").
 *
 * One row per line item; the order-level figures (Subtotal, Shipping, Total, Refunded Amount, Paid at)
 * are filled on the first row of each order only. Lines are numbered 1, 2, … in file order within each
 * order Name (#1001). Line amount = Lineitem quantity × Lineitem price (before order discounts); the
 * order's shipping and refund are put on line 1 so that they are counted once. Dates are the shop's
 * local time as exported ("2026-10-01 12:34:56 +0800"): the calendar date is taken as written.
 */
import { dec } from '../../core/money.ts';
import { t } from '../../core/text.ts';
import type { Preset } from './engine.ts';

interface OrderHead {
  lines: number;
  created: string;
  paid: string;
  status: string;
}

export const shopifyOrders: Preset<'order_line'> = {
  name: 'shopify-orders',
  title: t('Shopify 订单导出', 'Shopify orders export'),
  kind: 'order_line',
  signature: ['Name', 'Lineitem quantity', 'Lineitem price'],
  columns: {
    name: { headers: ['Name'], type: 'text', required: true },
    created: { headers: ['Created at'], type: 'date', required: true, needsValue: false },
    paid: { headers: ['Paid at'], type: 'date' },
    subtotal: { headers: ['Subtotal'], type: 'amount' },
    shipping: { headers: ['Shipping'], type: 'amount' },
    total: { headers: ['Total'], type: 'amount' },
    refunded: { headers: ['Refunded Amount'], type: 'amount' },
    status: { headers: ['Financial Status'], type: 'text' },
    quantity: { headers: ['Lineitem quantity'], type: 'count', required: true },
    price: { headers: ['Lineitem price'], type: 'amount', required: true },
    sku: { headers: ['Lineitem sku'], type: 'text' },
    lineName: { headers: ['Lineitem name'], type: 'text' },
  },
  build(v, ctx, state) {
    const orderId = v.text('name');
    let head = state.memo.get(orderId) as OrderHead | undefined;
    const first = head === undefined;
    if (!head) {
      if (!v.text('created')) {
        return {
          problems: [
            {
              field: 'created',
              reason: t('订单首行缺少创建时间', 'the first row of an order needs Created at'),
            },
          ],
        };
      }
      head = { lines: 0, created: v.text('created'), paid: v.text('paid'), status: v.text('status') };
      state.memo.set(orderId, head);
    }
    head.lines++;
    const quantity = v.count('quantity') ?? 0;
    const price = v.amount('price') ?? '0';
    return {
      record: {
        store: ctx.store,
        orderId,
        lineNo: head.lines,
        sku: v.text('sku') || v.text('lineName'),
        quantity,
        price,
        amount: dec(price).times(quantity).toFixed(),
        refund: first ? (v.amount('refunded') ?? '0') : '0',
        shipping: first ? (v.amount('shipping') ?? '0') : '0',
        orderDate: head.created,
        ...(head.paid ? { paidDate: head.paid } : {}),
        ...(head.status ? { status: head.status } : {}),
      },
    };
  },
};
