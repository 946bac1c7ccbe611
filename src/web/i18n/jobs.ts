/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

/** Progress of background work (后台任务): the phase words come from the server, in both languages. */
export const jobsZh = {
  title: '进度',
  count: '{{done}} / {{total}}',
  failed: '失败',
};

export const jobsEn: Same<typeof jobsZh> = {
  title: 'Progress',
  count: '{{done}} / {{total}}',
  failed: 'failed',
};
