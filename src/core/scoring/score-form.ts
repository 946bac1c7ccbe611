/**
 * Scoring one person's month (计算考核表): KPI indicators, behaviour ratings, additional points and
 * attendance, combined by part weight, mapped to a grade, with every line explained.
 *
 * - Indicator points are rounded half up at the template's point; part and total sums add the rounded
 *   lines exactly, so what a person sees adds up.
 * - An indicator that did not happen (no actual, `ifAbsent` declared) is dropped and its weight moved to
 *   another indicator or spread proportionally; its points are scaled by new weight / declared weight.
 * - A part that does not apply (no behaviour ratings) is re-weighted away: the present parts are scaled
 *   to the full 100, not averaged with a zero.
 */
import type { Problem } from '../errors.ts';
import { roundPoints, sumRounded } from '../money.ts';
import type { Text } from '../text.ts';
import { n, pct, type Trace, TraceSink } from '../trace.ts';
import { deriveActual } from './derive.ts';
import { gradeOf } from './grades.ts';
import { describeRule, scoreRule } from './registry.ts';
import { RuleInputError } from './rule.ts';
import type { DailyValue, PersonHistory, Rater, Template } from './types.ts';

export interface PersonInput {
  employee: string;
  name?: string;
  /** actual figures keyed by indicator id or metric code; null or absent = did not happen */
  actuals: Readonly<Record<string, number | null | undefined>>;
  /** per-person targets keyed by indicator id (stores differ) */
  targets?: Readonly<Record<string, number>>;
  behaviour?: Partial<Record<Rater, Record<string, number>>>;
  additional?: readonly { points: number; reason: string }[];
  attendance?: Readonly<Record<string, number>>;
  /** where each actual came from, keyed like actuals (for the trace) */
  sources?: Readonly<Record<string, string>>;
  /** earlier periods' figures, for 环比/同比 indicators */
  history?: PersonHistory;
  /** daily figures by metric code, for day-derived indicators */
  daily?: Readonly<Record<string, readonly DailyValue[]>>;
  /** cohort aggregates or ranks by indicator id (scoreGroup computes them) */
  cohort?: Readonly<Record<string, number>>;
}

export interface IndicatorScore {
  id: string;
  name: Text;
  weight: number;
  /** weight after moving the weight of dropped indicators */
  effectiveWeight: number;
  actual: number | null;
  target: number | null;
  /** rounded points, null when dropped or not scorable */
  points: number | null;
  dropped: boolean;
  trace?: Trace;
}

export interface PartScore {
  /** points on the part's own scale (e.g. 53.75 of 70) */
  points: number;
  of: number;
  /** contribution to the total after re-weighting absent parts */
  contribution: number;
}

export interface Scorecard {
  employee: string;
  name?: string;
  /** "id@version" */
  template: string;
  indicators: IndicatorScore[];
  kpi: PartScore;
  behaviour: PartScore | null;
  additional: number;
  attendance: number;
  total: number | null;
  grade: string | null;
  /** form-level steps (parts, re-weighting, total, grade) */
  steps?: Text[];
  problems: Problem[];
}

export interface ScoreOptions {
  explain?: boolean;
  /** where the person's row came from, for problems, e.g. { file: 'actuals.csv', row: 4 } */
  where?: { file?: string; row?: number };
}

/** The inputs a formula or joint band may read: every actual of the person, plus named extras. */
function varsOf(person: PersonInput): Record<string, number | null | undefined> {
  return person.actuals as Record<string, number | null | undefined>;
}

export function scoreForm(tpl: Template, person: PersonInput, opts: ScoreOptions = {}): Scorecard {
  const explain = opts.explain === true;
  const point = tpl.rounding.point;
  const version = `${tpl.id}@${tpl.version}`;
  const problems: Problem[] = [];
  const where = (column?: string) => ({ ...opts.where, ...(column ? { column } : {}) });
  const formSteps: Text[] | undefined = explain ? [] : undefined;
  // Undefined when not explaining: `step?.(…)` then skips building the strings (the fast path builds none).
  const step = formSteps
    ? (zh: string, en: string) => {
        formSteps.push({ zh, en });
      }
    : undefined;

  // 1. actuals, dropped indicators, effective weights
  const inds = tpl.indicators;
  const count = inds.length;
  const actuals: (number | null)[] = new Array(count);
  const dropped: boolean[] = new Array(count);
  let droppedAny = false;
  for (let i = 0; i < count; i++) {
    const ind = inds[i]!;
    if (ind.derive) {
      // computed in step 2, where its steps join the indicator's trace
      actuals[i] = Number.NaN;
      dropped[i] = false;
      continue;
    }
    let a = person.actuals[ind.id];
    if (a === undefined) a = person.actuals[ind.metric];
    if (a === undefined || a === null) {
      actuals[i] = null;
      dropped[i] = ind.ifAbsent !== undefined;
      if (ind.ifAbsent) droppedAny = true;
      else {
        problems.push({
          severity: 'error',
          code: 'actual_missing',
          message: { zh: `缺少指标“${ind.name.zh}”的实际值`, en: `no actual for indicator "${ind.name.en}"` },
          where: where(ind.id),
        });
      }
    } else {
      actuals[i] = a;
      dropped[i] = false;
    }
  }
  const weights = inds.map((ind) => ind.weight);
  if (droppedAny) redistribute(tpl, dropped, weights, step);

  // 2. indicators
  const vars = varsOf(person);
  const results: IndicatorScore[] = new Array(count);
  const rounded: number[] = [];
  for (let i = 0; i < count; i++) {
    const ind = inds[i]!;
    let actual = actuals[i]!;
    const target = person.targets?.[ind.id] ?? ind.target;
    const sink = explain ? new TraceSink() : null;
    if (ind.derive) {
      try {
        actual = deriveActual(ind, ind.derive, person, sink);
      } catch (err) {
        if (!(err instanceof RuleInputError)) throw err;
        problems.push({
          severity: 'error',
          code: 'derive_input',
          message: {
            zh: `指标“${ind.name.zh}”：${err.text.zh}`,
            en: `indicator "${ind.name.en}": ${err.text.en}`,
          },
          where: where(ind.id),
        });
        results[i] = {
          id: ind.id,
          name: ind.name,
          weight: ind.weight,
          effectiveWeight: weights[i]!,
          actual: null,
          target: target ?? null,
          points: null,
          dropped: false,
        };
        continue;
      }
    }
    const res: IndicatorScore = {
      id: ind.id,
      name: ind.name,
      weight: ind.weight,
      effectiveWeight: weights[i]!,
      actual,
      target: target ?? null,
      points: null,
      dropped: dropped[i]!,
    };
    results[i] = res;
    if (actual === null) {
      if (explain && dropped[i]) {
        res.trace = {
          rule: describeRule(ind.rule),
          inputs: [],
          steps: [
            {
              zh: '当月没有发生，该项不计分，权重已转移',
              en: 'did not happen this month: not scored, its weight moved',
            },
          ],
          version,
        };
      }
      continue;
    }
    try {
      const raw = scoreRule(
        ind.rule,
        { actual, target, full: ind.weight, vars, asPercent: ind.unit === '%' },
        sink,
      );
      let pts = raw;
      if (weights[i] !== ind.weight) {
        pts = (raw * weights[i]!) / ind.weight;
        sink?.step(
          `权重由 ${n(ind.weight)} 调整为 ${n(weights[i]!)}：${n(raw, 4)} × ${n(weights[i]!)} ÷ ${n(ind.weight)} = ${n(pts, 4)}`,
          `weight moved from ${n(ind.weight)} to ${n(weights[i]!)}: ${n(raw, 4)} × ${n(weights[i]!)} ÷ ${n(ind.weight)} = ${n(pts, 4)}`,
        );
      }
      res.points = roundPoints(pts, point);
      if (sink && Math.abs(res.points - pts) > 1e-9) {
        sink.step(
          `四舍五入到${point}位小数：${res.points}`,
          `rounded half up to ${point} decimals: ${res.points}`,
        );
      }
      rounded.push(res.points);
      if (sink) {
        const src = person.sources?.[ind.id] ?? person.sources?.[ind.metric];
        res.trace = {
          rule: describeRule(ind.rule),
          inputs: [
            {
              name: 'actual',
              value: ind.unit === '%' ? pct(actual) : String(actual),
              ...(src ? { source: src } : {}),
            },
            ...(target !== undefined
              ? [
                  {
                    name: 'target',
                    value: ind.unit === '%' ? pct(target) : String(target),
                    source: person.targets?.[ind.id] !== undefined ? 'person' : 'template',
                  },
                ]
              : []),
            { name: 'weight', value: String(weights[i]) },
          ],
          steps: sink.steps,
          version,
        };
      }
    } catch (err) {
      if (!(err instanceof RuleInputError)) throw err;
      problems.push({
        severity: 'error',
        code: 'rule_input',
        message: {
          zh: `指标“${ind.name.zh}”：${err.text.zh}`,
          en: `indicator "${ind.name.en}": ${err.text.en}`,
        },
        where: where(ind.id),
      });
    }
  }

  // 3. KPI part
  const weightSum = inds.reduce((a, ind) => a + ind.weight, 0);
  const kpiRaw = sumRounded(rounded, point);
  const kpiWeight = tpl.parts.kpi.weight;
  const kpiPoints = weightSum === kpiWeight ? kpiRaw : roundPoints((kpiRaw * kpiWeight) / weightSum, point);
  if (explain) {
    step?.(
      `关键指标合计 ${n(kpiRaw)}${weightSum === kpiWeight ? '' : `（满分 ${n(weightSum)}，折算为 ${n(kpiPoints)} / ${n(kpiWeight)}）`}`,
      `KPI indicators total ${n(kpiRaw)}${weightSum === kpiWeight ? '' : ` (of ${n(weightSum)}, scaled to ${n(kpiPoints)} of ${n(kpiWeight)})`}`,
    );
  }

  // 4. behaviour part
  let behaviourPoints: number | null = null;
  const bp = tpl.parts.behaviour;
  if (bp && person.behaviour && Object.keys(person.behaviour).length > 0) {
    let weighted = 0;
    let raterWeight = 0;
    const raterSteps: string[] = [];
    const raterStepsEn: string[] = [];
    let ok = true;
    for (const [rater, rw] of Object.entries(bp.raters) as [Rater, number][]) {
      const ratings = person.behaviour[rater];
      if (!ratings) continue;
      let sum = 0;
      let wsum = 0;
      for (const item of bp.items) {
        const r = ratings[item.id];
        if (r === undefined || !Number.isFinite(r) || r < bp.scale.min || r > bp.scale.max) {
          ok = false;
          problems.push({
            severity: 'error',
            code: 'rating_invalid',
            message: {
              zh: `${rater} 对“${item.name.zh}”的评分${r === undefined ? '缺失' : ` ${r} 不在 ${bp.scale.min}–${bp.scale.max} 之间`}`,
              en: `${rater}'s rating of "${item.name.en}" is ${r === undefined ? 'missing' : `${r}, outside ${bp.scale.min}–${bp.scale.max}`}`,
            },
            where: where(`${rater}:${item.id}`),
          });
          continue;
        }
        sum += r * item.weight;
        wsum += item.weight;
      }
      const avg = wsum > 0 ? sum / wsum : 0;
      weighted += avg * rw;
      raterWeight += rw;
      raterSteps.push(`${rater} 平均 ${n(avg, 4)} × 权重 ${n(rw)}`);
      raterStepsEn.push(`${rater} average ${n(avg, 4)} × weight ${n(rw)}`);
    }
    for (const rater of Object.keys(person.behaviour)) {
      if (!(rater in bp.raters)) {
        problems.push({
          severity: 'error',
          code: 'rater_unknown',
          message: { zh: `模板没有“${rater}”这一评价人`, en: `the template has no rater "${rater}"` },
          where: where(rater),
        });
        ok = false;
      }
    }
    if (bp.raters.supervisor !== undefined && !person.behaviour.supervisor) {
      ok = false;
      problems.push({
        severity: 'error',
        code: 'rating_missing',
        message: { zh: '缺少上级评分', en: 'the supervisor rating is missing' },
        where: where('supervisor'),
      });
    }
    if (ok && raterWeight > 0) {
      const avg = weighted / raterWeight;
      const absent = (Object.keys(bp.raters) as Rater[]).filter((r) => !person.behaviour?.[r]);
      if (absent.length) {
        raterSteps.push(`${absent.join('、')} 未评，权重按已评者重新归一`);
        raterStepsEn.push(`${absent.join(', ')} did not rate: weights re-normalised over those who did`);
      }
      behaviourPoints = roundPoints((avg / bp.scale.max) * bp.weight, point);
      step?.(
        `行为绩效：${raterSteps.join('，')}，加权平均 ${n(avg, 4)} / ${n(bp.scale.max)} × ${n(bp.weight)} = ${n(behaviourPoints)}`,
        `behaviour: ${raterStepsEn.join(', ')}; weighted average ${n(avg, 4)} / ${n(bp.scale.max)} × ${n(bp.weight)} = ${n(behaviourPoints)}`,
      );
    }
  } else if (bp) {
    step?.(
      '行为绩效本月不适用，按其余部分折算',
      'behaviour does not apply this month: the other parts are re-weighted',
    );
  }

  // 5. re-weighting absent parts
  const presentWeight = kpiWeight + (behaviourPoints !== null && bp ? bp.weight : 0);
  const fullScale = kpiWeight + (bp?.weight ?? 0);
  let kpiContribution = kpiPoints;
  let behaviourContribution = behaviourPoints ?? 0;
  if (presentWeight !== fullScale && presentWeight > 0) {
    kpiContribution = roundPoints((kpiPoints * fullScale) / presentWeight, point);
    if (behaviourPoints !== null)
      behaviourContribution = roundPoints((behaviourPoints * fullScale) / presentWeight, point);
    step?.(
      `按适用部分折算：${n(kpiPoints)} × ${n(fullScale)} ÷ ${n(presentWeight)} = ${n(kpiContribution)}`,
      `re-weighted over the parts that apply: ${n(kpiPoints)} × ${n(fullScale)} ÷ ${n(presentWeight)} = ${n(kpiContribution)}`,
    );
  }

  // 6. additional points
  let additional = 0;
  if (person.additional && person.additional.length > 0) {
    const bound = tpl.parts.additional;
    if (!bound) {
      problems.push({
        severity: 'error',
        code: 'additional_not_allowed',
        message: { zh: '模板没有附加分部分', en: 'the template has no additional-points part' },
        where: where('additional'),
      });
    } else {
      const sum = sumRounded(
        person.additional.map((a) => roundPoints(a.points, point)),
        point,
      );
      additional = Math.min(Math.max(sum, bound.min), bound.max);
      step?.(
        `附加分：${person.additional.map((a) => `${a.points >= 0 ? '+' : ''}${n(a.points)}（${a.reason}）`).join(' ')} = ${n(sum)}${additional !== sum ? `，按本月上下限计 ${n(additional)}` : ''}`,
        `additional points: ${person.additional.map((a) => `${a.points >= 0 ? '+' : ''}${n(a.points)} (${a.reason})`).join(' ')} = ${n(sum)}${additional !== sum ? `, bounded to ${n(additional)}` : ''}`,
      );
    }
  }

  // 7. attendance
  let attendance = 0;
  if (person.attendance) {
    const part = tpl.parts.attendance;
    for (const [id, times] of Object.entries(person.attendance)) {
      const item = part?.items.find((it) => it.id === id);
      if (!item) {
        problems.push({
          severity: 'error',
          code: 'attendance_unknown',
          message: { zh: `模板没有考勤项目“${id}”`, en: `the template has no attendance item "${id}"` },
          where: where(id),
        });
        continue;
      }
      attendance += times * item.pointsEach;
    }
    attendance = roundPoints(attendance, point);
    if (part?.maxDeduction !== undefined && attendance < -part.maxDeduction) attendance = -part.maxDeduction;
    if (attendance !== 0) step?.(`考勤扣分 ${n(attendance)}`, `attendance ${n(attendance)}`);
  }

  // 8. total and grade
  const hasErrors = problems.some((p) => p.severity === 'error');
  let total: number | null = null;
  let grade: string | null = null;
  if (!hasErrors) {
    total = sumRounded([kpiContribution, behaviourContribution, additional, attendance], point);
    const g = gradeOf(total, tpl.grades);
    grade = g?.grade ?? null;
    step?.(
      `总分 = ${[kpiContribution, behaviourContribution, additional, attendance]
        .filter((x) => x !== 0)
        .map((x) => n(x))
        .join(' + ')
        .replace(/\+ -/g, '− ')} = ${n(total)}，等级 ${grade ?? '—'}`,
      `total = ${[kpiContribution, behaviourContribution, additional, attendance]
        .filter((x) => x !== 0)
        .map((x) => n(x))
        .join(' + ')
        .replace(/\+ -/g, '− ')} = ${n(total)}, grade ${grade ?? '—'}`,
    );
  }

  return {
    employee: person.employee,
    ...(person.name !== undefined ? { name: person.name } : {}),
    template: version,
    indicators: results,
    kpi: { points: kpiPoints, of: kpiWeight, contribution: kpiContribution },
    behaviour:
      bp && behaviourPoints !== null
        ? { points: behaviourPoints, of: bp.weight, contribution: behaviourContribution }
        : null,
    additional,
    attendance,
    total,
    grade,
    ...(formSteps ? { steps: formSteps } : {}),
    problems,
  };
}

/** Moves the weights of dropped indicators where the template says (to one indicator, or proportionally). */
function redistribute(
  tpl: Template,
  dropped: boolean[],
  weights: number[],
  step: ((zh: string, en: string) => void) | undefined,
): void {
  const inds = tpl.indicators;
  for (let i = 0; i < inds.length; i++) {
    if (!dropped[i]) continue;
    const ind = inds[i]!;
    const w = weights[i]!;
    weights[i] = 0;
    const to = ind.ifAbsent!.weightTo;
    if (to !== 'proportional') {
      const j = inds.findIndex((o) => o.id === to);
      if (j >= 0 && !dropped[j]) {
        weights[j] = weights[j]! + w;
        step?.(
          `“${ind.name.zh}”本月未发生，权重 ${n(w)} 计入“${inds[j]!.name.zh}”`,
          `"${ind.name.en}" did not happen: its weight ${n(w)} goes to "${inds[j]!.name.en}"`,
        );
        continue;
      }
    }
    const rest = inds.reduce((a, _o, k) => a + (dropped[k] ? 0 : weights[k]!), 0);
    if (rest > 0) {
      for (let k = 0; k < inds.length; k++)
        if (!dropped[k]) weights[k] = weights[k]! + (w * weights[k]!) / rest;
    }
    step?.(
      `“${ind.name.zh}”本月未发生，权重 ${n(w)} 按比例分给其他指标`,
      `"${ind.name.en}" did not happen: its weight ${n(w)} is spread proportionally`,
    );
  }
}
