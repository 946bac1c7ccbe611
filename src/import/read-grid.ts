/**
 * Reading one worksheet as a raw grid of text cells plus its merged ranges (for the 考核表 importer,
 * which needs the merges that readTable flattens away). Same guards as read-table.ts, with limits sized
 * for an appraisal sheet rather than an order export:
 * - the file's size, then the xlsx's declared and its actually inflated size are checked (zip-guard.ts:
 *   a zip bomb is refused whether or not its directory lies about its sizes);
 * - a cell longer than Excel's own limit (32 767 characters) is refused with its row and column;
 * - formula cells are read as their cached result or, without one, as the formula text ("=cmd|…"):
 *   nothing is ever evaluated.
 * CSV has no merges: the importer fills a blank 考核维度 down instead.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import Papa from 'papaparse';
import { AppError, type Problem } from '../core/errors.ts';
import { type CellRange, parseRange, type SheetGrid } from '../core/scoring/sheet/grid.ts';
import { type Text, t } from '../core/text.ts';
import { cellText, columnLetter, decodeCsv, type Limits } from './read-table.ts';
import { openGuardedWorksheet } from './zip-guard.ts';

/** A 考核表 is a page, not a data export: 20 MB (also the xlsx's inflated size), 5 000 rows, Excel's cell limit. */
export const SHEET_LIMITS: Limits = { maxBytes: 20 * 1024 * 1024, maxRows: 5000, maxCellChars: 32767 };

export interface ReadGridOptions {
  /** worksheet name; default the first */
  sheet?: string;
  /** force a CSV encoding */
  encoding?: string;
  limits?: Partial<Limits>;
}

function refused(file: string, text: Text, where: Problem['where'] = {}, code = 'file_refused'): AppError {
  return new AppError('import_refused', t(`文件被拒绝: ${file}`, `file refused: ${file}`), [
    { severity: 'error', code, message: text, where: { file, ...where } },
  ]);
}

function checkCells(file: string, cells: string[][], limits: Limits): void {
  if (cells.length > limits.maxRows) {
    throw refused(
      file,
      t(
        `行数过多 (${cells.length}，上限 ${limits.maxRows})`,
        `too many rows (${cells.length}, limit ${limits.maxRows})`,
      ),
    );
  }
  cells.forEach((row, i) => {
    row.forEach((c, j) => {
      if (c.length > limits.maxCellChars) {
        throw refused(
          file,
          t(
            `单元格过大 (${c.length} 字符，上限 ${limits.maxCellChars})`,
            `cell too large (${c.length} characters, limit ${limits.maxCellChars})`,
          ),
          { row: i + 1, column: columnLetter(j), value: c.slice(0, 60) },
          'cell_too_large',
        );
      }
    });
  });
}

/**
 * Reads a worksheet of an .xlsx, or a .csv, as a {@link SheetGrid}. Throws AppError (`import_refused`,
 * `not_found`, `invalid_input`) with a Problem naming the file and, where there is one, the cell.
 * @example const g = await readGrid('test/fixtures/sheets/operator-sheet.xlsx'); g.merges.length > 0
 */
export async function readGrid(path: string, opts: ReadGridOptions = {}): Promise<SheetGrid> {
  const limits: Limits = { ...SHEET_LIMITS, ...opts.limits };
  const file = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new AppError('not_found', t(`找不到文件 ${path}`, `file not found: ${path}`));
  }
  if (size > limits.maxBytes) {
    throw refused(
      file,
      t(
        `文件过大 (${size} 字节，上限 ${limits.maxBytes})`,
        `file too large (${size} bytes, limit ${limits.maxBytes})`,
      ),
    );
  }
  const bytes = await readFile(path);
  const ext = extname(path).toLowerCase();
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (ext === '.xls') {
    throw refused(
      file,
      t('不支持旧版 .xls，请另存为 .xlsx 或 .csv', 'old .xls files are not supported: save as .xlsx or .csv'),
    );
  }
  if (ext === '.xlsx' || ext === '.xlsm' || zip) return readXlsx(bytes, file, opts.sheet, limits);
  const { text } = decodeCsv(bytes, opts.encoding);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) {
    throw refused(
      file,
      t(`CSV 格式错误：引号未闭合 (${quote.message})`, `malformed CSV: unclosed quote (${quote.message})`),
      quote.row !== undefined ? { row: quote.row + 1 } : {},
      'csv_malformed',
    );
  }
  const cells = parsed.data.map((r) => r.map((c) => String(c)));
  checkCells(file, cells, limits);
  return { file, cells, merges: [] };
}

async function readXlsx(
  bytes: Buffer,
  file: string,
  sheetName: string | undefined,
  limits: Limits,
): Promise<SheetGrid> {
  // a zip bomb (declared or really inflated size over the limit) is refused naming the part; exceljs reads
  // the parts exactly as they were counted
  const ws = await openGuardedWorksheet(bytes, file, sheetName, limits.maxBytes, 'zip_bomb');
  if (ws.rowCount > limits.maxRows) {
    throw refused(
      file,
      t(
        `行数过多 (${ws.rowCount}，上限 ${limits.maxRows})`,
        `too many rows (${ws.rowCount}, limit ${limits.maxRows})`,
      ),
    );
  }
  const cells: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const out: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      // a merged range's other cells repeat its value in exceljs; keep the text in the top-left cell only
      out[col - 1] = cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value);
    });
    for (let i = 0; i < out.length; i++) out[i] ??= '';
    cells[rowNumber - 1] = out;
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= [];
  checkCells(file, cells, limits);
  const merges: CellRange[] = [];
  for (const ref of ws.model.merges ?? []) {
    const r = parseRange(ref);
    if (r) merges.push(r);
  }
  return { file, sheet: ws.name, sheets: ws.workbook.worksheets.map((w) => w.name), cells, merges };
}
