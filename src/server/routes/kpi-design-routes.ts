/** The six-step KPI design workflow (domain.md §4): proposals, comments, steps, signatures, approval. */
import { z } from '@hono/zod-openapi';
import {
  advanceProposal,
  approveProposal,
  commentProposal,
  createProposal,
  listProposals,
  proposalFor,
  signProposal,
} from '../../app/kpi-design-service.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const reviewers = ['admin', 'hr', 'committee', 'supervisor'] as const;
const experts = ['admin', 'hr', 'committee'] as const;
const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const version = z.number().int().min(1);
const yaml = z.string().min(1).max(200_000);
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export function kpiDesignRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('design.list', reviewers, {
        method: 'get',
        path: '/api/kpi-design',
        summary: 'KPI design proposals',
      }),
    ),
    async (c) => c.json({ proposals: await listProposals(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('design.get', reviewers, {
        method: 'get',
        path: '/api/kpi-design/{id}',
        summary: 'One proposal with its history, who acts next and what the signed-in person may do',
        request: { params: IdParam },
      }),
    ),
    async (c) => c.json(await proposalFor(r.db, actorOf(c), c.req.valid('param').id), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('design.create', experts, {
        method: 'post',
        path: '/api/kpi-design',
        summary: 'Step 1: the expert group proposes a team’s KPIs (a template draft)',
        request: json(
          z.object({
            family: z.string().min(1).max(40),
            team: z.string().max(40).optional(),
            title: z.string().min(1).max(200),
            yaml,
          }),
        ),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      return c.json(await r.db.transaction((tx) => createProposal(tx, actor, b)), 200);
    },
  );
  const step = (
    id: string,
    roles: typeof reviewers | typeof experts | readonly ['committee'] | readonly ['supervisor'],
    suffix: string,
    summary: string,
    body: z.ZodType,
    run: (
      tx: Parameters<typeof createProposal>[0],
      actor: ReturnType<typeof actorOf>,
      pid: number,
      b: never,
    ) => Promise<unknown>,
  ) =>
    r.app.openapi(
      add(
        r,
        defineRoute(id, roles, {
          method: 'post',
          path: `/api/kpi-design/{id}/${suffix}`,
          summary,
          request: { params: IdParam, ...json(body) },
        }),
      ),
      async (c) => {
        const actor = actorOf(c);
        const valid = c.req.valid.bind(c.req) as unknown as (target: 'param' | 'json') => unknown;
        const { id: pid } = valid('param') as { id: number };
        const b = valid('json') as never;
        return c.json(await r.db.transaction((tx) => run(tx, actor, pid, b)), 200);
      },
    );
  step(
    'design.comment',
    reviewers,
    'comment',
    'Steps 2–3: comment (team leads, related teams); the experts may attach a revised draft',
    z.object({ version, comment: z.string().min(1).max(4000), yaml: yaml.optional() }),
    commentProposal,
  );
  step(
    'design.advance',
    experts,
    'advance',
    'Move a proposal from step 1–4 to the next (step 4 needs a draft that passes its check)',
    z.object({ version, comment: z.string().max(4000).optional() }),
    advanceProposal,
  );
  // who signs is the team's lead and the lead's own supervisor, found by employee (the service checks
  // it): a lead or director may hold any of these roles, so the route must not narrow it to 'supervisor'
  step(
    'design.sign',
    reviewers,
    'sign',
    'Step 5: the supervisor and the team lead each sign',
    z.object({ version, as: z.enum(['supervisor', 'lead']) }),
    signProposal,
  );
  step(
    'design.approve',
    ['committee'],
    'approve',
    'Step 6: the committee approves; the draft becomes a frozen template version in force from `from` (YYYY-MM)',
    z.object({
      version,
      comment: z.string().max(4000).optional(),
      from: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
        .optional(),
    }),
    approveProposal,
  );
}
