/**
 * Writing and reading base facts (基础数据的写入与读取), keyed by their natural key.
 *
 * The write is an upsert with a memory: a row whose key is new is inserted; a row whose values differ
 * from the stored ones replaces them and leaves a `fact_change` row (old → new values, batch); a row
 * equal to the stored one is not touched at all, so re-importing the same data changes nothing.
 *
 * How, and why this way (stack.md, 1 000 000 order lines on PostgreSQL 15):
 * - The records are streamed with `COPY` (the fastest way in) into a temporary table without an index,
 *   then merged in two passes over the batch: one join finds the rows whose values differ (usually a
 *   handful, kept in a second temporary table that feeds the change log and the update), and one
 *   `INSERT … ON CONFLICT DO NOTHING` adds the new keys. stack.md: COPY + merge ~16 s per million rows
 *   against ~25 s for batched `unnest … ON CONFLICT`.
 * - When the target holds no row yet for the stores in the batch (the first import of a store), nothing
 *   can be replaced: the rows are copied straight into the keyed table (~7 s per million with
 *   `collate "C"` keys).
 * Callers run this inside a transaction (one file = one transaction): on any error nothing is kept.
 */
import { AppError, type Problem } from '../core/errors.ts';
import {
  type ColumnSpec,
  columnsOf,
  FACT_SPECS,
  type FactKind,
  type FactRecordOf,
  type FactSpec,
  keyOf,
  recordFromRow,
  sqlType,
} from './fact-tables.ts';
import type { Sql } from './open-db.ts';

export interface UpsertCounts {
  inserted: number;
  replaced: number;
  unchanged: number;
}

export interface UpsertOptions {
  /** the import batch that writes (must exist in import_batch: fact_change rows point to it) */
  batchId: string;
  /** called as rows are handed to the database: (rows sent, total) */
  onProgress?: (done: number, total: number) => void;
  /** rows per COPY chunk (default 20 000) */
  chunkRows?: number;
}

/** Where two records of one batch have the same natural key (0-based indexes). */
export interface DuplicateKey {
  index: number;
  firstIndex: number;
  key: string;
}

/** Records that share a natural key: a batch must not say two things about the same row. */
export function findDuplicateKeys<K extends FactKind>(
  kind: K,
  records: readonly FactRecordOf[K][],
): DuplicateKey[] {
  const spec: FactSpec = FACT_SPECS[kind];
  const seen = new Map<string, number>();
  const dups: DuplicateKey[] = [];
  records.forEach((r, index) => {
    const key = keyOf(spec, r);
    const firstIndex = seen.get(key);
    if (firstIndex === undefined) seen.set(key, index);
    else dups.push({ index, firstIndex, key: key.replaceAll('\u0000', ' / ') });
  });
  return dups;
}

/**
 * Inserts new rows, replaces changed rows (recording each change) and leaves equal rows alone.
 * @example await db.transaction((tx) => upsertFacts(tx, 'acme', 'store_day', days, { batchId }))
 */
export async function upsertFacts<K extends FactKind>(
  tx: Sql,
  company: string,
  kind: K,
  records: readonly FactRecordOf[K][],
  opts: UpsertOptions,
): Promise<UpsertCounts> {
  const spec: FactSpec = FACT_SPECS[kind];
  const dups = findDuplicateKeys(kind, records);
  if (dups.length > 0) {
    const problems: Problem[] = dups.map((d) => ({
      severity: 'error',
      code: 'duplicate_key',
      message: {
        zh: `与第 ${d.firstIndex + 1} 条记录的键相同`,
        en: `same key as record ${d.firstIndex + 1}`,
      },
      where: { row: d.index + 1, value: d.key },
    }));
    throw new AppError(
      'import_refused',
      { zh: '同一批数据中有重复的键', en: 'duplicate keys in one batch' },
      problems,
    );
  }
  if (records.length === 0) return { inserted: 0, replaced: 0, unchanged: 0 };
  const chunkRows = opts.chunkRows ?? 20_000;
  const stores = spec.hasStore ? [...new Set(records.map((r) => (r as { store: string }).store))] : [];
  return writeFacts(tx, company, kind, {
    stores,
    chunks: (cols, prefix) => csvChunks(cols, records, chunkRows, opts.onProgress, prefix),
    count: () => records.length,
    batchId: opts.batchId,
  });
}

/** Records to write as CSV text for COPY, produced while the database reads them (see {@link writeFacts}). */
export interface FactStream {
  /** the stores of every record (kinds keyed by store): decides between a straight copy and a merge */
  stores: readonly string[];
  /**
   * The records as CSV chunks of {@link csvLine}s with `prefix`, pulled as COPY reads them (so a caller
   * may parse its file lazily inside). Throwing aborts the COPY; the caller's transaction rolls back.
   */
  chunks(cols: readonly ColumnSpec[], prefix: string): Iterable<string>;
  /** records produced by `chunks` (read once it is exhausted) */
  count(): number;
  /** the import batch that writes */
  batchId: string;
  /**
   * The records' keys were not checked for duplicates: a straight copy relies on the primary key (a
   * duplicate fails the COPY with SQLSTATE 23505), the merge looks for them and throws
   * {@link DuplicateKeysInBatch}. Either way the caller's transaction rolls back.
   */
  keysUnchecked?: boolean;
}

/** Two records of a streamed batch have the same key (see {@link FactStream.keysUnchecked}). */
export class DuplicateKeysInBatch extends Error {
  readonly code = '23505';
}

/**
 * The write half of {@link upsertFacts} for records that arrive as a stream, e.g. mapped from a file as it
 * is parsed. The caller guarantees that no two records share a key (upsertFacts checks; the importer's
 * mapper refuses duplicate rows) and that every record's store is in `stores`.
 */
export async function writeFacts(
  tx: Sql,
  company: string,
  kind: FactKind,
  input: FactStream,
): Promise<UpsertCounts> {
  const spec: FactSpec = FACT_SPECS[kind];
  const cols = columnsOf(spec);
  const opts = { batchId: input.batchId };

  if (spec.hasStore && !(await storesHaveRows(tx, company, kind, input.stores))) {
    // First data for these stores: nothing to compare against, copy straight into the keyed table.
    const prefix = `${csvField(company)},${csvField(opts.batchId)},`;
    await tx.copyCsv(
      kind,
      ['company_id', 'batch_id', ...cols.map((c) => c.name)],
      input.chunks(cols, prefix),
    );
    return { inserted: input.count(), replaced: 0, unchanged: 0 };
  }

  const tmp = `_in_${kind}`;
  // The merge hashes the whole batch: with the default 4 MB a million-row join spills to disk in many
  // batches. SET LOCAL ends with the transaction.
  await tx.query("SET LOCAL work_mem = '256MB'");
  await tx.query(`DROP TABLE IF EXISTS ${tmp}`);
  await tx.query(
    `CREATE TEMP TABLE ${tmp} (${cols.map((c) => `${c.name} ${sqlType(c.type)}`).join(', ')}) ON COMMIT DROP`,
  );
  await tx.copyCsv(
    tmp,
    cols.map((c) => c.name),
    input.chunks(cols, ''),
  );
  const total = input.count();
  if (input.keysUnchecked) {
    const keys = spec.key.map((c) => c.name).join(', ');
    const dup = await tx.query(`SELECT 1 FROM ${tmp} GROUP BY ${keys} HAVING count(*) > 1 LIMIT 1`);
    if (dup.rows.length > 0) throw new DuplicateKeysInBatch(`duplicate keys in a batch of ${kind}`);
  }
  await tx.query(`ANALYZE ${tmp}`);

  const keyJoin = ['t.company_id = $1', ...spec.key.map((c) => `t.${c.name} = i.${c.name}`)].join(' AND ');
  const differs = `(${spec.values.map((c) => `t.${c.name}`).join(', ')}) IS DISTINCT FROM (${spec.values
    .map((c) => `i.${c.name}`)
    .join(', ')})`;
  const obj = (alias: string, list: readonly ColumnSpec[]) =>
    `jsonb_build_object(${list.map((c) => `'${c.name}', ${alias}.${c.name}`).join(', ')})`;
  // Only the columns that changed go into the record of the change.
  const onlyChanged = (a: string, b: string) =>
    `(SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(c.${a}) e WHERE e.value IS DISTINCT FROM c.${b} -> e.key)`;

  // Pass 1 (one join of the batch with the table): the rows whose values differ, with old and new
  // values. Usually a handful, so the change log and the update below work on a small table.
  const chg = `_chg_${kind}`;
  await tx.query(`DROP TABLE IF EXISTS ${chg}`);
  await tx.query(
    `CREATE TEMP TABLE ${chg} ON COMMIT DROP AS
     SELECT i.*, ${obj('i', spec.key)} AS k__, ${obj('t', spec.values)} AS o__, ${obj('i', spec.values)} AS n__
     FROM ${tmp} i JOIN ${kind} t ON ${keyJoin} WHERE ${differs}`,
    [company],
  );
  await tx.query(
    `INSERT INTO fact_change (company_id, batch_id, kind, key, old_values, new_values)
     SELECT $1, $2, '${kind}', c.k__, ${onlyChanged('o__', 'n__')}, ${onlyChanged('n__', 'o__')} FROM ${chg} c`,
    [company, opts.batchId],
  );
  const updated = await tx.query(
    `UPDATE ${kind} t SET ${spec.values.map((c) => `${c.name} = i.${c.name}`).join(', ')}, batch_id = $2
     FROM ${chg} i WHERE ${keyJoin}`,
    [company, opts.batchId],
  );
  // Pass 2: new keys. ON CONFLICT DO NOTHING probes the primary key per row (cost follows the batch,
  // not the table, unlike an anti-join) and skips the rows that exist (equal or just updated).
  const names = cols.map((c) => c.name);
  const inserted = await tx.query(
    `INSERT INTO ${kind} (company_id, batch_id, ${names.join(', ')})
     SELECT $1, $2, ${names.map((n) => `i.${n}`).join(', ')} FROM ${tmp} i
     ORDER BY ${spec.key.map((c) => `i.${c.name}`).join(', ')}
     ON CONFLICT DO NOTHING`,
    [company, opts.batchId],
  );
  await tx.query(`DROP TABLE ${tmp}`);
  await tx.query(`DROP TABLE ${chg}`);
  const replaced = updated.rowCount;
  return { inserted: inserted.rowCount, replaced, unchanged: total - inserted.rowCount - replaced };
}

export interface FactFilter {
  /** one store, or several (kinds keyed by store only) */
  store?: string | readonly string[];
  /** first calendar day, inclusive ('YYYY-MM-DD'; a month 'YYYY-MM' for overhead_month) */
  from?: string;
  /** last calendar day, inclusive */
  to?: string;
}

/** The column a period filter applies to: the day of the fact (order lines: the order date). */
const PERIOD_COLUMN: Record<FactKind, string> = {
  store_day: 'date',
  traffic_source_day: 'date',
  ad_day: 'date',
  order_line: 'order_date',
  cs_agent_day: 'date',
  overhead_month: 'month',
  fx_rate: 'date',
  competitor_snapshot: 'date',
};

/**
 * Reads a company's facts of one kind, in key order, optionally for some stores and a period.
 * @example await readFacts(db, 'acme', 'store_day', { store: 'TM01', from: '2026-10-01', to: '2026-10-31' })
 */
export async function readFacts<K extends FactKind>(
  db: Sql,
  company: string,
  kind: K,
  filter: FactFilter = {},
): Promise<FactRecordOf[K][]> {
  const spec: FactSpec = FACT_SPECS[kind];
  const params: unknown[] = [company];
  const where = ['company_id = $1'];
  if (filter.store !== undefined && spec.key.some((c) => c.name === 'store')) {
    params.push(typeof filter.store === 'string' ? [filter.store] : [...filter.store]);
    where.push(`store = ANY($${params.length}::text[])`);
  }
  const period = PERIOD_COLUMN[kind];
  if (filter.from !== undefined) {
    params.push(filter.from);
    where.push(`${period} >= $${params.length}`);
  }
  if (filter.to !== undefined) {
    params.push(filter.to);
    where.push(`${period} <= $${params.length}`);
  }
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${columnsOf(spec)
      .map((c) => c.name)
      .join(
        ', ',
      )} FROM ${kind} WHERE ${where.join(' AND ')} ORDER BY ${spec.key.map((c) => c.name).join(', ')}`,
    params,
  );
  return r.rows.map((row) => recordFromRow(kind, row));
}

async function storesHaveRows(
  tx: Sql,
  company: string,
  kind: FactKind,
  stores: readonly string[],
): Promise<boolean> {
  const r = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${kind} WHERE company_id = $1 AND store = ANY($2::text[])) AS found`,
    [company, [...stores]],
  );
  return r.rows[0]?.found === true;
}

const NEEDS_QUOTES = /[",\r\n\\]/;

/** One CSV field for COPY … (FORMAT csv): unquoted empty is NULL, so an empty string is quoted. */
export function csvField(value: unknown): string {
  // strings first: most fields are (amounts and dates travel as strings)
  if (typeof value === 'string') {
    return value !== '' && !NEEDS_QUOTES.test(value) ? value : `"${value.replaceAll('"', '""')}"`;
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return csvField(JSON.stringify(value));
}

function* csvChunks(
  cols: readonly ColumnSpec[],
  records: readonly unknown[],
  chunkRows: number,
  onProgress?: (done: number, total: number) => void,
  /** text put before every line (the constant company and batch columns) */
  prefix = '',
): Generator<string> {
  const fields = cols.map((c) => c.field);
  for (let start = 0; start < records.length; start += chunkRows) {
    const end = Math.min(records.length, start + chunkRows);
    let out = '';
    for (let i = start; i < end; i++) out += csvLine(fields, records[i], prefix);
    yield out;
    onProgress?.(end, records.length);
  }
}

/**
 * One record as a line for COPY … (FORMAT csv), newline included: `prefix`, then the record's `fields`.
 * @example csvLine(columnsOf(spec).map((c) => c.field), record, 'acme,b1,')
 */
export function csvLine(fields: readonly string[], record: unknown, prefix = ''): string {
  const r = record as Record<string, unknown>;
  let out = prefix;
  out += csvField(r[fields[0]!]);
  for (let k = 1; k < fields.length; k++) {
    out += ',';
    out += csvField(r[fields[k]!]);
  }
  return `${out}\n`;
}
