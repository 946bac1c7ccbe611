/**
 * The zip-bomb guard shared by both xlsx readers (read-table.ts, read-grid.ts).
 *
 * An xlsx is a zip. The sizes its directory declares are only claims: a file can declare 1 KB for a part
 * that inflates to gigabytes, and JSZip (inside exceljs) compares the inflated length with the claim only
 * after it has inflated the whole part into memory. So the guard does not trust the claims:
 * 1. it refuses a zip whose declared total is over the limit, or ZIP64, before inflating anything (cheap,
 *    and the common honest case);
 * 2. it inflates every part itself with zlib's `maxOutputLength` set to what is left of the limit, so
 *    inflation stops a chunk past the limit whatever the directory says, and refuses naming the part;
 * 3. it hands exceljs a copy of the workbook repacked from exactly those inflated bytes (parts stored,
 *    not compressed), so what exceljs reads is what was counted: there is no second parser of the
 *    original zip that could read it differently from this one.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../core/errors.ts';
import { type Text, t } from '../core/text.ts';

const inflateRawAsync = promisify(inflateRaw);

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** One part as the central directory declares it. */
interface DirEntry {
  /** raw name bytes (copied as they are into the repacked zip) */
  nameBytes: Uint8Array;
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

interface Directory {
  entries: DirEntry[];
  /** a field carries the ZIP64 marker: the real values are elsewhere, and this reader does not follow them */
  zip64: boolean;
}

/** Reads the central directory (nothing is inflated). Throws a plain Error on a malformed zip. */
function readDirectory(bytes: Uint8Array): Directory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes + up to 65 535 bytes of comment, at the end of the file
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const zip64 =
    view.getUint16(eocd + 4, true) === 0xffff ||
    view.getUint16(eocd + 6, true) === 0xffff ||
    view.getUint16(eocd + 8, true) === 0xffff ||
    count === 0xffff ||
    view.getUint32(eocd + 12, true) === 0xffffffff ||
    p === 0xffffffff;
  const entries: DirEntry[] = [];
  if (zip64) return { entries, zip64 };
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL)
      throw new Error('corrupt central directory');
    const nameLength = view.getUint16(p + 28, true);
    if (p + 46 + nameLength > bytes.length) throw new Error('corrupt central directory');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const entry: DirEntry = {
      nameBytes,
      name: decoder.decode(nameBytes),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    entries.push(entry);
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
      return { entries, zip64: true };
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return { entries, zip64: false };
}

/** Sum of the uncompressed sizes the zip's central directory declares, read before anything is inflated. */
export function declaredZipSize(bytes: Uint8Array): { total: number; entries: number; zip64: boolean } {
  const dir = readDirectory(bytes);
  return {
    total: dir.entries.reduce((s, e) => s + e.size, 0),
    entries: dir.entries.length,
    zip64: dir.zip64,
  };
}

/** The compressed bytes of one part, found through its local header. */
function compressedData(bytes: Uint8Array, e: DirEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== LOCAL)
    throw new Error(`no local header for ${e.name}`);
  const start =
    e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  if (start + e.compressedSize > bytes.length) throw new Error(`${e.name} runs past the end of the file`);
  return bytes.subarray(start, start + e.compressedSize);
}

/** A zip of `parts`, each stored (method 0) with its true size; CRCs are the ones the original declared. */
function storedZip(parts: { entry: DirEntry; data: Uint8Array }[]): Buffer {
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { entry, data } of parts) {
    // keep only the "names are UTF-8" flag: no encryption, no data descriptor, no compression options
    const flags = entry.flags & 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(entry.nameBytes.length, 26);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(CENTRAL, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(flags, 8);
    head.writeUInt32LE(entry.crc, 16);
    head.writeUInt32LE(data.length, 20);
    head.writeUInt32LE(data.length, 24);
    head.writeUInt16LE(entry.nameBytes.length, 28);
    head.writeUInt32LE(offset, 42);
    chunks.push(local, entry.nameBytes, data);
    central.push(head, Buffer.from(entry.nameBytes));
    offset += 30 + entry.nameBytes.length + data.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

function refusal(file: string, code: string, text: Text, path?: string): AppError {
  return new AppError('import_refused', t(`文件被拒绝: ${file}`, `file refused: ${file}`), [
    { severity: 'error', code, message: text, where: { file, ...(path !== undefined ? { path } : {}) } },
  ]);
}

/**
 * Checks an xlsx against zip bombs and returns the workbook repacked for exceljs to load: every part
 * inflated here with a running total capped at `maxBytes` (see the module comment).
 * Throws AppError `import_refused` naming the file and, when the limit is crossed, the part:
 * with problem code `bombCode` for a zip bomb, `file_refused` for a file that is not a readable zip.
 */
export async function inflateXlsxGuarded(
  bytes: Uint8Array,
  file: string,
  maxBytes: number,
  bombCode: string,
): Promise<Buffer> {
  const invalid = (err: unknown, part?: string) =>
    refusal(
      file,
      'file_refused',
      t('不是有效的 xlsx 文件', `not a valid xlsx file (${(err as Error).message})`),
      part,
    );
  let dir: Directory;
  try {
    dir = readDirectory(bytes);
  } catch (err) {
    throw invalid(err);
  }
  const declared = dir.entries.reduce((s, e) => s + e.size, 0);
  if (dir.zip64 || declared > maxBytes) {
    throw refusal(
      file,
      bombCode,
      t(
        `xlsx 解压后过大 (${dir.zip64 ? 'ZIP64' : `${declared} 字节`}，上限 ${maxBytes})，疑似压缩炸弹`,
        `xlsx too large when uncompressed (${dir.zip64 ? 'ZIP64' : `${declared} bytes`}, limit ${maxBytes}): possible zip bomb`,
      ),
    );
  }
  const parts: { entry: DirEntry; data: Uint8Array }[] = [];
  let total = 0;
  for (const entry of dir.entries) {
    const over = () =>
      refusal(
        file,
        bombCode,
        t(
          `xlsx 解压后过大：部件 ${entry.name} 解压后超过上限 ${maxBytes} 字节（目录只声明 ${entry.size} 字节），疑似压缩炸弹`,
          `xlsx too large when uncompressed: part ${entry.name} inflates past the limit of ${maxBytes} bytes (its directory declares ${entry.size}): possible zip bomb`,
        ),
        entry.name,
      );
    let raw: Uint8Array;
    try {
      if (entry.flags & 0x0001) throw new Error(`${entry.name} is encrypted`);
      raw = compressedData(bytes, entry);
    } catch (err) {
      throw invalid(err, entry.name);
    }
    const left = maxBytes - total;
    let data: Uint8Array;
    if (entry.method === 0) {
      data = raw;
    } else if (entry.method === 8) {
      try {
        // maxOutputLength must be ≥ 1; a part that inflates to anything when nothing is left is caught below
        data = await inflateRawAsync(raw, { maxOutputLength: Math.max(1, left) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw over();
        throw invalid(err, entry.name);
      }
    } else {
      throw invalid(new Error(`${entry.name} uses compression method ${entry.method}`), entry.name);
    }
    if (data.length > left) throw over();
    total += data.length;
    parts.push({ entry, data });
  }
  return storedZip(parts);
}

/**
 * Opens an xlsx through the guard and picks its worksheet (the named one, else the first): what both
 * readers do before they walk the rows. A file exceljs cannot read is refused (import_refused); a missing
 * worksheet is invalid input listing the sheets there are.
 */
export async function openGuardedWorksheet(
  bytes: Uint8Array,
  file: string,
  sheetName: string | undefined,
  maxBytes: number,
  bombCode: string,
): Promise<ExcelJS.Worksheet> {
  const safe = await inflateXlsxGuarded(bytes, file, maxBytes, bombCode);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(safe as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('import_refused', t(`文件被拒绝: ${file}`, `file refused: ${file}`), [
      {
        severity: 'error',
        code: 'file_refused',
        message: t('无法读取 xlsx 文件', `cannot read the xlsx file (${(err as Error).message})`),
        where: { file },
      },
    ]);
  }
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join(', ');
    throw new AppError(
      'invalid_input',
      t(
        `工作表 ${sheetName ?? ''} 不存在 (有: ${names})`,
        `no worksheet ${sheetName ?? ''} (there are: ${names})`,
      ),
    );
  }
  return ws;
}
