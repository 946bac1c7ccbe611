/**
 * The database schema (数据库表结构): the single definition of every table, for PGlite and PostgreSQL.
 *
 * Rules that hold for every table, and why:
 * - Every table carries `company_id` (the tenant, 公司) and every primary key starts with it, so that a
 *   large deployment can distribute all tables by `company_id` on Citus and keep one company's rows on
 *   one node (docs/scaling.md).
 * - Amounts are `numeric` read back as strings ("1234.50", scale kept) and go straight into Decimal;
 *   never floats. Calendar dates are `date` read as 'YYYY-MM-DD' strings (a calendar day has no zone).
 * - Key text columns use `collate "C"`: byte order instead of ICU/libc collation makes the B-tree
 *   comparisons during COPY and ON CONFLICT cheaper (stack.md: ~8.5 s → ~7 s per million keyed rows),
 *   and a store code or order id has no linguistic order to respect anyway.
 * - Fact tables have no foreign keys: a per-row RI trigger would double the cost of a million-row COPY.
 *   The import service checks that the store exists before it writes.
 *
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) into `drizzle/`.
 */
import {
  boolean,
  customType,
  date,
  foreignKey,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** `text collate "C"`: a key column compared byte by byte. */
const keyText = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'text COLLATE "C"';
  },
});

const amount = (name: string) => numeric(name);
const day = (name: string) => date(name, { mode: 'string' });
const count = (name: string) => integer(name);
/** The import batch that last wrote the row (null for rows written by code, e.g. demo data). */
const batchId = () => keyText('batch_id');

/** 公司 (tenant). */
export const company = pgTable('company', {
  companyId: keyText('company_id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  /**
   * The company's IANA time zone (公司时区): "today" for objection deadlines and the late check is the
   * calendar day here, not in the database server's zone (a UTC server would otherwise give Shanghai
   * employees eight extra hours).
   */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
});

/** 店铺 */
export const store = pgTable(
  'store',
  {
    companyId: keyText('company_id').notNull(),
    code: keyText('code').notNull(),
    name: text('name').notNull(),
    /** tmall | taobao | jd | pinduoduo | douyin | amazon | shopify | other */
    platform: text('platform').notNull(),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Employee code of the operator responsible (运营负责人). */
    operator: text('operator'),
    /** false once the store is deactivated (停用): kept for its facts, but it takes no new imports. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.code] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [company.companyId] }),
  ],
);

/** 店铺日数据 */
export const storeDay = pgTable(
  'store_day',
  {
    companyId: keyText('company_id').notNull(),
    store: keyText('store').notNull(),
    date: day('date').notNull(),
    paidAmount: amount('paid_amount').notNull(),
    refunds: amount('refunds').notNull(),
    shipping: amount('shipping').notNull(),
    orders: count('orders').notNull(),
    payingBuyers: count('paying_buyers').notNull(),
    uv: count('uv').notNull(),
    pv: count('pv').notNull(),
    onePageVisitors: count('one_page_visitors').notNull(),
    newVisitors: count('new_visitors').notNull(),
    returningVisitors: count('returning_visitors').notNull(),
    costOfGoods: amount('cost_of_goods'),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.store, t.date] })],
);

/** 流量来源日数据 */
export const trafficSourceDay = pgTable(
  'traffic_source_day',
  {
    companyId: keyText('company_id').notNull(),
    store: keyText('store').notNull(),
    date: day('date').notNull(),
    source: keyText('source').notNull(),
    uv: count('uv').notNull(),
    buyers: count('buyers').notNull(),
    paidAmount: amount('paid_amount').notNull(),
    cost: amount('cost').notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.store, t.date, t.source] })],
);

/** 推广渠道日花费 (直通车, 钻展, 淘宝客, Sponsored Products …) */
export const adDay = pgTable(
  'ad_day',
  {
    companyId: keyText('company_id').notNull(),
    store: keyText('store').notNull(),
    date: day('date').notNull(),
    channel: keyText('channel').notNull(),
    /** '' when the report has no campaign */
    campaign: keyText('campaign').notNull(),
    spend: amount('spend').notNull(),
    clicks: count('clicks').notNull(),
    impressions: count('impressions').notNull(),
    attributedSales: amount('attributed_sales').notNull(),
    attributedOrders: count('attributed_orders').notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.store, t.date, t.channel, t.campaign] })],
);

/** 订单明细. Keyed by order id and line, not by date: an order keeps its id when its dates change. */
export const orderLine = pgTable(
  'order_line',
  {
    companyId: keyText('company_id').notNull(),
    store: keyText('store').notNull(),
    orderId: keyText('order_id').notNull(),
    lineNo: count('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: count('quantity').notNull(),
    price: amount('price').notNull(),
    amount: amount('amount').notNull(),
    cost: amount('cost'),
    refund: amount('refund').notNull(),
    shipping: amount('shipping').notNull(),
    orderDate: day('order_date').notNull(),
    paidDate: day('paid_date'),
    refundDate: day('refund_date'),
    status: text('status'),
    batchId: batchId(),
  },
  // No secondary index on order_date: it would cost every million-line import a second B-tree, and a
  // store's lines are already one range of the primary key.
  (t) => [primaryKey({ columns: [t.companyId, t.store, t.orderId, t.lineNo] })],
);

/** 客服日数据 */
export const csAgentDay = pgTable(
  'cs_agent_day',
  {
    companyId: keyText('company_id').notNull(),
    store: keyText('store').notNull(),
    date: day('date').notNull(),
    agent: keyText('agent').notNull(),
    inquiries: count('inquiries').notNull(),
    payingInquirers: count('paying_inquirers').notNull(),
    inquiryPaidAmount: amount('inquiry_paid_amount').notNull(),
    /** average first response in seconds; numeric because averages have decimals */
    responseSeconds: numeric('response_seconds').notNull(),
    complaints: count('complaints').notNull(),
    disputes: count('disputes').notNull(),
    refundsHandled: count('refunds_handled').notNull(),
    orders: count('orders').notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.store, t.date, t.agent] })],
);

/** 月度费用. `store` is '' for a company-wide cost. */
export const overheadMonth = pgTable(
  'overhead_month',
  {
    companyId: keyText('company_id').notNull(),
    month: keyText('month').notNull(),
    category: keyText('category').notNull(),
    store: keyText('store').notNull(),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.month, t.category, t.store] })],
);

/** 汇率: 1 `currency` = `rate` `quote` on `date`. Per company: each company books at its own rates. */
export const fxRate = pgTable(
  'fx_rate',
  {
    companyId: keyText('company_id').notNull(),
    date: day('date').notNull(),
    currency: keyText('currency').notNull(),
    quote: keyText('quote').notNull(),
    rate: numeric('rate').notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.date, t.currency, t.quote] })],
);

/** 竞品店铺 */
export const competitor = pgTable(
  'competitor',
  {
    companyId: keyText('company_id').notNull(),
    code: keyText('code').notNull(),
    name: text('name').notNull(),
    platform: text('platform').notNull(),
    /** our store it is compared with */
    store: keyText('store').notNull(),
    tier: text('tier').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.code] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [company.companyId] }),
  ],
);

/** 竞品快照: metric name → value as text */
export const competitorSnapshot = pgTable(
  'competitor_snapshot',
  {
    companyId: keyText('company_id').notNull(),
    competitor: keyText('competitor').notNull(),
    date: day('date').notNull(),
    values: jsonb('values').$type<Record<string, string>>().notNull(),
    batchId: batchId(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.competitor, t.date] })],
);

/** 导入批次: one imported file (or one batch of records written by code). */
export const importBatch = pgTable(
  'import_batch',
  {
    companyId: keyText('company_id').notNull(),
    batchId: keyText('batch_id').notNull(),
    fileName: text('file_name').notNull(),
    /** sha256 of the file's bytes, hex; '' when the records did not come from a file */
    fileSha256: text('file_sha256').notNull(),
    preset: text('preset').notNull(),
    kind: text('kind').notNull(),
    store: keyText('store').notNull(),
    rowsRead: count('rows_read').notNull(),
    inserted: count('inserted').notNull(),
    replaced: count('replaced').notNull(),
    unchanged: count('unchanged').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.batchId] })],
);

/** 数据变更记录: a fact row that an import replaced, with its old and new values. */
export const factChange = pgTable(
  'fact_change',
  {
    companyId: keyText('company_id').notNull(),
    batchId: keyText('batch_id').notNull(),
    /** the fact table, e.g. 'store_day' */
    kind: text('kind').notNull(),
    /** the natural key without company, e.g. {"store":"tm01","date":"2026-10-01"} */
    key: jsonb('key').notNull(),
    /** changed columns only: old and new values as the database printed them */
    oldValues: jsonb('old_values').notNull(),
    newValues: jsonb('new_values').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.batchId, t.kind, t.key] }),
    foreignKey({
      columns: [t.companyId, t.batchId],
      foreignColumns: [importBatch.companyId, importBatch.batchId],
    }),
  ],
);

/** The tables of this file, parents first (backup/restore find all tables, app ones included, in the database). */
export const TABLES_IN_ORDER = [
  'company',
  'store',
  'competitor',
  'import_batch',
  'store_day',
  'traffic_source_day',
  'ad_day',
  'order_line',
  'cs_agent_day',
  'overhead_month',
  'fx_rate',
  'competitor_snapshot',
  'fact_change',
] as const;
export type TableName = (typeof TABLES_IN_ORDER)[number];
export * from './schema-app.ts';
