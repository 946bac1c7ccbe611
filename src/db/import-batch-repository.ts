/**
 * Import batches (导入批次): one row per file that changed the data, with the file's sha256, the preset,
 * the counts, who imported it and when. Fact rows point to the batch that last wrote them and
 * `fact_change` rows to the batch that replaced a value, so every figure can be traced to a file.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from './open-db.ts';

export interface ImportBatch {
  batchId: string;
  fileName: string;
  fileSha256: string;
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

export type NewBatch = Omit<ImportBatch, 'batchId' | 'importedAt' | 'inserted' | 'replaced' | 'unchanged'>;

/** Opens a batch (counts zero) and returns its id; {@link finishBatch} fills the counts. */
export async function createBatch(tx: Sql, companyId: string, b: NewBatch): Promise<string> {
  const batchId = randomUUID();
  await tx.query(
    `INSERT INTO import_batch (company_id, batch_id, file_name, file_sha256, preset, kind, store, rows_read,
       inserted, replaced, unchanged, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, $9)`,
    [companyId, batchId, b.fileName, b.fileSha256, b.preset, b.kind, b.store, b.rowsRead, b.importedBy],
  );
  return batchId;
}

/**
 * Records the counts. A batch that changed nothing is removed again, so that importing the same data
 * twice leaves the database exactly as it was.
 */
export async function finishBatch(
  tx: Sql,
  companyId: string,
  batchId: string,
  counts: { inserted: number; replaced: number; unchanged: number },
): Promise<boolean> {
  if (counts.inserted + counts.replaced === 0) {
    await tx.query('DELETE FROM import_batch WHERE company_id = $1 AND batch_id = $2', [companyId, batchId]);
    return false;
  }
  await tx.query(
    'UPDATE import_batch SET inserted = $3, replaced = $4, unchanged = $5 WHERE company_id = $1 AND batch_id = $2',
    [companyId, batchId, counts.inserted, counts.replaced, counts.unchanged],
  );
  return true;
}

interface BatchRow {
  batch_id: string;
  file_name: string;
  file_sha256: string;
  preset: string;
  kind: string;
  store: string;
  rows_read: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  imported_by: string;
  imported_at: string;
}

export async function listBatches(db: Sql, companyId: string): Promise<ImportBatch[]> {
  const r = await db.query<BatchRow>(
    `SELECT batch_id, file_name, file_sha256, preset, kind, store, rows_read, inserted, replaced, unchanged,
       imported_by, imported_at FROM import_batch WHERE company_id = $1 ORDER BY imported_at, batch_id`,
    [companyId],
  );
  return r.rows.map((x) => ({
    batchId: x.batch_id,
    fileName: x.file_name,
    fileSha256: x.file_sha256,
    preset: x.preset,
    kind: x.kind,
    store: x.store,
    rowsRead: x.rows_read,
    inserted: x.inserted,
    replaced: x.replaced,
    unchanged: x.unchanged,
    importedBy: x.imported_by,
    importedAt: x.imported_at,
  }));
}
