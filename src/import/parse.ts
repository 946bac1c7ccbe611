/**
 * Cell parsers (单元格解析): text from an export → an exact value, or a reason why not.
 *
 * None of these throws on bad input: each returns `{ ok: false, reason }` with the reason in zh-CN and en,
 * and the preset turns it into a Problem naming the file, row, column and value. Amounts come out as
 * canonical decimal strings ("1234.56", "-12", "12345") computed with decimal.js, never through a float.
 */
import { daysFromCivil, daysInMonth, fromDays, isoDate } from '../core/metrics/calendar.ts';
import { dec } from '../core/money.ts';
import { type Text, t } from '../core/text.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Text };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(zh: string, en: string): Parsed<T> => ({ ok: false, reason: t(zh, en) });

/** Cells that mean "no value" in platform exports: '', '-', '--', '—', 'N/A', 'null'. */
export function isBlank(raw: string): boolean {
  const s = raw.trim();
  return s === '' || s === '-' || s === '--' || s === '—' || s === '－' || /^(n\/?a|null|none)$/i.test(s);
}

/**
 * Removes the wrappers spreadsheets add to keep text as text: `="0123"`, a leading apostrophe, and a tab
 * (some Chinese exports prefix long ids with \t so Excel does not turn them into 1.23E+18).
 */
export function unwrapText(raw: string): string {
  let s = raw.trim();
  const m = /^="(.*)"$/.exec(s);
  if (m) s = m[1]!;
  if (s.startsWith("'")) s = s.slice(1);
  return s.trim();
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * An amount of money: '¥1,234.56', '$1,234.56', '1 234,00'? (no: comma is a thousands separator only),
 * '(12.00)' (accounting negative), '-12', '1.2万' (×10 000), '3亿' (×10⁸), '-' or '' (no value → null).
 * @example parseAmount('¥1,234.56') → { ok: true, value: '1234.56' }; parseAmount('(12.00)') → '-12'
 */
export function parseAmount(raw: string): Parsed<string | null> {
  // fast path for the common plain cell ("1234.50", "-12"): no regex soup, no Decimal
  if (PLAIN.test(raw)) return ok(canonicalPlain(raw));
  if (isBlank(raw)) return ok(null);
  let s = unwrapText(raw).replace(/[\s\u00a0]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(/^(US\$|USD|CNY|RMB|HK\$|[¥￥$€£])/i, '').replace(/(元|USD|CNY|RMB)$/i, '');
  if (s.startsWith('-') && !negative) {
    // "¥-12.00"
    negative = true;
    s = s.slice(1);
  }
  let scale = '';
  if (s.endsWith('万')) {
    scale = '1e4';
    s = s.slice(0, -1);
  } else if (s.endsWith('亿')) {
    scale = '1e8';
    s = s.slice(0, -1);
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (s.startsWith('.')) s = `0${s}`;
  if (!DECIMAL.test(s)) {
    return bad(`不是金额: ${raw}`, `not an amount: ${raw}`);
  }
  if (!scale) return ok(canonicalPlain(negative ? `-${s}` : s));
  let d = dec(s).times(scale);
  if (negative) d = d.negated();
  return ok(canonical(d.toFixed()));
}

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * The canonical form decimal.js would give for a plain decimal string, by string edits: no leading zeros,
 * no trailing fractional zeros, no "-0". @example canonicalPlain('-007.50') === '-7.5'
 */
function canonicalPlain(s: string): string {
  const neg = s.charCodeAt(0) === 45;
  const start = neg ? 1 : 0;
  const dot = s.indexOf('.');
  // most cells are already canonical ("1234.56", "12"): return them without building new strings
  const c1 = s.charCodeAt(start + 1);
  const leadingOk = s.charCodeAt(start) !== 48 || Number.isNaN(c1) || c1 === 46;
  if (leadingOk && (dot < 0 || s.charCodeAt(s.length - 1) !== 48) && s !== '-0') return s;
  let body = neg ? s.slice(1) : s;
  const d = body.indexOf('.');
  let int = d < 0 ? body : body.slice(0, d);
  let frac = d < 0 ? '' : body.slice(d + 1);
  let i = 0;
  while (i < int.length - 1 && int.charCodeAt(i) === 48) i++;
  int = int.slice(i);
  let j = frac.length;
  while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
  frac = frac.slice(0, j);
  body = frac ? `${int}.${frac}` : int;
  return neg && body !== '0' ? `-${body}` : body;
}

/** '-0' → '0'; decimal.js toFixed() already drops trailing zeros of an unrounded value. */
function canonical(s: string): string {
  return s === '-0' ? '0' : s;
}

/**
 * A count (visitors, orders, units): a whole number, commas allowed; '1.2万' accepted when it is whole.
 * @example parseCount('12,345') → 12345; parseCount('-') → null; parseCount('1.5') → not a whole number
 */
export function parseCount(raw: string): Parsed<number | null> {
  if (raw.length < 16 && DIGITS.test(raw)) return ok(Number(raw));
  if (isBlank(raw)) return ok(null);
  const a = parseAmount(raw);
  if (!a.ok || a.value === null) return bad(`不是数量: ${raw}`, `not a count: ${raw}`);
  const d = dec(a.value);
  if (!d.isInteger()) return bad(`数量应为整数: ${raw}`, `a count must be a whole number: ${raw}`);
  if (d.abs().greaterThan(Number.MAX_SAFE_INTEGER)) return bad(`数量过大: ${raw}`, `count too large: ${raw}`);
  return ok(d.toNumber());
}

/**
 * A percentage or a ratio, as an exact decimal fraction: '12.3%' → '0.123'; '0.123' (no % sign) is taken
 * as already a fraction; '-' → null.
 */
export function parsePercent(raw: string): Parsed<string | null> {
  if (isBlank(raw)) return ok(null);
  const s = unwrapText(raw).replace(/\s/g, '');
  const hasPct = s.endsWith('%') || s.endsWith('％');
  const body = hasPct ? s.slice(0, -1) : s;
  const a = parseAmount(body);
  if (!a.ok || a.value === null || /[¥$￥万亿]/.test(body))
    return bad(`不是百分比: ${raw}`, `not a percentage: ${raw}`);
  return ok(canonical((hasPct ? dec(a.value).div(100) : dec(a.value)).toFixed()));
}

/**
 * A duration in seconds: '35', '35.2', '35秒', '1分5秒', '00:01:05'. Returns a decimal string.
 */
export function parseSeconds(raw: string): Parsed<string | null> {
  if (isBlank(raw)) return ok(null);
  const s = unwrapText(raw).replace(/\s/g, '');
  let m = /^(\d+(?:\.\d+)?)(s|秒)?$/i.exec(s);
  if (m) return ok(canonical(dec(m[1]!).toFixed()));
  m = /^(?:(\d+)(?:小时|h))?(?:(\d+)(?:分钟|分|m))?(?:(\d+(?:\.\d+)?)(?:秒|s))?$/i.exec(s);
  if (m && (m[1] || m[2] || m[3])) {
    const v = dec(m[1] ?? 0)
      .times(3600)
      .plus(dec(m[2] ?? 0).times(60))
      .plus(m[3] ?? 0);
    return ok(canonical(v.toFixed()));
  }
  m = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (m) {
    const v = dec(m[1] ?? 0)
      .times(3600)
      .plus(dec(m[2]!).times(60))
      .plus(m[3]!);
    return ok(canonical(v.toFixed()));
  }
  return bad(`不是时长: ${raw}`, `not a duration: ${raw}`);
}

/** How to read an all-numeric date such as 10/01/2026: month first (US) or day first. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const DIGITS = /^\d+$/;

/**
 * The commonest cells parsed without allocating a result object (imports of a million rows spend their
 * time here): a plain amount, a plain count, an ISO date with or without a time, clean text. Returns
 * undefined when the cell needs the general parser (which also explains what is wrong).
 */
export function quickParse(type: 'amount' | 'count' | 'date' | 'text' | 'percent' | 'seconds', raw: string) {
  switch (type) {
    case 'amount':
      return PLAIN.test(raw) ? canonicalPlain(raw) : undefined;
    case 'count':
      return raw.length < 16 && DIGITS.test(raw) ? Number(raw) : undefined;
    case 'date': {
      // 'YYYY-MM-DD' alone or before ' hh:mm…', read by character codes (no slices, no regex)
      const n = raw.length;
      if (n !== 10 && !(n > 10 && raw.charCodeAt(10) === 32)) return undefined;
      if (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
      const y = digitsAt(raw, 0, 4);
      const m = digitsAt(raw, 5, 2);
      const d = digitsAt(raw, 8, 2);
      if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
      return n === 10 ? raw : raw.slice(0, 10);
    }
    case 'text': {
      const n = raw.length;
      const first = raw.charCodeAt(0);
      const last = raw.charCodeAt(n - 1);
      // '=', "'", tab or space at either end: let unwrapText deal with it
      if (n > 0 && first > 32 && first !== 61 && first !== 39 && last > 32) return raw;
      // ="3000123" (how exports keep long ids as text) around visible ASCII: what unwrapText gives
      if (first === 61 && n > 3 && raw.charCodeAt(1) === 34 && last === 34 && raw.charCodeAt(2) !== 39) {
        for (let i = 2; i < n - 1; i++) {
          const c = raw.charCodeAt(i);
          if (c < 33 || c > 126) return undefined;
        }
        return raw.slice(2, -1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
/** The number written by `len` ASCII digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(s: string, start: number, len: number): number {
  let v = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** '2026-10-01' alone or followed by a time: the common case, checked first. */
const ISO_START = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * A calendar date → 'YYYY-MM-DD'. Accepts 2026-10-01, 2026/10/1, 2026.10.01, 20261001, 2026年10月1日,
 * an Excel serial number (46296 → 2026-10-01), 'Oct 1, 2026', '1 Oct 2026', and with a declared order
 * 10/01/2026 (mdy, Amazon US) or 01/10/2026 (dmy). A time after the date ('2026-10-01 12:34:56 +0800')
 * is dropped: the date is taken as written, in the store's own time zone.
 */
export function parseDate(raw: string, order: DateOrder = 'ymd'): Parsed<string | null> {
  let m = ISO_START.exec(raw);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, raw);
  if (isBlank(raw)) return ok(null);
  const s = unwrapText(raw);
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, raw);
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s.*)?$/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, raw);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T\s].*)?$/.exec(s);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    if (order === 'mdy') return ymd(year, +m[1]!, +m[2]!, raw);
    if (order === 'dmy') return ymd(year, +m[2]!, +m[1]!, raw);
    return bad(
      `日期 ${raw} 的月日顺序不明 (请声明 mdy 或 dmy)`,
      `date ${raw} is ambiguous: declare the order (mdy or dmy)`,
    );
  }
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s.*)?$/.exec(s);
  if (m && MONTHS[m[1]!.toLowerCase()]) return ymd(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!, raw);
  m = /^(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*\.?[\s-](\d{4})(?:\s.*)?$/.exec(s);
  if (m && MONTHS[m[2]!.toLowerCase()]) return ymd(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!, raw);
  m = /^(\d{5})(\.\d+)?$/.exec(s);
  if (m) {
    const serial = +m[1]!;
    // Excel counts 1900-01-01 as 1 and keeps the fictitious 1900-02-29 (serial 60): after it, day 0 is 1899-12-30
    if (serial > 60 && serial < 2958466) return ok(fromDays(serial + daysFromCivil(1899, 12, 30)));
  }
  return bad(`不是日期: ${raw}`, `not a date: ${raw}`);
}

function ymd(y: number, mo: number, d: number, raw: string): Parsed<string> {
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return bad(`日期不存在: ${raw}`, `no such date: ${raw}`);
  }
  return ok(isoDate(y, mo, d));
}

export { daysFromCivil, daysInMonth, fromDays, isoDate };
