/** My page, results lists and the audit log. */
import { z } from '@hono/zod-openapi';
import { listAudit } from '../../app/audit-service.ts';
import { myPage } from '../../app/cycle-service.ts';
import { resultLists } from '../../app/results-service.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const monthStr = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export function miscRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('me.page', 'signed-in', {
        method: 'get',
        path: '/api/me/page',
        summary: 'My page: this month’s scorecard, the trend, what is waiting for me',
        request: { query: z.object({ month: monthStr.optional() }) },
      }),
    ),
    async (c) => c.json(await myPage(r.db, actorOf(c), c.req.valid('query').month), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('results.lists', ['admin', 'hr', 'committee'], {
        method: 'get',
        path: '/api/results',
        summary: 'Salary adjustment, training, promotion, transfer and improvement-plan lists',
        request: {
          query: z.object({
            months: z
              .string()
              .regex(/^\d{4}-(0[1-9]|1[0-2])(,\d{4}-(0[1-9]|1[0-2])){0,23}$/)
              .openapi({ example: '2026-09,2026-10' }),
          }),
        },
      }),
    ),
    async (c) =>
      c.json(await resultLists(r.db, actorOf(c).company, c.req.valid('query').months.split(',')), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('audit.list', ['admin', 'hr'], {
        method: 'get',
        path: '/api/audit',
        summary: 'The audit log, newest first',
        request: {
          query: z.object({
            entity: z.string().max(40).optional(),
            entityId: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
        },
      }),
    ),
    async (c) => {
      const q = c.req.valid('query');
      const filter: { entity?: string; entityId?: string; limit?: number } = {};
      if (q.entity) filter.entity = q.entity;
      if (q.entityId) filter.entityId = q.entityId;
      if (q.limit) filter.limit = q.limit;
      return c.json({ entries: await listAudit(r.db, actorOf(c).company, filter) }, 200);
    },
  );
}
