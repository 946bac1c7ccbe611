/**
 * `shopkpi sheet import 考核表.xlsx [--sheet name] [--out draft.yaml]`: turns an existing appraisal sheet
 * into a draft template (stdout, or the --out file). Nothing is written when the sheet is refused.
 * `shopkpi sheet resolve draft.yaml --pick k02=3 --drop k05`: records the readings a person chose and the
 * rows they dropped (a money fine is no points rule).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importSheet, parsePicks, resolveDraftText, writeWhole } from '../app/sheet-import.ts';
import { AppError } from '../core/errors.ts';
import type { Resolution } from '../core/scoring/sheet/draft-check.ts';
import { parseArgs } from './args.ts';
import type { Command, Io } from './command.ts';

const ID = /^[a-z][a-z0-9_-]*$/;

/**
 * Takes every `--drop id` / `--drop=id` out of the arguments (repeatable, and a comma list is taken too):
 * the shared argument reader keeps only the last value of an option.
 */
function takeDrops(args: string[]): { rest: string[]; drops: string[] } {
  const rest: string[] = [];
  const drops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '--drop') {
      value = args[++i];
      if (value === undefined)
        throw new AppError('invalid_input', {
          zh: '--drop 需要一个指标id',
          en: '--drop needs an indicator id',
        });
    } else if (a.startsWith('--drop=')) value = a.slice('--drop='.length);
    else {
      rest.push(a);
      continue;
    }
    for (const id of value.split(/[,，\s]+/).filter(Boolean)) {
      if (!ID.test(id))
        throw new AppError('invalid_input', {
          zh: `--drop 的“${id}”应是指标id（如 k05）`,
          en: `--drop "${id}" must be an indicator id (e.g. k05)`,
        });
      drops.push(id);
    }
  }
  return { rest, drops };
}

async function runImport(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, { values: ['sheet', 'out', 'encoding', 'effective'] });
  const [file, ...extra] = p.positionals;
  if (!file || extra.length > 0) {
    io.stderr.write('usage: shopkpi sheet import <考核表.xlsx | .csv> [--sheet name] [--out draft.yaml]\n');
    return 2;
  }
  const sheet = p.values.get('sheet');
  const encoding = p.values.get('encoding');
  const effective = p.values.get('effective');
  const { yaml, summary } = await importSheet(file, {
    ...(sheet !== undefined ? { sheet } : {}),
    ...(encoding !== undefined ? { encoding } : {}),
    ...(effective !== undefined ? { effective } : {}),
  });
  const out = p.values.get('out');
  if (out) await writeWhole(out, yaml);
  else io.stdout.write(yaml);
  const total = summary.read + summary.ambiguous + summary.refused;
  io.stderr.write(
    `${total} indicators: ${summary.read} read, ${summary.ambiguous} ambiguous, ${summary.refused} refused; ` +
      `${summary.unresolved} unresolved${out ? ` → ${out}` : ''} / ` +
      `共${total}项指标：读出${summary.read}，有歧义${summary.ambiguous}，未读出${summary.refused}；待确认${summary.unresolved}项\n`,
  );
  if (summary.unresolved > 0) {
    io.stderr.write(
      `run \`shopkpi check ${out ?? '<draft.yaml>'}\` to list them / 运行 check 查看待确认项\n`,
    );
  }
  return 0;
}

async function runResolve(args: string[], io: Io): Promise<number> {
  const { rest, drops } = takeDrops(args);
  const p = parseArgs(rest, { values: ['pick', 'out'] });
  const [file, ...extra] = p.positionals;
  const pick = p.values.get('pick');
  if (!file || extra.length > 0 || (!pick && drops.length === 0)) {
    io.stderr.write(
      'usage: shopkpi sheet resolve <draft.yaml> [--pick k02=3,k03=1] [--drop k05 …] [--out file.yaml]\n',
    );
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('not_found', { zh: `找不到文件 ${file}`, en: `file not found: ${file}` });
  }
  const choices: Record<string, Resolution> = pick ? parsePicks(pick) : {};
  // a drop wins over a pick of the same row (resolveDraft's rule): the row leaves the template either way
  for (const id of drops) choices[id] = { ...choices[id], drop: true };
  const { yaml, unresolved } = resolveDraftText(text, basename(file), choices);
  const out = p.values.get('out');
  if (out) await writeWhole(out, yaml);
  else io.stdout.write(yaml);
  io.stderr.write(
    `${unresolved} unresolved items left${out ? ` → ${out}` : ''} / 剩余待确认 ${unresolved} 项\n`,
  );
  return 0;
}

export const sheetCommand: Command = {
  summary: 'import an Excel/CSV 考核表 as a draft template (导入考核表)',
  help: `shopkpi sheet import <考核表.xlsx | .csv> [--sheet name] [--out draft.yaml] [--encoding gbk] [--effective YYYY-MM-DD]
  Finds the header row and the columns (考核维度, 指标, 权重/分值, 目标值, 评分标准, 数据来源, 考核周期,
  示例实际值/自评得分 …), follows merged cells (a dimension's weight merged over its indicators), reads every
  评分标准 with the rule-text reader, and writes a DRAFT template: each indicator's source text, its reading,
  the alternatives with their sample points, and what is unresolved. \`shopkpi check\` on the draft lists
  every unresolved item; the draft cannot score until a person settles each one.
  An empty sheet, no header row, overlapping or table-cutting merges, a cell over 32 767 characters, or a
  zip bomb is refused with the cell named, and nothing is written.

shopkpi sheet resolve <draft.yaml> [--pick k02=3,k03=1] [--drop k05 …] [--out file.yaml]
  Applies the readings a person chose (numbers as \`check\` lists them) and writes the draft again; --drop
  (repeatable) takes a row that is no points rule (a money fine for the pay ledger) out of the template; the
  other weights must then be raised by hand. Any other rule the reader refused must be written into the
  file by hand. See docs/sheet-import.md.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'import') return runImport(rest, io);
    if (sub === 'resolve') return runResolve(rest, io);
    io.stderr.write(`unknown subcommand: ${sub ?? '(none)'}\n${this.help}\n`);
    return 2;
  },
};
