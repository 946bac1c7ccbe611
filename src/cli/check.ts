/**
 * `shopkpi check <file>…`: validates KPI templates and pay plans and runs their examples. Exit code 1 when
 * any file has an error or a failing example; warnings are printed and do not fail.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CheckReport } from '../core/check-report.ts';
import { describeProblem } from '../core/errors.ts';
import { checkPlanSource } from '../core/pay/check-plan.ts';
import { checkTemplateSource } from '../core/scoring/check-template.ts';
import type { Lang } from '../core/text.ts';
import { parseArgs } from './args.ts';
import type { Command, Io } from './command.ts';

export function checkSource(text: string, file: string): CheckReport {
  return /^kind:\s*pay-plan\s*$/m.test(text) ? checkPlanSource(text, file) : checkTemplateSource(text, file);
}

export function printReport(report: CheckReport, file: string, io: Io, lang: Lang): void {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const passed = report.examples.filter((e) => e.ok).length;
  const head = report.ok ? 'OK  ' : 'FAIL';
  io.stdout.write(
    `${head} ${file}  ${report.kind} ${report.id}@${report.version}  ` +
      (lang === 'zh'
        ? `错误 ${errors}，警告 ${warnings}，示例 ${passed}/${report.examples.length} 通过\n`
        : `${errors} errors, ${warnings} warnings, examples ${passed}/${report.examples.length} pass\n`),
  );
  for (const p of report.problems) io.stdout.write(`  ${describeProblem(p, lang)}\n`);
  for (const ex of report.examples) {
    io.stdout.write(`  ${ex.ok ? '✓' : '✗'} ${lang === 'zh' ? '示例' : 'example'}: ${ex.name}\n`);
    for (const m of ex.mismatches) io.stdout.write(`      ${m[lang]}\n`);
  }
}

export const checkCommand: Command = {
  summary: 'validate KPI templates / pay plans and run their examples (校验模板与方案)',
  help: `shopkpi check <file.yaml>… [--lang zh|en] [--json]

Validates each KPI template (kind: kpi-template) or pay plan (kind: pay-plan): structure, weights, band
tables, rules, grades, and runs the examples written in the file. Exit code 1 when any file has an error or
an example that does not come out as written. Warnings are shown and do not fail the check.`,
  async run(args, io) {
    const p = parseArgs(args, { flags: ['json'], values: ['lang'] });
    const lang: Lang = p.values.get('lang') === 'en' ? 'en' : 'zh';
    if (p.positionals.length === 0) {
      io.stderr.write('usage: shopkpi check <file.yaml>…\n');
      return 2;
    }
    let ok = true;
    const reports: (CheckReport & { file: string })[] = [];
    for (const path of p.positionals) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        io.stderr.write(`cannot read ${path}\n`);
        ok = false;
        continue;
      }
      const report = checkSource(text, basename(path));
      ok &&= report.ok;
      if (p.flags.has('json')) reports.push({ ...report, file: path });
      else printReport(report, path, io, lang);
    }
    if (p.flags.has('json')) io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    return ok ? 0 : 1;
  },
};
