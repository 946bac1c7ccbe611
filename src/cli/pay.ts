/**
 * `shopkpi pay --plan <file.yaml> --inputs <csv|xlsx> [--scores <json>] [--month YYYY-MM]
 * [--ledger <csv|xlsx>] [--ledger-db [--company <id>]]`: the month's payslips, with the pay ledger's
 * fines and rewards as lines. The plan is refused unless it is valid and its examples pass; bad input is refused whole,
 * with file, row, column and reason, and nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { LEDGER_HEADER_WORDS, ledgerEntriesForPay } from '../app/ledger-service.ts';
import { writePayrollXlsx } from '../app/payroll-xlsx.ts';
import { AppError } from '../core/errors.ts';
import { dec } from '../core/money.ts';
import { loadPlan } from '../core/pay/check-plan.ts';
import { computePayroll } from '../core/pay/compute-payroll.ts';
import { type LedgerEntry, readLedgerTable } from '../core/pay/ledger.ts';
import { INPUT_COLUMNS, readPayInputs } from '../core/pay/pay-inputs.ts';
import { type Payslip, payslipToJson } from '../core/pay/payslip.ts';
import type { Score } from '../core/pay/performance-bonus.ts';
import type { PayPlan } from '../core/pay/plan.ts';
import { readScorecards } from '../core/pay/scorecards.ts';
import { type Lang, t } from '../core/text.ts';
import { openDb } from '../db/open-db.ts';
import { readTable } from '../import/read-table.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';
import { renderTable, toCsv } from './scorecard-format.ts';

const ZERO = dec(0);
const OTHER_KINDS = new Set(['clawback', 'correction', 'adjustment']);

/** One row per payslip: the plan's components as columns, then clawbacks/corrections and the total. */
export function payslipRows(plan: PayPlan, slips: readonly Payslip[], lang: Lang): string[][] {
  const point = plan.rounding.point;
  // the fines/rewards column only when the ledger paid something this month, so plain runs look as before
  const ledger = slips.some((s) => s.lines.some((l) => l.kind === 'ledger'));
  const head = [
    lang === 'zh' ? '员工' : 'employee',
    lang === 'zh' ? '姓名' : 'name',
    ...plan.components.map((c) => c.label[lang]),
    ...(ledger ? [lang === 'zh' ? '罚款/奖励' : 'fines/rewards'] : []),
    lang === 'zh' ? '追回/更正' : 'clawbacks/corrections',
    lang === 'zh' ? '合计' : 'total',
  ];
  const rows = slips.map((s) => {
    const sumOf = (pred: (id: string, kind: string) => boolean) =>
      s.lines.filter((l) => pred(l.id, l.kind)).reduce((a, l) => a.plus(l.amount), ZERO);
    return [
      s.employee,
      s.name,
      ...plan.components.map((c) =>
        s.lines.some((l) => l.id === c.id) ? sumOf((id) => id === c.id).toFixed(point) : '—',
      ),
      ...(ledger
        ? [s.lines.some((l) => l.kind === 'ledger') ? sumOf((_, k) => k === 'ledger').toFixed(point) : '—']
        : []),
      s.lines.some((l) => OTHER_KINDS.has(l.kind)) ? sumOf((_, k) => OTHER_KINDS.has(k)).toFixed(point) : '—',
      s.total.toFixed(point),
    ];
  });
  return [head, ...rows];
}

/** Every line of a payslip with its rule, inputs and steps. */
export function explainPayslip(s: Payslip, point: number, lang: Lang): string {
  const out: string[] = [
    `${s.employee} ${s.name} · ${s.month} · ${s.plan} · ${lang === 'zh' ? '合计' : 'total'} ${s.total.toFixed(point)}`,
    `  ${lang === 'zh' ? '输入哈希' : 'inputs hash'} sha256:${s.inputsHash}`,
  ];
  for (const l of s.lines) {
    out.push(
      `  ${l.label[lang]} [${l.id}] ${l.amount.toFixed(point)}${l.yearEndBonus ? (lang === 'zh' ? '（全年一次性奖金）' : ' (全年一次性奖金, taxed separately)') : ''}`,
    );
    out.push(`    ${lang === 'zh' ? '规则' : 'rule'}: ${l.trace.rule[lang]}`);
    if (l.corrects) out.push(`    ${lang === 'zh' ? '更正' : 'corrects'}: ${l.corrects}`);
    for (const i of l.trace.inputs)
      out.push(`    · ${i.name} = ${i.value}${i.source ? `  (${i.source})` : ''}`);
    for (const st of l.trace.steps) out.push(`    → ${st[lang]}`);
  }
  if (s.carryOut && !s.carryOut.isZero()) {
    out.push(
      `  ${lang === 'zh' ? '结转下月亏损' : 'loss carried to next month'}: ${s.carryOut.toFixed(point)}`,
    );
  }
  return out.join('\n');
}

export const payCommand: Command = {
  summary: 'compute the month’s payslips from a pay plan (按薪酬方案计算工资条)',
  help: `shopkpi pay --plan <plan.yaml> --inputs <file.csv|xlsx> [--scores <scorecards.json>] [--month YYYY-MM]
            [--ledger <file.csv|xlsx>] [--ledger-db [--company <id>]]
            [--json | --csv] [--explain] [--xlsx <out.xlsx>] [--lang zh|en]

The plan must be valid and its examples must pass (see \`shopkpi check <plan.yaml>\`).
Inputs: one row per employee and store; columns ${INPUT_COLUMNS.map((c) => c.name).join(', ')}
(Chinese headers accepted). --scores reads \`shopkpi score --json\` output (employee, total, grade).
--ledger reads fines and rewards (columns employee, month, date, kind, reason, quantity, unit_amount,
amount, currency; 工号 月份 日期 类型 原因 数量 单价 金额 币种); --ledger-db takes the month's entries of the
pay ledger in the database (company: --company, else SHOPKPI_COMPANY, else "default"). Both may be given.
--xlsx writes a payroll workbook: sheet 汇总 (totals) and 明细 (lines), year-end bonus flagged 全年一次性奖金.
See docs/pay-plans.md.`,
  async run(args, io) {
    const p = parseArgs(args, {
      flags: ['json', 'csv', 'explain', 'ledger-db'],
      values: ['plan', 'inputs', 'scores', 'month', 'xlsx', 'lang', 'ledger', 'company'],
    });
    const lang: Lang = p.values.get('lang') === 'en' ? 'en' : 'zh';
    const planPath = p.values.get('plan');
    const inputsPath = p.values.get('inputs');
    if (!planPath || !inputsPath) {
      io.stderr.write(
        'usage: shopkpi pay --plan <plan.yaml> --inputs <file.csv|xlsx> [--scores <json>] [--month YYYY-MM]\n',
      );
      return 2;
    }
    const month = p.values.get('month');
    if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new AppError(
        'invalid_input',
        t(`--month 应为 YYYY-MM：${month}`, `--month must be YYYY-MM: ${month}`),
      );
    }
    const { plan } = loadPlan(await readFile(planPath, 'utf8'), planPath);

    let scores: Map<string, Score> | undefined;
    const scoresPath = p.values.get('scores');
    if (scoresPath) {
      const r = readScorecards(await readFile(scoresPath, 'utf8'), scoresPath);
      if (r.problems.length)
        throw new AppError(
          'invalid_input',
          t(`${scoresPath} 无法读取`, `${scoresPath} cannot be read`),
          r.problems,
        );
      scores = r.scores;
    }

    const headerWords = INPUT_COLUMNS.flatMap((c) => [c.name, c.zh]);
    const table = await readTable(inputsPath, { headerWords });
    const inputs = readPayInputs(table, month);
    const inputErrors = inputs.problems.filter((x) => x.severity === 'error');
    if (inputErrors.length) {
      throw new AppError(
        'invalid_input',
        t(
          `${table.file} 有 ${inputErrors.length} 处错误，未计算任何工资`,
          `${table.file} has ${inputErrors.length} problems; no pay was computed`,
        ),
        inputErrors,
      );
    }
    const payMonth = month ?? inputs.employees[0]?.month;
    if (!payMonth)
      throw new AppError('invalid_input', t(`${table.file} 没有数据行`, `${table.file} has no data rows`));
    const ledger: LedgerEntry[] = [];
    const ledgerPath = p.values.get('ledger');
    if (ledgerPath) {
      const lt = await readTable(ledgerPath, { headerWords: LEDGER_HEADER_WORDS });
      const read = readLedgerTable(lt);
      if (read.problems.length)
        throw new AppError(
          'invalid_input',
          t(
            `${lt.file} 有 ${read.problems.length} 处错误，未计算任何工资`,
            `${lt.file} has ${read.problems.length} problems; no pay was computed`,
          ),
          read.problems,
        );
      for (const d of read.drafts)
        ledger.push({
          ...d,
          id: `${lt.file} row ${d.row}`,
          source: `${lt.file} row ${d.row}`,
          recordedBy: lt.file,
          reverses: null,
        });
    }
    if (p.flags.has('ledger-db')) {
      const company = p.values.get('company') ?? process.env.SHOPKPI_COMPANY ?? 'default';
      const db = await openDb();
      try {
        ledger.push(...(await ledgerEntriesForPay(db, company, payMonth)));
      } finally {
        await db.close();
      }
    }
    const explain = p.flags.has('explain') || p.flags.has('json') || p.values.has('xlsx');
    const result = computePayroll(plan, inputs.employees, {
      month: payMonth,
      explain,
      ...(scores ? { scores } : {}),
      ...(ledger.length ? { ledger } : {}),
    });
    const errors = result.problems.filter((x) => x.severity === 'error');
    if (errors.length) {
      throw new AppError(
        'invalid_input',
        t(`${errors.length} 处错误，未计算任何工资`, `${errors.length} problems; no pay was computed`),
        errors,
      );
    }
    const point = plan.rounding.point;
    const xlsx = p.values.get('xlsx');
    if (xlsx) {
      await writePayrollXlsx(xlsx, plan, result.payslips);
      io.stderr.write(`${lang === 'zh' ? '已写入' : 'wrote'} ${xlsx} (${result.payslips.length})\n`);
    }
    if (p.flags.has('json')) {
      io.stdout.write(
        `${JSON.stringify({ plan: `${plan.id}@${plan.version}`, month: payMonth, payslips: result.payslips.map((s) => payslipToJson(s, point)) }, null, 2)}\n`,
      );
    } else if (p.flags.has('csv')) {
      const csv = toCsv(payslipRows(plan, result.payslips, lang));
      io.stdout.write(csv.endsWith('\n') ? csv : `${csv}\n`);
    } else if (!xlsx || p.flags.has('explain')) {
      io.stdout.write(`${renderTable(payslipRows(plan, result.payslips, lang))}\n`);
      if (p.flags.has('explain')) {
        io.stdout.write(`\n${result.payslips.map((s) => explainPayslip(s, point, lang)).join('\n\n')}\n`);
      }
    }
    return 0;
  },
};
