/**
 * Results lists (考核结果应用, seed 000: "作为本公司进行人员薪资调整、培训规划、职位晋升和岗位调动的决策依据"):
 * who is proposed for a salary adjustment, training, promotion, transfer or an improvement plan, from
 * rules over the final grades of one or more published months. The rules are data below, each with its
 * reason in words, so a company can read (and change) exactly why a person is on a list.
 */
import type { GradeBand } from '../core/scoring/types.ts';
import type { Text } from '../core/text.ts';
import type { Sql } from '../db/open-db.ts';
import { appliedYaml, parsedTemplate } from './template-service.ts';

export type ResultList = 'salaryAdjustment' | 'training' | 'promotion' | 'transfer' | 'improvementPlan';

/**
 * A month's final grade as its place in its own template's grades: rank 0 is the best of `of` grades.
 * The rules read places, not letters, so a template whose grades are called 卓越…待改进 or gold/silver/
 * bronze gets the same lists as one with S…D (grade names are the template author's choice).
 */
export interface RankedGrade {
  grade: string;
  rank: number;
  of: number;
}

/**
 * The template's grade names best first: by the bands' lower bounds, highest first (a higher total is
 * a better grade), so the order in which the YAML lists the bands does not matter.
 * @example gradeOrder([{ grade: 'C', when: { lt: 60 } }, { grade: 'A', when: { gte: 60 } }]) // ['A', 'C']
 */
export function gradeOrder(grades: readonly GradeBand[]): string[] {
  const low = (g: GradeBand) => g.when.gte ?? g.when.gt ?? Number.NEGATIVE_INFINITY;
  const high = (g: GradeBand) => g.when.lte ?? g.when.lt ?? Number.POSITIVE_INFINITY;
  return [...grades].sort((a, b) => low(b) - low(a) || high(b) - high(a)).map((g) => g.grade);
}

/**
 * How many grades at each end count as "high" (S, A) and "low" (C, D): two, or fewer when the template
 * has so few grades that two would reach the middle (3 grades: only the best and the worst).
 */
const band = (of: number) => Math.min(2, Math.floor(of / 2));
const isTop = (g: RankedGrade) => g.rank === 0;
const isHigh = (g: RankedGrade) => g.rank < band(g.of);
const isBottom = (g: RankedGrade) => g.of >= 2 && g.rank === g.of - 1;
const isLow = (g: RankedGrade) => g.rank >= g.of - band(g.of);

export interface ResultRule {
  list: ResultList;
  reason: Text;
  /** grades of the months asked for, oldest first (null = no graded form that month) */
  applies(grades: (RankedGrade | null)[]): boolean;
}

const graded = (g: (RankedGrade | null)[]) => g.filter((x): x is RankedGrade => x !== null);
const count = (g: (RankedGrade | null)[], is: (x: RankedGrade) => boolean) => graded(g).filter(is).length;

export const RESULT_RULES: readonly ResultRule[] = [
  {
    list: 'promotion',
    reason: {
      zh: '所有月份均为最好的两个等级（如 S 或 A），且至少一次最好等级（如 S）',
      en: 'one of the two best grades (e.g. S or A) in every month, the best (e.g. S) at least once',
    },
    applies: (g) =>
      graded(g).length === g.length && g.length > 0 && count(g, isHigh) === g.length && count(g, isTop) >= 1,
  },
  {
    list: 'salaryAdjustment',
    reason: {
      zh: '平均等级不低于第二好的等级（S=5 A=4 B=3 C=2 D=1 时平均 ≥ 4）',
      en: 'average grade at least the second best (with S=5 A=4 B=3 C=2 D=1: average ≥ 4)',
    },
    // each month's steps below the second best grade (S −1, A 0, B 1, C 2, D 3): a sum ≤ 0 is an average
    // at least the second best, i.e. average points ≥ 4 with S=5 … D=1
    applies: (g) => {
      const steps = graded(g).map((x) => x.rank - (band(x.of) - 1));
      return (
        steps.length > 0 && graded(g).every((x) => band(x.of) > 0) && steps.reduce((a, b) => a + b, 0) <= 0
      );
    },
  },
  {
    list: 'training',
    reason: {
      zh: '任一月份为最差的两个等级（如 C 或 D）',
      en: 'one of the two worst grades (e.g. C or D) in any month',
    },
    applies: (g) => count(g, isLow) >= 1,
  },
  {
    list: 'improvementPlan',
    reason: {
      zh: '任一月份为最差等级（如 D），或两个及以上月份为次差等级（如 C）',
      en: 'the worst grade (e.g. D) in any month, or the second worst (e.g. C) in two or more months',
    },
    applies: (g) => count(g, isBottom) >= 1 || count(g, (x) => isLow(x) && !isBottom(x)) >= 2,
  },
  {
    list: 'transfer',
    reason: {
      zh: '两个及以上月份为最差等级（如 D）：考虑调岗',
      en: 'the worst grade (e.g. D) in two or more months: consider a transfer',
    },
    applies: (g) => count(g, isBottom) >= 2,
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
  const r = await db.query<{
    employee: string;
    name: string;
    month: string;
    grade: string | null;
    template_id: string;
    template_version: string;
  }>(
    `SELECT f.employee, e.name, f.month, coalesce(f.calibrated_grade, f.grade) AS grade,
       f.template_id, f.template_version
     FROM appraisal_form f JOIN appraisal_month m ON m.company_id = f.company_id AND m.month = f.month
     JOIN employee e ON e.company_id = f.company_id AND e.code = f.employee
     WHERE f.company_id = $1 AND f.month = ANY($2::text[]) AND m.status IN ('published', 'closed')
     ORDER BY f.employee`,
    [company, sorted],
  );
  // each template version's grades best first (published forms' versions are applied: read once)
  const orders = new Map<string, string[]>();
  for (const row of r.rows) {
    const key = `${row.template_id}@${row.template_version}`;
    if (orders.has(key)) continue;
    const yaml = await appliedYaml(db, company, row.template_id, row.template_version);
    orders.set(key, gradeOrder(parsedTemplate(company, row.template_id, row.template_version, yaml).grades));
  }
  const people = new Map<
    string,
    { name: string; grades: (string | null)[]; ranked: (RankedGrade | null)[] }
  >();
  for (const row of r.rows) {
    const p = people.get(row.employee) ?? {
      name: row.name,
      grades: sorted.map(() => null),
      ranked: sorted.map(() => null),
    };
    const i = sorted.indexOf(row.month);
    const order = orders.get(`${row.template_id}@${row.template_version}`)!;
    const rank = row.grade === null ? -1 : order.indexOf(row.grade);
    p.grades[i] = row.grade;
    // a grade the template does not have (never written by the services) counts as no grade, not the worst
    p.ranked[i] = rank < 0 ? null : { grade: row.grade!, rank, of: order.length };
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
      if (rule.applies(p.ranked))
        lists[rule.list].push({ employee, name: p.name, grades: p.grades, reason: rule.reason });
  return { months: sorted, lists };
}
