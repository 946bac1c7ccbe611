/**
 * The sheet linter's dimension-level deduction check (issue 8 §4: "deductions that can exceed the indicator
 * or its dimension") and the refusal of group names the cycle cannot build.
 */
import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  checkTemplateSource,
  lintDimensionDeductions,
  lowestPoints,
} from './check-template.ts';
import { parseTemplate } from './template-parse.ts';
import type { Template } from './types.ts';
import { validateTemplate } from './validate.ts';

/** A template of two per-unit "每次扣N分" lines in one dimension 质量 of 30 points, plus a 70-point line. */
function yaml(opts: { floorA?: string; maxDeductionA?: number; declared?: boolean; ack?: string }): string {
  const floorA = opts.floorA ?? 'none';
  return [
    'kind: kpi-template',
    'id: dim-test',
    'version: "1"',
    'effective: 2026-01-01',
    'family: test',
    'name: { zh: 维度测试, en: dimension test }',
    'rounding: { point: 2, mode: half-up }',
    'parts: { kpi: { weight: 100 } }',
    'grades:',
    '  - { grade: A, when: ">= 60" }',
    '  - { grade: D, when: "< 60" }',
    `acknowledged: [${['indicator_count@indicators', 'per_unit_no_floor@indicators[0].rule.floor', ...(opts.ack ? [opts.ack] : [])].map((a) => `"${a}"`).join(', ')}]`,
    ...(opts.declared
      ? ['dimensions:', '  - { name: 质量, weight: 30 }', '  - { name: 销售, weight: 70 }']
      : []),
    'indicators:',
    '  - id: errors',
    '    name: { zh: 差错, en: Errors }',
    '    definition: { zh: 每次扣5分, en: −5 each }',
    '    metric: service_errors',
    '    cycle: month',
    '    weight: 20',
    '    dimension: 质量',
    '    rule:',
    '      { type: per-unit, on: actual, reference: zero, direction: above, step: 1, stepOf: absolute,',
    `        partial: whole, perStepAbove: -5, base: full, floor: ${floorA}${opts.maxDeductionA !== undefined ? `, maxDeduction: ${opts.maxDeductionA}` : ''} }`,
    '  - id: complaints',
    '    name: { zh: 投诉, en: Complaints }',
    '    definition: { zh: 每次扣2分，扣完为止, en: −2 each, down to 0 }',
    '    metric: complaints',
    '    cycle: month',
    '    weight: 10',
    '    dimension: 质量',
    '    rule:',
    '      { type: per-unit, on: actual, reference: zero, direction: above, step: 1, stepOf: absolute,',
    '        partial: whole, perStepAbove: -2, base: full, floor: 0 }',
    '  - id: sales',
    '    name: { zh: 销售额, en: Sales }',
    '    definition: { zh: 完成率×满分, en: completion × full points }',
    '    metric: paid_amount',
    '    cycle: month',
    '    weight: 70',
    '    target: 100000',
    '    dimension: 销售',
    '    rule: { type: linear, cap: 120% }',
    'examples:',
    '  - name: clean month',
    '    actuals: { errors: 0, complaints: 0, sales: 100000 }',
    '    expect: { total: 100, grade: A }',
  ].join('\n');
}

function parse(text: string): Template {
  const parsed = parseTemplate(text, 'dim-test.yaml');
  if (!parsed.template) throw new Error(JSON.stringify(parsed.problems, null, 2));
  return parsed.template;
}

const dimensionWarnings = (tpl: Template) =>
  checkTemplate(tpl, 'dim-test.yaml').problems.filter((p) => p.code === 'deduction_exceeds_dimension');

describe('deductions that can exceed the dimension', () => {
  it('warns when the worst case of the dimension’s indicators together passes its points (declared dimensions)', () => {
    // errors: base 20, at most 25 deducted, no floor → lowest −5, deduction 25; complaints: floor 0 → 10;
    // together 35 > the dimension's 30
    const tpl = parse(yaml({ maxDeductionA: 25, declared: true }));
    const found = dimensionWarnings(tpl);
    expect(found).toHaveLength(1);
    const w = found[0]!;
    expect(w.severity).toBe('warning');
    expect(w.where).toEqual({ file: 'dim-test.yaml', path: 'dimensions[0]' });
    expect(w.message.zh).toContain('维度“质量”');
    expect(w.message.zh).toContain('最多可扣 35 分');
    expect(w.message.zh).toContain('30 分');
    expect(w.message.en).toContain('up to 35 points');
    expect(w.message.en).toContain("the dimension's 30 points");
    expect(w.message.en).toContain('errors up to 25');
    expect(w.fix?.en).toContain('floor: 0');
    expect(w.fix?.zh).toContain('扣完为止');
    // a warning: the template is still usable and its example still passes
    expect(checkTemplate(tpl).ok).toBe(true);
  });

  it('says "without limit" for a line with neither floor nor deduction cap', () => {
    const [w] = dimensionWarnings(parse(yaml({ declared: true })));
    expect(w?.message.en).toContain('without limit');
    expect(w?.message.zh).toContain('扣分没有上限');
  });

  it('is quiet when the dimension cannot go below 0', () => {
    // floor 0 on both lines: 20 + 10 = exactly the dimension's 30
    expect(dimensionWarnings(parse(yaml({ floorA: '0', declared: true })))).toEqual([]);
    // a cap of 20 on a 20-point line, no floor: lowest 0, same
    expect(dimensionWarnings(parse(yaml({ maxDeductionA: 20, declared: true })))).toEqual([]);
  });

  it('uses the indicators’ dimension names (and their weights) when no dimensions are declared', () => {
    const found = lintDimensionDeductions(parse(yaml({ maxDeductionA: 21 })), 'x.yaml');
    expect(found).toHaveLength(1);
    expect(found[0]!.where.path).toBe('indicators[0].dimension');
    // 21 + 10 = 31 > 20 + 10
    expect(found[0]!.message.en).toContain('up to 31 points');
    expect(found[0]!.message.en).toContain("the dimension's 30 points");
  });

  it('goes away once acknowledged', () => {
    const tpl = parse(
      yaml({ maxDeductionA: 25, declared: true, ack: 'deduction_exceeds_dimension@dimensions[0]' }),
    );
    expect(dimensionWarnings(tpl)).toEqual([]);
  });

  it('knows the lowest points of each rule shape', () => {
    expect(lowestPoints({ type: 'linear' }, 20)).toBe(0);
    expect(lowestPoints({ type: 'linear', floor: 0.5 }, 20)).toBe(10);
    expect(
      lowestPoints(
        {
          type: 'bands',
          on: 'actual',
          unit: 'percent',
          bands: [{ when: { gte: 1 }, value: 100 }],
          else: -50,
        },
        20,
      ),
    ).toBe(-10);
    expect(
      lowestPoints({ type: 'gate', threshold: 0.6, inclusive: true, then: { type: 'linear' }, else: -3 }, 20),
    ).toBe(-3);
    expect(lowestPoints({ type: 'pass-fail', fail: -5 }, 10)).toBe(-5);
    expect(lowestPoints({ type: 'formula', expr: 'actual * weight' }, 10)).toBeNull();
    const perUnit = {
      type: 'per-unit',
      on: 'actual',
      reference: 'zero',
      direction: 'above',
      step: 1,
      stepOf: 'absolute',
      partial: 'whole',
      perStepAbove: -2,
      base: 'full',
    } as const;
    expect(lowestPoints({ ...perUnit, floor: 'none' }, 10)).toBe(-Infinity);
    expect(lowestPoints({ ...perUnit, floor: { fractionOfFull: 0.2 } }, 10)).toBe(2);
    expect(lowestPoints({ ...perUnit, floor: 'none', maxDeduction: 4 }, 10)).toBe(6);
    // an addition-only rule never goes below its base
    expect(lowestPoints({ ...perUnit, perStepAbove: 1, floor: 'none' }, 10)).toBe(10);
  });
});

describe('group names', () => {
  const withGroup = (group: string) =>
    yaml({ floorA: '0', declared: true }).replace(
      '    rule: { type: linear, cap: 120% }',
      `    rule: { type: linear, cap: 120% }\n    derive: { kind: rank, group: ${group}, order: desc }`,
    );

  it('the parser refuses a group the cycle cannot build, listing the allowed ones', () => {
    const parsed = parseTemplate(withGroup('store'), 'g.yaml');
    // the shape error blocks the template (checkTemplateSource and load-template refuse it, see below)
    expect(parsed.problems.some((x) => x.severity === 'error')).toBe(true);
    const p = parsed.problems.find((x) => x.where.path === 'indicators[2].derive.group');
    expect(p?.severity).toBe('error');
    expect(p?.message.en).toContain('team, family');
    expect(p?.message.zh).toContain('team / family');
    expect(p?.where.value).toBe('store');
  });

  it('accepts team and family', () => {
    for (const g of ['team', 'family']) expect(parseTemplate(withGroup(g), 'g.yaml').template).toBeDefined();
  });

  it('the validator refuses a template built in code with an unknown group', () => {
    const tpl = parse(withGroup('team'));
    const bad: Template = {
      ...tpl,
      indicators: tpl.indicators.map((i) =>
        i.id === 'sales'
          ? { ...i, derive: { kind: 'cohort', group: 'store', agg: 'mean', as: 'growth' } }
          : i,
      ),
    };
    const p = validateTemplate(bad).find((x) => x.code === 'group_unknown');
    expect(p?.severity).toBe('error');
    expect(p?.where.path).toBe('indicators[2].derive.group');
    expect(p?.message.en).toContain('team, family');
  });

  it('checkTemplateSource reports the refusal as a failed check', () => {
    expect(checkTemplateSource(withGroup('store'), 'g.yaml').ok).toBe(false);
  });
});
