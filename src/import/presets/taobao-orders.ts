/**
 * 淘宝/天猫 卖家中心 › 已卖出的宝贝 › 批量导出 订单报表 (order export, one row per order).
 *
 * Stored as one order line per order (lineNo 1): the order report has no per-item rows (宝贝标题 lists the
 * items). amount = 买家实际支付金额 (what the buyer paid, shipping included, as the platform reports it);
 * price = amount ÷ 宝贝总数量 (4 decimals). Order ids are 18–19 digits: exports wrap them as ="…" or
 * prefix a tab so Excel keeps them as text; an id that Excel already turned into 1.23E+18 has lost digits
 * and is refused.
 */
import { t } from '../../core/text.ts';
import { divide, type Preset } from './engine.ts';

export const taobaoOrders: Preset<'order_line'> = {
  name: 'taobao-orders',
  title: t('淘宝/天猫 订单报表', 'Taobao/Tmall order export'),
  kind: 'order_line',
  signature: ['订单编号', '买家实际支付金额', '订单创建时间'],
  columns: {
    orderId: { headers: ['订单编号', '订单号'], type: 'text', required: true },
    amount: { headers: ['买家实际支付金额', '实付金额'], type: 'amount', required: true },
    shipping: { headers: ['邮费', '买家应付邮费'], type: 'amount' },
    created: { headers: ['订单创建时间', '创建时间'], type: 'date', required: true },
    paid: { headers: ['订单付款时间', '付款时间'], type: 'date' },
    title: { headers: ['商品标题', '宝贝标题'], type: 'text' },
    sku: { headers: ['商家编码', '商品编码', '宝贝编码'], type: 'text' },
    quantity: { headers: ['宝贝总数量', '商品数量', '购买数量'], type: 'count', required: true },
    refund: { headers: ['退款金额'], type: 'amount' },
    status: { headers: ['订单状态'], type: 'text' },
  },
  build(v, ctx) {
    const orderId = v.text('orderId');
    if (!/^[0-9A-Za-z_-]+$/.test(orderId)) {
      return {
        problems: [
          {
            field: 'orderId',
            reason: t(
              '订单编号不完整 (被 Excel 转成了科学计数法？请导出 CSV)',
              'order id is damaged (turned into scientific notation by Excel? export as CSV)',
            ),
          },
        ],
      };
    }
    const quantity = v.count('quantity') ?? 0;
    const amount = v.amount('amount') ?? '0';
    const paid = v.text('paid');
    return {
      record: {
        store: ctx.store,
        orderId,
        lineNo: 1,
        // 商家编码 when the seller keeps one; otherwise the title, so the line still says what was sold
        sku: v.text('sku') || v.text('title'),
        quantity,
        price: divide(amount, quantity),
        amount,
        refund: v.amount('refund') ?? '0',
        shipping: v.amount('shipping') ?? '0',
        orderDate: v.text('created'),
        ...(paid ? { paidDate: paid } : {}),
        ...(v.text('status') ? { status: v.text('status') } : {}),
      },
    };
  },
};
