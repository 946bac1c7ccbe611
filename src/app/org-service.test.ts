/**
 * Deactivating stores, teams and job families (停用) at the service level, on the demo company: the
 * flag is saved and audited as (de)activation, an inactive store refuses a new import naming it and
 * writes nothing, an inactive team or family takes no new employee (one by one or in an import, each
 * refusal naming the row, column and the team), people already in it stay editable and still get a
 * form when a month is opened, and reactivating lets everything in again. Also the company time zone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../core/errors.ts';
import { type FreshDb, freshDb, snapshot, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { getForm, openMonth } from './cycle-service.ts';
import { DEMO_COMPANY, loadDemoCompany } from './demo-company.ts';
import { importFile } from './import-service.ts';
import {
  findEmployee,
  getCompanySettings,
  importEmployees,
  listFamilies,
  listOrgStores,
  listTeams,
  saveFamily,
  saveStore,
  saveTeam,
  setCompanyTimeZone,
  upsertEmployee,
} from './org-service.ts';

const hr: Actor = {
  company: DEMO_COMPANY,
  userId: 'u-hr',
  login: 'hr',
  name: '吴人事',
  role: 'hr',
  employee: 'H001',
};
const newcomer = {
  code: 'E900',
  name: '新同事',
  team: 'cs',
  family: 'presales-cs',
  level: 'P1',
  supervisor: 'S001',
  hireDate: '2026-11-01',
  leaveDate: null,
  agent: null,
};

const caught = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

describe.each(TEST_ENGINES)('deactivating organisation rows on %s', (engine) => {
  let fresh: FreshDb;
  const tx = <T>(f: (db: FreshDb['db']) => Promise<T>) => fresh.db.transaction((t) => f(t as FreshDb['db']));

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, 'test-password-1');
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('a deactivated store is listed inactive, audited, and refuses a new import naming it', async () => {
    const [tm01] = await listOrgStores(fresh.db, DEMO_COMPANY, 'TM01');
    expect(tm01?.active).toBe(true);
    await tx((db) => saveStore(db, hr, { ...tm01!, active: false }, 'update'));
    expect((await listOrgStores(fresh.db, DEMO_COMPANY, 'TM01'))[0]?.active).toBe(false);
    const audit = await fresh.db.query<{
      action: string;
      before: { active: boolean };
      after: { active: boolean };
    }>(
      "SELECT action, before, after FROM audit_log WHERE entity = 'store' AND entity_id = 'TM01' ORDER BY id",
    );
    expect(audit.rows.at(-1)).toMatchObject({
      action: 'deactivate',
      before: { active: true },
      after: { active: false },
    });

    const before = await snapshot(fresh.db);
    // the file need not exist: an inactive store is refused before anything is read
    const err = await caught(
      importFile(fresh.db, DEMO_COMPANY, '/nonexistent/sycm-store-day.csv', { store: 'TM01' }),
    );
    expect(err.code).toBe('conflict');
    expect(err.text.en).toContain('TM01');
    expect(err.text.en).toContain('inactive');
    expect(err.text.zh).toContain(tm01!.name);
    expect(err.problems[0]).toMatchObject({ code: 'inactive_store', where: { value: 'TM01' } });
    expect(await snapshot(fresh.db)).toEqual(before);

    // an edit that leaves `active` out keeps the store inactive; true reactivates it
    await tx((db) => saveStore(db, hr, { ...tm01!, name: '天猫店（关）', active: undefined }, 'update'));
    expect((await listOrgStores(fresh.db, DEMO_COMPANY, 'TM01'))[0]?.active).toBe(false);
    await tx((db) => saveStore(db, hr, { ...tm01!, active: true }, 'update'));
    expect((await listOrgStores(fresh.db, DEMO_COMPANY, 'TM01'))[0]?.active).toBe(true);
    // a wrong path now fails on the file, not on the store
    const again = await caught(
      importFile(fresh.db, DEMO_COMPANY, '/nonexistent/sycm-store-day.csv', { store: 'TM01' }),
    );
    expect(again.problems[0]?.code).toBe('unreadable_file');
  });

  test('an inactive team or family takes no new employee; members stay editable and still get a form', async () => {
    const cs = (await listTeams(fresh.db, DEMO_COMPANY)).find((t) => t.code === 'cs')!;
    await tx((db) => saveTeam(db, hr, { ...cs, active: false }, 'update'));
    const before = await snapshot(fresh.db);

    const one = await caught(tx((db) => upsertEmployee(db, hr, newcomer, 'create')));
    expect(one.code).toBe('invalid_input');
    expect(one.text.en).toBe(`team cs (${cs.name}) is inactive: no new employees can join it`);
    expect(one.problems[0]).toMatchObject({
      code: 'inactive_reference',
      where: { column: 'team', value: 'cs' },
    });

    // moving an existing employee into the inactive team is joining it too
    const e001 = (await findEmployee(fresh.db, DEMO_COMPANY, 'E001'))!;
    await caught(tx((db) => upsertEmployee(db, hr, { ...e001, team: 'cs' }, 'update')));

    // the import lists every row that joins it, with row and column, and writes nothing
    const imp = await caught(
      tx((db) =>
        importEmployees(
          db,
          hr,
          [newcomer, { ...newcomer, code: 'E901', team: 'ops' }, { ...e001, team: 'cs' }],
          {
            file: 'people.xlsx',
          },
        ),
      ),
    );
    expect(imp.code).toBe('import_refused');
    expect(imp.problems.map((p) => [p.where.row, p.where.column, p.where.value])).toEqual([
      [2, 'team', 'cs'],
      [4, 'team', 'cs'],
    ]);
    expect(await snapshot(fresh.db)).toEqual(before);

    // someone already in the team can still be edited in it
    const e006 = (await findEmployee(fresh.db, DEMO_COMPANY, 'E006'))!;
    await tx((db) => upsertEmployee(db, hr, { ...e006, level: 'P4' }, 'update'));
    expect((await findEmployee(fresh.db, DEMO_COMPANY, 'E006'))?.level).toBe('P4');

    // and gets a form when a month is opened: deactivating a team skips nobody
    await tx((db) => openMonth(db, hr, { month: '2026-10', families: ['presales-cs'] }));
    expect((await getForm(fresh.db, hr, '2026-10', 'E006')).employee).toBe('E006');

    // a job family the same way
    const fam = (await listFamilies(fresh.db, DEMO_COMPANY)).find((f) => f.code === 'designer')!;
    await tx((db) => saveFamily(db, hr, { ...fam, active: false }, 'update'));
    const byFamily = await caught(
      tx((db) => upsertEmployee(db, hr, { ...newcomer, team: 'ops', family: 'designer' }, 'create')),
    );
    expect(byFamily.problems[0]?.where).toEqual({ column: 'family', value: 'designer' });
    expect(byFamily.text.zh).toContain(fam.name.zh);

    // reactivated, both take the newcomer
    await tx((db) => saveTeam(db, hr, { ...cs, active: true }, 'update'));
    await tx((db) => saveFamily(db, hr, { ...fam, active: true }, 'update'));
    await tx((db) => upsertEmployee(db, hr, newcomer, 'create'));
    expect((await findEmployee(fresh.db, DEMO_COMPANY, 'E900'))?.team).toBe('cs');
    const acts = await fresh.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'team' AND entity_id = 'cs' ORDER BY id",
    );
    expect(acts.rows.map((r) => r.action)).toEqual(['deactivate', 'activate']);
  }, 120_000);

  test('the company time zone defaults to Asia/Shanghai; an unknown zone is refused', async () => {
    expect((await getCompanySettings(fresh.db, DEMO_COMPANY)).timeZone).toBe('Asia/Shanghai');
    const err = await caught(tx((db) => setCompanyTimeZone(db, { ...hr, role: 'admin' }, 'Mars/Base')));
    expect(err.problems[0]?.code).toBe('unknown_time_zone');
    await tx((db) => setCompanyTimeZone(db, { ...hr, role: 'admin' }, 'America/Los_Angeles', 'US office'));
    expect((await getCompanySettings(fresh.db, DEMO_COMPANY)).timeZone).toBe('America/Los_Angeles');
    const a = await fresh.db.query<{ before: unknown; after: unknown; why: string }>(
      "SELECT before, after, why FROM audit_log WHERE entity = 'company' ORDER BY id DESC LIMIT 1",
    );
    expect(a.rows[0]).toMatchObject({
      before: { timeZone: 'Asia/Shanghai' },
      after: { timeZone: 'America/Los_Angeles' },
      why: 'US office',
    });
  });
});
