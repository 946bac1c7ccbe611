/**
 * `shopkpi check` for a KPI template: parse, validate, lint, and run the template's examples. A template
 * whose examples do not come out as written is invalid: that is how a company proves its sheet does what
 * it says.
 */
import type { CheckReport, ExampleOutcome } from '../check-report.ts';
import type { Problem } from '../errors.ts';
import type { Text } from '../text.ts';
import { n } from '../trace.ts';
import { bandPoints } from './rules/bands.ts';
import { perUnitBase, perUnitFloor } from './rules/per-unit.ts';
import { scoreForm } from './score-form.ts';
import { checkDraftSource } from './sheet/draft-check.ts';
import { parseTemplate } from './template-parse.ts';
import type { Indicator, Rule, Template, TemplateExample } from './types.ts';
import { ackKey, validateTemplate } from './validate.ts';

export function runExample(tpl: Template, ex: TemplateExample): ExampleOutcome {
  const card = scoreForm(
    tpl,
    {
      employee: ex.name,
      actuals: ex.actuals,
      ...(ex.targets ? { targets: ex.targets } : {}),
      ...(ex.behaviour ? { behaviour: ex.behaviour } : {}),
      ...(ex.additional ? { additional: ex.additional } : {}),
      ...(ex.attendance ? { attendance: ex.attendance } : {}),
      ...(ex.history ? { history: ex.history } : {}),
      ...(ex.daily ? { daily: ex.daily } : {}),
      ...(ex.cohort ? { cohort: ex.cohort } : {}),
    },
    { explain: false },
  );
  const mismatches: Text[] = card.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ zh: `无法计分：${p.message.zh}`, en: `cannot score: ${p.message.en}` }));
  const same = (a: number, b: number) => Math.abs(a - b) < 10 ** -(tpl.rounding.point + 2);
  const expect = ex.expect;
  for (const [id, want] of Object.entries(expect.indicators ?? {})) {
    const got = card.indicators.find((i) => i.id === id);
    if (!got) {
      mismatches.push({ zh: `没有指标 ${id}`, en: `no indicator ${id}` });
      continue;
    }
    if (want === 'dropped') {
      if (!got.dropped)
        mismatches.push({
          zh: `${id}：应为“未发生”，实际得 ${got.points}`,
          en: `${id}: expected dropped, got ${got.points}`,
        });
    } else if (got.points === null || !same(got.points, want)) {
      mismatches.push({
        zh: `${id}：应得 ${n(want)}，实际 ${got.points ?? '—'}`,
        en: `${id}: expected ${n(want)}, got ${got.points ?? '—'}`,
      });
    }
  }
  if (expect.kpi !== undefined && !same(card.kpi.points, expect.kpi)) {
    mismatches.push({
      zh: `KPI：应得 ${n(expect.kpi)}，实际 ${card.kpi.points}`,
      en: `kpi: expected ${n(expect.kpi)}, got ${card.kpi.points}`,
    });
  }
  if (
    expect.behaviour !== undefined &&
    (card.behaviour === null || !same(card.behaviour.points, expect.behaviour))
  ) {
    mismatches.push({
      zh: `行为绩效：应得 ${n(expect.behaviour)}，实际 ${card.behaviour?.points ?? '—'}`,
      en: `behaviour: expected ${n(expect.behaviour)}, got ${card.behaviour?.points ?? '—'}`,
    });
  }
  if (expect.total !== undefined && (card.total === null || !same(card.total, expect.total))) {
    mismatches.push({
      zh: `总分：应得 ${n(expect.total)}，实际 ${card.total ?? '—'}`,
      en: `total: expected ${n(expect.total)}, got ${card.total ?? '—'}`,
    });
  }
  if (expect.grade !== undefined && card.grade !== expect.grade) {
    mismatches.push({
      zh: `等级：应为 ${expect.grade}，实际 ${card.grade ?? '—'}`,
      en: `grade: expected ${expect.grade}, got ${card.grade ?? '—'}`,
    });
  }
  return { name: ex.name, ok: mismatches.length === 0, mismatches };
}

/**
 * The fewest points a rule can give an indicator of `full` points: −Infinity when deductions are unbounded,
 * null when it cannot be known without the figures (a formula).
 */
export function lowestPoints(rule: Rule, full: number): number | null {
  switch (rule.type) {
    case 'linear':
    case 'reverse':
      // completion is clamped to [floor (default 0), cap] before it multiplies the full points
      return (rule.floor ?? 0) * full;
    case 'closer':
      return 0;
    case 'gate': {
      const inner = lowestPoints(rule.then, full);
      return inner === null ? null : Math.min(inner, rule.else ?? 0);
    }
    case 'pass-fail':
      return Math.min(rule.pass ?? full, rule.fail ?? 0);
    case 'bands':
      return Math.min(
        ...[...rule.bands.map((b) => b.value), rule.else].map((v) => bandPoints(v, rule.unit, full)),
      );
    case 'joint-bands':
      return Math.min(
        ...[...rule.rows.map((r) => r.value), rule.else].map((v) => bandPoints(v, rule.unit, full)),
      );
    case 'interpolate':
      // piecewise linear and flat beyond the ends: the lowest value is at one of the points
      return Math.min(...rule.points.map((p) => bandPoints(p.value, rule.unit, full)));
    case 'per-unit': {
      const base = perUnitBase(rule, full);
      const deducts =
        (rule.direction !== 'below' && (rule.perStepAbove ?? 0) < 0) ||
        (rule.direction !== 'above' && (rule.perStepBelow ?? 0) < 0);
      if (!deducts) return base;
      const floor = perUnitFloor(rule, full);
      const capped = rule.maxDeduction === undefined ? -Infinity : base - rule.maxDeduction;
      return floor === undefined ? capped : Math.max(floor, capped);
    }
    case 'formula':
      return null;
  }
}

/**
 * 扣分超过维度分值 (issue 8 §4): the worst case of a dimension's indicators together — each at the fewest
 * points its rule can give — must not take the dimension below 0, or one bad figure eats the points of the
 * dimension's other indicators (a dimension of 30 with a "每次扣5分，无下限" line). Dimensions are the declared
 * `dimensions` (their weight) or, without them, the indicators' `dimension` names (their indicators' weights).
 * Formula indicators are left out: their lowest points depend on the figures.
 */
export function lintDimensionDeductions(tpl: Template, file?: string): Problem[] {
  const groups = new Map<string, { weight: number; path: string; members: Indicator[] }>();
  for (const [i, d] of (tpl.dimensions ?? []).entries())
    groups.set(d.name, { weight: d.weight, path: `dimensions[${i}]`, members: [] });
  const declared = groups.size > 0;
  tpl.indicators.forEach((ind, i) => {
    if (ind.dimension === undefined) return;
    let g = groups.get(ind.dimension);
    if (!g) {
      if (declared) return; // an undeclared dimension is already an error (dimension_unknown)
      g = { weight: 0, path: `indicators[${i}].dimension`, members: [] };
      groups.set(ind.dimension, g);
    }
    if (!declared) g.weight += ind.weight;
    g.members.push(ind);
  });
  const out: Problem[] = [];
  for (const [name, g] of groups) {
    let deduction = 0;
    const worst: { zh: string; en: string }[] = [];
    for (const ind of g.members) {
      const low = lowestPoints(ind.rule, ind.weight);
      if (low === null) continue;
      const d = ind.weight - low;
      if (d <= 0) continue;
      deduction += d;
      worst.push({
        zh: `${ind.id} ${Number.isFinite(d) ? `最多扣 ${n(d)}` : '扣分无上限'}`,
        en: `${ind.id} ${Number.isFinite(d) ? `up to ${n(d)}` : 'without limit'}`,
      });
    }
    if (!(deduction > g.weight + 1e-9)) continue;
    const amountZh = Number.isFinite(deduction) ? `最多可扣 ${n(deduction)} 分` : '扣分没有上限';
    const amountEn = Number.isFinite(deduction) ? `up to ${n(deduction)} points` : 'without limit';
    out.push({
      severity: 'warning',
      code: 'deduction_exceeds_dimension',
      message: {
        zh: `维度“${name}”的指标合计${amountZh}，超过该维度的 ${n(g.weight)} 分（${worst.map((w) => w.zh).join('；')}）`,
        en: `the indicators of dimension "${name}" can deduct ${amountEn} together, more than the dimension's ${n(g.weight)} points (${worst.map((w) => w.en).join('; ')})`,
      },
      where: { ...(file ? { file } : {}), path: g.path },
      fix: {
        zh: `给这些指标写明“扣完为止”（floor: 0）或降低“最高扣N分”（maxDeduction），使维度“${name}”最低为0分`,
        en: `give these indicators floor: 0 (扣完为止) or a lower maxDeduction, so dimension "${name}" cannot fall below 0`,
      },
    });
  }
  return out;
}

export function checkTemplate(tpl: Template, file?: string): CheckReport {
  const acks = new Set(tpl.acknowledged ?? []);
  const problems: Problem[] = [
    ...validateTemplate(tpl, file),
    ...lintDimensionDeductions(tpl, file).filter((p) => !acks.has(ackKey(p))),
  ];
  const hasErrors = problems.some((p) => p.severity === 'error');
  const examples = hasErrors ? [] : tpl.examples.map((ex) => runExample(tpl, ex));
  if (!hasErrors && tpl.examples.length === 0) {
    problems.push({
      severity: 'error',
      code: 'examples_missing',
      message: {
        zh: '模板没有示例（examples）：请至少给出一个“实际值 → 得分与等级”的例子',
        en: 'the template has no examples: give at least one "actuals → points and grade" case',
      },
      where: { ...(file ? { file } : {}), path: 'examples' },
    });
  }
  const ok = !problems.some((p) => p.severity === 'error') && examples.every((e) => e.ok);
  return { kind: 'template', id: tpl.id, version: tpl.version, problems, examples, ok };
}

/** Parses and checks a template file's text. */
export function checkTemplateSource(yamlText: string, file: string): CheckReport {
  // A draft with unresolved items fails with one draft_unresolved error per item (issue 8 §5).
  const draft = checkDraftSource(yamlText, file);
  if (draft) return draft;
  const parsed = parseTemplate(yamlText, file);
  if (!parsed.template) {
    return { kind: 'template', id: '', version: '', problems: parsed.problems, examples: [], ok: false };
  }
  const report = checkTemplate(parsed.template, file);
  report.problems.unshift(...parsed.problems);
  report.ok = report.ok && !parsed.problems.some((p) => p.severity === 'error');
  return report;
}
