/**
 * `shopkpi demo` (what `npm start` runs for now): checks every shipped template and pay plan, then scores a
 * demo store-operator team from examples/, explaining the worked month of domain.md §3 line by line.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personsFromTable } from '../app/actuals-table.ts';
import { loadTemplate } from '../app/load-template.ts';
import { AppError } from '../core/errors.ts';
import { scoreForm } from '../core/scoring/score-form.ts';
import type { Lang } from '../core/text.ts';
import { readTableRecords } from '../import/read-table.ts';
import { parseArgs } from './args.ts';
import { checkSource } from './check.ts';
import type { Command } from './command.ts';
import { explainCard, renderTable, scorecardRows } from './scorecard-format.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const demoCommand: Command = {
  summary: 'a tour: check the shipped templates and plans, score a demo team (演示)',
  help: 'shopkpi demo [--lang zh|en]\n\nChecks templates/ and plans/, then scores examples/store-operator-actuals.csv with explanations.',
  async run(args, io) {
    const p = parseArgs(args, { values: ['lang'] });
    const lang: Lang = p.values.get('lang') === 'en' ? 'en' : 'zh';
    io.stdout.write(lang === 'zh' ? '== 标杆模板与薪酬方案校验\n' : '== Benchmark templates and pay plans\n');
    let allOk = true;
    for (const dir of ['templates', 'plans']) {
      let files: string[] = [];
      try {
        files = (await readdir(join(ROOT, dir))).filter((f) => f.endsWith('.yaml')).sort();
      } catch {
        continue;
      }
      for (const f of files) {
        const report = checkSource(await readFile(join(ROOT, dir, f), 'utf8'), f);
        allOk &&= report.ok;
        const passed = report.examples.filter((e) => e.ok).length;
        io.stdout.write(
          `  ${report.ok ? 'OK  ' : 'FAIL'} ${dir}/${f}  ${report.id}@${report.version}  ${lang === 'zh' ? '示例' : 'examples'} ${passed}/${report.examples.length}\n`,
        );
      }
    }
    const { template } = await loadTemplate(join(ROOT, 'templates', 'store-operator.yaml'));
    const table = await readTableRecords(join(ROOT, 'examples', 'store-operator-actuals.csv'));
    const { persons, problems } = personsFromTable(template, table);
    if (problems.length)
      throw new AppError('invalid_input', { zh: '演示数据有误', en: 'the demo data is invalid' }, problems);
    const cards = persons.map((person) => scoreForm(template, person, { explain: true }));
    io.stdout.write(
      lang === 'zh'
        ? `\n== 店铺运营 2026-10 考核结果（${template.id}@${template.version}）\n`
        : `\n== Store operators, 2026-10 (${template.id}@${template.version})\n`,
    );
    io.stdout.write(`${renderTable(scorecardRows(template, cards, lang))}\n`);
    io.stdout.write(
      lang === 'zh'
        ? '\n== 为什么是这个分数：E001（domain.md §3 的示例月份）\n'
        : '\n== Why: E001 (the worked month of domain.md §3)\n',
    );
    io.stdout.write(`${explainCard(template, cards[0]!, lang)}\n`);
    io.stdout.write(
      lang === 'zh'
        ? '\n试试：npx shopkpi score --template templates/store-operator.yaml --actuals examples/store-operator-actuals.csv --explain\n'
        : '\nTry: npx shopkpi score --template templates/store-operator.yaml --actuals examples/store-operator-actuals.csv --explain\n',
    );
    return allOk ? 0 : 1;
  },
};
