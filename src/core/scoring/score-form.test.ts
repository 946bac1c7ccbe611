/**
 * scoreForm end to end: the worked month of domain.md §3 on the shipped store-operator template, and the
 * re-weighting rule (a part that does not apply is scaled away, never counted as zero) as properties.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IndicatorScore, type PersonInput, scoreForm } from './score-form.ts';
import { parseTemplate } from './template-parse.ts';
import type { Indicator, Template } from './types.ts';

const TEMPLATE_FILE = join(import.meta.dirname, '..', '..', '..', 'templates', 'store-operator.yaml');

function storeOperator(): Template {
  const { template, problems } = parseTemplate(readFileSync(TEMPLATE_FILE, 'utf8'), 'store-operator.yaml');
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  if (!template) throw new Error('store-operator.yaml does not parse');
  return template;
}

/** The ops manager's month from domain.md §3, typed in from the table there (not from the template's examples). */
const WORKED_MONTH: PersonInput = {
  employee: 'E001',
  actuals: { revenue: 1_260_000, gross_profit: 140_000, traffic: 180_000, promotion_cost: 0.09 },
  behaviour: { supervisor: { execution: 4, responsibility: 4, initiative: 4 } },
  additional: [
    { points: 2, reason: '大促方案被采纳' },
    { points: -3, reason: '上架价格错误' },
  ],
};

function line(card: { indicators: IndicatorScore[] }, id: string): IndicatorScore {
  const found = card.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

describe('the worked month of domain.md §3', () => {
  const tpl = storeOperator();
  const card = scoreForm(tpl, WORKED_MONTH, { explain: true });

  it('scores 36, 0, 9 and 8.75, KPI 53.75, behaviour 24, total 76.75, grade B', () => {
    expect(card.problems).toEqual([]);
    expect(line(card, 'revenue').points).toBe(36);
    expect(line(card, 'gross_profit').points).toBe(0);
    expect(line(card, 'traffic').points).toBe(9);
    expect(line(card, 'promotion_cost').points).toBe(8.75);
    expect(card.kpi).toEqual({ points: 53.75, of: 70, contribution: 53.75 });
    expect(card.behaviour).toEqual({ points: 24, of: 30, contribution: 24 });
    expect(card.additional).toBe(-1);
    expect(card.attendance).toBe(0);
    expect(card.total).toBe(76.75);
    expect(card.grade).toBe('B');
  });

  // Each line must say in both languages how its points came out, with the numbers a person checks.
  const mentions: Record<string, string[]> = {
    revenue: ['126%', '120%', '36'],
    gross_profit: ['56%', '60%'],
    traffic: ['90%', '9'],
    promotion_cost: ['12.5%', '87.5%', '8.75'],
  };
  it.each(Object.entries(mentions))('explains %s in zh and en with its numbers', (id, numbers) => {
    const trace = line(card, id).trace;
    expect(trace).toBeDefined();
    expect(trace!.version).toBe('store-operator@2026.1');
    expect(trace!.rule.zh).not.toBe('');
    expect(trace!.rule.en).not.toBe('');
    expect(trace!.steps.length).toBeGreaterThan(0);
    for (const lang of ['zh', 'en'] as const) {
      const text = trace!.steps.map((s) => s[lang]).join('\n');
      for (const number of numbers) expect(text, `${id} ${lang}`).toContain(number);
    }
    // the zh steps are Chinese, the en steps are not
    expect(trace!.steps.some((s) => /[\u4e00-\u9fff]/.test(s.zh))).toBe(true);
    expect(trace!.steps.every((s) => !/[\u4e00-\u9fff]/.test(s.en))).toBe(true);
  });

  it('explains the form: KPI total, behaviour, additional points, total and grade', () => {
    const zh = card.steps!.map((s) => s.zh).join('\n');
    const en = card.steps!.map((s) => s.en).join('\n');
    for (const text of [zh, en]) {
      expect(text).toContain('53.75');
      expect(text).toContain('24');
      expect(text).toContain('76.75');
      expect(text).toMatch(/B/);
    }
  });

  it('computes the same points without explaining, and builds no trace', () => {
    const fast = scoreForm(tpl, WORKED_MONTH, { explain: false });
    expect(fast.total).toBe(76.75);
    expect(fast.indicators.map((i) => i.points)).toEqual(card.indicators.map((i) => i.points));
    expect(fast.indicators.every((i) => i.trace === undefined)).toBe(true);
    expect(fast.steps).toBeUndefined();
  });

  it('re-weights an unrated behaviour part instead of counting it as 0', () => {
    const { behaviour: _dropped, ...unrated } = WORKED_MONTH;
    const c = scoreForm(tpl, unrated);
    expect(c.behaviour).toBeNull();
    // 53.75 of 70 carried to the full 100: 53.75 × 100 / 70 = 76.79 (half up), then −1
    expect(c.kpi.contribution).toBe(76.79);
    expect(c.total).toBe(75.79);
    expect(c.grade).toBe('B');
  });

  it('refuses to total a month with a missing actual', () => {
    const c = scoreForm(tpl, {
      ...WORKED_MONTH,
      actuals: { revenue: 1_260_000, traffic: 1, promotion_cost: 0.09 },
    });
    expect(c.total).toBeNull();
    expect(c.problems.map((p) => [p.code, p.where.column])).toContainEqual([
      'actual_missing',
      'gross_profit',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// re-weighting keeps the total on the declared scale

function kpiIndicators(weights: readonly number[], cap: number): Indicator[] {
  return weights.map((w, i) => ({
    id: `k${i}`,
    name: { zh: `指标${i}`, en: `indicator ${i}` },
    definition: { zh: '完成率', en: 'completion' },
    metric: `sales_${i}`,
    cycle: 'month',
    weight: w,
    target: 1000,
    rule: { type: 'linear', cap },
  }));
}

function form(weights: readonly number[], kpiWeight: number, withBehaviour: boolean, cap: number): Template {
  return {
    kind: 'kpi-template',
    id: 'prop',
    version: '1',
    effective: '2026-01-01',
    family: 'test',
    name: { zh: '测试', en: 'test' },
    rounding: { point: 2, mode: 'half-up' },
    parts: {
      kpi: { weight: kpiWeight },
      ...(withBehaviour
        ? {
            behaviour: {
              weight: 100 - kpiWeight,
              scale: { min: 1, max: 5 },
              raters: { supervisor: 1 },
              items: [{ id: 'execution', name: { zh: '执行力', en: 'Execution' }, weight: 1 }],
            },
          }
        : {}),
    },
    indicators: kpiIndicators(weights, cap),
    grades: [
      { grade: 'A', when: { gte: 60 } },
      { grade: 'D', when: { lt: 60 } },
    ],
    examples: [],
  };
}

/** 1 to 6 integer weights adding to `total`. */
function weightsSumming(total: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 })
    .filter((xs) => xs.reduce((a, b) => a + b, 0) <= total * 10)
    .map((xs) => {
      const sum = xs.reduce((a, b) => a + b, 0);
      const scaled = xs.map((x) => Math.max(1, Math.floor((x * total) / sum)));
      const rest = total - scaled.reduce((a, b) => a + b, 0);
      scaled[0] = scaled[0]! + rest;
      return scaled;
    })
    .filter((xs) => xs.every((x) => x > 0));
}

const shape = fc.record({
  kpiWeight: fc.integer({ min: 10, max: 90 }),
  // indicator weights add to 100 (percent of the part) or to the part's weight (points of the form)
  percentOfPart: fc.boolean(),
  withBehaviour: fc.boolean(),
  cap: fc.constantFrom(1, 1.2, 1.5),
  seed: fc.integer(),
});

describe('re-weighting keeps the total on the declared scale', () => {
  it('all KPI indicators at 100% with the behaviour part absent → total exactly 100', () => {
    fc.assert(
      fc.property(
        shape.chain((s) => {
          const kpiWeight = s.withBehaviour ? s.kpiWeight : 100;
          return weightsSumming(s.percentOfPart ? 100 : kpiWeight).map((weights) => ({
            ...s,
            kpiWeight,
            weights,
          }));
        }),
        ({ kpiWeight, weights, withBehaviour, cap }) => {
          const tpl = form(weights, kpiWeight, withBehaviour, cap);
          const actuals = Object.fromEntries(weights.map((_, i) => [`k${i}`, 1000]));
          const card = scoreForm(tpl, { employee: 'p', actuals });
          expect(card.problems).toEqual([]);
          expect(card.behaviour).toBeNull();
          expect(card.total).toBe(100);
        },
      ),
    );
  });

  it('any completions with the behaviour part absent → total within [0, 100 × cap]', () => {
    fc.assert(
      fc.property(
        shape.chain((s) => {
          const kpiWeight = s.withBehaviour ? s.kpiWeight : 100;
          return weightsSumming(s.percentOfPart ? 100 : kpiWeight).chain((weights) =>
            fc
              .array(fc.integer({ min: 0, max: 3000 }), {
                minLength: weights.length,
                maxLength: weights.length,
              })
              .map((actuals) => ({ ...s, kpiWeight, weights, actuals })),
          );
        }),
        ({ kpiWeight, weights, withBehaviour, cap, actuals }) => {
          const tpl = form(weights, kpiWeight, withBehaviour, cap);
          const card = scoreForm(tpl, {
            employee: 'p',
            actuals: Object.fromEntries(actuals.map((a, i) => [`k${i}`, a])),
          });
          expect(card.problems).toEqual([]);
          expect(card.total).not.toBeNull();
          expect(card.total!).toBeGreaterThanOrEqual(0);
          expect(card.total!).toBeLessThanOrEqual(100 * cap + 1e-9);
        },
      ),
    );
  });

  it('with behaviour rated at the top of the scale and KPI at 100%, the total is 100 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 90 }), weightsSumming(100), (kpiWeight, weights) => {
        const tpl = form(weights, kpiWeight, true, 1.2);
        const actuals = Object.fromEntries(weights.map((_, i) => [`k${i}`, 1000]));
        const card = scoreForm(tpl, { employee: 'p', actuals, behaviour: { supervisor: { execution: 5 } } });
        expect(card.behaviour?.points).toBe(100 - kpiWeight);
        expect(card.total).toBe(100);
      }),
    );
  });

  it('a dropped indicator moves its weight: the others at 100% still give the full KPI part', () => {
    fc.assert(
      fc.property(
        weightsSumming(100).filter((w) => w.length >= 2),
        fc.nat(),
        (weights, pick) => {
          const tpl = form(weights, 100, false, 1.2);
          const gone = pick % weights.length;
          tpl.indicators[gone]!.ifAbsent = { weightTo: 'proportional' };
          const actuals = Object.fromEntries(weights.map((_, i) => [`k${i}`, i === gone ? null : 1000]));
          const card = scoreForm(tpl, { employee: 'p', actuals });
          expect(card.indicators[gone]!.dropped).toBe(true);
          expect(card.indicators[gone]!.points).toBeNull();
          // rounding each moved share to 0.01 may cost at most 0.005 per indicator
          expect(Math.abs(card.total! - 100)).toBeLessThanOrEqual(0.005 * weights.length + 1e-9);
        },
      ),
    );
  });
});
