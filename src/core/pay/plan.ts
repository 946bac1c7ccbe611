/**
 * A pay plan (薪酬方案): versioned data with an effective date, assigned to employees by role and level.
 *
 * Every choice that causes pay disputes is a declared field here; the parser ({@link parsePlan})
 * refuses a plan that leaves one out, naming the field. The plan also carries examples (inputs →
 * expected lines) that must pass for the plan to be valid, like OpenFisca's YAML tests.
 */
import type { Dec, Rounding } from '../money.ts';
import type { Text } from '../text.ts';
import type { LedgerEntry } from './ledger.ts';
import type { RateTable } from './rate-table.ts';

/** How a mid-month joiner's or leaver's base is prorated (底薪折算). */
export interface Proration {
  /**
   * `calendar-days`: days employed / calendar days of the month;
   * `thirty-day-month`: days employed (at most 30) / 30, the 30-day-month convention.
   */
  convention: 'calendar-days' | 'thirty-day-month';
  /** Whether the join date and the leave date themselves count as days worked. */
  joinDayCounts: boolean;
  leaveDayCounts: boolean;
}

export interface FxPolicy {
  /** The currency pay is in (only CNY is supported for now). */
  payCurrency: 'CNY';
  /**
   * Which rate date a converted sales line must carry: `month-end` (the last calendar day of the pay
   * month) or `within-month` (any date inside the pay month). The rate itself is read per line.
   */
  rateDate: 'month-end' | 'within-month';
}

/** Refund timing (退款计入口径). */
export type RefundTiming =
  /** Refunds on earlier months' orders reduce the month in which they happen. */
  | 'month-refunded'
  /** They belong to the original month: that month is closed, so a clawback line is added now. */
  | 'original-month';

/** What happens when a commission base comes out negative (负数处理). */
export type NegativeResult = 'zero' | 'carry-forward';

export type CommissionBase = 'net-sales' | 'gross-profit' | 'net-profit';

/** Cost lines that may come off net sales to make gross profit (毛利 = 净销售额 − 成本项). */
export const COST_LINES = ['cost_of_goods', 'platform_fees', 'ad_spend'] as const;
export type CostLine = (typeof COST_LINES)[number];

export interface Threshold {
  amount: Dec;
  /** `all`: once reached, the whole base earns; `excess`: only the part above it (超出部分). */
  paysOn: 'all' | 'excess';
}

export interface Overhead {
  items: { name: string; amount: Dec }[];
  /** How the monthly overhead is shared among the employees on this component. */
  allocation: 'headcount' | 'sales-share' | 'fixed-percent';
  /** Only for fixed-percent: each person's share of the overhead, as a fraction. */
  percent: Dec | null;
}

export interface RoleLevel {
  role: string;
  /** `null`: every level of the role. */
  level: string | null;
}

interface ComponentCommon {
  id: string;
  label: Text;
  /** Role exceptions: employees matching any of these get no line from this component. */
  except: RoleLevel[];
}

export interface BaseComponent extends ComponentCommon {
  type: 'base';
}

export interface CommissionComponent extends ComponentCommon {
  type: 'commission';
  base: CommissionBase;
  /** Cost lines for gross profit (also the start of net profit). Empty for net sales. */
  costLines: CostLine[];
  /** A rate table, or for net profit including own commission a single rate (see `ownSalary`). */
  table: RateTable;
  threshold: Threshold | null;
  /** `month` or `year-to-date` (then the input column credited_before is required). */
  accumulation: 'month' | 'year-to-date';
  negative: NegativeResult;
  /** Net profit only: base-only → C = r(P − B − O); base-and-commission → C = r(P − B − O)/(1 + r). */
  ownSalary: 'base-only' | 'base-and-commission' | null;
  overhead: Overhead | null;
}

export interface CoefficientBand {
  from: Dec;
  coefficient: Dec;
}

export interface PerformanceBonusComponent extends ComponentCommon {
  type: 'performance-bonus';
  /** Bonus base (绩效奖金基数) by level. */
  bonusBase: Record<string, Dec>;
  /** Coefficient from the KPI score (bands, each from a score upward) or from the grade. */
  coefficient:
    | { by: 'score'; boundary: 'from-inclusive' | 'from-exclusive'; bands: CoefficientBand[] }
    | { by: 'grade'; grades: Record<string, Dec> };
  /** Highest coefficient paid, `null` for none ("即使爆单也是同样的收益" is a cap). */
  capCoefficient: Dec | null;
  prorate: boolean;
}

export interface PerUnitComponent extends ComponentCommon {
  type: 'per-unit';
  thresholdUnits: number;
  amountPerUnit: Dec;
  /** `first-unit`: once the volume is reached every unit pays; `above-threshold`: only units above it. */
  paysFrom: 'first-unit' | 'above-threshold';
}

export interface Instalment {
  /** Pay month YYYY-MM in which the instalment is paid. */
  month: string;
  /** Payment date YYYY-MM-DD: a person who has left before it forfeits (if declared). */
  date: string;
  /** Fraction of each share paid in this instalment; the fractions add up to 1. */
  fraction: Dec;
}

export interface YearEndPoolComponent extends ComponentCommon {
  type: 'year-end-pool';
  /** Year whose company sales size the pool. */
  year: number;
  /** Pool = table applied to company annual sales (a flat table with one tier is a plain percentage). */
  sizing: RateTable;
  split:
    | { method: 'headcount' }
    | {
        method: 'coefficients';
        /** personal grade coefficient × personal standard (by level) + department coefficient × department standard */
        gradeCoefficients: Record<string, Dec>;
        personalStandard: Record<string, Dec>;
        departmentCoefficients: Record<string, Dec>;
        departmentStandard: Dec;
      };
  instalments: Instalment[];
  /** `leavers-before-date`: someone who left before an instalment's date forfeits it; `none`: never. */
  forfeit: 'leavers-before-date' | 'none';
  /** Where forfeited money goes; only `company-keeps` exists for now. */
  forfeited: 'company-keeps';
}

/** One prize place of a rank prize (一等奖1名500元): `count` people at `amount` each. */
export interface PrizePlace {
  label: Text;
  count: number;
  amount: Dec;
}

/** Who competes with whom: the `department` column (team), the one `store`, the `role` (job family), or all. */
export const RANK_GROUPS = ['team', 'store', 'family', 'all'] as const;
export type RankGroup = (typeof RANK_GROUPS)[number];

/**
 * How tied people are paid (并列处理), a declared choice because it changes what the company pays:
 * `share` — the tied people share the prizes of the places they occupy equally (largest remainder to the
 * cent), so the prizes paid never exceed places × amounts; `all-higher` — each tied person gets the prize
 * of the highest place they occupy (并列均按较高名次发放), which costs more and says by how much.
 */
export const TIE_RULES = ['share', 'all-higher'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/**
 * A rank prize (排名奖): money for the best of a group in a metric, paid as a pay line.
 * "一等奖1名500元，二等奖2名各300元，三等奖3名各100元".
 */
export interface RankPrizeComponent extends ComponentCommon {
  type: 'rank-prize';
  group: RankGroup;
  /** `kpi_score`, `paid_amount` (CNY), `units_sold`, or a `metric:<name>` column of the inputs. */
  metric: string;
  direction: 'higher' | 'lower';
  /** Who may win: a metric (the ranked one or another) at least / at most a value; null: everyone. */
  eligibility: { metric: string; atLeast: Dec | null; atMost: Dec | null } | null;
  places: PrizePlace[];
  ties: TieRule;
  /** The most the company means to pay per group and month, or null; the linter compares the places. */
  budget: Dec | null;
}

export type PayComponent =
  | BaseComponent
  | CommissionComponent
  | PerformanceBonusComponent
  | PerUnitComponent
  | YearEndPoolComponent
  | RankPrizeComponent;

export type ComponentType = PayComponent['type'];

export interface PlanExample {
  name: string;
  month: string;
  /** Rows exactly as in the inputs file (column name → value). */
  rows: Record<string, string>[];
  scores: { employee: string; total: number; grade: string }[];
  /** Pay-ledger entries of the example (fines, rewards, reversals), optional in the file. */
  ledger: LedgerEntry[];
  /** employee → line id (or `total`) → expected amount. */
  expect: Record<string, Record<string, Dec>>;
}

export interface PayPlan {
  id: string;
  version: string;
  name: Text;
  effectiveFrom: string;
  effectiveTo: string | null;
  assign: RoleLevel[];
  rounding: Rounding & { at: 'line' };
  proration: Proration;
  refunds: RefundTiming;
  fx: FxPolicy;
  components: PayComponent[];
  examples: PlanExample[];
}

/** "gross-profit-commission@2026.1" */
export function planRef(plan: Pick<PayPlan, 'id' | 'version'>): string {
  return `${plan.id}@${plan.version}`;
}

/** Whether a role/level matches one entry of an assignment or exception list. */
export function matchesRoleLevel(list: readonly RoleLevel[], role: string, level: string): boolean {
  return list.some((r) => r.role === role && (r.level === null || r.level === level));
}
