/**
 * The web import's view of a draft, without HTTP: the points shown for each reading are the points the
 * reader itself computed for it (two independent paths through the engine: a one-rule evaluation in the
 * reader, a one-indicator template here), the default sample cases, and the sentence of a band table.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import {
  defaultCases,
  draftFromUpload,
  ruleSentence,
  type SampleCase,
  sheetView,
  webText,
} from './sheet-service.ts';

const fixture = (name: string) => new URL(`../../test/fixtures/sheets/${name}`, import.meta.url).pathname;
const load = async () =>
  draftFromUpload(await readFile(fixture('operator-sheet.xlsx')), 'operator-sheet.xlsx', {
    effective: '2026-12-01',
  });

describe('sheet view', () => {
  it('shows for every reading the points the reader computed at its own sample actuals', async () => {
    const state = await load();
    let compared = 0;
    for (const item of state.draft.draft.items) {
      for (const reading of item.readings ?? []) {
        // one case per sample actual of this reading, the other indicators at their sheet values
        const cases: SampleCase[] = reading.samples.map((s, k) => ({
          name: { zh: `s${k}`, en: `s${k}` },
          fromSheet: false,
          actuals: { ...state.cases[0]!.actuals, [item.id]: s.actual },
          sheet: {},
        }));
        const view = sheetView({ ...state, cases });
        const row = view.rows.find((r) => r.id === item.id)!;
        const shown = row.readings[item.readings!.indexOf(reading)]!;
        expect(shown.points, `${item.id} ${reading.note.en}`).toEqual(reading.samples.map((s) => s.points));
        compared += reading.samples.length;
      }
    }
    expect(compared).toBe(12); // 4 readings of 转化率 and 2 of 客单价, two samples each
  });

  it('starts with the sheet example, then 90 %, 100 %, 110 % of each target', async () => {
    const { draft } = await load();
    const cases = defaultCases(draft);
    expect(cases.map((c) => c.fromSheet)).toEqual([true, false, false, false]);
    const sales = draft.indicators.find((i) => i.name === '销售额完成率')!;
    expect(cases.slice(1).map((c) => c.actuals[sales.id])).toEqual([900000, 1000000, 1100000]);
    // every indicator has an actual in every case, so totals are over the same indicators
    for (const c of cases)
      expect(Object.keys(c.actuals).sort()).toEqual(draft.indicators.map((i) => i.id).sort());
    expect(cases[0]!.sheetTotal).toBe(74.5);
  });

  it('names the sample cases by what they hold: "of target" only where there is a target', async () => {
    const names = (csv: string) =>
      draftFromUpload(new TextEncoder().encode(csv), 'x.csv', { effective: '2026-12-01' }).then((s) =>
        defaultCases(s.draft).map((c) => c.name),
      );
    const none = await names(
      '考核指标,分值,评分标准\n投诉,50,每出现一次投诉扣10分，扣完为止\n考试,50,考试合格得满分，不合格不得分\n',
    );
    expect(none.map((n) => n.en)).toEqual([
      'sample 1 (low actuals)',
      'sample 2 (middle actuals)',
      'sample 3 (high actuals)',
    ]);
    expect(none.map((n) => n.zh).join()).not.toMatch(/目标/);
    const all = await names('考核指标,分值,目标值,评分标准\n销售额,100,100万,按完成率计分，最高120%\n');
    expect(all.map((n) => n.en)).toEqual([
      'sample 1 (90% of target)',
      'sample 2 (at target)',
      'sample 3 (110% of target)',
    ]);
    const mixed = await names(
      '考核指标,分值,目标值,评分标准\n销售额,50,100万,按完成率计分，最高120%\n考试,50,,考试合格得满分，不合格不得分\n',
    );
    expect(mixed.map((n) => n.zh)).toEqual([
      '样例1（目标的90%；无目标的取低值）',
      '样例2（达到目标；无目标的取中间值）',
      '样例3（目标的110%；无目标的取高值）',
    ]);
  });

  it("never takes the sheet's example from the browser", async () => {
    const state = await load();
    const forged = state.cases.map((c) => (c.fromSheet ? { ...c, sheet: { k01: 99 }, sheetTotal: 99 } : c));
    const view = sheetView({ ...state, cases: forged });
    expect(view.cases[0]!.sheet.k01).toBe(28.5);
    expect(view.cases[0]!.sheetTotal).toBe(74.5);
  });

  it('spells out the rows of a band table', () => {
    const s = ruleSentence({
      type: 'bands',
      on: 'actual',
      unit: 'points',
      bands: [
        { when: { gte: 300 }, value: 10 },
        { when: { gte: 250, lt: 300 }, value: 6 },
      ],
      else: 0,
    });
    expect(s.zh).toContain('300以上(含)得10分；250以上(含)且不满300得6分；其余0分');
    expect(s.en).toContain('≥ 300: 10 points; ≥ 250 and < 300: 6 points; otherwise 0 points');
  });

  it('words what stays open for this page, not for the CLI or a draft file', async () => {
    const state = await load();
    const view = state.view;
    const open = view.blockers.filter((b) => b.code === 'draft_unresolved');
    expect(open.map((b) => b.where.row)).toEqual([5, 6, 10]);
    for (const b of open) {
      expect(b.where.file).toBe('operator-sheet.xlsx');
      const row = view.rows.find((r) => r.row === b.where.row)!;
      expect(b.where.value).toBe(row.text);
      expect(b.fix!.zh).toContain(`第${row.row}行`);
      expect(b.fix!.en).toContain(`row ${row.row}`);
    }
    expect(open[0]!.fix!.en).toContain('one of the 4 readings');
    expect(open[2]!.fix!.en).toContain('Write the rule');
    const shown = JSON.stringify({ ...view, yaml: '' });
    expect(shown).not.toMatch(/shopkpi |--pick|--sheet|draft\.items\[/);
  });

  it('tells a web user to pick the worksheet on the page, not with --sheet', async () => {
    const err = await draftFromUpload(await readFile(fixture('cover-sheet.xlsx')), 'cover-sheet.xlsx', {
      effective: '2026-12-01',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof AppError)) throw new Error(`expected a refusal, got ${String(err)}`);
    const p = err.problems[0]!;
    expect(p).toMatchObject({ code: 'header_missing', where: { file: 'cover-sheet.xlsx' } });
    expect(p.fix!.zh).toContain('“工作表”一栏');
    expect(p.fix!.zh).toContain('11月考核');
    expect(p.fix!.en).toContain('Worksheet box');
    expect(JSON.stringify(err.problems)).not.toContain('--sheet');
  });

  it('points a money fine at the pay ledger page, not at a CLI flag', async () => {
    const csv = '考核指标,分值,评分标准\n出错率,50,错发一单罚5元\n培训考试,50,考试合格得满分，不合格不得分\n';
    const { view } = await draftFromUpload(new TextEncoder().encode(csv), 'fines.csv', {
      effective: '2026-12-01',
    });
    const row = view.rows.find((r) => r.indicator === '出错率')!;
    expect(row.status).toBe('refused');
    expect(row.reason!.zh).toContain('薪资台账');
    const shown = JSON.stringify({ ...view, yaml: '' });
    expect(shown).not.toMatch(/shopkpi |--ledger/);
    // the reader's wording for both audiences, as the web shows it
    expect(
      webText({
        zh: '按次罚/奖现金（元）是钱，不是考核分：记入薪资台账（shopkpi pay --ledger，或网页“薪资台账”）',
        en: 'a money fine (元) is pay: it belongs to the pay ledger (shopkpi pay --ledger, or the Pay ledger page)',
      }),
    ).toEqual({
      zh: '按次罚/奖现金（元）是钱，不是考核分：记入薪资台账（网页“薪资台账”）',
      en: 'a money fine (元) is pay: it belongs to the pay ledger (the Pay ledger page)',
    });
  });

  it('leaves no temporary file behind, read or refused', async () => {
    const mine = await mkdtemp(join(tmpdir(), 'sheet-service-test-'));
    const was = process.env.TMPDIR;
    process.env.TMPDIR = mine; // os.tmpdir() reads it on every call; this worker's env only
    try {
      expect(tmpdir()).toBe(mine);
      await load();
      for (const name of ['zip-bomb.xlsx', 'merge-maze.xlsx', 'no-header.xlsx']) {
        const bytes = await readFile(fixture(name));
        await expect(draftFromUpload(bytes, name, { effective: '2026-12-01' })).rejects.toBeInstanceOf(
          AppError,
        );
      }
      // a name that tries to leave the folder is cut to its base name, and that is removed too
      await expect(
        draftFromUpload(await readFile(fixture('no-header.xlsx')), '../../../x.xlsx', {
          effective: '2026-12-01',
        }),
      ).rejects.toMatchObject({ problems: [{ where: { file: 'x.xlsx' } }] });
      expect(await readdir(mine)).toEqual([]);
    } finally {
      if (was === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = was;
      await rm(mine, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not .xlsx or .csv before reading it', async () => {
    await expect(
      draftFromUpload(new Uint8Array([1, 2, 3]), '../../etc/passwd', { effective: '2026-12-01' }),
    ).rejects.toMatchObject({
      code: 'import_refused',
      problems: [{ code: 'file_refused', where: { file: 'passwd' } }],
    });
  });
});
