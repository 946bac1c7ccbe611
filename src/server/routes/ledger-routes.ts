/**
 * The pay ledger (薪资台账): per-incident fines and rewards (money, not points). HR and admin record,
 * void (by a reversing entry, with a reason) and import; every role may list, filtered by the service to
 * what it may see (a supervisor their reports and themself, an employee themself).
 */
import { z } from '@hono/zod-openapi';
import {
  importLedger,
  listLedger,
  readLedgerUpload,
  recordLedgerEntry,
  voidLedgerEntry,
} from '../../app/ledger-service.ts';
import { AppError } from '../../core/errors.ts';
import { t } from '../../core/text.ts';
import { actorOf, add, type Registrar } from '../registrar.ts';
import { defineRoute } from '../route-table.ts';

const writers = ['admin', 'hr'] as const;
const readers = ['admin', 'hr', 'committee', 'supervisor', 'employee'] as const;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
/**
 * Amounts travel as strings ("5.00") so that no float ever touches money; numbers are accepted too, but
 * only up to 15 significant digits: there a JSON number's double prints back exactly as it was typed,
 * while 1234567890123456.78 would silently arrive as 1234567890123456.8.
 */
const amount = z
  .union([
    z.string().max(30),
    z
      .number()
      .finite()
      .refine(
        (n) =>
          String(n)
            .replace(/^-|e.*$|\./g, '')
            .replace(/^0+/, '').length <= 15,
        {
          message: 'more than 15 digits: send the amount as a string',
        },
      ),
  ])
  .transform((v) => String(v));

const EntryBody = z.object({
  employee: z.string().min(1).max(40),
  month,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(['fine', 'reward']),
  reason: z.string().min(1).max(500),
  quantity: amount,
  unitAmount: amount,
  amount: amount.optional(),
  currency: z.string().max(3).optional(),
});
const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(s))
    throw new AppError('invalid_input', t('contentBase64 不是 base64', 'contentBase64 is not base64'));
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export function ledgerRoutes(r: Registrar): void {
  r.app.openapi(
    add(
      r,
      defineRoute('ledger.list', readers, {
        method: 'get',
        path: '/api/ledger',
        summary: 'Pay-ledger entries of a month and/or an employee, with totals per employee',
        request: { query: z.object({ month: month.optional(), employee: z.string().max(40).optional() }) },
      }),
    ),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listLedger(r.db, actorOf(c), {
          ...(q.month ? { month: q.month } : {}),
          ...(q.employee ? { employee: q.employee } : {}),
        }),
        200,
      );
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('ledger.record', writers, {
        method: 'post',
        path: '/api/ledger',
        summary: 'Record a fine or a reward (amount = quantity × unit amount)',
        request: json(EntryBody),
      }),
    ),
    async (c) => {
      const b = c.req.valid('json');
      const entry = await recordLedgerEntry(r.db, actorOf(c), {
        employee: b.employee,
        month: b.month,
        date: b.date,
        kind: b.kind,
        reason: b.reason,
        quantity: b.quantity,
        unitAmount: b.unitAmount,
        ...(b.amount === undefined ? {} : { amount: b.amount }),
        ...(b.currency === undefined ? {} : { currency: b.currency }),
      });
      return c.json({ entry }, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('ledger.void', writers, {
        method: 'post',
        path: '/api/ledger/{id}/void',
        summary:
          'Void an entry by a reversing entry, with a reason (paid in `month`, default the original’s)',
        request: {
          params: IdParam,
          ...json(z.object({ reason: z.string().min(1).max(500), month: month.optional() })),
        },
      }),
    ),
    async (c) => {
      const b = c.req.valid('json');
      const entry = await voidLedgerEntry(
        r.db,
        actorOf(c),
        Number(c.req.valid('param').id),
        b.reason,
        b.month,
      );
      return c.json({ entry }, 200);
    },
  );
  r.app.openapi(
    add(
      r,
      defineRoute('ledger.import', writers, {
        method: 'post',
        path: '/api/ledger/import',
        summary: 'Import a CSV/XLSX of fines and rewards: all rows or none; re-importing changes nothing',
        request: json(
          z.object({
            file: z.string().min(1).max(200),
            contentBase64: z.string().min(1).max(2_900_000),
          }),
        ),
      }),
    ),
    async (c) => {
      const b = c.req.valid('json');
      const actor = actorOf(c);
      const table = await readLedgerUpload(b.file, fromBase64(b.contentBase64));
      return c.json(await importLedger(r.db, actor, table), 200);
    },
  );
}
