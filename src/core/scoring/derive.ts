/**
 * Derived actuals (派生实际值): figures that need more than one person's month (issue 8 §3).
 *
 * - history  客单价环比: (this − previous) / previous; 同比 against last year; or against a fixed baseline.
 *            "(本期销售额 − 上期销售额)/上期销售额 × 15分" is history/growth with a formula or linear rule on top.
 * - cohort   "(个人转化率 − 团队转化率)/团队转化率": the person's figure against the group's mean/median/…
 * - rank     the position in the group, 1 = best (desc: higher is better).
 * - days     "每日低于50个访客，减10分": the number of days whose value falls in `when` (promotion days may
 *            have their own interval: "日常≤30秒，大促≤60秒"), or the longest run of such days ("连续3天未完成").
 *
 * Missing data is an error with a clear message, never a silent zero.
 */
import { n, pct, type TraceSink } from '../trace.ts';
import { contains, describeInterval } from './interval.ts';
import { RuleInputError } from './rule.ts';
import type { DailyValue, Derive, DeriveAs, Indicator, PersonHistory } from './types.ts';

export interface DeriveContext {
  /** the person's own figures by indicator id or metric code */
  actuals: Readonly<Record<string, number | null | undefined>>;
  history?: PersonHistory | undefined;
  daily?: Readonly<Record<string, readonly DailyValue[]>> | undefined;
  /** cohort aggregates or ranks by indicator id, computed by scoreGroup */
  cohort?: Readonly<Record<string, number>> | undefined;
}

function relate(
  x: number,
  ref: number,
  as: DeriveAs,
  what: { zh: string; en: string },
  sink: TraceSink | null,
): number {
  if (as === 'difference') {
    const v = x - ref;
    sink?.step(`${n(x)} − ${what.zh} ${n(ref)} = ${n(v)}`, `${n(x)} − ${what.en} ${n(ref)} = ${n(v)}`);
    return v;
  }
  if (ref === 0) {
    throw new RuleInputError({
      zh: `${what.zh}为0，无法计算比率`,
      en: `${what.en} is 0: the ratio is undefined`,
    });
  }
  if (as === 'ratio') {
    const v = x / ref;
    sink?.step(`${n(x)} ÷ ${what.zh} ${n(ref)} = ${pct(v)}`, `${n(x)} ÷ ${what.en} ${n(ref)} = ${pct(v)}`);
    return v;
  }
  const v = (x - ref) / Math.abs(ref);
  sink?.step(
    `(${n(x)} − ${what.zh} ${n(ref)}) ÷ ${n(Math.abs(ref))} = ${pct(v)}`,
    `(${n(x)} − ${what.en} ${n(ref)}) ÷ ${n(Math.abs(ref))} = ${pct(v)}`,
  );
  return v;
}

function own(ind: Indicator, ctx: DeriveContext): number {
  const v = ctx.actuals[ind.metric] ?? ctx.actuals[ind.id];
  if (v === undefined || v === null) {
    throw new RuleInputError({
      zh: `缺少本期的“${ind.metric}”`,
      en: `this period's "${ind.metric}" is missing`,
    });
  }
  return v;
}

/** Computes a derived actual; writes the steps into the sink. */
export function deriveActual(
  ind: Indicator,
  derive: Derive,
  ctx: DeriveContext,
  sink: TraceSink | null,
): number {
  switch (derive.kind) {
    case 'history': {
      const x = own(ind, ctx);
      let ref: number | null | undefined;
      let what: { zh: string; en: string };
      if (derive.compare === 'baseline') {
        ref = derive.baseline;
        what = { zh: '基准', en: 'the baseline' };
      } else {
        const book = derive.compare === 'previous' ? ctx.history?.previous : ctx.history?.lastYear;
        ref = book?.[ind.metric];
        what =
          derive.compare === 'previous'
            ? { zh: '上期', en: 'the previous period' }
            : { zh: '去年同期', en: 'the same period last year' };
      }
      if (ref === undefined || ref === null) {
        throw new RuleInputError({
          zh: `没有${what.zh}的“${ind.metric}”数据，无法计算${derive.compare === 'lastYear' ? '同比' : derive.compare === 'previous' ? '环比' : '与基准的比较'}`,
          en: `${what.en} has no "${ind.metric}" data: the comparison cannot be made`,
        });
      }
      sink?.step(`本期 ${n(x)}，${what.zh} ${n(ref)}`, `this period ${n(x)}, ${what.en} ${n(ref)}`);
      return relate(x, ref, derive.as, what, sink);
    }
    case 'cohort': {
      const agg = ctx.cohort?.[ind.id];
      if (agg === undefined) {
        throw new RuleInputError({
          zh: `没有“${derive.group}”组的汇总值（需按组计算）`,
          en: `no "${derive.group}" group figure (score the group together)`,
        });
      }
      const what = { zh: `${derive.group}的${AGG_ZH[derive.agg]}`, en: `the ${derive.group} ${derive.agg}` };
      if (derive.as === 'value') {
        sink?.step(`${what.zh} = ${n(agg)}`, `${what.en} = ${n(agg)}`);
        return agg;
      }
      const x = own(ind, ctx);
      return relate(x, agg, derive.as, what, sink);
    }
    case 'rank': {
      const r = ctx.cohort?.[ind.id];
      if (r === undefined) {
        throw new RuleInputError({
          zh: `没有“${derive.group}”组内排名（需按组计算）`,
          en: `no rank in the "${derive.group}" group (score the group together)`,
        });
      }
      sink?.step(`在${derive.group}中排名第 ${r}`, `rank ${r} in the ${derive.group}`);
      return r;
    }
    case 'days': {
      const days = ctx.daily?.[ind.metric];
      if (!days || days.length === 0) {
        throw new RuleInputError({
          zh: `没有“${ind.metric}”的每日数据`,
          en: `no daily "${ind.metric}" figures`,
        });
      }
      let count = 0;
      let run = 0;
      let longest = 0;
      for (const d of days) {
        const iv = d.promo && derive.promoWhen ? derive.promoWhen : derive.when;
        if (contains(iv, d.value)) {
          count++;
          run++;
          if (run > longest) longest = run;
        } else run = 0;
      }
      const result = derive.count === 'days' ? count : longest;
      if (sink) {
        const w = describeInterval(derive.when, false);
        const pw = derive.promoWhen ? describeInterval(derive.promoWhen, false) : null;
        sink.step(
          `${days.length} 天中，“${ind.metric}”${w.zh}${pw ? `（大促日${pw.zh}）` : ''}的${derive.count === 'days' ? `天数为 ${count}` : `最长连续天数为 ${longest}`}`,
          `of ${days.length} days, "${ind.metric}" ${w.en}${pw ? ` (promotion days ${pw.en})` : ''}: ${derive.count === 'days' ? `${count} days` : `longest run ${longest} days`}`,
        );
      }
      return result;
    }
  }
}

const AGG_ZH: Record<string, string> = {
  mean: '平均值',
  median: '中位数',
  min: '最小值',
  max: '最大值',
  sum: '合计',
  headcount: '人数',
};

/** Aggregates a group's figures. Median of an even count is the mean of the two middle values. */
export function aggregate(
  values: readonly number[],
  agg: 'mean' | 'median' | 'min' | 'max' | 'sum' | 'headcount',
): number {
  if (agg === 'headcount') return values.length;
  if (values.length === 0) return Number.NaN;
  switch (agg) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'median': {
      const s = values.slice().sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    }
  }
}

/** Competition rank (1 = best; equal figures share the best rank: 1, 2, 2, 4). */
export function rankOf(value: number, values: readonly number[], order: 'desc' | 'asc'): number {
  let better = 0;
  for (const v of values) if (order === 'desc' ? v > value : v < value) better++;
  return better + 1;
}
