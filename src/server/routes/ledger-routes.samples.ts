/**
 * Sample calls of these routes for the permission matrix in src/server/app.test.ts: one request per
 * route id that a role which may not call it must be refused (403/404) without anything changing.
 */
import type { PermissionSample } from '../permission-sample.ts';

/** A well-formed entry: a refused role must be turned away before it is looked at. */
const entry = (emp: string, month: string) => ({
  employee: emp,
  month,
  date: `${month}-08`,
  kind: 'fine',
  reason: '错发',
  quantity: '1',
  unitAmount: '5',
});

export const ledgerSamples: Record<string, PermissionSample> = {
  'ledger.list': (_emp, _v, month) => ({ path: `/api/ledger?month=${month}` }),
  'ledger.record': (emp, _v, month) => ({ path: '/api/ledger', body: entry(emp, month) }),
  'ledger.void': () => ({ path: '/api/ledger/1/void', body: { reason: 'x' } }),
  'ledger.import': (emp, _v, month) => ({
    path: '/api/ledger/import',
    body: {
      file: 'ledger.csv',
      contentBase64: Buffer.from(
        `employee,month,date,kind,reason,quantity,unit_amount\n${emp},${month},${month}-08,fine,错发,1,5\n`,
      ).toString('base64'),
    },
  }),
};
