/**
 * Store data in the browser (店铺数据): a platform export uploaded by HR is imported exactly as
 * `shopkpi import` does it (import-service.ts: all or nothing, every bad row listed), then audited; the
 * recent import batches and how far each store's facts reach, month by month.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError, type Problem } from '../core/errors.ts';
import type { Text } from '../core/text.ts';
import type { Db, Sql } from '../db/open-db.ts';
import { PRESETS, type Preset } from '../import/presets/index.ts';
import { type Actor, actorLabel } from './actor.ts';
import { writeAudit } from './audit-service.ts';
import { type ImportPhase, type ImportProgress, type ImportSummary, importFile } from './import-service.ts';

/**
 * An upload is at most ~1.5 MB (the API's body limit); an honest export that size unpacks to a few tens of
 * MB at most, so anything past 64 MB unpacked is refused before the xlsx model is built in memory.
 */
export const UPLOAD_LIMITS = { maxBytes: 64 * 1024 * 1024 };

export interface ImportUpload {
  /** the file's name as the person chose it (its extension tells CSV from XLSX) */
  fileName: string;
  content: Uint8Array;
  /** our store code the file belongs to (every preset needs one) */
  store: string;
  /** preset name; recognised from the header when absent */
  preset?: string;
  /** CSV encoding; detected when absent */
  encoding?: string;
  /** worksheet of an XLSX */
  sheet?: string;
}

/** Problems listed at most in one answer; `problemsTotal` says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500;

export interface ImportOutcome extends Omit<ImportSummary, 'problems'> {
  problems: Problem[];
  problemsTotal: number;
}

/** The words for each import phase, for a progress bar. */
export const IMPORT_PHASE_TEXT: Record<ImportPhase, Text> = {
  read: { zh: '读取文件', en: 'reading the file' },
  check: { zh: '校验数据行', en: 'checking rows' },
  write: { zh: '写入数据行', en: 'writing rows' },
  done: { zh: '完成', en: 'done' },
};

/** A name safe to put in a folder of our own: no path, no control characters, bounded length. */
export function safeFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/:*?"<>|]/g, '_');
  const trimmed = base.trim().replace(/^\.+/, '');
  if (!trimmed) return 'upload.csv';
  if (trimmed.length <= 120) return trimmed;
  const dot = trimmed.lastIndexOf('.');
  const ext = dot > 0 && trimmed.length - dot <= 6 ? trimmed.slice(dot) : '';
  return trimmed.slice(0, 120 - ext.length) + ext;
}

/**
 * Imports an uploaded export for the actor's company. The bytes go to a private temporary folder under
 * the file's own name (the reader tells CSV from XLSX by it and every problem names it) and are removed
 * afterwards. A file that changed something is audited (who, file, store, counts); a refused file or one
 * equal to what is stored changes nothing, so it leaves no trace either.
 * @example const o = await importUpload(db, hr, { fileName: 'orders.csv', content, store: 'TM01' }); o.inserted
 */
export async function importUpload(
  db: Db,
  actor: Actor,
  upload: ImportUpload,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportOutcome> {
  if (upload.content.length === 0)
    throw new AppError('invalid_input', { zh: '文件是空的', en: 'the file is empty' }, [
      {
        severity: 'error',
        code: 'empty_file',
        message: { zh: '上传的文件没有内容', en: 'the uploaded file has no content' },
        where: { file: upload.fileName },
      },
    ]);
  const name = safeFileName(upload.fileName);
  const dir = await mkdtemp(join(tmpdir(), 'shopkpi-upload-'));
  let summary: ImportSummary;
  try {
    const path = join(dir, name);
    await writeFile(path, upload.content, { mode: 0o600 });
    summary = await importFile(db, actor.company, path, {
      store: upload.store,
      ...(upload.preset ? { preset: upload.preset } : {}),
      ...(upload.encoding ? { encoding: upload.encoding } : {}),
      ...(upload.sheet ? { sheet: upload.sheet } : {}),
      importedBy: actorLabel(actor),
      ...(onProgress ? { onProgress } : {}),
      limits: UPLOAD_LIMITS,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (summary.batchId) {
    // After the import's own transaction (importFile owns it): the batch row already names who, when
    // and which file, so even a crash between the two leaves the import traceable.
    await writeAudit(db, actor, {
      entity: 'import',
      entityId: summary.batchId,
      action: 'import',
      after: {
        file: summary.file,
        preset: summary.preset,
        kind: summary.kind,
        store: summary.store,
        rowsRead: summary.rowsRead,
        inserted: summary.inserted,
        replaced: summary.replaced,
        unchanged: summary.unchanged,
      },
    });
  }
  return {
    ...summary,
    problems: summary.problems.slice(0, MAX_PROBLEMS_SHOWN),
    problemsTotal: summary.problems.length,
  };
}

export interface PresetInfo {
  name: string;
  title: Text;
  kind: string;
}

/** The built-in presets, for the page's choice (automatic recognition is the default). */
export function presetList(): PresetInfo[] {
  return (Object.values(PRESETS) as Preset[]).map((p) => ({ name: p.name, title: p.title, kind: p.kind }));
}

export interface ImportBatchRow {
  batchId: string;
  fileName: string;
  preset: string;
  kind: string;
  store: string;
  rowsRead: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  importedBy: string;
  importedAt: string;
}

/** The latest import batches of the company, newest first (only batches that changed data exist). */
export async function recentImports(db: Sql, company: string, limit = 50): Promise<ImportBatchRow[]> {
  const r = await db.query<{
    batch_id: string;
    file_name: string;
    preset: string;
    kind: string;
    store: string;
    rows_read: number;
    inserted: number;
    replaced: number;
    unchanged: number;
    imported_by: string;
    imported_at: string | Date;
  }>(
    `SELECT batch_id, file_name, preset, kind, store, rows_read, inserted, replaced, unchanged, imported_by,
       imported_at FROM import_batch WHERE company_id = $1 ORDER BY imported_at DESC, batch_id LIMIT $2`,
    [company, Math.min(Math.max(limit, 1), 500)],
  );
  return r.rows.map((x) => ({
    batchId: x.batch_id,
    fileName: x.file_name,
    preset: x.preset,
    kind: x.kind,
    store: x.store,
    rowsRead: Number(x.rows_read),
    inserted: Number(x.inserted),
    replaced: Number(x.replaced),
    unchanged: Number(x.unchanged),
    importedBy: x.imported_by,
    importedAt: x.imported_at instanceof Date ? x.imported_at.toISOString() : String(x.imported_at),
  }));
}

/** How far a store's facts reach in one month: days with data per kind, order lines. */
export interface CoverageRow {
  store: string;
  month: string;
  /** days of the month with a 店铺日数据 row */
  storeDays: number;
  /** days with traffic source rows */
  trafficDays: number;
  /** days with ad spend rows */
  adDays: number;
  /** days with CS agent rows */
  agentDays: number;
  /** order lines ordered in the month */
  orderLines: number;
}

/**
 * Fact coverage per store and month over the last `months` months (newest first): one grouped scan
 * per fact table, so a gap (a month without store days, a missing agent export) shows before a month
 * is opened on it.
 */
export async function factsCoverage(db: Sql, company: string, months = 24): Promise<CoverageRow[]> {
  const part = (table: string, col: string, measure: string, as: string) =>
    `SELECT store, to_char(${col}, 'YYYY-MM') AS month, '${as}' AS what, ${measure}::int AS n FROM ${table}
     WHERE company_id = $1 AND ${col} >= (date_trunc('month', current_date) - make_interval(months => $2))::date
     GROUP BY 1, 2`;
  const r = await db.query<{ store: string; month: string; what: string; n: number }>(
    [
      part('store_day', 'date', 'count(DISTINCT date)', 'storeDays'),
      part('traffic_source_day', 'date', 'count(DISTINCT date)', 'trafficDays'),
      part('ad_day', 'date', 'count(DISTINCT date)', 'adDays'),
      part('cs_agent_day', 'date', 'count(DISTINCT date)', 'agentDays'),
      part('order_line', 'order_date', 'count(*)', 'orderLines'),
    ].join(' UNION ALL '),
    [company, months],
  );
  const rows = new Map<string, CoverageRow>();
  for (const x of r.rows) {
    const key = `${x.store}/${x.month}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        store: x.store,
        month: x.month,
        storeDays: 0,
        trafficDays: 0,
        adDays: 0,
        agentDays: 0,
        orderLines: 0,
      };
      rows.set(key, row);
    }
    row[x.what as 'storeDays'] = Number(x.n);
  }
  return [...rows.values()].sort((a, b) => b.month.localeCompare(a.month) || a.store.localeCompare(b.store));
}
