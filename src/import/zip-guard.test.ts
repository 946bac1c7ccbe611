import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, createInflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { readGrid, SHEET_LIMITS } from './read-grid.ts';
import { readTable } from './read-table.ts';
import { declaredZipSize, inflateXlsxGuarded } from './zip-guard.ts';

const dir = mkdtempSync(join(tmpdir(), 'shopkpi-zipguard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Part {
  name: string;
  /** 0 stored, 8 deflated */
  method: 0 | 8;
  /** the bytes as they sit in the zip (already deflated for method 8) */
  data: Uint8Array;
  /** the uncompressed size the headers declare (the lie, when it is one) */
  size: number;
}

/** A minimal zip writer that writes whatever sizes it is told, true or not. */
function zip(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(p.method, 10);
    head.writeUInt32LE(p.data.length, 20);
    head.writeUInt32LE(p.size, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt32LE(offset, 42);
    chunks.push(local, name, Buffer.from(p.data));
    central.push(head, name);
    offset += 30 + name.length + p.data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

const deflated = (name: string, text: string, size = Buffer.byteLength(text)): Part => ({
  name,
  method: 8,
  data: deflateRawSync(Buffer.from(text)),
  size,
});

/** `mb` megabytes of zeros, deflated as one raw stream without ever holding them in memory. */
async function deflatedZeros(mb: number): Promise<Buffer> {
  const block = Buffer.alloc(1024 * 1024);
  const out: Buffer[] = [];
  await pipeline(
    async function* () {
      for (let i = 0; i < mb; i++) yield block;
    },
    createDeflateRaw({ level: 9 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) out.push(c);
    },
  );
  return Buffer.concat(out);
}

/** How many bytes a raw deflate stream really inflates to, counted chunk by chunk (nothing kept). */
async function inflatedLength(data: Buffer): Promise<number> {
  let n = 0;
  await pipeline(
    async function* () {
      yield data;
    },
    createInflateRaw(),
    async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) n += c.length;
    },
  );
  return n;
}

/** Runs `fn`, sampling the process's resident memory meanwhile; returns the largest growth seen. */
async function rssGrowth(fn: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const MB = 1024 * 1024;

describe('xlsx zip-bomb guard: a directory that lies about the inflated size', () => {
  const path = join(dir, 'lying.xlsx');
  let bomb: Buffer;
  let lying: Buffer;
  beforeAll(async () => {
    // 200 MB of zeros as the worksheet, declared as 1 000 bytes: the declared total is tiny
    bomb = await deflatedZeros(200);
    lying = zip([
      deflated('[Content_Types].xml', '<?xml version="1.0"?><Types/>'),
      { name: 'xl/worksheets/sheet1.xml', method: 8, data: bomb, size: 1000 },
    ]);
    writeFileSync(path, lying);
  });

  it('is a real bomb that the declared-size check alone lets through', async () => {
    expect(lying.length).toBeLessThan(2 * MB); // fits the web upload limit
    expect(declaredZipSize(lying)).toEqual({ total: 1000 + 29, entries: 2, zip64: false });
    expect(await inflatedLength(bomb)).toBe(200 * MB);
  });

  it('readGrid (考核表 import) refuses it naming the file, the part and the limit, in bounded memory', async () => {
    let err: AppError | undefined;
    const growth = await rssGrowth(async () => {
      err = await refusal(readGrid(path));
    });
    expect(err!.code).toBe('import_refused');
    const p = err!.problems[0]!;
    expect(p.code).toBe('zip_bomb');
    expect(p.where).toEqual({ file: 'lying.xlsx', path: 'xl/worksheets/sheet1.xml' });
    expect(p.message.en).toContain(`limit of ${SHEET_LIMITS.maxBytes} bytes`);
    expect(p.message.en).toContain('possible zip bomb');
    expect(p.message.zh).toContain('xl/worksheets/sheet1.xml');
    // inflating the part in full would take 200 MB and more; the guard stops a chunk past 20 MB
    expect(growth).toBeLessThan(120 * MB);
  });

  it('readTable (store data, ledger) refuses it the same way, in bounded memory', async () => {
    let err: AppError | undefined;
    const growth = await rssGrowth(async () => {
      err = await refusal(readTable(path, { limits: { maxBytes: 20 * MB } }));
    });
    const p = err!.problems[0]!;
    expect(p.code).toBe('file_refused');
    expect(p.where).toEqual({ file: 'lying.xlsx', path: 'xl/worksheets/sheet1.xml' });
    expect(p.message.en).toContain(`limit of ${20 * MB} bytes`);
    expect(p.message.en).toContain('possible zip bomb');
    expect(growth).toBeLessThan(120 * MB);
  });
});

describe('inflateXlsxGuarded', () => {
  it('counts the parts together: honest small parts are refused once their real total passes the limit', async () => {
    const a = 'a'.repeat(600);
    const bytes = zip([deflated('one.xml', a, 10), deflated('two.xml', a, 10)]);
    const err = await refusal(inflateXlsxGuarded(bytes, 'x.xlsx', 1000, 'zip_bomb'));
    expect(err.problems[0]!.where.path).toBe('two.xml');
    // 1 200 real bytes pass a limit of 1 200
    const ok = await inflateXlsxGuarded(bytes, 'x.xlsx', 1200, 'zip_bomb');
    expect(declaredZipSize(ok)).toEqual({ total: 1200, entries: 2, zip64: false });
  });

  it('counts stored parts by their real length too', async () => {
    const bytes = zip([{ name: 'raw.bin', method: 0, data: new Uint8Array(5000), size: 1 }]);
    const err = await refusal(inflateXlsxGuarded(bytes, 'x.xlsx', 4000, 'zip_bomb'));
    expect(err.problems[0]).toMatchObject({ code: 'zip_bomb', where: { path: 'raw.bin' } });
  });

  it('refuses a broken deflate stream or an unknown method as not a valid xlsx, naming the part', async () => {
    const broken = zip([{ name: 'bad.xml', method: 8, data: Buffer.from([0xff, 0xff, 0xff]), size: 3 }]);
    const e1 = await refusal(inflateXlsxGuarded(broken, 'x.xlsx', 1000, 'zip_bomb'));
    expect(e1.problems[0]).toMatchObject({
      code: 'file_refused',
      where: { file: 'x.xlsx', path: 'bad.xml' },
    });
    const bzip = zip([{ name: 'b.xml', method: 12 as 8, data: Buffer.from('x'), size: 1 }]);
    const e2 = await refusal(inflateXlsxGuarded(bzip, 'x.xlsx', 1000, 'zip_bomb'));
    expect(e2.problems[0]!.message.en).toContain('compression method 12');
  });

  it('hands exceljs a workbook that reads the same as the original', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考核');
    ws.addRow(['指标', '权重']);
    ws.addRow(['销售额', 0.6]);
    ws.mergeCells('A3:B3');
    const original = Buffer.from(await wb.xlsx.writeBuffer());
    const safe = await inflateXlsxGuarded(original, 'w.xlsx', 20 * MB, 'zip_bomb');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(safe as unknown as ArrayBuffer);
    const sheet = back.getWorksheet('考核')!;
    expect(sheet.getCell('A2').value).toBe('销售额');
    expect(sheet.getCell('B2').value).toBe(0.6);
    expect(sheet.model.merges).toEqual(['A3:B3']);
    expect(declaredZipSize(safe).total).toBe(declaredZipSize(original).total);
  });
});
