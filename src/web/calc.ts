/**
 * Small pure helpers of the pages (progress of a month, the grade counts of a calibration group), kept
 * apart from the components so they are tested without a browser.
 */
import type { CalibrationGroup, Month } from './types.ts';

export const FORM_STATUSES = ['open', 'scored', 'published', 'confirmed', 'objected', 'resolved'] as const;

/** Share (0–100) of a month's forms that have moved past `open`. */
export function progressOf(m: Pick<Month, 'total' | 'counts'>): number {
  if (m.total === 0) return 0;
  const notOpen = m.total - (m.counts.open ?? 0);
  return Math.round((notOpen / m.total) * 100);
}

const ORDER = ['S', 'A', 'B', 'C', 'D', 'E'];

/** Grades to show for a group: the quota's grades in their order, then any other grade that occurs. */
export function gradesOf(g: Pick<CalibrationGroup, 'quota' | 'forms'>): string[] {
  const fromQuota = g.quota?.counts.map((c) => c.grade) ?? [];
  const seen = new Set(fromQuota);
  const rank = (x: string) => (ORDER.includes(x) ? ORDER.indexOf(x) : ORDER.length);
  const rest = [
    ...new Set(g.forms.map((f) => f.finalGrade ?? f.grade).filter((x): x is string => !!x && !seen.has(x))),
  ].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [...fromQuota, ...rest];
}

/** How many forms hold each grade now (the calibrated grade when there is one). */
export function actualCounts(g: Pick<CalibrationGroup, 'forms'>, grades: string[]): number[] {
  return grades.map((gr) => g.forms.filter((f) => (f.finalGrade ?? f.grade) === gr).length);
}
