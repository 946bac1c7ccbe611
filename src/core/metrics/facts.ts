/**
 * Base facts (基础数据): what is imported per store and day, and what every metric is computed from.
 *
 * These plain records are the contract between the importers (src/import), the database (src/db) and
 * the metric dictionary. Amounts are decimal strings ("1234.56") in the store's currency; counts are
 * integers; dates are 'YYYY-MM-DD' calendar dates in the store's own time zone (never a JS Date: a
 * calendar day has no time zone of its own).
 */

export const PLATFORMS = [
  'tmall',
  'taobao',
  'jd',
  'pinduoduo',
  'douyin',
  'amazon',
  'shopify',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A decimal amount as a string, e.g. "1234.56". */
export type Amount = string;
/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A month 'YYYY-MM'. */
export type IsoMonth = string;

export interface Store {
  code: string;
  name: string;
  platform: Platform;
  currency: string;
  timeZone: string;
  /** Employee code of the operator responsible (运营负责人). */
  operator?: string;
}

/** 店铺日数据: one store, one day. */
export interface StoreDay {
  store: string;
  date: IsoDate;
  /** 支付金额 */
  paidAmount: Amount;
  /** 退款金额, dated when refunded */
  refunds: Amount;
  /** 运费 */
  shipping: Amount;
  /** 订单数 */
  orders: number;
  /** 支付买家数 */
  payingBuyers: number;
  /** 访客数 (daily unique visitors) */
  uv: number;
  /** 浏览量 */
  pv: number;
  /** 只浏览一页的访客 (for bounce rate) */
  onePageVisitors: number;
  newVisitors: number;
  returningVisitors: number;
  /** 商品成本 where known (for gross profit); absent when not imported */
  costOfGoods?: Amount;
}

export const TRAFFIC_SOURCES = [
  'search',
  'ztc',
  'zuanzhan',
  'taobaoke',
  'direct',
  'social',
  'ads',
  'other',
] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

/** 流量来源日数据 */
export interface TrafficSourceDay {
  store: string;
  date: IsoDate;
  source: TrafficSource;
  uv: number;
  buyers: number;
  paidAmount: Amount;
  cost: Amount;
}

/** 推广渠道日花费: 直通车 ztc, 钻展 zuanzhan, 淘宝客 taobaoke, Sponsored Products sp, … */
export interface AdDay {
  store: string;
  date: IsoDate;
  channel: string;
  /** Campaign or plan name where the report has one; '' otherwise. */
  campaign: string;
  spend: Amount;
  clicks: number;
  impressions: number;
  attributedSales: Amount;
  attributedOrders: number;
}

/** 订单明细 (one line of an order) */
export interface OrderLine {
  store: string;
  orderId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  /** unit price paid */
  price: Amount;
  /** line amount paid */
  amount: Amount;
  /** cost of goods for the line, where known */
  cost?: Amount;
  refund: Amount;
  shipping: Amount;
  orderDate: IsoDate;
  paidDate?: IsoDate;
  refundDate?: IsoDate;
  status?: string;
}

/** 客服日数据: one customer-service agent, one day */
export interface CsAgentDay {
  store: string;
  agent: string;
  date: IsoDate;
  /** 询单人数 */
  inquiries: number;
  /** 询单后付款人数 */
  payingInquirers: number;
  /** 询单后付款金额 */
  inquiryPaidAmount: Amount;
  /** average first response, seconds */
  responseSeconds: number;
  complaints: number;
  disputes: number;
  refundsHandled: number;
  /** orders served (denominator for complaint/dispute rates) */
  orders: number;
}

/** 月度费用 (rent, utilities, salaries of shared staff …) */
export interface OverheadMonth {
  month: IsoMonth;
  category: string;
  amount: Amount;
  currency: string;
  /** '' for company-wide; a store code when the cost belongs to one store */
  store: string;
}

/** 汇率: 1 unit of `currency` = `rate` units of `quote` (e.g. USD→CNY 7.1234) on `date` */
export interface FxRate {
  date: IsoDate;
  currency: string;
  quote: string;
  rate: string;
}

/** 竞品店铺 */
export interface CompetitorStore {
  code: string;
  name: string;
  platform: Platform;
  /** our store it is compared with */
  store: string;
  /** 'bigger' | 'similar' (seed 002: two bigger, two of similar size) */
  tier: string;
}

/** 竞品快照: what is tracked about a competitor on a date */
export interface CompetitorSnapshot {
  competitor: string;
  date: IsoDate;
  /** metric name → value as text, e.g. { monthlySales: "123456", price: "89.00", rating: "4.8" } */
  values: Record<string, string>;
}
