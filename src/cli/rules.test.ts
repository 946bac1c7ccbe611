import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import type { Io } from './command.ts';
import { rulesCommand } from './rules.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

/** This file's scratch folder, removed after its tests. */
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function file(content: string): string {
  const f = join(dir, `rules-${++files}.jsonl`);
  writeFileSync(f, content);
  return f;
}

describe('shopkpi rules read', () => {
  it('writes one JSON line per input and a one-line summary on stderr', async () => {
    const f = file(
      [
        JSON.stringify({ indicator: '销售额', points: 30, target: 1000000, text: '按完成率计分，最高120%' }),
        JSON.stringify({ indicator: '转化率', points: 20, target: 0.05, text: '每低于目标1%扣1分' }),
        '',
        JSON.stringify({ indicator: '销售额', points: 20, target: 1000000, text: '扣除对应比例的分数' }),
      ].join('\n'),
    );
    const t = io();
    expect(await rulesCommand.run(['read', f], t.sink)).toBe(0);
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; rule?: unknown });
    expect(lines.map((l) => l.status)).toEqual(['read', 'ambiguous', 'refused']);
    expect(lines[0]!.rule).toEqual({ type: 'linear', cap: 1.2 });
    expect(t.err().trim().split('\n')).toHaveLength(1);
    expect(t.err()).toContain('3 rule texts: 1 read, 1 ambiguous, 1 refused');
  });

  it('rejects a file with a malformed line, naming row and field, and writes nothing', async () => {
    const f = file(
      [
        JSON.stringify({ indicator: '销售额', points: 30, target: 1000000, text: '按完成率计分' }),
        '{not json',
        JSON.stringify({ indicator: '销售额', points: '30', target: 1000000, text: '按完成率计分' }),
      ].join('\n'),
    );
    const t = io();
    const err = await rulesCommand.run(['read', f], t.sink).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const problems = (err as AppError).problems;
    expect(problems.map((p) => [p.where.row, p.where.column])).toEqual([
      [2, undefined],
      [3, 'points'],
    ]);
    expect(t.out()).toBe('');
  });

  it('refuses a missing file and an unknown subcommand clearly', async () => {
    await expect(rulesCommand.run(['read', '/nonexistent/rules.jsonl'], io().sink)).rejects.toThrow(
      /not found/,
    );
    const t = io();
    expect(await rulesCommand.run(['write'], t.sink)).toBe(2);
    expect(t.err()).toContain('unknown subcommand');
  });

  it('reads the whole corpus', async () => {
    const t = io();
    const corpus = new URL('../../test/corpus/rule-texts.jsonl', import.meta.url).pathname;
    expect(await rulesCommand.run(['read', corpus], t.sink)).toBe(0);
    expect(t.out().trim().split('\n').length).toBeGreaterThanOrEqual(150);
    expect(t.err()).toMatch(/^\d+ rule texts: \d+ read, \d+ ambiguous, \d+ refused/);
  });
});
