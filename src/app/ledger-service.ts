/**
 * The pay ledger (薪资台账): record, void, list and import per-incident money fines and rewards.
 *
 * Entries are never edited or deleted: a void is a new entry that reverses the original (quantity and
 * amount negated, `reverses` naming it), written in the same transaction as its audit row. HR and admin
 * write; everyone else reads what they may see (a supervisor their reports and themself, an employee
 * themself). Imports are all or nothing: every bad cell is listed with row and column and nothing is
 * written; re-importing the same file (same name, same rows) changes nothing.
 */
import { AppError, type Problem } from '../core/errors.ts';
import { type Dec, dec } from '../core/money.ts';
import {
  checkLedgerDraft,
  LEDGER_COLUMNS,
  type LedgerDraft,
  type LedgerEntry,
  type LedgerKind,
  ledgerEffect,
  readLedgerTable,
} from '../core/pay/ledger.ts';
import { t } from '../core/text.ts';
import type { Db, Sql } from '../db/open-db.ts';
import { openTable, type RawRow } from '../import/read-table.ts';
import { type Actor, actorLabel, type Role } from './actor.ts';
import { writeAudit } from './audit-service.ts';
import { isCalendarDay, notFound, SEES_EVERYONE } from './org-service.ts';
import { UPLOAD_LIMITS } from './store-data-service.ts';

const WRITERS: readonly Role[] = ['admin', 'hr'];

/** One entry as the API and the UI see it (amounts as strings "15.00"). */
export interface LedgerRow {
  id: number;
  employee: string;
  employeeName: string;
  month: string;
  date: string;
  kind: LedgerKind;
  reason: string;
  quantity: string;
  unitAmount: string;
  amount: string;
  /** signed effect on pay: −amount for a fine, +amount for a reward */
  effect: string;
  currency: string;
  source: string;
  sourceFile: string | null;
  sourceRow: number | null;
  recordedBy: string;
  recordedAt: string;
  reverses: number | null;
  /** the id of the entry that voided this one, else null */
  voidedBy: number | null;
  note: string | null;
}

export interface LedgerList {
  entries: LedgerRow[];
  /** per employee: Σ fines, Σ rewards, net effect on pay (voided pairs cancel) */
  totals: { employee: string; employeeName: string; fines: string; rewards: string; net: string }[];
}

export interface LedgerInput {
  employee: string;
  month: string;
  date: string;
  kind: string;
  reason: string;
  quantity: string;
  unitAmount: string;
  amount?: string;
  currency?: string;
}

interface DbRow {
  id: number;
  employee: string;
  employee_name: string | null;
  month: string;
  date: string;
  kind: string;
  reason: string;
  quantity: string;
  unit_amount: string;
  amount: string;
  currency: string;
  source: string;
  source_file: string | null;
  source_row: number | null;
  recorded_by: string;
  recorded_at: string;
  reverses: number | null;
  voided_by: number | null;
  note: string | null;
}

const SELECT = `SELECT l.id, l.employee, e.name AS employee_name, l.month, l.date::text AS date, l.kind, l.reason,
  l.quantity::text AS quantity, l.unit_amount::text AS unit_amount, l.amount::text AS amount, l.currency, l.source,
  l.source_file, l.source_row, l.recorded_by, l.recorded_at::text AS recorded_at, l.reverses, v.id AS voided_by, l.note
  FROM pay_ledger_entry l
  LEFT JOIN employee e ON e.company_id = l.company_id AND e.code = l.employee
  LEFT JOIN pay_ledger_entry v ON v.company_id = l.company_id AND v.reverses = l.id`;

function money(s: string): string {
  return dec(s).toFixed(2);
}

function toRow(r: DbRow): LedgerRow {
  const kind = r.kind as LedgerKind;
  return {
    id: Number(r.id),
    employee: r.employee,
    employeeName: r.employee_name ?? '',
    month: r.month,
    date: r.date,
    kind,
    reason: r.reason,
    quantity: dec(r.quantity).toString(),
    unitAmount: money(r.unit_amount),
    amount: money(r.amount),
    effect: ledgerEffect({ kind, amount: dec(r.amount) }).toFixed(2),
    currency: r.currency,
    source: r.source,
    sourceFile: r.source_file,
    sourceRow: r.source_row === null ? null : Number(r.source_row),
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    reverses: r.reverses === null ? null : Number(r.reverses),
    voidedBy: r.voided_by === null ? null : Number(r.voided_by),
    note: r.note,
  };
}

function requireWriter(actor: Actor): void {
  if (!WRITERS.includes(actor.role))
    throw new AppError(
      'forbidden',
      t('只有人事或管理员可以记台账', 'only HR or an admin may write the pay ledger'),
    );
}

/** Employees whose entries the actor may read: null for everyone. */
async function visibleEmployees(db: Sql, actor: Actor): Promise<Set<string> | null> {
  if (SEES_EVERYONE.includes(actor.role)) return null;
  if (!actor.employee) return new Set();
  const codes = new Set([actor.employee]);
  if (actor.role === 'supervisor') {
    const r = await db.query<{ code: string }>(
      'SELECT code FROM employee WHERE company_id = $1 AND supervisor = $2',
      [actor.company, actor.employee],
    );
    for (const x of r.rows) codes.add(x.code);
  }
  return codes;
}

/**
 * Makes the caller the company's only ledger writer until its transaction ends. Ids are the company's
 * highest + 1, and without this two simultaneous writers on PostgreSQL read the same highest id and one
 * fails on the key; taken first, it also makes a second import of the same file or a second void of the
 * same entry wait and then see the first one's rows (READ COMMITTED reads afresh per statement), so it
 * finds them unchanged or already voided instead of writing twice. A transaction-scoped advisory lock
 * (released at commit or rollback) on (table, company): the same SQL on PGlite and PostgreSQL, no
 * schema, and other companies are not held up (a hash collision only makes two companies take turns).
 */
async function lockLedger(tx: Sql, company: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('pay_ledger_entry'), hashtext($1))", [company]);
}

/** The next id; only under {@link lockLedger}. */
async function nextId(tx: Sql, company: string): Promise<number> {
  const r = await tx.query<{ n: number | string }>(
    'SELECT COALESCE(MAX(id), 0) + 1 AS n FROM pay_ledger_entry WHERE company_id = $1',
    [company],
  );
  return Number(r.rows[0]!.n);
}

async function insert(
  tx: Sql,
  company: string,
  id: number,
  e: {
    employee: string;
    month: string;
    date: string;
    kind: LedgerKind;
    reason: string;
    quantity: Dec;
    unitAmount: Dec;
    amount: Dec;
    currency: string;
    source: 'manual' | 'import';
    sourceFile: string | null;
    sourceRow: number | null;
    recordedBy: string;
    reverses: number | null;
    note: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO pay_ledger_entry (company_id, id, employee, month, date, kind, reason, quantity, unit_amount, amount,
       currency, source, source_file, source_row, recorded_by, reverses, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      company,
      id,
      e.employee,
      e.month,
      e.date,
      e.kind,
      e.reason,
      e.quantity.toString(),
      e.unitAmount.toString(),
      e.amount.toString(),
      e.currency,
      e.source,
      e.sourceFile,
      e.sourceRow,
      e.recordedBy,
      e.reverses,
      e.note,
    ],
  );
}

async function getRow(db: Sql, company: string, id: number): Promise<LedgerRow | undefined> {
  const r = await db.query<DbRow>(`${SELECT} WHERE l.company_id = $1 AND l.id = $2`, [company, id]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/**
 * The draft check takes any day 01–31 in any month; 2026-02-30 would then fail in the database as a 500
 * (the date column), so it is refused here with its row and value.
 */
function notADay(date: string, where: { file?: string; row?: number }): Problem | undefined {
  if (isCalendarDay(date)) return undefined;
  return {
    severity: 'error',
    code: 'bad_ledger_entry',
    message: t(`${date} 不是日历上的日期`, `${date} is not a calendar day`),
    where: { ...where, column: 'date', value: date },
  };
}

function invalid(problems: Problem[], zh: string, en: string): AppError {
  return new AppError('invalid_input', t(zh, en), problems);
}

async function knownEmployees(tx: Sql, company: string): Promise<Set<string>> {
  const r = await tx.query<{ code: string }>('SELECT code FROM employee WHERE company_id = $1', [company]);
  return new Set(r.rows.map((x) => x.code));
}

/** Records one fine or reward (HR/admin). */
export async function recordLedgerEntry(db: Db, actor: Actor, input: LedgerInput): Promise<LedgerRow> {
  requireWriter(actor);
  const checked = checkLedgerDraft(input, {});
  if (!checked.draft)
    throw invalid(
      checked.problems,
      '台账条目有误，未保存',
      'the ledger entry has problems; nothing was saved',
    );
  const d = checked.draft;
  const badDay = notADay(d.date, {});
  if (badDay)
    throw invalid([badDay], '台账条目有误，未保存', 'the ledger entry has problems; nothing was saved');
  return db.transaction(async (tx) => {
    await lockLedger(tx, actor.company);
    if (!(await knownEmployees(tx, actor.company)).has(d.employee))
      throw invalid(
        [
          {
            severity: 'error',
            code: 'unknown_employee',
            message: t(`没有员工 ${d.employee}`, `no employee ${d.employee}`),
            where: { column: 'employee', value: d.employee },
          },
        ],
        '台账条目有误，未保存',
        'the ledger entry has problems; nothing was saved',
      );
    const id = await nextId(tx, actor.company);
    await insert(tx, actor.company, id, {
      ...d,
      source: 'manual',
      sourceFile: null,
      sourceRow: null,
      recordedBy: actorLabel(actor),
      reverses: null,
      note: null,
    });
    const row = (await getRow(tx, actor.company, id))!;
    await writeAudit(tx, actor, {
      entity: 'ledger_entry',
      entityId: String(id),
      action: 'record',
      after: row,
    });
    return row;
  });
}

/**
 * Voids an entry by a reversing entry (HR/admin), with a reason. The reversal is paid in `month`
 * (default: the original's month, where the two cancel; a later month when the original was already paid,
 * where it becomes a correction line).
 */
export async function voidLedgerEntry(
  db: Db,
  actor: Actor,
  id: number,
  reason: string,
  month?: string,
): Promise<LedgerRow> {
  requireWriter(actor);
  const why = reason.trim();
  if (!why) throw invalid([], '作废必须写明原因', 'a void needs a reason');
  return db.transaction(async (tx) => {
    await lockLedger(tx, actor.company);
    const original = await getRow(tx, actor.company, id);
    if (!original) throw notFound(`ledger entry ${id}`);
    if (original.reverses !== null)
      throw new AppError(
        'conflict',
        t(`条目 ${id} 本身是冲销条目，不能再作废`, `entry ${id} is itself a reversal and cannot be voided`),
      );
    if (original.voidedBy !== null)
      throw new AppError(
        'conflict',
        t(
          `条目 ${id} 已被条目 ${original.voidedBy} 作废`,
          `entry ${id} was already voided by entry ${original.voidedBy}`,
        ),
      );
    const payMonth = month ?? original.month;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(payMonth) || payMonth < original.month)
      throw invalid(
        [],
        `冲销月份 ${payMonth} 应为不早于 ${original.month} 的 YYYY-MM`,
        `the reversal month ${payMonth} must be YYYY-MM, not before ${original.month}`,
      );
    const newId = await nextId(tx, actor.company);
    await insert(tx, actor.company, newId, {
      employee: original.employee,
      month: payMonth,
      date: original.date,
      kind: original.kind,
      reason: original.reason,
      quantity: dec(original.quantity).negated(),
      unitAmount: dec(original.unitAmount),
      amount: dec(original.amount).negated(),
      currency: original.currency,
      source: 'manual',
      sourceFile: null,
      sourceRow: null,
      recordedBy: actorLabel(actor),
      reverses: id,
      note: why,
    });
    const row = (await getRow(tx, actor.company, newId))!;
    await writeAudit(tx, actor, {
      entity: 'ledger_entry',
      entityId: String(id),
      action: 'void',
      before: original,
      after: row,
      why,
    });
    return row;
  });
}

/** Lists the entries the actor may see, for a month and/or an employee, with totals per employee. */
export async function listLedger(
  db: Sql,
  actor: Actor,
  filter: { month?: string; employee?: string },
): Promise<LedgerList> {
  const visible = await visibleEmployees(db, actor);
  const params: unknown[] = [actor.company];
  let where = 'l.company_id = $1';
  if (filter.month) {
    params.push(filter.month);
    where += ` AND l.month = $${params.length}`;
  }
  if (filter.employee) {
    params.push(filter.employee);
    where += ` AND l.employee = $${params.length}`;
  }
  if (visible) {
    params.push([...visible]);
    where += ` AND l.employee = ANY($${params.length}::text[])`;
  }
  const r = await db.query<DbRow>(`${SELECT} WHERE ${where} ORDER BY l.month, l.employee, l.id`, params);
  const entries = r.rows.map(toRow);
  const totals = new Map<string, { employeeName: string; fines: Dec; rewards: Dec }>();
  for (const e of entries) {
    const tot = totals.get(e.employee) ?? { employeeName: e.employeeName, fines: dec(0), rewards: dec(0) };
    if (e.kind === 'fine') tot.fines = tot.fines.plus(e.amount);
    else tot.rewards = tot.rewards.plus(e.amount);
    totals.set(e.employee, tot);
  }
  return {
    entries,
    totals: [...totals].map(([employee, x]) => ({
      employee,
      employeeName: x.employeeName,
      fines: x.fines.toFixed(2),
      rewards: x.rewards.toFixed(2),
      net: x.rewards.minus(x.fines).toFixed(2),
    })),
  };
}

export interface LedgerImportResult {
  file: string;
  rows: number;
  created: number;
  /** of `created`: rows whose earlier entry from this file and row was voided (their correction) */
  corrected: number;
  /** rows already imported from this file unchanged (a re-import changes nothing) */
  unchanged: number;
  entries: LedgerRow[];
}

/** The header words a ledger file may use (to find its header row below title rows). */
export const LEDGER_HEADER_WORDS = LEDGER_COLUMNS.flatMap((c) => [c.name, c.zh]);

/** Reads an uploaded ledger file (CSV or XLSX bytes) into rows, through the shared table reader. */
export async function readLedgerUpload(
  file: string,
  bytes: Uint8Array,
): Promise<{ file: string; header: string[]; rows: RawRow[] }> {
  if (bytes.length === 0)
    throw new AppError(
      'import_refused',
      t('上传的文件是空的（0 字节）', 'the uploaded file is empty (0 bytes)'),
      [
        {
          severity: 'error',
          code: 'empty_file',
          message: t('文件为空', 'the file is empty'),
          where: { file },
        },
      ],
    );
  // the file comes from a browser upload: the same unpacked-size limit as the store-data uploads
  const table = await openTable(file, {
    bytes: Buffer.from(bytes),
    headerWords: LEDGER_HEADER_WORDS,
    limits: UPLOAD_LIMITS,
  });
  const rows: RawRow[] = [];
  for (const batch of table.batches) rows.push(...batch);
  return { file: table.meta.file, header: table.meta.header, rows };
}

/** The fields of an imported entry that differ from a row of the file (empty when the row is the same). */
function differences(
  existing: LedgerRow,
  d: LedgerDraft,
): { column: string; zh: string; was: string; now: string }[] {
  const out: { column: string; zh: string; was: string; now: string }[] = [];
  const texts: [string, string, string, string][] = [
    ['employee', '工号', existing.employee, d.employee],
    ['month', '月份', existing.month, d.month],
    ['date', '日期', existing.date, d.date],
    ['kind', '类型', existing.kind, d.kind],
    ['reason', '原因', existing.reason, d.reason],
  ];
  for (const [column, zh, was, now] of texts) if (was !== now) out.push({ column, zh, was, now });
  if (!dec(existing.quantity).eq(d.quantity))
    out.push({ column: 'quantity', zh: '数量', was: existing.quantity, now: d.quantity.toString() });
  if (!dec(existing.unitAmount).eq(d.unitAmount))
    out.push({ column: 'unit_amount', zh: '单价', was: existing.unitAmount, now: d.unitAmount.toFixed(2) });
  return out;
}

/**
 * Imports a ledger table (HR/admin): all rows or none. A row is recognised by file name and row number.
 * A row that matches an entry already imported from it (voided or not) is unchanged, so a re-import
 * changes nothing and never brings a voided fine back. Unlike store data, where a corrected row replaces
 * the old one, money is never overwritten: a row that differs from its live entry is refused (row_changed)
 * with what to do — void that entry with a reason, then import the file again — and a row whose entries
 * are all voided is recorded as a new entry (the correction; the import's audit row names the voided one).
 */
export async function importLedger(
  db: Db,
  actor: Actor,
  table: { file: string; header: string[]; rows: RawRow[] },
): Promise<LedgerImportResult> {
  requireWriter(actor);
  const read = readLedgerTable(table);
  const refuse = (problems: Problem[]) =>
    new AppError(
      'import_refused',
      t(
        `${table.file} 有 ${problems.length} 处错误，未导入任何条目`,
        `${table.file} has ${problems.length} problems; nothing was imported`,
      ),
      problems,
    );
  if (read.problems.length > 0) throw refuse(read.problems);
  const badDays = read.drafts.flatMap((d) => notADay(d.date, { file: table.file, row: d.row }) ?? []);
  if (badDays.length > 0) throw refuse(badDays);
  if (read.drafts.length === 0)
    throw refuse([
      {
        severity: 'error',
        code: 'no_rows',
        message: t('文件没有数据行', 'the file has no data rows'),
        where: { file: table.file },
      },
    ]);
  return db.transaction(async (tx) => {
    await lockLedger(tx, actor.company);
    const known = await knownEmployees(tx, actor.company);
    const before = await tx.query<DbRow>(`${SELECT} WHERE l.company_id = $1 AND l.source_file = $2`, [
      actor.company,
      table.file,
    ]);
    const byRow = new Map<number, LedgerRow[]>();
    for (const r of before.rows) {
      const row = toRow(r);
      byRow.set(Number(r.source_row), [...(byRow.get(Number(r.source_row)) ?? []), row]);
    }
    const problems: Problem[] = [];
    const fresh: LedgerDraft[] = [];
    /** row → the voided entry its new entry corrects */
    const corrects = new Map<number, number>();
    let unchanged = 0;
    for (const d of read.drafts) {
      if (!known.has(d.employee)) {
        problems.push({
          severity: 'error',
          code: 'unknown_employee',
          message: t(`没有员工 ${d.employee}`, `no employee ${d.employee}`),
          where: { file: table.file, row: d.row, column: 'employee', value: d.employee },
        });
        continue;
      }
      const prevs = byRow.get(d.row) ?? [];
      const live = prevs.find((p) => p.voidedBy === null);
      if (prevs.length === 0) fresh.push(d);
      else if (prevs.some((p) => differences(p, d).length === 0)) unchanged++;
      else if (!live) {
        fresh.push(d);
        corrects.set(d.row, prevs[prevs.length - 1]!.id);
      } else {
        const diff = differences(live, d);
        problems.push({
          severity: 'error',
          code: 'row_changed',
          // the whole instruction is in the message too: the ledger page shows messages, not `fix`
          message: t(
            `第 ${d.row} 行此前已导入为条目 L${live.id}，现在内容不同（${diff.map((x) => `${x.zh} ${x.was} → ${x.now}`).join('；')}）。台账里的钱不会被覆盖：罚款或奖励只能作废，不能改写。请先作废条目 L${live.id}（写明原因），再重新导入本文件：更正后的这一行记为新条目，其余未变的行不会重复记入`,
            `row ${d.row} was imported before as entry L${live.id} and now differs (${diff.map((x) => `${x.column} ${x.was} → ${x.now}`).join('; ')}). Money in the ledger is never overwritten: a fine or reward can only be voided, not changed. Void entry L${live.id} (with a reason), then import this file again: the corrected row is recorded as a new entry and the unchanged rows are not written twice`,
          ),
          where: { file: table.file, row: d.row, column: diff[0]!.column, value: diff[0]!.now },
          fix: t(
            `作废条目 L${live.id}，再重新导入本文件`,
            `void entry L${live.id}, then import this file again`,
          ),
        });
      }
    }
    if (problems.length > 0) throw refuse(problems);
    let id = await nextId(tx, actor.company);
    const created: number[] = [];
    for (const d of fresh) {
      await insert(tx, actor.company, id, {
        ...d,
        source: 'import',
        sourceFile: table.file,
        sourceRow: d.row,
        recordedBy: actorLabel(actor),
        reverses: null,
        note: null,
      });
      created.push(id);
      id++;
    }
    const entries: LedgerRow[] = [];
    for (const c of created) entries.push((await getRow(tx, actor.company, c))!);
    if (created.length > 0)
      await writeAudit(tx, actor, {
        entity: 'ledger_entry',
        entityId: `${created[0]}-${created[created.length - 1]}`,
        action: 'import',
        after: {
          file: table.file,
          rows: read.drafts.length,
          created: entries,
          // row → the voided entry its new entry corrects
          ...(corrects.size > 0 ? { corrects: Object.fromEntries(corrects) } : {}),
        },
      });
    return {
      file: table.file,
      rows: read.drafts.length,
      created: created.length,
      corrected: corrects.size,
      unchanged,
      entries,
    };
  });
}

/**
 * The entries the pay engine needs for `month`: that month's entries plus the earlier originals their
 * reversals name (so a reversal of a paid month shows what it corrects).
 */
export async function ledgerEntriesForPay(db: Sql, company: string, month: string): Promise<LedgerEntry[]> {
  const r = await db.query<DbRow>(
    `${SELECT} WHERE l.company_id = $1 AND (l.month = $2 OR l.id IN (
       SELECT x.reverses FROM pay_ledger_entry x WHERE x.company_id = $1 AND x.month = $2 AND x.reverses IS NOT NULL))
     ORDER BY l.id`,
    [company, month],
  );
  return r.rows.map((x) => {
    const row = toRow(x);
    return {
      id: `L${row.id}`,
      employee: row.employee,
      month: row.month,
      date: row.date,
      kind: row.kind,
      reason: row.reason,
      quantity: dec(row.quantity),
      unitAmount: dec(row.unitAmount),
      amount: dec(row.amount),
      currency: 'CNY',
      source: row.sourceFile
        ? `ledger L${row.id} (import ${row.sourceFile} row ${row.sourceRow})`
        : `ledger L${row.id} (manual)`,
      recordedBy: row.recordedBy,
      reverses: row.reverses === null ? null : `L${row.reverses}`,
    };
  });
}
