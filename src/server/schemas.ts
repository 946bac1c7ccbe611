/**
 * Answer shapes for the OpenAPI document (descriptive: the handlers return the services' TypeScript
 * types; docs/api.md describes the same shapes). Shared request pieces live beside their routes.
 */
import { z } from '@hono/zod-openapi';

export const TextSchema = z.object({ zh: z.string(), en: z.string() }).openapi('Text');

export const UserSchema = z
  .object({
    id: z.string(),
    login: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'hr', 'committee', 'supervisor', 'employee']),
    employee: z.string().nullable(),
    company: z.string(),
  })
  .openapi('User');

export const AuthAnswerSchema = z.object({ user: UserSchema, csrfToken: z.string() }).openapi('AuthAnswer');

export const MonthSchema = z
  .object({
    month: z.string().openapi({ example: '2026-10' }),
    status: z.enum(['open', 'published', 'closed']),
    objectionDays: z.number().int(),
    openedBy: z.string(),
    openedAt: z.string(),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number().int()),
    total: z.number().int(),
  })
  .openapi('Month');

export const FormSummarySchema = z
  .object({
    month: z.string(),
    employee: z.string(),
    name: z.string(),
    family: z.string().nullable(),
    template: z.string().openapi({ example: 'store-operator@2026.1' }),
    supervisor: z.string().nullable(),
    status: z.enum(['open', 'scored', 'published', 'confirmed', 'objected', 'resolved']),
    total: z.number().nullable(),
    grade: z.string().nullable(),
    calibratedGrade: z.string().nullable(),
    finalGrade: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('FormSummary');

const ActualSchema = z.object({
  value: z.number().nullable(),
  source: z.string(),
  override: z
    .object({
      value: z.number().nullable(),
      original: z.number().nullable(),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    })
    .optional(),
});

export const FormSchema = FormSummarySchema.extend({
  actuals: z.record(z.string(), ActualSchema),
  targets: z.record(z.string(), z.number()),
  ratings: z.record(z.string(), z.record(z.string(), z.number())),
  attendance: z.record(z.string(), z.number()),
  context: z.record(z.string(), z.unknown()),
  additional: z.array(
    z.object({
      id: z.number().int(),
      points: z.number(),
      reason: z.string(),
      evidence: z.string(),
      enteredBy: z.string(),
      status: z.enum(['pending', 'approved', 'rejected']),
      decidedBy: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  scorecard: z.record(z.string(), z.unknown()).nullable().openapi({
    description:
      'Scorecard of src/core/scoring/score-form.ts: indicators with points and trace, parts, total, grade',
  }),
  calibrationReason: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  deadline: z.string().nullable(),
  objection: z.record(z.string(), z.unknown()).nullable(),
  interview: z.record(z.string(), z.unknown()).nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  templateInfo: z.record(z.string(), z.unknown()),
}).openapi('Form');

/** A 200 JSON answer with a schema. */
export const answer = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  200: { description, content: { 'application/json': { schema } } },
});
