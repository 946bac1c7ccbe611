/**
 * Sample calls of these routes for the permission matrix in src/server/app.test.ts: one request per
 * route id that a role which may not call it must be refused (403/404) without anything changing.
 */
import type { PermissionSample } from '../permission-sample.ts';

/** A body that would be read if the role were allowed: the refusal must come before it is looked at. */
const state = { draft: { kind: 'kpi-template' }, choices: {}, cases: [] };

export const sheetSamples: Record<string, PermissionSample> = {
  'sheets.upload': () => ({
    path: '/api/sheets/draft',
    body: {
      file: 'x.csv',
      contentBase64: Buffer.from('指标,评分标准\n销售额,按完成率计分').toString('base64'),
    },
  }),
  'sheets.view': () => ({ path: '/api/sheets/view', body: state }),
  'sheets.save': () => ({ path: '/api/sheets/save', body: { ...state, version: '1' } }),
};
