/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

export const sheetImportZh = {
  title: '导入考核表',
};

export const sheetImportEn: Same<typeof sheetImportZh> = {
  title: 'Import a score sheet',
};
