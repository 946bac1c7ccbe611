/**
 * Base-salary proration (底薪折算) for people who join or leave mid-month.
 *
 * The day-count convention is declared in the plan, because "30 days or the calendar?" and "does the
 * join day count?" are the classic disputes. Calendar days are counted from the 'YYYY-MM-DD' strings,
 * never with Date arithmetic (a calendar day has no time zone).
 *
 * @example calendar-days, join 2026-04-16 (counts), April has 30 days: 15 / 30 of the base.
 */
import { type Dec, dec } from '../money.ts';
import type { TraceSink } from '../trace.ts';
import type { Proration } from './plan.ts';

const ONE = dec(1);

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(month: string): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export function lastDayOf(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

export interface ProrationResult {
  /** Fraction of the month's base earned: 1 for a full month. */
  fraction: Dec;
  daysWorked: number;
  daysInPeriod: number;
}

/** The fraction of `month` an employee with these dates is paid for, by the declared convention. */
export function prorationFraction(
  p: Proration,
  month: string,
  joinDate: string | null,
  leaveDate: string | null,
  sink?: TraceSink | null,
): ProrationResult {
  const dim = daysInMonth(month);
  const monthStart = `${month}-01`;
  const monthEnd = lastDayOf(month);
  let first = 1;
  let last = dim;
  if (joinDate && joinDate > monthEnd) first = dim + 1;
  else if (joinDate && joinDate >= monthStart)
    first = Number(joinDate.slice(8, 10)) + (p.joinDayCounts ? 0 : 1);
  if (leaveDate && leaveDate < monthStart) last = 0;
  else if (leaveDate && leaveDate <= monthEnd)
    last = Number(leaveDate.slice(8, 10)) - (p.leaveDayCounts ? 0 : 1);
  const worked = Math.max(0, last - first + 1);
  if (worked === dim) {
    return { fraction: ONE, daysWorked: worked, daysInPeriod: dim };
  }
  const period = p.convention === 'calendar-days' ? dim : 30;
  const days = Math.min(worked, period);
  if (sink) {
    const rule =
      p.convention === 'calendar-days'
        ? { zh: `按日历天数（本月 ${dim} 天）`, en: `calendar days (${dim} in the month)` }
        : { zh: '按每月 30 天', en: '30-day month' };
    sink.step(
      `在职 ${month}-${String(first).padStart(2, '0')} 至 ${month}-${String(last).padStart(2, '0')}（入职当天${p.joinDayCounts ? '计' : '不计'}，离职当天${p.leaveDayCounts ? '计' : '不计'}），${rule.zh}：${days}/${period}`,
      `employed ${month}-${String(first).padStart(2, '0')} to ${month}-${String(last).padStart(2, '0')} (join day ${p.joinDayCounts ? 'counts' : 'does not count'}, leave day ${p.leaveDayCounts ? 'counts' : 'does not count'}), ${rule.en}: ${days}/${period}`,
    );
  }
  return { fraction: dec(days).div(period), daysWorked: days, daysInPeriod: period };
}
