/**
 * `shopkpi score --template <file> --actuals <csv|xlsx>`: one row per employee in, one scorecard per
 * employee out. Bad input is refused whole, with file, row, column and reason, and nothing is written.
 */
import { writeFile } from 'node:fs/promises';
import { actualsFromDb } from '../app/actuals-from-db.ts';
import { personsFromTable } from '../app/actuals-table.ts';
import { loadTemplate } from '../app/load-template.ts';
import { AppError, type Problem } from '../core/errors.ts';
import { type PersonInput, type Scorecard, scoreForm } from '../core/scoring/score-form.ts';
import type { Lang } from '../core/text.ts';
import { openDb } from '../db/open-db.ts';
import { readTableRecords } from '../import/read-table.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';
import { progress } from './progress.ts';
import { explainCard, renderDistribution, renderTable, scorecardRows, toCsv } from './scorecard-format.ts';

export const scoreCommand: Command = {
  summary: 'score a month from an actuals table (按实际值计算考核得分)',
  help: `shopkpi score --template <file.yaml> --actuals <file.csv|xlsx> [--json|--csv] [--explain] [--out <file>] [--lang zh|en]
shopkpi score --template <file.yaml> --month YYYY-MM [--company <id>] [--actuals <file>] …

With --month the store figures come straight from the database (the operators of the company's stores,
over the stores they answer for); --actuals then adds what store data cannot give (ratings, manual figures).

Columns of the actuals file: employee (员工编号), name (姓名), one column per indicator id or metric code,
optional target:<id>, supervisor:<item> / self:<item> / peer:<item> ratings, additional and additional_reason,
attendance:<item>. Empty cell = the indicator did not happen this month. See docs/template-format.md.`,
  async run(args, io) {
    const p = parseArgs(args, {
      flags: ['json', 'csv', 'explain'],
      values: ['template', 'actuals', 'out', 'lang', 'month', 'company'],
    });
    const lang: Lang = p.values.get('lang') === 'en' ? 'en' : 'zh';
    const templatePath = p.values.get('template');
    const actualsPath = p.values.get('actuals');
    const month = p.values.get('month');
    if (!templatePath || (!actualsPath && !month)) {
      io.stderr.write(
        'usage: shopkpi score --template <file.yaml> (--actuals <file.csv|xlsx> | --month YYYY-MM [--actuals <file>])\n',
      );
      return 2;
    }
    const { template } = await loadTemplate(templatePath);
    let persons: (PersonInput & { row?: number })[] = [];
    let file = 'database';
    if (actualsPath) {
      const headerWords = ['employee', '员工编号', ...template.indicators.flatMap((i) => [i.id, i.metric])];
      const table = await readTableRecords(actualsPath, { headerWords });
      file = table.file;
      const read = personsFromTable(template, table, { partial: month !== undefined });
      if (read.problems.length) {
        throw new AppError(
          'invalid_input',
          {
            zh: `${table.file} 有 ${read.problems.length} 处错误，未计算任何得分`,
            en: `${table.file} has ${read.problems.length} problems; nothing was scored`,
          },
          read.problems,
        );
      }
      persons = read.persons;
    }
    if (month) {
      // store figures from the database; a figure in the actuals file replaces the database's
      const company = p.values.get('company') ?? process.env.SHOPKPI_COMPANY ?? 'default';
      const db = await openDb();
      try {
        persons = mergePersons(await actualsFromDb(db, company, template, month), persons);
      } finally {
        await db.close();
      }
    }
    const bar =
      persons.length >= 1000 ? progress(io.stderr, lang === 'zh' ? '计分' : 'scoring', persons.length) : null;
    const cards: Scorecard[] = [];
    const rowProblems: Problem[] = [];
    for (let i = 0; i < persons.length; i++) {
      const person = persons[i]!;
      const card = scoreForm(template, person, {
        explain: p.flags.has('explain') || p.flags.has('json'),
        where: { file, ...(person.row !== undefined ? { row: person.row } : {}) },
      });
      cards.push(card);
      rowProblems.push(...card.problems.filter((x) => x.severity === 'error'));
      if (bar && i % 500 === 0) bar.tick(i);
    }
    bar?.end();
    if (rowProblems.length) {
      throw new AppError(
        'invalid_input',
        {
          zh: `${rowProblems.length} 人无法计分，未输出任何结果`,
          en: `${rowProblems.length} rows cannot be scored; nothing was written`,
        },
        rowProblems,
      );
    }
    let output: string;
    if (p.flags.has('json')) output = `${JSON.stringify(cards, null, 2)}\n`;
    else if (p.flags.has('csv')) output = toCsv(scorecardRows(template, cards, lang));
    else {
      output = `${renderTable(scorecardRows(template, cards, lang))}\n`;
      if (template.distribution) output += `\n${renderDistribution(template.distribution, cards, lang)}\n`;
      if (p.flags.has('explain'))
        output += `\n${cards.map((c) => explainCard(template, c, lang)).join('\n\n')}\n`;
    }
    const out = p.values.get('out');
    if (out) {
      await writeFile(out, output);
      io.stderr.write(`${lang === 'zh' ? '已写入' : 'wrote'} ${out} (${cards.length})\n`);
    } else io.stdout.write(output);
    return 0;
  },
};

/** Joins database figures and file figures by employee; the file's figures replace the database's. */
function mergePersons(fromDb: PersonInput[], fromFile: (PersonInput & { row?: number })[]) {
  const byEmployee = new Map(fromFile.map((p) => [p.employee, p]));
  const merged: (PersonInput & { row?: number })[] = fromDb.map((d) => {
    const f = byEmployee.get(d.employee);
    byEmployee.delete(d.employee);
    if (!f) return d;
    const fileActuals = Object.fromEntries(
      Object.entries(f.actuals).filter(([, v]) => v !== null && v !== undefined),
    );
    return {
      ...d,
      ...f,
      actuals: { ...d.actuals, ...fileActuals },
      sources: {
        ...d.sources,
        ...Object.fromEntries(Object.keys(fileActuals).map((k) => [k, f.sources?.[k] ?? 'file'])),
      },
      history: d.history ?? {},
    };
  });
  return [...merged, ...byEmployee.values()];
}
