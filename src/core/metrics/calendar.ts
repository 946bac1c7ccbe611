/**
 * Calendar days as 'YYYY-MM-DD' strings and whole-day arithmetic on integers (日历).
 *
 * A calendar day has no time zone of its own, so shopkpi never uses `Date` for days: a date is a string,
 * and "three days later" is done on a day number (days since 1970-01-01, proleptic Gregorian) with
 * Howard Hinnant's civil-date algorithms, which are exact for any year.
 */

/** 'YYYY-MM-DD' from parts. */
export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a date given by parts. @example daysFromCivil(1970, 1, 2) === 1 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number, as 'YYYY-MM-DD'. Inverse of {@link daysFromCivil}. */
export function fromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return isoDate(era * 400 + yoe + (m <= 2 ? 1 : 0), m, d);
}

/** Parts of a 'YYYY-MM-DD' string (not validated: callers pass dates they made or parsed). */
export function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Day number of a 'YYYY-MM-DD' string. */
export function dayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return daysFromCivil(y, m, d);
}

/** @example addDays('2026-02-28', 1) === '2026-03-01' */
export function addDays(date: string, n: number): string {
  return fromDays(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) out.push(fromDays(d));
  return out;
}
