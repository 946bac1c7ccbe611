/**
 * Sample calls of these routes for the permission matrix in src/server/app.test.ts: one request per
 * route id that a role which may not call it must be refused (403/404) without anything changing.
 */
import type { PermissionSample } from '../permission-sample.ts';

export const jobSamples: Record<string, PermissionSample> = {
  // signed-in routes: a job is found only by its starter and the company's HR/admin (job-routes.test.ts)
  'jobs.list': () => ({ path: '/api/jobs' }),
  'jobs.get': () => ({ path: '/api/jobs/00000000-0000-0000-0000-000000000000' }),
  'jobs.openMonth': () => ({ path: '/api/jobs/open-month', body: { month: '2026-08' } }),
  'jobs.import': () => ({
    path: '/api/jobs/import',
    body: {
      fileName: 'store-day.csv',
      store: 'TM01',
      contentBase64: Buffer.from('日期,访客数\n2026-10-01,1\n').toString('base64'),
    },
  }),
  'storeData.imports': () => ({ path: '/api/store-data/imports' }),
  'storeData.coverage': () => ({ path: '/api/store-data/coverage' }),
};
