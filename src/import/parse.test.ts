import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../core/money.ts';
import {
  daysFromCivil,
  fromDays,
  parseAmount,
  parseCount,
  parseDate,
  parsePercent,
  parseSeconds,
  quickParse,
  unwrapText,
} from './parse.ts';

const value = <T>(p: { ok: true; value: T } | { ok: false }) => (p.ok ? p.value : 'ERROR');

describe('parseAmount', () => {
  it.each([
    ['¥1,234.56', '1234.56'],
    ['￥1,234.56', '1234.56'],
    ['$1,234.56', '1234.56'],
    ['US$12.00', '12'],
    ['-', null],
    ['', null],
    ['  --  ', null],
    ['1.2万', '12000'],
    ['3.5亿', '350000000'],
    ['(12.00)', '-12'],
    ['-¥8.50', '-8.5'],
    ['¥-8.50', '-8.5'],
    ['1234', '1234'],
    ['0.00', '0'],
    ['-0', '0'],
    ['="88.80"', '88.8'],
    ['12.5元', '12.5'],
    ['007.50', '7.5'],
    ['-0.00', '0'],
    ['0.0500', '0.05'],
    ['-000', '0'],
  ])('%j → %j', (raw, expected) => {
    expect(value(parseAmount(raw))).toBe(expected);
  });

  it.each(['abc', '1,23', '12.3.4', '=SUM(A1:A3)', '1e5', '12%', '1,234,56'])(
    'refuses %j with a reason',
    (raw) => {
      const r = parseAmount(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason.zh).toContain(raw);
        expect(r.reason.en).toContain('not an amount');
      }
    },
  );

  // Round trip: any cent amount formatted the way exports write it parses back to the same decimal.
  const cents = fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n });
  const formats = fc.constantFrom('plain', 'grouped', 'yuan', 'dollar', 'accounting');
  function format(c: bigint, how: string): string {
    const abs = dec((c < 0n ? -c : c).toString())
      .div(100)
      .toFixed(2);
    const grouped = abs.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',');
    const neg = c < 0n;
    switch (how) {
      case 'grouped':
        return `${neg ? '-' : ''}${grouped}`;
      case 'yuan':
        return `${neg ? '-' : ''}¥${grouped}`;
      case 'dollar':
        return `${neg ? '-' : ''}$${grouped}`;
      case 'accounting':
        return neg ? `(${grouped})` : grouped;
      default:
        return `${neg ? '-' : ''}${abs}`;
    }
  }
  it('round-trips every cent amount in every export format', () => {
    fc.assert(
      fc.property(cents, formats, (c, how) => {
        const expected = dec(c.toString()).div(100);
        const r = parseAmount(format(c, how));
        return r.ok && r.value !== null && dec(r.value).equals(expected) && r.value === expected.toFixed();
      }),
      { numRuns: 2000 },
    );
  });
  it('its fast path for plain cells agrees with decimal.js', () => {
    const plain = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{1,12}$/)))
      .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === null ? '' : `.${f}`}`);
    fc.assert(
      fc.property(plain, (s) => {
        const expected = dec(s).toFixed();
        return value(parseAmount(s)) === (expected === '-0' ? '0' : expected);
      }),
      { numRuns: 3000 },
    );
  });
  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(cents, (c) => {
        const once = value(parseAmount(dec(c.toString()).div(100).toFixed(2)));
        return typeof once === 'string' && value(parseAmount(once)) === once;
      }),
    );
  });
});

describe('parsePercent / parseCount / parseSeconds', () => {
  it('reads percentages as exact fractions', () => {
    expect(value(parsePercent('12.3%'))).toBe('0.123');
    expect(value(parsePercent('2.35%'))).toBe('0.0235');
    expect(value(parsePercent('0.5'))).toBe('0.5');
    expect(value(parsePercent('-'))).toBe(null);
    expect(parsePercent('¥12').ok).toBe(false);
  });
  it('reads counts as whole numbers', () => {
    expect(value(parseCount('12,345'))).toBe(12345);
    expect(value(parseCount('1.2万'))).toBe(12000);
    expect(value(parseCount('-'))).toBe(null);
    expect(parseCount('1.5').ok).toBe(false);
    expect(parseCount('x').ok).toBe(false);
  });
  it('reads durations in seconds', () => {
    expect(value(parseSeconds('35'))).toBe('35');
    expect(value(parseSeconds('35秒'))).toBe('35');
    expect(value(parseSeconds('1分5秒'))).toBe('65');
    expect(value(parseSeconds('00:01:05'))).toBe('65');
    expect(parseSeconds('soon').ok).toBe(false);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-10-01', '2026-10-01'],
    ['2026/10/1', '2026-10-01'],
    ['2026.10.01', '2026-10-01'],
    ['20261001', '2026-10-01'],
    ['2026年10月1日', '2026-10-01'],
    ['2026-10-01 12:34:56 +0800', '2026-10-01'],
    ['2026-10-01T23:59:59Z', '2026-10-01'],
    ['Oct 1, 2026', '2026-10-01'],
    ['1 Oct 2026', '2026-10-01'],
    ['46296', '2026-10-01'],
    ['123', 'ERROR'],
    ['-', null],
  ])('%j → %j', (raw, expected) => {
    expect(value(parseDate(raw))).toBe(expected);
  });
  it('needs a declared order for all-numeric dates with the year last', () => {
    expect(parseDate('10/01/2026').ok).toBe(false);
    expect(value(parseDate('10/01/2026', 'mdy'))).toBe('2026-10-01');
    expect(value(parseDate('10/01/2026', 'dmy'))).toBe('2026-01-10');
    expect(value(parseDate('10/1/26', 'mdy'))).toBe('2026-10-01');
  });
  it('refuses dates that do not exist', () => {
    const r = parseDate('2026-02-29');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toBe('no such date: 2026-02-29');
    expect(value(parseDate('2028-02-29'))).toBe('2028-02-29');
    expect(parseDate('2026-13-01').ok).toBe(false);
  });
  it('converts Excel serials like Excel (serial 45658 is 2025-01-01)', () => {
    expect(value(parseDate('45658'))).toBe('2025-01-01');
  });
  it('civil day numbers round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 200_000 }), (d) => {
        const s = fromDays(d);
        const [y, m, dd] = s.split('-').map(Number) as [number, number, number];
        return daysFromCivil(y, m, dd) === d && value(parseDate(s)) === s;
      }),
    );
  });
});

describe('quickParse (the fast path) agrees with the general parsers', () => {
  const cells = fc.oneof(
    fc.stringMatching(/^-?\d{1,14}(\.\d{1,4})?$/),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/),
    fc.string({ maxLength: 8 }),
    // the ="…" text wrapper of long ids, around anything
    fc.string({ maxLength: 8 }).map((s) => `="${s}"`),
    fc.constantFrom(
      '',
      '-',
      ' 12',
      '="123"',
      '="\'12"',
      '="a"b"',
      '=" 1"',
      '="1\n2"',
      '="3000000000000000001"',
      '="',
      '=""',
      "'0012",
      '0',
      '-0',
      '00.10',
      '2026-02-29',
      '2028-02-29 10:00:00',
    ),
  );
  it('for amounts, counts, dates and text', () => {
    fc.assert(
      fc.property(cells, (raw) => {
        const a = quickParse('amount', raw);
        const c = quickParse('count', raw);
        const d = quickParse('date', raw);
        const t = quickParse('text', raw);
        return (
          (a === undefined || value(parseAmount(raw)) === a) &&
          (c === undefined || value(parseCount(raw)) === c) &&
          (d === undefined || value(parseDate(raw)) === d) &&
          (t === undefined || unwrapText(raw) === t)
        );
      }),
      { numRuns: 5000 },
    );
  });
});
