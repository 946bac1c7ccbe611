/**
 * Generates a Taobao/Tmall order export (淘宝订单报表) of any size, for tests and the import benchmark.
 * Deterministic: the same arguments give the same bytes. Columns as the taobao-orders preset reads them,
 * plus 店铺名称 (which the preset ignores and the DuckDB comparison groups by).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const ORDERS_HEADER = [
  '订单编号',
  '店铺名称',
  '买家实际支付金额',
  '邮费',
  '订单创建时间',
  '订单付款时间',
  '商家编码',
  '宝贝总数量',
  '退款金额',
  '订单状态',
];

export interface OrdersCsvOptions {
  /** first order number (default 1) */
  start?: number;
  /** store names cycled through the 店铺名称 column */
  shops?: readonly string[];
  /** replaces the paid amount of these 0-based data rows with this text (to make bad rows) */
  badAmountAt?: ReadonlyMap<number, string>;
  /** adds this many cents to the paid amount of these rows (to make corrected rows) */
  bumpCentsAt?: ReadonlyMap<number, number>;
}

/** One data row as CSV text (no newline). */
export function orderRow(i: number, opts: OrdersCsvOptions = {}): string {
  const order = (opts.start ?? 1) + i;
  const shops = opts.shops ?? ['旗舰店'];
  const qty = (order % 4) + 1;
  const cents = ((order * 7919) % 90_000) + 990 + (opts.bumpCentsAt?.get(i) ?? 0);
  const day = String((order % 28) + 1).padStart(2, '0');
  const month = String(((order >> 5) % 12) + 1).padStart(2, '0');
  const amount = opts.badAmountAt?.get(i) ?? (cents / 100).toFixed(2);
  const refunded = order % 23 === 0;
  return [
    `="3${String(order).padStart(17, '0')}"`,
    shops[order % shops.length],
    amount,
    order % 3 === 0 ? '0.00' : '8.00',
    `2026-${month}-${day} 10:${String(order % 60).padStart(2, '0')}:00`,
    `2026-${month}-${day} 10:${String(order % 60).padStart(2, '0')}:30`,
    `SKU-${order % 997}`,
    String(qty),
    refunded ? (cents / 100).toFixed(2) : '0.00',
    refunded ? '交易关闭' : '交易成功',
  ]
    .map((c) => (c !== undefined && /[",]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
    .join(',');
}

/** Writes `n` orders to `path` (UTF-8). */
export async function writeOrdersCsv(path: string, n: number, opts: OrdersCsvOptions = {}): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  out.write(`${ORDERS_HEADER.join(',')}\n`);
  const CHUNK = 10_000;
  for (let i = 0; i < n; i += CHUNK) {
    let text = '';
    for (let j = i; j < Math.min(n, i + CHUNK); j++) text += `${orderRow(j, opts)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
