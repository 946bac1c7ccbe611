/**
 * 区间法: a complete band table (adjacent half-open intervals from −∞ to ∞) scores every input from exactly
 * one band, with non-decreasing values it is higher-is-better, and its linter finds nothing to say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { lintRule, scoreRule } from '../registry.ts';
import type { Band, BandsRule, Indicator, Interval } from '../types.ts';

/** Sorted distinct cut points and, per cut, whether it belongs to the band above it. */
const completeTable: fc.Arbitrary<{ cuts: number[]; bands: Interval[] }> = fc
  .uniqueArray(fc.integer({ min: -200, max: 300 }), { minLength: 1, maxLength: 8 })
  .chain((raw) => {
    const cuts = raw.sort((a, b) => a - b).map((c) => c / 100);
    return fc.array(fc.boolean(), { minLength: cuts.length, maxLength: cuts.length }).map((upperOwns) => {
      const bands: Interval[] = [];
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
        bands.push(iv);
      }
      return { cuts, bands };
    });
  });

function points(rule: BandsRule, actual: number, full = 10): number {
  return scoreRule(rule, { actual, target: 1, full, vars: {}, asPercent: false }, null);
}

/** inputs that matter most: the cuts themselves, just either side, and anything else */
const probe = (cuts: number[]) =>
  fc.oneof(
    fc.constantFrom(...cuts),
    fc.constantFrom(...cuts).map((c) => c - 1e-9),
    fc.constantFrom(...cuts).map((c) => c + 1e-9),
    fc.double({ min: -5, max: 5, noNaN: true }),
  );

const indicator: Indicator = {
  id: 'x',
  name: { zh: '指标', en: 'indicator' },
  definition: { zh: '', en: '' },
  metric: 'sales',
  cycle: 'month',
  weight: 10,
  target: 1,
  rule: { type: 'linear' },
};

describe('bands', () => {
  const rule: BandsRule = {
    type: 'bands',
    on: 'completion',
    unit: 'percent',
    bands: [
      { when: { gte: 1 }, value: 100 },
      { when: { gte: 0.9, lt: 1 }, value: 85 },
      { when: { gte: 0.8, lt: 0.9 }, value: 70 },
    ],
    else: 0,
  };

  it('scores completion ≥ 100% → 100, [90%, 100%) → 85, [80%, 90%) → 70, else 0 (percent of full)', () => {
    expect(points(rule, 1.2, 20)).toBe(20);
    expect(points(rule, 1, 20)).toBe(20);
    expect(points(rule, 0.99, 20)).toBeCloseTo(17, 12);
    expect(points(rule, 0.9, 20)).toBeCloseTo(17, 12);
    expect(points(rule, 0.8, 20)).toBeCloseTo(14, 12);
    expect(points(rule, 0.79, 20)).toBe(0);
  });

  it('names the band and the bound words in the trace', () => {
    const sink = new TraceSink();
    scoreRule(rule, { actual: 0.95, target: 1, full: 20, vars: {}, asPercent: false }, sink);
    const zh = sink.steps.map((s) => s.zh).join(' ');
    const en = sink.steps.map((s) => s.en).join(' ');
    expect(zh).toContain('95%');
    expect(zh).toContain('第2档');
    expect(zh).toContain('90%以上(含)且不满100%');
    expect(en).toContain('band 2');
    expect(en).toContain('≥ 90% and < 100%');
  });

  it('a complete table scores every input from exactly one band, never from else', () => {
    fc.assert(
      fc.property(
        completeTable.chain((t) => probe(t.cuts).map((x) => ({ ...t, x }))),
        ({ bands, x }) => {
          // value i + 1 identifies the band; else −1 would show a miss
          const r: BandsRule = {
            type: 'bands',
            on: 'actual',
            unit: 'points',
            bands: bands.map((when, i): Band => ({ when, value: i + 1 })),
            else: -1,
          };
          const p = points(r, x);
          expect(p).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('with non-decreasing values a higher input never scores less', () => {
    fc.assert(
      fc.property(
        completeTable.chain((t) =>
          fc
            .tuple(
              fc.array(fc.integer({ min: 0, max: 20 }), {
                minLength: t.bands.length,
                maxLength: t.bands.length,
              }),
              probe(t.cuts),
              probe(t.cuts),
              fc.shuffledSubarray(
                t.bands.map((_, i) => i),
                { minLength: t.bands.length },
              ),
            )
            .map(([rises, a, b, order]) => ({ ...t, rises, a, b, order })),
        ),
        ({ bands, rises, a, b, order }) => {
          let v = 0;
          const values = rises.map((r) => (v += r));
          // rows in any order: the table is a set of intervals, not a list read top-down
          const r: BandsRule = {
            type: 'bands',
            on: 'actual',
            unit: 'points',
            bands: order.map((i): Band => ({ when: bands[i]!, value: values[i]! })),
            else: 0,
          };
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(points(r, hi)).toBeGreaterThanOrEqual(points(r, lo));
        },
      ),
    );
  });

  it('the linter reports no gap or overlap in a complete table', () => {
    fc.assert(
      fc.property(completeTable, ({ bands }) => {
        const r: BandsRule = {
          type: 'bands',
          on: 'actual',
          unit: 'points',
          bands: bands.map((when): Band => ({ when, value: 1 })),
          else: 0,
        };
        const codes = lintRule(r, { ...indicator, rule: r }, 'rule').map((p) => p.code);
        expect(codes.filter((c) => c.startsWith('band_') && c !== 'band_above_full')).toEqual([]);
      }),
    );
  });

  it('the linter reports the gap of "60%以下 / 61%–80%" with a fix', () => {
    const r: BandsRule = {
      type: 'bands',
      on: 'completion',
      unit: 'points',
      bands: [
        { when: { gte: 0, lte: 0.6 }, value: 0 },
        { when: { gte: 0.61, lte: 0.8 }, value: 5 },
      ],
      else: 0,
    };
    const problems = lintRule(r, { ...indicator, rule: r }, 'indicators[0].rule');
    const gap = problems.find((p) => p.code === 'band_gap');
    expect(gap?.severity).toBe('error');
    expect(gap?.message.zh).toContain('60%');
    expect(gap?.message.en).toContain('61%');
    expect(gap?.fix?.en).toMatch(/half-open/);
  });
});
