/**
 * A commission line (提成) for the schemes of domain.md §5:
 *
 * - a. gross-profit commission (按毛利拿提成): table(gross profit);
 * - b. net-profit commission (按纯利拿提成): table(P − B − O) where B is the employee's own base and O the
 *   allocated overhead; when the plan says own salary includes the commission itself, C appears on both
 *   sides — C = r × (P − B − O − C) — so C = r × (P − B − O) / (1 + r);
 * - net-sales commission: table(net sales).
 *
 * Then, in this order: the carried-forward loss is added (carry-forward plans), a negative result pays 0
 * (and is carried if declared), the threshold applies (on everything once reached, or only the excess),
 * and the table is applied, cumulatively from `credited_before` for year-to-date plans.
 *
 * @example net profit P 100 000, base 5 000, overhead 15 000, r 10 %, own salary incl. commission:
 * C = 0.1 × 80 000 / 1.1 = 7 272.73; check: 0.1 × (80 000 − 7 272.73) = 7 272.73.
 */
import { type Dec, dec } from '../money.ts';
import type { TraceInput, TraceSink } from '../trace.ts';
import { grossProfit, salesTotals } from './commission-base.ts';
import type { EmployeeMonth } from './pay-inputs.ts';
import { shown } from './payslip.ts';
import type { CommissionComponent, RefundTiming } from './plan.ts';
import { applyRateTable } from './rate-table.ts';

export interface CommissionContext {
  refunds: RefundTiming;
  /** The employee's base line this month (already rounded), for net profit. */
  baseLine: Dec;
  /** The employee's share of the overhead, for net profit. */
  overheadShare: Dec;
}

export interface CommissionResult {
  amount: Dec;
  /** The base the table was applied to (after threshold): for the effective rate. */
  commissionBase: Dec;
  carryOut: Dec | null;
}

const BASE_ZH = { 'net-sales': '净销售额', 'gross-profit': '毛利', 'net-profit': '纯利' } as const;

export function computeCommission(
  c: CommissionComponent,
  e: EmployeeMonth,
  ctx: CommissionContext,
  inputs: TraceInput[] | null,
  sink: TraceSink | null,
): CommissionResult {
  const totals = salesTotals(e, ctx.refunds, c.costLines, inputs, sink);
  let x = c.base === 'net-sales' ? totals.netSales : grossProfit(totals, c.costLines, sink);
  if (c.base === 'net-profit') {
    const before = x;
    x = x.minus(ctx.baseLine).minus(ctx.overheadShare);
    inputs?.push({ name: 'own base (B)', value: ctx.baseLine.toString(), source: 'base line' });
    inputs?.push({
      name: 'allocated overhead (O)',
      value: ctx.overheadShare.toString(),
      source: 'plan overhead',
    });
    sink?.step(
      `纯利基数 = 毛利 ${before} − 自身底薪 ${ctx.baseLine} − 分摊费用 ${ctx.overheadShare} = ${x}`,
      `net-profit base = gross profit ${before} − own base ${ctx.baseLine} − allocated overhead ${ctx.overheadShare} = ${x}`,
    );
  }
  if (c.negative === 'carry-forward' && e.carryIn && !e.carryIn.isZero()) {
    inputs?.push({ name: 'carry_in', value: e.carryIn.toString(), source: `${e.file} row ${e.rows[0]}` });
    sink?.step(
      `加上月结转亏损 ${e.carryIn}：${x.plus(e.carryIn)}`,
      `add loss carried in ${e.carryIn}: ${x.plus(e.carryIn)}`,
    );
    x = x.plus(e.carryIn);
  }
  let carryOut: Dec | null = c.negative === 'carry-forward' ? dec(0) : null;
  if (x.isNegative()) {
    if (c.negative === 'carry-forward') {
      carryOut = x;
      sink?.step(
        `${BASE_ZH[c.base]}为负（${x}），本月提成 0，亏损结转下月`,
        `the base is negative (${x}): no commission, the loss carries to next month`,
      );
    } else {
      sink?.step(
        `${BASE_ZH[c.base]}为负（${x}），按方案提成为 0，不结转`,
        `the base is negative (${x}): the plan pays 0 and carries nothing`,
      );
    }
    return { amount: dec(0), commissionBase: x, carryOut };
  }
  if (c.threshold) {
    const th = c.threshold.amount;
    if (x.lt(th)) {
      sink?.step(`${x} 未达门槛 ${th}，提成为 0`, `${x} is below the threshold ${th}: no commission`);
      return { amount: dec(0), commissionBase: x, carryOut };
    }
    if (c.threshold.paysOn === 'excess') {
      sink?.step(
        `达到门槛 ${th}，只对超出部分提成：${x} − ${th} = ${x.minus(th)}`,
        `threshold ${th} reached, only the excess earns: ${x} − ${th} = ${x.minus(th)}`,
      );
      x = x.minus(th);
    } else {
      sink?.step(`达到门槛 ${th}，全额提成`, `threshold ${th} reached: the whole amount earns`);
    }
  }
  const credited = c.accumulation === 'year-to-date' ? (e.creditedBefore ?? dec(0)) : dec(0);
  if (c.accumulation === 'year-to-date') {
    inputs?.push({
      name: 'credited_before',
      value: credited.toString(),
      source: `${e.file} row ${e.rows[0]}`,
    });
  }
  if (c.ownSalary === 'base-and-commission') {
    const r = c.table.tiers[0]!.rate;
    const amount = r.times(x).div(r.plus(1));
    sink?.step(
      `自身工资含提成：C = r × (P − B − O) / (1 + r) = ${r} × ${x} / ${r.plus(1)} = ${shown(amount)}`,
      `own salary includes the commission: C = r × (P − B − O) / (1 + r) = ${r} × ${x} / ${r.plus(1)} = ${shown(amount)}`,
    );
    return { amount, commissionBase: x, carryOut };
  }
  const amount = applyRateTable(c.table, x, credited, sink);
  return { amount, commissionBase: x, carryOut };
}
