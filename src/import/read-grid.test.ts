import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppError } from '../core/errors.ts';
import { rangeName } from '../core/scoring/sheet/grid.ts';
import { readGrid } from './read-grid.ts';

/** This file's scratch folder, removed after its tests. */
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => new URL(`../../test/fixtures/sheets/${name}`, import.meta.url).pathname;

describe('readGrid', () => {
  it('returns the cells and the merged ranges, with a range’s text in its top-left cell only', async () => {
    const g = await readGrid(fixture('operator-sheet.xlsx'));
    expect(g.sheet).toBe('11月考核');
    expect(g.merges.map(rangeName).sort()).toEqual(
      ['A1:J1', 'A12:J12', 'A2:J2', 'A4:A6', 'A7:A10', 'B4:B6', 'B7:B10', 'G4:G5'].sort(),
    );
    expect(g.cells[3]![0]).toBe('销售指标');
    expect(g.cells[4]![0]).toBe('');
    expect(g.cells[3]![1]).toBe('60%');
  });

  it('reads a formula without a cached result as its text, never evaluating it', async () => {
    const g = await readGrid(fixture('formula-cell.xlsx'));
    expect(g.cells[4]![5]).toBe("=cmd|' /C calc'!A0");
  });

  it('reads a CSV (no merges)', async () => {
    const g = await readGrid(fixture('operator-sheet-trad.csv'));
    expect(g.merges).toEqual([]);
    expect(g.cells[1]![0]).toBe('考核維度');
  });

  it('refuses a zip bomb from its central directory, and a cell over Excel’s own limit', async () => {
    await expect(readGrid(fixture('zip-bomb.xlsx'))).rejects.toThrow(/zip bomb/);
    const err = await readGrid(fixture('big-cell.xlsx')).catch((e: unknown) => e);
    expect((err as AppError).problems[0]).toMatchObject({
      code: 'cell_too_large',
      where: { row: 5, column: 'F' },
    });
  });

  it('says which file is missing', async () => {
    await expect(readGrid(fixture('nope.xlsx'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a 5 MB cell in a CSV with its row and column', async () => {
    const f = join(dir, 'big.csv');
    writeFileSync(f, `指标,评分标准\n销售额,"${'扣'.repeat((5 * 1024 * 1024) / 3)}"\n`);
    const err = await readGrid(f).catch((e: unknown) => e);
    expect((err as AppError).problems[0]).toMatchObject({
      code: 'cell_too_large',
      where: { row: 2, column: 'B' },
    });
  });

  it('reads an empty CSV as an empty grid (the importer then says the sheet is empty)', async () => {
    const f = join(dir, 'empty.csv');
    writeFileSync(f, '');
    const g = await readGrid(f);
    expect(g.cells.every((r) => r.every((c) => c === ''))).toBe(true);
  });
});
