/**
 * The month's payroll (月度工资计算): a plan and every employee's inputs → one payslip each.
 *
 * Gather, then compute: the caller passes everything in (inputs, scores, month); nothing here reads a
 * file or the clock. Figures that depend on the whole group (overhead shares, the year-end pool) are
 * computed first, then each employee's lines in plan order. Each line is rounded at the plan's declared
 * point and mode; the total is the sum of the rounded lines, so a payslip adds up as printed.
 *
 * Problems that make a payslip wrong (an unassigned role, a missing score, an FX date off the declared
 * rule) are returned as errors, and then no payslip is returned at all: nothing half-right is paid.
 */
import type { Problem } from '../errors.ts';
import { type Dec, dec, roundTo } from '../money.ts';
import { type Text, t } from '../text.ts';
import { type TraceInput, TraceSink } from '../trace.ts';
import { computeCommission } from './commission.ts';
import { effectiveEntries, KIND_TEXT, type LedgerEntry, ledgerEffect } from './ledger.ts';
import { allocateOverhead, type OverheadShare } from './overhead.ts';
import type { EmployeeMonth } from './pay-inputs.ts';
import { canonicalJson, type LineKind, type PayLine, type Payslip, shown } from './payslip.ts';
import { computePerUnit } from './per-unit-bonus.ts';
import { coefficientFor, computePerformanceBonus, type Score } from './performance-bonus.ts';
import {
  type CommissionComponent,
  matchesRoleLevel,
  type PayComponent,
  type PayPlan,
  planRef,
  type RankPrizeComponent,
} from './plan.ts';
import { lastDayOf, prorationFraction } from './proration.ts';
import { awardRankPrizes, type PrizeAward, placesText, type RankEntrant, tieRuleText } from './rank-prize.ts';
import { sha256Hex } from './sha256.ts';
import { forfeits, instalmentAmounts, type PoolSplit, splitPool } from './year-end-pool.ts';

export interface PayrollOptions {
  month: string;
  /** Scorecards by employee (from `shopkpi score --json`); they take precedence over kpi_score/kpi_grade. */
  scores?: ReadonlyMap<string, Score>;
  /** Build the words of each step (the inputs and rule are always recorded). */
  explain: boolean;
  /**
   * Pay-ledger entries (fines and rewards) from a ledger file or the database; those of `month` become
   * lines after voids (see {@link effectiveEntries}). Every entry's employee must be in the inputs.
   */
  ledger?: readonly LedgerEntry[];
}

export interface PayrollResult {
  payslips: Payslip[];
  problems: Problem[];
}

const ZERO = dec(0);

const RULES: Record<PayComponent['type'], Text> = {
  base: t('底薪（按在职天数折算）', 'base salary (prorated by days employed)'),
  commission: t('提成', 'commission'),
  'performance-bonus': t('绩效奖金 = 基数 × 系数', 'performance bonus = base × coefficient'),
  'per-unit': t('按件奖励', 'per-unit bonus'),
  'year-end-pool': t('年终奖池分期（全年一次性奖金）', 'year-end pool instalment (全年一次性奖金)'),
  'rank-prize': t('排名奖', 'rank prize'),
};

const rankRules = new WeakMap<RankPrizeComponent, Text>();

/** The rule words of a rank prize: group, metric, direction, places and the declared tie rule. */
function rankRule(c: RankPrizeComponent, point: number): Text {
  let rule = rankRules.get(c);
  if (!rule) {
    const p = placesText(c, point);
    const ties = tieRuleText(c);
    rule = t(
      `排名奖（${c.group} 内按 ${c.metric} ${c.direction === 'higher' ? '越高越好' : '越低越好'}；${p.zh}；${ties.zh}）`,
      `rank prize (within ${c.group} by ${c.metric}, ${c.direction} is better; ${p.en}; ${ties.en})`,
    );
    rankRules.set(c, rule);
  }
  return rule;
}

/** A figure a rank prize ranks on or checks eligibility with, from the inputs or the score. */
function metricOf(
  e: EmployeeMonth,
  name: string,
  score: Score | null,
): { value: Dec; source: string } | { missing: string } {
  if (name === 'kpi_score') {
    if (!score || !Number.isFinite(score.total)) return { missing: 'kpi_score' };
    return { value: dec(String(score.total)), source: score.source };
  }
  if (name === 'paid_amount')
    return {
      value: e.sales.reduce((a, s) => a.plus(s.paid.times(s.fxRate)), dec(0)),
      source: `${e.file} rows ${e.rows.join(', ')}`,
    };
  if (name === 'units_sold')
    return {
      value: dec(e.sales.reduce((a, s) => a + s.units, 0)),
      source: `${e.file} rows ${e.rows.join(', ')}`,
    };
  const m = e.metrics[name];
  if (!m) return { missing: `metric:${name}` };
  return { value: m.value, source: `${e.file} row ${m.row}` };
}

/** The group key of a rank prize for one employee, or a problem when it cannot be told. */
function groupOf(c: RankPrizeComponent, e: EmployeeMonth): { key: string } | { missing: string } {
  switch (c.group) {
    case 'all':
      return { key: '' };
    case 'team':
      return e.department ? { key: e.department } : { missing: 'department' };
    case 'family':
      return { key: e.role };
    case 'store': {
      const stores = new Set(e.sales.map((s) => s.store).filter((s) => s !== ''));
      return stores.size === 1 ? { key: [...stores][0]! } : { missing: 'store' };
    }
  }
}

const commissionRules = new WeakMap<CommissionComponent, Text>();

/** The rule words of a commission component, built once per component rather than per payslip. */
function commissionRule(c: CommissionComponent): Text {
  let rule = commissionRules.get(c);
  if (!rule) {
    const th = c.threshold ? `，门槛 ${c.threshold.amount} ${c.threshold.paysOn}` : '';
    const thEn = c.threshold ? `, threshold ${c.threshold.amount} ${c.threshold.paysOn}` : '';
    rule = t(
      `提成（${c.base}，${c.table.mode}，边界 ${c.table.boundary}${th}）`,
      `commission (${c.base}, ${c.table.mode}, boundary ${c.table.boundary}${thEn})`,
    );
    commissionRules.set(c, rule);
  }
  return rule;
}

/** base × fraction, without a multiplication for the usual full month. */
function prorate(base: Dec, fraction: Dec): Dec {
  return fraction.eq(1) ? base : base.times(fraction);
}

function applies(c: PayComponent, e: EmployeeMonth): boolean {
  return !matchesRoleLevel(c.except, e.role, e.level);
}

function scoreOf(e: EmployeeMonth, scores: ReadonlyMap<string, Score> | undefined): Score | null {
  const s = scores?.get(e.employee);
  if (s) return s;
  if (e.kpiScore === null && e.kpiGrade === null) return null;
  return { total: e.kpiScore ?? Number.NaN, grade: e.kpiGrade ?? '', source: `${e.file} row ${e.rows[0]}` };
}

export function computePayroll(
  plan: PayPlan,
  employees: readonly EmployeeMonth[],
  opts: PayrollOptions,
): PayrollResult {
  const problems: Problem[] = [];
  const ref = planRef(plan);
  const month = opts.month;
  const err = (e: EmployeeMonth, column: string, value: string, zh: string, en: string, row = e.rows[0]) =>
    problems.push({
      severity: 'error',
      code: 'pay_input',
      message: t(zh, en),
      where: { file: e.file, row, column, value },
    });

  if (
    plan.effectiveFrom > `${month}-01` ||
    (plan.effectiveTo !== null && plan.effectiveTo < lastDayOf(month))
  ) {
    problems.push({
      severity: 'error',
      code: 'plan_not_effective',
      message: t(
        `方案 ${ref} 的生效期（${plan.effectiveFrom} 至 ${plan.effectiveTo ?? '—'}）不覆盖 ${month} 整月`,
        `plan ${ref} is effective ${plan.effectiveFrom} to ${plan.effectiveTo ?? 'open'}, which does not cover all of ${month}`,
      ),
      where: { path: 'effective_from', value: month },
    });
    return { payslips: [], problems };
  }

  // Checks on each employee's inputs against the plan's declared rules.
  for (const e of employees) {
    if (e.month !== month)
      err(e, 'month', e.month, `月份 ${e.month} 不是 ${month}`, `month ${e.month} is not ${month}`);
    if (!matchesRoleLevel(plan.assign, e.role, e.level)) {
      err(
        e,
        'role',
        `${e.role}/${e.level}`,
        `方案 ${ref} 不适用于岗位 ${e.role} 职级 ${e.level}`,
        `plan ${ref} is not assigned to role ${e.role} level ${e.level}`,
      );
    }
    for (const s of [...e.sales, ...e.lateRefunds]) {
      if (s.currency === 'CNY') continue;
      const ok =
        plan.fx.rateDate === 'month-end' ? s.fxDate === lastDayOf(month) : !!s.fxDate?.startsWith(month);
      if (!ok) {
        err(
          e,
          'fx_date',
          s.fxDate ?? '',
          plan.fx.rateDate === 'month-end'
            ? `方案要求用月末（${lastDayOf(month)}）汇率`
            : `方案要求汇率日期在 ${month} 内`,
          plan.fx.rateDate === 'month-end'
            ? `the plan requires the month-end rate (${lastDayOf(month)})`
            : `the plan requires an fx_date within ${month}`,
          s.row,
        );
      }
    }
    const baseComp = plan.components.find((c) => c.type === 'base');
    if (baseComp && applies(baseComp, e) && e.baseSalary === null) {
      err(
        e,
        'base_salary',
        '',
        `方案有底薪，但员工 ${e.employee} 的 base_salary 为空`,
        `the plan pays a base, but base_salary is empty for ${e.employee}`,
      );
    }
    const commissions = plan.components.filter((c) => c.type === 'commission' && applies(c, e));
    if (
      e.carryIn &&
      !e.carryIn.isZero() &&
      !commissions.some((c) => c.type === 'commission' && c.negative === 'carry-forward')
    ) {
      err(
        e,
        'carry_in',
        e.carryIn.toString(),
        '方案不结转亏损，carry_in 应为空',
        'the plan carries no loss forward: carry_in must be empty',
      );
    }
    if (e.lateRefunds.length > 0 && plan.refunds === 'original-month' && commissions.length === 0) {
      err(
        e,
        'late_refund',
        e.lateRefunds[0]!.amount.toString(),
        '该员工没有提成，无法追回',
        'this employee earns no commission: nothing to claw back',
        e.lateRefunds[0]!.row,
      );
    }
    if (
      commissions.some((c) => c.type === 'commission' && c.accumulation === 'year-to-date') &&
      e.creditedBefore === null
    ) {
      err(
        e,
        'credited_before',
        '',
        '年度累计提成需要 credited_before（年内已计提成基数）',
        'year-to-date commission needs credited_before',
      );
    }
  }

  // Ledger entries of the month, after voids, by employee; an entry for someone not in the inputs would
  // silently not be paid, so it is an error.
  const ledgerByEmployee = new Map<string, ReturnType<typeof effectiveEntries>>();
  if (opts.ledger && opts.ledger.length > 0) {
    const known = new Set(employees.map((e) => e.employee));
    for (const x of effectiveEntries(opts.ledger, month)) {
      if (!known.has(x.entry.employee)) {
        problems.push({
          severity: 'error',
          code: 'pay_input',
          message: t(
            `台账条目 ${x.entry.id} 的员工 ${x.entry.employee} 不在输入中：该笔${KIND_TEXT[x.entry.kind].zh}无法发放`,
            `ledger entry ${x.entry.id} is for ${x.entry.employee}, who is not in the inputs: the ${x.entry.kind} cannot be paid`,
          ),
          where: { file: x.entry.source, column: 'employee', value: x.entry.employee },
        });
        continue;
      }
      const list = ledgerByEmployee.get(x.entry.employee);
      if (list) list.push(x);
      else ledgerByEmployee.set(x.entry.employee, [x]);
    }
  }

  // Group-level figures: overhead shares, year-end pools and rank prizes.
  const overheadByComponent = new Map<string, Map<string, OverheadShare>>();
  const poolByComponent = new Map<string, PoolSplit>();
  const prizesByComponent = new Map<string, Map<string, PrizeAward & { inputs: TraceInput[] }>>();
  plan.components.forEach((c, i) => {
    const members = employees.filter((e) => applies(c, e));
    if (c.type === 'rank-prize') {
      const entrants: RankEntrant[] = [];
      const inputsOf = new Map<string, TraceInput[]>();
      for (const e of members) {
        const score = scoreOf(e, opts.scores);
        const v = metricOf(e, c.metric, score);
        const g = groupOf(c, e);
        if ('missing' in v) {
          err(
            e,
            v.missing,
            '',
            `排名奖 ${c.id} 需要 ${v.missing}（员工 ${e.employee}）`,
            `rank prize ${c.id} needs ${v.missing} for ${e.employee}`,
          );
          continue;
        }
        if ('missing' in g) {
          err(
            e,
            g.missing,
            '',
            g.missing === 'store'
              ? `排名奖 ${c.id} 按店铺排名，员工 ${e.employee} 须恰有一个店铺`
              : `排名奖 ${c.id} 按团队排名，员工 ${e.employee} 的 department 为空`,
            g.missing === 'store'
              ? `rank prize ${c.id} ranks within a store: ${e.employee} must have exactly one store`
              : `rank prize ${c.id} ranks within a team: department is empty for ${e.employee}`,
          );
          continue;
        }
        const inputs: TraceInput[] = [{ name: c.metric, value: v.value.toString(), source: v.source }];
        let eligible = true;
        let why: Text | undefined;
        if (c.eligibility) {
          const el = c.eligibility;
          const ev = el.metric === c.metric ? v : metricOf(e, el.metric, score);
          if ('missing' in ev) {
            err(
              e,
              ev.missing,
              '',
              `排名奖 ${c.id} 的参评条件需要 ${ev.missing}`,
              `rank prize ${c.id} eligibility needs ${ev.missing}`,
            );
            continue;
          }
          if (el.metric !== c.metric)
            inputs.push({ name: el.metric, value: ev.value.toString(), source: ev.source });
          if (el.atLeast !== null && ev.value.lt(el.atLeast)) {
            eligible = false;
            why = t(
              `${el.metric} ${ev.value} 低于参评门槛 ${el.atLeast}：不参加排名，0`,
              `${el.metric} ${ev.value} is below the threshold ${el.atLeast}: not ranked, 0`,
            );
          }
          if (el.atMost !== null && ev.value.gt(el.atMost)) {
            eligible = false;
            why = t(
              `${el.metric} ${ev.value} 高于参评上限 ${el.atMost}：不参加排名，0`,
              `${el.metric} ${ev.value} is above the limit ${el.atMost}: not ranked, 0`,
            );
          }
        }
        entrants.push({
          employee: e.employee,
          group: g.key,
          value: v.value,
          eligible,
          ...(why ? { why } : {}),
        });
        inputsOf.set(e.employee, inputs);
      }
      const res = awardRankPrizes(c, entrants, plan.rounding.point, opts.explain);
      const withInputs = new Map<string, PrizeAward & { inputs: TraceInput[] }>();
      for (const [emp, a] of res.awards) withInputs.set(emp, { ...a, inputs: inputsOf.get(emp) ?? [] });
      prizesByComponent.set(c.id, withInputs);
    }
    if (c.type === 'commission' && c.overhead) {
      const r = allocateOverhead(c.overhead, members, plan.refunds, plan.rounding.point, `components[${i}]`);
      problems.push(
        ...r.problems.map((p) => ({ ...p, where: { ...p.where, file: p.where.file ?? 'plan' } })),
      );
      overheadByComponent.set(c.id, r.shares);
    }
    if (c.type === 'year-end-pool' && c.instalments.some((x) => x.month === month)) {
      const split = splitPool(
        c,
        members.map((e) => ({
          employee: e.employee,
          level: e.level,
          department: e.department,
          grade: scoreOf(e, opts.scores)?.grade || null,
          row: e.rows[0]!,
          annualSales: e.companyAnnualSales,
        })),
        plan.rounding,
        employees[0]?.file ?? '',
      );
      problems.push(...split.problems);
      poolByComponent.set(c.id, split);
    }
  });
  if (problems.some((p) => p.severity === 'error')) return { payslips: [], problems };

  const payslips: Payslip[] = [];
  const planBase = plan.components.find((c) => c.type === 'base');
  for (const e of employees) {
    const score = scoreOf(e, opts.scores);
    // canonicalJson({ month, plan, rows, score }), with the rows already canonical (sorted keys).
    const scoreJson = score
      ? `{"grade":${JSON.stringify(score.grade)},"total":${Number.isFinite(score.total) ? JSON.stringify(score.total) : 'null'}}`
      : 'null';
    const myLedger = ledgerByEmployee.get(e.employee) ?? [];
    // Ledger entries are inputs too; the key is left out when there are none, so hashes of payslips
    // without ledger entries stay as they were.
    const ledgerJson = myLedger.length
      ? `"ledger":${canonicalJson(
          myLedger.map(({ entry: l }) => ({
            amount: l.amount.toString(),
            date: l.date,
            id: l.id,
            kind: l.kind,
            quantity: l.quantity.toString(),
            reason: l.reason,
            reverses: l.reverses,
            unitAmount: l.unitAmount.toString(),
          })),
        )},`
      : '';
    const inputsHash = sha256Hex(
      `{${ledgerJson}"month":${JSON.stringify(month)},"plan":${JSON.stringify(ref)},"rows":[${e.canonicalRows.join(',')}],"score":${scoreJson}}`,
    );
    const lines: PayLine[] = [];
    const src = `${e.file} row ${e.rows[0]}`;
    const push = (
      id: string,
      kind: LineKind,
      label: Text,
      raw: Dec,
      rule: Text,
      inputs: TraceInput[],
      sink: TraceSink | null,
      extra: { yearEndBonus?: boolean; corrects?: string | null; effectiveRate?: Dec | null } = {},
    ) => {
      const amount = roundTo(raw, plan.rounding);
      if (sink && !amount.eq(raw)) {
        sink.step(
          `${plan.rounding.mode === 'half-up' ? '四舍五入' : plan.rounding.mode} 到 ${plan.rounding.point} 位小数：${shown(raw)} → ${amount.toFixed(plan.rounding.point)}`,
          `rounded ${plan.rounding.mode} to ${plan.rounding.point} decimals: ${shown(raw)} → ${amount.toFixed(plan.rounding.point)}`,
        );
      }
      lines.push({
        id,
        kind,
        label,
        amount,
        yearEndBonus: extra.yearEndBonus ?? false,
        corrects: extra.corrects ?? null,
        effectiveRate: extra.effectiveRate ?? null,
        trace: { rule, inputs, steps: sink ? sink.steps : [], version: ref, inputsHash },
      });
    };
    const newSink = () => (opts.explain ? new TraceSink() : null);

    // The base comes first whatever the plan order: net profit deducts it.
    const fraction = prorationFraction(plan.proration, month, e.joinDate, e.leaveDate, null);
    const baseLine =
      planBase && applies(planBase, e)
        ? roundTo(prorate(e.baseSalary ?? ZERO, fraction.fraction), plan.rounding)
        : ZERO;
    let carryOut: Dec | null = null;

    for (const c of plan.components) {
      if (!applies(c, e)) continue;
      const sink = newSink();
      const inputs: TraceInput[] = [];
      switch (c.type) {
        case 'base': {
          const baseSalary = e.baseSalary ?? ZERO;
          inputs.push({ name: 'base_salary', value: baseSalary.toString(), source: src });
          if (e.joinDate) inputs.push({ name: 'join_date', value: e.joinDate, source: src });
          if (e.leaveDate) inputs.push({ name: 'leave_date', value: e.leaveDate, source: src });
          const raw = prorate(baseSalary, fraction.fraction);
          if (sink) {
            prorationFraction(plan.proration, month, e.joinDate, e.leaveDate, sink);
            sink.step(
              fraction.fraction.eq(1)
                ? `整月在职，底薪 ${baseSalary}`
                : `底薪 ${baseSalary} × ${fraction.daysWorked}/${fraction.daysInPeriod} = ${shown(raw)}`,
              fraction.fraction.eq(1)
                ? `employed all month: base ${baseSalary}`
                : `base ${baseSalary} × ${fraction.daysWorked}/${fraction.daysInPeriod} = ${shown(raw)}`,
            );
          }
          push(c.id, 'base', c.label, raw, RULES.base, inputs, sink);
          break;
        }
        case 'commission': {
          const oh = overheadByComponent.get(c.id)?.get(e.employee);
          if (oh) sink?.step(oh.how.zh, oh.how.en);
          const r = computeCommission(
            c,
            e,
            { refunds: plan.refunds, baseLine, overheadShare: oh?.share ?? dec(0) },
            inputs,
            sink,
          );
          if (r.carryOut !== null) carryOut = r.carryOut;
          const rule = commissionRule(c);
          const effectiveRate = r.commissionBase.isPositive()
            ? r.amount.div(r.commissionBase).toDecimalPlaces(8)
            : dec(0);
          push(c.id, 'commission', c.label, r.amount, rule, inputs, sink, { effectiveRate });
          break;
        }
        case 'performance-bonus': {
          if (!score) {
            err(
              e,
              'kpi_score',
              '',
              `绩效奖金 ${c.id} 需要考核得分或等级（--scores 或 kpi_score/kpi_grade 列）`,
              `performance bonus ${c.id} needs a KPI score or grade (--scores or kpi_score/kpi_grade)`,
            );
            continue;
          }
          if (c.coefficient.by === 'score' && !Number.isFinite(score.total)) {
            err(
              e,
              'kpi_score',
              '',
              '按分数取系数，但没有分数',
              'the coefficient is by score, but there is no score',
            );
            continue;
          }
          const base = c.bonusBase[e.level];
          if (!base) {
            err(
              e,
              'level',
              e.level,
              `bonus_base 中没有职级 ${e.level}`,
              `bonus_base has no level ${e.level}`,
            );
            continue;
          }
          const k = coefficientFor(c, score);
          if ('missing' in k) {
            err(
              e,
              'kpi_grade',
              score.grade,
              `系数表中没有 ${k.missing}`,
              `the coefficient table has no ${k.missing}`,
            );
            continue;
          }
          inputs.push({
            name: 'kpi',
            value: `${Number.isFinite(score.total) ? score.total : ''} ${score.grade}`.trim(),
            source: score.source,
          });
          inputs.push({ name: `bonus_base[${e.level}]`, value: base.toString(), source: 'plan' });
          const raw = computePerformanceBonus(c, base, k.value, fraction.fraction, score, sink);
          push(c.id, 'performance-bonus', c.label, raw, RULES['performance-bonus'], inputs, sink);
          break;
        }
        case 'per-unit': {
          const units = e.sales.reduce((a, s) => a + s.units, 0);
          for (const s of e.sales)
            inputs.push({ name: 'units_sold', value: String(s.units), source: `${e.file} row ${s.row}` });
          push(c.id, 'per-unit', c.label, computePerUnit(c, units, sink), RULES['per-unit'], inputs, sink);
          break;
        }
        case 'rank-prize': {
          const award = prizesByComponent.get(c.id)?.get(e.employee);
          if (!award) break;
          inputs.push(...award.inputs);
          if (sink) for (const st of award.steps) sink.step(st.zh, st.en);
          push(c.id, 'rank-prize', c.label, award.amount, rankRule(c, plan.rounding.point), inputs, sink);
          break;
        }
        case 'year-end-pool': {
          const split = poolByComponent.get(c.id);
          const idx = c.instalments.findIndex((x) => x.month === month);
          const inst = c.instalments[idx];
          const mine = split?.shares.get(e.employee);
          if (!split || !inst || !mine) break;
          inputs.push({ name: 'company_annual_sales', value: split.annualSales.toString(), source: src });
          inputs.push({ name: 'kpi_grade', value: score?.grade ?? '', source: score?.source ?? src });
          sink?.step(
            `${c.year} 年公司销售额 ${split.annualSales} → 奖池 ${split.pool}`,
            `company sales ${c.year} ${split.annualSales} → pool ${split.pool}`,
          );
          sink?.step(mine.how.zh, mine.how.en);
          const amounts = instalmentAmounts(c, mine.share, plan.rounding.point);
          let raw = amounts[idx]!;
          sink?.step(
            `第 ${idx + 1} 期（${inst.date} 发放，比例 ${inst.fraction}）：${raw}`,
            `instalment ${idx + 1} (paid ${inst.date}, fraction ${inst.fraction}): ${raw}`,
          );
          if (forfeits(c, e, inst.date)) {
            sink?.step(
              `${e.leaveDate} 离职，早于发放日 ${inst.date}，按方案放弃本期：0`,
              `left ${e.leaveDate}, before the payment date ${inst.date}: this instalment is forfeited, 0`,
            );
            if (e.leaveDate) inputs.push({ name: 'leave_date', value: e.leaveDate, source: src });
            raw = dec(0);
          }
          push(c.id, 'year-end-pool', c.label, raw, RULES['year-end-pool'], inputs, sink, {
            yearEndBonus: true,
          });
          break;
        }
      }
    }

    // Clawbacks: a refund after the commission was paid, at the original month's effective rate. The
    // closed month is never reopened; this month gets a negative line that says what it corrects.
    if (plan.refunds === 'original-month') {
      for (const r of e.lateRefunds) {
        const sink = newSink();
        const cny = r.amount.times(r.fxRate);
        const raw = cny.times(r.originalRate).negated();
        sink?.step(
          `${r.originalMonth} 订单的退款 ${cny} 元 × 原提成比例 ${r.originalRate} = 追回 ${raw.negated()}（${r.originalMonth} 已结账，不改原工资条）`,
          `refund CNY ${cny} on ${r.originalMonth} orders × original rate ${r.originalRate} = clawback ${raw.negated()} (${r.originalMonth} is closed and stays unchanged)`,
        );
        push(
          'clawback',
          'clawback',
          t(`提成追回（${r.originalMonth}）`, `commission clawback (${r.originalMonth})`),
          raw,
          t('跨月退款按原比例追回', 'late refund clawed back at the original rate'),
          [
            {
              name: 'late_refund',
              value: `${r.amount} ${r.currency}${r.currency === 'CNY' ? '' : ` @ ${r.fxRate} (${r.fxDate})`}`,
              source: `${e.file} row ${r.row}`,
            },
            { name: 'late_refund_rate', value: r.originalRate.toString(), source: `${e.file} row ${r.row}` },
          ],
          sink,
          { corrects: `${r.originalMonth} commission` },
        );
      }
    }
    for (const a of e.adjustments) {
      const sink = newSink();
      sink?.step(`${a.reason}：${a.amount}`, `${a.reason}: ${a.amount}`);
      const isCorrection = a.corrects !== '';
      push(
        isCorrection ? 'correction' : 'adjustment',
        isCorrection ? 'correction' : 'adjustment',
        isCorrection
          ? t(`更正：${a.corrects}`, `correction of ${a.corrects}`)
          : t(`调整：${a.reason}`, `adjustment: ${a.reason}`),
        a.amount,
        isCorrection
          ? t('更正以新行记录，原月份不改', 'a correction is a new line; the original month is unchanged')
          : t('手工调整', 'manual adjustment'),
        [{ name: 'adjustment', value: a.amount.toString(), source: `${e.file} row ${a.row}` }],
        sink,
        { corrects: isCorrection ? a.corrects : null },
      );
    }

    // The pay ledger: fines as negative lines, rewards as positive ones, each with its reason and source.
    for (const { entry: l, corrects } of myLedger) {
      const sink = newSink();
      const effect = ledgerEffect(l);
      const kindText = KIND_TEXT[l.kind];
      sink?.step(
        `${kindText.zh}：${l.reason}，${l.quantity} × ${l.unitAmount} = ${l.amount}（${l.date}），计入工资 ${effect}`,
        `${kindText.en}: ${l.reason}, ${l.quantity} × ${l.unitAmount} = ${l.amount} (${l.date}), pay ${effect}`,
      );
      if (l.reverses !== null) {
        sink?.step(
          `冲销 ${corrects ? `${corrects.month} ` : ''}台账条目 ${l.reverses}（原月份已结账，不改原工资条）`,
          `reverses ledger entry ${l.reverses}${corrects ? ` of ${corrects.month}` : ''} (that month stays unchanged)`,
        );
      }
      push(
        'ledger',
        'ledger',
        l.reverses !== null
          ? t(`冲销${kindText.zh}：${l.reason}`, `reversed ${kindText.en}: ${l.reason}`)
          : t(`${kindText.zh}：${l.reason}`, `${kindText.en}: ${l.reason}`),
        effect,
        t('薪资台账（按次罚款为负，奖励为正）', 'pay ledger (fines negative, rewards positive)'),
        [
          { name: 'ledger_entry', value: l.id, source: l.source },
          { name: 'quantity', value: l.quantity.toString(), source: l.source },
          { name: 'unit_amount', value: l.unitAmount.toString(), source: l.source },
          { name: 'recorded_by', value: l.recordedBy, source: l.source },
        ],
        sink,
        {
          corrects:
            l.reverses !== null ? `ledger ${l.reverses}${corrects ? ` (${corrects.month})` : ''}` : null,
        },
      );
    }

    const total = lines.reduce((s, l) => s.plus(l.amount), dec(0));
    payslips.push({
      employee: e.employee,
      name: e.name,
      role: e.role,
      level: e.level,
      department: e.department,
      month,
      plan: ref,
      lines,
      total,
      carryOut,
      inputsHash,
    });
  }
  if (problems.some((p) => p.severity === 'error')) return { payslips: [], problems };
  return { payslips, problems };
}
