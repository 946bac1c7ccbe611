/**
 * Long work in the background (opening a month, imports) and its progress (docs/api.md "Jobs"): a
 * route starts a job and answers at once with it; the caller polls GET /api/jobs/{id} until it is done
 * or failed. Polling, not a push channel: it is the simplest thing that works through any proxy.
 * Also the store data page's lists (recent imports, coverage, presets).
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sessionOf } from '../../app/auth-service.ts';
import type { OpenMonthProgress } from '../../app/cycle-service.ts';
import { openMonth } from '../../app/cycle-service.ts';
import { type JobProgress, JobRegistry } from '../../app/job-service.ts';
import {
  factsCoverage,
  IMPORT_PHASE_TEXT,
  importUpload,
  presetList,
  recentImports,
} from '../../app/store-data-service.ts';
import { AppError } from '../../core/errors.ts';
import type { Text } from '../../core/text.ts';
import { PRESETS } from '../../import/presets/index.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute, type Env, jsonAnswer } from '../route-table.ts';
import { OpenMonthBody } from './cycle-routes.ts';

const overseers = ['admin', 'hr'] as const;
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const OPEN_MONTH_PHASE: Record<OpenMonthProgress['phase'], Text> = {
  facts: { zh: '读取店铺数据', en: 'loading store data' },
  forms: { zh: '生成考核表并填入实际值', en: 'creating forms and filling actuals' },
  write: { zh: '保存考核表', en: 'saving forms' },
};

/**
 * The upload travels as base64 in JSON: the UI's one API client and the CSRF check stay as they are,
 * and the 2 MB limit on /api/* bodies (app.ts) then allows files up to about 1.5 MB (8 kB are left for
 * the other fields). Bigger exports go through `shopkpi import`, which has no limit.
 */
const MAX_BASE64 = 2 * 1024 * 1024 - 8 * 1024;

const ImportBody = z.object({
  fileName: z.string().min(1).max(200),
  store: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_.-]+$/),
  // a preset by name: an own key of PRESETS only ('constructor' would otherwise reach the importer as one)
  preset: z
    .string()
    .min(1)
    .max(60)
    .refine((p) => Object.hasOwn(PRESETS, p), { message: 'unknown preset' })
    .optional(),
  encoding: z.enum(['utf-8', 'gbk', 'gb18030']).optional(),
  sheet: z.string().min(1).max(100).optional(),
  contentBase64: z
    .string()
    .min(1)
    .max(MAX_BASE64)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});

/**
 * On the embedded database (PGlite: one connection) every query waits while a job's transaction holds
 * it, and every request first reads its session. Reading the starter's session once more when the job
 * begins (after the starting request has emptied the session cache, app.ts) lets their polls be
 * answered from the cache (SESSION_CACHE_MS, 5 s) while the job holds the database; later polls wait for
 * the job's end. PostgreSQL has a pool and answers polls throughout.
 */
function warmSession(r: Registrar, c: Context<Env>): () => Promise<void> {
  const sid = c.get('sessionId');
  return async () => {
    if (sid) await sessionOf(r.db, sid);
  };
}

const JobParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function jobRoutes(r: Registrar): void {
  // one registry per app: jobs live in this server process (job-service.ts says why)
  const jobs = new JobRegistry();

  r.app.openapi(
    add(
      r,
      defineRoute('jobs.list', 'signed-in', {
        method: 'get',
        path: '/api/jobs',
        summary: 'Background jobs the caller may see (own ones; HR and admin: the company’s), newest first',
        responses: jsonAnswer('{ jobs: Job[] }'),
      }),
    ),
    async (c) => c.json({ jobs: jobs.list(actorOf(c)) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('jobs.get', 'signed-in', {
        method: 'get',
        path: '/api/jobs/{id}',
        summary: 'One job: status, progress {phase, done, total}, result or error. 404 for anyone else’s job',
        request: { params: JobParam },
        responses: jsonAnswer('Job'),
      }),
    ),
    async (c) => c.json(jobs.get(actorOf(c), c.req.valid('param').id), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('jobs.openMonth', ['hr'], {
        method: 'post',
        path: '/api/jobs/open-month',
        summary:
          'Open a month in the background (same body and outcome as POST /api/months); answers the job',
        request: json(OpenMonthBody),
        responses: jsonAnswer('Job (its result, once done, is the Month)'),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      if (
        jobs.list(actor).some((j) => j.kind === 'open-month' && j.title === b.month && j.status === 'running')
      )
        throw new AppError('conflict', {
          zh: `${b.month} 正在开启中`,
          en: `${b.month} is being opened already`,
        });
      const warm = warmSession(r, c);
      const job = jobs.start(actor, 'open-month', b.month, async (report) => {
        await warm();
        return r.db.transaction((tx) =>
          openMonth(tx, actor, b, (p) => report({ ...p, phase: OPEN_MONTH_PHASE[p.phase] })),
        );
      });
      return c.json(job, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('jobs.import', overseers, {
        method: 'post',
        path: '/api/jobs/import',
        summary:
          'Import a platform export (CSV/XLSX, base64) into a store in the background; all or nothing, like `shopkpi import`',
        request: json(ImportBody),
        responses: jsonAnswer('Job (its result, once done, is the ImportOutcome)'),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { contentBase64, ...b } = c.req.valid('json');
      const content = Buffer.from(contentBase64, 'base64');
      const warm = warmSession(r, c);
      const job = jobs.start(actor, 'import', b.fileName, async (report: (p: JobProgress) => void) => {
        await warm();
        return importUpload(r.db, actor, { ...b, content }, (p) =>
          report({ phase: IMPORT_PHASE_TEXT[p.phase], done: p.done, total: p.total }),
        );
      });
      return c.json(job, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('storeData.imports', overseers, {
        method: 'get',
        path: '/api/store-data/imports',
        summary: 'Recent import batches (files that changed the data), newest first, and the presets',
        responses: jsonAnswer('{ imports: ImportBatch[], presets: Preset[] }'),
      }),
    ),
    async (c) =>
      c.json({ imports: await recentImports(r.db, actorOf(c).company), presets: presetList() }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('storeData.coverage', overseers, {
        method: 'get',
        path: '/api/store-data/coverage',
        summary: 'Days with facts per store and month (last 24 months), newest first',
        responses: jsonAnswer('{ coverage: CoverageRow[] }'),
      }),
    ),
    async (c) => c.json({ coverage: await factsCoverage(r.db, actorOf(c).company) }, 200),
  );
}
