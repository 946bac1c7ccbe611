/**
 * Template validation and lint (模板校验): every problem with where, why and a suggested fix, in zh-CN and en.
 * Errors block a template; warnings show until someone acknowledges them (template.acknowledged lists
 * "code@path" keys).
 */
import type { Problem } from '../errors.ts';
import { n } from '../trace.ts';
import { coverage } from './interval.ts';
import { metricDirection } from './metric-direction.ts';
import { lintRule, ruleDirection } from './registry.ts';
import { GROUP_NAMES } from './template-parse.ts';
import type { Indicator, Rule, Template } from './types.ts';

/** Whether a rule reads the target (so a target must be set, and setting one otherwise is ignored). */
export function ruleUsesTarget(rule: Rule): boolean {
  switch (rule.type) {
    case 'linear':
    case 'gate':
    case 'reverse':
    case 'closer':
      return true;
    case 'bands':
    case 'interpolate':
      return rule.on === 'completion';
    case 'per-unit':
      return rule.on === 'completion' || rule.reference === 'target';
    case 'formula':
      return /\b(target|completion)\b/.test(rule.expr);
    case 'pass-fail':
    case 'joint-bands':
      return false;
  }
}

function isGroupName(g: string): boolean {
  return (GROUP_NAMES as readonly string[]).includes(g);
}

export function ackKey(p: Problem): string {
  return `${p.code}@${p.where.path ?? ''}`;
}

export function validateTemplate(tpl: Template, file?: string): Problem[] {
  const out: Problem[] = [];
  const at = (path: string) => ({ ...(file ? { file } : {}), path });
  const err = (code: string, path: string, zh: string, en: string, fix?: { zh: string; en: string }) =>
    out.push({ severity: 'error', code, message: { zh, en }, where: at(path), ...(fix ? { fix } : {}) });
  const warn = (code: string, path: string, zh: string, en: string, fix?: { zh: string; en: string }) =>
    out.push({ severity: 'warning', code, message: { zh, en }, where: at(path), ...(fix ? { fix } : {}) });

  // parts
  const partTotal = tpl.parts.kpi.weight + (tpl.parts.behaviour?.weight ?? 0);
  if (Math.abs(partTotal - 100) > 1e-9) {
    err(
      'weights_total',
      'parts',
      `各部分权重合计 ${n(partTotal)}，应为 100`,
      `the parts' weights total ${n(partTotal)}, not 100`,
      {
        zh: '调整 parts.kpi.weight 与 parts.behaviour.weight 使合计为 100',
        en: 'make parts.kpi.weight + parts.behaviour.weight = 100',
      },
    );
  }
  const b = tpl.parts.behaviour;
  if (b) {
    if (!(b.scale.max > b.scale.min))
      err(
        'behaviour_scale',
        'parts.behaviour.scale',
        '评分刻度的最大值必须大于最小值',
        'the scale maximum must exceed the minimum',
      );
    if (b.items.length === 0)
      err(
        'behaviour_items',
        'parts.behaviour.items',
        '行为绩效没有评价项目',
        'the behaviour part has no items',
      );
    const raterWeights = Object.values(b.raters);
    if (raterWeights.length === 0 || raterWeights.some((w) => !(w > 0))) {
      err(
        'behaviour_raters',
        'parts.behaviour.raters',
        '评价人权重必须为正数，且至少有一位评价人',
        'rater weights must be positive, with at least one rater',
      );
    }
    if (b.raters.supervisor === undefined)
      warn(
        'behaviour_no_supervisor',
        'parts.behaviour.raters',
        '行为绩效没有上级评价',
        'the behaviour part has no supervisor rating',
      );
    const ids = new Set<string>();
    b.items.forEach((it, i) => {
      if (ids.has(it.id))
        err(
          'duplicate_id',
          `parts.behaviour.items[${i}].id`,
          `评价项目 id “${it.id}” 重复`,
          `behaviour item id "${it.id}" is used twice`,
        );
      ids.add(it.id);
      if (!(it.weight > 0))
        err(
          'behaviour_item_weight',
          `parts.behaviour.items[${i}].weight`,
          '项目权重必须为正数',
          'an item weight must be positive',
        );
    });
  }
  const add = tpl.parts.additional;
  if (add && !(add.min <= 0 && add.max >= 0)) {
    err(
      'additional_bounds',
      'parts.additional',
      '附加分的范围必须包含0（min ≤ 0 ≤ max）',
      'the additional-points bound must contain 0 (min ≤ 0 ≤ max)',
    );
  }

  // indicators
  const inds = tpl.indicators;
  if (inds.length < 3 || inds.length > 6) {
    warn(
      'indicator_count',
      'indicators',
      `关键指标有 ${inds.length} 个；建议 3 到 6 个主要指标`,
      `there are ${inds.length} KPI indicators; 3 to 6 main indicators are recommended`,
      {
        zh: '合并或拆分指标，使主要指标在 3–6 个之间',
        en: 'merge or split indicators to keep 3–6 main ones',
      },
    );
  }
  const ids = new Set<string>();
  let weightSum = 0;
  inds.forEach((ind, i) => {
    const path = `indicators[${i}]`;
    if (ids.has(ind.id))
      err('duplicate_id', `${path}.id`, `指标 id “${ind.id}” 重复`, `indicator id "${ind.id}" is used twice`);
    ids.add(ind.id);
    if (!/^[a-z][a-z0-9_-]*$/.test(ind.id)) {
      err(
        'indicator_id',
        `${path}.id`,
        `指标 id “${ind.id}” 只能用小写字母、数字、_ 和 -`,
        `indicator id "${ind.id}" may only use a–z, 0–9, _ and -`,
      );
    }
    if (!(ind.weight > 0))
      err(
        'indicator_weight',
        `${path}.weight`,
        '指标权重（满分）必须为正数',
        'an indicator weight (full points) must be positive',
      );
    weightSum += ind.weight;
    const usesTarget = ruleUsesTarget(ind.rule);
    if (usesTarget && ind.target === undefined) {
      err(
        'target_missing',
        `${path}.target`,
        `指标“${ind.name.zh}”的规则需要目标值，但没有给出`,
        `indicator "${ind.name.en}" has a rule that needs a target and none is given`,
      );
    }
    if (usesTarget && ind.target === 0)
      err(
        'target_zero',
        `${path}.target`,
        '目标值为0，无法计算完成率',
        'a target of 0 makes completion undefined',
      );
    if (!usesTarget && ind.target !== undefined) {
      warn(
        'target_ignored',
        `${path}.target`,
        `指标“${ind.name.zh}”给了目标值，但规则没有用到它`,
        `indicator "${ind.name.en}" sets a target that its rule ignores`,
        {
          zh: '删除目标值，或改用以目标为基准的规则',
          en: 'remove the target or use a rule that reads it',
        },
      );
    }
    if (ind.cycle === 'year' || ind.cycle === 'quarter') {
      warn(
        'cycle_mismatch',
        `${path}.cycle`,
        `月度考核表里的${ind.cycle === 'year' ? '年度' : '季度'}指标：目标应按月拆分`,
        `a ${ind.cycle}ly indicator in a monthly sheet: split its target into months`,
      );
    }
    // a rank (1 = best) is lower-is-better; a count of days depends on which days are counted
    const metricDir =
      ind.derive?.kind === 'rank'
        ? 'lower'
        : ind.derive?.kind === 'days'
          ? 'unknown'
          : metricDirection(ind.metric);
    const ruleDir = ruleDirection(ind.rule);
    if (metricDir !== 'unknown' && (ruleDir === 'higher' || ruleDir === 'lower') && metricDir !== ruleDir) {
      warn(
        'direction_mismatch',
        `${path}.rule`,
        `“${ind.metric}”通常${metricDir === 'lower' ? '越低越好' : '越高越好'}，但该规则${ruleDir === 'higher' ? '越高得分越多' : '越低得分越多'}`,
        `"${ind.metric}" is usually ${metricDir === 'lower' ? 'lower' : 'higher'}-is-better but this rule rewards ${ruleDir === 'higher' ? 'more' : 'less'}`,
        { zh: '改用反向规则，或确认该指标方向', en: 'use a reverse rule, or confirm the direction' },
      );
    }
    if (ind.ifAbsent && ind.ifAbsent.weightTo !== 'proportional') {
      const to = ind.ifAbsent.weightTo;
      if (to === ind.id || !inds.some((o) => o.id === to)) {
        err(
          'if_absent_target',
          `${path}.ifAbsent.weightTo`,
          `权重转移目标“${to}”不是另一个指标`,
          `weightTo "${to}" is not another indicator`,
        );
      }
    }
    for (const name of ind.inputs ?? []) {
      if (['actual', 'target', 'weight', 'completion'].includes(name)) {
        err(
          'input_reserved',
          `${path}.inputs`,
          `输入名“${name}”是保留字`,
          `input name "${name}" is reserved`,
        );
      }
    }
    const d = ind.derive;
    if (d && (d.kind === 'cohort' || d.kind === 'rank') && !isGroupName(d.group)) {
      // a template built in code (not parsed from YAML) meets the same rule as the parser's
      err(
        'group_unknown',
        `${path}.derive.group`,
        `分组“${d.group}”无法计分：可用的分组为 ${GROUP_NAMES.join(' / ')}`,
        `group "${d.group}" can never be scored: the groups are ${GROUP_NAMES.join(', ')}`,
        {
          zh: '改用 team（员工所属团队）或 family（岗位族）',
          en: "use team (the employee's team) or family (the job family)",
        },
      );
    }
    out.push(
      ...lintRule(ind.rule, ind, `${path}.rule`).map((p) => ({
        ...p,
        where: { ...(file ? { file } : {}), ...p.where },
      })),
    );
  });
  const kpiWeight = tpl.parts.kpi.weight;
  if (inds.length > 0 && Math.abs(weightSum - 100) > 1e-9 && Math.abs(weightSum - kpiWeight) > 1e-9) {
    err(
      'weights_total',
      'indicators',
      `关键指标权重合计 ${n(weightSum)}，应为 100（部分内百分比）或 ${n(kpiWeight)}（KPI部分的分值）`,
      `KPI indicator weights total ${n(weightSum)}; they must total 100 (percent of the part) or ${n(kpiWeight)} (the part's points)`,
    );
  }
  if (tpl.dimensions) {
    const dimTotal = tpl.dimensions.reduce((a, d) => a + d.weight, 0);
    if (Math.abs(dimTotal - 100) > 1e-9 && Math.abs(dimTotal - kpiWeight) > 1e-9) {
      err(
        'weights_total',
        'dimensions',
        `考核维度权重合计 ${n(dimTotal)}，应为 100 或 ${n(kpiWeight)}`,
        `the dimensions' weights total ${n(dimTotal)}, not 100 or ${n(kpiWeight)}`,
      );
    }
    tpl.dimensions.forEach((d, i) => {
      const sum = inds.filter((ind) => ind.dimension === d.name).reduce((a, ind) => a + ind.weight, 0);
      if (Math.abs(sum - d.weight) > 1e-9) {
        err(
          'dimension_weights',
          `dimensions[${i}]`,
          `维度“${d.name}”权重 ${n(d.weight)}，其下指标权重合计 ${n(sum)}`,
          `dimension "${d.name}" weighs ${n(d.weight)} but its indicators total ${n(sum)}`,
          { zh: '调整该维度下各指标的权重', en: "adjust the dimension's indicator weights" },
        );
      }
    });
    inds.forEach((ind, i) => {
      if (ind.dimension !== undefined && !tpl.dimensions!.some((d) => d.name === ind.dimension)) {
        err(
          'dimension_unknown',
          `indicators[${i}].dimension`,
          `维度“${ind.dimension}”没有在 dimensions 中声明`,
          `dimension "${ind.dimension}" is not declared in dimensions`,
        );
      }
    });
  }
  if (inds.every((i) => i.ifAbsent)) {
    if (inds.length > 0)
      warn(
        'all_optional',
        'indicators',
        '所有指标都可缺省，一个月可能没有任何指标',
        'every indicator may be absent: a month could have none',
      );
  }

  // grades
  if (tpl.grades.length === 0) err('grades_missing', 'grades', '没有等级区间', 'no grade bands');
  for (const issue of coverage(
    tpl.grades.map((g) => g.when),
    false,
    true,
  )) {
    err(
      `grade_${issue.kind}`,
      `grades[${issue.rows[0]}]`,
      `等级区间：${issue.text.zh}`,
      `grade bands: ${issue.text.en}`,
      {
        zh: '用首尾相接的区间覆盖所有总分，例如 ">= 95"、"[85, 95)" … "< 60"',
        en: 'cover every total with bands that meet, e.g. ">= 95", "[85, 95)" … "< 60"',
      },
    );
  }
  const gradeNames = new Set(tpl.grades.map((g) => g.grade));
  if (tpl.distribution) {
    const d = tpl.distribution;
    const sum = d.quotas.reduce((a, q) => a + q.share, 0);
    if (Math.abs(sum - 1) > 1e-9)
      err(
        'distribution_total',
        'distribution.quotas',
        `强制分布比例合计 ${n(sum * 100)}%，应为 100%`,
        `the distribution shares total ${n(sum * 100)}%, not 100%`,
      );
    d.quotas.forEach((q, i) => {
      if (!gradeNames.has(q.grade))
        err(
          'distribution_grade',
          `distribution.quotas[${i}].grade`,
          `等级“${q.grade}”不在等级区间中`,
          `grade "${q.grade}" is not one of the grade bands`,
        );
    });
  }

  // acknowledged warnings disappear
  const acks = new Set(tpl.acknowledged ?? []);
  return out.filter((p) => p.severity === 'error' || !acks.has(ackKey(p)));
}

export function indicatorById(tpl: Template, id: string): Indicator | undefined {
  return tpl.indicators.find((i) => i.id === id);
}
