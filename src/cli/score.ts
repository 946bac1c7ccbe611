/**
 * `shopkpi score --template <file> --actuals <csv|xlsx>`: one row per employee in, one scorecard per
 * employee out. Bad input is refused whole, with file, row, column and reason, and nothing is written.
 */
import { writeFile } from 'node:fs/promises';
import { actualsFromDb } from '../app/actuals-from-db.ts';
import { cellNumber, personsFromTable } from '../app/actuals-table.ts';
import { loadTemplate } from '../app/load-template.ts';
import { AppError, type Problem } from '../core/errors.ts';
import { METRICS } from '../core/metrics/dictionary.ts';
import { type PersonInput, type Scorecard, scoreForm } from '../core/scoring/score-form.ts';
import { cohortValues, type GroupMember } from '../core/scoring/score-group.ts';
import { GROUP_NAMES } from '../core/scoring/template-parse.ts';
import type { DailyValue, PersonHistory, Template } from '../core/scoring/types.ts';
import type { Lang } from '../core/text.ts';
import { openDb } from '../db/open-db.ts';
import { readTableRecords, type TableRecords } from '../import/read-table.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';
import { progress } from './progress.ts';
import { explainCard, renderDistribution, renderTable, scorecardRows, toCsv } from './scorecard-format.ts';

export const scoreCommand: Command = {
  summary: 'score a month from an actuals table (按实际值计算考核得分)',
  help: `shopkpi score --template <file.yaml> --actuals <file.csv|xlsx> [--daily <file>] [--json|--csv] [--explain] [--out <file>] [--lang zh|en]
shopkpi score --template <file.yaml> --month YYYY-MM [--company <id>] [--actuals <file>] …

With --month the store figures come straight from the database (the operators of the company's stores,
over the stores they answer for); --actuals then adds what store data cannot give (ratings, manual figures).

Columns of the actuals file: employee (员工编号), name (姓名), one column per indicator id or metric code,
optional target:<id>, supervisor:<item> / self:<item> / peer:<item> ratings, additional and additional_reason,
attendance:<item>. Empty cell = the indicator did not happen this month.
Templates that compare within a group (team mean, rank in the team) score everyone in the file together: the
file needs the group's column, team (团队) or family (岗位族). 环比/同比 indicators read previous:<metric> and
last_year:<metric> columns (上期:<metric>, 去年同期:<metric>); with --month the database gives them for store
metrics. Day-derived indicators read --daily <file>: one row per employee and day, columns employee, date,
one column per daily metric, optional promo (1 = a promotion day). See docs/template-format.md.`,
  async run(args, io) {
    const p = parseArgs(args, {
      flags: ['json', 'csv', 'explain'],
      values: ['template', 'actuals', 'out', 'lang', 'month', 'company', 'daily'],
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
    // neither the actuals file nor the database gives a month's days: refuse before reading anything
    const dailyPath = p.values.get('daily');
    const days = template.indicators.filter((i) => i.derive?.kind === 'days');
    if (!dailyPath && days.length) {
      const metrics = [...new Set(days.map((i) => i.metric))];
      throw new AppError('invalid_input', {
        zh: `模板 ${template.id} 有按日计算的指标（${days.map((i) => i.id).join('、')}）：请用 --daily <文件> 给出每日的 ${metrics.join('、')}`,
        en: `template ${template.id} has day-derived indicators (${days.map((i) => i.id).join(', ')}): give the daily ${metrics.join(', ')} with --daily <file>`,
      });
    }
    let persons: Person[] = [];
    let file = 'database';
    let groupColumns = new Map<string, string>();
    if (actualsPath) {
      const headerWords = ['employee', '员工编号', ...template.indicators.flatMap((i) => [i.id, i.metric])];
      const whole = await readTableRecords(actualsPath, { headerWords });
      file = whole.file;
      // group and earlier-period columns are this command's; the rest is the shared actuals table
      const extra = extraColumns(template, whole, { month: month !== undefined });
      groupColumns = extra.groups;
      const table = extra.rest;
      // a day-derived indicator is counted from --daily (required above when there is one), not a cell here
      const read = personsFromTable(template, table, {
        partial: month !== undefined,
        daily: dailyPath !== undefined,
      });
      read.problems.push(...extra.problems);
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
      persons = read.persons.map((person) => {
        const more = extra.byRow.get(person.row);
        return more ? { ...person, ...more } : person;
      });
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
    if (dailyPath) persons = await withDaily(template, persons, dailyPath);
    requireGroups(template, persons, file, groupColumns, actualsPath !== undefined);
    const bar =
      persons.length >= 1000 ? progress(io.stderr, lang === 'zh' ? '计分' : 'scoring', persons.length) : null;
    const cards: Scorecard[] = [];
    const rowProblems: Problem[] = [];
    // Cohort and rank indicators need everyone's figures first: the whole file is scored as one group
    // (scoreGroup's cohortValues: each group's aggregate and ranks), then each row against them.
    const cohorts = needsGroups(template).size > 0 ? cohortValues(template, persons) : null;
    for (let i = 0; i < persons.length; i++) {
      const person = persons[i]!;
      const cohort = cohorts ? { ...cohorts.get(person.employee), ...person.cohort } : person.cohort;
      const card = scoreForm(template, cohort ? { ...person, cohort } : person, {
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

type Person = GroupMember & { row?: number };

/** Group names (team, family) the template's cohort and rank indicators compare within. */
function needsGroups(tpl: Template): Set<string> {
  const out = new Set<string>();
  for (const ind of tpl.indicators)
    if (ind.derive?.kind === 'cohort' || ind.derive?.kind === 'rank') out.add(ind.derive.group);
  return out;
}

/** The column names of a group: `team`, `团队`, `group:team`. */
const GROUP_ALIASES: Record<(typeof GROUP_NAMES)[number], string[]> = {
  team: ['team', '团队', 'group:team'],
  family: ['family', '岗位族', 'group:family'],
};
/** The column prefixes of earlier periods' figures (环比 previous:, 同比 last_year:). */
const HISTORY_PREFIXES: Record<string, 'previous' | 'lastYear'> = {
  'previous:': 'previous',
  '上期:': 'previous',
  'last_year:': 'lastYear',
  '去年同期:': 'lastYear',
};

function problem(
  file: string,
  row: number | undefined,
  column: string,
  zh: string,
  en: string,
  value?: string,
) {
  return {
    severity: 'error' as const,
    code: 'actuals_invalid',
    message: { zh, en },
    where: { file, ...(row !== undefined ? { row } : {}), column, ...(value !== undefined ? { value } : {}) },
  };
}

/**
 * Takes the group columns (team, family) and the earlier periods' columns (previous:<metric>,
 * last_year:<metric>) out of the actuals table: what they say goes on each row's person, the rest of the
 * table is read by personsFromTable as before. A template that compares within a group and a file without
 * that group's column, or a 环比/同比 indicator without its earlier figure (and no database to give it),
 * is refused here, naming the column.
 */
function extraColumns(
  tpl: Template,
  table: TableRecords,
  opts: { month: boolean },
): {
  rest: TableRecords;
  groups: Map<string, string>;
  byRow: Map<number, { groups?: Record<string, string>; history?: PersonHistory }>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const file = table.file;
  const groups = new Map<string, string>(); // group name → header
  const history: { header: string; side: 'previous' | 'lastYear'; metric: string }[] = [];
  const historyIndicators = tpl.indicators.filter(
    (i) => i.derive?.kind === 'history' && i.derive.compare !== 'baseline',
  );
  const taken = new Set<string>();
  for (const h of table.header) {
    const group = GROUP_NAMES.find((g) => GROUP_ALIASES[g].includes(h));
    if (group) {
      groups.set(group, h);
      taken.add(h);
      continue;
    }
    const prefix = Object.keys(HISTORY_PREFIXES).find((x) => h.startsWith(x));
    if (!prefix) continue;
    const side = HISTORY_PREFIXES[prefix]!;
    const name = h.slice(prefix.length);
    const ind = historyIndicators.find(
      (i) =>
        i.derive?.kind === 'history' && i.derive.compare === side && (i.metric === name || i.id === name),
    );
    taken.add(h);
    if (!ind) {
      problems.push(
        problem(
          file,
          table.headerRow,
          h,
          `未知的列“${h}”：模板 ${tpl.id} 没有以“${name}”做${side === 'previous' ? '环比' : '同比'}的指标`,
          `unknown column "${h}": template ${tpl.id} has no ${side === 'previous' ? 'previous-period' : 'same-period-last-year'} indicator on "${name}"`,
        ),
      );
      continue;
    }
    history.push({ header: h, side, metric: ind.metric });
  }
  for (const g of needsGroups(tpl)) {
    if (groups.has(g)) continue;
    const aliases = GROUP_ALIASES[g as (typeof GROUP_NAMES)[number]] ?? [g];
    problems.push(
      problem(
        file,
        table.headerRow,
        g,
        `模板 ${tpl.id} 在“${g}”组内比较（平均值或排名）：实际值文件缺少 ${g} 列（${aliases.join('、')}）`,
        `template ${tpl.id} compares within the "${g}" group (a mean or a rank): the actuals file has no ${g} column (${aliases.join(', ')})`,
      ),
    );
  }
  // Without the database an earlier period's figure can only come from the file; with --month the database
  // gives the earlier month of dictionary (store) metrics, and a manual figure's still needs its column.
  for (const ind of historyIndicators) {
    const store = ind.metric in METRICS;
    if (opts.month && store) continue;
    const side =
      ind.derive?.kind === 'history' && ind.derive.compare === 'lastYear' ? 'lastYear' : 'previous';
    if (history.some((x) => x.side === side && x.metric === ind.metric)) continue;
    const column = `${side === 'previous' ? 'previous' : 'last_year'}:${ind.metric}`;
    problems.push(
      problem(
        file,
        table.headerRow,
        column,
        `指标“${ind.name.zh}”是${side === 'previous' ? '环比' : '同比'}：实际值文件缺少 ${column} 列${store ? '（或用 --month 从数据库取）' : ''}`,
        `indicator "${ind.name.en}" compares with ${side === 'previous' ? 'the previous period' : 'the same period last year'}: the actuals file has no ${column} column${store ? ' (or use --month to read it from the database)' : ''}`,
      ),
    );
  }

  const byRow = new Map<number, { groups?: Record<string, string>; history?: PersonHistory }>();
  for (const rec of table.records) {
    const more: { groups?: Record<string, string>; history?: PersonHistory } = {};
    for (const [g, h] of groups) {
      const v = (rec.values[h] ?? '').trim();
      if (v === '') {
        if (needsGroups(tpl).has(g))
          problems.push(
            problem(
              file,
              rec.row,
              h,
              `${h} 为空：无法在组内比较`,
              `${h} is empty: nothing to compare within`,
              '',
            ),
          );
        continue;
      }
      more.groups = { ...more.groups, [g]: v };
    }
    for (const x of history) {
      const cell = rec.values[x.header] ?? '';
      const v = cellNumber(cell);
      if (v === undefined) {
        problems.push(problem(file, rec.row, x.header, '不是数字', 'not a number', cell));
        continue;
      }
      const book: PersonHistory = more.history ?? {};
      book[x.side] = { ...book[x.side], [x.metric]: v };
      more.history = book;
    }
    if (more.groups || more.history) byRow.set(rec.row, more);
  }
  const keep = table.header.filter((h) => !taken.has(h));
  return {
    rest: {
      ...table,
      header: table.header.map((h) => (taken.has(h) ? '' : h)),
      records: table.records.map((r) => ({
        row: r.row,
        values: Object.fromEntries(keep.filter((h) => h in r.values).map((h) => [h, r.values[h]!])),
      })),
    },
    groups,
    byRow,
    problems,
  };
}

/**
 * Everyone scored against a group needs the group: a person from the database that the actuals file does
 * not place in a team (or a file without the column, with --month) is refused by name, not scored alone.
 */
function requireGroups(
  tpl: Template,
  persons: readonly Person[],
  file: string,
  columns: ReadonlyMap<string, string>,
  fromFile: boolean,
): void {
  const problems: Problem[] = [];
  for (const g of needsGroups(tpl)) {
    if (fromFile && !columns.has(g)) continue; // already refused with the file's header
    const without = persons.filter((x) => x.groups?.[g] === undefined).map((x) => x.employee);
    if (without.length === 0) continue;
    problems.push(
      problem(
        file,
        undefined,
        g,
        `模板 ${tpl.id} 在“${g}”组内比较，这些员工没有${g}：${without.slice(0, 20).join('、')}（在 --actuals 文件中加上 ${g} 列和他们的行）`,
        `template ${tpl.id} compares within the "${g}" group and these employees have no ${g}: ${without.slice(0, 20).join(', ')} (add a ${g} column and their rows to the --actuals file)`,
      ),
    );
  }
  if (problems.length)
    throw new AppError(
      'invalid_input',
      { zh: '缺少分组，未计算任何得分', en: 'group missing; nothing was scored' },
      problems,
    );
}

/**
 * Daily figures for day-derived indicators (每日低于50个访客…, 连续3天未完成) from a file of one row per
 * employee and day: employee, date (YYYY-MM-DD), one column per daily metric, optional promo (1 / 是 = a
 * promotion day, 大促). An empty cell is no figure that day. Refused whole on any bad cell.
 */
async function withDaily(tpl: Template, persons: Person[], path: string): Promise<Person[]> {
  const metrics = new Set(tpl.indicators.filter((i) => i.derive?.kind === 'days').map((i) => i.metric));
  const table = await readTableRecords(path, {
    headerWords: ['employee', '员工编号', 'date', '日期', ...metrics],
  });
  const file = table.file;
  const problems: Problem[] = [];
  const employeeCol = table.header.find((h) => ['employee', '员工编号', '工号'].includes(h));
  const dateCol = table.header.find((h) => ['date', '日期'].includes(h));
  const promoCol = table.header.find((h) => ['promo', '大促'].includes(h));
  if (!employeeCol)
    problems.push(
      problem(file, table.headerRow, 'employee', '缺少员工编号列', 'the employee column is missing'),
    );
  if (!dateCol)
    problems.push(problem(file, table.headerRow, 'date', '缺少日期列', 'the date column is missing'));
  const valueCols: string[] = [];
  for (const h of table.header) {
    if (h === '' || h === employeeCol || h === dateCol || h === promoCol || h === 'name' || h === '姓名')
      continue;
    if (metrics.has(h)) valueCols.push(h);
    else
      problems.push(
        problem(
          file,
          table.headerRow,
          h,
          `未知的列“${h}”：模板 ${tpl.id} 没有按日计算的“${h}”指标（可用：${[...metrics].join('、') || '无'}）`,
          `unknown column "${h}": template ${tpl.id} has no day-derived indicator on "${h}" (these are: ${[...metrics].join(', ') || 'none'})`,
        ),
      );
  }
  const known = new Set(persons.map((x) => x.employee));
  const daily = new Map<string, Record<string, DailyValue[]>>();
  const seen = new Map<string, number>();
  for (const rec of employeeCol && dateCol ? table.records : []) {
    const employee = (rec.values[employeeCol!] ?? '').trim();
    const date = (rec.values[dateCol!] ?? '').trim();
    if (!known.has(employee)) {
      problems.push(
        problem(
          file,
          rec.row,
          employeeCol!,
          `员工 ${employee || '（空）'} 不在实际值中`,
          `employee ${employee || '(empty)'} is not among the actuals`,
          employee,
        ),
      );
      continue;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      problems.push(
        problem(file, rec.row, dateCol!, '日期应为 YYYY-MM-DD', 'the date must be YYYY-MM-DD', date),
      );
      continue;
    }
    const first = seen.get(`${employee}/${date}`);
    if (first !== undefined) {
      problems.push(
        problem(
          file,
          rec.row,
          dateCol!,
          `${employee} 的 ${date} 重复（第 ${first} 行已出现）`,
          `${employee} ${date} appears twice (first on row ${first})`,
          date,
        ),
      );
      continue;
    }
    seen.set(`${employee}/${date}`, rec.row);
    const promoCell = promoCol ? (rec.values[promoCol] ?? '').trim().toLowerCase() : '';
    const promo = ['1', 'yes', 'true', 'y', '是', '大促'].includes(promoCell);
    if (!promo && !['', '0', 'no', 'false', 'n', '否'].includes(promoCell))
      problems.push(
        problem(file, rec.row, promoCol!, '应为 1/0 或 是/否', 'must be 1/0 or yes/no', promoCell),
      );
    const book = daily.get(employee) ?? {};
    for (const h of valueCols) {
      const cell = rec.values[h] ?? '';
      const v = cellNumber(cell);
      if (v === undefined) problems.push(problem(file, rec.row, h, '不是数字', 'not a number', cell));
      else if (v !== null) {
        const list = book[h] ?? [];
        list.push({ date, value: v, ...(promo ? { promo: true } : {}) });
        book[h] = list;
      }
    }
    daily.set(employee, book);
  }
  if (problems.length)
    throw new AppError(
      'invalid_input',
      {
        zh: `${file} 有 ${problems.length} 处错误，未计算任何得分`,
        en: `${file} has ${problems.length} problems; nothing was scored`,
      },
      problems,
    );
  return persons.map((x) => {
    const book = daily.get(x.employee);
    if (!book) return x;
    for (const list of Object.values(book)) list.sort((a, b) => a.date.localeCompare(b.date));
    return { ...x, daily: { ...x.daily, ...book } };
  });
}

/** Joins database figures and file figures by employee; the file's figures replace the database's. */
function mergePersons(fromDb: PersonInput[], fromFile: Person[]): Person[] {
  const byEmployee = new Map(fromFile.map((p) => [p.employee, p]));
  const merged: Person[] = fromDb.map((d) => {
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
      // earlier periods: the database's, with the file's figures in their place where the file gives them
      history: {
        previous: { ...d.history?.previous, ...f.history?.previous },
        lastYear: { ...d.history?.lastYear, ...f.history?.lastYear },
      },
    };
  });
  return [...merged, ...byEmployee.values()];
}
