/**
 * Backup and restore of one company's data (备份与恢复), exact to the last digit.
 *
 * Format (JSON lines, UTF-8, documented in docs/database.md):
 *   line 1   {"format":"shopkpi-backup","version":1,"company":"acme","createdAt":"…","tables":[…]}
 *   then     {"t":"<table>","r":<the row as PostgreSQL's to_jsonb prints it>}   one line per row
 *   last     {"end":true,"rows":<number of row lines>}
 * Rows are written as the database prints them (`to_jsonb(t)::text`) and read back by the database
 * (`jsonb_populate_recordset`), never through JavaScript numbers: `numeric` keeps its digits and scale
 * ("1234.50" stays "1234.50"), timestamps keep their microseconds. The end line catches a truncated file.
 * Restore replaces the company's data in one transaction: all of it, or nothing.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AppError } from '../core/errors.ts';
import type { Db, Sql } from './open-db.ts';

export const BACKUP_FORMAT = 'shopkpi-backup';
export const BACKUP_VERSION = 1;

export interface BackupSummary {
  company: string;
  rows: number;
  byTable: Record<string, number>;
}

const PAGE = 20_000;

/**
 * Sign-in state, not company data: restoring it would bring back sessions that were ended since the
 * backup. Left out of backups and left alone by restores.
 */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set(['app_session', 'login_failure']);

/**
 * Every table that holds company data (has `company_id`), parents before children along the foreign
 * keys, found in the database itself so that tables added by later migrations are backed up too.
 */
export async function companyTables(db: Sql, opts: { all?: boolean } = {}): Promise<string[]> {
  const tables = await db.query<{ name: string }>(
    `SELECT c.table_name AS name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND c.column_name = 'company_id' AND t.table_type = 'BASE TABLE'
     ORDER BY 1`,
  );
  const fks = await db.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
     WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
  );
  const names = tables.rows.map((r) => r.name).filter((n) => opts.all || !NOT_BACKED_UP.has(n));
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of fks.rows) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter(
      (n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p) || !parents.has(p)),
    );
    if (ready.length === 0) throw new Error('foreign keys form a cycle');
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered;
}

/** The primary-key columns of a table, in key order (for a stable row order in the file). */
async function primaryKeyOf(db: Sql, table: string): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  return r.rows.map((x) => x.name);
}

/** Writes every row of `company` to `out` (JSON lines). */
export async function backupCompany(db: Db, company: string, out: string): Promise<BackupSummary> {
  const exists = await db.query('SELECT 1 FROM company WHERE company_id = $1', [company]);
  if (exists.rows.length === 0) {
    throw new AppError('not_found', { zh: `没有公司 ${company}`, en: `no company ${company}` });
  }
  const stream = createWriteStream(out, { encoding: 'utf8' });
  const write = async (s: string) => {
    if (!stream.write(s)) await once(stream, 'drain');
  };
  const byTable: Record<string, number> = {};
  let rows = 0;
  const tables = await companyTables(db);
  await write(
    `${JSON.stringify({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      company,
      createdAt: new Date().toISOString(),
      tables,
    })}\n`,
  );
  // One read transaction, so that the file is one consistent picture even while imports run.
  await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    for (const table of tables) {
      // a table without a primary key is ordered by its whole row, so the file is still deterministic
      const order = (await primaryKeyOf(tx, table)).join(', ') || 'to_jsonb(t)::text';
      let n = 0;
      for (let offset = 0; ; offset += PAGE) {
        const r = await tx.query<{ j: string }>(
          `SELECT to_jsonb(t)::text AS j FROM ${table} t WHERE company_id = $1 ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`,
          [company],
        );
        let text = '';
        for (const { j } of r.rows) text += `{"t":"${table}","r":${j}}\n`;
        await write(text);
        n += r.rows.length;
        if (r.rows.length < PAGE) break;
      }
      byTable[table] = n;
      rows += n;
    }
  });
  await write(`${JSON.stringify({ end: true, rows })}\n`);
  stream.end();
  await once(stream, 'finish');
  return { company, rows, byTable };
}

function refuse(file: string, row: number, en: string, zh: string): AppError {
  return new AppError('invalid_input', { zh: `备份文件无效：${zh}`, en: `not a valid backup: ${en}` }, [
    { severity: 'error', code: 'bad_backup', message: { zh, en }, where: { file, row } },
  ]);
}

/**
 * Replaces the data of the company named in the file with the file's rows, in one transaction.
 * Returns what was restored; throws (and changes nothing) when the file is not a complete backup.
 */
export async function restoreCompany(db: Db, file: string): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: { format?: unknown; version?: unknown; company?: unknown } = {};
  try {
    header = first.done ? {} : (JSON.parse(first.value) as typeof header);
  } catch {
    // reported below
  }
  if (
    header.format !== BACKUP_FORMAT ||
    header.version !== BACKUP_VERSION ||
    typeof header.company !== 'string'
  ) {
    lines.close();
    throw refuse(file, 1, 'the first line is not a shopkpi backup header', '第一行不是 shopkpi 备份文件头');
  }
  const company = header.company;
  const tables = await companyTables(db);
  const known = new Set<string>(tables);

  return db.transaction(async (tx) => {
    for (const table of [...tables].reverse()) {
      await tx.query(`DELETE FROM ${table} WHERE company_id = $1`, [company]);
    }
    const byTable: Record<string, number> = {};
    let rows = 0;
    let lineNo = 1;
    let ended = false;
    let pendingTable = '';
    let pending: string[] = [];
    const columns = new Map<string, { name: string; default: string | null }[]>();
    // the table's columns and their defaults as the database itself states them (names and default
    // expressions come from the catalogue, never from the file)
    const columnsOf = async (table: string) => {
      let cols = columns.get(table);
      if (!cols) {
        const r = await tx.query<{ name: string; def: string | null }>(
          `SELECT column_name AS name, column_default AS def FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        );
        cols = r.rows.map((c) => ({ name: c.name, default: c.def }));
        columns.set(table, cols);
      }
      return cols;
    };
    const flush = async () => {
      if (pending.length === 0) return;
      const cols = await columnsOf(pendingTable);
      // A backup written before a migration added a column has no value for it: the column's default
      // fills it (jsonb_populate_record alone would give NULL, which a NOT NULL column refuses).
      const select = cols
        .map((c) =>
          c.default === null
            ? `x."${c.name}"`
            : `CASE WHEN j ? '${c.name}' THEN x."${c.name}" ELSE ${c.default} END`,
        )
        .join(', ');
      const r = await tx.query(
        `INSERT INTO ${pendingTable} (${cols.map((c) => `"${c.name}"`).join(', ')})
         SELECT ${select} FROM jsonb_array_elements($1::jsonb) j,
           LATERAL jsonb_populate_record(null::${pendingTable}, j) x
         WHERE x.company_id = $2`,
        [`[${pending.join(',')}]`, company],
      );
      if (r.rowCount !== pending.length) {
        throw refuse(
          file,
          lineNo,
          `rows of another company in table ${pendingTable}`,
          `${pendingTable} 中有其他公司的数据`,
        );
      }
      pending = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      lineNo++;
      const line = next.value;
      if (line === '') continue;
      if (ended) throw refuse(file, lineNo, 'text after the end line', '结束行之后还有内容');
      if (line.startsWith('{"end":')) {
        const end = JSON.parse(line) as { rows?: unknown };
        if (end.rows !== rows)
          throw refuse(file, lineNo, `expected ${String(end.rows)} rows, found ${rows}`, '行数不符');
        ended = true;
        continue;
      }
      const m = /^\{"t":"([a-z_]+)","r":/.exec(line);
      const table = m?.[1];
      if (!m || !table || !known.has(table) || !line.endsWith('}')) {
        throw refuse(file, lineNo, 'not a row line', '不是数据行');
      }
      if (table !== pendingTable || pending.length >= 2000) {
        await flush();
        pendingTable = table;
      }
      pending.push(line.slice(m[0].length, -1));
      byTable[table] = (byTable[table] ?? 0) + 1;
      rows++;
    }
    await flush();
    if (!ended)
      throw refuse(
        file,
        lineNo,
        'the file ends without its end line (truncated?)',
        '文件缺少结束行（可能不完整）',
      );
    return { company, rows, byTable };
  });
}
