/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

export const ledgerZh = {
  title: '奖罚台账',
};

export const ledgerEn: Same<typeof ledgerZh> = {
  title: 'Pay ledger',
};
