import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderLine, StoreDay, TrafficSourceDay } from '../../core/metrics/facts.ts';
import { dec } from '../../core/money.ts';
import { mapFile } from '../map-file.ts';
import { readTable } from '../read-table.ts';
import { divide } from './engine.ts';
import {
  detectPreset,
  getPreset,
  mappingPreset,
  mapTable,
  PRESETS,
  type Preset,
  readMappingFile,
} from './index.ts';

const fixture = (name: string) => join(import.meta.dirname, '../../../test/fixtures', name);

async function run(
  file: string,
  presetName?: string,
  ctx: { store: string; date?: string } = { store: 'TM01' },
) {
  const table = await readTable(fixture(file));
  const preset = presetName ? getPreset(presetName) : detectPreset(table.header);
  if (!preset) throw new Error(`no preset for ${file}`);
  return { preset, table, ...mapTable(table, preset, ctx) };
}

describe('detectPreset', () => {
  it.each([
    ['sycm-store-day-gbk.csv', 'sycm-store-day'],
    ['sycm-traffic-source.csv', 'sycm-traffic-source'],
    ['taobao-orders.csv', 'taobao-orders'],
    ['amazon-business-report.csv', 'amazon-business-report'],
    ['amazon-sponsored-products.xlsx', 'amazon-sponsored-products'],
    ['shopify-orders.csv', 'shopify-orders'],
    ['cs-agent-day.csv', 'cs-agent-day'],
  ])('recognises %s as %s', async (file, name) => {
    const table = await readTable(fixture(file));
    expect(detectPreset(table.header)?.name).toBe(name);
  });
  it('knows presets by their own names only, not by names every object has', () => {
    expect(getPreset('taobao-orders')?.name).toBe('taobao-orders');
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(getPreset(name), name).toBeUndefined();
  });

  it('recognises nothing in an unrelated header', () => {
    expect(detectPreset(['foo', 'bar', '访客数'])).toBeUndefined();
  });
  it('every preset has a unique name matching its key and a documented first header per column', () => {
    for (const [key, p] of Object.entries(PRESETS) as [string, Preset][]) {
      expect(p.name).toBe(key);
      for (const c of Object.values(p.columns)) expect(c.headers.length).toBeGreaterThan(0);
    }
  });
});

describe('生意参谋 store overview (GBK, title rows, totals row)', () => {
  it('maps every day exactly', async () => {
    const { records, problems, kind, rowsRead } = await run('sycm-store-day-gbk.csv');
    expect(problems).toEqual([]);
    expect(kind).toBe('store_day');
    expect(rowsRead).toBe(8);
    const days = records as StoreDay[];
    expect(days.map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(days[0]).toEqual({
      store: 'TM01',
      date: '2026-10-01',
      paidAmount: '123456.78',
      refunds: '1234.5',
      shipping: '0',
      orders: 402,
      payingBuyers: 370,
      uv: 12345,
      pv: 45678,
      onePageVisitors: 7716, // 62.50% × 12 345 = 7 715.625 → 7 716
      newVisitors: 9135,
      returningVisitors: 3210,
    });
    expect(days[2]!.refunds).toBe('0'); // '-' in the export
  });
});

describe('a file with bad rows', () => {
  it('reports every bad row with file, row, column, value and reason', async () => {
    const { problems, records } = await run('sycm-store-day-bad-rows.csv');
    expect(problems.map((p) => [p.code, p.where.row, p.where.column, p.where.value])).toEqual([
      ['bad_value', 3, '支付金额', 'abc'],
      ['bad_value', 4, '日期', '2026-02-30'],
      ['missing_value', 5, '访客数', ''],
      ['bad_row', 6, '支付买家数', '290'],
      ['duplicate_row', 8, undefined, '2026-10-01'],
    ]);
    for (const p of problems) {
      expect(p.where.file).toBe('sycm-store-day-bad-rows.csv');
      expect(p.message.zh.length).toBeGreaterThan(0);
      expect(p.message.en.length).toBeGreaterThan(0);
      expect(p.severity).toBe('error');
    }
    expect(records).toHaveLength(2);
  });
  it('refuses a file that lacks a required column', async () => {
    const table = await readTable(fixture('cs-agent-day.csv'));
    const { problems, records } = mapTable(table, PRESETS['sycm-store-day'], { store: 'x' });
    expect(records).toEqual([]);
    expect(problems.map((p) => p.where.column)).toEqual(['访客数', '浏览量', '支付金额', '支付买家数']);
  });
});

describe('生意参谋 traffic sources', () => {
  it('takes the date from the title row and adds up details of one source', async () => {
    const { records, problems } = await run('sycm-traffic-source.csv');
    expect(problems).toEqual([]);
    const bySource = Object.fromEntries((records as TrafficSourceDay[]).map((r) => [r.source, r]));
    expect(Object.keys(bySource).sort()).toEqual([
      'direct',
      'other',
      'search',
      'social',
      'taobaoke',
      'ztc',
      'zuanzhan',
    ]);
    expect(bySource.search).toMatchObject({ date: '2026-10-01', uv: 5510, buyers: 158, paidAmount: '50560' });
    expect(bySource.direct).toMatchObject({ uv: 2300, buyers: 72, paidAmount: '23760' });
    expect(bySource.other).toMatchObject({ uv: 485, buyers: 0, paidAmount: '0' });
  });
  it('lets a caller-given date override the title', async () => {
    const { records } = await run('sycm-traffic-source.csv', 'sycm-traffic-source', {
      store: 'TM01',
      date: '2026-10-09',
    });
    expect(new Set((records as TrafficSourceDay[]).map((r) => r.date))).toEqual(new Set(['2026-10-09']));
  });
  it('refuses a multi-day traffic export without a date column', () => {
    const table = {
      file: 't.csv',
      header: ['流量来源', '来源明细', '访客数'],
      headerRow: 2,
      rows: [{ row: 3, cells: ['淘内免费', '手淘搜索', '10'] }],
      preamble: ['统计日期：2026-10-01~2026-10-07'],
    };
    const r = mapTable(table, PRESETS['sycm-traffic-source'], { store: 'x' });
    expect(r.records).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['multi_day_export', 'bad_row']);
  });
});

describe('order exports', () => {
  it('Taobao: unwraps ="…" and tab-prefixed order ids, keeps formula text as data', async () => {
    const { records, problems } = await run('taobao-orders.csv');
    expect(problems).toEqual([]);
    const lines = records as OrderLine[];
    expect(lines.map((l) => l.orderId)).toEqual([
      '3012345678901234567',
      '3012345678901234568',
      '3012345678901234569',
      '3012345678901234570',
    ]);
    expect(lines[2]).toMatchObject({
      amount: '1199',
      quantity: 3,
      price: '399.6667',
      refund: '100',
      orderDate: '2026-10-02',
    });
    expect(lines[3]).toMatchObject({ amount: '0', status: '交易关闭' });
    expect(lines[3]!.paidDate).toBeUndefined();
  });
  it('Shopify: numbers the line items of an order and counts shipping and refunds once', async () => {
    const { records, problems } = await run('shopify-orders.csv');
    expect(problems).toEqual([]);
    const lines = records as OrderLine[];
    expect(lines.map((l) => `${l.orderId}/${l.lineNo}`)).toEqual([
      '#1001/1',
      '#1001/2',
      '#1002/1',
      '#1003/1',
    ]);
    expect(lines[0]).toMatchObject({
      amount: '48',
      shipping: '5.99',
      orderDate: '2026-10-01',
      paidDate: '2026-10-01',
    });
    expect(lines[1]).toMatchObject({ amount: '16', shipping: '0', orderDate: '2026-10-01', status: 'paid' });
    expect(lines[2]).toMatchObject({ refund: '24' });
    expect(lines[3]!.paidDate).toBeUndefined();
  });
});

describe('Amazon', () => {
  it('Business Report: US dates, $ amounts, sessions as UV', async () => {
    const { records, problems } = await run('amazon-business-report.csv');
    expect(problems).toEqual([]);
    expect(records[1]).toMatchObject({
      date: '2026-10-02',
      paidAmount: '9876.5',
      orders: 391,
      uv: 7005,
      pv: 12110,
    });
  });
  it('Sponsored Products (xlsx): adds ad groups up, refuses an uncomputed formula', async () => {
    const { records, problems } = await run('amazon-sponsored-products.xlsx');
    expect(problems.map((p) => [p.code, p.where.row, p.where.column, p.where.value])).toEqual([
      ['bad_value', 7, 'Spend', '=F7*0.8'],
    ]);
    expect(records).toHaveLength(4);
    expect(records[1]).toMatchObject({
      campaign: 'Exact - travel mug',
      spend: '101.96',
      clicks: 100,
      impressions: 6000,
    });
    expect(records[2]).toMatchObject({ date: '2026-10-02', campaign: '=cmd|calc!A1' });
    expect(records[3]).toMatchObject({ spend: '90' });
  });
});

describe('customer-service agent days', () => {
  it('reads durations in several forms', async () => {
    const { records, problems } = await run('cs-agent-day.csv');
    expect(problems).toEqual([]);
    expect(records.map((r) => ('responseSeconds' in r ? r.responseSeconds : -1))).toEqual([28, 65, 31, 43]);
  });
});

describe('generic mapping file', () => {
  it('maps an ERP export by a YAML file', async () => {
    const { preset, problems } = await readMappingFile(fixture('erp-daily.mapping.yaml'));
    expect(problems).toEqual([]);
    const table = await readTable(fixture('erp-daily.csv'));
    const r = mapTable(table, preset!, { store: 'JD01' });
    expect(r.problems).toEqual([]);
    expect(r.records[1]).toEqual({
      store: 'JD01',
      date: '2026-10-02',
      paidAmount: '61250.5',
      refunds: '0',
      shipping: '0',
      orders: 450,
      payingBuyers: 420,
      uv: 16200,
      pv: 52100,
      onePageVisitors: 7300,
      newVisitors: 11900,
      returningVisitors: 4300,
    });
  });
  it('lists every mistake in a mapping', () => {
    const { preset, problems } = mappingPreset(
      { kind: 'store_day', columns: { 日期: 'date', 金额: 'paidAmnt' }, defaults: { nope: 1 } },
      'm.yaml',
    );
    expect(preset).toBeUndefined();
    const text = problems.map((p) => p.message.en).join('\n');
    expect(text).toContain('store_day has no field paidAmnt');
    expect(text).toContain('store_day has no field nope');
    expect(text).toContain('no column or default for field uv');
    expect(mappingPreset({ kind: 'sales' }, 'm.yaml').problems[0]!.where.path).toBe('kind');
  });
});

describe('divide (unit price from a line amount)', () => {
  it('matches decimal.js half-up to 4 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 999 }), (c, q) => {
        const amount = dec(c).div(100).toFixed();
        return divide(amount, q) === dec(amount).div(q).toDecimalPlaces(4).toFixed();
      }),
      { numRuns: 3000 },
    );
    // any text of digits, dot and sign, canonical or not: the fast path must agree or step aside
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{0,13}(\.\d{0,3})?$/), fc.integer({ min: 1, max: 2e6 }), (a, q) => {
        let expected: string;
        try {
          expected = dec(a).div(q).toDecimalPlaces(4).toFixed();
        } catch {
          return true; // not a number decimal.js reads ('', '-', '.')
        }
        return divide(a, q) === expected;
      }),
      { numRuns: 3000 },
    );
    expect(divide('1199', 3)).toBe('399.6667');
    expect(divide('007.10', 4)).toBe('1.775');
    expect(divide('89.9', 7)).toBe('12.8429');
    expect(divide('10', 0)).toBe('0');
  });
});

describe('mapFile (read and map in one pass)', () => {
  it.each([
    'sycm-store-day-gbk.csv',
    'sycm-store-day-bad-rows.csv',
    'sycm-traffic-source.csv',
    'taobao-orders.csv',
    'amazon-business-report.csv',
    'amazon-sponsored-products.xlsx',
    'shopify-orders.csv',
    'cs-agent-day.csv',
  ])('gives the same result as readTable + mapTable for %s', async (file) => {
    const table = await readTable(fixture(file));
    const preset = detectPreset(table.header)!;
    const expected = mapTable(table, preset, { store: 'S' });
    // a tiny chunk size makes the CSV parser cross chunk boundaries inside quoted cells
    const got = await mapFile(
      fixture(file),
      { preset: (m) => detectPreset(m.header)!, csvChunkChars: 7 },
      { store: 'S' },
    );
    expect(got.preset.name).toBe(preset.name);
    expect(got.records).toEqual(expected.records);
    expect(got.problems).toEqual(expected.problems);
    expect(got.rowsRead).toBe(expected.rowsRead);
    expect(got.table.headerRow).toBe(table.headerRow);
  });
});
