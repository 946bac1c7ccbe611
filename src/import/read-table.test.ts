import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { columnLetter, detectEncoding, readTable, readTableRecords } from './read-table.ts';
import { declaredZipSize } from './zip-guard.ts';

const fixture = (name: string) => join(import.meta.dirname, '../../test/fixtures', name);

/** This file's scratch folder, removed after its tests. */
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tmpFile(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** A zip whose only central-directory entry claims `size` uncompressed bytes (nothing else is real). */
function zipDeclaring(size: number): Uint8Array {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30 + name.length);
  local.writeUInt32LE(0x04034b50, 0);
  name.copy(local, 30);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46 + name.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(1000, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  name.copy(central, 46);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length, 12);
  eocd.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, eocd]);
}

async function expectRefused(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.problems.map((x) => x.code)).toContain(code);
  return e;
}

describe('readTable: CSV', () => {
  it('detects GBK, skips the title rows and keeps them as preamble', async () => {
    const table = await readTable(fixture('sycm-store-day-gbk.csv'));
    expect(table.encoding).toBe('gb18030');
    expect(table.headerRow).toBe(4);
    expect(table.header.slice(0, 5)).toEqual(['日期', '访客数', '浏览量', '支付金额', '支付买家数']);
    expect(table.preamble).toEqual(['# 店铺名称：示例旗舰店', '# 统计时间：2026-10-01 ~ 2026-10-07']);
    expect(table.rows[0]).toMatchObject({ row: 5 });
    expect(table.rows[0]!.cells[3]).toBe('￥123,456.78');
    expect(table.rows).toHaveLength(8); // 7 days + the 合计 row (the preset skips it)
  });
  it('lets the caller override the encoding', async () => {
    const table = await readTable(fixture('sycm-store-day-gbk.csv'), { encoding: 'latin1' });
    expect(table.encoding).toBe('latin1');
    expect(table.header).not.toContain('日期');
  });
  it('strips a UTF-8 BOM', async () => {
    const table = await readTable(fixture('sycm-traffic-source.csv'));
    expect(table.encoding).toBe('utf-8');
    expect(table.header[0]).toBe('流量来源');
    expect(table.headerRow).toBe(3);
  });
  it('detects GB18030 text that is not GBK-only, and GBK without title rows', async () => {
    const path = await tmpFile(
      'x.csv',
      iconv.encode('日期,访客数,支付金额\n2026-10-01,10,￥5.00\n', 'gb18030'),
    );
    expect(detectEncoding(iconv.encode('日期,访客数,支付金额,支付买家数', 'gbk'))).toBe('gb18030');
    const table = await readTable(path);
    expect(table.headerRow).toBe(1);
    expect(table.rows[0]!.cells).toEqual(['2026-10-01', '10', '￥5.00']);
  });
  it('keeps formula-looking cells as text', async () => {
    const table = await readTable(fixture('taobao-orders.csv'));
    const row = table.rows.find((r) => r.cells[11]?.startsWith('='));
    expect(row?.cells[11]).toBe('=HYPERLINK("http://example.com","礼盒")');
  });
  it('finds a header with unknown words as the first mostly-text row', async () => {
    const path = await tmpFile('y.csv', 'Report for October\n\nfoo,bar,baz\n1,2,3\n4,5,6\n');
    const table = await readTable(path);
    expect(table.header).toEqual(['foo', 'bar', 'baz']);
    expect(table.rows.map((r) => r.row)).toEqual([4, 5]);
  });
  it('reads the same table whatever the CSV chunk size (quotes and newlines across chunks)', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('a,b', 'x\ny', '"q"', '="0012"', '日期'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        async (grid) => {
          const path = await tmpFile('p.csv', Papa.unparse([['日期', '访客数', '支付金额'], ...grid]));
          const whole = await readTable(path);
          const chunked = await readTable(path, { csvChunkChars: 5 });
          expect(chunked).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('refuses a cell over the limit with its row and column', async () => {
    const path = await tmpFile('big.csv', `日期,访客数\n2026-10-01,${'9'.repeat(2000)}\n`);
    const e = await expectRefused(readTable(path, { limits: { maxCellChars: 1000 } }), 'cell_too_large');
    expect(e.problems[0]!.where).toMatchObject({ row: 2, column: 'B' });
  });
  it('refuses too many rows', async () => {
    const path = await tmpFile('rows.csv', `a,b\n${'1,2\n'.repeat(100)}`);
    await expectRefused(readTable(path, { limits: { maxRows: 10 } }), 'file_refused');
  });
  it('gives records keyed by header', async () => {
    const { records } = await readTableRecords(fixture('cs-agent-day.csv'));
    expect(records[1]).toEqual({
      row: 3,
      values: expect.objectContaining({ 日期: '2026-10-01', 客服: '小帅', 平均响应时间: '1分5秒' }),
    });
  });
  it('names a missing file', async () => {
    await expect(readTable('/nonexistent/x.csv')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('readTable: XLSX', () => {
  it('reads cached formula results, formula text without one, and dates', async () => {
    const table = await readTable(fixture('amazon-sponsored-products.xlsx'));
    expect(table.encoding).toBe('xlsx');
    expect(table.header[9]).toBe('7 Day Total Sales'); // trailing space trimmed
    expect(table.rows[0]!.cells[0]).toBe('2026-10-01');
    expect(table.rows[4]!.cells[8]).toBe('90'); // =F6*1 with cached 90
    expect(table.rows[5]!.cells[8]).toBe('=F7*0.8'); // no cached value: the text, never evaluated
    expect(table.rows[3]!.cells[3]).toBe('=cmd|calc!A1');
  });
  it('refuses a zip that declares more than the limit before inflating it', async () => {
    const path = await tmpFile('bomb.xlsx', zipDeclaring(300 * 1024 * 1024));
    expect(declaredZipSize(zipDeclaring(300 * 1024 * 1024)).total).toBe(300 * 1024 * 1024);
    const e = await expectRefused(readTable(path), 'file_refused');
    expect(e.problems[0]!.message.en).toContain('zip bomb');
  });
  it('refuses a real workbook over a small limit, and a cell over 1 MB', async () => {
    await expectRefused(
      readTable(fixture('amazon-sponsored-products.xlsx'), { limits: { maxBytes: 8000 } }),
      'file_refused',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['Date', 'Campaign Name']);
    ws.addRow(['2026-10-01', 'x'.repeat(1024 * 1024 + 1)]);
    const path = await tmpFile('cell.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    await expectRefused(readTable(path), 'cell_too_large');
  });
  it('skips a merged title row above the header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报表');
    ws.addRow(['自定义报表 2026年10月', '', '', '']);
    ws.mergeCells('A1:D1');
    ws.addRow(['a', 'b', 'c', 'd']);
    ws.addRow([1, 2, 3, 4]);
    const path = await tmpFile('merged.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    const table = await readTable(path);
    expect(table.header).toEqual(['a', 'b', 'c', 'd']);
    expect(table.preamble).toEqual(['自定义报表 2026年10月']);
    expect(table.rows).toEqual([{ row: 3, cells: ['1', '2', '3', '4'] }]);
  });
  it('picks a named sheet and names the sheets when it is missing', async () => {
    await expect(readTable(fixture('amazon-sponsored-products.xlsx'), { sheet: 'Nope' })).rejects.toThrow(
      /Sponsored Products Campaign/,
    );
  });
});

describe('columnLetter', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});
