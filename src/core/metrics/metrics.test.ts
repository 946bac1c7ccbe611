import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { addDays, dateRange, dayNumber, fromDays, weekday } from './calendar.ts';
import { computeMetrics, type FactSet } from './compute.ts';
import { generateDemoData } from './demo-data.ts';
import { METRIC_CODES, METRICS, type MetricDef } from './dictionary.ts';
import type { StoreDay } from './facts.ts';
import { lastYear, parsePeriod, periodDays } from './period.ts';

const demo = generateDemoData(42);
const month = (key: string) => parsePeriod(key)!;

function day(store: string, date: string, over: Partial<StoreDay>): StoreDay {
  return {
    store,
    date,
    paidAmount: '0',
    refunds: '0',
    shipping: '0',
    orders: 0,
    payingBuyers: 0,
    uv: 0,
    pv: 0,
    onePageVisitors: 0,
    newVisitors: 0,
    returningVisitors: 0,
    ...over,
  };
}

describe('the dictionary', () => {
  it('defines every metric once with both names, a unit, a direction, a formula and an aggregation', () => {
    const names = new Set<string>();
    for (const code of METRIC_CODES) {
      const m: MetricDef = METRICS[code];
      expect(m.code).toBe(code);
      expect(m.name.zh && m.name.en && m.formula.zh && m.formula.en && m.aggregation.en).toBeTruthy();
      expect(names.has(m.name.en)).toBe(false);
      names.add(m.name.en);
    }
    expect(METRIC_CODES).toEqual(
      expect.arrayContaining(['paid_amount', 'conversion_rate', 'aov', 'bounce_rate', 'roi']),
    );
  });
});

describe('computeMetrics', () => {
  const facts: FactSet = {
    stores: [
      { code: 'A', name: 'A', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai', operator: 'E1' },
      { code: 'B', name: 'B', platform: 'jd', currency: 'CNY', timeZone: 'Asia/Shanghai', operator: 'E1' },
    ],
    storeDays: [
      day('A', '2026-10-01', { paidAmount: '1000', payingBuyers: 10, uv: 100, pv: 300, onePageVisitors: 60 }),
      day('A', '2026-10-02', {
        paidAmount: '9000',
        payingBuyers: 30,
        uv: 1000,
        pv: 2500,
        onePageVisitors: 500,
      }),
      day('B', '2026-10-01', {
        paidAmount: '500.50',
        payingBuyers: 5,
        uv: 50,
        refunds: '0.50',
        shipping: '10',
      }),
      day('A', '2025-10-01', { paidAmount: '8000', payingBuyers: 20, uv: 800 }),
    ],
  };

  it('aggregates ratios as ratios of sums, not averages of daily ratios', () => {
    const r = computeMetrics(facts, { kind: 'store', store: 'A' }, month('2026-10'));
    const cr = r.metrics.find((m) => m.code === 'conversion_rate')!;
    // daily 10 % and 3 %: the mean would be 6.5 %; 40 / 1100 is 3.6363…%
    expect(cr.exact).toEqual({ num: '40', den: '1100' });
    expect(cr.value).toBe('0.036363636363636363636');
    expect(r.metrics.find((m) => m.code === 'bounce_rate')!.exact).toEqual({ num: '560', den: '1100' });
    expect(r.metrics.find((m) => m.code === 'uv')!.name.en).toBe('visitors (UV) (visitor-days)');
    expect(r.problems.map((p) => p.code)).toEqual(['missing_days', 'missing_days_last_year']);
  });

  it('puts last year alongside with the growth rate', () => {
    const r = computeMetrics(facts, { kind: 'store', store: 'A' }, month('2026-10'));
    const paid = r.metrics.find((m) => m.code === 'paid_amount')!;
    expect([paid.value, paid.lastYear, paid.change]).toEqual(['10000', '8000', '0.25']);
    expect(paid.trace.steps.map((s) => s.en).join(' | ')).toContain('2025-10');
  });

  it('adds a group of stores and a person’s stores the same way', () => {
    const g = computeMetrics(facts, { kind: 'stores', stores: ['A', 'B'] }, month('2026-10'));
    const p = computeMetrics(facts, { kind: 'person', person: 'E1' }, month('2026-10'));
    const net = (r: typeof g) => r.metrics.find((m) => m.code === 'net_sales')!.value;
    expect(net(g)).toBe('10490'); // 10 500.50 − 0.50 − 10
    expect(net(p)).toBe(net(g));
    expect(g.metrics.find((m) => m.code === 'aov')!.exact).toEqual({ num: '10500.5', den: '45' });
  });

  it('leaves a metric undefined rather than dividing by zero', () => {
    const r = computeMetrics(facts, { kind: 'store', store: 'B' }, month('2026-10'));
    expect(r.metrics.find((m) => m.code === 'roi')!.value).toBeNull();
    expect(r.metrics.find((m) => m.code === 'gross_profit')!.value).toBeNull(); // no cost of goods
  });

  it('identity: paid amount = UV × conversion × AOV, exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            uv: fc.integer({ min: 1, max: 1e6 }),
            cr: fc.integer({ min: 1, max: 1000 }),
            cents: fc.bigInt({ min: 1n, max: 10n ** 10n }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (rows) => {
          const storeDays = rows.map((x, i) =>
            day('A', addDays('2026-10-01', i), {
              uv: x.uv,
              payingBuyers: Math.max(1, Math.floor((x.uv * x.cr) / 1000)),
              paidAmount: dec(x.cents.toString()).div(100).toFixed(),
            }),
          );
          const r = computeMetrics(
            { stores: facts.stores, storeDays },
            { kind: 'store', store: 'A' },
            month('2026-10'),
          );
          const get = (c: string) => r.metrics.find((m) => m.code === c)!.exact!;
          const cr = get('conversion_rate');
          const aov = get('aov');
          const uv = dec(get('uv').num);
          // as fractions: UV × (buyers / UV) × (paid / buyers) = paid, with no rounding anywhere
          const num = uv.times(cr.num).times(aov.num);
          const den = dec(cr.den!).times(aov.den!);
          return num.equals(dec(get('paid_amount').num).times(den));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('converts a mixed-currency group at each day’s rate and says when a rate is missing', () => {
    const mixed: FactSet = {
      stores: [
        facts.stores[0]!,
        { code: 'U', name: 'U', platform: 'amazon', currency: 'USD', timeZone: 'UTC' },
      ],
      storeDays: [
        day('A', '2026-10-01', { paidAmount: '100' }),
        day('U', '2026-10-01', { paidAmount: '10' }),
        day('U', '2026-10-02', { paidAmount: '10' }),
      ],
      fxRates: [{ date: '2026-10-01', currency: 'USD', quote: 'CNY', rate: '7.1234' }],
    };
    const r = computeMetrics(mixed, { kind: 'stores', stores: ['A', 'U'] }, month('2026-10'));
    expect(r.currency).toBe('CNY');
    expect(r.metrics.find((m) => m.code === 'paid_amount')!.value).toBe('171.234');
    expect(r.problems.find((p) => p.code === 'fx_missing')?.message.en).toContain('USD>CNY 2026-10-02');
    const usd = computeMetrics(mixed, { kind: 'store', store: 'A' }, parsePeriod('2026-10-01')!, {
      currency: 'USD',
    });
    expect(
      dec(usd.metrics.find((m) => m.code === 'paid_amount')!.value!)
        .times('7.1234')
        .toDecimalPlaces(20)
        .toFixed(),
    ).toBe('100');
  });
});

describe('periods', () => {
  it('parses days, months, quarters and years and finds last year', () => {
    expect(parsePeriod('2026-Q1')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodDays(parsePeriod('2028-Q1')!)).toBe(91);
    expect(periodDays(parsePeriod('2028')!)).toBe(366);
    expect(lastYear(parsePeriod('2028-02-29')!).key).toBe('2027-02-28');
    expect(lastYear(parsePeriod('2026-11-11')!).key).toBe('2025-11-11');
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(parsePeriod('2026-02-30')).toBeUndefined();
  });
  it('calendar arithmetic never uses Date and round-trips', () => {
    expect(weekday('2026-11-11')).toBe(3); // a Wednesday
    expect(dateRange('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    fc.assert(fc.property(fc.integer({ min: -50_000, max: 100_000 }), (n) => dayNumber(fromDays(n)) === n));
  });
});

describe('generateDemoData', () => {
  it('is deterministic from the seed, and differs for another seed', () => {
    const again = generateDemoData(42);
    expect(again.storeDays).toEqual(demo.storeDays);
    expect(again.orderLines).toEqual(demo.orderLines);
    expect(again.fxRates).toEqual(demo.fxRates);
    expect(generateDemoData(43).storeDays[0]).not.toEqual(demo.storeDays[0]);
  });
  it('covers three stores over two full years ending with the last closed month', () => {
    expect(demo.stores.map((s) => `${s.code}/${s.currency}`)).toEqual(['TM01/CNY', 'JD01/CNY', 'AMZ01/USD']);
    expect(demo.storeDays).toHaveLength(3 * 730);
    expect(demo.storeDays[0]!.date).toBe('2024-11-01');
    expect(demo.storeDays.at(-1)!.date).toBe('2026-10-31');
    expect(demo.fxRates).toHaveLength(730);
    expect(new Set(demo.csAgentDays.map((c) => c.agent)).size).toBeGreaterThanOrEqual(3);
    expect(demo.competitorSnapshots.length).toBeGreaterThan(0);
  });
  it('peaks on 11-11 in the Chinese stores and on Black Friday on Amazon', () => {
    for (const store of ['TM01', 'JD01']) {
      const nov = demo.storeDays.filter((d) => d.store === store && d.date.startsWith('2025-11'));
      const best = nov.reduce((a, b) => (dec(b.paidAmount).greaterThan(a.paidAmount) ? b : a));
      expect(best.date).toBe('2025-11-11');
    }
    const amz = demo.storeDays.filter(
      (d) => d.store === 'AMZ01' && d.date >= '2025-11-01' && d.date <= '2025-12-31',
    );
    const top = amz.reduce((a, b) => (b.uv > a.uv ? b : a));
    expect(top.date).toBe('2025-11-28');
  });
  it('dips around Chinese New Year', () => {
    const r = (p: string) =>
      dec(
        computeMetrics(demo, { kind: 'store', store: 'TM01' }, parsePeriod(p)!).metrics.find(
          (m) => m.code === 'uv',
        )!.value!,
      );
    const cnyWeek = dateRange('2026-02-14', '2026-02-20').map((d) => r(d));
    const before = dateRange('2026-01-10', '2026-01-16').map((d) => r(d));
    const sum = (xs: ReturnType<typeof r>[]) => xs.reduce((a, b) => a.plus(b), dec(0));
    expect(sum(cnyWeek).lessThan(sum(before).times(0.6))).toBe(true);
  });
  it('traffic sources add up to the day, and ad spend is the cost of its source', () => {
    const date = '2026-06-18';
    const sd = demo.storeDays.find((d) => d.store === 'TM01' && d.date === date)!;
    const ts = demo.trafficSourceDays.filter((d) => d.store === 'TM01' && d.date === date);
    expect(ts.reduce((a, b) => a + b.uv, 0)).toBe(sd.uv);
    expect(ts.reduce((a, b) => a + b.buyers, 0)).toBe(sd.payingBuyers);
    expect(ts.reduce((a, b) => a.plus(b.paidAmount), dec(0)).equals(sd.paidAmount)).toBe(true);
    const ztc = demo.adDays.filter((a) => a.store === 'TM01' && a.date === date && a.channel === 'ztc');
    expect(
      ztc.reduce((a, b) => a.plus(b.spend), dec(0)).equals(ts.find((x) => x.source === 'ztc')!.cost),
    ).toBe(true);
  });
  it('is fast', () => {
    const t0 = performance.now();
    generateDemoData('speed');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
