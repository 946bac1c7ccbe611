/**
 * The organisation (组织): job families, teams, employees with supervisor, level, hire and leave dates,
 * and the stores each one answers for. Also who may see whom: an employee sees themself, a supervisor
 * themself and their direct reports, admin/HR/committee everyone.
 */
import { AppError, type Problem } from '../core/errors.ts';
import type { Platform, Store } from '../core/metrics/facts.ts';
import type { Text } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';
import type { Actor, Role } from './actor.ts';
import { writeAudit } from './audit-service.ts';

export interface Employee {
  code: string;
  name: string;
  team: string | null;
  family: string | null;
  level: string | null;
  supervisor: string | null;
  hireDate: string | null;
  leaveDate: string | null;
  agent: string | null;
  stores: string[];
  role: Role | null;
}

export type EmployeeInput = Omit<Employee, 'stores' | 'role'>;

export interface JobFamily {
  code: string;
  name: Text;
  kind: 'business' | 'functional';
  /**
   * false once deactivated (停用): kept for the templates, forms and employees that name it, but no
   * employee joins it any more. Omitted on save: a new family is active, an edit keeps what it was.
   */
  active?: boolean;
}

export interface Team {
  code: string;
  name: string;
  lead: string | null;
  /** false once deactivated (停用): kept for the facts and forms that name it; no employee joins it. */
  active: boolean;
}

/** A store as the organisation page lists it: the store and whether it is still active (启用). */
export type OrgStore = Omit<Store, 'operator'> & { operator: string | null; active: boolean };

/** Roles that see every person of the company. */
export const SEES_EVERYONE: readonly Role[] = ['admin', 'hr', 'committee'];

/** May this actor see this person (and their forms)? */
export function canSee(actor: Actor, person: { code: string; supervisor: string | null }): boolean {
  if (SEES_EVERYONE.includes(actor.role)) return true;
  if (!actor.employee) return false;
  if (person.code === actor.employee) return true;
  return actor.role === 'supervisor' && person.supervisor === actor.employee;
}

/**
 * Is `d` a real calendar day YYYY-MM-DD (not 2026-02-30)? Checked before the database sees it, whose
 * date type would refuse it as an internal error (500) naming no field.
 */
export function isCalendarDay(d: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    t.getUTCFullYear() === Number(m[1]) &&
    t.getUTCMonth() === Number(m[2]) - 1 &&
    t.getUTCDate() === Number(m[3])
  );
}

export const notFound = (what: string) =>
  new AppError('not_found', { zh: `找不到 ${what}`, en: `${what} not found` });

interface EmployeeRow {
  code: string;
  name: string;
  team: string | null;
  family: string | null;
  level: string | null;
  supervisor: string | null;
  hire_date: string | null;
  leave_date: string | null;
  agent: string | null;
  stores: string[] | null;
  role: string | null;
}

const EMPLOYEE_SELECT = `SELECT e.code, e.name, e.team, e.family, e.level, e.supervisor, e.hire_date, e.leave_date, e.agent,
  (SELECT array_agg(a.store ORDER BY a.store) FROM store_assignment a
    WHERE a.company_id = e.company_id AND a.employee = e.code AND a.to_date IS NULL) AS stores,
  (SELECT min(u.role) FROM app_user u WHERE u.company_id = e.company_id AND u.employee = e.code) AS role
  FROM employee e`;

function employeeOf(r: EmployeeRow): Employee {
  return {
    code: r.code,
    name: r.name,
    team: r.team,
    family: r.family,
    level: r.level,
    supervisor: r.supervisor,
    hireDate: r.hire_date,
    leaveDate: r.leave_date,
    agent: r.agent,
    stores: r.stores ?? [],
    role: (r.role as Role | null) ?? null,
  };
}

export async function listEmployees(db: Sql, actor: Actor): Promise<Employee[]> {
  const r = await db.query<EmployeeRow>(`${EMPLOYEE_SELECT} WHERE e.company_id = $1 ORDER BY e.code`, [
    actor.company,
  ]);
  return r.rows.map(employeeOf).filter((e) => canSee(actor, e));
}

/** One employee, or not_found — also when the actor may not see them (no hint that the code exists). */
export async function getEmployee(db: Sql, actor: Actor, code: string): Promise<Employee> {
  const e = await findEmployee(db, actor.company, code);
  if (!e || !canSee(actor, e)) throw notFound(`employee ${code}`);
  return e;
}

export async function findEmployee(db: Sql, company: string, code: string): Promise<Employee | undefined> {
  const r = await db.query<EmployeeRow>(`${EMPLOYEE_SELECT} WHERE e.company_id = $1 AND e.code = $2`, [
    company,
    code,
  ]);
  const row = r.rows[0];
  return row ? employeeOf(row) : undefined;
}

export async function upsertEmployee(
  db: Sql,
  actor: Actor,
  e: EmployeeInput,
  mode: 'create' | 'update',
): Promise<void> {
  const before = await findEmployee(db, actor.company, e.code);
  if (mode === 'create' && before)
    throw new AppError('conflict', { zh: `员工 ${e.code} 已存在`, en: `employee ${e.code} already exists` });
  if (mode === 'update' && !before) throw notFound(`employee ${e.code}`);
  if (e.supervisor === e.code)
    throw new AppError('invalid_input', {
      zh: '员工不能是自己的主管',
      en: 'an employee cannot supervise themself',
    });
  const [joins] = await inactiveJoins(db, actor.company, [{ ...e, ...(before ? { before } : {}) }]);
  if (joins) throw unknownRef(joins.column, joins.value, joins.zh, joins.en, 'inactive_reference');
  if (e.team !== null && !(await listTeams(db, actor.company)).some((x) => x.code === e.team))
    throw unknownRef('team', e.team, `没有团队 ${e.team}`, `no team ${e.team}`);
  if (e.family !== null && !(await listFamilies(db, actor.company)).some((x) => x.code === e.family))
    throw unknownRef('family', e.family, `没有岗位族 ${e.family}`, `no job family ${e.family}`);
  if (e.hireDate && e.leaveDate && e.leaveDate < e.hireDate)
    throw unknownRef(
      'leaveDate',
      e.leaveDate,
      '离职日期早于入职日期',
      'the leave date is before the hire date',
      'bad_dates',
    );
  if (e.supervisor !== null) {
    // the same rules as the import: the supervisor exists, and the chain of supervisors ends (A → B → A
    // would leave nobody to rate either of them)
    const sups = await db.query<{ code: string; supervisor: string | null }>(
      'SELECT code, supervisor FROM employee WHERE company_id = $1',
      [actor.company],
    );
    const supervisorOf = new Map(sups.rows.map((x) => [x.code, x.supervisor]));
    if (!supervisorOf.has(e.supervisor))
      throw unknownRef(
        'supervisor',
        e.supervisor,
        `主管 ${e.supervisor} 不存在`,
        `supervisor ${e.supervisor} does not exist`,
      );
    supervisorOf.set(e.code, e.supervisor);
    const chain = new Set([e.code]);
    for (let s: string | null = e.supervisor; s; s = supervisorOf.get(s) ?? null) {
      if (chain.has(s))
        throw unknownRef(
          'supervisor',
          e.supervisor,
          '主管关系形成循环',
          'the supervisor chain loops back',
          'supervisor_loop',
        );
      chain.add(s);
    }
  }
  await db.query(
    `INSERT INTO employee (company_id, code, name, team, family, level, supervisor, hire_date, leave_date, agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, team = excluded.team,
       family = excluded.family, level = excluded.level, supervisor = excluded.supervisor,
       hire_date = excluded.hire_date, leave_date = excluded.leave_date, agent = excluded.agent`,
    [
      actor.company,
      e.code,
      e.name,
      e.team,
      e.family,
      e.level,
      e.supervisor,
      e.hireDate,
      e.leaveDate,
      e.agent,
    ],
  );
  await writeAudit(db, actor, {
    entity: 'employee',
    entityId: e.code,
    action: mode,
    ...(before ? { before } : {}),
    after: e,
  });
}

/** Replaces the stores an employee answers for from `from` on (previous assignments end the day before). */
export async function setStores(
  db: Sql,
  actor: Actor,
  code: string,
  stores: string[],
  from: string,
  why: string,
): Promise<void> {
  const before = await findEmployee(db, actor.company, code);
  if (!before) throw notFound(`employee ${code}`);
  const known = await db.query<{ code: string }>('SELECT code FROM store WHERE company_id = $1', [
    actor.company,
  ]);
  const have = new Set(known.rows.map((r) => r.code));
  const unknown = stores.filter((s) => !have.has(s));
  if (unknown.length)
    throw new AppError('invalid_input', {
      zh: `没有这些店铺：${unknown.join('、')}`,
      en: `no such stores: ${unknown.join(', ')}`,
    });
  await db.query(
    `UPDATE store_assignment SET to_date = ($3::date - 1) WHERE company_id = $1 AND employee = $2 AND to_date IS NULL
       AND from_date < $3::date`,
    [actor.company, code, from],
  );
  await db.query(
    'DELETE FROM store_assignment WHERE company_id = $1 AND employee = $2 AND from_date >= $3::date',
    [actor.company, code, from],
  );
  for (const s of stores) {
    await db.query(
      'INSERT INTO store_assignment (company_id, employee, store, from_date) VALUES ($1, $2, $3, $4)',
      [actor.company, code, s, from],
    );
  }
  await writeAudit(db, actor, {
    entity: 'employee',
    entityId: code,
    action: 'stores',
    before: { stores: before.stores },
    after: { stores, from },
    why,
  });
}

export async function listFamilies(db: Sql, company: string): Promise<Required<JobFamily>[]> {
  const r = await db.query<{ code: string; name_zh: string; name_en: string; kind: string; active: boolean }>(
    'SELECT code, name_zh, name_en, kind, active FROM job_family WHERE company_id = $1 ORDER BY code',
    [company],
  );
  return r.rows.map((x) => ({
    code: x.code,
    name: { zh: x.name_zh, en: x.name_en },
    kind: x.kind === 'functional' ? 'functional' : 'business',
    active: x.active,
  }));
}

export async function listTeams(db: Sql, company: string): Promise<Team[]> {
  const r = await db.query<Team>(
    'SELECT code, name, lead, active FROM team WHERE company_id = $1 ORDER BY code',
    [company],
  );
  return r.rows;
}

/** Every store of the company with whether it is active, for the organisation page. */
export async function listOrgStores(db: Sql, company: string, code?: string): Promise<OrgStore[]> {
  const r = await db.query<{
    code: string;
    name: string;
    platform: string;
    currency: string;
    time_zone: string;
    operator: string | null;
    active: boolean;
  }>(
    `SELECT code, name, platform, currency, time_zone, operator, active FROM store
     WHERE company_id = $1 AND ($2::text IS NULL OR code = $2) ORDER BY code`,
    [company, code ?? null],
  );
  return r.rows.map((x) => ({
    code: x.code,
    name: x.name,
    platform: x.platform as Platform,
    currency: x.currency,
    timeZone: x.time_zone,
    operator: x.operator,
    active: x.active,
  }));
}

/**
 * Refuses to put an employee into an inactive team or job family (停用的团队/岗位族不再接收新员工).
 * Only a change counts: someone already in a team that was deactivated can still be edited in it.
 * Returns the problems (empty when fine) so the import can list them per row.
 */
async function inactiveJoins(
  db: Sql,
  company: string,
  rows: {
    team: string | null;
    family: string | null;
    before?: { team: string | null; family: string | null };
  }[],
): Promise<{ index: number; column: 'team' | 'family'; value: string; zh: string; en: string }[]> {
  const teams = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM team WHERE company_id = $1 AND NOT active',
    [company],
  );
  const fams = await db.query<{ code: string; name_zh: string; name_en: string }>(
    'SELECT code, name_zh, name_en FROM job_family WHERE company_id = $1 AND NOT active',
    [company],
  );
  const team = new Map(teams.rows.map((t) => [t.code, t.name]));
  const fam = new Map(fams.rows.map((f) => [f.code, f]));
  const out: { index: number; column: 'team' | 'family'; value: string; zh: string; en: string }[] = [];
  rows.forEach((r, index) => {
    if (r.team !== null && team.has(r.team) && r.before?.team !== r.team) {
      const n = team.get(r.team);
      out.push({
        index,
        column: 'team',
        value: r.team,
        zh: `团队 ${r.team}（${n}）已停用，不能加入新员工`,
        en: `team ${r.team} (${n}) is inactive: no new employees can join it`,
      });
    }
    const f = r.family !== null ? fam.get(r.family) : undefined;
    if (r.family !== null && f && r.before?.family !== r.family)
      out.push({
        index,
        column: 'family',
        value: r.family,
        zh: `岗位族 ${r.family}（${f.name_zh}）已停用，不能加入新员工`,
        en: `job family ${r.family} (${f.name_en}) is inactive: no new employees can join it`,
      });
  });
  return out;
}

/** The audit action of a save: a change of `active` alone or with others reads as (de)activation. */
function saveAction(mode: 'create' | 'update', before: boolean | undefined, after: boolean): string {
  if (mode === 'create' || before === after) return mode;
  return after ? 'activate' : 'deactivate';
}

/**
 * Imports employees all or nothing (导入员工): every row is checked first — a unique code, a known job
 * family and team, a supervisor who exists (in the file or already), dates in order, no supervisor
 * cycles — and nothing is written when any row is wrong. Rows are numbered as the sheet shows them
 * (`firstRow`, default 2: under a header). Existing codes are updated; the audit log gets one entry.
 */
export async function importEmployees(
  tx: Sql,
  actor: Actor,
  rows: EmployeeInput[],
  opts: { firstRow?: number; file?: string } = {},
): Promise<{ created: number; updated: number }> {
  const first = opts.firstRow ?? 2;
  const problems: Problem[] = [];
  const bad = (i: number, column: string, value: string | null, zh: string, en: string) =>
    problems.push({
      severity: 'error',
      code: 'employee_invalid',
      message: { zh, en },
      where: { ...(opts.file ? { file: opts.file } : {}), row: first + i, column, value: value ?? '' },
    });
  const existing = await tx.query<{ code: string; supervisor: string | null }>(
    'SELECT code, supervisor FROM employee WHERE company_id = $1',
    [actor.company],
  );
  const families = new Set((await listFamilies(tx, actor.company)).map((f) => f.code));
  const teams = new Set((await listTeams(tx, actor.company)).map((t) => t.code));
  const supervisorOf = new Map(existing.rows.map((e) => [e.code, e.supervisor]));
  const placed = await tx.query<{ code: string; team: string | null; family: string | null }>(
    'SELECT code, team, family FROM employee WHERE company_id = $1',
    [actor.company],
  );
  const placedOf = new Map(placed.rows.map((e) => [e.code, e]));
  for (const j of await inactiveJoins(
    tx,
    actor.company,
    rows.map((r) => {
      const before = placedOf.get(r.code);
      return { team: r.team, family: r.family, ...(before ? { before } : {}) };
    }),
  ))
    bad(j.index, j.column, j.value, j.zh, j.en);
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const dup = seen.get(r.code);
    if (dup !== undefined)
      bad(
        i,
        'code',
        r.code,
        `工号重复（与第 ${first + dup} 行）`,
        `duplicate code (also row ${first + dup})`,
      );
    seen.set(r.code, i);
    supervisorOf.set(r.code, r.supervisor);
  });
  rows.forEach((r, i) => {
    if (r.family !== null && !families.has(r.family))
      bad(i, 'family', r.family, `没有岗位族 ${r.family}`, `no job family ${r.family}`);
    if (r.team !== null && !teams.has(r.team))
      bad(i, 'team', r.team, `没有团队 ${r.team}`, `no team ${r.team}`);
    if (r.supervisor !== null && !supervisorOf.has(r.supervisor))
      bad(
        i,
        'supervisor',
        r.supervisor,
        `主管 ${r.supervisor} 不存在`,
        `supervisor ${r.supervisor} does not exist`,
      );
    if (r.supervisor === r.code)
      bad(i, 'supervisor', r.supervisor, '员工不能是自己的主管', 'an employee cannot supervise themself');
    if (r.hireDate && r.leaveDate && r.leaveDate < r.hireDate)
      bad(i, 'leaveDate', r.leaveDate, '离职日期早于入职日期', 'the leave date is before the hire date');
    // a chain of supervisors must end: A → B → A would leave nobody to rate
    const chain = new Set([r.code]);
    for (let s = r.supervisor; s; s = supervisorOf.get(s) ?? null) {
      if (chain.has(s)) {
        bad(i, 'supervisor', r.supervisor, '主管关系形成循环', 'the supervisor chain loops back');
        break;
      }
      chain.add(s);
    }
  });
  if (problems.length)
    throw new AppError(
      'import_refused',
      { zh: '员工表有误，未导入任何行', en: 'the employee list has errors: nothing was imported' },
      problems,
    );
  const known = new Set(existing.rows.map((e) => e.code));
  let created = 0;
  for (const r of rows) {
    if (!known.has(r.code)) created++;
    await tx.query(
      `INSERT INTO employee (company_id, code, name, team, family, level, supervisor, hire_date, leave_date, agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, team = excluded.team,
         family = excluded.family, level = excluded.level, supervisor = excluded.supervisor,
         hire_date = excluded.hire_date, leave_date = excluded.leave_date, agent = excluded.agent`,
      [
        actor.company,
        r.code,
        r.name,
        r.team,
        r.family,
        r.level,
        r.supervisor,
        r.hireDate,
        r.leaveDate,
        r.agent,
      ],
    );
  }
  await writeAudit(tx, actor, {
    entity: 'employee',
    entityId: '*',
    action: 'import',
    after: {
      file: opts.file ?? null,
      rows: rows.length,
      created,
      updated: rows.length - created,
      codes: rows.map((r) => r.code),
    },
  });
  return { created, updated: rows.length - created };
}

/** 409 naming the field that clashes, so a form can put the message next to it. */
function duplicate(entity: { zh: string; en: string }, field: string, value: string): AppError {
  return new AppError(
    'conflict',
    { zh: `${entity.zh} ${value} 已存在`, en: `${entity.en} ${value} already exists` },
    [
      {
        severity: 'error',
        code: 'duplicate_code',
        message: { zh: `${entity.zh}代码已被使用`, en: `this ${entity.en} code is already in use` },
        where: { column: field, value },
        fix: { zh: '换一个代码，或编辑已有的记录', en: 'pick another code, or edit the existing one' },
      },
    ],
  );
}

/** 400 naming the field whose value refers to something that does not exist (an unknown employee). */
function unknownRef(
  field: string,
  value: string,
  zh: string,
  en: string,
  code = 'unknown_reference',
): AppError {
  return new AppError('invalid_input', { zh, en }, [
    { severity: 'error', code, message: { zh, en }, where: { column: field, value } },
  ]);
}

async function employeeExists(db: Sql, company: string, code: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM employee WHERE company_id = $1 AND code = $2', [company, code]);
  return r.rows.length > 0;
}

/** The fields of a store that can be written; the code is the key and never changes once created. */
export interface StoreInput {
  code: string;
  name: string;
  platform: string;
  currency: string;
  timeZone: string;
  operator: string | null;
  /** false deactivates (停用: no new imports); omitted: a new store is active, an edit keeps what it was */
  active?: boolean;
}

/**
 * Creates or edits a store (店铺). The code is the key facts are filed under, so it cannot be renamed;
 * the operator, when given, must be an employee. Platform and currency are checked by the route.
 */
export async function saveStore(
  db: Sql,
  actor: Actor,
  s: StoreInput,
  mode: 'create' | 'update',
): Promise<void> {
  const [before] = await listOrgStores(db, actor.company, s.code);
  if (mode === 'create' && before) throw duplicate({ zh: '店铺', en: 'store' }, 'code', s.code);
  if (mode === 'update' && !before) throw notFound(`store ${s.code}`);
  if (s.operator !== null && !(await employeeExists(db, actor.company, s.operator)))
    throw unknownRef('operator', s.operator, `没有员工 ${s.operator}`, `no employee ${s.operator}`);
  const after = { ...s, active: s.active ?? before?.active ?? true };
  await db.query(
    `INSERT INTO store (company_id, code, name, platform, currency, time_zone, operator, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, platform = excluded.platform,
       currency = excluded.currency, time_zone = excluded.time_zone, operator = excluded.operator,
       active = excluded.active`,
    [actor.company, s.code, s.name, s.platform, s.currency, s.timeZone, s.operator, after.active],
  );
  await writeAudit(db, actor, {
    entity: 'store',
    entityId: s.code,
    action: saveAction(mode, before?.active, after.active),
    ...(before ? { before } : {}),
    after,
  });
}

export interface TeamInput {
  code: string;
  name: string;
  /** employee code of the team lead (团队负责人) */
  lead: string | null;
  /** false deactivates (停用); omitted: a new team is active, an edit keeps what it was */
  active?: boolean;
}

/** Creates or edits a team (团队); the lead, when given, must be an employee. */
export async function saveTeam(
  db: Sql,
  actor: Actor,
  t: TeamInput,
  mode: 'create' | 'update',
): Promise<Team> {
  const r = await db.query<Team>(
    'SELECT code, name, lead, active FROM team WHERE company_id = $1 AND code = $2',
    [actor.company, t.code],
  );
  const before = r.rows[0];
  if (mode === 'create' && before) throw duplicate({ zh: '团队', en: 'team' }, 'code', t.code);
  if (mode === 'update' && !before) throw notFound(`team ${t.code}`);
  if (t.lead !== null && !(await employeeExists(db, actor.company, t.lead)))
    throw unknownRef('lead', t.lead, `没有员工 ${t.lead}`, `no employee ${t.lead}`);
  const after = { ...t, active: t.active ?? before?.active ?? true };
  await db.query(
    `INSERT INTO team (company_id, code, name, lead, active) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, lead = excluded.lead,
       active = excluded.active`,
    [actor.company, t.code, t.name, t.lead, after.active],
  );
  await writeAudit(db, actor, {
    entity: 'team',
    entityId: t.code,
    action: saveAction(mode, before?.active, after.active),
    ...(before ? { before } : {}),
    after,
  });
  return after;
}

/**
 * Creates or edits a job family (岗位族). Its code is the `family` templates are written for, so it
 * cannot be renamed: the templates, forms and employees that name it would lose it.
 */
export async function saveFamily(
  db: Sql,
  actor: Actor,
  f: JobFamily,
  mode: 'create' | 'update',
): Promise<Required<JobFamily>> {
  const before = (await listFamilies(db, actor.company)).find((x) => x.code === f.code);
  if (mode === 'create' && before) throw duplicate({ zh: '岗位族', en: 'job family' }, 'code', f.code);
  if (mode === 'update' && !before) throw notFound(`job family ${f.code}`);
  const after = { ...f, active: f.active ?? before?.active ?? true };
  await db.query(
    `INSERT INTO job_family (company_id, code, name_zh, name_en, kind, active) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (company_id, code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
       kind = excluded.kind, active = excluded.active`,
    [actor.company, f.code, f.name.zh, f.name.en, f.kind, after.active],
  );
  await writeAudit(db, actor, {
    entity: 'job_family',
    entityId: f.code,
    action: saveAction(mode, before?.active, after.active),
    ...(before ? { before } : {}),
    after,
  });
  return after;
}

/** The company's own settings (公司设置): its name and the time zone its calendar days are cut in. */
export interface CompanySettings {
  name: string;
  /** IANA zone (Asia/Shanghai): "today" for objection deadlines and the late check */
  timeZone: string;
}

export async function getCompanySettings(db: Sql, company: string): Promise<CompanySettings> {
  const r = await db.query<{ name: string; time_zone: string }>(
    'SELECT name, time_zone FROM company WHERE company_id = $1',
    [company],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`company ${company}`);
  return { name: row.name, timeZone: row.time_zone };
}

/**
 * Sets the company's time zone (admin). The zone must be one the database knows too, since the deadline
 * SQL computes "today" there: an unknown name is refused here rather than failing every objection later.
 */
export async function setCompanyTimeZone(
  db: Sql,
  actor: Actor,
  timeZone: string,
  why?: string,
): Promise<CompanySettings> {
  const before = await getCompanySettings(db, actor.company);
  const known = await db.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [timeZone]);
  if (!known.rows.length)
    throw unknownRef(
      'timeZone',
      timeZone,
      `未知时区 ${timeZone}`,
      `unknown time zone ${timeZone}`,
      'unknown_time_zone',
    );
  await db.query('UPDATE company SET time_zone = $2 WHERE company_id = $1', [actor.company, timeZone]);
  const after = { ...before, timeZone };
  await writeAudit(db, actor, {
    entity: 'company',
    entityId: actor.company,
    action: 'update',
    before,
    after,
    ...(why ? { why } : {}),
  });
  return after;
}
