/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

export const jobsZh = {
  title: '进度',
};

export const jobsEn: Same<typeof jobsZh> = {
  title: 'Progress',
};
