/**
 * The KPI template model (考核模板): the plain data a template file (YAML) turns into after parsing.
 *
 * Conventions used throughout:
 * - Ratios and rates are fractions: 8% is 0.08, 120% is 1.2. Template files may write "8%" or "1.2万";
 *   the parser turns them into numbers (see quantity.ts).
 * - An indicator's `weight` is its full points (满分). Rules return points on that scale: a linear rule at
 *   126% completion, capped at 120%, with weight 30 gives 36 points.
 * - Within the KPI part, indicator weights add up to 100 (percent of the part) or to the part's weight
 *   (points of the form); both read the same way: part points = Σ indicator points / Σ weights × part weight.
 */
import type { Text } from '../text.ts';

/** An interval with each end's inclusion explicit: 以上/以下/以内 include the number, 超过/不满 exclude it. */
export interface Interval {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

/** What a band table, per-unit rule or interpolation compares: completion = actual/target, or the actual itself. */
export type Basis = 'completion' | 'actual';

/** How band values and interpolation values are given: points, or percent of the indicator's full points. */
export type ValueUnit = 'points' | 'percent';

/** 线性比例: points = clamp(actual/target, floor, cap) × full points. */
export interface LinearRule {
  type: 'linear';
  /** highest completion counted, e.g. 1.2 for 封顶120% */
  cap?: number;
  /** lowest completion counted (default 0, so points are never negative) */
  floor?: number;
}

/** 门槛: completion below the threshold scores 0 (or `else` points); at or above it the inner rule scores. */
export interface GateRule {
  type: 'gate';
  /** completion needed, e.g. 0.6 for 60% */
  threshold: number;
  /** whether exactly the threshold passes (达到60% = true, 超过60% = false) */
  inclusive: boolean;
  then: Rule;
  /** points below the threshold (default 0) */
  else?: number;
}

/**
 * 反向指标 (lower is better).
 * form 'ratio': target/actual. form 'deviation': 1 − slope × (actual − target)/|target|, the deduction at most
 * `maxDeduction` (issue 8: 100 − min((a − t)/t × k, m)).
 */
export interface ReverseRule {
  type: 'reverse';
  form: 'ratio' | 'deviation';
  slope?: number;
  maxDeduction?: number;
  cap?: number;
  floor?: number;
}

/** 越接近目标越好: 1 − slope × |actual − target|/|target|, full within ±tolerance, floored at 0. */
export interface CloserRule {
  type: 'closer';
  tolerance?: number;
  slope?: number;
}

export interface Band {
  when: Interval;
  value: number;
  /** the wording the band came from, kept for the trace (e.g. "95%-99%: 8分") */
  text?: string;
}

/** 区间法: the value of the band the figure falls in; `else` when none (must be given). */
export interface BandsRule {
  type: 'bands';
  on: Basis;
  unit: ValueUnit;
  bands: Band[];
  else: number;
}

/** A floor for per-unit rules: a number of points, a fraction of the full points, or none. */
export type PerUnitFloor = { points: number } | { fractionOfFull: number } | 'none';

/**
 * 每…加/扣…分: per-unit add/deduct from a base, every parameter declared (issue 8 §1).
 * diff = value − reference; measured in the metric's own units ('absolute': percentage points for a rate,
 * counts for events) or relative to the reference ('target': percent of the target); steps = diff / step,
 * whole (floor) or prorated; points = base + steps × per-step points, within the caps and the floor.
 */
export interface PerUnitRule {
  type: 'per-unit';
  on: Basis;
  /** the target, a fixed number, or zero for counted events (每出现一次) */
  reference: 'target' | 'zero' | { value: number };
  direction: 'above' | 'below' | 'both';
  step: number;
  stepOf: 'absolute' | 'target';
  partial: 'whole' | 'prorated';
  /** signed points per step above the reference (e.g. -2 for 每高于…扣2分) */
  perStepAbove?: number;
  /** signed points per step below the reference (e.g. -1 for 每低于…扣1分) */
  perStepBelow?: number;
  /** points before adding or deducting: 'full' (the weight) or a stated number */
  base: 'full' | { points: number };
  floor: PerUnitFloor;
  /** 最高扣N分 */
  maxDeduction?: number;
  /** 最高加N分 */
  maxAddition?: number;
}

/** 完成/未完成: full points (or `pass`) when the actual is 1 (done), `fail` (default 0) otherwise. */
export interface PassFailRule {
  type: 'pass-fail';
  pass?: number;
  fail?: number;
}

/** 公式: an expression over named inputs, evaluated in the sandbox (formula.ts). Returns points. */
export interface FormulaRule {
  type: 'formula';
  expr: string;
}

/** 分段插值: piecewise-linear between (at, value) points, flat beyond the ends. */
export interface InterpolateRule {
  type: 'interpolate';
  on: Basis;
  unit: ValueUnit;
  points: { at: number; value: number }[];
}

/** 联合区间: first row whose conditions on every named input all hold. */
export interface JointBandsRule {
  type: 'joint-bands';
  unit: ValueUnit;
  rows: { when: Record<string, Interval>; value: number; text?: string }[];
  else: number;
}

export type Rule =
  | LinearRule
  | GateRule
  | ReverseRule
  | CloserRule
  | BandsRule
  | PerUnitRule
  | PassFailRule
  | FormulaRule
  | InterpolateRule
  | JointBandsRule;

export type RuleType = Rule['type'];

export type Cycle = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** When an indicator did not happen this month (当月没有执行): drop it and move its weight. */
export interface IfAbsent {
  /** 'proportional' spreads the weight over the other KPI indicators; an id gives it to that indicator */
  weightTo: 'proportional' | string;
}

/** How a derived figure relates to its reference: (x − r)/r, x − r, or x/r. */
export type DeriveAs = 'growth' | 'difference' | 'ratio';

/**
 * An indicator's actual derived from more than one person's month (issue 8 §3):
 * - history: this period against the previous one (环比), the same period last year (同比), or a fixed baseline;
 * - cohort: against a team/store aggregate (mean, median, min, max, sum, headcount), or the rank in the group;
 * - days: from the daily figures of the month, days whose value falls in `when` (promotion days may use
 *   `promoWhen`), or the longest run of such days (连续N天).
 */
export type Derive =
  | { kind: 'history'; compare: 'previous' | 'lastYear' | 'baseline'; baseline?: number; as: DeriveAs }
  | {
      kind: 'cohort';
      group: string;
      agg: 'mean' | 'median' | 'min' | 'max' | 'sum' | 'headcount';
      as: DeriveAs | 'value';
    }
  | { kind: 'rank'; group: string; order: 'desc' | 'asc' }
  | { kind: 'days'; count: 'days' | 'longestStreak'; when: Interval; promoWhen?: Interval };

export interface Indicator {
  id: string;
  name: Text;
  definition: Text;
  /** data source: a metric code of the metric dictionary or a named manual input */
  metric: string;
  cycle: Cycle;
  /** full points (满分) */
  weight: number;
  /** default target; a person's actuals may override it */
  target?: number;
  /** unit for display: 'CNY', '%', 's', 'UV', 'count' … */
  unit?: string;
  /** a grouping dimension as sheets write it (考核维度), e.g. 销售指标 */
  dimension?: string;
  /** who is accountable for the indicator's data (数据责任人), e.g. a role or a team: shown in the KPI library */
  owner?: string;
  rule: Rule;
  /** absent → a missing actual is an error; present → a missing actual drops the indicator */
  ifAbsent?: IfAbsent;
  /** names of other inputs the rule reads (joint bands, formulas) */
  inputs?: string[];
  /** the actual is derived from history, a cohort or the month's days rather than read directly */
  derive?: Derive;
}

/** A 考核维度 with its declared weight: its indicators' weights must add up to it. */
export interface Dimension {
  name: string;
  weight: number;
}

export interface BehaviourItem {
  id: string;
  name: Text;
  weight: number;
  description?: Text;
}

export type Rater = 'supervisor' | 'self' | 'peer';

export interface BehaviourPart {
  weight: number;
  scale: { min: number; max: number };
  raters: Partial<Record<Rater, number>>;
  items: BehaviourItem[];
}

export interface AttendanceItem {
  id: string;
  name: Text;
  /** signed points per occurrence, e.g. -1 per late arrival */
  pointsEach: number;
}

export interface Parts {
  kpi: { weight: number };
  behaviour?: BehaviourPart;
  /** bound on the month's signed additional points (附加分) */
  additional?: { min: number; max: number };
  attendance?: { items: AttendanceItem[]; maxDeduction?: number };
}

export interface GradeBand {
  grade: string;
  when: Interval;
  name?: Text;
}

export interface DistributionSpec {
  /** grade → share, best grade first, shares adding to 1 */
  quotas: { grade: string; share: number }[];
  /** groups smaller than this are flagged: pool them or do not apply the quota */
  minGroupSize: number;
}

export interface TemplateExample {
  name: string;
  actuals: Record<string, number | null>;
  targets?: Record<string, number>;
  behaviour?: Partial<Record<Rater, Record<string, number>>>;
  additional?: { points: number; reason: string }[];
  attendance?: Record<string, number>;
  history?: PersonHistory;
  daily?: Record<string, DailyValue[]>;
  /** cohort values for cohort/rank indicators, as scoreGroup would compute them */
  cohort?: Record<string, number>;
  expect: {
    indicators?: Record<string, number | 'dropped'>;
    kpi?: number;
    behaviour?: number;
    total?: number;
    grade?: string;
  };
}

export interface Template {
  kind: 'kpi-template';
  id: string;
  version: string;
  /** first day the version applies, 'YYYY-MM-DD' */
  effective: string;
  family: string;
  name: Text;
  /** rounding of indicator points and totals (half up at `point` decimals) */
  rounding: { point: number; mode: 'half-up' };
  parts: Parts;
  indicators: Indicator[];
  grades: GradeBand[];
  distribution?: DistributionSpec;
  dimensions?: Dimension[];
  examples: TemplateExample[];
  /** warnings a person has acknowledged (lint codes with where), so they stop showing */
  acknowledged?: string[];
}

/** Earlier periods' figures by metric code, for 环比/同比 indicators. */
export interface PersonHistory {
  previous?: Record<string, number | null>;
  lastYear?: Record<string, number | null>;
}

/** One day's figure of a metric, for day-derived indicators. */
export interface DailyValue {
  date: string;
  value: number;
  /** a promotion day (大促: 618, 双11 …) */
  promo?: boolean;
}
