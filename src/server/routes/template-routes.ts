/** Template versions: list, read, export YAML, check, preview, create, edit (until applied). */
import { z } from '@hono/zod-openapi';
import {
  checkYaml,
  createTemplateVersion,
  getTemplateVersion,
  kpiLibrary,
  listTemplateVersions,
  previewTemplate,
  updateTemplateVersion,
} from '../../app/template-service.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const everyone = ['admin', 'hr', 'committee', 'supervisor', 'employee'] as const;
const designers = ['admin', 'hr', 'committee'] as const;
const yaml = z.string().min(1).max(200_000);
const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: 'id', in: 'path' } }),
  version: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'version', in: 'path' } }),
});
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const num = z.number().finite();
const PreviewBody = z.object({
  yaml,
  person: z.object({
    actuals: z.record(z.string(), num.nullable()),
    targets: z.record(z.string(), num).optional(),
    behaviour: z.partialRecord(z.enum(['supervisor', 'self', 'peer']), z.record(z.string(), num)).optional(),
    additional: z.array(z.object({ points: num, reason: z.string() })).optional(),
    attendance: z.record(z.string(), num).optional(),
    // group figures for cohort/rank indicators by indicator id (a team mean 0.4, a rank 3); those not sent
    // come from the template's first worked example that carries one
    cohort: z.record(z.string(), num).optional(),
  }),
});

export function templateRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('templates.list', everyone, {
        method: 'get',
        path: '/api/templates',
        summary: 'Template versions',
      }),
    ),
    async (c) => c.json({ versions: await listTemplateVersions(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.library', everyone, {
        method: 'get',
        path: '/api/templates/library',
        summary: 'The KPI library: every indicator of the template versions in force today',
        request: { query: z.object({ day: z.iso.date().optional() }) },
      }),
    ),
    async (c) => {
      // "in force" is judged on the server's calendar day unless the caller asks about another day
      const day = c.req.valid('query').day ?? new Date().toISOString().slice(0, 10);
      return c.json({ day, indicators: await kpiLibrary(r.db, actorOf(c).company, day) }, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.get', everyone, {
        method: 'get',
        path: '/api/templates/{id}/{version}',
        summary: 'One template version, parsed and as YAML',
        request: { params: Params },
      }),
    ),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getTemplateVersion(r.db, actorOf(c).company, p.id, p.version), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.yaml', everyone, {
        method: 'get',
        path: '/api/templates/{id}/{version}/yaml',
        summary: 'Export a template version as its YAML file',
        request: { params: Params },
        responses: {
          200: { description: 'the YAML file', content: { 'text/yaml': { schema: z.string() } } },
        },
      }),
    ),
    async (c) => {
      const p = c.req.valid('param');
      const t = await getTemplateVersion(r.db, actorOf(c).company, p.id, p.version);
      c.header('content-type', 'text/yaml; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${t.id}-${t.version}.yaml"`);
      // A file download, not JSON: the route's typed answers only describe JSON.
      return c.body(t.yaml, 200) as never;
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.check', designers, {
        method: 'post',
        path: '/api/templates/check',
        summary: 'Check a template (validation, lint, examples) without saving',
        request: json(z.object({ yaml })),
      }),
    ),
    (c) => c.json(checkYaml(c.req.valid('json').yaml), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.preview', designers, {
        method: 'post',
        path: '/api/templates/preview',
        summary:
          'Score sample actuals with a template being edited (live preview), with the group figures used',
        request: json(PreviewBody),
      }),
    ),
    (c) => {
      const body = c.req.valid('json');
      return c.json(previewTemplate(body.yaml, body.person), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.create', ['admin', 'hr'], {
        method: 'post',
        path: '/api/templates',
        summary: 'Create a new template version from YAML (checked first)',
        request: json(z.object({ yaml, reason: z.string().max(500).optional() })),
      }),
    ),
    async (c) => {
      const body = c.req.valid('json');
      const actor = actorOf(c);
      return c.json(
        await r.db.transaction((tx) => createTemplateVersion(tx, actor, body.yaml, body.reason ?? null)),
        200,
      );
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('templates.update', ['admin', 'hr'], {
        method: 'put',
        path: '/api/templates/{id}/{version}',
        summary: 'Edit a template version no month has applied yet',
        request: { params: Params, ...json(z.object({ yaml, reason: z.string().max(500).optional() })) },
      }),
    ),
    async (c) => {
      const p = c.req.valid('param');
      const body = c.req.valid('json');
      const actor = actorOf(c);
      return c.json(
        await r.db.transaction((tx) =>
          updateTemplateVersion(tx, actor, p.id, p.version, body.yaml, body.reason ?? null),
        ),
        200,
      );
    },
  );
}
