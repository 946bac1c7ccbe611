/**
 * Scorecards for schemes c and d come from `shopkpi score --json`. Only the fields pay needs are read:
 * `{ employee, name?, total, grade, template }`; everything else in a scorecard is ignored.
 */
import type { Problem } from '../errors.ts';
import { t } from '../text.ts';
import type { Score } from './performance-bonus.ts';

export function readScorecards(
  jsonText: string,
  file: string,
): { scores: Map<string, Score>; problems: Problem[] } {
  const scores = new Map<string, Score>();
  const problems: Problem[] = [];
  const bad = (path: string, zh: string, en: string, value?: string) =>
    problems.push({
      severity: 'error',
      code: 'bad_scorecard',
      message: t(zh, en),
      where: { file, path, ...(value === undefined ? {} : { value }) },
    });
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch (err) {
    bad('', `不是有效的 JSON：${String(err)}`, `not valid JSON: ${String(err)}`);
    return { scores, problems };
  }
  if (!Array.isArray(doc)) {
    bad(
      '',
      '应为评分卡数组（shopkpi score --json 的输出）',
      'must be an array of scorecards (the output of shopkpi score --json)',
    );
    return { scores, problems };
  }
  doc.forEach((item: unknown, i) => {
    const path = `[${i}]`;
    if (typeof item !== 'object' || item === null) {
      bad(path, '应为对象', 'must be an object');
      return;
    }
    const o = item as Record<string, unknown>;
    const employee = o.employee;
    if (typeof employee !== 'string' || employee === '') {
      bad(`${path}.employee`, '缺少工号', 'employee is missing');
      return;
    }
    const total = o.total;
    const grade = o.grade;
    if (typeof total !== 'number' || !Number.isFinite(total)) {
      bad(`${path}.total`, `员工 ${employee} 没有总分`, `employee ${employee} has no total`, String(total));
      return;
    }
    if (typeof grade !== 'string' || grade === '') {
      bad(`${path}.grade`, `员工 ${employee} 没有等级`, `employee ${employee} has no grade`, String(grade));
      return;
    }
    if (scores.has(employee)) {
      bad(`${path}.employee`, `员工 ${employee} 出现两次`, `employee ${employee} appears twice`, employee);
      return;
    }
    const template = typeof o.template === 'string' ? ` ${o.template}` : '';
    scores.set(employee, { total, grade, source: `${file}${template} [${i}]` });
  });
  return { scores, problems };
}
