import { describe, expect, it } from 'vitest';
import { safeFileName } from './store-data-service.ts';

describe('safeFileName', () => {
  it('keeps an ordinary name, Chinese included', () => {
    expect(safeFileName('生意参谋 店铺 10月.csv')).toBe('生意参谋 店铺 10月.csv');
  });
  it('drops any folder part, Windows or Unix, so the file stays in its temporary folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\hr\\orders.xlsx')).toBe('orders.xlsx');
  });
  it('replaces control and reserved characters, and never starts with a dot', () => {
    expect(safeFileName('a\u0000b:c?.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('..hidden.csv')).toBe('hidden.csv');
    expect(safeFileName('...')).toBe('upload.csv');
    expect(safeFileName('')).toBe('upload.csv');
  });
  it('shortens a long name to 120 characters and keeps its extension', () => {
    const long = `${'订'.repeat(300)}.xlsx`;
    const out = safeFileName(long);
    expect(out.length).toBe(120);
    expect(out.endsWith('.xlsx')).toBe(true);
  });
});
