/**
 * The shipped benchmark templates (标杆, templates/*.yaml) must pass `shopkpi check`: they parse, validate
 * without errors or unacknowledged warnings, and every example's hand-computed expectation matches the engine.
 * The examples were computed by hand from the rule definitions, so a failure here means either the engine or
 * the template is wrong: read the mismatch before changing either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../src/core/check-report.ts';
import { describeProblem } from '../src/core/errors.ts';
import { checkTemplateSource } from '../src/core/scoring/check-template.ts';
import { RULE_TYPES } from '../src/core/scoring/registry.ts';
import { parseTemplate } from '../src/core/scoring/template-parse.ts';
import type { Rule, RuleType, Template } from '../src/core/scoring/types.ts';

const DIR = join(import.meta.dirname, '..', 'templates');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function source(file: string): string {
  return readFileSync(join(DIR, file), 'utf8');
}

function parsed(file: string): Template {
  const { template, problems } = parseTemplate(source(file), file);
  if (!template)
    throw new Error(`${file} does not parse:\n${problems.map((p) => describeProblem(p)).join('\n')}`);
  return template;
}

/** Everything that went wrong in a report, one line each, so a failing test says why. */
function explain(report: CheckReport): string {
  const lines = report.problems.map((p) => `${p.severity}: ${describeProblem(p)}`);
  for (const ex of report.examples) {
    if (!ex.ok) lines.push(`example "${ex.name}": ${ex.mismatches.map((m) => m.en).join('; ')}`);
  }
  return lines.join('\n');
}

/** A rule and the rules it wraps (a gate's inner rule). */
function ruleTypes(rule: Rule): RuleType[] {
  return rule.type === 'gate' ? ['gate', ...ruleTypes(rule.then)] : [rule.type];
}

describe('benchmark templates (templates/*.yaml)', () => {
  it('ships a template for each job family of domain.md §1, each id once', () => {
    const families = FILES.map((f) => parsed(f).family);
    expect(families).toEqual(
      expect.arrayContaining([
        'aftersales-cs',
        'content',
        'designer',
        'presales-cs',
        'promotion',
        'store-operator',
      ]),
    );
    const ids = FILES.map((f) => parsed(f).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(FILES)('%s', (file) => {
    const report = checkTemplateSource(source(file), file);

    it('passes check: no errors, every example as computed by hand', () => {
      expect(report.ok, explain(report)).toBe(true);
      expect(
        report.problems.filter((p) => p.severity === 'error'),
        explain(report),
      ).toEqual([]);
    });

    it('has no unacknowledged warnings (a benchmark is the example others copy)', () => {
      expect(
        report.problems.filter((p) => p.severity === 'warning'),
        explain(report),
      ).toEqual([]);
    });

    it('runs at least three examples, each passing', () => {
      expect(report.examples.length).toBeGreaterThanOrEqual(3);
      for (const ex of report.examples)
        expect(ex.ok, `${ex.name}: ${ex.mismatches.map((m) => m.en).join('; ')}`).toBe(true);
    });

    it('has 3 to 6 main KPI indicators, each with definition, metric, cycle, target (or derive) and rule', () => {
      const tpl = parsed(file);
      expect(tpl.indicators.length).toBeGreaterThanOrEqual(3);
      expect(tpl.indicators.length).toBeLessThanOrEqual(6);
      for (const ind of tpl.indicators) {
        expect(ind.definition.zh.length, ind.id).toBeGreaterThan(0);
        expect(ind.definition.en.length, ind.id).toBeGreaterThan(0);
        expect(ind.metric, ind.id).toMatch(/^[a-z][a-z0-9_]*$/);
        // A derived indicator (环比, against the team, days of the month) measures against the reference its
        // derive names; every other indicator states the target the employee is held to.
        if (!ind.derive) expect(ind.target, `${ind.id} has no target`).toBeDefined();
      }
    });

    it('states every expectation of every example (indicators, total and grade)', () => {
      const tpl = parsed(file);
      for (const ex of tpl.examples) {
        expect(Object.keys(ex.expect.indicators ?? {}).sort(), ex.name).toEqual(
          tpl.indicators.map((i) => i.id).sort(),
        );
        expect(ex.expect.total, ex.name).toBeDefined();
        expect(ex.expect.grade, ex.name).toBeDefined();
      }
    });
  });

  it('uses every rule type across the set, and an indicator that may be absent', () => {
    const used = new Set<RuleType>();
    let optional = 0;
    for (const file of FILES) {
      for (const ind of parsed(file).indicators) {
        for (const t of ruleTypes(ind.rule)) used.add(t);
        if (ind.ifAbsent) optional++;
      }
    }
    expect([...used].sort()).toEqual([...RULE_TYPES].sort());
    expect(optional).toBeGreaterThanOrEqual(1);
  });

  it('uses both forms of the reverse rule', () => {
    const forms = new Set<string>();
    for (const file of FILES) {
      for (const ind of parsed(file).indicators) if (ind.rule.type === 'reverse') forms.add(ind.rule.form);
    }
    expect([...forms].sort()).toEqual(['deviation', 'ratio']);
  });

  it('store-operator carries the worked month of domain.md §3: 76.75 points, grade B', () => {
    const worked = parsed('store-operator.yaml').examples.find((e) => e.name.startsWith('worked month'));
    expect(worked?.actuals).toEqual({
      revenue: 1_260_000,
      gross_profit: 140_000,
      traffic: 180_000,
      promotion_cost: 0.09,
    });
    expect(worked?.expect).toEqual({
      indicators: { revenue: 36, gross_profit: 0, traffic: 9, promotion_cost: 8.75 },
      kpi: 53.75,
      behaviour: 24,
      total: 76.75,
      grade: 'B',
    });
  });

  it('docs/rules.md documents every rule type with a worked example', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'rules.md'), 'utf8');
    const sections = doc.split(/^## /m).slice(1);
    for (const type of RULE_TYPES) {
      const section = sections.find((s) => s.startsWith(`\`${type}\``));
      expect(section, `no "## \`${type}\`" section in docs/rules.md`).toBeDefined();
      expect(section, `the ${type} section has no formula`).toMatch(/\*\*Formula\.\*\*/);
      expect(section, `the ${type} section has no worked example`).toMatch(/\*\*Worked examples?\b/);
    }
  });
});
