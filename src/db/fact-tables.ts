/**
 * How each kind of base fact (基础数据) maps onto its table: natural-key columns, value columns, and the
 * conversion between a record of src/core/metrics/facts.ts and a row. The upsert, the COPY path and the
 * reads are all generated from these descriptions, so that adding a column is a change in one place
 * (plus the schema and a migration).
 */
import type {
  AdDay,
  CompetitorSnapshot,
  CsAgentDay,
  FxRate,
  OrderLine,
  OverheadMonth,
  StoreDay,
  TrafficSourceDay,
} from '../core/metrics/facts.ts';

export interface FactRecordOf {
  store_day: StoreDay;
  traffic_source_day: TrafficSourceDay;
  ad_day: AdDay;
  order_line: OrderLine;
  cs_agent_day: CsAgentDay;
  overhead_month: OverheadMonth;
  fx_rate: FxRate;
  competitor_snapshot: CompetitorSnapshot;
}
export type FactKind = keyof FactRecordOf;
export type FactRecord = FactRecordOf[FactKind];

export type ColumnType = 'key' | 'text' | 'date' | 'numeric' | 'int' | 'real' | 'jsonb';

export interface ColumnSpec {
  /** SQL column name */
  name: string;
  /** field of the record */
  field: string;
  type: ColumnType;
  /** may be absent in the record (NULL in the table) */
  optional?: boolean;
}

export interface FactSpec {
  kind: FactKind;
  /** natural key after company_id, in primary-key order */
  key: readonly ColumnSpec[];
  values: readonly ColumnSpec[];
  /** whether the key has a `store` column (enables the first-import fast path) */
  hasStore: boolean;
}

const k = (name: string, field: string, type: ColumnType = 'key'): ColumnSpec => ({ name, field, type });
const v = (name: string, field: string, type: ColumnType, optional = false): ColumnSpec =>
  optional ? { name, field, type, optional } : { name, field, type };

export const FACT_SPECS = {
  store_day: {
    kind: 'store_day',
    hasStore: true,
    key: [k('store', 'store'), k('date', 'date', 'date')],
    values: [
      v('paid_amount', 'paidAmount', 'numeric'),
      v('refunds', 'refunds', 'numeric'),
      v('shipping', 'shipping', 'numeric'),
      v('orders', 'orders', 'int'),
      v('paying_buyers', 'payingBuyers', 'int'),
      v('uv', 'uv', 'int'),
      v('pv', 'pv', 'int'),
      v('one_page_visitors', 'onePageVisitors', 'int'),
      v('new_visitors', 'newVisitors', 'int'),
      v('returning_visitors', 'returningVisitors', 'int'),
      v('cost_of_goods', 'costOfGoods', 'numeric', true),
    ],
  },
  traffic_source_day: {
    kind: 'traffic_source_day',
    hasStore: true,
    key: [k('store', 'store'), k('date', 'date', 'date'), k('source', 'source')],
    values: [
      v('uv', 'uv', 'int'),
      v('buyers', 'buyers', 'int'),
      v('paid_amount', 'paidAmount', 'numeric'),
      v('cost', 'cost', 'numeric'),
    ],
  },
  ad_day: {
    kind: 'ad_day',
    hasStore: true,
    key: [k('store', 'store'), k('date', 'date', 'date'), k('channel', 'channel'), k('campaign', 'campaign')],
    values: [
      v('spend', 'spend', 'numeric'),
      v('clicks', 'clicks', 'int'),
      v('impressions', 'impressions', 'int'),
      v('attributed_sales', 'attributedSales', 'numeric'),
      v('attributed_orders', 'attributedOrders', 'int'),
    ],
  },
  order_line: {
    kind: 'order_line',
    hasStore: true,
    key: [k('store', 'store'), k('order_id', 'orderId'), k('line_no', 'lineNo', 'int')],
    values: [
      v('sku', 'sku', 'text'),
      v('quantity', 'quantity', 'int'),
      v('price', 'price', 'numeric'),
      v('amount', 'amount', 'numeric'),
      v('cost', 'cost', 'numeric', true),
      v('refund', 'refund', 'numeric'),
      v('shipping', 'shipping', 'numeric'),
      v('order_date', 'orderDate', 'date'),
      v('paid_date', 'paidDate', 'date', true),
      v('refund_date', 'refundDate', 'date', true),
      v('status', 'status', 'text', true),
    ],
  },
  cs_agent_day: {
    kind: 'cs_agent_day',
    hasStore: true,
    key: [k('store', 'store'), k('date', 'date', 'date'), k('agent', 'agent')],
    values: [
      v('inquiries', 'inquiries', 'int'),
      v('paying_inquirers', 'payingInquirers', 'int'),
      v('inquiry_paid_amount', 'inquiryPaidAmount', 'numeric'),
      v('response_seconds', 'responseSeconds', 'real'),
      v('complaints', 'complaints', 'int'),
      v('disputes', 'disputes', 'int'),
      v('refunds_handled', 'refundsHandled', 'int'),
      v('orders', 'orders', 'int'),
    ],
  },
  overhead_month: {
    kind: 'overhead_month',
    hasStore: false,
    key: [k('month', 'month'), k('category', 'category'), k('store', 'store')],
    values: [v('amount', 'amount', 'numeric'), v('currency', 'currency', 'text')],
  },
  fx_rate: {
    kind: 'fx_rate',
    hasStore: false,
    key: [k('date', 'date', 'date'), k('currency', 'currency'), k('quote', 'quote')],
    values: [v('rate', 'rate', 'numeric')],
  },
  competitor_snapshot: {
    kind: 'competitor_snapshot',
    hasStore: false,
    key: [k('competitor', 'competitor'), k('date', 'date', 'date')],
    values: [v('values', 'values', 'jsonb')],
  },
} as const satisfies Record<FactKind, FactSpec & { kind: FactKind }>;

export const FACT_KINDS = Object.keys(FACT_SPECS) as FactKind[];

/** The SQL type of a column, as the temporary COPY table declares it. */
export function sqlType(t: ColumnType): string {
  switch (t) {
    case 'key':
      return 'text COLLATE "C"';
    case 'text':
      return 'text';
    case 'date':
      return 'date';
    case 'numeric':
    case 'real':
      return 'numeric';
    case 'int':
      return 'integer';
    case 'jsonb':
      return 'jsonb';
  }
}

/** Every column of a fact spec, key first. */
export function columnsOf(spec: FactSpec): readonly ColumnSpec[] {
  return [...spec.key, ...spec.values];
}

/** The natural key of a record as one string (for finding duplicates within a file). */
export function keyOf(spec: FactSpec, record: FactRecord): string {
  const r = record as unknown as Record<string, unknown>;
  return spec.key.map((c) => String(r[c.field] ?? '')).join('\u0000');
}

/** Converts a row as the database returns it back into the record of facts.ts. */
export function recordFromRow<K extends FactKind>(kind: K, row: Record<string, unknown>): FactRecordOf[K] {
  const out: Record<string, unknown> = {};
  for (const c of columnsOf(FACT_SPECS[kind])) {
    const value = row[c.name];
    if (value === null || value === undefined) {
      if (!c.optional) throw new Error(`${kind}.${c.name} is null`);
      continue;
    }
    out[c.field] = c.type === 'real' || c.type === 'int' ? Number(value) : value;
  }
  return out as unknown as FactRecordOf[K];
}
