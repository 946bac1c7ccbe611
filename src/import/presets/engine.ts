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
  quickParse,
  unwrapText,
} from '../parse.ts';
import { normaliseHeader, type RawRow, type RawTable, type TableMeta } from '../read-table.ts';

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
  /**
   * @param slots field name → position in `values`, shared by all rows of a file (absent: no such column)
   * @param values parsed cells of this row, by slot
   */
  constructor(
    private readonly slots: ReadonlyMap<string, number>,
    private readonly values: readonly (string | number | null)[],
    readonly row: number,
  ) {}
  private get(field: string): string | number | null | undefined {
    const i = this.slots.get(field);
    return i === undefined ? undefined : this.values[i];
  }
  has(field: string): boolean {
    return this.slots.has(field);
  }
  amount(field: string): string | null {
    return (this.get(field) as string | null | undefined) ?? null;
  }
  count(field: string): number | null {
    return (this.get(field) as number | null | undefined) ?? null;
  }
  text(field: string): string {
    return (this.get(field) as string | null | undefined) ?? '';
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
  /** The file's header, title rows (preamble) and name; rows arrive one by one. */
  table: TableMeta;
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
  prepare?(table: TableMeta, ctx: MapContext, state: BuildState): Problem[];
}

export interface MapResult {
  kind: FactKind;
  records: FactRecord[];
  problems: Problem[];
  rowsRead: number;
}

const TOTAL_ROW = /^(合计|总计|汇总|小计|total|grand total|sum)$/i;

/** A totals row (合计) at the bottom of an export: its first non-empty cell says so. */
function isTotalRow(cells: string[]): boolean {
  for (const c of cells) {
    if (c === '') continue;
    const s = c.trim();
    if (s !== '') return s.length <= 11 && TOTAL_ROW.test(s);
  }
  return false;
}

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

/** Kinds whose rows never merge into an earlier record, so records can be handed on as they are built. */
export function streamsRecords(kind: FactKind): boolean {
  return kind !== 'traffic_source_day' && kind !== 'ad_day';
}

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
  const mapper = new TableMapper(table, preset, ctx);
  mapper.push(table.rows);
  return mapper.result(table.rows.length);
}

interface FieldAt {
  field: string;
  /** column index in the file */
  i: number;
  type: ColumnType;
  needsValue: boolean;
  /** the header as the file writes it, for problems */
  column: string;
}

/**
 * The row-by-row half of {@link mapTable}, for rows that arrive in batches (src/import/map-file.ts): set up
 * once from the header, then `push` batches, then `result`.
 */
export class TableMapper {
  readonly problems: Problem[] = [];
  private readonly records: FactRecord[] = [];
  /** key → index in records; rowOf[index] is the file row it came from (flat: no object per row) */
  private readonly byKey = new Map<string, number>();
  private readonly rowOf: number[] = [];
  private readonly cols: Map<string, number>;
  private readonly fields: FieldAt[];
  private readonly slots: Map<string, number>;
  private readonly state: BuildState;
  private readonly order: DateOrder;
  private readonly refused: boolean;

  /**
   * @param emit when given (only for kinds that {@link streamsRecords}), each record is handed to it as
   *   soon as its row is mapped instead of being kept, and two rows with the same key are NOT looked for
   *   (keeping a million keys costs more than the rest of the mapping): the caller finds them another way
   *   (the importer lets the database's key find them, then maps again without `emit` to list them)
   */
  constructor(
    private readonly meta: TableMeta,
    private readonly preset: Preset,
    private readonly ctx: MapContext,
    private readonly emit?: (record: FactRecord) => void,
  ) {
    if (emit && !streamsRecords(preset.kind)) throw new Error(`${preset.kind} rows merge: cannot stream`);
    const file = meta.file;
    this.cols = resolveColumns(meta.header, preset);
    for (const [field, spec] of Object.entries(preset.columns)) {
      if (spec.required && this.cols.get(field) === -1) {
        this.problems.push(
          problem(
            'missing_column',
            t(
              `缺少列「${spec.headers[0]}」(预设 ${preset.name})`,
              `missing column "${spec.headers[0]}" (preset ${preset.name})`,
            ),
            { file, row: meta.headerRow, column: spec.headers[0] },
          ),
        );
      }
    }
    this.refused = this.problems.length > 0;
    this.state = { memo: new Map(), table: meta };
    if (!this.refused) this.problems.push(...(preset.prepare?.(meta, ctx, this.state) ?? []));
    this.order = ctx.dateOrder ?? preset.dateOrder ?? 'ymd';
    // resolved once per file: the row loop below runs up to millions of times
    this.fields = [...this.cols.entries()]
      .filter(([, i]) => i >= 0)
      .map(([field, i]) => {
        const spec = preset.columns[field]!;
        return {
          field,
          i,
          type: spec.type,
          needsValue: spec.needsValue ?? spec.required ?? false,
          column: meta.header[i]!,
        };
      });
    this.slots = new Map(this.fields.map((f, k) => [f.field, k]));
  }

  push(rows: readonly RawRow[]): void {
    if (this.refused) return;
    for (const r of rows) this.row(r);
  }

  result(rowsRead: number): MapResult {
    return {
      kind: this.preset.kind,
      records: this.refused ? [] : this.records,
      problems: this.problems,
      rowsRead,
    };
  }

  private row({ row, cells }: RawRow): void {
    const { fields, problems } = this;
    const file = this.meta.file;
    // a totals row (合计) at the bottom of an export is not a day
    if (isTotalRow(cells)) return;
    const values: (string | number | null)[] = new Array(fields.length);
    let rowOk = true;
    for (let k = 0; k < fields.length; k++) {
      const { i, type, needsValue, column } = fields[k]!;
      const raw = cells[i] ?? '';
      const quick = quickParse(type, raw);
      if (quick !== undefined) {
        values[k] = quick;
        continue;
      }
      const parsed = parseCell(type, raw, this.order);
      if (!parsed.ok) {
        problems.push(problem('bad_value', parsed.reason, { file, row, column, value: raw }));
        rowOk = false;
        continue;
      }
      if (needsValue && (parsed.value === null || parsed.value === '')) {
        const reason = t('此处必须有值', 'a value is required here');
        problems.push(problem('missing_value', reason, { file, row, column, value: raw }));
        rowOk = false;
        continue;
      }
      values[k] = parsed.value;
    }
    if (!rowOk) return;
    const built = this.preset.build(new RowValues(this.slots, values, row), this.ctx, this.state);
    if ('skip' in built) return;
    if ('problems' in built) {
      for (const p of built.problems) {
        const i = p.field ? this.cols.get(p.field) : undefined;
        const column = i !== undefined && i >= 0 ? this.meta.header[i] : p.field;
        const value = i !== undefined && i >= 0 ? cells[i] : undefined;
        problems.push(problem('bad_row', p.reason, { file, row, column, value }));
      }
      return;
    }
    if (this.emit) {
      this.emit(built.record);
      return;
    }
    const key = keyOf(this.preset.kind, built.record);
    const seen = this.byKey.get(key);
    if (seen === undefined) {
      this.byKey.set(key, this.records.length);
      this.rowOf.push(row);
      this.records.push(built.record);
      return;
    }
    const merged = merge(this.preset.kind, this.records[seen]!, built.record);
    if (merged) {
      this.records[seen] = merged;
      return;
    }
    const first = this.rowOf[seen];
    problems.push(
      problem('duplicate_row', t(`与第 ${first} 行重复 (${key})`, `same record as row ${first} (${key})`), {
        file,
        row,
        value: key,
      }),
    );
  }
}

/** A preset's recognisable header texts, for finding the header row under title rows. */
export function presetHeaderWords(preset: Preset): string[] {
  return Object.values(preset.columns).flatMap((c) => c.headers.map(normaliseHeader));
}

/**
 * Whole cents of an amount written as at most 11 integer digits and at most 2 decimals ("1199", "89.9",
 * "89.09"); -1 for anything else (read by character codes: this runs for every order line).
 */
function centsOf(a: string): number {
  const n = a.length;
  const dot = a.indexOf('.');
  const intEnd = dot < 0 ? n : dot;
  if (intEnd < 1 || intEnd > 11 || (dot >= 0 && (n - dot - 1 < 1 || n - dot - 1 > 2))) return -1;
  let cents = 0;
  for (let i = 0; i < n; i++) {
    if (i === dot) continue;
    const c = a.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    cents = cents * 10 + c;
  }
  // "89.9" is 899 tenths: scale to cents
  return dot < 0 ? cents * 100 : n - dot - 1 === 1 ? cents * 10 : cents;
}

/**
 * "a / b" rounded half up to 4 decimals, for unit prices derived from line amounts. Amounts with at most
 * two decimals (nearly all) are divided in integers of 0.0001, exactly (below 2^53); anything else goes
 * through decimal.js.
 * @example divide('1199', 3) === '399.6667'
 */
export function divide(a: string, b: number): string {
  if (b === 0) return '0';
  const cents = b > 0 && b < 1e6 ? centsOf(a) : -1;
  if (cents >= 0) {
    const units = cents * 100; // in 0.0001
    const q = Math.floor((2 * units + b) / (2 * b)); // half up
    const int = Math.floor(q / 10000);
    let frac = q % 10000;
    if (frac === 0) return String(int);
    let width = 4;
    while (frac % 10 === 0) {
      frac /= 10;
      width--;
    }
    return `${int}.${String(frac).padStart(width, '0')}`;
  }
  return dec(a).div(b).toDecimalPlaces(4).toFixed();
}

/** Percent fraction × count, rounded half up to a whole number (one-page visitors from a bounce rate). */
export function fractionOf(fraction: string, count: number): number {
  return dec(fraction).times(count).toDecimalPlaces(0).toNumber();
}
