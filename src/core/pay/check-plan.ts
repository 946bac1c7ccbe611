/**
 * `shopkpi check <plan.yaml>` for pay plans: validation, rate-table lint, and the plan's examples run
 * through the same engine that pays people. A plan whose examples fail is invalid and is not used.
 */
import type { CheckReport, ExampleOutcome } from '../check-report.ts';
import { AppError, type Problem } from '../errors.ts';
import { dec } from '../money.ts';
import { type Text, t } from '../text.ts';
import { computePayroll } from './compute-payroll.ts';
import { parsePlan } from './parse-plan.ts';
import { readPayInputs, tableFromRecords } from './pay-inputs.ts';
import type { Score } from './performance-bonus.ts';
import type { PayPlan, PlanExample } from './plan.ts';

/** Runs one example; the outcome lists each expected figure that came out differently. */
export function runPlanExample(plan: PayPlan, ex: PlanExample, file: string): ExampleOutcome {
  const mismatches: Text[] = [];
  const exFile = `${file} example "${ex.name}"`;
  const inputs = readPayInputs(tableFromRecords(exFile, ex.rows), ex.month);
  const scores = new Map<string, Score>(
    ex.scores.map((s) => [s.employee, { ...s, source: `${exFile} scores` }]),
  );
  const result = computePayroll(plan, inputs.employees, {
    month: ex.month,
    scores,
    explain: false,
    ledger: ex.ledger,
  });
  const problems = [...inputs.problems, ...result.problems].filter((p) => p.severity === 'error');
  for (const p of problems) {
    mismatches.push(
      t(
        `示例输入有误：${p.message.zh}（${p.where.column ?? p.where.path ?? ''}）`,
        `example input error: ${p.message.en} (${p.where.column ?? p.where.path ?? ''})`,
      ),
    );
  }
  if (problems.length > 0) return { name: ex.name, ok: false, mismatches };
  const point = plan.rounding.point;
  for (const [emp, expected] of Object.entries(ex.expect)) {
    const slip = result.payslips.find((p) => p.employee === emp);
    if (!slip) {
      mismatches.push(t(`没有员工 ${emp} 的工资条`, `no payslip for employee ${emp}`));
      continue;
    }
    const actual = new Map<string, ReturnType<typeof dec>>();
    for (const l of slip.lines) actual.set(l.id, (actual.get(l.id) ?? dec(0)).plus(l.amount));
    actual.set('total', slip.total);
    for (const [id, want] of Object.entries(expected)) {
      const got = actual.get(id);
      if (!got) {
        mismatches.push(
          t(
            `${emp}：预期有 ${id} = ${want.toFixed(point)}，实际没有这一行`,
            `${emp}: expected ${id} = ${want.toFixed(point)}, but there is no such line`,
          ),
        );
      } else if (!got.eq(want)) {
        mismatches.push(
          t(
            `${emp}：${id} 预期 ${want.toFixed(point)}，实际 ${got.toFixed(point)}`,
            `${emp}: ${id} expected ${want.toFixed(point)}, got ${got.toFixed(point)}`,
          ),
        );
      }
    }
    // A line the example does not mention must be zero: otherwise the example does not pin the payslip.
    for (const [id, got] of actual) {
      if (!(id in expected) && !got.isZero()) {
        mismatches.push(
          t(
            `${emp}：示例未列出的行 ${id} = ${got.toFixed(point)}`,
            `${emp}: line ${id} = ${got.toFixed(point)} is not in the example's expectations`,
          ),
        );
      }
    }
  }
  return { name: ex.name, ok: mismatches.length === 0, mismatches };
}

export function checkPlanSource(yamlText: string, file: string): CheckReport {
  const parsed = parsePlan(yamlText, file);
  const problems: Problem[] = parsed.problems;
  const examples = parsed.plan
    ? parsed.plan.examples.map((ex) => runPlanExample(parsed.plan!, ex, file))
    : [];
  const ok =
    !problems.some((p) => p.severity === 'error') && parsed.plan !== undefined && examples.every((e) => e.ok);
  return { kind: 'plan', id: parsed.id, version: parsed.version, problems, examples, ok };
}

/**
 * Parses a plan for use: throws `invalid_plan` with every problem (and every failed example) unless
 * the plan is valid and all its examples pass.
 */
export function loadPlan(yamlText: string, file: string): { plan: PayPlan; report: CheckReport } {
  const report = checkPlanSource(yamlText, file);
  const plan = parsePlan(yamlText, file).plan;
  if (!report.ok || !plan) {
    const failed: Problem[] = report.examples
      .filter((e) => !e.ok)
      .map((e) => ({
        severity: 'error' as const,
        code: 'example_failed',
        message: t(
          `示例 "${e.name}" 未通过：${e.mismatches.map((m) => m.zh).join('；')}`,
          `example "${e.name}" fails: ${e.mismatches.map((m) => m.en).join('; ')}`,
        ),
        where: { file },
      }));
    throw new AppError('invalid_plan', t(`薪酬方案 ${file} 无效`, `pay plan ${file} is invalid`), [
      ...report.problems.filter((p) => p.severity === 'error'),
      ...failed,
    ]);
  }
  return { plan, report };
}
