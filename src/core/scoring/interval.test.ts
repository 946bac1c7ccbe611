/**
 * Intervals with explicit inclusion (区间): parsing the ways templates write them, and the coverage lint
 * that finds the gaps and overlaps real sheets leave ("60%以下 / 61%–80%", "95%-99% / 90%-94%").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains, coverage, describeInterval, isEmpty, parseInterval } from './interval.ts';
import type { Interval } from './types.ts';

/** Adjacent intervals from −∞ to ∞ over sorted distinct cuts; each cut owned by the band above or below. */
const completeTable: fc.Arbitrary<{ cuts: number[]; bands: Interval[] }> = fc
  .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 10 })
  .chain((raw) => {
    const cuts = raw.sort((a, b) => a - b).map((c) => c / 100);
    return fc
      .tuple(
        fc.array(fc.boolean(), { minLength: cuts.length, maxLength: cuts.length }),
        fc.shuffledSubarray(
          Array.from({ length: cuts.length + 1 }, (_, i) => i),
          { minLength: cuts.length + 1 },
        ),
      )
      .map(([upperOwns, order]) => {
        const sorted: Interval[] = [];
        for (let i = 0; i <= cuts.length; i++) {
          const iv: Interval = {};
          if (i > 0) {
            if (upperOwns[i - 1]) iv.gte = cuts[i - 1]!;
            else iv.gt = cuts[i - 1]!;
          }
          if (i < cuts.length) {
            if (upperOwns[i]) iv.lt = cuts[i]!;
            else iv.lte = cuts[i]!;
          }
          sorted.push(iv);
        }
        return { cuts, bands: order.map((i) => sorted[i]!) };
      });
  });

describe('contains', () => {
  it('honours each bound’s inclusion', () => {
    const iv: Interval = { gte: 0.9, lt: 1 };
    expect(contains(iv, 0.9)).toBe(true);
    expect(contains(iv, 0.99999)).toBe(true);
    expect(contains(iv, 1)).toBe(false);
    expect(contains({ gt: 1, lte: 1.2 }, 1)).toBe(false);
    expect(contains({ gt: 1, lte: 1.2 }, 1.2)).toBe(true);
    expect(contains({}, -1e300)).toBe(true);
    expect(contains(iv, Number.NaN)).toBe(false);
  });

  it('a complete band table gives every input exactly one band', () => {
    fc.assert(
      fc.property(
        completeTable.chain((t) =>
          fc
            .oneof(
              fc.constantFrom(...t.cuts),
              fc.constantFrom(...t.cuts).map((c) => c - 1e-12),
              fc.constantFrom(...t.cuts).map((c) => c + 1e-12),
              fc.double({ min: -20, max: 20, noNaN: true }),
              fc.constantFrom(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -1e300, 1e300),
            )
            .map((x) => ({ ...t, x })),
        ),
        ({ bands, x }) => {
          expect(bands.filter((b) => contains(b, x))).toHaveLength(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('coverage() finds nothing wrong with a complete table', () => {
    fc.assert(
      fc.property(completeTable, ({ bands }) => {
        expect(coverage(bands, false, true)).toEqual([]);
      }),
    );
  });

  it('removing one row of a complete table leaves a gap coverage() finds, at a value no row contains', () => {
    fc.assert(
      fc.property(completeTable, fc.nat(), ({ bands }, k) => {
        const gone = k % bands.length;
        const rest = bands.filter((_, i) => i !== gone);
        const gaps = coverage(rest, false, true).filter((i) => i.kind === 'gap');
        expect(gaps.length).toBeGreaterThan(0);
        for (const gap of gaps) expect(rest.some((b) => contains(b, gap.at))).toBe(false);
      }),
    );
  });
});

/** Any interval over a small grid of bounds, so that random rows often touch, overlap or leave holes. */
const gridInterval: fc.Arbitrary<Interval> = fc
  .record({
    lo: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { nil: undefined }),
    hi: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { nil: undefined }),
  })
  .map(({ lo, hi }) => {
    const iv: Interval = {};
    if (lo) iv[lo[1] ? 'gte' : 'gt'] = lo[0];
    if (hi) iv[hi[1] ? 'lte' : 'lt'] = hi[0];
    return iv;
  });

/** Complete tables over grid cuts, sometimes with one bound's inclusion flipped (a near miss for the linter). */
const gridTable: fc.Arbitrary<Interval[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((raw) => {
    const cuts = raw.sort((a, b) => a - b);
    return fc
      .tuple(fc.array(fc.boolean(), { minLength: cuts.length, maxLength: cuts.length }), fc.option(fc.nat()))
      .map(([upperOwns, flip]) => {
        const rows: Interval[] = [];
        for (let i = 0; i <= cuts.length; i++) {
          const iv: Interval = {};
          if (i > 0) iv[upperOwns[i - 1] ? 'gte' : 'gt'] = cuts[i - 1]!;
          if (i < cuts.length) iv[upperOwns[i] ? 'lt' : 'lte'] = cuts[i]!;
          rows.push(iv);
        }
        if (flip !== null) {
          const row = rows[flip % rows.length]!;
          if (row.gte !== undefined) [row.gt, row.gte] = [row.gte, undefined];
          else if (row.gt !== undefined) [row.gte, row.gt] = [row.gt, undefined];
          for (const k of ['gte', 'gt'] as const) if (row[k] === undefined) delete row[k];
        }
        return rows;
      });
  });

const anyTable = fc.oneof(fc.array(gridInterval, { minLength: 1, maxLength: 5 }), gridTable);

/** every grid point, every midpoint, and beyond both ends */
const GRID_PROBES = Array.from({ length: 17 }, (_, i) => i / 2 - 1);

describe('a table the linter passes', () => {
  it('puts every input in at most one row, and every input between the rows in exactly one', () => {
    let passed = 0;
    fc.assert(
      fc.property(anyTable, (rows) => {
        if (coverage(rows, false, false).length > 0) return;
        passed++;
        const lowest = Math.min(...rows.map((r) => r.gte ?? r.gt ?? Number.NEGATIVE_INFINITY));
        const highest = Math.max(...rows.map((r) => r.lte ?? r.lt ?? Number.POSITIVE_INFINITY));
        for (const x of GRID_PROBES) {
          const hits = rows.filter((r) => contains(r, x)).length;
          expect(hits, `${JSON.stringify(rows)} at ${x}`).toBeLessThanOrEqual(1);
          if (x > lowest && x < highest) expect(hits, `${JSON.stringify(rows)} at ${x}`).toBe(1);
        }
      }),
      { numRuns: 3000 },
    );
    // the property must have been exercised, not vacuously true
    expect(passed).toBeGreaterThan(100);
  });

  it('with outer bounds checked, puts every input in exactly one row', () => {
    let passed = 0;
    fc.assert(
      fc.property(anyTable, (rows) => {
        if (coverage(rows, false, true).length > 0) return;
        passed++;
        for (const x of [...GRID_PROBES, -1e9, 1e9]) {
          expect(
            rows.filter((r) => contains(r, x)),
            `${JSON.stringify(rows)} at ${x}`,
          ).toHaveLength(1);
        }
      }),
      { numRuns: 3000 },
    );
    expect(passed).toBeGreaterThan(20);
  });
});

describe('coverage', () => {
  it('finds the gap in "60%以下 / 61%–80%" ([0, 60%], [61%, 80%])', () => {
    const issues = coverage(
      [
        { gte: 0, lte: 0.6 },
        { gte: 0.61, lte: 0.8 },
      ],
      true,
      false,
    );
    expect(issues).toHaveLength(1);
    const gap = issues[0]!;
    expect(gap.kind).toBe('gap');
    expect(gap.rows).toEqual([0, 1]);
    expect(gap.at).toBeGreaterThan(0.6);
    expect(gap.at).toBeLessThan(0.61);
    expect(gap.text.zh).toContain('60%');
    expect(gap.text.zh).toContain('61%');
    expect(gap.text.en).toContain('between 60% and 61%');
  });

  it('finds the hole at 99.5% in an integer-percent table (100%以上 / 95%-99% / 90%-94%)', () => {
    const rows: Interval[] = [{ gte: 1 }, { gte: 0.95, lte: 0.99 }, { gte: 0.9, lte: 0.94 }];
    const gaps = coverage(rows, true, false).filter((i) => i.kind === 'gap');
    // between 99% and 100% and between 94% and 95%
    expect(gaps).toHaveLength(2);
    const ats = gaps.map((g) => g.at).sort();
    expect(ats[0]).toBeCloseTo(0.945, 12);
    expect(ats[1]).toBeCloseTo(0.995, 12);
    expect(rows.some((r) => contains(r, 0.995))).toBe(false);
    // the half-open rewrite the linter suggests closes both holes
    const fixed: Interval[] = [{ gte: 1 }, { gte: 0.95, lt: 1 }, { gte: 0.9, lt: 0.95 }];
    expect(coverage(fixed, true, false)).toEqual([]);
  });

  it('finds the gap at exactly one number: "不满90%" then "超过90%"', () => {
    const gaps = coverage([{ lt: 0.9 }, { gt: 0.9 }], true, true);
    expect(gaps.map((g) => [g.kind, g.at])).toEqual([['gap', 0.9]]);
  });

  it('finds overlaps, including a shared closed bound', () => {
    const issues = coverage(
      [
        { gte: 0.8, lte: 0.9 },
        { gte: 0.9, lte: 1 },
      ],
      true,
      false,
    );
    expect(issues.map((i) => [i.kind, i.rows, i.at])).toEqual([['overlap', [0, 1], 0.9]]);
    const wide = coverage(
      [
        { gte: 0, lt: 0.7 },
        { gte: 0.6, lt: 1 },
      ],
      true,
      false,
    );
    expect(wide.map((i) => i.kind)).toEqual(['overlap']);
    expect(wide[0]!.text.en).toContain('overlap');
  });

  it('finds empty rows ("超过90%且不满90%", a reversed range)', () => {
    const issues = coverage([{ gt: 0.9, lt: 0.9 }, { gte: 1, lte: 0.5 }, { gte: 0 }], true, false);
    expect(issues.filter((i) => i.kind === 'empty').map((i) => i.rows)).toEqual([[0], [1]]);
    expect(isEmpty({ gte: 1, lte: 1 })).toBe(false);
    expect(isEmpty({ gte: 1, lt: 1 })).toBe(true);
  });

  it('with outer bounds checked, reports what lies below and above all rows', () => {
    const issues = coverage([{ gte: 60, lt: 100 }], false, true);
    expect(issues.map((i) => i.kind)).toEqual(['gap', 'gap']);
    expect(issues.some((i) => i.at < 60)).toBe(true);
    expect(issues.some((i) => i.at >= 100)).toBe(true);
  });
});

describe('parseInterval', () => {
  it.each<[string, Interval]>([
    ['>= 95', { gte: 95 }],
    ['≥95%', { gte: 0.95 }],
    ['> 1.2', { gt: 1.2 }],
    ['<= 35', { lte: 35 }],
    ['< 60', { lt: 60 }],
    ['[90%, 100%)', { gte: 0.9, lt: 1 }],
    ['(1, 1.2]', { gt: 1, lte: 1.2 }],
    ['【90%，100%）', { gte: 0.9, lt: 1 }],
    ['[1万, ∞)', { gte: 10000 }],
    ['(-inf, 0.6]', { lte: 0.6 }],
  ])('reads %s', (text, want) => {
    expect(parseInterval(text)).toEqual(want);
  });

  it('reads an object with quantities', () => {
    expect(parseInterval({ gte: '90%', lt: 1 })).toEqual({ gte: 0.9, lt: 1 });
  });

  it.each<unknown>([
    'abc',
    '',
    '>= ',
    '>= abc',
    '[90%, 100%',
    '90%-100%',
    '[a, b)',
    '=> 5',
    42,
    null,
    ['>= 1'],
    { gte: 1, gt: 2 },
    { lte: 1, lt: 2 },
    { above: 3 },
    { gte: 'lots' },
  ])('refuses %j with a message', (garbage) => {
    const r = parseInterval(garbage);
    expect(typeof r).toBe('string');
    expect((r as string).length).toBeGreaterThan(5);
  });

  it('describes intervals in Chinese legal usage: 以上/以下 include, 超过/不满 exclude', () => {
    expect(describeInterval({ gte: 0.9, lt: 1 }, true)).toEqual({
      zh: '90%以上(含)且不满100%',
      en: '≥ 90% and < 100%',
    });
    expect(describeInterval({ gt: 1, lte: 1.2 }, true)).toEqual({
      zh: '超过100%且120%以下(含)',
      en: '> 100% and ≤ 120%',
    });
    expect(describeInterval({}, false)).toEqual({ zh: '任意值', en: 'any value' });
  });
});
