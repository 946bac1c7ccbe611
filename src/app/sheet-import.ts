/**
 * Importing an existing 考核表 (xlsx or csv) as a draft KPI template: read the worksheet with its merged
 * cells (src/import/read-grid.ts), build the draft (src/core/scoring/sheet/build-draft.ts), write it as
 * YAML. Bad input throws before anything is written; the output file is written whole (temp file +
 * rename), so a failed import never leaves a partial draft behind.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { AppError } from '../core/errors.ts';
import { buildDraft, type DraftDoc, draftSummary } from '../core/scoring/sheet/build-draft.ts';
import { type Resolution, resolveDraft, unresolvedCount } from '../core/scoring/sheet/draft-check.ts';
import { t } from '../core/text.ts';
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

/**
 * "k02=3,k03=1" → { k02: { reading: 3 }, k03: { reading: 1 } }: the readings a person picked, as the
 * CLI takes them. Throws on anything else, naming the bad part.
 */
export function parsePicks(text: string): Record<string, Resolution> {
  const out: Record<string, Resolution> = {};
  for (const part of text.split(/[,，\s]+/).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_-]*)=(\d+)$/.exec(part);
    if (!m) {
      throw new AppError(
        'invalid_input',
        t(
          `选择“${part}”应写成 指标id=读法序号（如 k02=3）`,
          `pick "${part}" must be indicator-id=reading-number (e.g. k02=3)`,
        ),
      );
    }
    out[m[1]!] = { reading: Number(m[2]) };
  }
  return out;
}

/** Applies picks to a draft file's text; returns the new YAML and how many items are still unresolved. */
export function resolveDraftText(
  yamlText: string,
  file: string,
  picks: Readonly<Record<string, Resolution>>,
): { yaml: string; unresolved: number } {
  let doc: unknown;
  try {
    doc = parse(yamlText, { maxAliasCount: 100 });
  } catch (err) {
    throw new AppError(
      'invalid_input',
      t(`${file} 不是有效的 YAML`, `${file} is not valid YAML (${(err as Error).message})`),
    );
  }
  const isDraft =
    typeof doc === 'object' &&
    doc !== null &&
    'draft' in doc &&
    'indicators' in doc &&
    Array.isArray((doc as { indicators: unknown }).indicators) &&
    typeof (doc as { draft: unknown }).draft === 'object' &&
    Array.isArray((doc as { draft: { items?: unknown } }).draft.items);
  if (!isDraft) {
    throw new AppError(
      'invalid_input',
      t(`${file} 不是导入的草稿（没有 draft.items）`, `${file} is not an imported draft (no draft.items)`),
    );
  }
  // The shape was checked above; the items' own fields are read defensively by resolveDraft.
  const out = resolveDraft(doc as DraftDoc, picks);
  return { yaml: draftYaml(out), unresolved: unresolvedCount(out.draft.items) };
}
