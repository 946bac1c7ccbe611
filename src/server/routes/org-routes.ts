/** Organisation routes: stores, job families, teams, employees and their stores. */
import { z } from '@hono/zod-openapi';
import {
  getCompanySettings,
  getEmployee,
  importEmployees,
  isCalendarDay,
  listEmployees,
  listFamilies,
  listOrgStores,
  listTeams,
  saveFamily,
  saveStore,
  saveTeam,
  setCompanyTimeZone,
  setStores,
  upsertEmployee,
} from '../../app/org-service.ts';
import { PLATFORMS } from '../../core/metrics/facts.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

/** A calendar day: the pattern and a real date (2026-02-30 would otherwise fail in the database as a 500). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isCalendarDay, { message: 'not a calendar day (YYYY-MM-DD)' });
const code = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/);
const EmployeeFields = {
  name: z.string().min(1).max(100),
  team: z.string().max(40).nullable(),
  family: z.string().max(40).nullable(),
  level: z.string().max(40).nullable(),
  supervisor: code.nullable(),
  hireDate: day.nullable(),
  leaveDate: day.nullable(),
  agent: z.string().max(100).nullable(),
};
const EmployeeCreate = z.object({ code, ...EmployeeFields }).openapi('EmployeeInput');
const EmployeeUpdate = z.object(EmployeeFields).openapi('EmployeeUpdate');
const StoresBody = z.object({
  stores: z.array(code).max(100),
  from: day,
  reason: z.string().min(1).max(500),
});
/** An IANA zone the runtime knows (Asia/Shanghai): store days are cut at its midnight. */
const timeZone = z
  .string()
  .min(1)
  .max(60)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a known time zone (e.g. Asia/Shanghai)' },
  );
/** Deactivate (停用) with false, reactivate with true; omitted, a new row is active and an edit keeps it. */
const active = z.boolean().optional();
const StoreFields = {
  name: z.string().trim().min(1).max(100),
  platform: z.enum(PLATFORMS),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as CNY'),
  timeZone,
  operator: code.nullable(),
  active,
};
const StoreCreate = z.object({ code, ...StoreFields }).openapi('StoreInput');
const StoreUpdate = z.object(StoreFields).openapi('StoreUpdate');
const TeamFields = { name: z.string().trim().min(1).max(100), lead: code.nullable(), active };
const TeamCreate = z.object({ code, ...TeamFields }).openapi('TeamInput');
const TeamUpdate = z.object(TeamFields).openapi('TeamUpdate');
const FamilyFields = {
  name: z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }),
  kind: z.enum(['business', 'functional']),
  active,
};
const FamilyCreate = z.object({ code, ...FamilyFields }).openapi('JobFamilyInput');
const FamilyUpdate = z.object(FamilyFields).openapi('JobFamilyUpdate');
const StoreParam = z.object({ store: code.openapi({ param: { name: 'store', in: 'path' } }) });
const TeamParam = z.object({ team: code.openapi({ param: { name: 'team', in: 'path' } }) });
const FamilyParam = z.object({ family: code.openapi({ param: { name: 'family', in: 'path' } }) });
const EmpParam = z.object({ employee: code.openapi({ param: { name: 'employee', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export function orgRoutes(r: Registrar): void {
  const everyone = ['admin', 'hr', 'committee', 'supervisor', 'employee'] as const;
  r.app.openapi(
    add(
      r,
      defineRoute('org.stores', ['admin', 'hr', 'committee', 'supervisor'], {
        method: 'get',
        path: '/api/org/stores',
        summary: 'Stores',
      }),
    ),
    async (c) => c.json({ stores: await listOrgStores(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.families', everyone, {
        method: 'get',
        path: '/api/org/families',
        summary: 'Job families',
      }),
    ),
    async (c) => c.json({ families: await listFamilies(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(r, defineRoute('org.teams', everyone, { method: 'get', path: '/api/org/teams', summary: 'Teams' })),
    async (c) => c.json({ teams: await listTeams(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employees', everyone, {
        method: 'get',
        path: '/api/org/employees',
        summary: 'Employees the caller may see',
      }),
    ),
    async (c) => c.json({ employees: await listEmployees(r.db, actorOf(c)) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employee', everyone, {
        method: 'get',
        path: '/api/org/employees/{employee}',
        summary: 'One employee',
        request: { params: EmpParam },
      }),
    ),
    async (c) => c.json(await getEmployee(r.db, actorOf(c), c.req.valid('param').employee), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employeeCreate', ['admin', 'hr'], {
        method: 'post',
        path: '/api/org/employees',
        summary: 'Create an employee',
        request: json(EmployeeCreate),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const body = c.req.valid('json');
      await r.db.transaction((tx) => upsertEmployee(tx, actor, body, 'create'));
      return c.json(await getEmployee(r.db, actor, body.code), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employeeUpdate', ['admin', 'hr'], {
        method: 'put',
        path: '/api/org/employees/{employee}',
        summary: 'Update an employee',
        request: { params: EmpParam, ...json(EmployeeUpdate) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { employee } = c.req.valid('param');
      const body = c.req.valid('json');
      await r.db.transaction((tx) => upsertEmployee(tx, actor, { code: employee, ...body }, 'update'));
      return c.json(await getEmployee(r.db, actor, employee), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employeeStores', ['admin', 'hr'], {
        method: 'put',
        path: '/api/org/employees/{employee}/stores',
        summary: 'Set the stores an employee answers for, from a date',
        request: { params: EmpParam, ...json(StoresBody) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { employee } = c.req.valid('param');
      const body = c.req.valid('json');
      await r.db.transaction((tx) => setStores(tx, actor, employee, body.stores, body.from, body.reason));
      return c.json(await getEmployee(r.db, actor, employee), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.employeesImport', ['admin', 'hr'], {
        method: 'post',
        path: '/api/org/employees/import',
        summary: 'Import employees all or nothing (rows checked first; problems name row and column)',
        request: json(
          z.object({
            employees: z.array(EmployeeCreate).min(1).max(20_000),
            file: z.string().max(200).optional(),
            firstRow: z.number().int().min(1).optional(),
          }),
        ),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      const opts: { firstRow?: number; file?: string } = {};
      if (b.firstRow !== undefined) opts.firstRow = b.firstRow;
      if (b.file !== undefined) opts.file = b.file;
      return c.json(await r.db.transaction((tx) => importEmployees(tx, actor, b.employees, opts)), 200);
    },
  );
  orgWriteRoutes(r);
}

/** Stores, teams and job families: created and edited by HR/admin, each change audited. */
function orgWriteRoutes(r: Registrar): void {
  const writers = ['admin', 'hr'] as const;
  const storeView = async (company: string, code: string) => (await listOrgStores(r.db, company, code))[0];
  r.app.openapi(
    add(
      r,
      defineRoute('org.storeCreate', writers, {
        method: 'post',
        path: '/api/org/stores',
        summary: 'Create a store (409 when the code is taken)',
        request: json(StoreCreate),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const body = c.req.valid('json');
      await r.db.transaction((tx) => saveStore(tx, actor, body, 'create'));
      return c.json(await storeView(actor.company, body.code), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.storeUpdate', writers, {
        method: 'put',
        path: '/api/org/stores/{store}',
        summary: 'Edit a store (its code stays)',
        request: { params: StoreParam, ...json(StoreUpdate) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { store } = c.req.valid('param');
      const body = c.req.valid('json');
      await r.db.transaction((tx) => saveStore(tx, actor, { code: store, ...body }, 'update'));
      return c.json(await storeView(actor.company, store), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.teamCreate', writers, {
        method: 'post',
        path: '/api/org/teams',
        summary: 'Create a team (409 when the code is taken)',
        request: json(TeamCreate),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const body = c.req.valid('json');
      return c.json(await r.db.transaction((tx) => saveTeam(tx, actor, body, 'create')), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.teamUpdate', writers, {
        method: 'put',
        path: '/api/org/teams/{team}',
        summary: 'Edit a team: its name and lead',
        request: { params: TeamParam, ...json(TeamUpdate) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { team } = c.req.valid('param');
      const body = { code: team, ...c.req.valid('json') };
      return c.json(await r.db.transaction((tx) => saveTeam(tx, actor, body, 'update')), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.familyCreate', writers, {
        method: 'post',
        path: '/api/org/families',
        summary: 'Create a job family (409 when the code is taken)',
        request: json(FamilyCreate),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const body = c.req.valid('json');
      return c.json(await r.db.transaction((tx) => saveFamily(tx, actor, body, 'create')), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.familyUpdate', writers, {
        method: 'put',
        path: '/api/org/families/{family}',
        summary: 'Edit a job family: its names and kind',
        request: { params: FamilyParam, ...json(FamilyUpdate) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { family } = c.req.valid('param');
      const body = { code: family, ...c.req.valid('json') };
      return c.json(await r.db.transaction((tx) => saveFamily(tx, actor, body, 'update')), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.company', ['admin', 'hr', 'committee', 'supervisor', 'employee'], {
        method: 'get',
        path: '/api/org/company',
        summary: 'The company’s settings: name and time zone',
      }),
    ),
    async (c) => c.json(await getCompanySettings(r.db, actorOf(c).company), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('org.companyUpdate', ['admin'], {
        method: 'put',
        path: '/api/org/company',
        summary: 'Set the company’s time zone (objection deadlines are days in it)',
        request: json(z.object({ timeZone, reason: z.string().max(500).optional() })),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      return c.json(await r.db.transaction((tx) => setCompanyTimeZone(tx, actor, b.timeZone, b.reason)), 200);
    },
  );
}
