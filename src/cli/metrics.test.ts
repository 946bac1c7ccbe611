import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import type { FactSet } from '../core/metrics/compute.ts';
import { ensureCompany, upsertStores } from '../db/company-repository.ts';
import { upsertFacts } from '../db/fact-repository.ts';
import { createBatch } from '../db/import-batch-repository.ts';
import { openDb } from '../db/open-db.ts';
import { formatValue, metricsCommand, metricsCommandFromFacts, parseMetricsArgs } from './metrics.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const facts: FactSet = {
  stores: [
    { code: 'S1', name: 'S1', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai', operator: 'E9' },
  ],
  storeDays: [
    {
      store: 'S1',
      date: '2026-10-01',
      paidAmount: '1234567.891',
      refunds: '0',
      shipping: '0',
      orders: 10,
      payingBuyers: 10,
      uv: 400,
      pv: 1200,
      onePageVisitors: 100,
      newVisitors: 300,
      returningVisitors: 100,
    },
  ],
};

describe('shopkpi metrics', () => {
  it('prints zh + en names, value, last year and change from the demo data', async () => {
    const c = capture();
    const code = await metricsCommand.run(['--demo', '--store', 'TM01', '--month', '2026-10'], c.io);
    expect(code).toBe(0);
    const text = c.out();
    expect(text).toContain('支付金额 / paid amount (GMV)');
    expect(text).toContain('访客数 (人天) / visitors (UV) (visitor-days)');
    expect(text).toContain('去年同期 / last year: 2025-10');
    expect(text).toMatch(/支付转化率 \/ conversion rate\s+\d+\.\d\d%\s+\d+\.\d\d%\s+[+-]\d+\.\d\d pp/);
  });
  it('shows only customer-service metrics for an agent, and a person’s stores in a year', async () => {
    const c = capture();
    expect(await metricsCommand.run(['--demo', '--agent', '小美', '--month', '2025-11'], c.io)).toBe(0);
    expect(c.out()).toContain('客服 小美 / agent 小美');
    expect(c.out()).toContain('询单转化率 / inquiry conversion');
    expect(c.out()).not.toContain('paid amount');
    const p = capture();
    expect(await metricsCommand.run(['--demo', '--person', 'E003', '--year', '2025', '--json'], p.io)).toBe(
      0,
    );
    const json = JSON.parse(p.out());
    expect(json.scope.stores).toEqual(['AMZ01']);
    expect(json.currency).toBe('USD');
    expect(json.lastYearPeriod.key).toBe('2024');
    // the demo data starts in Nov 2024: last year is partial, and the result says so
    expect(json.problems.map((x: { code: string }) => x.code)).toEqual(['missing_days_last_year']);
  });
  it('reads the database: a clear error for a company with no data, the figures once imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopkpi-metrics-'));
    const saved = { url: process.env.DATABASE_URL, dir: process.env.SHOPKPI_DATA_DIR };
    delete process.env.DATABASE_URL;
    process.env.SHOPKPI_DATA_DIR = dir;
    try {
      await expect(
        metricsCommand.run(['--store', 'TM01', '--month', '2026-10', '--company', 'm1'], capture().io),
      ).rejects.toThrow(/shopkpi import/);
      const db = await openDb();
      await ensureCompany(db, 'm1');
      await upsertStores(
        db,
        'm1',
        facts.stores.map((st) => ({ ...st, code: 'TM01' })),
      );
      const batchId = await createBatch(db, 'm1', {
        fileName: 'metrics.test',
        fileSha256: '',
        preset: 'test',
        kind: 'store_day',
        store: 'TM01',
        rowsRead: 1,
        importedBy: 'test',
      });
      await upsertFacts(
        db,
        'm1',
        'store_day',
        facts.storeDays.map((d) => ({ ...d, store: 'TM01' })),
        { batchId },
      );
      await db.close();
      const c = capture();
      const code = await metricsCommand.run(
        ['--store', 'TM01', '--day', '2026-10-01', '--company', 'm1'],
        c.io,
      );
      expect(code).toBe(0);
      expect(c.out()).toMatch(/支付金额 \/ paid amount \(GMV\)\s+1,234,567\.89/);
    } finally {
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      if (saved.dir !== undefined) process.env.SHOPKPI_DATA_DIR = saved.dir;
      else delete process.env.SHOPKPI_DATA_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('computes from any facts (the database will pass its own)', () => {
    const c = capture();
    const code = metricsCommandFromFacts(
      facts,
      parseMetricsArgs(['--store', 'S1', '--day', '2026-10-01']),
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out()).toMatch(/支付金额 \/ paid amount \(GMV\)\s+1,234,567\.89\s+—\s+—/);
    expect(c.out()).toMatch(/访客数 \/ visitors \(UV\)\s+400/); // one day: plain UV, not visitor-days
  });
  it('prints exact JSON', () => {
    const c = capture();
    metricsCommandFromFacts(
      facts,
      parseMetricsArgs(['--person', 'E9', '--month', '2026-10', '--json']),
      c.io,
    );
    const json = JSON.parse(c.out());
    expect(json.sums.paidAmount).toBe('1234567.891');
    expect(json.metrics.find((m: { code: string }) => m.code === 'aov').exact).toEqual({
      num: '1234567.891',
      den: '10',
    });
  });
  it('refuses unclear arguments and unknown stores', () => {
    expect(() => parseMetricsArgs(['--month', '2026-10'])).toThrow(AppError);
    expect(() => parseMetricsArgs(['--store', 'S1', '--month', '2026-13'])).toThrow(/not a period/);
    expect(() => parseMetricsArgs(['--store', 'S1', '--month', '2026-10', '--metrics', 'gmv'])).toThrow(
      /unknown metrics gmv/,
    );
    expect(() =>
      metricsCommandFromFacts(
        facts,
        parseMetricsArgs(['--store', 'NOPE', '--month', '2026-10']),
        capture().io,
      ),
    ).toThrow(/no store NOPE/);
  });
  it('formats values by unit', () => {
    expect(formatValue('-1234.565', 'amount')).toBe('-1,234.57');
    expect(formatValue('0.0235', 'ratio')).toBe('2.35%');
    expect(formatValue(null, 'count')).toBe('—');
  });
});
