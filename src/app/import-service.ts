/**
 * Importing a platform export (导入平台导出文件): read → map with a preset → check → write, all or nothing.
 *
 * - Every bad row is reported (file, row, column, value, reason) and then nothing at all is written.
 * - Kinds whose rows never add up into earlier ones (order lines, store days, agent days) go in one pass:
 *   rows are parsed, mapped and checked while the database reads the COPY stream (importStreaming).
 * - One file is one transaction: a failure or a killed process in the middle leaves the database as it
 *   was before the import started.
 * - Rows equal to the stored ones are left untouched; changed rows replace the old ones and the change
 *   is recorded in `fact_change`. Importing the same file twice leaves the database identical (a batch
 *   that changed nothing is not even logged).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, errorsOf, type Problem } from '../core/errors.ts';
import { t } from '../core/text.ts';
import { ensureCompany, getStore } from '../db/company-repository.ts';
import { csvLine, DuplicateKeysInBatch, upsertFacts, writeFacts } from '../db/fact-repository.ts';
import type { ColumnSpec, FactKind, FactRecordOf } from '../db/fact-tables.ts';
import { createBatch, finishBatch } from '../db/import-batch-repository.ts';
import type { Db } from '../db/open-db.ts';
import { streamsRecords, TableMapper } from '../import/presets/engine.ts';
import { detectPreset, getPreset, PRESETS, type Preset } from '../import/presets/index.ts';
import { type Limits, openTable, type TableStream } from '../import/read-table.ts';

export type ImportPhase = 'read' | 'check' | 'write' | 'done';

/**
 * Progress of an import. Order lines, store days and agent days are imported in one pass (the file is
 * parsed while the database reads it): 'check' then comes with total 0, and during 'write' `total` is the
 * file's rows as estimated at the phase's first event, `done` never exceeds it, and the phase's last event
 * has done = total.
 */
export interface ImportProgress {
  phase: ImportPhase;
  /** rows handled in this phase so far */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** our store code the file belongs to */
  store: string;
  /** preset name; recognised from the header when absent */
  preset?: string;
  /** a preset built from a generic mapping file (readMappingFile); takes the place of `preset` */
  mapping?: Preset;
  /** force the CSV encoding ('gbk', 'gb18030', 'utf-8'); detected when absent */
  encoding?: string;
  /** worksheet of an XLSX */
  sheet?: string;
  /** who imports (recorded with the batch); default the OS user */
  importedBy?: string;
  onProgress?: (p: ImportProgress) => void;
  /** reader limits (bytes unpacked, rows, cell size); uploads from the browser pass tighter ones */
  limits?: Partial<Limits>;
}

export interface ImportSummary {
  file: string;
  preset: string;
  kind: FactKind;
  store: string;
  rowsRead: number;
  /** records written as new rows */
  inserted: number;
  /** records that replaced a stored row with different values */
  replaced: number;
  /** records equal to what was stored */
  unchanged: number;
  /** data rows refused (each listed in `problems`); when > 0 nothing was written */
  refused: number;
  problems: Problem[];
  /** the import batch id when something was written */
  batchId?: string;
}

/**
 * Imports one file into the store's facts.
 * @example const s = await importFile(db, 'acme', 'orders.csv', { store: 'TM01' }); s.inserted
 */
export async function importFile(
  db: Db,
  company: string,
  path: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const file = basename(path);
  const store = await getStore(db, company, opts.store);
  if (!store) {
    throw new AppError('not_found', t(`没有店铺 ${opts.store}`, `no store ${opts.store}`), [
      {
        severity: 'error',
        code: 'unknown_store',
        message: t('公司下没有这个店铺代码', 'the company has no store with this code'),
        where: { value: opts.store },
        fix: t('先创建店铺，或检查 --store 参数', 'create the store first, or check --store'),
      },
    ]);
  }
  // A deactivated store (停用) keeps its facts but takes no new ones: a late file for a closed shop is
  // more likely a wrong --store than news. Refused before the file is even read.
  const active = await db.query<{ active: boolean }>(
    'SELECT active FROM store WHERE company_id = $1 AND code = $2',
    [company, opts.store],
  );
  if (active.rows[0]?.active === false) {
    const name = `${opts.store}（${store.name}）`;
    throw new AppError(
      'conflict',
      t(
        `店铺 ${name} 已停用，不再接收导入`,
        `store ${opts.store} (${store.name}) is inactive: it takes no new imports`,
      ),
      [
        {
          severity: 'error',
          code: 'inactive_store',
          message: t(`店铺 ${name} 已停用`, `store ${opts.store} (${store.name}) is inactive`),
          where: { file, value: opts.store },
          fix: t(
            '在“组织 → 店铺”中重新启用该店铺，或检查 --store 参数',
            'reactivate it under Organisation → Stores, or check --store',
          ),
        },
      ],
    );
  }
  opts.onProgress?.({ phase: 'read', done: 0, total: 0 });
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new AppError('not_found', t(`无法读取文件 ${file}`, `cannot read file ${file}`), [
      {
        severity: 'error',
        code: 'unreadable_file',
        message: t(`读取失败 (${reason})`, `reading failed (${reason})`),
        where: { file, value: path },
      },
    ]);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const open = () =>
    openTable(path, {
      bytes,
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      ...(opts.sheet ? { sheet: opts.sheet } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.mapping ? { headerWords: Object.values(opts.mapping.columns).flatMap((c) => c.headers) } : {}),
    });
  const table = await open();
  const preset = opts.mapping ?? choosePreset(file, table.meta.header, opts.preset);
  const ctx = { store: opts.store };
  const importedBy = opts.importedBy ?? defaultUser();
  opts.onProgress?.({ phase: 'check', done: 0, total: 0 });
  if (streamsRecords(preset.kind))
    return importStreaming(db, company, table, open, preset, { ...opts, sha256, importedBy });

  // Rows of these kinds add up into earlier records: map the whole file, then write.
  const mapper = new TableMapper(table.meta, preset, ctx);
  for (const batch of table.batches) mapper.push(batch);
  const mapped = mapper.result(table.rowsRead());
  opts.onProgress?.({ phase: 'check', done: mapped.rowsRead, total: mapped.rowsRead });

  return importRecords(db, company, {
    file,
    sha256,
    preset: preset.name,
    kind: mapped.kind,
    store: opts.store,
    rowsRead: mapped.rowsRead,
    records: mapped.records,
    problems: mapped.problems,
    importedBy,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
}

const flattened = { last: 0 };
/**
 * V8 keeps a string built with `+=` as a tree of its pieces (a rope, ~30 small objects per CSV line) until
 * something reads its characters; reading one flattens it in place. A chunk waiting in the COPY stream (or,
 * on PGlite, all of them until COPY starts) is then one flat string instead of a million objects for the
 * garbage collector to trace: measured, that halves the time to map a million-line file for PGlite.
 */
function flat(s: string): string {
  flattened.last = s.charCodeAt(s.length - 1); // kept, so that the read is not optimised away
  return s;
}

/** Thrown inside the COPY stream to abort it (and roll back) once a row was refused. */
class RowsRefused extends Error {}

/** SQLSTATE 23505: the key of a streamed record was already in the batch (see FactStream.keysUnchecked). */
function isDuplicateKey(err: unknown): boolean {
  return (
    err instanceof DuplicateKeysInBatch ||
    (typeof err === 'object' && err !== null && 'code' in err && err.code === '23505')
  );
}

/**
 * The one-pass import: each batch of rows is parsed, mapped, checked and turned into COPY text while the
 * database is reading the previous one (on PostgreSQL the server stores rows on one core while Node
 * parses on the other); no record is kept, and no key either: two rows with one key are found by the
 * database (the primary key, or a check of the merge's input). Still all or nothing: once a row is refused
 * no more text is sent, the COPY is aborted and the transaction rolled back; then the file is mapped again
 * the ordinary way (keys included) to list every bad row exactly as a whole-file check does.
 */
async function importStreaming(
  db: Db,
  company: string,
  table: TableStream,
  reopen: () => Promise<TableStream>,
  preset: Preset,
  opts: ImportOptions & { sha256: string; importedBy: string },
): Promise<ImportSummary> {
  const { file } = table.meta;
  const base = { file, preset: preset.name, kind: preset.kind, store: opts.store };
  let fields: readonly string[] = [];
  let prefix = '';
  let out = '';
  let lines = 0;
  const mapper = new TableMapper(table.meta, preset, { store: opts.store }, (record) => {
    // every record must belong to the store the stream was declared for (decides copy vs merge)
    if ((record as { store?: string }).store !== opts.store) throw new Error('record of another store');
    lines++;
    out += csvLine(fields, record, prefix);
  });
  /** The whole file mapped again with every check (duplicate keys too): its problems, when any is an error. */
  const recheck = async (): Promise<ImportSummary | undefined> => {
    const again = await reopen();
    const full = new TableMapper(again.meta, preset, { store: opts.store });
    for (const batch of again.batches) full.push(batch);
    const { problems, rowsRead } = full.result(again.rowsRead());
    const errors = errorsOf(problems);
    if (errors.length === 0) return undefined;
    const badRows = new Set(errors.map((p) => p.where.row ?? -1));
    return { ...base, rowsRead, inserted: 0, replaced: 0, unchanged: 0, refused: badRows.size, problems };
  };
  if (errorsOf(mapper.problems).length > 0) {
    // the file is refused as a whole (a missing column)
    const refused = await recheck();
    if (refused) return refused;
  }
  let seenProblems = mapper.problems.length;
  function* chunks(cols: readonly ColumnSpec[], linePrefix: string): Generator<string> {
    fields = cols.map((c) => c.field);
    prefix = linePrefix;
    for (const batch of table.batches) {
      mapper.push(batch);
      for (; seenProblems < mapper.problems.length; seenProblems++) {
        // stop sending at once: the recheck below lists every bad row
        if (mapper.problems[seenProblems]!.severity === 'error') throw new RowsRefused();
      }
      if (out.length > 0) {
        const text = flat(out);
        out = '';
        yield text;
        writeProgress(false);
      }
    }
    writeProgress(true);
  }
  // The rows of the file are known only at its end: the phase's total is estimated once, at its first
  // event, from the share of the file parsed, and `done` follows that share (never past the total, which
  // a progress bar could not draw); the last event says done = total.
  let total = -1;
  const writeProgress = (last: boolean) => {
    if (!opts.onProgress) return;
    const share = table.parsedShare();
    if (total < 0) total = share >= 1 ? table.rowsRead() : Math.max(lines, Math.round(lines / share));
    const done = last ? total : Math.min(total, Math.round(share * total));
    opts.onProgress({ phase: 'write', done, total });
  };
  let written: Pick<ImportSummary, 'inserted' | 'replaced' | 'unchanged' | 'batchId'>;
  try {
    written = await db.transaction(async (tx) => {
      await ensureCompany(tx, company);
      const batchId = await createBatch(tx, company, {
        fileName: file,
        fileSha256: opts.sha256,
        preset: preset.name,
        kind: preset.kind,
        store: opts.store,
        // known once the whole file went through; corrected below
        rowsRead: 0,
        importedBy: opts.importedBy,
      });
      const counts = await writeFacts(tx, company, preset.kind, {
        stores: [opts.store],
        chunks,
        count: () => lines,
        batchId,
        keysUnchecked: true,
      });
      await tx.query('UPDATE import_batch SET rows_read = $3 WHERE company_id = $1 AND batch_id = $2', [
        company,
        batchId,
        table.rowsRead(),
      ]);
      const kept = await finishBatch(tx, company, batchId, counts);
      return { ...counts, ...(kept ? { batchId } : {}) };
    });
  } catch (err) {
    if (err instanceof RowsRefused || isDuplicateKey(err)) {
      const refused = await recheck();
      if (refused) return refused;
    }
    throw err;
  }
  opts.onProgress?.({ phase: 'done', done: lines, total: lines });
  return { ...base, rowsRead: table.rowsRead(), ...written, refused: 0, problems: mapper.problems };
}

export interface RecordsToImport<K extends FactKind = FactKind> {
  file: string;
  sha256: string;
  preset: string;
  kind: K;
  store: string;
  rowsRead: number;
  records: readonly FactRecordOf[K][];
  /** problems found while reading; any error refuses the whole batch */
  problems?: Problem[];
  importedBy: string;
  onProgress?: (p: ImportProgress) => void;
}

/**
 * Writes mapped records as one batch in one transaction (the second half of {@link importFile}; also the
 * entry for records built in code, e.g. tests and benchmarks).
 */
export async function importRecords<K extends FactKind>(
  db: Db,
  company: string,
  input: RecordsToImport<K>,
): Promise<ImportSummary> {
  const problems = [...(input.problems ?? [])];
  const base = {
    file: input.file,
    preset: input.preset,
    kind: input.kind,
    store: input.store,
    rowsRead: input.rowsRead,
  };
  const errors = errorsOf(problems);
  if (errors.length > 0) {
    const badRows = new Set(errors.map((p) => p.where.row ?? -1));
    return { ...base, inserted: 0, replaced: 0, unchanged: 0, refused: badRows.size, problems };
  }
  const total = input.records.length;
  const written = await db.transaction(async (tx) => {
    await ensureCompany(tx, company);
    const batchId = await createBatch(tx, company, {
      fileName: input.file,
      fileSha256: input.sha256,
      preset: input.preset,
      kind: input.kind,
      store: input.store,
      rowsRead: input.rowsRead,
      importedBy: input.importedBy,
    });
    const counts = await upsertFacts(tx, company, input.kind, input.records, {
      batchId,
      onProgress: (done) => input.onProgress?.({ phase: 'write', done, total }),
    });
    const kept = await finishBatch(tx, company, batchId, counts);
    return { ...counts, ...(kept ? { batchId } : {}) };
  });
  input.onProgress?.({ phase: 'done', done: total, total });
  return { ...base, ...written, refused: 0, problems };
}

function choosePreset(file: string, header: string[], name: string | undefined): Preset {
  if (name) {
    const p = getPreset(name);
    if (p) return p;
    throw new AppError('invalid_input', t(`没有预设 ${name}`, `no preset ${name}`), [
      {
        severity: 'error',
        code: 'unknown_preset',
        message: t(
          `可用的预设：${Object.keys(PRESETS).join(', ')}`,
          `presets: ${Object.keys(PRESETS).join(', ')}`,
        ),
        where: { file, value: name },
      },
    ]);
  }
  const p = detectPreset(header);
  if (p) return p;
  throw new AppError('import_refused', t('无法识别文件的格式', 'cannot tell which export this file is'), [
    {
      severity: 'error',
      code: 'unknown_layout',
      message: t('表头不符合任何预设', 'the header matches no preset'),
      where: { file, row: 1, value: header.join(', ') },
      fix: t(
        `用 --preset 指定：${Object.keys(PRESETS).join(', ')}`,
        `name one with --preset: ${Object.keys(PRESETS).join(', ')}`,
      ),
    },
  ]);
}

function defaultUser(): string {
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}
