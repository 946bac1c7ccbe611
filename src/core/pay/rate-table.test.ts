import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENTS, type Dec, dec, roundTo } from '../money.ts';
import { TraceSink } from '../trace.ts';
import { lintRateTable } from './lint-rate-table.ts';
import {
  applyRateTable,
  type BoundaryRule,
  commissionAt,
  type RateTable,
  type TierMode,
} from './rate-table.ts';

function table(
  mode: TierMode,
  tiers: [number, number | null, string][],
  boundary: BoundaryRule = 'lower-inclusive',
): RateTable {
  return {
    mode,
    boundary,
    tiers: tiers.map(([from, to, rate]) => ({
      from: dec(from),
      to: to === null ? null : dec(to),
      rate: dec(rate),
    })),
  };
}

describe('published worked examples (issue 3)', () => {
  it('marginal 4 % / 6 % / 8 %, 145 000 credited, new 20 000 → 1 100', () => {
    const t = table('marginal', [
      [0, 150_000, '0.04'],
      [150_000, 250_000, '0.06'],
      [250_000, null, '0.08'],
    ]);
    const sink = new TraceSink();
    expect(applyRateTable(t, dec(20_000), dec(145_000), sink).toString()).toBe('1100');
    expect(sink.steps.at(-1)?.en).toContain('= 1100');
  });

  it('220 000 on 0–150 000 at 4 % / above at 8 %: flat 17 600, marginal 11 600', () => {
    const tiers: [number, number | null, string][] = [
      [0, 150_000, '0.04'],
      [150_000, null, '0.08'],
    ];
    expect(commissionAt(table('flat', tiers), dec(220_000)).toString()).toBe('17600');
    expect(commissionAt(table('marginal', tiers), dec(220_000)).toString()).toBe('11600');
  });

  it("Oracle's step-rate example: 2, 3, 20, 14, 30, 95, total 164", () => {
    const t = table('marginal', [
      [0, 1000, '0.01'],
      [1000, 3000, '0.02'],
      [3000, 8000, '0.03'],
      [8000, 20_000, '0.05'],
    ]);
    const got = [200, 300, 1500, 1200, 2000, 4500].map((x) => applyRateTable(t, dec(x)));
    expect(got.map((g) => g.toNumber())).toEqual([2, 3, 20, 14, 30, 95]);
    expect(got.reduce((a, b) => a.plus(b), dec(0)).toString()).toBe('164');
  });
});

describe('boundaries and modes', () => {
  const tiers: [number, number | null, string][] = [
    [0, 150_000, '0.04'],
    [150_000, null, '0.08'],
  ];
  it('lower-inclusive puts the boundary in the upper tier, upper-inclusive in the lower', () => {
    expect(commissionAt(table('flat', tiers, 'lower-inclusive'), dec(150_000)).toString()).toBe('12000');
    expect(commissionAt(table('flat', tiers, 'upper-inclusive'), dec(150_000)).toString()).toBe('6000');
  });
  it('interpolated moves the rate in a straight line between tier starts', () => {
    const t = table('interpolated', [
      [0, 100_000, '0.02'],
      [100_000, null, '0.04'],
    ]);
    expect(commissionAt(t, dec(50_000)).toString()).toBe('1500'); // 3 % × 50 000
    expect(commissionAt(t, dec(200_000)).toString()).toBe('8000'); // last rate beyond the last start
  });
});

describe('lint', () => {
  it('finds gaps, overlaps, falling rates and the cliff of a flat table', () => {
    const gap = lintRateTable(
      table('marginal', [
        [0, 60_000, '0.03'],
        [61_000, null, '0.05'],
      ]),
      { path: 't' },
    );
    expect(gap.map((p) => p.code)).toContain('tier_gap');
    const overlap = lintRateTable(
      table('marginal', [
        [0, 60_000, '0.03'],
        [50_000, null, '0.02'],
      ]),
      { path: 't' },
    );
    expect(overlap.map((p) => p.code)).toEqual(
      expect.arrayContaining(['tier_overlap', 'rate_not_monotonic']),
    );
    const cliff = lintRateTable(table('flat', tiers4()), { path: 't' });
    const c = cliff.find((p) => p.code === 'flat_cliff');
    expect(c?.where.value).toBe('6000.00'); // 150 000 × (8 % − 4 %)
    expect(lintRateTable(table('marginal', tiers4()), { path: 't' })).toEqual([]);
  });
});

function tiers4(): [number, number | null, string][] {
  return [
    [0, 150_000, '0.04'],
    [150_000, null, '0.08'],
  ];
}

/** Random increasing tables: boundaries strictly increasing, rates non-decreasing and ≥ 0. */
const increasingTable = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 2000 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((steps) => {
    let from = 0;
    let rate = 0;
    const tiers: { from: Dec; to: Dec | null; rate: Dec }[] = [];
    steps.forEach(([width, dr], i) => {
      rate += dr;
      const to = i === steps.length - 1 ? null : from + width;
      tiers.push({ from: dec(from), to: to === null ? null : dec(to), rate: dec(rate).div(10_000) });
      if (to !== null) from = to;
    });
    return tiers;
  });

const amount = fc.integer({ min: 0, max: 100_000_000 }).map((c) => dec(c).div(100));

describe('properties', () => {
  it('a marginal table never pays more than the flat table with the same increasing rates', () => {
    fc.assert(
      fc.property(
        increasingTable,
        amount,
        fc.constantFrom<BoundaryRule>('lower-inclusive', 'upper-inclusive'),
        (tiers, x, boundary) => {
          const m = commissionAt({ mode: 'marginal', boundary, tiers }, x);
          const f = commissionAt({ mode: 'flat', boundary, tiers }, x);
          expect(m.lte(f)).toBe(true);
        },
      ),
    );
  });

  it('a higher base never lowers a commission with non-negative rates (marginal, interpolated, increasing flat)', () => {
    fc.assert(
      fc.property(
        increasingTable,
        amount,
        amount,
        fc.constantFrom<TierMode>('flat', 'marginal', 'interpolated'),
        (tiers, a, b, mode) => {
          const [lo, hi] = a.lte(b) ? [a, b] : [b, a];
          const t: RateTable = { mode, boundary: 'lower-inclusive', tiers };
          expect(commissionAt(t, lo).lte(commissionAt(t, hi))).toBe(true);
        },
      ),
    );
  });

  it('rounding is half up at the declared point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (units, point) => {
          // x = units + 0.5 at the rounding point: always rounds away from zero
          const unit = dec(10).pow(-point);
          const x = dec(units).plus(dec('0.5')).times(unit);
          const r = roundTo(x, { point, mode: 'half-up' });
          const expected = x.isNegative() ? dec(units).times(unit) : dec(units + 1).times(unit);
          expect(r.eq(expected)).toBe(true);
          // and anything strictly below the half rounds down (towards zero for positives)
          const below = dec(units).plus(dec('0.4999')).times(unit);
          if (units >= 0)
            expect(roundTo(below, { point, mode: 'half-up' }).eq(dec(units).times(unit))).toBe(true);
        },
      ),
    );
    expect(roundTo(dec('1.005'), CENTS).toFixed(2)).toBe('1.01');
  });
});
