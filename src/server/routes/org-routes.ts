/** Organisation routes: stores, job families, teams, employees and their stores. */
import { z } from '@hono/zod-openapi';
import {
  getEmployee,
  importEmployees,
  listEmployees,
  listFamilies,
  listTeams,
  setStores,
  upsertEmployee,
} from '../../app/org-service.ts';
import { listStores } from '../../db/company-repository.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
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
    async (c) => c.json({ stores: await listStores(r.db, actorOf(c).company) }, 200),
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
}
