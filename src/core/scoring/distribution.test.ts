/**
 * Forced distribution (强制分布): quotas by largest remainder always add up to the group size, and the
 * ranked people get exactly those seats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDistribution, largestRemainderCounts } from './distribution.ts';
import type { DistributionSpec } from './types.ts';

/** 1 to 7 positive shares adding to 1 (as a template would declare them, in whole percent). */
const shares = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 7 }).map((ws) => {
  const sum = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / sum);
});

describe('largestRemainderCounts', () => {
  it('27 people at 20/70/10 → 5/19/3 (the two leftover seats go to the .9 and .7 remainders)', () => {
    expect(largestRemainderCounts(27, [0.2, 0.7, 0.1])).toEqual([5, 19, 3]);
  });

  it('10/20/40/20/10 of 25 → 3/5/10/5/2 (ties of .5 go to the better grade)', () => {
    // exact 2.5 / 5 / 10 / 5 / 2.5: one seat left, the earlier .5 gets it
    expect(largestRemainderCounts(25, [0.1, 0.2, 0.4, 0.2, 0.1])).toEqual([3, 5, 10, 5, 2]);
  });

  it('counts always add up to the group size and stay within one of the exact quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), shares, (n, s) => {
        const counts = largestRemainderCounts(n, s);
        expect(counts).toHaveLength(s.length);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
        counts.forEach((c, i) => {
          expect(Number.isInteger(c)).toBe(true);
          expect(c).toBeGreaterThanOrEqual(0);
          expect(Math.abs(c - n * s[i]!)).toBeLessThan(1 + 1e-9);
        });
      }),
    );
  });
});

describe('applyDistribution', () => {
  const spec: DistributionSpec = {
    quotas: [
      { grade: 'A', share: 0.2 },
      { grade: 'B', share: 0.7 },
      { grade: 'C', share: 0.1 },
    ],
    minGroupSize: 25,
  };

  it('gives every ranked person one seat; seats per grade equal the allowed counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 0, maxLength: 80 }), (totals) => {
        const people = totals.map((t, i) => ({
          employee: `e${i}`,
          total: t,
          grade: t >= 85 ? 'A' : t >= 60 ? 'B' : 'C',
        }));
        const r = applyDistribution(people, spec);
        expect(r.size).toBe(people.length);
        expect(r.ranked).toHaveLength(people.length);
        expect(r.counts.reduce((a, c) => a + c.allowed, 0)).toBe(people.length);
        for (const c of r.counts)
          expect(r.ranked.filter((p) => p.allowed === c.grade)).toHaveLength(c.allowed);
        // best first
        for (let i = 1; i < r.ranked.length; i++)
          expect(r.ranked[i - 1]!.total).toBeGreaterThanOrEqual(r.ranked[i]!.total);
        expect(r.tooSmall).toBe(people.length < 25);
      }),
    );
  });

  it('flags a group too small for the quota, and ties across a quota boundary', () => {
    const people = [90, 80, 80, 70, 60].map((t, i) => ({ employee: `e${i}`, total: t, grade: null }));
    const r = applyDistribution(people, {
      ...spec,
      quotas: [
        { grade: 'A', share: 0.4 },
        { grade: 'B', share: 0.6 },
      ],
    });
    expect(r.tooSmall).toBe(true);
    // seats A A B B B: the two people on 80 straddle the A/B boundary
    expect(r.ties).toEqual([{ employees: ['e1', 'e2'], total: 80, grades: ['A', 'B'] }]);
    expect(r.notes.map((n) => n.en).join(' ')).toMatch(/fewer than the 25/);
  });
});
