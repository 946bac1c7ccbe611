/**
 * The preset engine (导入预设): a preset names the columns of one platform export and how a row of it
 * becomes a base fact record (src/core/metrics/facts.ts). This file holds what every preset shares: finding
 * the columns in a header, parsing each cell by its type, collecting every problem with its file, row,
 * column, value and reason, and merging rows that are parts of one record.
 */
import type { Problem } from '../../core/errors.ts';
import type { AdDay, CsAgentDay, OrderLine, StoreDay, TrafficSourceDay } from '../../core/metrics/facts.ts';
import { dec } from '../../core/money.ts';
import { type Text, t } from '../../core/text.ts';
import {
  type DateOrder,
  type Parsed,
  parseAmount,
  parseCount,
  parseDate,
  parsePercent,
  parseSeconds,
  unwrapText,
} from '../parse.ts';
import { normaliseHeader, type RawTable } from '../read-table.ts';

export const FACT_KINDS = [
  'store_day',
  'traffic_source_day',
  'ad_day',
  'order_line',
  'cs_agent_day',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface FactRecordOf {
  store_day: StoreDay;
  traffic_source_day: TrafficSourceDay;
  ad_day: AdDay;
  order_line: OrderLine;
  cs_agent_day: CsAgentDay;
}
export type FactRecord = FactRecordOf[FactKind];

export type ColumnType = 'amount' | 'count' | 'percent' | 'date' | 'text' | 'seconds';

export interface ColumnSpec {
  /** Header texts this column goes by in real exports; the first is the one documented. */
  headers: string[];
  type: ColumnType;
  /** The file is refused without this column. */
  required?: boolean;
  /** A row is refused when this cell is empty (defaults to `required`). */
  needsValue?: boolean;
}

export interface MapContext {
  /** Store code the file belongs to. */
  store: string;
  /** The date for exports that carry it only in a title row (生意参谋 流量来源); overrides the title. */
  date?: string;
  /** Order of all-numeric dates such as 10/01/2026; the preset's own declared order otherwise. */
  dateOrder?: DateOrder;
}

/** Parsed cells of one row, by field name; absent columns and blank cells are null. */
export class RowValues {
  constructor(
    private readonly values: Map<string, string | number | null>,
    readonly row: number,
  ) {}
  has(field: string): boolean {
    return this.values.has(field);
  }
  amount(field: string): string | null {
    return (this.values.get(field) as string | null | undefined) ?? null;
  }
  count(field: string): number | null {
    return (this.values.get(field) as number | null | undefined) ?? null;
  }
  text(field: string): string {
    return (this.values.get(field) as string | null | undefined) ?? '';
  }
}

/** What a preset's row builder says about one row. */
export type BuildResult<K extends FactKind> =
  | { record: FactRecordOf[K] }
  | { skip: true }
  | { problems: { field?: string; reason: Text }[] };

export interface BuildState {
  /** Free storage for presets whose rows depend on earlier rows (Shopify line items of one order). */
  memo: Map<string, unknown>;
  table: RawTable;
}

export interface Preset<K extends FactKind = FactKind> {
  /** Stable name used on the command line: `--preset sycm-store-day`. */
  name: string;
  title: Text;
  kind: K;
  columns: Record<string, ColumnSpec>;
  /** Header texts (any alias of these fields) that must all be present for automatic detection. */
  signature: string[];
  /** Order of all-numeric dates in this export. */
  dateOrder?: DateOrder;
  /** Turns one row's parsed values into a record. */
  build(v: RowValues, ctx: MapContext, state: BuildState): BuildResult<K>;
  /** Called once before the rows, e.g. to find a date in the title rows; may return file-level problems. */
  prepare?(table: RawTable, ctx: MapContext, state: BuildState): Problem[];
}

export interface MapResult {
  kind: FactKind;
  records: FactRecord[];
  problems: Problem[];
  rowsRead: number;
}

const TOTAL_ROW = /^(合计|总计|汇总|小计|total|grand total|sum)$/i;

function headerKey(s: string): string {
  return normaliseHeader(s).toLowerCase();
}

/** Index of each of the preset's fields in the header, or -1. */
export function resolveColumns(header: string[], preset: Preset): Map<string, number> {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (k !== '' && !at.has(k)) at.set(k, i);
  });
  const out = new Map<string, number>();
  for (const [field, spec] of Object.entries(preset.columns)) {
    let idx = -1;
    for (const alias of spec.headers) {
      const i = at.get(headerKey(alias));
      if (i !== undefined) {
        idx = i;
        break;
      }
    }
    out.set(field, idx);
  }
  return out;
}

function parseCell(type: ColumnType, raw: string, order: DateOrder): Parsed<string | number | null> {
  switch (type) {
    case 'amount':
      return parseAmount(raw);
    case 'count':
      return parseCount(raw);
    case 'percent':
      return parsePercent(raw);
    case 'date':
      return parseDate(raw, order);
    case 'seconds':
      return parseSeconds(raw);
    case 'text':
      return { ok: true, value: unwrapText(raw) };
  }
}

export function problem(
  code: string,
  message: Text,
  where: { file: string; row?: number; column?: string; value?: string },
  severity: 'error' | 'warning' = 'error',
): Problem {
  return { severity, code, message, where };
}

/** Key of a record: two rows with the same key in one file are one record (merged or refused). */
function keyOf(kind: FactKind, r: FactRecord): string {
  switch (kind) {
    case 'store_day':
      return (r as StoreDay).date;
    case 'traffic_source_day': {
      const x = r as TrafficSourceDay;
      return `${x.date}|${x.source}`;
    }
    case 'ad_day': {
      const x = r as AdDay;
      return `${x.date}|${x.channel}|${x.campaign}`;
    }
    case 'order_line': {
      const x = r as OrderLine;
      return `${x.orderId}|${x.lineNo}`;
    }
    case 'cs_agent_day': {
      const x = r as CsAgentDay;
      return `${x.date}|${x.agent}`;
    }
  }
}

const add = (a: string, b: string) => dec(a).plus(b).toFixed();

/**
 * Rows that are parts of one record add up: a traffic-source export lists several detail sources that map
 * to one source (手淘搜索 + 淘宝搜索 → search); an ad report lists a campaign per ad group. Store days,
 * order lines and agent days must be unique in a file: a repeat is refused, not guessed at.
 */
function merge(kind: FactKind, a: FactRecord, b: FactRecord): FactRecord | undefined {
  if (kind === 'traffic_source_day') {
    const x = a as TrafficSourceDay;
    const y = b as TrafficSourceDay;
    return {
      ...x,
      uv: x.uv + y.uv,
      buyers: x.buyers + y.buyers,
      paidAmount: add(x.paidAmount, y.paidAmount),
      cost: add(x.cost, y.cost),
    };
  }
  if (kind === 'ad_day') {
    const x = a as AdDay;
    const y = b as AdDay;
    return {
      ...x,
      spend: add(x.spend, y.spend),
      clicks: x.clicks + y.clicks,
      impressions: x.impressions + y.impressions,
      attributedSales: add(x.attributedSales, y.attributedSales),
      attributedOrders: x.attributedOrders + y.attributedOrders,
    };
  }
  return undefined;
}

/**
 * Maps a table through a preset. Every bad cell of every row is reported (not just the first); the caller
 * stores nothing when any problem is an error (all or nothing per file).
 * @example const { records, problems } = mapTable(await readTable(f), PRESETS['sycm-store-day'], { store: 'TM01' })
 */
export function mapTable(table: RawTable, preset: Preset, ctx: MapContext): MapResult {
  const problems: Problem[] = [];
  const file = table.file;
  const cols = resolveColumns(table.header, preset);
  for (const [field, spec] of Object.entries(preset.columns)) {
    if (spec.required && cols.get(field) === -1) {
      problems.push(
        problem(
          'missing_column',
          t(
            `缺少列「${spec.headers[0]}」(预设 ${preset.name})`,
            `missing column "${spec.headers[0]}" (preset ${preset.name})`,
          ),
          { file, row: table.headerRow, column: spec.headers[0] },
        ),
      );
    }
  }
  if (problems.length > 0) return { kind: preset.kind, records: [], problems, rowsRead: table.rows.length };

  const state: BuildState = { memo: new Map(), table };
  problems.push(...(preset.prepare?.(table, ctx, state) ?? []));
  const order = ctx.dateOrder ?? preset.dateOrder ?? 'ymd';
  const fields = [...cols.entries()].filter(([, i]) => i >= 0);
  const byKey = new Map<string, { index: number; row: number }>();
  const records: FactRecord[] = [];

  for (const { row, cells } of table.rows) {
    // a totals row (合计) at the bottom of an export is not a day
    if (TOTAL_ROW.test((cells.find((c) => c.trim() !== '') ?? '').trim())) continue;
    const values = new Map<string, string | number | null>();
    let rowOk = true;
    for (const [field, i] of fields) {
      const spec = preset.columns[field]!;
      const raw = cells[i] ?? '';
      const parsed = parseCell(spec.type, raw, order);
      const column = table.header[i]!;
      if (!parsed.ok) {
        problems.push(problem('bad_value', parsed.reason, { file, row, column, value: raw }));
        rowOk = false;
        continue;
      }
      if ((spec.needsValue ?? spec.required) && (parsed.value === null || parsed.value === '')) {
        problems.push(
          problem('missing_value', t('此处必须有值', 'a value is required here'), {
            file,
            row,
            column,
            value: raw,
          }),
        );
        rowOk = false;
        continue;
      }
      values.set(field, parsed.value);
    }
    if (!rowOk) continue;
    const built = preset.build(new RowValues(values, row), ctx, state);
    if ('skip' in built) continue;
    if ('problems' in built) {
      for (const p of built.problems) {
        const i = p.field ? cols.get(p.field) : undefined;
        const column = i !== undefined && i >= 0 ? table.header[i] : p.field;
        const value = i !== undefined && i >= 0 ? cells[i] : undefined;
        problems.push(problem('bad_row', p.reason, { file, row, column, value }));
      }
      continue;
    }
    const key = keyOf(preset.kind, built.record);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { index: records.length, row });
      records.push(built.record);
      continue;
    }
    const merged = merge(preset.kind, records[seen.index]!, built.record);
    if (merged) {
      records[seen.index] = merged;
    } else {
      problems.push(
        problem(
          'duplicate_row',
          t(`与第 ${seen.row} 行重复 (${key})`, `same record as row ${seen.row} (${key})`),
          { file, row, value: key },
        ),
      );
    }
  }
  return { kind: preset.kind, records, problems, rowsRead: table.rows.length };
}

/** A preset's recognisable header texts, for finding the header row under title rows. */
export function presetHeaderWords(preset: Preset): string[] {
  return Object.values(preset.columns).flatMap((c) => c.headers.map(normaliseHeader));
}

/** Dec-exact "a / b" rounded to `point` decimals, for unit prices derived from line amounts. */
export function divide(a: string, b: number, point: number): string {
  if (b === 0) return '0';
  return dec(a).div(b).toDecimalPlaces(point).toFixed();
}

/** Percent fraction × count, rounded half up to a whole number (one-page visitors from a bounce rate). */
export function fractionOf(fraction: string, count: number): number {
  return dec(fraction).times(count).toDecimalPlaces(0).toNumber();
}
