/**
 * The reader's input file: JSON lines `{"indicator", "points", "target", "text"}` (other fields, such
 * as a corpus line's expectations, are ignored). Every malformed line is reported with its row and field;
 * a file with any malformed line is rejected as a whole, so nothing half-read is written.
 */
import type { Problem } from '../../errors.ts';
import { t } from '../../text.ts';
import type { RuleTextInput } from './reader-types.ts';

export interface ParsedLines {
  inputs: { row: number; input: RuleTextInput }[];
  problems: Problem[];
}

export function parseRuleTextLines(content: string, file: string): ParsedLines {
  const inputs: ParsedLines['inputs'] = [];
  const problems: Problem[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    const bad = (column: string | undefined, value: string, zh: string, en: string) =>
      problems.push({
        severity: 'error',
        code: 'rule_text_line',
        message: t(zh, en),
        where: { file, row, column, value },
      });
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      bad(undefined, line, '不是合法的JSON', 'not valid JSON');
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      bad(undefined, line, '不是JSON对象', 'not a JSON object');
      return;
    }
    const o = obj as Record<string, unknown>;
    const before = problems.length;
    if (typeof o.text !== 'string') bad('text', String(o.text), 'text 必须是字符串', 'text must be a string');
    if (typeof o.points !== 'number' || !Number.isFinite(o.points)) {
      bad(
        'points',
        String(o.points),
        'points 必须是数字（满分）',
        'points must be a number (the full points)',
      );
    }
    if (
      o.target !== null &&
      o.target !== undefined &&
      (typeof o.target !== 'number' || !Number.isFinite(o.target))
    ) {
      bad('target', String(o.target), 'target 必须是数字或 null', 'target must be a number or null');
    }
    if (o.indicator !== undefined && typeof o.indicator !== 'string') {
      bad('indicator', String(o.indicator), 'indicator 必须是字符串', 'indicator must be a string');
    }
    if (problems.length > before) return;
    inputs.push({
      row,
      input: {
        indicator: (o.indicator as string | undefined) ?? '',
        points: o.points as number,
        target: (o.target as number | null | undefined) ?? null,
        text: o.text as string,
      },
    });
  });
  return { inputs, problems };
}
