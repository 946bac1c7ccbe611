/**
 * One error vocabulary (错误代码). Expected problems in user input are returned as {@link Problem}
 * lists (validation results say every problem with where and why); {@link AppError} is thrown for a
 * request that cannot go on, with a code from the closed list below. The HTTP layer maps codes to
 * statuses in exactly one table; the messages are bilingual.
 */
import type { Text } from './text.ts';

export const ERROR_CODES = [
  'invalid_input',
  'invalid_template',
  'invalid_plan',
  'not_found',
  'conflict',
  'forbidden',
  'unauthenticated',
  'import_refused',
  'formula_refused',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where a problem is: a file, a row (1-based, as a spreadsheet shows it), a column, a path in a document. */
export interface Where {
  file?: string;
  row?: number;
  column?: string;
  /** A path inside a document, e.g. "indicators[2].rule.bands[1]". */
  path?: string;
  value?: string;
}

export type Severity = 'error' | 'warning';

/** One thing wrong (or worth a look) in something a person wrote. */
export interface Problem {
  severity: Severity;
  /** A stable machine code, e.g. "weights_total", "band_gap". */
  code: string;
  message: Text;
  where: Where;
  /** A suggested fix, where there is one. */
  fix?: Text;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text: Text;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, text: Text, problems: readonly Problem[] = []) {
    super(`${text.en}${problems.length ? `\n${problems.map((p) => describeProblem(p)).join('\n')}` : ''}`);
    this.name = 'AppError';
    this.code = code;
    this.text = text;
    this.problems = problems;
  }
}

/** "file.csv row 3, column revenue (value 'abc'): not a number" */
export function describeWhere(w: Where): string {
  const parts: string[] = [];
  if (w.file) parts.push(w.file);
  if (w.row !== undefined) parts.push(`row ${w.row}`);
  if (w.column !== undefined) parts.push(`column ${w.column}`);
  if (w.path) parts.push(w.path);
  let s = parts.join(', ');
  if (w.value !== undefined)
    s += ` (value ${JSON.stringify(w.value.length > 60 ? `${w.value.slice(0, 60)}…` : w.value)})`;
  return s;
}

export function describeProblem(p: Problem, lang: 'zh' | 'en' = 'en'): string {
  const where = describeWhere(p.where);
  const fix = p.fix ? ` — ${lang === 'zh' ? '建议' : 'fix'}: ${p.fix[lang]}` : '';
  return `${p.severity === 'error' ? 'error' : 'warning'} [${p.code}]${where ? ` ${where}` : ''}: ${p.message[lang]}${fix}`;
}

export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}
