/**
 * Grades (等级): a total maps to the one grade band that contains it. Bands are intervals with explicit
 * inclusion, so 85 is A under "[85, 95)" and B under "(70, 85]"; validate.ts refuses holes and overlaps.
 */
import { contains, describeInterval } from './interval.ts';
import type { GradeBand } from './types.ts';

export function gradeOf(total: number, grades: readonly GradeBand[]): GradeBand | undefined {
  for (const g of grades) if (contains(g.when, total)) return g;
  return undefined;
}

export function describeGrade(g: GradeBand) {
  return describeInterval(g.when, false);
}
