/**
 * Reading an employee list from a spreadsheet (导入员工): header names in Chinese or English, every row
 * checked before anything is written, each problem naming the row, the column, the value and why.
 * Pure (rows in, rows or problems out) so it is tested without a browser.
 */
import type { Employee, Text } from './types.ts';

export interface EmployeeInput {
  code: string;
  name: string;
  team: string | null;
  family: string | null;
  level: string | null;
  supervisor: string | null;
  hireDate: string | null;
  leaveDate: string | null;
  agent: string | null;
}

export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  message: Text;
}

type Field = keyof EmployeeInput;

/** Accepted header names per field (the export of the employee table uses the first Chinese one). */
export const HEADERS: Record<Field, string[]> = {
  code: ['工号', 'code', 'employee', '员工编号'],
  name: ['姓名', 'name'],
  team: ['团队', 'team'],
  family: ['岗位族', 'family', 'job family'],
  level: ['职级', 'level'],
  supervisor: ['主管', 'supervisor'],
  hireDate: ['入职日期', 'hired', 'hire date', 'hiredate'],
  leaveDate: ['离职日期', 'left', 'leave date', 'leavedate'],
  agent: ['客服账号', 'agent'],
};

export type Cell = string | number | boolean | Date | null | undefined;

const CODE = /^[A-Za-z0-9_.-]{1,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2026-13-01 and 2026-02-30 are not). */
export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function text(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A spreadsheet date: a Date cell, "2024-04-15", "2024/4/15" or "2024年4月15日". */
export function toDay(c: Cell): string | null {
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  const s = text(c);
  if (s === '') return null;
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(s);
  if (!m) return s; // left as written; the check below names it
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

export function readEmployees(
  rows: Cell[][],
  known: { employees: Employee[]; teams: string[]; families: string[] },
): { employees: EmployeeInput[]; problems: ImportProblem[]; rows: number[] } {
  const problems: ImportProblem[] = [];
  const header = (rows[0] ?? []).map((h) => text(h).toLowerCase());
  const col = {} as Record<Field, number>;
  for (const f of Object.keys(HEADERS) as Field[]) col[f] = header.findIndex((h) => HEADERS[f].includes(h));
  for (const f of ['code', 'name'] as const)
    if (col[f] < 0)
      problems.push({
        row: 1,
        column: HEADERS[f][0]!,
        value: '',
        message: { zh: `缺少列“${HEADERS[f][0]}”`, en: `the column "${HEADERS[f][1]}" is missing` },
      });
  if (problems.length) return { employees: [], problems, rows: [] };

  const inFile = new Set<string>();
  const employees: EmployeeInput[] = [];
  const rowOf: number[] = [];
  const knownCodes = new Set(known.employees.map((e) => e.code));
  rows.slice(1).forEach((r, i) => {
    const row = i + 2;
    const get = (f: Field) => (col[f] >= 0 ? r[col[f]] : undefined);
    if (r.every((c) => text(c) === '')) return; // blank line
    const bad = (f: Field, value: string, zh: string, en: string) =>
      problems.push({ row, column: HEADERS[f][0]!, value, message: { zh, en } });
    const code = text(get('code'));
    if (!CODE.test(code))
      bad('code', code, '工号只能含字母、数字、_ . -', 'a code has letters, digits, _ . - only');
    else if (inFile.has(code)) bad('code', code, '工号在文件中重复', 'the code appears twice in the file');
    inFile.add(code);
    const name = text(get('name'));
    if (!name) bad('name', name, '姓名不能为空', 'the name is empty');
    const opt = (f: Field) => text(get(f)) || null;
    const team = opt('team');
    if (team && !known.teams.includes(team)) bad('team', team, '没有这个团队', 'no such team');
    const family = opt('family');
    if (family && !known.families.includes(family))
      bad('family', family, '没有这个岗位族', 'no such job family');
    const hireDate = toDay(get('hireDate'));
    if (hireDate && !isDay(hireDate))
      bad('hireDate', hireDate, '不是有效日期（应为 YYYY-MM-DD）', 'not a valid date (YYYY-MM-DD)');
    const leaveDate = toDay(get('leaveDate'));
    if (leaveDate && !isDay(leaveDate))
      bad('leaveDate', leaveDate, '不是有效日期（应为 YYYY-MM-DD）', 'not a valid date (YYYY-MM-DD)');
    if (hireDate && leaveDate && isDay(hireDate) && isDay(leaveDate) && leaveDate < hireDate)
      bad('leaveDate', leaveDate, '离职日期早于入职日期', 'the leave date is before the hire date');
    rowOf.push(row);
    employees.push({
      code,
      name,
      team,
      family,
      level: opt('level'),
      supervisor: opt('supervisor'),
      hireDate,
      leaveDate,
      agent: opt('agent'),
    });
  });
  // supervisors may be in the company already or anywhere in the file
  const all = new Set([...knownCodes, ...inFile]);
  employees.forEach((e, i) => {
    if (e.supervisor && !all.has(e.supervisor))
      problems.push({
        row: rowOf[i]!,
        column: HEADERS.supervisor[0]!,
        value: e.supervisor,
        message: { zh: '主管工号不存在', en: 'no employee has this supervisor code' },
      });
    if (e.supervisor && e.supervisor === e.code)
      problems.push({
        row: rowOf[i]!,
        column: HEADERS.supervisor[0]!,
        value: e.supervisor,
        message: { zh: '不能是自己的主管', en: 'a person cannot supervise themselves' },
      });
  });
  return problems.length ? { employees: [], problems, rows: [] } : { employees, problems, rows: rowOf };
}
