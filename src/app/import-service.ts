/**
 * Importing a platform export (导入平台导出文件): read → map with a preset → check → write, all or nothing.
 *
 * - Every bad row is reported (file, row, column, value, reason) and then nothing at all is written.
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
import { upsertFacts } from '../db/fact-repository.ts';
import type { FactKind, FactRecordOf } from '../db/fact-tables.ts';
import { createBatch, finishBatch } from '../db/import-batch-repository.ts';
import type { Db } from '../db/open-db.ts';
import { detectPreset, getPreset, mapTable, PRESETS, type Preset } from '../import/presets/index.ts';
import { readTable } from '../import/read-table.ts';

export type ImportPhase = 'read' | 'check' | 'write' | 'done';

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
  /** force the CSV encoding ('gbk', 'gb18030', 'utf-8'); detected when absent */
  encoding?: string;
  /** worksheet of an XLSX */
  sheet?: string;
  /** who imports (recorded with the batch); default the OS user */
  importedBy?: string;
  onProgress?: (p: ImportProgress) => void;
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
  const table = await readTable(path, {
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
  });
  const preset = choosePreset(file, table.header, opts.preset);
  opts.onProgress?.({ phase: 'check', done: 0, total: table.rows.length });
  const mapped = mapTable(table, preset, { store: opts.store });
  opts.onProgress?.({ phase: 'check', done: table.rows.length, total: table.rows.length });

  return importRecords(db, company, {
    file,
    sha256,
    preset: preset.name,
    kind: mapped.kind,
    store: opts.store,
    rowsRead: mapped.rowsRead,
    records: mapped.records,
    problems: mapped.problems,
    importedBy: opts.importedBy ?? defaultUser(),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
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
