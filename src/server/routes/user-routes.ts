/** Sign-in accounts (账号管理), for admins: list, create, set a password. */
import { randomBytes } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../app/actor.ts';
import { writeAudit } from '../../app/audit-service.ts';
import { createUser, forgetSessions, listUsers, setPassword } from '../../app/auth-service.ts';
import { findEmployee } from '../../app/org-service.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const password = z.string().min(10).max(200);
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export function userRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('users.list', ['admin'], {
        method: 'get',
        path: '/api/users',
        summary: 'Sign-in accounts',
      }),
    ),
    async (c) => c.json({ users: await listUsers(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('users.create', ['admin'], {
        method: 'post',
        path: '/api/users',
        summary: 'Create a sign-in for a person (password at least 10 characters)',
        request: json(
          z.object({
            login: z
              .string()
              .min(2)
              .max(60)
              .regex(/^[A-Za-z0-9_.@-]+$/),
            password,
            role: z.enum(ROLES),
            employee: z.string().max(40).nullable(),
            name: z.string().min(1).max(100),
          }),
        ),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      if (b.employee && !(await findEmployee(r.db, actor.company, b.employee)))
        throw new AppError('invalid_input', {
          zh: `没有员工 ${b.employee}`,
          en: `no employee ${b.employee}`,
        });
      const userId = `u-${randomBytes(6).toString('hex')}`;
      await r.db.transaction(async (tx) => {
        await createUser(tx, actor.company, { userId, ...b });
        await writeAudit(tx, actor, {
          entity: 'user',
          entityId: b.login,
          action: 'create',
          after: { login: b.login, role: b.role, employee: b.employee },
        });
      });
      return c.json({ id: userId, login: b.login, role: b.role, employee: b.employee, name: b.name }, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('users.password', ['admin'], {
        method: 'put',
        path: '/api/users/{id}/password',
        summary: 'Set a user’s password (ends their sessions)',
        request: {
          params: z.object({
            id: z
              .string()
              .min(1)
              .max(60)
              .openapi({ param: { name: 'id', in: 'path' } }),
          }),
          ...json(z.object({ password })),
        },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const { password: pw } = c.req.valid('json');
      await r.db.transaction(async (tx) => {
        await setPassword(tx, actor, id, pw);
        await writeAudit(tx, actor, { entity: 'user', entityId: id, action: 'set_password' });
      });
      forgetSessions(r.db);
      return c.json({ ok: true }, 200);
    },
  );
}
