/**
 * Template validation and lint (模板校验): each check fires on the defect it names, says where, and
 * acknowledged warnings stop showing. The starting point is the shipped store-operator template, which is
 * clean, so every problem below comes from the one change the test makes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../errors.ts';
import { checkTemplate, checkTemplateSource } from './check-template.ts';
import { parseTemplate } from './template-parse.ts';
import type { Indicator, Template } from './types.ts';
import { ackKey, validateTemplate } from './validate.ts';

const FILE = join(import.meta.dirname, '..', '..', '..', 'templates', 'store-operator.yaml');
const SOURCE = readFileSync(FILE, 'utf8');

function base(): Template {
  const { template } = parseTemplate(SOURCE, 'store-operator.yaml');
  if (!template) throw new Error('store-operator.yaml does not parse');
  return structuredClone(template);
}

const codes = (ps: Problem[], severity: Problem['severity']) =>
  ps.filter((p) => p.severity === severity).map((p) => p.code);

function extra(id: string, patch: Partial<Indicator> = {}): Indicator {
  return {
    id,
    name: { zh: id, en: id },
    definition: { zh: id, en: id },
    metric: 'paid_amount',
    cycle: 'month',
    weight: 5,
    target: 100,
    rule: { type: 'linear', cap: 1.2 },
    ...patch,
  };
}

describe('validateTemplate', () => {
  it('finds nothing wrong with the shipped store-operator template', () => {
    expect(validateTemplate(base())).toEqual([]);
  });

  it('weights totalling 95 → error weights_total on the indicators', () => {
    const tpl = base();
    tpl.indicators[3]!.weight = 5; // 30 + 20 + 10 + 5 = 65, neither 100 nor the part's 70
    tpl.parts.kpi.weight = 70;
    const t2 = base();
    // 30 + 20 + 10 + 35 = 95 with a part of 70: neither 100 nor 70
    t2.indicators[3]!.weight = 35;
    for (const t of [tpl, t2]) {
      const problems = validateTemplate(t, 'x.yaml');
      const p = problems.find((q) => q.code === 'weights_total');
      expect(p?.severity).toBe('error');
      expect(p?.where).toEqual({ file: 'x.yaml', path: 'indicators' });
    }
    expect(validateTemplate(t2).find((q) => q.code === 'weights_total')?.message.en).toContain('95');
  });

  it('part weights totalling 95 → error weights_total on the parts', () => {
    const tpl = base();
    tpl.parts.behaviour!.weight = 25;
    const p = validateTemplate(tpl).find((q) => q.code === 'weights_total');
    expect(p?.where.path).toBe('parts');
    expect(p?.message.zh).toContain('95');
  });

  it('2 indicators → warning indicator_count; 7 → the same warning', () => {
    const two = base();
    two.indicators = [two.indicators[0]!, { ...two.indicators[1]!, weight: 40 }];
    const p2 = validateTemplate(two);
    expect(codes(p2, 'warning')).toContain('indicator_count');
    expect(codes(p2, 'error')).toEqual([]);
    const seven = base();
    seven.indicators.push(extra('a'), extra('b'), extra('c'));
    seven.indicators[0]!.weight = 15; // 15 + 20 + 10 + 10 + 3 × 5 = 70
    const p7 = validateTemplate(seven);
    expect(codes(p7, 'warning')).toContain('indicator_count');
    expect(p7.find((p) => p.code === 'indicator_count')?.message.en).toContain('7');
  });

  it('grades whose top band is "[90, 100)" → error: 100 is excluded', () => {
    const tpl = base();
    tpl.grades = [
      { grade: 'A', when: { gte: 90, lt: 100 } },
      { grade: 'B', when: { lt: 90 } },
    ];
    const p = validateTemplate(tpl).filter((q) => q.code.startsWith('grade_'));
    expect(p.map((q) => [q.severity, q.code])).toEqual([['error', 'grade_gap']]);
    expect(p[0]!.message.en).toContain('100');
  });

  it('grade bands with a hole or an overlap → errors', () => {
    const tpl = base();
    tpl.grades = [
      { grade: 'A', when: { gte: 85 } },
      { grade: 'B', when: { gte: 70, lt: 84 } },
      { grade: 'C', when: { lte: 70 } },
    ];
    const gradeCodes = codes(validateTemplate(tpl), 'error').filter((c) => c.startsWith('grade_'));
    expect(gradeCodes.sort()).toEqual(['grade_gap', 'grade_overlap']);
  });

  it('a linear rule on ad_spend → warning direction_mismatch; a reverse rule does not warn', () => {
    const tpl = base();
    tpl.indicators[2] = { ...tpl.indicators[2]!, metric: 'ad_spend', rule: { type: 'linear', cap: 1.2 } };
    const p = validateTemplate(tpl).find((q) => q.code === 'direction_mismatch');
    expect(p?.severity).toBe('warning');
    expect(p?.where.path).toBe('indicators[2].rule');
    expect(p?.message.en).toContain('ad_spend');
    tpl.indicators[2]!.rule = { type: 'reverse', form: 'ratio', cap: 1 };
    expect(codes(validateTemplate(tpl), 'warning')).not.toContain('direction_mismatch');
  });

  it('per-unit with floor none and no deduction cap → warning per_unit_no_floor', () => {
    const tpl = base();
    tpl.indicators[3]!.rule = {
      type: 'per-unit',
      on: 'actual',
      reference: 'target',
      direction: 'above',
      step: 0.005,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: -2,
      base: 'full',
      floor: 'none',
    };
    const p = validateTemplate(tpl);
    expect(codes(p, 'warning')).toContain('per_unit_no_floor');
    expect(codes(p, 'error')).toEqual([]);
    const withFloor = structuredClone(tpl);
    withFloor.indicators[3]!.rule = {
      ...(tpl.indicators[3]!.rule as object),
      floor: { points: 0 },
    } as Indicator['rule'];
    expect(codes(validateTemplate(withFloor), 'warning')).not.toContain('per_unit_no_floor');
  });

  it('acknowledged warnings disappear; errors cannot be acknowledged', () => {
    const tpl = base();
    tpl.indicators[2] = { ...tpl.indicators[2]!, metric: 'ad_spend' };
    tpl.parts.behaviour!.weight = 25;
    const before = validateTemplate(tpl);
    const warning = before.find((p) => p.code === 'direction_mismatch')!;
    const error = before.find((p) => p.code === 'weights_total')!;
    expect(ackKey(warning)).toBe('direction_mismatch@indicators[2].rule');
    tpl.acknowledged = [ackKey(warning), ackKey(error)];
    const after = validateTemplate(tpl);
    expect(after.map((p) => p.code)).not.toContain('direction_mismatch');
    expect(after.map((p) => p.code)).toContain('weights_total');
  });

  it('a target the rule ignores and a yearly indicator in a monthly sheet → warnings', () => {
    const tpl = base();
    tpl.indicators[2] = { ...tpl.indicators[2]!, cycle: 'year', rule: { type: 'pass-fail' } };
    const w = codes(validateTemplate(tpl), 'warning');
    expect(w).toContain('target_ignored');
    expect(w).toContain('cycle_mismatch');
  });
});

describe('parsing refuses what validation cannot repair', () => {
  it('a bands rule without else → parse error naming the path', () => {
    const yaml = SOURCE.replace(
      'rule: { type: linear, cap: 120% }\n\n  - id: gross_profit',
      [
        'rule:',
        '      type: bands',
        '      on: completion',
        '      unit: percent',
        '      bands:',
        '        - { when: ">= 100%", value: 100 }',
        '        - { when: "[90%, 100%)", value: 85 }',
        '',
        '  - id: gross_profit',
      ].join('\n'),
    );
    expect(yaml).not.toBe(SOURCE);
    const { template, problems } = parseTemplate(yaml, 'bands.yaml');
    const p = problems.find((q) => q.where.path === 'indicators[0].rule.else');
    expect(template?.indicators.map((i) => i.id)).not.toContain('revenue');
    expect(p?.severity).toBe('error');
    expect(p?.where.file).toBe('bands.yaml');
    expect(p?.fix?.en).toContain('else');
    expect(checkTemplateSource(yaml, 'bands.yaml').ok).toBe(false);
  });

  it('a gate without inclusive → parse error', () => {
    const yaml = SOURCE.replace(/^ *inclusive: true\n/m, '');
    expect(yaml).not.toBe(SOURCE);
    expect(parseTemplate(yaml).problems.map((p) => p.where.path)).toContain('indicators[1].rule.inclusive');
  });
});

describe('checkTemplate runs the examples', () => {
  it('passes the shipped examples', () => {
    const r = checkTemplate(base());
    expect(r.ok).toBe(true);
    expect(r.examples.length).toBeGreaterThanOrEqual(1);
    expect(r.examples.every((e) => e.ok)).toBe(true);
  });

  it('a wrong expectation fails the template, naming the indicator and both numbers', () => {
    const tpl = base();
    tpl.examples[0]!.expect.indicators = { revenue: 37.8 };
    const r = checkTemplate(tpl);
    expect(r.ok).toBe(false);
    const m = r.examples[0]!.mismatches.map((x) => x.en).join(' ');
    expect(m).toContain('revenue');
    expect(m).toContain('37.8');
    expect(m).toContain('36');
  });

  it('no examples → error examples_missing', () => {
    const tpl = base();
    tpl.examples = [];
    const r = checkTemplate(tpl);
    expect(r.ok).toBe(false);
    expect(codes(r.problems, 'error')).toContain('examples_missing');
  });
});
