/**
 * `shopkpi rules read <file.jsonl>`: reads 评分标准 texts (JSON lines) and writes one JSON line per input
 * with its reading (read / ambiguous / refused), and a one-line summary on stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../core/errors.ts';
import { parseRuleTextLines } from '../core/scoring/reader/input-lines.ts';
import { readRuleText } from '../core/scoring/reader/read-rule-text.ts';
import type { Command, Io } from './command.ts';

/** Larger input files are refused before reading: a sheet has hundreds of rules, not millions. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new AppError('not_found', { zh: `找不到文件 ${file}`, en: `file not found: ${file}` });
  }
  if (size > MAX_FILE_BYTES) {
    throw new AppError('invalid_input', {
      zh: `${file} 过大（${size} 字节，上限 ${MAX_FILE_BYTES}）`,
      en: `${file} is too large (${size} bytes, limit ${MAX_FILE_BYTES})`,
    });
  }
  return readFile(file, 'utf8');
}

async function read(args: string[], io: Io): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) {
    io.stderr.write('usage: shopkpi rules read <file.jsonl | ->\n');
    return 2;
  }
  const { inputs, problems } = parseRuleTextLines(await readInput(file), file);
  if (problems.length > 0) {
    throw new AppError(
      'invalid_input',
      {
        zh: `${file} 有格式错误的行，未输出任何结果`,
        en: `${file} has malformed lines; nothing was written`,
      },
      problems,
    );
  }
  const counts = { read: 0, ambiguous: 0, refused: 0 };
  const out: string[] = [];
  for (const { input } of inputs) {
    const result = readRuleText(input);
    counts[result.status]++;
    out.push(JSON.stringify(result));
  }
  io.stdout.write(out.length ? `${out.join('\n')}\n` : '');
  io.stderr.write(
    `${inputs.length} rule texts: ${counts.read} read, ${counts.ambiguous} ambiguous, ${counts.refused} refused / ` +
      `共${inputs.length}条：读出${counts.read}，有歧义${counts.ambiguous}，拒读${counts.refused}\n`,
  );
  return 0;
}

export const rulesCommand: Command = {
  summary: 'read 评分标准 texts into rules (解读评分标准)',
  help: `shopkpi rules read <file.jsonl | ->
  Input: JSON lines {"indicator": "转化率", "points": 20, "target": 0.05 | 1000000 | null, "text": "每低于目标1%扣1分"}.
  Output (stdout): one JSON line per input: {"text", "status": "read" | "ambiguous" | "refused", "rule",
  "derive" (环比/同比/团队对比/排名: how the indicator's actual is derived), "readings" [{rule, derive, note,
  samples}], "reason", "notes"}. A one-line summary goes to stderr.
  A file with a malformed line is rejected as a whole (row and field named), and nothing is written.
  See docs/rule-reader.md.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'read') return read(rest, io);
    io.stderr.write(`unknown subcommand: ${sub ?? '(none)'}\n${this.help}\n`);
    return 2;
  },
};
