/**
 * The pay-ledger API in-process (`app.request()`) on the demo company: HR records, voids and imports;
 * a supervisor reads their team, an employee reads their own; writes by other roles are refused and
 * change nothing.
 */
import { describe, expect, test } from 'vitest';
import type { LedgerList, LedgerRow } from '../../app/ledger-service.ts';
import { snapshot, TEST_ENGINES } from '../../db/testing.ts';
import { setUpTestApp } from '../testing-http.ts';

const M = '2026-10';

describe.each(TEST_ENGINES)('pay ledger API on %s', (engine) => {
  const api = setUpTestApp(engine);
  const { call, login: session } = api;

  const fine = (employee: string) => ({
    employee,
    month: M,
    date: `${M}-08`,
    kind: 'fine',
    reason: '错发一单罚5元',
    quantity: '2',
    unitAmount: '5',
  });

  test('HR records and voids; the supervisor sees the team, the employee their own; others may not write', async () => {
    const a = await call<{ entry: LedgerRow }>('hr', 'POST', '/api/ledger', fine('E001'));
    expect(a.status, JSON.stringify(a.json)).toBe(200);
    expect(a.json.entry).toMatchObject({ employee: 'E001', amount: '10.00', effect: '-10.00' });
    const b = await call<{ entry: LedgerRow }>('hr', 'POST', '/api/ledger', {
      ...fine('E006'),
      kind: 'reward',
      reason: '好评返现奖励',
      quantity: 3,
      unitAmount: 2,
    });
    expect(b.json.entry.effect).toBe('6.00');

    for (const login of ['e001', 'cslead', 'committee']) await session(login); // sign-ins write sessions
    const before = await snapshot(api.db);
    for (const login of ['e001', 'cslead', 'committee']) {
      expect((await call(login, 'POST', '/api/ledger', fine('E001'))).status).toBe(403);
      expect((await call(login, 'POST', `/api/ledger/${a.json.entry.id}/void`, { reason: 'x' })).status).toBe(
        403,
      );
    }
    expect(await snapshot(api.db)).toEqual(before);

    const own = await call<LedgerList>('e001', 'GET', `/api/ledger?month=${M}`);
    expect(own.json.entries.map((e) => e.employee)).toEqual(['E001']);
    const team = await call<LedgerList>('cslead', 'GET', `/api/ledger?month=${M}`);
    expect(team.json.entries.map((e) => e.employee)).toEqual(['E006']);
    const all = await call<LedgerList>('hr', 'GET', `/api/ledger?month=${M}`);
    expect(all.json.totals.map((x) => [x.employee, x.net])).toEqual([
      ['E001', '-10.00'],
      ['E006', '6.00'],
    ]);

    const v = await call<{ entry: LedgerRow }>('hr', 'POST', `/api/ledger/${a.json.entry.id}/void`, {
      reason: '申诉成立',
    });
    expect(v.status, JSON.stringify(v.json)).toBe(200);
    expect(v.json.entry.reverses).toBe(a.json.entry.id);
    expect(
      (await call('hr', 'POST', `/api/ledger/${a.json.entry.id}/void`, { reason: 'again' })).status,
    ).toBe(409);
    const bad = await call('hr', 'POST', '/api/ledger', { ...fine('E001'), quantity: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.problems).toContainEqual(
      expect.objectContaining({ where: expect.objectContaining({ column: 'quantity' }) }),
    );
  });

  test('import a CSV: all or nothing; the same file again changes nothing', async () => {
    const csv = `工号,月份,日期,类型,原因,数量,单价\nE007,${M},${M}-10,罚款,错发,1,5\nE008,${M},${M}-11,奖励,好评返现,2,2\n`;
    const body = { file: 'ledger-10.csv', contentBase64: Buffer.from(csv).toString('base64') };
    const first = await call<{ created: number; unchanged: number }>(
      'hr',
      'POST',
      '/api/ledger/import',
      body,
    );
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toMatchObject({ created: 2, unchanged: 0 });
    const before = await snapshot(api.db);
    const again = await call<{ created: number; unchanged: number }>(
      'hr',
      'POST',
      '/api/ledger/import',
      body,
    );
    expect(again.json).toMatchObject({ created: 0, unchanged: 2 });
    const broken = await call('hr', 'POST', '/api/ledger/import', {
      file: 'broken.csv',
      contentBase64: Buffer.from(`${csv}E009,${M},${M}-12,罚款,错发,1,abc\n`).toString('base64'),
    });
    expect(broken.status).toBe(422);
    expect(broken.json.error?.code).toBe('import_refused');
    expect(broken.json.error?.problems).toEqual([
      expect.objectContaining({
        where: expect.objectContaining({ row: 4, column: 'unit_amount', value: 'abc' }),
      }),
    ]);
    expect(await snapshot(api.db)).toEqual(before);
  });
});
