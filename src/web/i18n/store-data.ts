/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

export const storeDataZh = {
  title: '店铺数据',
};

export const storeDataEn: Same<typeof storeDataZh> = {
  title: 'Store data',
};
