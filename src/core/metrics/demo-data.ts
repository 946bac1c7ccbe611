/**
 * Demo data (演示数据): three stores over two full years, deterministic from a seed.
 *
 * Tmall (TM01, CNY), JD (JD01, CNY) and Amazon US (AMZ01, USD), every day from 2024-11-01 to 2026-10-31
 * (two full years ending with the last closed month), with the seasonality real stores see: 618, 双11
 * (pre-sale from 20 Oct, the peak on 11-11, refunds in the days after), 双12, the Chinese New Year dip
 * (couriers stop), Prime Day, Black Friday and Cyber Monday, Christmas; a weekday rhythm and a growth
 * trend. A seeded PRNG (sfc32) drives all noise: no Math.random, no clock.
 *
 * What is consistent, exactly: per store and day, traffic sources add up to the day's UV, paying buyers
 * and paid amount; the ad spend of 直通车/钻展/淘宝客/京准通/SP equals the cost of the matching traffic
 * source; one-page, new and returning visitors are parts of UV. What is NOT consistent: the order lines
 * are a sample (about 200 per store per month) and do not add up to the day totals; customer-service
 * figures are plausible but not derived from orders one by one.
 */

import { addDays, dateRange, dayNumber, parts, weekday } from './calendar.ts';
import type { FactSet } from './compute.ts';
import type {
  AdDay,
  CompetitorSnapshot,
  CompetitorStore,
  CsAgentDay,
  FxRate,
  OrderLine,
  OverheadMonth,
  Store,
  TrafficSource,
  TrafficSourceDay,
} from './facts.ts';

export const DEMO_FROM = '2024-11-01';
export const DEMO_TO = '2026-10-31';

export interface DemoPerson {
  code: string;
  name: string;
  role: 'operator' | 'promotion' | 'designer' | 'cs_presales' | 'cs_aftersales' | 'content';
  stores: string[];
}

export interface DemoData extends FactSet {
  from: string;
  to: string;
  trafficSourceDays: TrafficSourceDay[];
  adDays: AdDay[];
  csAgentDays: CsAgentDay[];
  fxRates: FxRate[];
  orderLines: OrderLine[];
  overheads: OverheadMonth[];
  competitors: CompetitorStore[];
  competitorSnapshots: CompetitorSnapshot[];
  people: DemoPerson[];
}

/** sfc32, seeded through splitmix32 from a string: small, fast, and the same on every platform. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const split = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let x = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    x = (x + d) | 0;
    c = (c + x) | 0;
    return (x >>> 0) / 4294967296;
  };
}

/** Integer cents → "1234.56" without going through a float division. */
function cents(c: number): string {
  const neg = c < 0;
  const s = String(Math.abs(c)).padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Splits an integer total by weights so that the parts add up exactly (largest remainder). */
function splitInt(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((x, y) => y.r - x.r || x.i - y.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

interface StoreModel {
  store: Store;
  baseUv: number;
  growth: number;
  cr: number;
  aov: number;
  refundRate: number;
  shippingPerOrder: number;
  cogsRate: number;
  china: boolean;
  sources: [TrafficSource, number][];
  /** ad channel → [share of paid amount, ROI, CPC in cents, CTR]; the traffic source it pays for */
  ads: {
    channel: string;
    source: TrafficSource;
    share: number;
    roi: number;
    cpc: number;
    ctr: number;
    campaigns: string[];
  }[];
  agents: string[];
  skus: [string, number][];
}

const MODELS: StoreModel[] = [
  {
    store: {
      code: 'TM01',
      name: '示例天猫旗舰店',
      platform: 'tmall',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: 'E001',
    },
    baseUv: 12000,
    growth: 0.18,
    cr: 0.028,
    aov: 168,
    refundRate: 0.09,
    shippingPerOrder: 0.6,
    cogsRate: 0.45,
    china: true,
    sources: [
      ['search', 38],
      ['ztc', 14],
      ['zuanzhan', 8],
      ['taobaoke', 7],
      ['direct', 18],
      ['social', 7],
      ['ads', 3],
      ['other', 5],
    ],
    ads: [
      {
        channel: 'ztc',
        source: 'ztc',
        share: 0.05,
        roi: 3.2,
        cpc: 95,
        ctr: 0.031,
        campaigns: ['日常推广', '爆款'],
      },
      {
        channel: 'zuanzhan',
        source: 'zuanzhan',
        share: 0.02,
        roi: 2.1,
        cpc: 60,
        ctr: 0.012,
        campaigns: ['人群拉新'],
      },
      {
        channel: 'taobaoke',
        source: 'taobaoke',
        share: 0.025,
        roi: 4.0,
        cpc: 0,
        ctr: 0,
        campaigns: ['淘宝客佣金'],
      },
    ],
    agents: ['小美', '小帅'],
    skus: [
      ['CUP-500', 19900],
      ['CUP-350', 15900],
      ['GIFT-BOX', 39900],
      ['BRUSH-01', 1990],
      ['LID-02', 2900],
    ],
  },
  {
    store: {
      code: 'JD01',
      name: '示例京东旗舰店',
      platform: 'jd',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: 'E002',
    },
    baseUv: 8000,
    growth: 0.1,
    cr: 0.031,
    aov: 182,
    refundRate: 0.07,
    shippingPerOrder: 0.3,
    cogsRate: 0.47,
    china: true,
    sources: [
      ['search', 45],
      ['ads', 18],
      ['direct', 22],
      ['social', 5],
      ['other', 10],
    ],
    ads: [
      {
        channel: 'jingzhuntong',
        source: 'ads',
        share: 0.06,
        roi: 3.0,
        cpc: 110,
        ctr: 0.025,
        campaigns: ['京准通-快车'],
      },
    ],
    agents: ['小雨'],
    skus: [
      ['CUP-500', 19900],
      ['CUP-750', 22900],
      ['GIFT-BOX', 39900],
    ],
  },
  {
    store: {
      code: 'AMZ01',
      name: 'Demo Mugs US',
      platform: 'amazon',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      operator: 'E003',
    },
    baseUv: 3000,
    growth: 0.25,
    cr: 0.09,
    aov: 27,
    refundRate: 0.04,
    shippingPerOrder: 0,
    cogsRate: 0.38,
    china: false,
    sources: [
      ['search', 55],
      ['ads', 25],
      ['direct', 12],
      ['other', 8],
    ],
    ads: [
      {
        channel: 'sp',
        source: 'ads',
        share: 0.1,
        roi: 4.0,
        cpc: 85,
        ctr: 0.004,
        campaigns: ['Auto - Mugs', 'Exact - travel mug', 'Broad - insulated cup'],
      },
    ],
    agents: ['Amy'],
    skus: [
      ['MUG-BLK', 2400],
      ['MUG-WHT', 2400],
      ['BRUSH-01', 1600],
    ],
  },
];

/** Chinese New Year's day in the demo years. */
const CNY = ['2025-01-29', '2026-02-17'];
const BLACK_FRIDAY = ['2024-11-29', '2025-11-28'];
const PRIME_DAY = ['2025-07-08', '2025-07-09', '2025-07-10', '2025-07-11', '2026-07-14', '2026-07-15'];

const MONTH_CN = [0.92, 0.8, 0.95, 0.95, 1.0, 1.1, 0.9, 0.9, 1.0, 1.05, 1.25, 1.1];
const MONTH_US = [0.85, 0.85, 0.95, 0.95, 1.0, 1.0, 1.1, 0.95, 0.95, 1.05, 1.3, 1.4];
const WEEKDAY_CN = [1.08, 0.96, 0.97, 0.98, 0.99, 1.0, 1.05];
const WEEKDAY_US = [1.05, 1.03, 1.0, 0.98, 0.97, 0.96, 1.0];

/** Multipliers of a day: traffic, conversion, order value. */
export function dayFactors(date: string, china: boolean): { uv: number; cr: number; aov: number } {
  const [, m, d] = parts(date);
  let uv = (china ? MONTH_CN : MONTH_US)[m - 1]! * (china ? WEEKDAY_CN : WEEKDAY_US)[weekday(date)]!;
  let cr = 1;
  let aov = 1;
  if (china) {
    if (m === 6 && d < 18) uv *= 1.2;
    if (m === 6 && d === 18) [uv, cr, aov] = [uv * 3, 1.6, 1.1];
    if ((m === 10 && d >= 20) || (m === 11 && d < 11)) uv *= 1.3;
    if (m === 11 && d === 11) [uv, cr, aov] = [uv * 6, 2.2, 1.15];
    if (m === 12 && d === 12) [uv, cr] = [uv * 2.5, 1.4];
    for (const cny of CNY) {
      const off = dayNumber(date) - dayNumber(cny);
      if (off >= -10 && off <= 7) uv *= off < -3 ? 0.7 : 0.45;
    }
  } else {
    for (const bf of BLACK_FRIDAY) {
      const off = dayNumber(date) - dayNumber(bf);
      if (off === 0) [uv, cr] = [uv * 3.5, 1.5];
      else if (off === 3)
        [uv, cr] = [uv * 1.8, 1.3]; // Cyber Monday, already in December's high season
      else if (off > 0 && off < 3) uv *= 1.8;
    }
    if (PRIME_DAY.includes(date)) [uv, cr] = [uv * 2.2, 1.4];
    if (m === 12 && d <= 20) uv *= 1.3;
    if (m === 12 && d >= 26) uv *= 0.8;
  }
  return { uv, cr, aov };
}

/**
 * Generates the demo data. Same seed, same data, on any machine and in any time zone.
 * @example generateDemoData(1).storeDays.length === 3 * 730
 */
export function generateDemoData(seed: number | string = 1): DemoData {
  const dates = dateRange(DEMO_FROM, DEMO_TO);
  const out: DemoData = {
    from: DEMO_FROM,
    to: DEMO_TO,
    stores: MODELS.map((m) => m.store),
    storeDays: [],
    trafficSourceDays: [],
    adDays: [],
    csAgentDays: [],
    fxRates: [],
    orderLines: [],
    overheads: [],
    competitors: [],
    competitorSnapshots: [],
    people: [
      { code: 'E001', name: '王运营', role: 'operator', stores: ['TM01'] },
      { code: 'E002', name: '李运营', role: 'operator', stores: ['JD01'] },
      { code: 'E003', name: 'Chen Ops', role: 'operator', stores: ['AMZ01'] },
      { code: 'E004', name: '赵推广', role: 'promotion', stores: ['TM01', 'JD01'] },
      { code: 'E005', name: '孙美工', role: 'designer', stores: ['TM01', 'JD01', 'AMZ01'] },
      { code: 'E006', name: '小美', role: 'cs_presales', stores: ['TM01'] },
      { code: 'E007', name: '小帅', role: 'cs_presales', stores: ['TM01'] },
      { code: 'E008', name: '小雨', role: 'cs_aftersales', stores: ['JD01'] },
      { code: 'E009', name: 'Amy', role: 'cs_presales', stores: ['AMZ01'] },
    ],
  };
  const start = dayNumber(DEMO_FROM);
  for (const model of MODELS) {
    const rnd = seededRandom(`${seed}/${model.store.code}`);
    const noise = (spread: number) => 1 + (rnd() + rnd() + rnd() - 1.5) * spread; // ≈ normal, bounded
    const code = model.store.code;
    const paidHistory: number[] = [];
    dates.forEach((date, i) => {
      const f = dayFactors(date, model.china);
      const trend = (1 + model.growth) ** ((dayNumber(date) - start) / 365);
      const uv = Math.max(50, Math.round(model.baseUv * trend * f.uv * noise(0.12)));
      const cr = Math.min(0.4, model.cr * f.cr * noise(0.1));
      const buyers = Math.max(1, Math.round(uv * cr));
      const aovCents = Math.round(model.aov * f.aov * noise(0.06) * 100);
      const paid = buyers * aovCents;
      paidHistory.push(paid);
      const orders = buyers + Math.round(buyers * 0.08 * noise(0.5));
      // refunds are dated when refunded: mostly about a week after the sale, so they trail 双11 by days
      const lag = paidHistory[Math.max(0, i - 7)]!;
      const refunds = Math.round(lag * model.refundRate * noise(0.3));
      const shipping = Math.round(orders * model.shippingPerOrder * 600 * noise(0.2));
      const cost = Math.round(paid * model.cogsRate * noise(0.03));
      const bounce = (model.china ? 0.62 : 0.45) * noise(0.05) * (f.uv > 2 ? 0.9 : 1);
      const onePage = Math.min(uv, Math.round(uv * bounce));
      const returning = Math.round(uv * (model.china ? 0.24 : 0.18) * noise(0.1));
      out.storeDays.push({
        store: code,
        date,
        paidAmount: cents(paid),
        refunds: cents(refunds),
        shipping: cents(shipping),
        orders,
        payingBuyers: buyers,
        uv,
        pv: Math.round(uv * (model.china ? 3.4 : 2.6) * noise(0.06)),
        onePageVisitors: onePage,
        newVisitors: uv - returning,
        returningVisitors: returning,
        costOfGoods: cents(cost),
      });

      // ads: spend as a share of the day's sales, split over campaigns; the matching source's cost
      const costBySource = new Map<TrafficSource, number>();
      for (const ad of model.ads) {
        const spend = Math.round(paid * ad.share * noise(0.15) * (f.uv > 2 ? 1.4 : 1));
        const parts = splitInt(
          spend,
          ad.campaigns.map((_, k) => 3 - k * 0.8),
        );
        ad.campaigns.forEach((campaign, k) => {
          const s = parts[k]!;
          const clicks = ad.cpc > 0 ? Math.round(s / (ad.cpc * noise(0.1))) : 0;
          const sales = Math.round(s * ad.roi * noise(0.2));
          out.adDays.push({
            store: code,
            date,
            channel: ad.channel,
            campaign,
            spend: cents(s),
            clicks,
            impressions: ad.ctr > 0 ? Math.round(clicks / (ad.ctr * noise(0.1))) : 0,
            attributedSales: cents(sales),
            attributedOrders: Math.round(sales / aovCents),
          });
        });
        costBySource.set(ad.source, (costBySource.get(ad.source) ?? 0) + spend);
      }

      // traffic sources add up exactly to the day's UV, buyers and paid amount
      const w = model.sources.map(([, x]) => x * noise(0.1));
      const uvs = splitInt(uv, w);
      const bs = splitInt(
        buyers,
        w.map((x, k) => x * (model.sources[k]![0] === 'direct' ? 1.6 : 1)),
      );
      const pays = splitInt(
        paid,
        bs.map((b) => b + 1e-9),
      );
      model.sources.forEach(([source], k) => {
        out.trafficSourceDays.push({
          store: code,
          date,
          source,
          uv: uvs[k]!,
          buyers: bs[k]!,
          paidAmount: cents(pays[k]!),
          cost: cents(costBySource.get(source) ?? 0),
        });
      });

      // customer service: inquiries follow traffic; promotion days answer slower
      const agentShares = splitInt(
        Math.round(uv * (model.china ? 0.012 : 0.004) * noise(0.15)),
        model.agents.map(() => 1),
      );
      model.agents.forEach((agent, k) => {
        const inquiries = agentShares[k]!;
        const paying = Math.min(inquiries, Math.round(inquiries * 0.38 * f.cr * noise(0.15)));
        const served = Math.round((orders / model.agents.length) * 0.6);
        out.csAgentDays.push({
          store: code,
          agent,
          date,
          inquiries,
          payingInquirers: paying,
          inquiryPaidAmount: cents(paying * aovCents),
          responseSeconds: Math.round((model.china ? 28 : 240) * noise(0.2) * (f.uv > 2 ? 1.8 : 1)),
          complaints: Math.floor(served * 0.004 * noise(0.9) + rnd()),
          disputes: Math.floor(served * 0.0015 * noise(0.9) + rnd() * 0.8),
          refundsHandled: Math.round(served * model.refundRate * noise(0.3)),
          orders: served,
        });
      });
    });

    // a sample of order lines: 200 per month, not adding up to the day totals (see the module comment)
    for (let mIdx = 0; mIdx < 24; mIdx++) {
      const y = 2024 + Math.floor((10 + mIdx) / 12);
      const mo = ((10 + mIdx) % 12) + 1;
      const monthDates = dates.filter((x) => x.startsWith(`${y}-${String(mo).padStart(2, '0')}`));
      for (let n = 0; n < 200; n++) {
        const date = monthDates[Math.floor(rnd() * monthDates.length)]!;
        const [sku, price] = model.skus[Math.floor(rnd() * model.skus.length)]!;
        const quantity = 1 + Math.floor(rnd() * rnd() * 3);
        const amount = price * quantity;
        const refunded = rnd() < model.refundRate;
        out.orderLines.push({
          store: code,
          orderId: `${code}-${date.replaceAll('-', '')}-${String(n).padStart(4, '0')}`,
          lineNo: 1,
          sku,
          quantity,
          price: cents(price),
          amount: cents(amount),
          cost: cents(Math.round(amount * model.cogsRate)),
          refund: refunded ? cents(amount) : '0.00',
          shipping: model.shippingPerOrder > 0 && rnd() < 0.1 ? '6.00' : '0.00',
          orderDate: date,
          paidDate: date,
          ...(refunded
            ? { refundDate: addDays(date, 3 + Math.floor(rnd() * 8)), status: 'refunded' }
            : { status: 'completed' }),
        });
      }
    }

    // competitors: two bigger, two of similar size (seed 002); weekly snapshots
    const tiers = model.china ? ['bigger', 'bigger', 'similar', 'similar'] : ['bigger', 'similar'];
    tiers.forEach((tier, k) => {
      const comp: CompetitorStore = {
        code: `${code}-C${k + 1}`,
        name: model.china ? `竞品店铺${k + 1}` : `Competitor ${k + 1}`,
        platform: model.store.platform,
        store: code,
        tier,
      };
      out.competitors.push(comp);
      const size = tier === 'bigger' ? 2.5 + rnd() : 0.8 + rnd() * 0.4;
      let rating = 4.6 + rnd() * 0.3;
      for (let di = 0; di < dates.length; di += 7) {
        const date = dates[di]!;
        const f = dayFactors(date, model.china);
        rating = Math.min(5, Math.max(4, rating + (rnd() - 0.5) * 0.04));
        out.competitorSnapshots.push({
          competitor: comp.code,
          date,
          values: {
            monthlySales: String(Math.round(model.baseUv * model.cr * 30 * size * f.uv * noise(0.1))),
            price: cents(Math.round(model.aov * 100 * (0.9 + rnd() * 0.2))),
            rating: rating.toFixed(2),
            followers: String(Math.round(50000 * size * (1 + di / 1000))),
          },
        });
      }
    });
  }

  // USD→CNY daily, a bounded random walk, 4 decimals
  const fx = seededRandom(`${seed}/fx`);
  let rate = 71800;
  for (const date of dates) {
    rate = Math.min(73500, Math.max(70500, rate + Math.round((fx() - 0.5) * 120)));
    out.fxRates.push({
      date,
      currency: 'USD',
      quote: 'CNY',
      rate: `${String(rate).slice(0, 1)}.${String(rate).slice(1)}`,
    });
  }

  // monthly overheads: company-wide rent, utilities, shared salaries; Amazon storage fees per store
  const oh = seededRandom(`${seed}/overhead`);
  for (let mIdx = 0; mIdx < 24; mIdx++) {
    const y = 2024 + Math.floor((10 + mIdx) / 12);
    const month = `${y}-${String(((10 + mIdx) % 12) + 1).padStart(2, '0')}`;
    out.overheads.push(
      { month, category: 'rent', amount: '30000.00', currency: 'CNY', store: '' },
      {
        month,
        category: 'utilities',
        amount: cents(300000 + Math.round(oh() * 200000)),
        currency: 'CNY',
        store: '',
      },
      { month, category: 'shared_salaries', amount: '45000.00', currency: 'CNY', store: '' },
      {
        month,
        category: 'fba_storage',
        amount: cents(60000 + Math.round(oh() * 40000)),
        currency: 'USD',
        store: 'AMZ01',
      },
    );
  }
  return out;
}
