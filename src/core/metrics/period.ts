/**
 * Reporting periods (统计期间): a day, a month, a quarter or a year, and the same period last year.
 * Written as '2026-11-11', '2026-10', '2026-Q4', '2026'.
 */
import { type Text, t } from '../text.ts';
import { daysInMonth, isLeapYear, isoDate, parts } from './calendar.ts';

export type PeriodKind = 'day' | 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** '2026-11-11' | '2026-10' | '2026-Q4' | '2026' */
  key: string;
  /** first day, included */
  from: string;
  /** last day, included */
  to: string;
}

/**
 * Parses a period key; undefined when it is not one.
 * @example parsePeriod('2026-Q4') → { kind: 'quarter', from: '2026-10-01', to: '2026-12-31', … }
 */
export function parsePeriod(key: string): Period | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) {
    const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
    return { kind: 'day', key, from: key, to: key };
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const [y, mo] = [+m[1]!, +m[2]!];
    if (mo < 1 || mo > 12) return undefined;
    return { kind: 'month', key, from: isoDate(y, mo, 1), to: isoDate(y, mo, daysInMonth(y, mo)) };
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(key);
  if (m) {
    const [y, q] = [+m[1]!, +m[2]!];
    const last = q * 3;
    return {
      kind: 'quarter',
      key: `${y}-Q${q}`,
      from: isoDate(y, last - 2, 1),
      to: isoDate(y, last, daysInMonth(y, last)),
    };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) return { kind: 'year', key, from: `${key}-01-01`, to: `${key}-12-31` };
  return undefined;
}

/**
 * The same period one year earlier. A day keeps its month and day (双11 compares with last 双11); 29 Feb
 * compares with 28 Feb.
 */
export function lastYear(p: Period): Period {
  if (p.kind === 'day') {
    const [y, m, d] = parts(p.key);
    const day = m === 2 && d === 29 && !isLeapYear(y - 1) ? 28 : d;
    return parsePeriod(isoDate(y - 1, m, day))!;
  }
  const y = Number(p.key.slice(0, 4)) - 1;
  return parsePeriod(`${String(y).padStart(4, '0')}${p.key.slice(4)}`)!;
}

/** Number of days in a period. */
export function periodDays(p: Period): number {
  const [y, m] = parts(p.from);
  if (p.kind === 'day') return 1;
  if (p.kind === 'month') return daysInMonth(y, m);
  if (p.kind === 'year') return isLeapYear(y) ? 366 : 365;
  return daysInMonth(y, m) + daysInMonth(y, m + 1) + daysInMonth(y, m + 2);
}

export function describePeriod(p: Period): Text {
  switch (p.kind) {
    case 'day':
      return t(`${p.key} 当日`, `day ${p.key}`);
    case 'month':
      return t(`${p.key} 月`, `month ${p.key}`);
    case 'quarter':
      return t(`${p.key.slice(0, 4)} 年第 ${p.key.slice(-1)} 季度`, `quarter ${p.key}`);
    case 'year':
      return t(`${p.key} 年`, `year ${p.key}`);
  }
}
