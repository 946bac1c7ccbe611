import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppError } from '../core/errors.ts';
import { checkCommand } from './check.ts';
import type { Io } from './command.ts';
import { sheetCommand } from './sheet.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

const made: string[] = [];
/** A fresh folder for one test's files; all are removed after this file's tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shopkpi-sheet-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const fixture = (name: string) => new URL(`../../test/fixtures/sheets/${name}`, import.meta.url).pathname;

describe('shopkpi sheet import', () => {
  it('writes the draft to --out, and `check` then lists each unresolved item', async () => {
    const out = join(tempDir(), 'draft.yaml');
    const a = io();
    const code = await sheetCommand.run(
      ['import', fixture('operator-sheet.xlsx'), '--out', out, '--effective', '2026-12-01'],
      a.sink,
    );
    expect(code).toBe(0);
    expect(a.out()).toBe('');
    expect(a.err()).toMatch(/7 indicators: 4 read, 2 ambiguous, 1 refused; 3 unresolved/);
    expect(readFileSync(out, 'utf8')).toMatch(/^# DRAFT template imported from operator-sheet\.xlsx/);
    const c = io();
    expect(await checkCommand.run(['--lang', 'en', out], c.sink)).toBe(1);
    expect(c.out().match(/\[draft_unresolved\]/g)).toHaveLength(3);
    expect(c.out()).toMatch(/row 10.*由主管酌情评分/);
  });

  it('writes to stdout without --out, and reads --sheet', async () => {
    const a = io();
    expect(
      await sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--sheet', '11月考核'], a.sink),
    ).toBe(0);
    expect(a.out()).toMatch(/kind: kpi-template/);
    await expect(
      sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--sheet', 'nope'], io().sink),
    ).rejects.toThrow(/no worksheet nope/);
  });

  it.each(['empty.xlsx', 'no-header.xlsx', 'merge-maze.xlsx', 'big-cell.xlsx', 'zip-bomb.xlsx'])(
    'refuses %s with a clear error and creates no --out file',
    async (name) => {
      const out = join(tempDir(), 'draft.yaml');
      const a = io();
      const err = await sheetCommand
        .run(['import', fixture(name), '--out', out], a.sink)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).problems[0]!.where.file).toBe(name);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dirname(out))).toEqual([]); // no temporary file left beside it either
      expect(a.out()).toBe('');
    },
  );

  it('rejects a missing file name and an unknown option', async () => {
    expect(await sheetCommand.run(['import'], io().sink)).toBe(2);
    await expect(sheetCommand.run(['import', 'x.xlsx', '--bogus'], io().sink)).rejects.toThrow(
      /unknown option/,
    );
  });
});

describe('shopkpi sheet resolve', () => {
  it('applies picked readings; the draft then lists only the refused rule', async () => {
    const dir = tempDir();
    const draft = join(dir, 'draft.yaml');
    const resolved = join(dir, 'resolved.yaml');
    await sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--out', draft], io().sink);
    const a = io();
    expect(
      await sheetCommand.run(['resolve', draft, '--pick', 'k02=3,k03=1', '--out', resolved], a.sink),
    ).toBe(0);
    expect(a.err()).toMatch(/^1 unresolved items left/);
    const c = io();
    expect(await checkCommand.run(['--lang', 'en', resolved], c.sink)).toBe(1);
    expect(c.out().match(/\[draft_unresolved\]/g)).toHaveLength(1);
    expect(c.out()).toMatch(/活动执行/);
    expect(readFileSync(resolved, 'utf8')).toMatch(/chosen:\n\s+reading: 3/);
  });

  it('drops rows with --drop (repeatable, with or without picks): the indicator leaves, the item says why', async () => {
    const dir = tempDir();
    const draft = join(dir, 'draft.yaml');
    const resolved = join(dir, 'resolved.yaml');
    await sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--out', draft], io().sink);
    const a = io();
    expect(
      await sheetCommand.run(
        ['resolve', draft, '--pick', 'k02=3,k03=1', '--drop', 'k07', '--out', resolved],
        a.sink,
      ),
    ).toBe(0);
    // k07 was the refused rule left unresolved by the picks alone (the test above): now nothing is left
    expect(a.err()).toMatch(/^0 unresolved items left/);
    const doc = parse(readFileSync(resolved, 'utf8')) as {
      indicators: { id: string }[];
      draft: { items: { id: string; dropped?: { text: string }; unresolved?: unknown }[] };
    };
    const ids = doc.indicators.map((i) => i.id);
    expect(ids).not.toContain('k07');
    expect(ids).toContain('k06');
    const item = doc.draft.items.find((i) => i.id === 'k07')!;
    expect(item.dropped?.text).toBe('由主管酌情评分');
    expect(item.unresolved).toBeUndefined();
    // the weights no longer total 100 until a person raises another indicator's: check still says so
    const c = io();
    expect(await checkCommand.run(['--lang', 'en', resolved], c.sink)).toBe(1);
    expect(c.out()).not.toMatch(/\[draft_unresolved\]/);
    expect(c.out()).toMatch(/weights_total/);

    // repeatable and `--drop=id`, without any --pick; to stdout
    const b = io();
    expect(await sheetCommand.run(['resolve', draft, '--drop', 'k06', '--drop=k07'], b.sink)).toBe(0);
    const both = parse(b.out()) as { indicators: { id: string }[] };
    expect(both.indicators.map((i) => i.id)).toEqual(ids.filter((id) => id !== 'k06'));
  });

  it('refuses a drop of an unknown row or a malformed id, and resolve with neither --pick nor --drop', async () => {
    const dir = tempDir();
    const draft = join(dir, 'draft.yaml');
    const out = join(dir, 'out.yaml');
    await sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--out', draft], io().sink);
    await expect(
      sheetCommand.run(['resolve', draft, '--drop', 'k99', '--out', out], io().sink),
    ).rejects.toThrow(/no indicator k99/);
    await expect(
      sheetCommand.run(['resolve', draft, '--drop', 'K=5', '--out', out], io().sink),
    ).rejects.toThrow(/must be an indicator id/);
    await expect(sheetCommand.run(['resolve', draft, '--drop'], io().sink)).rejects.toThrow(
      /needs an indicator id/,
    );
    expect(await sheetCommand.run(['resolve', draft, '--out', out], io().sink)).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a bad pick, a reading that does not exist, and a file that is not a draft, writing nothing', async () => {
    const dir = tempDir();
    const draft = join(dir, 'draft.yaml');
    const out = join(dir, 'out.yaml');
    await sheetCommand.run(['import', fixture('operator-sheet.xlsx'), '--out', draft], io().sink);
    await expect(
      sheetCommand.run(['resolve', draft, '--pick', 'k02:3', '--out', out], io().sink),
    ).rejects.toThrow(/k02=3/);
    await expect(
      sheetCommand.run(['resolve', draft, '--pick', 'k02=9', '--out', out], io().sink),
    ).rejects.toThrow(/no reading 9/);
    const plain = new URL('../../templates/store-operator.yaml', import.meta.url).pathname;
    await expect(
      sheetCommand.run(['resolve', plain, '--pick', 'k02=1', '--out', out], io().sink),
    ).rejects.toThrow(/not an imported draft/);
    expect(existsSync(out)).toBe(false);
  });
});
