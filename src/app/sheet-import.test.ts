/**
 * End to end: the hand-made 运营 考核表 fixture (test/fixtures/sheets/operator-sheet.xlsx, see
 * make-sheets.ts for the arithmetic of its 自评得分 column) → draft → a person's choices → a template that
 * checks and scores the sheet's sample actuals to the points the sheet itself states.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppError } from '../core/errors.ts';
import { checkTemplateSource } from '../core/scoring/check-template.ts';
import type { DraftDoc } from '../core/scoring/sheet/build-draft.ts';
import { resolveDraft } from '../core/scoring/sheet/draft-check.ts';
import { draftYaml, importSheet, writeWhole } from './sheet-import.ts';

const fixture = (name: string) => new URL(`../../test/fixtures/sheets/${name}`, import.meta.url).pathname;
const OPTS = { effective: '2026-12-01' };

/** This file's scratch folder, removed after its tests. */
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The supervisor's mark out of 10, as is: what a person writes for "由主管酌情评分". */
const SUPERVISOR_MARK = {
  type: 'interpolate' as const,
  on: 'actual' as const,
  unit: 'points' as const,
  points: [
    { at: 0, value: 0 },
    { at: 10, value: 10 },
  ],
};

describe('sheet import, end to end', () => {
  it('imports the 运营 sheet: dimensions from merged cells, 4 read, 2 ambiguous, 1 refused', async () => {
    const { doc, summary } = await importSheet(fixture('operator-sheet.xlsx'), OPTS);
    expect(summary).toEqual({ read: 4, ambiguous: 2, refused: 1, unresolved: 3 });
    expect(doc.dimensions).toEqual([
      { name: '销售指标', weight: 60 },
      { name: '运营管理', weight: 40 },
    ]);
    expect(doc.indicators.map((i) => i.dimension)).toEqual([
      '销售指标',
      '销售指标',
      '销售指标',
      '运营管理',
      '运营管理',
      '运营管理',
      '运营管理',
    ]);
    expect(doc.draft.source).toMatchObject({ sheet: '11月考核', headerRow: 3 });
    expect(doc.examples[0]!.expect.total).toBe(74.5);
  });

  it('cannot score until resolved; then checks and gives the points the sheet states', async () => {
    const { doc, yaml } = await importSheet(fixture('operator-sheet.xlsx'), OPTS);
    const draft = checkTemplateSource(yaml, 'draft.yaml');
    expect(draft.ok).toBe(false);
    expect(draft.problems.filter((p) => p.code === 'draft_unresolved').map((p) => p.where.row)).toEqual([
      5, 6, 10,
    ]);

    // pick, for each ambiguous text, the reading whose sample points match the sheet's own 自评得分
    const items = doc.draft.items;
    const conv = items.find((i) => i.indicator === '转化率')!;
    const aov = items.find((i) => i.indicator === '客单价')!;
    const byNote = (it: typeof conv, re: RegExp) => it.readings!.findIndex((r) => re.test(r.note.en)) + 1;
    const resolved = resolveDraft(doc, {
      [conv.id]: { reading: byNote(conv, /of the target; whole steps/) },
      [aov.id]: { reading: byNote(aov, /higher row/) },
      [items.find((i) => i.indicator === '活动执行')!.id]: { rule: SUPERVISOR_MARK },
    });
    const report = checkTemplateSource(draftYaml(resolved), 'resolved.yaml');
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.examples).toEqual([{ name: '表内示例（自评）', ok: true, mismatches: [] }]);
    expect(report.ok).toBe(true);

    // the other reading of 客单价 puts 250 in the lower row: the sheet's 6 points become 0 and check fails
    const other = resolveDraft(doc, {
      [conv.id]: { reading: byNote(conv, /of the target; whole steps/) },
      [aov.id]: { reading: byNote(aov, /lower row/) },
      [items.find((i) => i.indicator === '活动执行')!.id]: { rule: SUPERVISOR_MARK },
    });
    const failed = checkTemplateSource(draftYaml(other), 'other.yaml');
    expect(failed.ok).toBe(false);
    expect(failed.examples[0]!.mismatches.map((m) => m.en)).toContain('k03: expected 6, got 0');
  });

  it('writes YAML that reads back to the same draft', async () => {
    const { doc, yaml } = await importSheet(fixture('operator-sheet.xlsx'), OPTS);
    expect(parse(yaml) as DraftDoc).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('reads the same sheet saved as a traditional-script CSV (merges lost) the same way', async () => {
    const xlsx = await importSheet(fixture('operator-sheet.xlsx'), OPTS);
    const csv = await importSheet(fixture('operator-sheet-trad.csv'), OPTS);
    expect(csv.summary).toEqual(xlsx.summary);
    expect(csv.doc.dimensions?.map((d) => d.weight)).toEqual([60, 40]);
    const shape = (d: DraftDoc) =>
      d.indicators.map(({ name: _n, definition: _d, dimension: _m, ...rest }) => rest);
    expect(shape(csv.doc)).toEqual(shape(xlsx.doc));
    expect(csv.doc.examples).toEqual(xlsx.doc.examples);
  });

  it('keeps a formula cell as text and marks it refused; nothing is evaluated', async () => {
    const { doc } = await importSheet(fixture('formula-cell.xlsx'), OPTS);
    const item = doc.draft.items.find((i) => i.row === 5)!;
    expect(item.text).toBe("=cmd|' /C calc'!A0");
    expect(item.status).toBe('refused');
    expect(doc.indicators.find((i) => i.id === item.id)!.rule).toBeUndefined();
  });

  it('names the other worksheets when the first one is a cover sheet, and reads the one chosen', async () => {
    const err = await importSheet(fixture('cover-sheet.xlsx'), OPTS).catch((e: unknown) => e);
    expect((err as AppError).problems[0]).toMatchObject({
      code: 'header_missing',
      where: { path: '填表说明' },
    });
    expect((err as AppError).problems[0]!.fix?.en).toMatch(/--sheet: 11月考核/);
    const { summary } = await importSheet(fixture('cover-sheet.xlsx'), { ...OPTS, sheet: '11月考核' });
    expect(summary).toEqual({ read: 4, ambiguous: 2, refused: 1, unresolved: 3 });
  });

  it('reads numbers stored as numbers with a percent format (0.4 shown as 40%)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考核');
    ws.addRow(['考核维度', '权重', '指标', '目标值', '评分标准', '实际值', '自评得分']);
    ws.addRow(['销售', 0.6, '销售额', 1000000, '按完成率计分，最高120%', 1100000, 66]);
    ws.addRow(['服务', 0.4, '好评率', 0.98, '达到目标得满分，未达到目标不得分', 0.985, 40]);
    for (const c of ['B2', 'B3', 'D3', 'F3']) ws.getCell(c).numFmt = '0.0%';
    const f = join(dir, 'pct.xlsx');
    await wb.xlsx.writeFile(f);
    const { doc, yaml } = await importSheet(f, OPTS);
    expect(doc.indicators.map((i) => [i.weight, i.target])).toEqual([
      [60, 1000000],
      [40, 0.98],
    ]);
    expect(doc.examples[0]!.actuals).toEqual({ k01: 1100000, k02: 0.985 });
    const report = checkTemplateSource(yaml, 'pct.yaml');
    expect(report.examples).toEqual([{ name: '表内示例（自评）', ok: true, mismatches: [] }]);
  });

  it.each([
    ['empty.xlsx', 'sheet_empty'],
    ['no-header.xlsx', 'header_missing'],
    ['merge-maze.xlsx', 'merge_maze'],
    ['big-cell.xlsx', 'cell_too_large'],
    ['zip-bomb.xlsx', 'zip_bomb'],
  ])('refuses %s with %s', async (name, code) => {
    const err = await importSheet(fixture(name), OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems[0]).toMatchObject({ code, where: { file: name } });
  });
});

describe('writeWhole', () => {
  it('writes the file whole, and leaves no temporary file behind when it cannot', async () => {
    const out = join(dir, 'whole', 'draft.yaml');
    mkdirSync(join(dir, 'whole'));
    await writeWhole(out, 'a: 1\n');
    expect(readdirSync(join(dir, 'whole'))).toEqual(['draft.yaml']);
    // renaming a file over a non-empty folder fails: the temporary file must go, the folder stays as it was
    const blocked = join(dir, 'whole', 'taken');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    await expect(writeWhole(blocked, 'b: 2\n')).rejects.toThrow();
    expect(readdirSync(join(dir, 'whole')).sort()).toEqual(['draft.yaml', 'taken']);
    expect(existsSync(join(blocked, 'inside'))).toBe(true);
  });
});
