/**
 * The time to object (issue 5: "each employee confirms or objects within a set number of days"): the
 * month is opened with a number of days, publishing sets each form's deadline that many days after the
 * publishing day, an objection on the last day is taken, and one after it is refused with the date the
 * time ended, changing nothing (no objection, no audit entry, same form version). The calendar moves by
 * moving the stored deadline back: the services read "today" from the database, never from a clock here.
 * "Today" is the day in the company's time zone (company.time_zone), not in the database server's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../core/errors.ts';
import { type FreshDb, freshDb, snapshot, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { listAudit } from './audit-service.ts';
import {
  confirmForm,
  getForm,
  getMonth,
  objectForm,
  openMonth,
  publishMonth,
  scoreMonth,
} from './cycle-service.ts';
import { DEMO_COMPANY, loadDemoCompany } from './demo-company.ts';

const M = '2026-10';
const DAYS = 3;
const hr: Actor = {
  company: DEMO_COMPANY,
  userId: 'u-hr',
  login: 'hr',
  name: '吴人事',
  role: 'hr',
  employee: 'H001',
};
const agent = (code: string): Actor => ({
  company: DEMO_COMPANY,
  userId: `u-${code.toLowerCase()}`,
  login: code.toLowerCase(),
  name: code,
  role: 'employee',
  employee: code,
});

describe.each(TEST_ENGINES)('the time to object on %s', (engine) => {
  let fresh: FreshDb;

  /** today in the company's time zone, as SQL (the same day the services compare with) */
  const TODAY = `(now() AT TIME ZONE (SELECT time_zone FROM company WHERE company_id = '${DEMO_COMPANY}'))::date`;
  /** today in the company's time zone, and `days` from it, as YYYY-MM-DD */
  const dbDate = async (days: number) =>
    (await fresh.db.query<{ d: string }>(`SELECT (${TODAY} + $1::int)::text AS d`, [days])).rows[0]!.d;
  /** moves a form's deadline to `days` from the company's today (negative: the time has passed) */
  const deadlineIn = (employee: string, days: number) =>
    fresh.db.query(
      `UPDATE appraisal_form SET deadline = ${TODAY} + $3::int WHERE company_id = $1 AND month = $2 AND employee = $4`,
      [DEMO_COMPANY, M, days, employee],
    );
  const object = (employee: string, version: number, reason = '转化率统计漏了我接待的夜间询单') =>
    fresh.db.transaction((tx) => objectForm(tx, agent(employee), M, employee, { version, reason }));

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, 'test-password-1');
    await fresh.db.transaction((tx) =>
      openMonth(tx, hr, { month: M, families: ['presales-cs'], objectionDays: DAYS }),
    );
    expect((await scoreMonth(fresh.db, hr, M)).failed).toEqual([]);
    await fresh.db.transaction((tx) => publishMonth(tx, hr, M));
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('publishing sets every deadline the month’s number of days after the publishing day', async () => {
    expect((await getMonth(fresh.db, DEMO_COMPANY, M)).objectionDays).toBe(DAYS);
    const want = await dbDate(DAYS);
    for (const e of ['E006', 'E007', 'E009', 'S001']) {
      const f = await getForm(fresh.db, hr, M, e);
      expect(f.status).toBe('published');
      expect(f.deadline).toBe(want);
    }
  });

  test('after the deadline an objection is refused, naming the day it ended, and nothing changes', async () => {
    await deadlineIn('E007', -1);
    const ended = await dbDate(-1);
    const f = await getForm(fresh.db, hr, M, 'E007');
    const before = await snapshot(fresh.db);
    const err = await object('E007', f.version).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).text.en).toBe(`the time to object ended on ${ended}`);
    expect((err as AppError).text.zh).toContain(ended);
    // no objection row, no audit entry, the same form and version: the database is exactly as before
    expect(await snapshot(fresh.db)).toEqual(before);
    const after = await getForm(fresh.db, hr, M, 'E007');
    expect(after.status).toBe('published');
    expect(after.version).toBe(f.version);
    expect(after.objection).toBeNull();
  });

  test('long after the deadline it is refused the same way', async () => {
    await deadlineIn('E009', -30);
    const f = await getForm(fresh.db, hr, M, 'E009');
    await expect(object('E009', f.version)).rejects.toThrow(/the time to object ended on \d{4}-\d{2}-\d{2}/);
    expect((await getForm(fresh.db, hr, M, 'E009')).status).toBe('published');
  });

  test('on the last day an objection is still taken and goes to the second reviewer', async () => {
    await deadlineIn('E006', 0);
    const f = await getForm(fresh.db, hr, M, 'E006');
    const out = await object('E006', f.version);
    expect(out.status).toBe('objected');
    expect(out.version).toBe(f.version + 1);
    // the second reviewer is the supervisor's own supervisor
    const sup = await fresh.db.query<{ s: string }>(
      "SELECT supervisor AS s FROM employee WHERE company_id = $1 AND code = 'S001'",
      [DEMO_COMPANY],
    );
    expect(out.supervisor).toBe('S001');
    expect(sup.rows[0]!.s).toBeTruthy();
    expect(out.objection).toMatchObject({ status: 'open', reviewer: sup.rows[0]!.s });
    const audit = await listAudit(fresh.db, DEMO_COMPANY, { entity: 'form', entityId: `${M}/E006` });
    expect(audit[0]).toMatchObject({ action: 'object' });
  });

  test('confirming after the deadline is still taken: it only agrees with what closing deems anyway', async () => {
    const f = await getForm(fresh.db, hr, M, 'E007');
    const out = await fresh.db.transaction((tx) => confirmForm(tx, agent('E007'), M, 'E007', f.version));
    expect(out.status).toBe('confirmed');
    // and a confirmed form can no longer be objected to, whatever the deadline
    await deadlineIn('E007', 5);
    await expect(object('E007', out.version)).rejects.toThrow(/cannot be confirmed or objected to now/);
  });

  test('the last day is the company’s: accepted on it, refused a day later, whatever the server’s date', async () => {
    // At any instant the days in UTC+14 and UTC-11 are 25 hours apart, so one of the two zones is on
    // another calendar day than the database server: the company is put there, which makes the old
    // rule (the server's current_date) give the opposite answer in one of the two checks below.
    const days = await fresh.db.query<{ server: string; kiri: string; pago: string }>(
      `SELECT current_date::text AS server, (now() AT TIME ZONE 'Pacific/Kiritimati')::date::text AS kiri,
              (now() AT TIME ZONE 'Pacific/Pago_Pago')::date::text AS pago`,
    );
    const { server, kiri } = days.rows[0]!;
    const zone = kiri !== server ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    await fresh.db.query('UPDATE company SET time_zone = $2 WHERE company_id = $1', [DEMO_COMPANY, zone]);
    try {
      const today = await dbDate(0);
      expect(today).not.toBe(server);
      // the deadline was yesterday in the company's zone: refused, naming it
      await deadlineIn('E009', -1);
      const yesterday = await dbDate(-1);
      const late = await getForm(fresh.db, hr, M, 'E009');
      await expect(object('E009', late.version)).rejects.toThrow(`the time to object ended on ${yesterday}`);
      // the deadline is today in the company's zone: taken
      await deadlineIn('S001', 0);
      const last = await getForm(fresh.db, hr, M, 'S001');
      expect((await object('S001', last.version)).status).toBe('objected');
    } finally {
      await fresh.db.query('UPDATE company SET time_zone = $2 WHERE company_id = $1', [
        DEMO_COMPANY,
        'Asia/Shanghai',
      ]);
    }
  });
});
