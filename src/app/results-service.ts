/**
 * Results lists (考核结果应用, seed 000: "作为本公司进行人员薪资调整、培训规划、职位晋升和岗位调动的决策依据"):
 * who is proposed for a salary adjustment, training, promotion, transfer or an improvement plan, from
 * rules over the final grades of one or more published months. The rules are data below, each with its
 * reason in words, so a company can read (and change) exactly why a person is on a list.
 */
import type { Text } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';

export type ResultList = 'salaryAdjustment' | 'training' | 'promotion' | 'transfer' | 'improvementPlan';

/** Grade letters as points, best first: S 5 … D 1 (A/B/C/D templates use the same letters). */
const GRADE_POINTS: Record<string, number> = { S: 5, A: 4, B: 3, C: 2, D: 1 };

export interface ResultRule {
  list: ResultList;
  reason: Text;
  /** grades of the months asked for, oldest first (null = no graded form that month) */
  applies(grades: (string | null)[]): boolean;
}

const graded = (g: (string | null)[]) => g.filter((x): x is string => x !== null);
const count = (g: (string | null)[], set: string[]) => graded(g).filter((x) => set.includes(x)).length;

export const RESULT_RULES: readonly ResultRule[] = [
  {
    list: 'promotion',
    reason: { zh: '所有月份均为 S 或 A，且至少一次 S', en: 'S or A in every month, at least one S' },
    applies: (g) =>
      graded(g).length === g.length &&
      g.length > 0 &&
      count(g, ['S', 'A']) === g.length &&
      count(g, ['S']) >= 1,
  },
  {
    list: 'salaryAdjustment',
    reason: {
      zh: '平均等级分 ≥ 4（S=5 A=4 B=3 C=2 D=1）',
      en: 'average grade points ≥ 4 (S=5 A=4 B=3 C=2 D=1)',
    },
    applies: (g) => {
      const pts = graded(g).map((x) => GRADE_POINTS[x] ?? 0);
      return pts.length > 0 && pts.reduce((a, b) => a + b, 0) / pts.length >= 4;
    },
  },
  {
    list: 'training',
    reason: { zh: '任一月份为 C 或 D', en: 'C or D in any month' },
    applies: (g) => count(g, ['C', 'D']) >= 1,
  },
  {
    list: 'improvementPlan',
    reason: { zh: '任一月份为 D，或两个及以上月份为 C', en: 'D in any month, or C in two or more months' },
    applies: (g) => count(g, ['D']) >= 1 || count(g, ['C']) >= 2,
  },
  {
    list: 'transfer',
    reason: { zh: '两个及以上月份为 D：考虑调岗', en: 'D in two or more months: consider a transfer' },
    applies: (g) => count(g, ['D']) >= 2,
  },
];

export interface ResultEntry {
  employee: string;
  name: string;
  grades: (string | null)[];
  reason: Text;
}

export async function resultLists(
  db: Sql,
  company: string,
  months: string[],
): Promise<{ months: string[]; lists: Record<ResultList, ResultEntry[]> }> {
  const sorted = [...new Set(months)].sort();
  const r = await db.query<{ employee: string; name: string; month: string; grade: string | null }>(
    `SELECT f.employee, e.name, f.month, coalesce(f.calibrated_grade, f.grade) AS grade
     FROM appraisal_form f JOIN appraisal_month m ON m.company_id = f.company_id AND m.month = f.month
     JOIN employee e ON e.company_id = f.company_id AND e.code = f.employee
     WHERE f.company_id = $1 AND f.month = ANY($2::text[]) AND m.status IN ('published', 'closed')
     ORDER BY f.employee`,
    [company, sorted],
  );
  const people = new Map<string, { name: string; grades: (string | null)[] }>();
  for (const row of r.rows) {
    const p = people.get(row.employee) ?? { name: row.name, grades: sorted.map(() => null) };
    p.grades[sorted.indexOf(row.month)] = row.grade;
    people.set(row.employee, p);
  }
  const lists: Record<ResultList, ResultEntry[]> = {
    salaryAdjustment: [],
    training: [],
    promotion: [],
    transfer: [],
    improvementPlan: [],
  };
  for (const [employee, p] of people)
    for (const rule of RESULT_RULES)
      if (rule.applies(p.grades))
        lists[rule.list].push({ employee, name: p.name, grades: p.grades, reason: rule.reason });
  return { months: sorted, lists };
}
