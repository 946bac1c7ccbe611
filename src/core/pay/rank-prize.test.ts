import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Dec, dec } from '../money.ts';
import { t } from '../text.ts';
import { parsePlan } from './parse-plan.ts';
import type { RankPrizeComponent, TieRule } from './plan.ts';
import { awardRankPrizes, type RankEntrant } from './rank-prize.ts';

function prize(
  ties: TieRule,
  places: [number, string][],
  direction: 'higher' | 'lower' = 'higher',
): RankPrizeComponent {
  return {
    id: 'p',
    type: 'rank-prize',
    label: t('排名奖', 'rank prize'),
    except: [],
    group: 'team',
    metric: 'm',
    direction,
    eligibility: null,
    places: places.map(([count, amount], i) => ({
      label: t(`${i + 1}等奖`, `prize ${i + 1}`),
      count,
      amount: dec(amount),
    })),
    ties,
    budget: null,
  };
}

const STANDARD: [number, string][] = [
  [1, '500'],
  [2, '300'],
  [3, '100'],
];

function entrants(values: (number | string)[], group = 'A'): RankEntrant[] {
  return values.map((v, i) => ({
    employee: `E${String(i + 1).padStart(2, '0')}`,
    group,
    value: dec(v),
    eligible: true,
  }));
}

const amounts = (r: ReturnType<typeof awardRankPrizes>, n: number) =>
  Array.from({ length: n }, (_, i) => r.awards.get(`E${String(i + 1).padStart(2, '0')}`)!.amount.toFixed(2));

describe('rank prizes (排名奖)', () => {
  it('pays 500, 300, 300, 100, 100, 100 to distinct values and nothing beyond the places', () => {
    const r = awardRankPrizes(prize('share', STANDARD), entrants([9, 8, 7, 6, 5, 4, 3]), 2, false);
    expect(amounts(r, 7)).toEqual(['500.00', '300.00', '300.00', '100.00', '100.00', '100.00', '0.00']);
    expect(r.groups[0]!.paid.toFixed(2)).toBe('1400.00');
  });

  it('share: two tied for 1st split 500 + 300; two tied for 6th split 100 + nothing', () => {
    const r = awardRankPrizes(prize('share', STANDARD), entrants([9, 9, 8, 7, 6, 5, 5]), 2, true);
    expect(amounts(r, 7)).toEqual(['400.00', '400.00', '300.00', '100.00', '100.00', '50.00', '50.00']);
    expect(r.awards.get('E01')!.rank).toBe(1);
    expect(r.awards.get('E03')!.rank).toBe(3);
    const steps = r.awards
      .get('E06')!
      .steps.map((s) => s.en)
      .join('\n');
    expect(steps).toContain('6. E06 5 (tied)');
    expect(steps).toContain('2 people tie for rank 6');
    expect(steps).toContain('1 beyond the places');
  });

  it('share: three tied for a 100 split to the cent by largest remainder', () => {
    const r = awardRankPrizes(prize('share', [[1, '100']]), entrants([5, 5, 5]), 2, false);
    expect(amounts(r, 3)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('all-higher: tied people each get the higher place, and the extra is traced', () => {
    const r = awardRankPrizes(prize('all-higher', STANDARD), entrants([9, 9, 8, 7, 6, 5, 5]), 2, true);
    expect(amounts(r, 7)).toEqual(['500.00', '500.00', '300.00', '100.00', '100.00', '100.00', '100.00']);
    expect(r.groups[0]!.extra.toFixed(2)).toBe('300.00');
    expect(
      r.awards
        .get('E01')!
        .steps.map((s) => s.en)
        .join('\n'),
    ).toContain('the tie costs 200.00 more');
    const budgeted = awardRankPrizes(
      { ...prize('all-higher', STANDARD), budget: dec(1500) },
      entrants([9, 9, 8, 7, 6, 5, 5]),
      2,
      true,
    );
    expect(budgeted.awards.get('E07')!.steps.at(-1)!.en).toBe(
      'this group is paid 1700.00 (places total 1400.00, ties cost 300.00 more, over the budget of 1500.00)',
    );
  });

  it('lower is better ranks the smallest value first; the ineligible are not ranked', () => {
    const es = entrants(['0.001', '0.003', '0.002']);
    es[0] = { ...es[0]!, eligible: false, why: t('不参评', 'not eligible') };
    const r = awardRankPrizes(
      prize(
        'share',
        [
          [1, '300'],
          [1, '200'],
        ],
        'lower',
      ),
      es,
      2,
      false,
    );
    expect(amounts(r, 3)).toEqual(['0.00', '200.00', '300.00']);
    expect(r.awards.get('E01')!.rank).toBeNull();
    expect(r.groups[0]!.unusedSlots).toBe(0);
  });

  it('each group has its own places', () => {
    const r = awardRankPrizes(
      prize('share', [[1, '500']]),
      [...entrants([1], 'A'), ...entrants([2], 'B').map((e) => ({ ...e, employee: 'B1' }))],
      2,
      false,
    );
    expect(r.awards.get('E01')!.amount.toFixed(2)).toBe('500.00');
    expect(r.awards.get('B1')!.amount.toFixed(2)).toBe('500.00');
  });

  const placesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100_000 })), {
    minLength: 1,
    maxLength: 4,
  });
  const valuesArb = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 15 });
  const declaredOf = (places: [number, number][]) =>
    places.reduce((a, [c, cents]) => a.plus(dec(cents).div(100).times(c)), dec(0));
  const slotsOf = (places: [number, number][]) =>
    places.flatMap(([c, cents]) => Array<Dec>(c).fill(dec(cents).div(100)));

  it('property: under share, what is paid never exceeds Σ count × amount, and tied people share their places exactly', () => {
    fc.assert(
      fc.property(placesArb, valuesArb, (places, values) => {
        const c = prize(
          'share',
          places.map(([n, cents]) => [n, dec(cents).div(100).toFixed(2)]),
        );
        const r = awardRankPrizes(c, entrants(values), 2, false);
        const paid = [...r.awards.values()].reduce((a, x) => a.plus(x.amount), dec(0));
        expect(paid.lte(declaredOf(places))).toBe(true);
        expect(paid.eq(r.groups[0]?.paid ?? dec(0))).toBe(true);
        // for each tie block, the shares add up exactly to the slots it occupies
        const slots = slotsOf(places);
        const sorted = [...values].sort((a, b) => b - a);
        for (let p = 0; p < sorted.length; ) {
          let k = 1;
          while (p + k < sorted.length && sorted[p + k] === sorted[p]) k++;
          const want = slots.slice(p, p + k).reduce((a, s) => a.plus(s), dec(0));
          const got = [...r.awards.values()]
            .filter((x) => x.rank === p + 1)
            .reduce((a, x) => a.plus(x.amount), dec(0));
          expect(got.eq(want)).toBe(true);
          const each = [...r.awards.values()].filter((x) => x.rank === p + 1).map((x) => x.amount);
          // equal shares: no two differ by more than one cent
          for (const a of each) for (const b of each) expect(a.minus(b).abs().lte(dec('0.01'))).toBe(true);
          p += k;
        }
      }),
    );
  });

  it('property: under all-higher, paid = Σ count × amount of the occupied places + the traced extra, and ≥ share', () => {
    fc.assert(
      fc.property(placesArb, valuesArb, (places, values) => {
        const spec = places.map(([n, cents]): [number, string] => [n, dec(cents).div(100).toFixed(2)]);
        const high = awardRankPrizes(prize('all-higher', spec), entrants(values), 2, false);
        const share = awardRankPrizes(prize('share', spec), entrants(values), 2, false);
        const paidHigh = high.groups[0]?.paid ?? dec(0);
        const paidShare = share.groups[0]?.paid ?? dec(0);
        const extra = high.groups[0]?.extra ?? dec(0);
        expect(paidHigh.minus(extra).eq(paidShare)).toBe(true);
        expect(extra.gte(0)).toBe(true);
        expect(paidHigh.minus(extra).lte(declaredOf(places))).toBe(true);
      }),
    );
  });
});

describe('rank prizes in a plan file', () => {
  const plan = (ties: string, extra = '') => `
kind: pay-plan
id: p
version: "1"
name: { zh: 奖, en: prize }
effective_from: "2026-01-01"
effective_to: null
assign: [{ role: cs, level: null }]
rounding: { mode: half-up, point: 2, at: line }
proration: { convention: calendar-days, join_day_counts: true, leave_day_counts: true }
refunds: month-refunded
fx: { pay_currency: CNY, rate_date: month-end }
components:
  - id: prize
    type: rank-prize
    label: { zh: 排名奖, en: rank prize }
    except: []
    group: all
    metric: conv
    direction: higher
    eligibility: null
    places:
      - { label: { zh: 一等奖, en: first }, count: 1, amount: 500 }
      - { label: { zh: 二等奖, en: second }, count: 0, amount: 300 }
${ties}
    budget: 400${extra}
examples:
  - name: x
    month: "2026-10"
    rows: [{ employee: E1, role: cs, level: a, month: "2026-10", "metric:conv": 1 }]
    expect: { E1: { prize: 500, total: 500 } }
`;
  it('refuses a plan that does not declare the tie rule', () => {
    const r = parsePlan(plan(''), 'p.yaml');
    expect(r.plan).toBeUndefined();
    expect(r.problems.map((p) => p.where.path)).toContain('components[0].ties');
  });

  it('warns about a place that pays nothing and places over the budget', () => {
    const r = parsePlan(plan('    ties: share'), 'p.yaml');
    expect(r.plan).toBeDefined();
    const codes = r.problems.map((p) => p.code);
    expect(codes).toContain('unused_place');
    expect(codes).toContain('prize_over_budget');
  });

  it('refuses a prize with more decimals than the rounding point', () => {
    const r = parsePlan(plan('    ties: share').replace('amount: 500', 'amount: 500.005'), 'p.yaml');
    expect(r.problems.map((p) => p.code)).toContain('prize_decimals');
  });
});
