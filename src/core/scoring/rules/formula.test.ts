/**
 * 公式 (formula rule): a formula indicator scores through the sandbox, explains itself, and a person whose
 * figures cannot feed the formula gets a problem on their scorecard, never a crash of the whole run.
 */
import { describe, expect, it } from 'vitest';
import { TraceSink } from '../../trace.ts';
import { lintRule, scoreRule } from '../registry.ts';
import { RuleInputError } from '../rule.ts';
import { scoreForm } from '../score-form.ts';
import type { FormulaRule, Indicator, Template } from '../types.ts';

const rule: FormulaRule = { type: 'formula', expr: 'min(actual / team_rate, 1.2) * weight' };

const indicator: Indicator = {
  id: 'conversion',
  name: { zh: '转化率', en: 'Conversion' },
  definition: { zh: '个人转化率 ÷ 团队转化率', en: 'own conversion ÷ team conversion' },
  metric: 'conversion_rate',
  cycle: 'month',
  weight: 100,
  inputs: ['team_rate'],
  rule,
};

const template: Template = {
  kind: 'kpi-template',
  id: 'formula-test',
  version: '1',
  effective: '2026-01-01',
  family: 'test',
  name: { zh: '测试', en: 'test' },
  rounding: { point: 2, mode: 'half-up' },
  parts: { kpi: { weight: 100 } },
  indicators: [indicator],
  grades: [{ grade: 'A', when: {} }],
  examples: [],
};

describe('formula rule', () => {
  it('scores over the actual and a named input, and shows the values it used', () => {
    const sink = new TraceSink();
    const pts = scoreRule(
      rule,
      {
        actual: 0.03,
        target: undefined,
        full: 100,
        vars: { conversion: 0.03, team_rate: 0.025 },
        asPercent: true,
      },
      sink,
    );
    expect(pts).toBeCloseTo(120, 9);
    expect(sink.steps.map((s) => s.en).join(' ')).toContain('team_rate = 0.025');
    expect(sink.steps.map((s) => s.zh).join(' ')).toContain('min(actual / team_rate, 1.2) * weight = 120');
  });

  it('turns a missing value into a RuleInputError, not an exception of another kind', () => {
    expect(() =>
      scoreRule(
        rule,
        { actual: 0.03, target: undefined, full: 100, vars: { team_rate: null }, asPercent: true },
        null,
      ),
    ).toThrow(RuleInputError);
  });

  it('lints a formula against the indicator’s declared inputs', () => {
    expect(lintRule(rule, indicator, 'rule')).toEqual([]);
    const codes = lintRule(rule, { ...indicator, inputs: [] }, 'rule').map((p) => p.code);
    expect(codes).toEqual(['formula_refused']);
  });

  it('scoreForm: a person without the declared input gets a problem, not a crash', () => {
    // BUG (reported): rules/formula.ts compiles the formula outside its try block, so the FormulaError
    // "unknown name team_rate" escapes scoreForm and stops the whole run (the CLI exits 70 with a stack).
    let card: ReturnType<typeof scoreForm> | undefined;
    expect(() => {
      card = scoreForm(template, { employee: 'E1', actuals: { conversion: 0.03 } });
    }).not.toThrow();
    expect(card?.total).toBeNull();
    expect(card?.problems.map((p) => [p.code, p.where.column])).toEqual([['rule_input', 'conversion']]);
    expect(card?.problems[0]?.message.en).toContain('team_rate');
  });

  it('scoreForm: the same template scores a person who has the input', () => {
    const card = scoreForm(template, { employee: 'E2', actuals: { conversion: 0.03, team_rate: 0.025 } });
    expect(card.problems).toEqual([]);
    expect(card.total).toBe(120);
  });
});
