/**
 * The metric dictionary (指标字典): every store metric of docs/domain.md §2, defined once.
 *
 * Each metric says its code, its zh-CN and en names, its unit, which direction is better, its formula
 * over the base facts, and how it aggregates over days and stores. All metrics are computed from
 * {@link BaseSums}, the sums of the additive base facts over a period and scope, so a ratio over a month
 * or a group of stores is always the ratio of the sums (Σbuyers / ΣUV), never an average of daily ratios.
 * Unique visitors do not add up across days: a period's UV is a sum of daily UV and is labelled
 * visitor-days (人天) whenever the period is longer than one day.
 */
import type { Dec } from '../money.ts';
import { dec } from '../money.ts';
import { type Text, t } from '../text.ts';

/** Sums of the base facts over a scope (stores) and a period (days). Amounts in one currency. */
export interface BaseSums {
  /** store-days with a store-day record */
  storeDays: number;
  paidAmount: Dec;
  refunds: Dec;
  shipping: Dec;
  costOfGoods: Dec;
  /** store-days whose cost of goods is known; gross profit needs all of them */
  costKnownDays: number;
  orders: number;
  payingBuyers: number;
  uv: number;
  pv: number;
  onePageVisitors: number;
  newVisitors: number;
  returningVisitors: number;
  adSpend: Dec;
  adSales: Dec;
  adOrders: number;
  adClicks: number;
  adImpressions: number;
  /** agent-days with a customer-service record */
  csDays: number;
  inquiries: number;
  payingInquirers: number;
  inquiryPaidAmount: Dec;
  /** Σ (average response seconds × inquiries): response time weighted by the inquiries it answered */
  responseSecondsWeighted: number;
  complaints: number;
  disputes: number;
  refundsHandled: number;
  csOrders: number;
}

export function emptySums(): BaseSums {
  return {
    storeDays: 0,
    paidAmount: dec(0),
    refunds: dec(0),
    shipping: dec(0),
    costOfGoods: dec(0),
    costKnownDays: 0,
    orders: 0,
    payingBuyers: 0,
    uv: 0,
    pv: 0,
    onePageVisitors: 0,
    newVisitors: 0,
    returningVisitors: 0,
    adSpend: dec(0),
    adSales: dec(0),
    adOrders: 0,
    adClicks: 0,
    adImpressions: 0,
    csDays: 0,
    inquiries: 0,
    payingInquirers: 0,
    inquiryPaidAmount: dec(0),
    responseSecondsWeighted: 0,
    complaints: 0,
    disputes: 0,
    refundsHandled: 0,
    csOrders: 0,
  };
}

/**
 * amount: in the report currency; ratio: a fraction (0.0235 = 2.35 %); per_visitor: pages per visitor;
 * multiple: times (ROI 3.2 = 3.2 元 of sales per 元 spent).
 */
export type MetricUnit = 'amount' | 'count' | 'visitors' | 'ratio' | 'per_visitor' | 'multiple' | 'seconds';
export type Direction = 'higher' | 'lower' | 'neutral';

/** A value as an exact fraction: `num / den` (den absent for sums). */
export interface Fraction {
  num: Dec;
  den?: Dec;
}

export interface MetricDef {
  code: string;
  name: Text;
  unit: MetricUnit;
  direction: Direction;
  /** The formula in words, over the base facts. */
  formula: Text;
  /** How it aggregates over days and stores. */
  aggregation: Text;
  /** Which base sums it reads (for traces and for "no data" detection). */
  inputs: (keyof BaseSums)[];
  /** The value as an exact fraction, or null when undefined (no data, division by zero). */
  compute(s: BaseSums): Fraction | null;
}

const SUM = t('求和', 'sum');
const RATIO = t(
  '比值的分子分母各自求和后相除 (非日比率平均)',
  'ratio of sums (not an average of daily ratios)',
);
const d = (n: number) => dec(n);

function ratio(num: Dec, den: Dec): Fraction | null {
  return den.isZero() ? null : { num, den };
}

function needsStoreDays(s: BaseSums, f: Fraction): Fraction | null {
  return s.storeDays === 0 ? null : f;
}

function def(m: MetricDef): MetricDef {
  return m;
}

/** Every metric, by code. The compiler checks that each entry is a complete definition. */
export const METRICS = {
  paid_amount: def({
    code: 'paid_amount',
    name: t('支付金额', 'paid amount (GMV)'),
    unit: 'amount',
    direction: 'higher',
    formula: t('买家在期间内支付的金额', 'amount paid by buyers in the period'),
    aggregation: SUM,
    inputs: ['paidAmount'],
    compute: (s) => needsStoreDays(s, { num: s.paidAmount }),
  }),
  refunds: def({
    code: 'refunds',
    name: t('退款金额', 'refunds'),
    unit: 'amount',
    direction: 'lower',
    formula: t('期间内退款的金额 (按退款日)', 'amount refunded in the period (dated when refunded)'),
    aggregation: SUM,
    inputs: ['refunds'],
    compute: (s) => needsStoreDays(s, { num: s.refunds }),
  }),
  received_sales: def({
    code: 'received_sales',
    name: t('实收销售额', 'received sales'),
    unit: 'amount',
    direction: 'higher',
    formula: t('支付金额 − 退款金额', 'paid amount − refunds'),
    aggregation: SUM,
    inputs: ['paidAmount', 'refunds'],
    compute: (s) => needsStoreDays(s, { num: s.paidAmount.minus(s.refunds) }),
  }),
  net_sales: def({
    code: 'net_sales',
    name: t('总销售额 (提成基数)', 'net sales (commission base)'),
    unit: 'amount',
    direction: 'higher',
    formula: t('实收销售额 − 运费', 'received sales − shipping'),
    aggregation: SUM,
    inputs: ['paidAmount', 'refunds', 'shipping'],
    compute: (s) => needsStoreDays(s, { num: s.paidAmount.minus(s.refunds).minus(s.shipping) }),
  }),
  gross_profit: def({
    code: 'gross_profit',
    name: t('毛利润', 'gross profit'),
    unit: 'amount',
    direction: 'higher',
    formula: t('总销售额 − 商品成本', 'net sales − cost of goods'),
    aggregation: t('求和；任一天缺商品成本则无值', 'sum; undefined if any day lacks cost of goods'),
    inputs: ['paidAmount', 'refunds', 'shipping', 'costOfGoods'],
    compute: (s) =>
      s.storeDays === 0 || s.costKnownDays < s.storeDays
        ? null
        : { num: s.paidAmount.minus(s.refunds).minus(s.shipping).minus(s.costOfGoods) },
  }),
  orders: def({
    code: 'orders',
    name: t('订单数', 'orders'),
    unit: 'count',
    direction: 'higher',
    formula: t('支付订单数', 'paid orders'),
    aggregation: SUM,
    inputs: ['orders'],
    compute: (s) => needsStoreDays(s, { num: d(s.orders) }),
  }),
  paying_buyers: def({
    code: 'paying_buyers',
    name: t('支付买家数', 'paying buyers'),
    unit: 'count',
    direction: 'higher',
    formula: t('支付的买家数 (日去重)', 'buyers who paid (unique per day)'),
    aggregation: t('日数据求和 (跨日不去重)', 'sum of daily figures (not de-duplicated across days)'),
    inputs: ['payingBuyers'],
    compute: (s) => needsStoreDays(s, { num: d(s.payingBuyers) }),
  }),
  uv: def({
    code: 'uv',
    name: t('访客数', 'visitors (UV)'),
    unit: 'visitors',
    direction: 'higher',
    formula: t('日独立访客数', 'daily unique visitors'),
    aggregation: t(
      '日访客数求和，多于一天时为“人天”(跨日不去重)',
      'sum of daily UV: visitor-days when the period is longer than a day (not de-duplicated)',
    ),
    inputs: ['uv'],
    compute: (s) => needsStoreDays(s, { num: d(s.uv) }),
  }),
  pv: def({
    code: 'pv',
    name: t('浏览量', 'page views (PV)'),
    unit: 'count',
    direction: 'higher',
    formula: t('页面浏览次数', 'page views'),
    aggregation: SUM,
    inputs: ['pv'],
    compute: (s) => needsStoreDays(s, { num: d(s.pv) }),
  }),
  conversion_rate: def({
    code: 'conversion_rate',
    name: t('支付转化率', 'conversion rate'),
    unit: 'ratio',
    direction: 'higher',
    formula: t('支付买家数 ÷ 访客数', 'paying buyers ÷ UV'),
    aggregation: RATIO,
    inputs: ['payingBuyers', 'uv'],
    compute: (s) => ratio(d(s.payingBuyers), d(s.uv)),
  }),
  aov: def({
    code: 'aov',
    name: t('客单价', 'average order value'),
    unit: 'amount',
    direction: 'higher',
    formula: t('支付金额 ÷ 支付买家数', 'paid amount ÷ paying buyers'),
    aggregation: RATIO,
    inputs: ['paidAmount', 'payingBuyers'],
    compute: (s) => ratio(s.paidAmount, d(s.payingBuyers)),
  }),
  bounce_rate: def({
    code: 'bounce_rate',
    name: t('跳失率', 'bounce rate'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('只浏览一页的访客 ÷ 访客数', 'one-page visitors ÷ UV'),
    aggregation: RATIO,
    inputs: ['onePageVisitors', 'uv'],
    compute: (s) => ratio(d(s.onePageVisitors), d(s.uv)),
  }),
  visit_depth: def({
    code: 'visit_depth',
    name: t('人均浏览量', 'visit depth (pages per visitor)'),
    unit: 'per_visitor',
    direction: 'higher',
    formula: t('浏览量 ÷ 访客数', 'PV ÷ UV'),
    aggregation: RATIO,
    inputs: ['pv', 'uv'],
    compute: (s) => ratio(d(s.pv), d(s.uv)),
  }),
  new_visitors: def({
    code: 'new_visitors',
    name: t('新访客数', 'new visitors'),
    unit: 'visitors',
    direction: 'higher',
    formula: t('首次访问的访客', 'first-time visitors'),
    aggregation: t('日数据求和 (人天)', 'sum of daily figures (visitor-days)'),
    inputs: ['newVisitors'],
    compute: (s) => needsStoreDays(s, { num: d(s.newVisitors) }),
  }),
  returning_visitors: def({
    code: 'returning_visitors',
    name: t('老访客数', 'returning visitors'),
    unit: 'visitors',
    direction: 'higher',
    formula: t('曾访问过的访客', 'visitors who came before'),
    aggregation: t('日数据求和 (人天)', 'sum of daily figures (visitor-days)'),
    inputs: ['returningVisitors'],
    compute: (s) => needsStoreDays(s, { num: d(s.returningVisitors) }),
  }),
  returning_share: def({
    code: 'returning_share',
    name: t('老访客占比', 'returning-visitor share'),
    unit: 'ratio',
    direction: 'higher',
    formula: t('老访客数 ÷ (新访客数 + 老访客数)', 'returning ÷ (new + returning visitors)'),
    aggregation: RATIO,
    inputs: ['newVisitors', 'returningVisitors'],
    compute: (s) => ratio(d(s.returningVisitors), d(s.newVisitors + s.returningVisitors)),
  }),
  ad_spend: def({
    code: 'ad_spend',
    name: t('推广花费', 'ad spend'),
    unit: 'amount',
    direction: 'lower',
    formula: t(
      '各推广渠道花费之和 (直通车、钻展、淘宝客、SP …)',
      'spend over all ad channels (ZTC, display, Taobaoke, SP …)',
    ),
    aggregation: SUM,
    inputs: ['adSpend'],
    compute: (s) => ({ num: s.adSpend }),
  }),
  ad_sales: def({
    code: 'ad_sales',
    name: t('推广成交额', 'ad-attributed sales'),
    unit: 'amount',
    direction: 'higher',
    formula: t('推广带来的成交额', 'sales attributed to ads'),
    aggregation: SUM,
    inputs: ['adSales'],
    compute: (s) => ({ num: s.adSales }),
  }),
  promotion_cost_ratio: def({
    code: 'promotion_cost_ratio',
    name: t('推广费用率 (TACoS)', 'promotion cost ratio (TACoS)'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('推广花费 ÷ 支付金额', 'ad spend ÷ paid amount'),
    aggregation: RATIO,
    inputs: ['adSpend', 'paidAmount'],
    compute: (s) => ratio(s.adSpend, s.paidAmount),
  }),
  roi: def({
    code: 'roi',
    name: t('投产比 (ROI)', 'return on ad spend (ROI)'),
    unit: 'multiple',
    direction: 'higher',
    formula: t('推广成交额 ÷ 推广花费', 'ad sales ÷ ad spend'),
    aggregation: RATIO,
    inputs: ['adSales', 'adSpend'],
    compute: (s) => ratio(s.adSales, s.adSpend),
  }),
  acos: def({
    code: 'acos',
    name: t('广告销售成本比 (ACoS)', 'advertising cost of sales (ACoS)'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('推广花费 ÷ 推广成交额', 'ad spend ÷ ad sales'),
    aggregation: RATIO,
    inputs: ['adSpend', 'adSales'],
    compute: (s) => ratio(s.adSpend, s.adSales),
  }),
  ctr: def({
    code: 'ctr',
    name: t('点击率', 'click-through rate'),
    unit: 'ratio',
    direction: 'higher',
    formula: t('点击量 ÷ 展现量', 'clicks ÷ impressions'),
    aggregation: RATIO,
    inputs: ['adClicks', 'adImpressions'],
    compute: (s) => ratio(d(s.adClicks), d(s.adImpressions)),
  }),
  cpc: def({
    code: 'cpc',
    name: t('平均点击花费', 'cost per click'),
    unit: 'amount',
    direction: 'lower',
    formula: t('推广花费 ÷ 点击量', 'ad spend ÷ clicks'),
    aggregation: RATIO,
    inputs: ['adSpend', 'adClicks'],
    compute: (s) => ratio(s.adSpend, d(s.adClicks)),
  }),
  inquiry_conversion: def({
    code: 'inquiry_conversion',
    name: t('询单转化率', 'inquiry conversion'),
    unit: 'ratio',
    direction: 'higher',
    formula: t('询单后付款人数 ÷ 询单人数', 'inquirers who paid ÷ inquirers'),
    aggregation: RATIO,
    inputs: ['payingInquirers', 'inquiries'],
    compute: (s) => ratio(d(s.payingInquirers), d(s.inquiries)),
  }),
  response_time: def({
    code: 'response_time',
    name: t('平均响应时间', 'average response time'),
    unit: 'seconds',
    direction: 'lower',
    formula: t(
      'Σ(日平均响应秒数 × 询单人数) ÷ Σ询单人数',
      'Σ(daily average response × inquiries) ÷ Σinquiries',
    ),
    aggregation: t('按询单人数加权 (比值的和)', 'weighted by inquiries (ratio of sums)'),
    inputs: ['responseSecondsWeighted', 'inquiries'],
    compute: (s) => ratio(d(s.responseSecondsWeighted), d(s.inquiries)),
  }),
  complaint_rate: def({
    code: 'complaint_rate',
    name: t('投诉率', 'complaint rate'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('投诉数 ÷ 接待订单数', 'complaints ÷ orders served'),
    aggregation: RATIO,
    inputs: ['complaints', 'csOrders'],
    compute: (s) => ratio(d(s.complaints), d(s.csOrders)),
  }),
  dispute_rate: def({
    code: 'dispute_rate',
    name: t('纠纷率', 'dispute rate'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('纠纷数 ÷ 接待订单数', 'disputes ÷ orders served'),
    aggregation: RATIO,
    inputs: ['disputes', 'csOrders'],
    compute: (s) => ratio(d(s.disputes), d(s.csOrders)),
  }),
  refund_rate: def({
    code: 'refund_rate',
    name: t('退款率', 'refund rate'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('处理退款数 ÷ 接待订单数', 'refunds handled ÷ orders served'),
    aggregation: RATIO,
    inputs: ['refundsHandled', 'csOrders'],
    compute: (s) => ratio(d(s.refundsHandled), d(s.csOrders)),
  }),
  refund_amount_rate: def({
    code: 'refund_amount_rate',
    name: t('退款金额率', 'refund amount rate'),
    unit: 'ratio',
    direction: 'lower',
    formula: t('退款金额 ÷ 支付金额', 'refunds ÷ paid amount'),
    aggregation: RATIO,
    inputs: ['refunds', 'paidAmount'],
    compute: (s) => ratio(s.refunds, s.paidAmount),
  }),
} satisfies Record<string, MetricDef>;

export type MetricCode = keyof typeof METRICS;
export const METRIC_CODES = Object.keys(METRICS) as MetricCode[];

/** Metrics that only make sense from customer-service agent data (the ones an agent scope shows). */
export const CS_METRICS: MetricCode[] = [
  'inquiry_conversion',
  'response_time',
  'complaint_rate',
  'dispute_rate',
  'refund_rate',
];

/** Name of a metric for a period: UV over several days is labelled visitor-days (人天). */
export function metricName(code: MetricCode, days: number): Text {
  const m: MetricDef = METRICS[code];
  if (days > 1 && m.unit === 'visitors') return t(`${m.name.zh} (人天)`, `${m.name.en} (visitor-days)`);
  return m.name;
}
