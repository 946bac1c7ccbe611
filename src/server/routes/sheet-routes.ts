/**
 * Score-sheet import (考核表) in the web app: upload → draft, recompute the page for the person's choices,
 * save as a template. The server holds no draft: the browser keeps it and sends it back whole on each
 * call (docs/sheet-import.md, "In the web app"). Saving goes through template-service, so the check,
 * the examples, versions and the audit apply as for any template.
 */
import { z } from '@hono/zod-openapi';
import { draftFromUpload, type SheetState, saveSheetTemplate, sheetView } from '../../app/sheet-service.ts';
import { AppError } from '../../core/errors.ts';
import type { DraftDoc } from '../../core/scoring/sheet/build-draft.ts';
import { t } from '../../core/text.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

/**
 * HR and admin save; the committee may read a sheet and look at its readings (nothing is stored by
 * either), but not save it as a template.
 */
const importers = ['admin', 'hr'] as const;
const viewers = ['admin', 'hr', 'committee'] as const;

const TextSchema = z.object({ zh: z.string().max(20_000), en: z.string().max(20_000) });
const num = z.number().finite();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const UploadJson = z.object({
  file: z.string().min(1).max(200).openapi({ example: '考核表.xlsx' }),
  /** the file's bytes, base64 (the /api body limit is 2 MB, so about 1.5 MB of file) */
  contentBase64: z.string().min(1).max(2_900_000),
  sheet: z.string().max(100).optional(),
  encoding: z.string().max(20).optional(),
  effective: date.optional(),
});
const UploadQuery = z.object({
  file: z.string().max(200).optional(),
  sheet: z.string().max(100).optional(),
  encoding: z.string().max(20).optional(),
  effective: date.optional(),
});

/**
 * The draft as the browser sends it back: checked for the fields the server reads; everything else is
 * checked again by the template parser and check before anything is saved.
 */
const DraftSchema = z.looseObject({
  kind: z.literal('kpi-template'),
  id: z.string().min(1).max(80),
  version: z.string().max(40),
  effective: date,
  indicators: z
    .array(
      z.looseObject({
        id: z.string().min(1).max(40),
        name: z.string().max(200),
        weight: num.optional(),
        target: num.optional(),
      }),
    )
    .min(1)
    .max(200),
  examples: z.array(z.looseObject({ name: z.string().max(200) })).max(20),
  draft: z.looseObject({
    source: z.looseObject({ file: z.string().max(200), headerRow: z.number().int() }),
    notes: z.array(TextSchema).max(50),
    items: z
      .array(
        z.looseObject({
          id: z.string().min(1).max(40),
          row: z.number().int(),
          indicator: z.string().max(200),
          text: z.string().max(40_000),
          status: z.enum(['read', 'ambiguous', 'refused']),
          readings: z
            .array(
              z.looseObject({
                rule: z.looseObject({ type: z.string() }),
                note: TextSchema,
                samples: z.array(z.object({ actual: num, points: num.nullable() })).max(10),
              }),
            )
            .max(8)
            .optional(),
        }),
      )
      .max(200),
  }),
});

const Choice = z.object({
  reading: z.number().int().min(1).max(8).optional(),
  ruleYaml: z.string().max(20_000).optional(),
  weight: num.min(0).max(1000).optional(),
  // the row is not a points rule (a money fine): its indicator leaves the template, the draft keeps why
  drop: z.boolean().optional(),
});

const Case = z.object({
  name: TextSchema,
  fromSheet: z.boolean(),
  actuals: z.record(z.string().max(40), num.nullable()),
  sheet: z.record(z.string().max(40), num.nullable()),
  sheetTotal: num.nullable().optional(),
});

const StateSchema = z.object({
  draft: DraftSchema,
  choices: z.record(z.string().max(40), Choice),
  cases: z.array(Case).min(1).max(8),
});

const SaveSchema = StateSchema.extend({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/)
    .optional(),
  version: z.string().min(1).max(40),
  family: z.string().min(1).max(40).optional(),
  effective: date.optional(),
  name: TextSchema.optional(),
  reason: z.string().max(500).optional(),
});

const BINARY = z.string().openapi({ format: 'binary' });

const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** The shape checks above leave the draft's inner fields to the engine; this is the one cast. */
function stateOf(body: z.infer<typeof StateSchema>): SheetState {
  return { draft: body.draft as unknown as DraftDoc, choices: body.choices, cases: body.cases };
}

const today = () => new Date().toISOString().slice(0, 10);

function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(s)) {
    throw new AppError('invalid_input', t('contentBase64 不是 base64', 'contentBase64 is not base64'), [
      {
        severity: 'error',
        code: 'schema',
        message: t('只能含 A–Z a–z 0–9 + / =', 'only A–Z a–z 0–9 + / = allowed'),
        where: { path: 'contentBase64' },
      },
    ]);
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export function sheetRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('sheets.upload', viewers, {
        method: 'post',
        path: '/api/sheets/draft',
        summary: 'Upload a 考核表 (xlsx or csv) and get its draft: readings, sample points, what is open',
        description:
          'Body: JSON {file, contentBase64, sheet?, encoding?, effective?}, or the raw file with ?file=name.xlsx ' +
          '(content-type the file type or application/octet-stream). Nothing is stored: the answer carries the ' +
          'draft, which the client sends back to /api/sheets/view and /api/sheets/save.',
        request: {
          query: UploadQuery,
          body: {
            content: {
              'application/json': { schema: UploadJson },
              // raw files: described, not validated (the importer reads and checks them)
              'application/octet-stream': { schema: BINARY },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: BINARY },
              'text/csv': { schema: BINARY },
            },
            required: false,
          },
        },
      }),
    ),
    async (c) => {
      const q = c.req.valid('query');
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      let bytes: Uint8Array;
      let file: string;
      let opts: { sheet?: string; encoding?: string; effective?: string } = q;
      if (type.includes('json')) {
        const body = c.req.valid('json');
        // a JSON body was validated against UploadJson; the string types describe raw files only
        if (typeof body === 'string') throw new AppError('invalid_input', t('请求格式错误', 'bad request'));
        bytes = fromBase64(body.contentBase64);
        file = body.file;
        opts = { ...q, ...body };
      } else {
        if (!q.file) {
          throw new AppError(
            'invalid_input',
            t('原始文件上传需要 ?file=文件名.xlsx', 'a raw upload needs ?file=name.xlsx'),
            [
              {
                severity: 'error',
                code: 'schema',
                message: t('缺少文件名', 'file name missing'),
                where: { path: 'file' },
              },
            ],
          );
        }
        bytes = new Uint8Array(await c.req.arrayBuffer());
        file = q.file;
      }
      const out = await draftFromUpload(bytes, file, {
        effective: opts.effective ?? today(),
        ...(opts.sheet ? { sheet: opts.sheet } : {}),
        ...(opts.encoding ? { encoding: opts.encoding } : {}),
      });
      return c.json(out, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('sheets.view', viewers, {
        method: 'post',
        path: '/api/sheets/view',
        summary: 'Recompute a draft with the readings chosen, rules written by hand and sample actuals',
        request: json(StateSchema),
      }),
    ),
    (c) => c.json(sheetView(stateOf(c.req.valid('json'))), 200),
  );
  r.app.openapi(
    add(
      r,
      defineRoute('sheets.save', importers, {
        method: 'post',
        path: '/api/sheets/save',
        summary: 'Save a resolved draft as a new template version; answers the side-by-side comparison',
        request: json(SaveSchema),
      }),
    ),
    async (c) => {
      const body = c.req.valid('json');
      const actor = actorOf(c);
      const out = await r.db.transaction((tx) =>
        saveSheetTemplate(tx, actor, stateOf(body), {
          version: body.version,
          ...(body.id ? { id: body.id } : {}),
          ...(body.family ? { family: body.family } : {}),
          ...(body.effective ? { effective: body.effective } : {}),
          ...(body.name ? { name: body.name } : {}),
          ...(body.reason ? { reason: body.reason } : {}),
        }),
      );
      return c.json(out, 200);
    },
  );
}
