/**
 * Importing an existing 考核表 (xlsx or csv) as a draft KPI template: read the worksheet with its merged
 * cells (src/import/read-grid.ts), build the draft (src/core/scoring/sheet/build-draft.ts), write it as
 * YAML. Bad input throws before anything is written; the output file is written whole (temp file +
 * rename), so a failed import never leaves a partial draft behind.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { buildDraft, type DraftDoc, draftSummary } from '../core/scoring/sheet/build-draft.ts';
import { readGrid } from '../import/read-grid.ts';

export interface SheetImportOptions {
  sheet?: string;
  encoding?: string;
  /** YYYY-MM-DD the template would apply from; default today (UTC) */
  effective?: string;
}

export interface SheetImportResult {
  doc: DraftDoc;
  yaml: string;
  summary: ReturnType<typeof draftSummary>;
}

/** The draft as YAML, with a header comment saying what to do next. */
export function draftYaml(doc: DraftDoc): string {
  const s = draftSummary(doc);
  const head = [
    `# DRAFT template imported from ${doc.draft.source.file}${doc.draft.source.sheet ? ` (sheet ${doc.draft.source.sheet})` : ''}`,
    `# 草稿：${s.read} 条读出，${s.ambiguous} 条有歧义，${s.refused} 条未读出；待确认 ${s.unresolved} 项`,
    `# ${s.read} read, ${s.ambiguous} ambiguous, ${s.refused} refused; ${s.unresolved} unresolved items`,
    '# `shopkpi check <this file>` lists what a person must settle before this template can score.',
  ];
  return `${head.join('\n')}\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Reads a 考核表 and builds its draft; writes nothing. */
export async function importSheet(path: string, opts: SheetImportOptions = {}): Promise<SheetImportResult> {
  const grid = await readGrid(path, {
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
  });
  const doc = buildDraft(grid, { effective: opts.effective ?? new Date().toISOString().slice(0, 10) });
  return { doc, yaml: draftYaml(doc), summary: draftSummary(doc) };
}

/** Writes a file whole: to a temporary name beside it, then renamed over it. */
export async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.sheet-import.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
