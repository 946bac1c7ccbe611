/**
 * Reading a table from a CSV or XLSX file (读取表格): bytes → a header and rows of text cells.
 *
 * Everything comes out as text, exactly as the file shows it; turning text into amounts, dates and counts
 * is the presets' job (parse.ts), where a bad cell becomes a Problem naming its row and column. This
 * module only refuses whole files: unreadable, too big, a zip bomb, a cell over 1 MB.
 *
 * - Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GBK / GB18030 (Chinese platform exports) are
 *   detected (strict UTF-8 check first, then a clean GB18030 decode, then chardet); Big5 only when chardet
 *   is sure, so pass `opts.encoding: 'big5'` for traditional-Chinese files. Always overridable.
 * - Title rows above the header (生意参谋 writes "# 店铺名称：…", "统计日期：…") are skipped: the header
 *   is the first row with the most known header words, or failing that the first row that is mostly
 *   non-empty text. The skipped rows are kept in `preamble` (a preset may read a date from them).
 * - XLSX formula cells are read as their cached result, or, without one, as the formula text; nothing is
 *   ever evaluated. A cell such as `=SUM(A1:A3)` in a CSV is just those characters.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import chardet from 'chardet';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError, type Problem } from '../core/errors.ts';
import { t } from '../core/text.ts';
import { knownHeaderWords } from './presets/index.ts';
import { openGuardedWorksheet } from './zip-guard.ts';

export interface RawRow {
  /** 1-based row number as a spreadsheet shows it (CSV: the record's position, header counted). */
  row: number;
  /** Text cells, padded with '' to at least the header's width. */
  cells: string[];
}

export interface RawTable {
  /** The file's name as given (used in every Problem). */
  file: string;
  /** Header cells, trimmed. */
  header: string[];
  /** 1-based row number of the header. */
  headerRow: number;
  /** Data rows below the header; rows whose cells are all empty are left out. */
  rows: RawRow[];
  /** The encoding used for a CSV ('utf-8', 'gb18030', …); 'xlsx' for a workbook. */
  encoding?: string;
  /** The worksheet read, for an XLSX. */
  sheet?: string;
  /** Non-empty rows above the header (title rows), each joined with single spaces. */
  preamble?: string[];
}

export interface ReadTableOptions {
  /** Force an encoding for a CSV (any name iconv-lite knows: 'gbk', 'gb18030', 'utf-8', 'big5'). */
  encoding?: string;
  /** Worksheet name for an XLSX; default the first sheet. */
  sheet?: string;
  /** Extra header words to look for when finding the header row (e.g. a mapping file's headers). */
  headerWords?: Iterable<string>;
  /** Limits; the defaults are in {@link LIMITS}. */
  limits?: Partial<Limits>;
  /** Characters of CSV text parsed per batch (tests use a tiny value to cross batch boundaries). */
  csvChunkChars?: number;
}

export interface Limits {
  /** Largest file accepted, and largest total uncompressed size of an XLSX's parts. */
  maxBytes: number;
  /** Most data rows accepted. */
  maxRows: number;
  /** Largest single cell, in UTF-16 code units (≈ characters). */
  maxCellChars: number;
}

/** Defaults: 200 MB, 2 000 000 rows (a CSV of a year of order lines fits), 1 MB per cell. */
export const LIMITS: Limits = { maxBytes: 200 * 1024 * 1024, maxRows: 2_000_000, maxCellChars: 1024 * 1024 };

/** A table's header and what surrounds it, without the rows (what {@link streamTable} reports first). */
export type TableMeta = Omit<RawTable, 'rows'>;

/** Receives a table as it is read: the header once, then the data rows in batches, in file order. */
export interface TableSink {
  header(meta: TableMeta): void;
  rows(batch: RawRow[]): void;
}

/**
 * Reads a CSV or XLSX file into a {@link RawTable}.
 * @example const table = await readTable('test/fixtures/sycm-store-day-gbk.csv'); table.header[0] === '日期'
 */
export async function readTable(path: string, opts: ReadTableOptions = {}): Promise<RawTable> {
  const rows: RawRow[] = [];
  const { rowsRead: _, ...meta } = await streamTable(path, opts, {
    header: () => {},
    rows: (batch) => {
      for (const r of batch) rows.push(r);
    },
  });
  return { ...meta, rows };
}

/**
 * Reads a CSV or XLSX file and hands its rows to `sink` in batches instead of keeping them all: a
 * million-line export is mapped as it is parsed, which keeps memory (and garbage collection) small.
 * Returns the table's meta and the number of data rows.
 */
export async function streamTable(
  path: string,
  opts: ReadTableOptions,
  sink: TableSink,
): Promise<TableMeta & { rowsRead: number }> {
  const table = await openTable(path, opts);
  sink.header(table.meta);
  for (const batch of table.batches) sink.rows(batch);
  return { ...table.meta, rowsRead: table.rowsRead() };
}

/** A table whose header is known and whose rows are parsed as they are pulled (see {@link openTable}). */
export interface TableStream {
  meta: TableMeta;
  /** The data rows in batches, in file order; parsing happens as batches are pulled, and may throw. */
  batches: Generator<RawRow[]>;
  /** Data rows read (final once `batches` is exhausted). */
  rowsRead(): number;
  /** Share of the file parsed so far, 0…1 (for progress and estimates). */
  parsedShare(): number;
}

/**
 * Opens a CSV or XLSX file for pulling its rows: the header is found first, the rows are parsed only as
 * `batches` is iterated. The importer pulls them from inside the database COPY stream, so that on
 * PostgreSQL Node parses the file while the server stores the rows on the other core.
 * `bytes` may pass the file's content when the caller has read it already (it is not read again).
 */
export async function openTable(
  path: string,
  opts: ReadTableOptions & { bytes?: Buffer },
): Promise<TableStream> {
  const limits: Limits = { ...LIMITS, ...opts.limits };
  const file = basename(path);
  let size: number;
  if (opts.bytes) size = opts.bytes.length;
  else {
    try {
      size = (await stat(path)).size;
    } catch {
      throw new AppError('not_found', t(`找不到文件 ${path}`, `file not found: ${path}`));
    }
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
  const bytes = opts.bytes ?? (await readFile(path));
  const ext = extname(path).toLowerCase();
  const words = new Set(knownHeaderWords().map((w) => w.toLowerCase()));
  for (const w of opts.headerWords ?? []) words.add(normaliseHeader(w).toLowerCase());
  const pending: RawRow[][] = [];
  let meta: TableMeta | undefined;
  const sink: TableSink = {
    header: (m) => {
      meta = m;
    },
    rows: (batch) => {
      pending.push(batch);
    },
  };
  let end: (TableMeta & { rowsRead: number }) | undefined;
  let steps: Iterator<number, void> | undefined;
  let share = 0;
  if (ext === '.xlsx' || ext === '.xlsm' || looksLikeZip(bytes)) {
    const reader = new GridReader(file, words, limits, sink, { encoding: 'xlsx' });
    await readXlsx(bytes, file, opts.sheet, limits, reader);
    end = reader.end();
    share = 1;
  } else {
    if (ext === '.xls') {
      throw refused(
        file,
        t(
          '不支持旧版 .xls，请另存为 .xlsx 或 .csv',
          'old .xls files are not supported: save as .xlsx or .csv',
        ),
      );
    }
    const { text, encoding } = decodeCsv(bytes, opts.encoding);
    const reader = new GridReader(file, words, limits, sink, { encoding });
    const parse = parseCsv(text, file, reader, opts.csvChunkChars ?? 256 * 1024);
    const finish = () => {
      end = reader.end();
      share = 1;
    };
    // parse until the header is known (at most HEADER_SCAN rows, or the whole file)
    while (!meta) {
      const s = parse.next();
      if (s.done) {
        finish();
        break;
      }
      share = s.value / Math.max(1, text.length);
    }
    steps = {
      next: () => {
        const s = parse.next();
        if (s.done) finish();
        else share = s.value / Math.max(1, text.length);
        return s;
      },
    };
  }
  function* batches(): Generator<RawRow[]> {
    for (;;) {
      while (pending.length > 0) yield pending.shift()!;
      if (end || !steps) return;
      steps.next();
    }
  }
  return {
    meta: meta!,
    batches: batches(),
    rowsRead: () => end?.rowsRead ?? 0,
    parsedShare: () => share,
  };
}

/** The rows of a table as objects keyed by header (for score/pay input files). */
export interface TableRecords {
  file: string;
  header: string[];
  /** 1-based row of the header, for problems about a column as a whole (unknown, missing, twice) */
  headerRow: number;
  records: { row: number; values: Record<string, string> }[];
}

/**
 * Reads a CSV/XLSX and returns each data row as `{ header: cell }`, for commands that take a simple table
 * (actuals, targets, ratings). The first of two equal headers wins.
 * @example for (const r of (await readTableRecords('actuals.csv')).records) r.values['员工编号']
 */
export async function readTableRecords(path: string, opts: ReadTableOptions = {}): Promise<TableRecords> {
  const table = await readTable(path, opts);
  return {
    file: table.file,
    header: table.header,
    headerRow: table.headerRow,
    records: table.rows.map((r) => {
      const values: Record<string, string> = {};
      table.header.forEach((h, i) => {
        if (h !== '' && !(h in values)) values[h] = r.cells[i] ?? '';
      });
      return { row: r.row, values };
    }),
  };
}

/** Trims, drops a BOM and zero-width characters, collapses inner whitespace, unifies full-width brackets. */
export function normaliseHeader(s: string): string {
  return s
    .replace(/[\uFEFF\u200B]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Decodes CSV bytes with the given or detected encoding; a BOM is dropped. */
export function decodeCsv(bytes: Uint8Array, forced?: string): { text: string; encoding: string } {
  if (forced === undefined) {
    // UTF-8 (with or without BOM) is the common case: validate and decode in one native pass
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      // not UTF-8: detect below
    }
  }
  const encoding = forced ? forced.toLowerCase() : detectEncoding(bytes);
  if (!iconv.encodingExists(encoding)) {
    throw new AppError('invalid_input', t(`未知编码 ${encoding}`, `unknown encoding ${encoding}`));
  }
  return {
    text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding),
    encoding,
  };
}

/**
 * Picks an encoding for CSV bytes. A BOM decides; bytes that are valid UTF-8 are UTF-8 (GBK text is almost
 * never valid UTF-8); otherwise chardet's best guess when it is a CJK or Latin encoding it is sure of, and
 * GB18030 (a superset of GBK) by default, because that is what Chinese platforms export.
 */
export function detectEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // not UTF-8: guess below
  }
  const sample = bytes.subarray(0, 256 * 1024);
  const best = chardet.analyse(sample)[0];
  const guess = best && best.confidence >= 50 ? best.name.toLowerCase() : '';
  // Short GBK text is often guessed as EUC-KR (their byte ranges overlap). A clean GB18030 decode made of
  // Chinese characters wins over any guess but Big5, whose text also decodes "cleanly" as rare GBK hanzi.
  if (guess === 'big5' && decodesCleanly(sample, 'big5')) return 'big5';
  if (decodesCleanly(sample, 'gb18030')) return 'gb18030';
  if (guess === 'big5' || guess === 'shift_jis' || guess === 'euc-jp' || guess === 'euc-kr') return guess;
  return 'gb18030';
}

/** No replacement characters, and non-ASCII text mostly CJK ideographs, punctuation or full-width forms. */
function decodesCleanly(sample: Uint8Array, encoding: string): boolean {
  // the sample may end inside a multi-byte character: ignore the last few characters
  const text = iconv.decode(Buffer.from(sample), encoding).slice(0, -4);
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if (c === 0xfffd) return false;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
    else other++;
  }
  return cjk > 0 && other <= cjk * 0.1;
}

function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function refused(file: string, text: { zh: string; en: string }, value?: string): AppError {
  const problem: Problem = { severity: 'error', code: 'file_refused', message: text, where: { file, value } };
  return new AppError('import_refused', t(`文件被拒绝: ${file}`, `file refused: ${file}`), [problem]);
}

/** The first line ending outside quotes: '\r\n', '\n' or '\r' ('\n' when there is none). */
export function lineEnding(text: string): '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return '\n';
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

/**
 * Cuts CSV text into pieces of about `size` characters that end at a line break outside quotes, so each
 * piece holds whole records. (papaparse's own chunking of strings reports false quote errors when a chunk
 * ends next to a quote, so it is not used.)
 */
export function* csvPieces(text: string, size: number): Generator<string> {
  let start = 0;
  let quoted = false;
  let i = 0; // text before i has been scanned for quotes
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      for (; i < end; i++) if (text.charCodeAt(i) === 34) quoted = !quoted;
      // move on to the first line feed (or lone CR) outside quotes
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (!quoted && (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10))) break;
      }
      end = Math.min(text.length, i + 1);
      i = end;
    }
    yield text.slice(start, end);
    start = end;
  }
}

/** Parses CSV text piece by piece into `reader`; yields the characters parsed so far after each piece. */
function* parseCsv(
  text: string,
  file: string,
  reader: GridReader,
  chunkChars: number,
): Generator<number, void> {
  let failure: Papa.ParseError | undefined;
  let base = 0; // records before this piece, for the row number of an error
  const newline = lineEnding(text);
  let delimiter: string | undefined; // guessed on the first piece, then kept
  let parsed = 0;
  for (const piece of csvPieces(text, chunkChars)) {
    const result = Papa.parse<string[]>(piece, {
      header: false,
      skipEmptyLines: false,
      newline,
      ...(delimiter ? { delimiter } : {}),
    });
    delimiter ??= result.meta.delimiter;
    // an unclosed quote is fatal; a delimiter guess on a one-column file is harmless
    const bad = result.errors.find((e) => e.type === 'Quotes');
    if (bad) {
      failure = { ...bad, row: bad.row !== undefined ? bad.row + base : undefined };
      break;
    }
    const data = result.data;
    // a piece ends with a line break, which papaparse reads as one more, empty record
    const last = data[data.length - 1];
    if (last && last.length === 1 && last[0] === '') data.pop();
    for (const cells of data) reader.push(cells);
    base += data.length;
    parsed += piece.length;
    yield parsed;
  }
  if (failure) {
    throw new AppError('import_refused', t(`CSV 格式错误: ${file}`, `malformed CSV: ${file}`), [
      {
        severity: 'error',
        code: 'csv_malformed',
        message: t(`引号未闭合 (${failure.message})`, `unclosed quote (${failure.message})`),
        where: { file, ...(failure.row !== undefined ? { row: failure.row + 1 } : {}) },
      },
    ]);
  }
}

async function readXlsx(
  bytes: Buffer,
  file: string,
  sheetName: string | undefined,
  limits: Limits,
  reader: GridReader,
): Promise<void> {
  // a zip bomb (declared or really inflated size over the limit) is refused naming the part; exceljs reads
  // the parts exactly as they were counted
  const ws = await openGuardedWorksheet(bytes, file, sheetName, limits.maxBytes, 'file_refused');
  if (ws.rowCount > limits.maxRows + 50) {
    throw refused(
      file,
      t(
        `行数过多 (${ws.rowCount}，上限 ${limits.maxRows})`,
        `too many rows (${ws.rowCount}, limit ${limits.maxRows})`,
      ),
    );
  }
  reader.sheet = ws.name;
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      // the other cells of a merged range repeat the master's value: a merged title would look like a header
      cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    reader.push(cells, rowNumber);
  });
}

/** One XLSX cell as text: cached formula results, never evaluation; dates as YYYY-MM-DD[ HH:MM:SS]. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
  if ('error' in v) return v.error;
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result;
    if (r !== undefined && r !== null) return cellText(r as ExcelJS.CellValue);
    const f = 'formula' in v && v.formula ? v.formula : (v as ExcelJS.CellSharedFormulaValue).sharedFormula;
    return `=${f}`;
  }
  return '';
}

/** exceljs gives wall-clock dates as UTC instants; read them back with the UTC getters. */
function dateText(d: Date): string {
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  const day = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day} ${p(h)}:${p(m)}:${p(s)}` : day;
}

function isNumberLike(s: string): boolean {
  return /^[-+(]?[¥$￥€£]?[\d,.]+%?\)?$/.test(s);
}

/**
 * Finds the header row in the first rows of a grid: see the module comment. `words` are lower-case
 * normalised header texts. Returns a 0-based index, -1 for an empty grid.
 */
export function findHeaderRow(grid: string[][], words: ReadonlySet<string>): number {
  const scan = Math.min(grid.length, 30);
  let best = -1;
  let bestHits = 1; // at least two known words to win on words alone
  for (let i = 0; i < scan; i++) {
    const hits = grid[i]!.filter((c) => words.has(normaliseHeader(c).toLowerCase())).length;
    if (hits > bestHits) {
      best = i;
      bestHits = hits;
    }
  }
  if (best >= 0) return best;
  const width = Math.max(0, ...grid.slice(0, scan).map((r) => r.filter((c) => c.trim() !== '').length));
  for (let i = 0; i < scan; i++) {
    const filled = grid[i]!.map((c) => c.trim()).filter((c) => c !== '');
    const text = filled.filter((c) => !isNumberLike(c));
    if (filled.length >= 2 && filled.length >= width * 0.6 && text.length >= filled.length * 0.6) return i;
  }
  return grid.findIndex((r) => r.some((c) => c.trim() !== ''));
}

/** Rows scanned for the header before any row is handed on. */
const HEADER_SCAN = 30;
const BATCH = 2000;

/**
 * Turns grid rows (as parsed, title rows included) into header + data rows for a {@link TableSink}: holds
 * the first rows until the header is found, checks every cell's size and the row count, drops empty rows.
 */
class GridReader {
  sheet: string | undefined;
  private readonly head: { cells: string[]; row: number }[] = [];
  private meta: TableMeta | undefined;
  private batch: RawRow[] = [];
  private width = 0;
  private lastRow = 0;
  private rowsRead = 0;

  constructor(
    private readonly file: string,
    private readonly words: ReadonlySet<string>,
    private readonly limits: Limits,
    private readonly sink: TableSink,
    private readonly extra: { encoding: string },
  ) {}

  /** One parsed row; `row` is its 1-based number (default: the next one). */
  push(cells: string[], row = this.lastRow + 1): void {
    this.lastRow = row;
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j]!;
      if (c.length > this.limits.maxCellChars) this.cellTooLarge(c, row, j);
    }
    if (this.meta) {
      this.emit(cells, row);
      return;
    }
    this.head.push({ cells, row });
    if (this.head.length >= HEADER_SCAN) this.decide();
  }

  end(): TableMeta & { rowsRead: number } {
    if (!this.meta) this.decide();
    if (this.batch.length > 0) this.sink.rows(this.batch);
    this.batch = [];
    return { ...this.meta!, rowsRead: this.rowsRead };
  }

  private decide(): void {
    const grid = this.head.map((r) => r.cells);
    const h = findHeaderRow(grid, this.words);
    const base = {
      file: this.file,
      encoding: this.extra.encoding,
      ...(this.sheet ? { sheet: this.sheet } : {}),
    };
    if (h < 0) {
      // nothing but empty rows so far: no header, and no rows are handed on
      this.meta = { ...base, header: [], headerRow: 0, preamble: [] };
      this.width = -1;
      this.sink.header(this.meta);
      return;
    }
    const header = grid[h]!.map(normaliseHeader);
    while (header.length > 0 && header[header.length - 1] === '') header.pop();
    const preamble = grid
      .slice(0, h)
      .map((r) =>
        r
          .map((c) => c.trim())
          .filter((c) => c !== '')
          .join(' '),
      )
      .filter((x) => x !== '');
    this.meta = { ...base, header, headerRow: this.head[h]!.row, preamble };
    this.width = header.length;
    this.sink.header(this.meta);
    for (const r of this.head.slice(h + 1)) this.emit(r.cells, r.row);
    this.head.length = 0;
  }

  private emit(cells: string[], row: number): void {
    if (this.width < 0) return;
    if (!cells.some((c) => c !== '' && c.trim() !== '')) return;
    while (cells.length < this.width) cells.push('');
    this.rowsRead++;
    if (this.rowsRead > this.limits.maxRows) {
      throw refused(
        this.file,
        t(
          `行数过多 (超过上限 ${this.limits.maxRows})`,
          `too many rows (more than the limit of ${this.limits.maxRows})`,
        ),
      );
    }
    this.batch.push({ row, cells });
    if (this.batch.length >= BATCH) {
      this.sink.rows(this.batch);
      this.batch = [];
    }
  }

  private cellTooLarge(c: string, row: number, j: number): never {
    throw new AppError('import_refused', t(`文件被拒绝: ${this.file}`, `file refused: ${this.file}`), [
      {
        severity: 'error',
        code: 'cell_too_large',
        message: t(
          `单元格过大 (${c.length} 字符，上限 ${this.limits.maxCellChars})`,
          `cell too large (${c.length} characters, limit ${this.limits.maxCellChars})`,
        ),
        where: { file: this.file, row, column: columnLetter(j), value: c.slice(0, 60) },
      },
    ]);
  }
}

/** 0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
