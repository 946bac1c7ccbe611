/** The strings of one part of the UI, kept in their own file; zh.ts and en.ts include them. */
import type { Same } from './same.ts';

export const kpiDesignZh = {
  title: 'KPI 设计',
};

export const kpiDesignEn: Same<typeof kpiDesignZh> = {
  title: 'KPI design',
};
