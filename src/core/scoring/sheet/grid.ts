/**
 * A worksheet as the sheet importer sees it: text cells and merged ranges, nothing else. Produced by
 * src/import/read-grid.ts (xlsx, csv) and by tests; everything in this folder is pure.
 */

/** A merged range, 0-based and inclusive on both ends (A4:A6 is rows 3–5 of column 0). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetGrid {
  /** the file's name, used in every Problem */
  file: string;
  /** the worksheet read (xlsx) */
  sheet?: string;
  /** every worksheet of the workbook (xlsx), to suggest another when this one has no header */
  sheets?: string[];
  /** rows of text cells; a merged range's text is in its top-left cell only, the others are '' */
  cells: string[][];
  merges: CellRange[];
}

/** 0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column. */
export function colName(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "A4:C6" → { top: 3, left: 0, bottom: 5, right: 2 }; a single address is a 1×1 range. */
export function parseRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return undefined;
  const col = (s: string) => [...s].reduce((a, c) => a * 26 + c.charCodeAt(0) - 64, 0) - 1;
  const a = { r: Number(m[2]) - 1, c: col(m[1]!) };
  const b = m[3] ? { r: Number(m[4]) - 1, c: col(m[3]) } : a;
  return {
    top: Math.min(a.r, b.r),
    left: Math.min(a.c, b.c),
    bottom: Math.max(a.r, b.r),
    right: Math.max(a.c, b.c),
  };
}

export function rangeName(r: CellRange): string {
  return `${colName(r.left)}${r.top + 1}:${colName(r.right)}${r.bottom + 1}`;
}
