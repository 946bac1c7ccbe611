/**
 * `shopkpi check` for a KPI template: parse, validate, lint, and run the template's examples. A template
 * whose examples do not come out as written is invalid: that is how a company proves its sheet does what
 * it says.
 */
import type { CheckReport, ExampleOutcome } from '../check-report.ts';
import type { Problem } from '../errors.ts';
import type { Text } from '../text.ts';
import { n } from '../trace.ts';
import { scoreForm } from './score-form.ts';
import { checkDraftSource } from './sheet/draft-check.ts';
import { parseTemplate } from './template-parse.ts';
import type { Template, TemplateExample } from './types.ts';
import { validateTemplate } from './validate.ts';

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

export function checkTemplate(tpl: Template, file?: string): CheckReport {
  const problems: Problem[] = validateTemplate(tpl, file);
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
