/** The monthly cycle: months, forms and every step of domain.md §3 (docs/api.md "The monthly cycle"). */
import { z } from '@hono/zod-openapi';
import type { Actor } from '../../app/actor.ts';
import {
  addAdditional,
  calibrateGrade,
  calibration,
  closeMonth,
  confirmForm,
  decideAdditional,
  type Form,
  getForm,
  getMonth,
  listForms,
  listMonths,
  objectForm,
  openMonth,
  overrideActual,
  publishMonth,
  rate,
  recordInterview,
  resolveObjection,
  scoreMonth,
  scoreOne,
  setAttendance,
} from '../../app/cycle-service.ts';
import type { Sql } from '../../db/open-db.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { type Access, defineRoute } from '../route-table.ts';
import { answer, FormSchema, FormSummarySchema, MonthSchema } from '../schemas.ts';

const everyone = ['admin', 'hr', 'committee', 'supervisor', 'employee'] as const;
const monthStr = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const code = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/);
/** What opening a month takes (also the body of the background variant in job-routes.ts). */
export const OpenMonthBody = z.object({
  month: monthStr,
  families: z.array(code).max(50).optional(),
  employees: z.array(code).max(100_000).optional(),
  objectionDays: z.number().int().min(1).max(60).optional(),
});
const MonthParam = z.object({ month: monthStr.openapi({ param: { name: 'month', in: 'path' } }) });
const FormParams = z.object({
  month: monthStr.openapi({ param: { name: 'month', in: 'path' } }),
  employee: code.openapi({ param: { name: 'employee', in: 'path' } }),
});
const version = z.number().int().min(1);
const text = (max: number) => z.string().min(1).max(max);
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const num = z.number().finite();

/** A form step: POST/PUT on /api/months/{month}/forms/{employee}/… with a versioned body. */
function formStep<T extends z.ZodType>(
  r: Registrar,
  id: string,
  access: Access,
  method: 'post' | 'put',
  suffix: string,
  summary: string,
  body: T,
  run: (tx: Sql, actor: Actor, month: string, employee: string, body: z.infer<T>) => Promise<Form>,
): void {
  r.app.openapi(
    add(
      r,
      defineRoute(id, access, {
        method,
        path: `/api/months/{month}/forms/{employee}/${suffix}`,
        summary,
        request: { params: FormParams, ...json(body) },
        responses: answer(FormSchema, 'the form after the change'),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      // The generic body type is lost in the route's inferred input; both were validated before this runs.
      const valid = c.req.valid.bind(c.req) as unknown as (target: 'param' | 'json') => unknown;
      const p = valid('param') as z.infer<typeof FormParams>;
      const b = valid('json') as z.infer<T>;
      return c.json(await r.db.transaction((tx) => run(tx, actor, p.month, p.employee, b)), 200);
    },
  );
}

export function cycleRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('months.list', everyone, {
        method: 'get',
        path: '/api/months',
        summary: 'Appraisal months',
      }),
    ),
    async (c) => c.json({ months: await listMonths(r.db, actorOf(c).company) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('months.open', ['hr'], {
        method: 'post',
        path: '/api/months',
        summary: 'Open a month for a population: forms from the template in force, actuals from store data',
        description: 'Answers once the month is open; POST /api/jobs/open-month works in the background.',
        request: json(OpenMonthBody),
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const b = c.req.valid('json');
      return c.json(await r.db.transaction((tx) => openMonth(tx, actor, b)), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('months.get', everyone, {
        method: 'get',
        path: '/api/months/{month}',
        summary: 'One month',
        request: { params: MonthParam },
        responses: answer(MonthSchema),
      }),
    ),
    async (c) => c.json(await getMonth(r.db, actorOf(c).company, c.req.valid('param').month), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('forms.list', everyone, {
        method: 'get',
        path: '/api/months/{month}/forms',
        summary: 'Forms of a month the caller may see',
        request: { params: MonthParam },
        responses: answer(z.object({ forms: z.array(FormSummarySchema) })),
      }),
    ),
    async (c) => c.json({ forms: await listForms(r.db, actorOf(c), c.req.valid('param').month) }, 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('forms.get', everyone, {
        method: 'get',
        path: '/api/months/{month}/forms/{employee}',
        summary: 'One form with its scorecard and traces',
        request: { params: FormParams },
        responses: answer(FormSchema),
      }),
    ),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getForm(r.db, actorOf(c), p.month, p.employee), 200);
    },
  );

  formStep(
    r,
    'forms.actual',
    ['hr', 'supervisor'],
    'put',
    'actuals',
    'Override an actual by hand (reason required, audited)',
    z.object({ version, indicator: text(80), value: num.nullable(), reason: text(500) }),
    overrideActual,
  );
  formStep(
    r,
    'forms.rate',
    ['supervisor', 'employee'],
    'put',
    'ratings',
    'Behaviour ratings: self (the employee) or supervisor',
    z.object({ version, rater: z.enum(['self', 'supervisor']), ratings: z.record(z.string(), num) }),
    rate,
  );
  formStep(
    r,
    'forms.attendance',
    ['hr', 'supervisor'],
    'put',
    'attendance',
    'Attendance and discipline counts',
    z.object({ version, counts: z.record(z.string(), z.number().int().min(0)) }),
    setAttendance,
  );
  formStep(
    r,
    'forms.additional',
    ['hr', 'supervisor'],
    'post',
    'additional',
    'Enter additional points with reason and evidence (pending approval)',
    z.object({ version, points: num, reason: text(500), evidence: text(1000) }),
    addAdditional,
  );
  r.app.openapi(
    add(
      r,
      defineRoute('forms.additionalDecide', ['hr', 'supervisor'], {
        method: 'post',
        path: '/api/months/{month}/forms/{employee}/additional/{id}/decide',
        summary: 'Approve or reject additional points (not by the person who entered them)',
        request: {
          params: FormParams.extend({
            id: z.coerce
              .number()
              .int()
              .min(1)
              .openapi({ param: { name: 'id', in: 'path' } }),
          }),
          ...json(z.object({ version, approve: z.boolean(), note: z.string().max(500).optional() })),
        },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      return c.json(
        await r.db.transaction((tx) => decideAdditional(tx, actor, p.month, p.employee, p.id, b)),
        200,
      );
    },
  );
  formStep(
    r,
    'forms.score',
    ['hr', 'supervisor'],
    'post',
    'score',
    'Score one form now (scoreForm, trace stored)',
    z.object({ version }),
    (tx, actor, month, employee, b) => scoreOne(tx, actor, month, employee, b.version),
  );
  formStep(
    r,
    'forms.grade',
    ['hr'],
    'put',
    'grade',
    'Calibrate a grade with a reason',
    z.object({ version, grade: text(10), reason: text(500) }),
    calibrateGrade,
  );
  formStep(
    r,
    'forms.confirm',
    ['employee', 'supervisor', 'hr', 'committee'],
    'post',
    'confirm',
    'Confirm one’s own published results',
    z.object({ version }),
    (tx, actor, month, employee, b) => confirmForm(tx, actor, month, employee, b.version),
  );
  formStep(
    r,
    'forms.object',
    ['employee', 'supervisor', 'hr', 'committee'],
    'post',
    'objection',
    'Object to one’s own published results (goes to a second reviewer)',
    z.object({ version, reason: text(2000) }),
    objectForm,
  );
  formStep(
    r,
    'forms.resolve',
    ['hr', 'committee', 'supervisor'],
    'post',
    'objection/resolve',
    'Resolve an objection (second reviewer)',
    z.object({ version, resolution: text(2000), grade: text(10).optional() }),
    resolveObjection,
  );
  formStep(
    r,
    'forms.interview',
    ['supervisor'],
    'put',
    'interview',
    'Record the feedback interview (绩效面谈)',
    z.object({ version, strengths: text(4000), gaps: text(4000), plan: text(4000) }),
    recordInterview,
  );

  r.app.openapi(
    add(
      r,
      defineRoute('months.score', ['hr'], {
        method: 'post',
        path: '/api/months/{month}/score',
        summary: 'Score every form of the month not scored yet',
        request: { params: MonthParam, ...json(z.object({})) },
      }),
    ),
    async (c) => c.json(await scoreMonth(r.db, actorOf(c), c.req.valid('param').month), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('months.calibration', ['admin', 'hr', 'committee'], {
        method: 'get',
        path: '/api/months/{month}/calibration',
        summary: 'Grade distribution against the declared quota, per template',
        request: { params: MonthParam },
      }),
    ),
    async (c) => c.json(await calibration(r.db, actorOf(c), c.req.valid('param').month), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('months.publish', ['hr'], {
        method: 'post',
        path: '/api/months/{month}/publish',
        summary: 'Publish the results (every form must be scored)',
        request: { params: MonthParam, ...json(z.object({})) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { month } = c.req.valid('param');
      return c.json(await r.db.transaction((tx) => publishMonth(tx, actor, month)), 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('months.close', ['hr'], {
        method: 'post',
        path: '/api/months/{month}/close',
        summary: 'Close and lock the month',
        request: { params: MonthParam, ...json(z.object({})) },
      }),
    ),
    async (c) => {
      const actor = actorOf(c);
      const { month } = c.req.valid('param');
      return c.json(await r.db.transaction((tx) => closeMonth(tx, actor, month)), 200);
    },
  );
}
