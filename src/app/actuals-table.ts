/**
 * Turns an actuals table (one row per employee) into the scoring engine's inputs, refusing the whole file
 * when any cell is wrong, with file, row, column, value and reason for every problem.
 *
 * Columns (any order; header names are case-sensitive ids as the template writes them):
 *   employee (or 员工编号)       required, unique
 *   name (or 姓名)               optional
 *   <indicator id | metric>      the actual; "9%", "1.2万", "1,234" accepted; empty = did not happen
 *   target:<indicator id>        a per-person target (stores differ)
 *   supervisor:<item> self:<item> peer:<item>   behaviour ratings (a bare <item> is the supervisor's)
 *   additional, additional_reason               signed additional points and why
 *   attendance:<item>           occurrences (e.g. attendance:late = 2)
 *   source:<indicator id>       where the figure came from (shown in the trace)
 */
import type { Problem } from '../core/errors.ts';
import { parseQuantity } from '../core/scoring/quantity.ts';
import type { PersonInput } from '../core/scoring/score-form.ts';
import type { Rater, Template } from '../core/scoring/types.ts';
import type { TableRecords } from '../import/read-table.ts';

const EMPLOYEE = ['employee', '员工编号', '工号'];
const NAME = ['name', '姓名'];

export interface PersonRow extends PersonInput {
  row: number;
}

/** Reads a cell as a number: 12.5, "9%", "1.2万", "¥1,234.56"; '' and '-' mean no value. */
export function cellNumber(cell: string): number | null | undefined {
  const s = cell
    .trim()
    .replace(/^[¥$￥]/, '')
    .replace(/,/g, '');
  if (s === '' || s === '-' || s === '—') return null;
  return parseQuantity(s);
}

export function personsFromTable(
  tpl: Template,
  table: TableRecords,
  opts: {
    /** the file adds to figures from elsewhere (the database), so indicator columns may be absent */
    partial?: boolean;
    /**
     * daily figures come with it (a daily file): a day-derived indicator's monthly figure is computed from
     * them (a count of days), so it needs no column here
     */
    daily?: boolean;
  } = {},
): { persons: PersonRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const file = table.file;
  const header = table.header;
  const bad = (
    row: number | undefined,
    column: string | undefined,
    value: string | undefined,
    zh: string,
    en: string,
  ) =>
    problems.push({
      severity: 'error',
      code: 'actuals_invalid',
      message: { zh, en },
      where: {
        file,
        ...(row !== undefined ? { row } : {}),
        ...(column ? { column } : {}),
        ...(value !== undefined ? { value } : {}),
      },
    });

  // a column written twice would be read from its first copy only: refuse it rather than guess
  const firstAt = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') return;
    const first = firstAt.get(h);
    if (first === undefined) firstAt.set(h, i);
    else
      bad(
        table.headerRow,
        h,
        undefined,
        `列“${h}”出现了两次（第 ${first + 1} 列和第 ${i + 1} 列）`,
        `column "${h}" appears twice (columns ${first + 1} and ${i + 1})`,
      );
  });
  const employeeCol = header.find((h) => EMPLOYEE.includes(h));
  const nameCol = header.find((h) => NAME.includes(h));
  if (!employeeCol)
    bad(
      table.headerRow,
      'employee',
      undefined,
      '缺少员工编号列（employee 或 员工编号）',
      'the employee column is missing (employee or 员工编号)',
    );

  const indicatorKeys = new Map<string, string>();
  for (const ind of tpl.indicators) {
    indicatorKeys.set(ind.id, ind.id);
    if (!indicatorKeys.has(ind.metric)) indicatorKeys.set(ind.metric, ind.id);
  }
  const inputNames = new Set(tpl.indicators.flatMap((i) => i.inputs ?? []));
  const items = new Set(tpl.parts.behaviour?.items.map((i) => i.id) ?? []);
  const attendanceItems = new Set(tpl.parts.attendance?.items.map((i) => i.id) ?? []);
  const raters = new Set(Object.keys(tpl.parts.behaviour?.raters ?? {}));

  type Col =
    | { kind: 'actual'; key: string }
    | { kind: 'target'; id: string }
    | { kind: 'rating'; rater: Rater; item: string }
    | { kind: 'additional' }
    | { kind: 'reason' }
    | { kind: 'attendance'; item: string }
    | { kind: 'source'; id: string }
    | { kind: 'skip' };
  const cols: Col[] = header.map((h) => {
    if (h === employeeCol || h === nameCol || h === '') return { kind: 'skip' };
    if (indicatorKeys.has(h) || inputNames.has(h)) return { kind: 'actual', key: h };
    const [prefix, rest] = h.includes(':')
      ? [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)]
      : ['', h];
    if (prefix === 'target' && tpl.indicators.some((i) => i.id === rest)) return { kind: 'target', id: rest };
    if (prefix === 'source' && tpl.indicators.some((i) => i.id === rest)) return { kind: 'source', id: rest };
    if ((prefix === 'supervisor' || prefix === 'self' || prefix === 'peer') && items.has(rest)) {
      if (!raters.has(prefix)) {
        bad(
          table.headerRow,
          h,
          undefined,
          `模板没有“${prefix}”这一评价人`,
          `the template has no rater "${prefix}"`,
        );
        return { kind: 'skip' };
      }
      return { kind: 'rating', rater: prefix, item: rest };
    }
    if (prefix === '' && items.has(h)) return { kind: 'rating', rater: 'supervisor', item: h };
    if (prefix === 'attendance' && attendanceItems.has(rest)) return { kind: 'attendance', item: rest };
    if (h === 'additional' || h === '附加分') return { kind: 'additional' };
    if (h === 'additional_reason' || h === '附加分说明') return { kind: 'reason' };
    bad(
      table.headerRow,
      h,
      undefined,
      `未知的列“${h}”：不是模板 ${tpl.id} 的指标、指标口径或评价项目`,
      `unknown column "${h}": not an indicator, metric or rating item of template ${tpl.id}`,
    );
    return { kind: 'skip' };
  });

  // every indicator without ifAbsent needs a column (unless the file only adds to the database's figures,
  // or it is day-derived and the daily figures it is counted from are given)
  for (const ind of tpl.indicators) {
    const days = ind.derive?.kind === 'days';
    if (days && opts.daily) continue;
    if (!opts.partial && !ind.ifAbsent && !header.includes(ind.id) && !header.includes(ind.metric)) {
      const cols = ind.id === ind.metric ? ind.id : `${ind.id} 或 ${ind.metric}`;
      const colsEn = ind.id === ind.metric ? ind.id : `${ind.id} or ${ind.metric}`;
      bad(
        table.headerRow,
        ind.id,
        undefined,
        days
          ? `缺少按日计算的指标“${ind.name.zh}”的列（${cols}），也没有每日的 ${ind.metric} 数据`
          : `缺少指标“${ind.name.zh}”的列（${cols}）`,
        days
          ? `no column for day-derived indicator "${ind.name.en}" (${colsEn}) and no daily ${ind.metric} figures`
          : `no column for indicator "${ind.name.en}" (${colsEn})`,
      );
    }
  }

  const persons: PersonRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of table.records) {
    const employee = employeeCol ? (rec.values[employeeCol] ?? '').trim() : '';
    if (employeeCol && employee === '') {
      bad(rec.row, employeeCol, '', '员工编号为空', 'the employee id is empty');
      continue;
    }
    const first = seen.get(employee);
    if (first !== undefined) {
      bad(
        rec.row,
        employeeCol,
        employee,
        `员工 ${employee} 重复（第 ${first} 行已出现）`,
        `employee ${employee} appears twice (first on row ${first})`,
      );
      continue;
    }
    seen.set(employee, rec.row);
    const person: PersonRow = { row: rec.row, employee, actuals: {} };
    if (nameCol && rec.values[nameCol]) person.name = rec.values[nameCol];
    const actuals: Record<string, number | null> = {};
    const targets: Record<string, number> = {};
    const sources: Record<string, string> = {};
    const behaviour: Partial<Record<Rater, Record<string, number>>> = {};
    const attendance: Record<string, number> = {};
    let additional: number | null = null;
    let reason = '';
    header.forEach((h, i) => {
      const col = cols[i]!;
      if (col.kind === 'skip') return;
      const cell = rec.values[h] ?? '';
      if (col.kind === 'reason') {
        reason = cell;
        return;
      }
      if (col.kind === 'source') {
        if (cell) sources[col.id] = cell;
        return;
      }
      const value = cellNumber(cell);
      if (value === undefined) {
        bad(rec.row, h, cell, '不是数字', 'not a number');
        return;
      }
      switch (col.kind) {
        case 'actual':
          actuals[col.key] = value;
          break;
        case 'target':
          if (value !== null) targets[col.id] = value;
          break;
        case 'rating':
          if (value !== null) {
            behaviour[col.rater] ??= {};
            behaviour[col.rater]![col.item] = value;
          }
          break;
        case 'attendance':
          if (value !== null) attendance[col.item] = value;
          break;
        case 'additional':
          additional = value;
          break;
      }
    });
    person.actuals = actuals;
    if (Object.keys(targets).length) person.targets = targets;
    if (Object.keys(sources).length) person.sources = sources;
    else person.sources = Object.fromEntries(Object.keys(actuals).map((k) => [k, `${file} row ${rec.row}`]));
    if (Object.keys(behaviour).length) person.behaviour = behaviour;
    if (Object.keys(attendance).length) person.attendance = attendance;
    if (additional !== null && additional !== 0)
      person.additional = [{ points: additional, reason: reason || '—' }];
    persons.push(person);
  }
  if (table.records.length === 0)
    bad(undefined, undefined, undefined, '文件没有数据行', 'the file has no data rows');
  return { persons, problems };
}
