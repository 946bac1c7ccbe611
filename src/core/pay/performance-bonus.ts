/**
 * Performance bonus (绩效奖金), schemes c and d of domain.md §5: bonus base (by level) × a coefficient
 * from the KPI score or grade, capped at a declared coefficient — pure performance pays the same at the
 * cap however big the month ("即使你爆单了，也是同样的收益").
 *
 * @example base 2 000, score 92 in the band "from 85 → 1.2", cap 1.5: 2 000 × 1.2 = 2 400.
 */
import { type Dec, dec } from '../money.ts';
import type { TraceSink } from '../trace.ts';
import { shown } from './payslip.ts';
import type { PerformanceBonusComponent } from './plan.ts';

export interface Score {
  total: number;
  grade: string;
  source: string;
}

/** The coefficient for a score or grade, or a reason why there is none. */
export function coefficientFor(
  c: PerformanceBonusComponent,
  score: Score,
): { value: Dec } | { missing: string } {
  const co = c.coefficient;
  if (co.by === 'grade') {
    const v = co.grades[score.grade];
    return v ? { value: v } : { missing: `grade ${score.grade}` };
  }
  const s = dec(score.total);
  for (const band of co.bands) {
    if (co.boundary === 'from-inclusive' ? s.gte(band.from) : s.gt(band.from))
      return { value: band.coefficient };
  }
  return { value: dec(0) };
}

export function computePerformanceBonus(
  c: PerformanceBonusComponent,
  bonusBase: Dec,
  coefficient: Dec,
  fraction: Dec,
  score: Score,
  sink: TraceSink | null,
): Dec {
  let k = coefficient;
  const by = c.coefficient.by === 'grade' ? `等级 ${score.grade}` : `得分 ${score.total}`;
  const byEn = c.coefficient.by === 'grade' ? `grade ${score.grade}` : `score ${score.total}`;
  sink?.step(`${by}（${score.source}）→ 系数 ${k}`, `${byEn} (${score.source}) → coefficient ${k}`);
  if (c.capCoefficient && k.gt(c.capCoefficient)) {
    sink?.step(`系数封顶 ${c.capCoefficient}`, `coefficient capped at ${c.capCoefficient}`);
    k = c.capCoefficient;
  }
  let amount = bonusBase.times(k);
  sink?.step(
    `奖金 = 基数 ${bonusBase} × 系数 ${k} = ${amount}`,
    `bonus = base ${bonusBase} × coefficient ${k} = ${amount}`,
  );
  if (c.prorate && !fraction.eq(1)) {
    amount = amount.times(fraction);
    sink?.step(
      `按在职天数折算 × ${fraction.toDecimalPlaces(6)} = ${amount}`,
      `prorated × ${fraction.toDecimalPlaces(6)} = ${shown(amount)}`,
    );
  }
  return amount;
}
