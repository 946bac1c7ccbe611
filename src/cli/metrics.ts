/**
 * `shopkpi metrics`: the metrics of a store (or group, person, agent) for a period, with last year's
 * same period and the change, in zh-CN and English.
 *
 *   shopkpi metrics --demo --store TM01 --month 2026-10
 *   shopkpi metrics --demo --person E001 --year 2026 --json
 *
 * The figures come from the database (imported with `shopkpi import`), or from the demo generator with
 * `--demo`.
 */
import { parseArgs } from 'node:util';
import { loadFactSet } from '../app/load-facts.ts';
import { AppError, describeProblem } from '../core/errors.ts';
import {
  type ComputeOptions,
  computeMetrics,
  type FactSet,
  type MetricValue,
  type Scope,
} from '../core/metrics/compute.ts';
import { generateDemoData } from '../core/metrics/demo-data.ts';
import { METRIC_CODES, type MetricCode, type MetricUnit } from '../core/metrics/dictionary.ts';
import { describePeriod, type Period, parsePeriod } from '../core/metrics/period.ts';
import { dec } from '../core/money.ts';
import { t } from '../core/text.ts';
import { openDb } from '../db/open-db.ts';
import type { Command, Io } from './command.ts';

const HELP = `shopkpi metrics — store metrics for a period, with last year alongside / 店铺指标 (含去年同期)

Usage: shopkpi metrics (--store <code>[,<code>…] | --person <employee> | --agent <name>)
                       (--day YYYY-MM-DD | --month YYYY-MM | --quarter YYYY-Qn | --year YYYY)
                       [--currency CNY] [--metrics code,code] [--json] [--company <id>] [--demo [--seed N]]

  --store      one store, or several separated by commas (a group / team: ratios are ratios of sums)
  --person     the stores this employee is the operator of
  --agent      one customer-service agent (customer-service metrics only)
  --currency   report currency for a mix of CNY and USD stores (default CNY), at each day's rate
  --metrics    only these metric codes (${METRIC_CODES.slice(0, 4).join(', ')}, …)
  --json       the full result, with exact fractions and traces
  --company    the company in the database (default SHOPKPI_COMPANY, else "default")
  --demo       compute from the demo data (three stores, 2024-11 … 2026-10); --seed picks the data set

Multi-day UV is a sum of daily visitors, shown as visitor-days (人天).`;

export interface MetricsArgs {
  scope: Scope;
  period: Period;
  options: ComputeOptions;
  json: boolean;
  demo: boolean;
  seed: string;
  /** company id in the database (default SHOPKPI_COMPANY, else "default") */
  company?: string;
}

/** Parses the command line; throws AppError('invalid_input') naming what is wrong. */
export function parseMetricsArgs(args: string[]): MetricsArgs {
  let v: ReturnType<typeof parse>;
  try {
    v = parse(args);
  } catch (err) {
    throw new AppError(
      'invalid_input',
      t(`参数错误: ${(err as Error).message}`, `bad arguments: ${(err as Error).message}`),
    );
  }
  const o = v.values;
  const scopes = [o.store, o.person, o.agent].filter((x) => x !== undefined);
  if (scopes.length !== 1) {
    throw new AppError(
      'invalid_input',
      t('请给出 --store、--person 或 --agent 之一', 'give one of --store, --person or --agent'),
    );
  }
  const stores =
    o.store
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const scope: Scope = o.person
    ? { kind: 'person', person: o.person }
    : o.agent
      ? { kind: 'agent', agent: o.agent }
      : stores.length === 1
        ? { kind: 'store', store: stores[0]! }
        : { kind: 'stores', stores };
  const keys = [o.day, o.month, o.quarter, o.year].filter((x) => x !== undefined);
  if (keys.length !== 1) {
    throw new AppError(
      'invalid_input',
      t('请给出 --day、--month、--quarter 或 --year 之一', 'give one of --day, --month, --quarter or --year'),
    );
  }
  const period = parsePeriod(keys[0]!);
  if (!period)
    throw new AppError('invalid_input', t(`无法识别的期间 ${keys[0]}`, `not a period: ${keys[0]}`));
  const metrics = o.metrics?.split(',').map((s) => s.trim());
  const unknown = metrics?.filter((m) => !(METRIC_CODES as string[]).includes(m)) ?? [];
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_input',
      t(`未知指标 ${unknown.join(', ')}`, `unknown metrics ${unknown.join(', ')}`),
    );
  }
  return {
    scope,
    period,
    options: {
      ...(o.currency ? { currency: o.currency.toUpperCase() } : {}),
      ...(metrics ? { metrics: metrics as MetricCode[] } : {}),
    },
    json: o.json ?? false,
    demo: o.demo ?? false,
    ...(o.company ? { company: o.company } : {}),
    seed: o.seed ?? '1',
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      store: { type: 'string' },
      person: { type: 'string' },
      agent: { type: 'string' },
      day: { type: 'string' },
      month: { type: 'string' },
      quarter: { type: 'string' },
      year: { type: 'string' },
      currency: { type: 'string' },
      metrics: { type: 'string' },
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
      company: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A value for the table: amounts to 0.01 (half up) with thousands separators, ratios as percentages. */
export function formatValue(value: string | null, unit: MetricUnit): string {
  if (value === null) return '—';
  const v = dec(value);
  switch (unit) {
    case 'ratio':
      return `${v.times(100).toFixed(2)}%`;
    case 'amount': {
      const [i, f] = v.toFixed(2).split('.');
      return `${i!.startsWith('-') ? `-${group(i!.slice(1))}` : group(i!)}.${f}`;
    }
    case 'count':
    case 'visitors':
      return group(v.toFixed(0));
    case 'seconds':
      return `${v.toFixed(1)} s`;
    case 'per_visitor':
    case 'multiple':
      return v.toFixed(2);
  }
}

/** Growth rate for amounts and counts; for ratios the difference in percentage points, which reads better. */
function formatChange(m: MetricValue): string {
  if (m.unit === 'ratio' && m.value !== null && m.lastYear !== null) {
    const pp = dec(m.value).minus(m.lastYear).times(100);
    const arrow = pp.isZero() ? '' : pp.isPositive() === (m.direction === 'higher') ? ' ▲' : ' ▼';
    return `${pp.isPositive() && !pp.isZero() ? '+' : ''}${pp.toFixed(2)} pp${arrow}`;
  }
  if (m.change === null) return '—';
  const pct = dec(m.change).times(100);
  const arrow =
    pct.isZero() || m.direction === 'neutral'
      ? ''
      : pct.isPositive() === (m.direction === 'higher')
        ? ' ▲'
        : ' ▼';
  return `${pct.isPositive() && !pct.isZero() ? '+' : ''}${pct.toFixed(1)}%${arrow}`;
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/**
 * Computes and prints the metrics from a set of facts (the demo data today, the database tomorrow).
 * Returns the exit code: 0, or 1 when the scope has no store or a required exchange rate is missing.
 */
export function metricsCommandFromFacts(facts: FactSet, args: MetricsArgs, io: Io): number {
  const known = new Set(facts.stores.map((s) => s.code));
  if (args.scope.kind === 'store' && !known.has(args.scope.store)) {
    throw new AppError('not_found', t(`没有店铺 ${args.scope.store}`, `no store ${args.scope.store}`));
  }
  if (args.scope.kind === 'stores') {
    const missing = args.scope.stores.filter((s) => !known.has(s));
    if (missing.length)
      throw new AppError('not_found', t(`没有店铺 ${missing.join(', ')}`, `no store ${missing.join(', ')}`));
  }
  const r = computeMetrics(facts, args.scope, args.period, args.options);
  if (r.scope.stores.length === 0) {
    throw new AppError('not_found', t('该范围内没有店铺', 'no store in this scope'));
  }
  if (args.json) {
    io.stdout.write(`${JSON.stringify(r, null, 2)}\n`); // Decimal has toJSON: amounts stay exact strings
    return r.problems.some((p) => p.severity === 'error') ? 1 : 0;
  }
  const p = describePeriod(r.period);
  io.stdout.write(`${r.scope.label.zh} / ${r.scope.label.en}\n`);
  io.stdout.write(
    `${p.zh} / ${p.en}; 去年同期 / last year: ${r.lastYearPeriod.key}; 币种 / currency: ${r.currency}\n\n`,
  );
  const rows = r.metrics.map((m) => [
    `${m.name.zh} / ${m.name.en}`,
    formatValue(m.value, m.unit),
    formatValue(m.lastYear, m.unit),
    formatChange(m),
  ]);
  const head = ['指标 / metric', '本期 / value', '去年同期 / last year', '变化 / change'];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]!))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ');
  io.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
  for (const prob of r.problems)
    io.stderr.write(`${describeProblem(prob, 'zh')}\n${describeProblem(prob, 'en')}\n`);
  return r.problems.some((x) => x.severity === 'error') ? 1 : 0;
}

export const metricsCommand: Command = {
  summary: 'store metrics for a period, with last year / 店铺指标与去年同期',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseMetricsArgs(args);
    if (!parsed.demo) {
      // From the database: DATABASE_URL, else the embedded PGlite folder (see docs/database.md).
      const company = parsed.company ?? process.env.SHOPKPI_COMPANY ?? 'default';
      const db = await openDb();
      try {
        const facts = await loadFactSet(db, company, parsed.period);
        if (facts.stores.length === 0) {
          throw new AppError(
            'not_found',
            t(
              `公司 ${company} 没有店铺数据：先用 shopkpi import 导入，或用 --demo 查看演示数据`,
              `company ${company} has no stores: import data with shopkpi import first, or use --demo`,
            ),
          );
        }
        return metricsCommandFromFacts(facts, parsed, io);
      } finally {
        await db.close();
      }
    }
    return metricsCommandFromFacts(generateDemoData(parsed.seed), parsed, io);
  },
};
