/**
 * The team year-end pool (年终奖金池): sized from company annual sales, split by coefficients or
 * headcount, paid in instalments "to reduce the effect of resignations" (seed 000).
 *
 * - pool = sizing table applied to company annual sales, rounded at the plan's point;
 * - weight of a person = grade coefficient × personal standard (by level) + department coefficient ×
 *   department standard, or 1 each for headcount;
 * - shares = pool split by weight with the largest remainder, so they add up to the pool exactly;
 * - each share splits into the instalments by their fractions, again by largest remainder;
 * - a person who left before an instalment's payment date forfeits it when the plan says so (leaving
 *   on the date itself keeps it). Forfeited money stays with the company; other shares do not change.
 *
 * @example pool 100 000.00 split 1 : 1 : 1 → 33 333.34, 33 333.33, 33 333.33.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec, type Rounding, roundTo, splitLargestRemainder } from '../money.ts';
import { t } from '../text.ts';
import type { EmployeeMonth } from './pay-inputs.ts';
import type { YearEndPoolComponent } from './plan.ts';
import { commissionAt } from './rate-table.ts';

export interface PoolMember {
  employee: string;
  level: string;
  department: string;
  grade: string | null;
  row: number;
}

export interface PoolSplit {
  pool: Dec;
  annualSales: Dec;
  shares: Map<string, { share: Dec; weight: Dec; how: { zh: string; en: string } }>;
  problems: Problem[];
}

/** Sizes the pool and splits it among the members. */
export function splitPool(
  c: YearEndPoolComponent,
  members: readonly (PoolMember & { annualSales: Dec | null })[],
  rounding: Rounding,
  file: string,
): PoolSplit {
  const problems: Problem[] = [];
  const shares: PoolSplit['shares'] = new Map();
  const err = (row: number, column: string, value: string, zh: string, en: string) =>
    problems.push({
      severity: 'error',
      code: 'pool_input',
      message: t(zh, en),
      where: { file, row, column, value },
    });
  let annualSales: Dec | null = null;
  for (const m of members) {
    if (m.annualSales === null) {
      err(
        m.row,
        'company_annual_sales',
        '',
        '年终奖池需要公司年度销售额',
        'the year-end pool needs company_annual_sales',
      );
    } else if (annualSales === null) annualSales = m.annualSales;
    else if (!annualSales.eq(m.annualSales)) {
      err(
        m.row,
        'company_annual_sales',
        m.annualSales.toString(),
        `与其他行不一致（${annualSales}）`,
        `differs from other rows (${annualSales})`,
      );
    }
  }
  const weights: Dec[] = [];
  const hows: { zh: string; en: string }[] = [];
  for (const m of members) {
    if (c.split.method === 'headcount') {
      weights.push(dec(1));
      hows.push({ zh: '按人数，权重 1', en: 'by headcount, weight 1' });
      continue;
    }
    const s = c.split;
    const g = m.grade === null ? undefined : s.gradeCoefficients[m.grade];
    const ps = s.personalStandard[m.level];
    const dc = s.departmentCoefficients[m.department];
    if (!g)
      err(
        m.row,
        'kpi_grade',
        m.grade ?? '',
        '等级不在 grade_coefficients 中',
        'the grade is not in grade_coefficients',
      );
    if (!ps)
      err(m.row, 'level', m.level, '职级不在 personal_standard 中', 'the level is not in personal_standard');
    if (!dc)
      err(
        m.row,
        'department',
        m.department,
        '部门不在 department_coefficients 中',
        'the department is not in department_coefficients',
      );
    if (!g || !ps || !dc) {
      weights.push(dec(0));
      hows.push({ zh: '', en: '' });
      continue;
    }
    const w = g.times(ps).plus(dc.times(s.departmentStandard));
    weights.push(w);
    hows.push({
      zh: `权重 = 个人系数 ${g}（${m.grade}）× 个人标准 ${ps} + 部门系数 ${dc}（${m.department}）× 部门标准 ${s.departmentStandard} = ${w}`,
      en: `weight = grade coefficient ${g} (${m.grade}) × personal standard ${ps} + department coefficient ${dc} (${m.department}) × department standard ${s.departmentStandard} = ${w}`,
    });
  }
  if (problems.length > 0 || annualSales === null || members.length === 0) {
    return { pool: dec(0), annualSales: annualSales ?? dec(0), shares, problems };
  }
  const pool = roundTo(commissionAt(c.sizing, annualSales), rounding);
  const totalWeight = weights.reduce((a, b) => a.plus(b), dec(0));
  if (totalWeight.isZero()) return { pool, annualSales, shares, problems };
  const parts = splitLargestRemainder(pool, weights, rounding.point);
  members.forEach((m, i) => {
    shares.set(m.employee, {
      share: parts[i]!,
      weight: weights[i]!,
      how: {
        zh: `${hows[i]!.zh}；份额 = 奖池 ${pool} × ${weights[i]} / ${totalWeight}（最大余额法）= ${parts[i]}`,
        en: `${hows[i]!.en}; share = pool ${pool} × ${weights[i]} / ${totalWeight} (largest remainder) = ${parts[i]}`,
      },
    });
  });
  return { pool, annualSales, shares, problems };
}

/** The amount of instalment `index` of a share: the share split by the instalment fractions. */
export function instalmentAmounts(c: YearEndPoolComponent, share: Dec, point: number): Dec[] {
  return splitLargestRemainder(
    share,
    c.instalments.map((i) => i.fraction),
    point,
  );
}

/** Whether a person forfeits an instalment: left before its payment date and the plan says so. */
export function forfeits(
  c: YearEndPoolComponent,
  e: Pick<EmployeeMonth, 'leaveDate'>,
  date: string,
): boolean {
  return c.forfeit === 'leavers-before-date' && e.leaveDate !== null && e.leaveDate < date;
}
