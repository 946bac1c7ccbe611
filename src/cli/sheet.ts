/**
 * `shopkpi sheet import 考核表.xlsx [--sheet name] [--out draft.yaml]`: turns an existing appraisal sheet
 * into a draft template (stdout, or the --out file). Nothing is written when the sheet is refused.
 * `shopkpi sheet resolve draft.yaml --pick k02=3`: records the readings a person chose.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importSheet, parsePicks, resolveDraftText, writeWhole } from '../app/sheet-import.ts';
import { AppError } from '../core/errors.ts';
import { parseArgs } from './args.ts';
import type { Command, Io } from './command.ts';

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
  const p = parseArgs(args, { values: ['pick', 'out'] });
  const [file, ...extra] = p.positionals;
  const pick = p.values.get('pick');
  if (!file || extra.length > 0 || !pick) {
    io.stderr.write('usage: shopkpi sheet resolve <draft.yaml> --pick k02=3,k03=1 [--out file.yaml]\n');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('not_found', { zh: `找不到文件 ${file}`, en: `file not found: ${file}` });
  }
  const { yaml, unresolved } = resolveDraftText(text, basename(file), parsePicks(pick));
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

shopkpi sheet resolve <draft.yaml> --pick k02=3,k03=1 [--out file.yaml]
  Applies the readings a person chose (numbers as \`check\` lists them) and writes the draft again; a rule
  the reader refused must be written into the file by hand. See docs/sheet-import.md.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'import') return runImport(rest, io);
    if (sub === 'resolve') return runResolve(rest, io);
    io.stderr.write(`unknown subcommand: ${sub ?? '(none)'}\n${this.help}\n`);
    return 2;
  },
};
