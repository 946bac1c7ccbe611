/**
 * Computing metrics (指标计算): any metric of the dictionary for a store, a group of stores (a team), the
 * stores a person answers for, or a customer-service agent, over a day, month, quarter or year, with the
 * same period last year alongside. Pure: the caller gathers the facts and passes them in.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec } from '../money.ts';
import { type Text, t } from '../text.ts';
import type { Trace } from '../trace.ts';
import {
  type BaseSums,
  CS_METRICS,
  type Direction,
  emptySums,
  type Fraction,
  METRIC_CODES,
  METRICS,
  type MetricCode,
  type MetricDef,
  type MetricUnit,
  metricName,
} from './dictionary.ts';
import type { AdDay, CsAgentDay, FxRate, Store, StoreDay, TrafficSource, TrafficSourceDay } from './facts.ts';
import { describePeriod, lastYear, type Period, periodDays } from './period.ts';

/** Everything a metric may be computed from. Only `stores` and `storeDays` are required. */
export interface FactSet {
  stores: Store[];
  storeDays: StoreDay[];
  trafficSourceDays?: TrafficSourceDay[];
  adDays?: AdDay[];
  csAgentDays?: CsAgentDay[];
  fxRates?: FxRate[];
}

export type Scope =
  | { kind: 'store'; store: string }
  /** a team or any group of stores */
  | { kind: 'stores'; stores: string[]; name?: string }
  /** the stores whose operator (运营负责人) is this employee */
  | { kind: 'person'; person: string }
  /** one customer-service agent (only the customer-service metrics have values) */
  | { kind: 'agent'; agent: string; store?: string };

export interface ComputeOptions {
  /** Currency of the amounts; default the stores' common currency, or CNY for a mix. */
  currency?: string;
  /** Which metrics; default all (all but customer-service ones for a store scope without agent data). */
  metrics?: MetricCode[];
}

export interface MetricValue {
  code: MetricCode;
  name: Text;
  unit: MetricUnit;
  direction: Direction;
  /** The value as a decimal string (ratios to 20 significant digits), or null when undefined. */
  value: string | null;
  /** The exact value as a fraction of decimal strings. */
  exact: { num: string; den?: string } | null;
  lastYear: string | null;
  /** Growth rate (增长率): value ÷ last year − 1, or null. */
  change: string | null;
  trace: Trace;
}

export interface SourceFigures {
  uv: number;
  buyers: number;
  paidAmount: string;
  cost: string;
}

export interface MetricsResult {
  scope: { label: Text; stores: string[]; agent?: string };
  period: Period;
  lastYearPeriod: Period;
  currency: string;
  metrics: MetricValue[];
  sums: BaseSums;
  lastYearSums: BaseSums;
  /** 流量来源 of the period, by source. */
  trafficBySource: Partial<Record<TrafficSource, SourceFigures>>;
  /** Warnings: missing days, missing exchange rates. */
  problems: Problem[];
}

/** Stores a scope covers, in the order given. */
export function scopeStores(facts: FactSet, scope: Scope): string[] {
  switch (scope.kind) {
    case 'store':
      return [scope.store];
    case 'stores':
      return scope.stores;
    case 'person':
      return facts.stores.filter((s) => s.operator === scope.person).map((s) => s.code);
    case 'agent':
      return scope.store ? [scope.store] : facts.stores.map((s) => s.code);
  }
}

function scopeLabel(scope: Scope, stores: string[]): Text {
  switch (scope.kind) {
    case 'store':
      return t(`店铺 ${scope.store}`, `store ${scope.store}`);
    case 'stores':
      return t(
        `${scope.name ?? '店铺组'} (${stores.join('+')})`,
        `${scope.name ?? 'stores'} (${stores.join('+')})`,
      );
    case 'person':
      return t(
        `${scope.person} 负责的店铺 (${stores.join('+')})`,
        `stores of ${scope.person} (${stores.join('+')})`,
      );
    case 'agent':
      return t(`客服 ${scope.agent}`, `agent ${scope.agent}`);
  }
}

/** Converts amounts of one store-day into the report currency; null when no rate is known. */
type Converter = (amount: string, store: string, date: string) => Dec | null;

function makeConverter(facts: FactSet, currency: string): { convert: Converter; missing: Set<string> } {
  const storeCurrency = new Map(facts.stores.map((s) => [s.code, s.currency]));
  const rates = new Map<string, Map<string, Dec>>(); // 'USD>CNY' → date → rate
  for (const r of facts.fxRates ?? []) {
    const put = (pair: string, rate: Dec) => {
      let m = rates.get(pair);
      if (!m) {
        m = new Map();
        rates.set(pair, m);
      }
      m.set(r.date, rate);
    };
    put(`${r.currency}>${r.quote}`, dec(r.rate));
    put(`${r.quote}>${r.currency}`, dec(1).div(r.rate));
  }
  const missing = new Set<string>();
  const convert: Converter = (amount, store, date) => {
    const from = storeCurrency.get(store) ?? currency;
    if (from === currency) return dec(amount);
    const rate = rates.get(`${from}>${currency}`)?.get(date);
    if (!rate) {
      missing.add(`${from}>${currency} ${date}`);
      return null;
    }
    return dec(amount).times(rate);
  };
  return { convert, missing };
}

function within(date: string, p: Period): boolean {
  return date >= p.from && date <= p.to;
}

/** Sums the base facts of the given stores (or agent) over a period, in the report currency. */
export function sumFacts(
  facts: FactSet,
  stores: ReadonlySet<string>,
  period: Period,
  convert: Converter,
  agent?: string,
): { sums: BaseSums; bySource: Partial<Record<TrafficSource, SourceFigures>> } {
  const s = emptySums();
  const zero = dec(0);
  if (agent === undefined) {
    for (const f of facts.storeDays) {
      if (!stores.has(f.store) || !within(f.date, period)) continue;
      s.storeDays++;
      s.paidAmount = s.paidAmount.plus(convert(f.paidAmount, f.store, f.date) ?? zero);
      s.refunds = s.refunds.plus(convert(f.refunds, f.store, f.date) ?? zero);
      s.shipping = s.shipping.plus(convert(f.shipping, f.store, f.date) ?? zero);
      if (f.costOfGoods !== undefined) {
        s.costKnownDays++;
        s.costOfGoods = s.costOfGoods.plus(convert(f.costOfGoods, f.store, f.date) ?? zero);
      }
      s.orders += f.orders;
      s.payingBuyers += f.payingBuyers;
      s.uv += f.uv;
      s.pv += f.pv;
      s.onePageVisitors += f.onePageVisitors;
      s.newVisitors += f.newVisitors;
      s.returningVisitors += f.returningVisitors;
    }
    for (const a of facts.adDays ?? []) {
      if (!stores.has(a.store) || !within(a.date, period)) continue;
      s.adSpend = s.adSpend.plus(convert(a.spend, a.store, a.date) ?? zero);
      s.adSales = s.adSales.plus(convert(a.attributedSales, a.store, a.date) ?? zero);
      s.adOrders += a.attributedOrders;
      s.adClicks += a.clicks;
      s.adImpressions += a.impressions;
    }
  }
  for (const c of facts.csAgentDays ?? []) {
    if (!stores.has(c.store) || !within(c.date, period) || (agent !== undefined && c.agent !== agent))
      continue;
    s.csDays++;
    s.inquiries += c.inquiries;
    s.payingInquirers += c.payingInquirers;
    s.inquiryPaidAmount = s.inquiryPaidAmount.plus(convert(c.inquiryPaidAmount, c.store, c.date) ?? zero);
    s.responseSecondsWeighted += c.responseSeconds * c.inquiries;
    s.complaints += c.complaints;
    s.disputes += c.disputes;
    s.refundsHandled += c.refundsHandled;
    s.csOrders += c.orders;
  }
  const bySource: Partial<Record<TrafficSource, { uv: number; buyers: number; paid: Dec; cost: Dec }>> = {};
  if (agent === undefined) {
    for (const x of facts.trafficSourceDays ?? []) {
      if (!stores.has(x.store) || !within(x.date, period)) continue;
      const b = bySource[x.source] ?? { uv: 0, buyers: 0, paid: dec(0), cost: dec(0) };
      bySource[x.source] = b;
      b.uv += x.uv;
      b.buyers += x.buyers;
      b.paid = b.paid.plus(convert(x.paidAmount, x.store, x.date) ?? zero);
      b.cost = b.cost.plus(convert(x.cost, x.store, x.date) ?? zero);
    }
  }
  const out: Partial<Record<TrafficSource, SourceFigures>> = {};
  for (const [k, v] of Object.entries(bySource)) {
    out[k as TrafficSource] = {
      uv: v.uv,
      buyers: v.buyers,
      paidAmount: v.paid.toFixed(),
      cost: v.cost.toFixed(),
    };
  }
  return { sums: s, bySource: out };
}

function fractionValue(f: Fraction | null): Dec | null {
  if (!f) return null;
  return f.den ? f.num.div(f.den) : f.num;
}

/** Sums are exact as they are; quotients (ratios, AOV, CPC) are shown to 20 significant digits. */
function show(v: Dec | null, f: Fraction | null): string | null {
  if (v === null) return null;
  return f?.den ? v.toSignificantDigits(20).toFixed() : v.toFixed();
}

const INPUT_NAMES: Record<keyof BaseSums, Text> = {
  storeDays: t('店铺天数', 'store-days'),
  paidAmount: t('支付金额', 'paid amount'),
  refunds: t('退款金额', 'refunds'),
  shipping: t('运费', 'shipping'),
  costOfGoods: t('商品成本', 'cost of goods'),
  costKnownDays: t('有成本的店铺天数', 'store-days with cost'),
  orders: t('订单数', 'orders'),
  payingBuyers: t('支付买家数', 'paying buyers'),
  uv: t('访客数', 'UV'),
  pv: t('浏览量', 'PV'),
  onePageVisitors: t('只浏览一页的访客', 'one-page visitors'),
  newVisitors: t('新访客数', 'new visitors'),
  returningVisitors: t('老访客数', 'returning visitors'),
  adSpend: t('推广花费', 'ad spend'),
  adSales: t('推广成交额', 'ad sales'),
  adOrders: t('推广订单数', 'ad orders'),
  adClicks: t('点击量', 'clicks'),
  adImpressions: t('展现量', 'impressions'),
  csDays: t('客服天数', 'agent-days'),
  inquiries: t('询单人数', 'inquirers'),
  payingInquirers: t('询单付款人数', 'paying inquirers'),
  inquiryPaidAmount: t('询单付款金额', 'inquiry paid amount'),
  responseSecondsWeighted: t('响应秒数×询单人数', 'response seconds × inquiries'),
  complaints: t('投诉数', 'complaints'),
  disputes: t('纠纷数', 'disputes'),
  refundsHandled: t('处理退款数', 'refunds handled'),
  csOrders: t('接待订单数', 'orders served'),
};

function sumText(v: BaseSums[keyof BaseSums]): string {
  return typeof v === 'number' ? String(v) : v.toFixed();
}

/**
 * Computes metrics for a scope and a period, with last year's same period alongside.
 * @example computeMetrics(facts, { kind: 'store', store: 'TM01' }, parsePeriod('2026-10')!).metrics
 */
export function computeMetrics(
  facts: FactSet,
  scope: Scope,
  period: Period,
  opts: ComputeOptions = {},
): MetricsResult {
  const storeList = scopeStores(facts, scope);
  const stores = new Set(storeList);
  const currencies = new Set(facts.stores.filter((s) => stores.has(s.code)).map((s) => s.currency));
  const currency = opts.currency ?? (currencies.size === 1 ? [...currencies][0]! : 'CNY');
  const { convert, missing } = makeConverter(facts, currency);
  const ly = lastYear(period);
  const agent = scope.kind === 'agent' ? scope.agent : undefined;
  const cur = sumFacts(facts, stores, period, convert, agent);
  const prev = sumFacts(facts, stores, ly, convert, agent);
  const label = scopeLabel(scope, storeList);
  const days = periodDays(period);
  const codes =
    opts.metrics ??
    (agent !== undefined
      ? CS_METRICS
      : METRIC_CODES.filter((c) => cur.sums.csDays > 0 || !CS_METRICS.includes(c)));

  const metrics = codes.map((code): MetricValue => {
    const m: MetricDef = METRICS[code];
    const f = m.compute(cur.sums);
    const v = fractionValue(f);
    const lf = m.compute(prev.sums);
    const lv = fractionValue(lf);
    const change =
      v !== null && lv !== null && !lv.isZero() ? v.div(lv).minus(1).toSignificantDigits(20).toFixed() : null;
    const source = `${label.en} ${period.key}`;
    const trace: Trace = {
      rule: m.formula,
      inputs: m.inputs.map((k) => ({
        name: `${INPUT_NAMES[k].zh} / ${INPUT_NAMES[k].en}`,
        value: sumText(cur.sums[k]),
        source: `${source} (Σ ${cur.sums.storeDays || cur.sums.csDays} days×stores)`,
      })),
      steps: [
        t(`汇总方式: ${m.aggregation.zh}`, `aggregation: ${m.aggregation.en}`),
        f
          ? t(
              `${describePeriod(period).zh}: ${f.den ? `${f.num.toFixed()} ÷ ${f.den.toFixed()} = ` : ''}${show(v, f)}`,
              `${describePeriod(period).en}: ${f.den ? `${f.num.toFixed()} ÷ ${f.den.toFixed()} = ` : ''}${show(v, f)}`,
            )
          : t(
              `${describePeriod(period).zh}: 无数据或分母为 0`,
              `${describePeriod(period).en}: no data or a zero denominator`,
            ),
        t(
          `去年同期 ${ly.key}: ${show(lv, lf) ?? '无'}`,
          `same period last year ${ly.key}: ${show(lv, lf) ?? 'none'}`,
        ),
      ],
    };
    return {
      code,
      name: metricName(code, days),
      unit: m.unit,
      direction: m.direction,
      value: show(v, f),
      exact: f ? { num: f.num.toFixed(), ...(f.den ? { den: f.den.toFixed() } : {}) } : null,
      lastYear: show(lv, lf),
      change,
      trace,
    };
  });

  const problems: Problem[] = [];
  const expected = agent === undefined ? days * storeList.length : 0;
  if (expected > 0 && cur.sums.storeDays < expected) {
    problems.push({
      severity: 'warning',
      code: 'missing_days',
      message: t(
        `${period.key} 应有 ${expected} 个店铺天，只有 ${cur.sums.storeDays} 个有数据`,
        `${period.key} should have ${expected} store-days of data; ${cur.sums.storeDays} have`,
      ),
      where: { path: label.en },
    });
  }
  const expectedLy = agent === undefined ? periodDays(ly) * storeList.length : 0;
  if (expectedLy > 0 && prev.sums.storeDays < expectedLy) {
    // a growth rate against a partial last year would mislead: say how partial it is
    problems.push({
      severity: 'warning',
      code: 'missing_days_last_year',
      message: t(
        `去年同期 ${ly.key} 应有 ${expectedLy} 个店铺天，只有 ${prev.sums.storeDays} 个有数据，变化率不可比`,
        `last year's ${ly.key} should have ${expectedLy} store-days of data; ${prev.sums.storeDays} have, so changes are not like for like`,
      ),
      where: { path: label.en },
    });
  }
  if (missing.size > 0) {
    const list = [...missing].sort();
    problems.push({
      severity: 'error',
      code: 'fx_missing',
      message: t(
        `缺少汇率，相关金额未计入: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ' …' : ''}`,
        `exchange rates missing, those amounts are left out: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ' …' : ''}`,
      ),
      where: { path: label.en },
    });
  }
  return {
    scope: { label, stores: storeList, ...(agent !== undefined ? { agent } : {}) },
    period,
    lastYearPeriod: ly,
    currency,
    metrics,
    sums: cur.sums,
    lastYearSums: prev.sums,
    trafficBySource: cur.bySource,
    problems,
  };
}
