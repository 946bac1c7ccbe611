/**
 * The score-sheet import API in-process (`app.request()`): upload → draft, choices → view, save →
 * template, and the side-by-side. The sheet's own 自评得分 (test/fixtures/sheets/make-sheets.ts has the
 * arithmetic) is what the saved template must reproduce; bad files are refused with the cell named and
 * nothing stored.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { SheetState, SheetView } from '../../app/sheet-service.ts';
import { scoreForm } from '../../core/scoring/score-form.ts';
import { parseTemplate } from '../../core/scoring/template-parse.ts';
import { TEST_ENGINES } from '../../db/testing.ts';
import { type Answer, setUpTestApp } from '../testing-http.ts';

const fixture = (name: string) => new URL(`../../../test/fixtures/sheets/${name}`, import.meta.url).pathname;

/** The supervisor's mark out of 10, as is: a rule for "由主管酌情评分" written by hand. */
const SUPERVISOR_MARK =
  'type: interpolate\non: actual\nunit: points\npoints:\n  - { at: 0, value: 0 }\n  - { at: 10, value: 10 }\n';

describe.each(TEST_ENGINES)('sheet import API on %s', (engine) => {
  const api = setUpTestApp(engine);
  const { login: session } = api;

  const send = <T>(
    login: string,
    path: string,
    body: unknown,
    type = 'application/json',
  ): Promise<Answer<T>> => api.call<T>(login, 'POST', path, body, { contentType: type });

  type Upload = SheetState & { view: SheetView };
  const upload = async (name: string, login = 'hr') =>
    send<Upload>(login, '/api/sheets/draft', {
      file: name,
      contentBase64: (await readFile(fixture(name))).toString('base64'),
      effective: '2026-12-01',
    });

  /** What the database holds that an import could change: template versions and audit entries. */
  const stored = async () => {
    const t = await api.db.query<{ n: string }>('SELECT count(*) AS n FROM template_version');
    const a = await api.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log');
    return `${t.rows[0]!.n}/${a.rows[0]!.n}`;
  };

  /** The choices whose sample points match the sheet's 自评得分 (as make-sheets.ts explains). */
  function rightChoices(state: SheetState): SheetState['choices'] {
    const items = state.draft.draft.items;
    const pick = (name: string, re: RegExp) => {
      const it = items.find((i) => i.indicator === name)!;
      return [it.id, { reading: it.readings!.findIndex((r) => re.test(r.note.en)) + 1 }] as const;
    };
    const judged = items.find((i) => i.indicator === '活动执行')!;
    return Object.fromEntries([
      pick('转化率', /of the target; whole steps/),
      pick('客单价', /higher row/),
      [judged.id, { ruleYaml: SUPERVISOR_MARK }],
    ]);
  }

  test('upload → draft: each row with its text, status, readings and points at the sample actuals', async () => {
    const before = await stored();
    const r = await upload('operator-sheet.xlsx');
    expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(200);
    const v = r.json.view;
    expect(v.summary).toEqual({ read: 4, ambiguous: 2, refused: 1, unresolved: 3 });
    expect(v.rows.map((x) => [x.row, x.status])).toEqual([
      [4, 'read'],
      [5, 'ambiguous'],
      [6, 'ambiguous'],
      [7, 'read'],
      [8, 'read'],
      [9, 'read'],
      [10, 'refused'],
    ]);
    const conv = v.rows.find((x) => x.indicator === '转化率')!;
    expect(conv.text).toBe('每低于目标1%扣1分，扣完为止');
    expect(conv.dimension).toBe('销售指标');
    expect(conv.readings).toHaveLength(4);
    expect(conv.current).toBeNull();
    // the sheet's own example is case 0: 4.5 % against 5 %; the readings differ there (whole points vs 1 % of target)
    expect(v.cases[0]!.fromSheet).toBe(true);
    expect(v.cases[0]!.actuals[conv.id]).toBe(0.045);
    expect(conv.readings.map((x) => x.points[0])).toEqual([20, 19.5, 10, 10]);
    expect(conv.readings[0]!.sentence.zh).toMatch(/每低于/);
    // a read row carries its reading's points at every case, scored by the engine
    const sales = v.rows.find((x) => x.indicator === '销售额完成率')!;
    expect(sales.current!.points).toEqual([28.5, 27, 30, 33]);
    expect(v.rows.find((x) => x.status === 'refused')!.reason!.en).toMatch(/judgement/);
    // the save check lists what remains, one per unresolved row
    expect(v.canSave).toBe(false);
    expect(v.blockers.filter((b) => b.code === 'draft_unresolved').map((b) => b.where.row)).toEqual([
      5, 6, 10,
    ]);
    expect(await stored()).toBe(before);
  });

  test('a raw upload (the traditional-script CSV) gives the same draft', async () => {
    const bytes = new Uint8Array(await readFile(fixture('operator-sheet-trad.csv')));
    const r = await send<Upload>(
      'hr',
      '/api/sheets/draft?file=operator-sheet-trad.csv&effective=2026-12-01',
      bytes,
      'text/csv',
    );
    expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(200);
    expect(r.json.view.summary).toEqual({ read: 4, ambiguous: 2, refused: 1, unresolved: 3 });
  });

  test('an ambiguous row cannot be saved until a reading is chosen', async () => {
    const { json } = await upload('operator-sheet.xlsx');
    const choices = rightChoices(json);
    const conv = json.draft.draft.items.find((i) => i.indicator === '转化率')!;
    const { [conv.id]: _left, ...partial } = choices;
    const before = await stored();
    const view = await send<SheetView>('hr', '/api/sheets/view', { ...json, choices: partial });
    expect(view.json.canSave).toBe(false);
    expect(view.json.comparison).toBeNull();
    expect(view.json.blockers.map((b) => [b.code, b.where.row])).toEqual([['draft_unresolved', 5]]);
    const saved = await send('hr', '/api/sheets/save', { ...json, choices: partial, version: '2026.12' });
    expect(saved.status).toBe(422);
    expect(saved.json.error!.problems.map((p) => p.where.row)).toEqual([5]);
    expect(await stored()).toBe(before);
  });

  test('a wrong reading shows as a mismatch beside the sheet, and is not saved', async () => {
    const { json } = await upload('operator-sheet.xlsx');
    const aov = json.draft.draft.items.find((i) => i.indicator === '客单价')!;
    const lower = aov.readings!.findIndex((r) => /lower row/.test(r.note.en)) + 1;
    const choices = { ...rightChoices(json), [aov.id]: { reading: lower } };
    const view = await send<SheetView>('hr', '/api/sheets/view', { ...json, choices });
    const cell = view.json.comparison!.cases[0]!.indicators.find((i) => i.id === aov.id)!;
    expect(cell).toMatchObject({ sheet: 6, template: 0, match: false });
    expect(view.json.comparison!.allMatch).toBe(false);
    expect(view.json.blockers.map((b) => b.code)).toEqual(['example_failed']);
    const before = await stored();
    const saved = await send('hr', '/api/sheets/save', { ...json, choices, version: '2026.12' });
    expect(saved.status).toBe(422);
    expect(await stored()).toBe(before);
  });

  test('a rule written by hand is checked by the engine; its problems name the row', async () => {
    const { json } = await upload('operator-sheet.xlsx');
    const judged = json.draft.draft.items.find((i) => i.indicator === '活动执行')!;
    for (const bad of ['type: bogus', 'type: [', '- 1']) {
      const view = await send<SheetView>('hr', '/api/sheets/view', {
        ...json,
        choices: { ...rightChoices(json), [judged.id]: { ruleYaml: bad } },
      });
      const row = view.json.rows.find((x) => x.id === judged.id)!;
      expect(row.ruleProblems.length, bad).toBeGreaterThan(0);
      expect(row.current).toBeNull();
      expect(view.json.blockers.some((b) => b.where.row === judged.row)).toBe(true);
    }
  });

  test('saved: the stored template scores the samples as the draft showed, beside the sheet', async () => {
    const { json } = await upload('operator-sheet.xlsx');
    const choices = rightChoices(json);
    // a second sample column where HR states what their Excel gives
    const cases = json.cases.map((c, k) => (k === 2 ? { ...c, sheet: { k01: 30 } } : c));
    const view = await send<SheetView>('hr', '/api/sheets/view', { ...json, choices, cases });
    expect(view.json.blockers).toEqual([]);
    expect(view.json.canSave).toBe(true);
    const draftCmp = view.json.comparison!;
    expect(draftCmp.allMatch).toBe(true);
    expect(draftCmp.cases[0]!.total).toEqual({ sheet: 74.5, template: 74.5, match: true });
    expect(draftCmp.cases[0]!.indicators.map((i) => i.template)).toEqual([28.5, 10, 6, 10, 6, 6, 8]);
    // no stated points in case 1: nothing to compare, so no mark (never the reading against itself)
    expect(draftCmp.cases[1]!.indicators.every((i) => i.sheet === null && i.match === null)).toBe(true);

    const before = await stored();
    const saved = await send<{
      template: { id: string; version: string };
      comparison: SheetView['comparison'];
    }>('hr', '/api/sheets/save', {
      ...json,
      choices,
      cases,
      version: '2026.12',
      family: 'operator',
      reason: 'from our Excel',
    });
    expect(saved.status, JSON.stringify(saved.json).slice(0, 500)).toBe(200);
    expect(await stored()).not.toBe(before);
    const cmp = saved.json.comparison!;
    expect(cmp.source).toBe('saved');
    expect(cmp.template).toBe('sheet-operator-sheet@2026.12');
    // the same numbers the page showed before saving, case by case
    expect(cmp.cases.map((c) => c.indicators.map((i) => i.template))).toEqual(
      draftCmp.cases.map((c) => c.indicators.map((i) => i.template)),
    );
    expect(cmp.allMatch).toBe(true);

    // and the stored version, read through the ordinary template route, scores the same with the engine
    const s = await session('hr');
    const got = await api.app.request(`/api/templates/${saved.json.template.id}/2026.12`, {
      headers: { cookie: s.cookie },
    });
    const tpl = parseTemplate(((await got.json()) as { yaml: string }).yaml).template!;
    expect(tpl.family).toBe('operator');
    expect(tpl.examples.map((e) => e.name)).toHaveLength(2);
    for (const c of view.json.cases) {
      const actuals = Object.fromEntries(Object.entries(c.actuals).filter(([, a]) => a !== null)) as Record<
        string,
        number
      >;
      const card = scoreForm(tpl, { employee: 'x', actuals });
      const shown = cmp.cases.find((x) => x.name.en === c.name.en)!;
      expect(shown.total.template).toBe(card.total);
      expect(shown.indicators.map((i) => i.template)).toEqual(card.indicators.map((i) => i.points));
    }
    const audit = await api.db.query<{ why: string }>(
      "SELECT why FROM audit_log WHERE entity = 'template' AND entity_id = 'sheet-operator-sheet@2026.12'",
    );
    expect(audit.rows.map((r) => r.why)).toEqual(['from our Excel']);

    // the same id@version again is a conflict, and nothing more is stored
    const again = await stored();
    const dup = await send('hr', '/api/sheets/save', { ...json, choices, cases, version: '2026.12' });
    expect(dup.status).toBe(409);
    expect(await stored()).toBe(again);
  });

  test('a sheet with no sample columns: what "our Excel gives" typed in becomes the example', async () => {
    const { json, status } = await upload('no-samples.csv');
    expect(status).toBe(200);
    expect(json.cases.every((c) => !c.fromSheet)).toBe(true);
    expect(json.view.blockers.map((b) => b.code)).toEqual(['examples_missing']);
    // at target: 询单转化率 complete → 40, no complaint → 30, exam passed → 30
    const atTarget = json.cases[1]!;
    const cases = json.cases.map((c, k) =>
      k === 1
        ? {
            ...c,
            actuals: { ...atTarget.actuals, k02: 0, k03: 1 },
            sheet: { k01: 40, k02: 30, k03: 30 },
            sheetTotal: 100,
          }
        : c,
    );
    const view = await send<SheetView>('hr', '/api/sheets/view', { ...json, cases });
    expect(view.json.blockers).toEqual([]);
    expect(view.json.comparison!.cases[1]!.total).toEqual({ sheet: 100, template: 100, match: true });
    const saved = await send('hr', '/api/sheets/save', { ...json, cases, version: '1' });
    expect(saved.status, JSON.stringify(saved.json).slice(0, 300)).toBe(200);
  });

  test('a money row (a fine in 元) is dropped, a weight adjusted, and the sheet saved without it', async () => {
    // 40 + 30 + 20 points and a fine in money: the fine is pay, not points, and blocks the save until dropped
    const csv = [
      '考核指标,分值,目标值,评分标准,实际值,自评得分',
      '询单转化率,40,50%,按完成率计分，最高120%,50%,40',
      '服务态度投诉,30,,每出现一次投诉扣10分，扣完为止,0,30',
      '培训考试,20,,考试合格得满分，不合格不得分,0,0',
      '错发,10,,错发一单罚5元,2,',
    ].join('\n');
    const up = await send<Upload>(
      'hr',
      '/api/sheets/draft?file=money.csv&effective=2026-12-01',
      new TextEncoder().encode(csv),
      'text/csv',
    );
    expect(up.status, JSON.stringify(up.json).slice(0, 300)).toBe(200);
    const json = up.json;
    const fine = json.view.rows.find((r) => r.indicator === '错发')!;
    expect(fine).toMatchObject({ status: 'refused', money: true, dropped: null });
    const open = json.view.blockers.find((b) => b.where.row === fine.row)!;
    expect(open.message.en).toMatch(/or drop the row/);
    expect(open.fix!.en).toMatch(/Drop this row.*pay ledger.*total 100/);

    // dropped: settled, but the weights now total 90 — the open item says which row went and what to do
    const exam = json.view.rows.find((r) => r.indicator === '培训考试')!;
    const dropped = { [fine.id]: { drop: true } };
    const v1 = await send<SheetView>('hr', '/api/sheets/view', { ...json, choices: dropped });
    expect(v1.status).toBe(200);
    const row = v1.json.rows.find((r) => r.id === fine.id)!;
    expect(row.unresolved).toEqual([]);
    expect(row.dropped).toMatchObject({ text: '错发一单罚5元' });
    expect(row.dropped!.why.zh).toMatch(/薪资台账/);
    expect(v1.json.canSave).toBe(false);
    expect(v1.json.blockers.map((b) => b.code)).toEqual(['weights_total']);
    expect(v1.json.blockers[0]!.message.en).toMatch(/total 90/);
    expect(v1.json.blockers[0]!.fix!.en).toMatch(/"错发" \(full points 10\) was dropped/);
    const before = await stored();
    const refused = await send('hr', '/api/sheets/save', { ...json, choices: dropped, version: '1' });
    expect(refused.status).toBe(422);
    expect(await stored()).toBe(before);

    // the weight moved to 培训考试 (its sheet example stays at 0: the exam was failed)
    const choices = { ...dropped, [exam.id]: { weight: 30 } };
    const v2 = await send<SheetView>('hr', '/api/sheets/view', { ...json, choices });
    expect(v2.json.blockers).toEqual([]);
    expect(v2.json.comparison!.cases[0]!.indicators.map((i) => i.id)).not.toContain(fine.id);
    const saved = await send<{ template: { id: string; version: string } }>('hr', '/api/sheets/save', {
      ...json,
      choices,
      version: '1',
    });
    expect(saved.status, JSON.stringify(saved.json).slice(0, 500)).toBe(200);
    const s = await session('hr');
    const got = await api.app.request(`/api/templates/${saved.json.template.id}/1`, {
      headers: { cookie: s.cookie },
    });
    const yaml = ((await got.json()) as { yaml: string }).yaml;
    const tpl = parseTemplate(yaml).template!;
    expect(tpl.indicators.map((i) => [i.name.zh, i.weight])).toEqual([
      ['询单转化率', 40],
      ['服务态度投诉', 30],
      ['培训考试', 30],
    ]);
    // the stored file keeps the record of the dropped row: its text and why
    expect(yaml).toContain('错发一单罚5元');
    expect(yaml).toMatch(/dropped:[\s\S]*moved to the pay ledger/);
  });

  test('bad files are refused with the file, row and column named, and nothing is stored', async () => {
    const before = await stored();
    const cases: [string, string, Record<string, unknown>][] = [
      ['empty.xlsx', 'sheet_empty', {}],
      ['no-header.xlsx', 'header_missing', {}],
      ['merge-maze.xlsx', 'merge_maze', { row: 2, column: 'C' }],
      ['big-cell.xlsx', 'cell_too_large', { row: 5, column: 'F' }],
      ['zip-bomb.xlsx', 'zip_bomb', {}],
    ];
    for (const [name, code, where] of cases) {
      const r = await upload(name);
      expect(r.status, name).toBe(422);
      const p = r.json.error!.problems[0]!;
      expect(p.code, name).toBe(code);
      expect(p.where, name).toMatchObject({ file: name, ...where });
    }
    const zero = await send('hr', '/api/sheets/draft?file=empty.csv', new Uint8Array(0), 'text/csv');
    expect(zero.json.error!.problems[0]!.code).toBe('sheet_empty');
    const xls = await send('hr', '/api/sheets/draft', { file: 'old.xls', contentBase64: 'AAAA' });
    expect(xls.json.error!.problems[0]!.code).toBe('file_refused');
    const broken = await send('hr', '/api/sheets/draft', { file: 'x.xlsx', contentBase64: 'UEsDBAAAAA==' });
    expect(broken.status).toBe(422);
    // over the /api body limit (2 MB): refused before it is read, as JSON
    const huge = await send(
      'hr',
      '/api/sheets/draft?file=big.csv',
      new Uint8Array(2 * 1024 * 1024 + 1),
      'text/csv',
    );
    expect(huge.status).toBe(413);
    expect(huge.json.error!.code).toBe('invalid_input');
    expect(await stored()).toBe(before);
  });

  test('a formula cell is kept as text and refused as a rule; nothing is evaluated', async () => {
    const r = await upload('formula-cell.xlsx');
    expect(r.status).toBe(200);
    const row = r.json.view.rows.find((x) => x.row === 5)!;
    expect(row.text).toBe("=cmd|' /C calc'!A0");
    expect(row.status).toBe('refused');
    expect(row.readings).toEqual([]);
  });

  test('the committee may read a sheet and look at its readings, but not save it', async () => {
    const { json, status } = await upload('operator-sheet.xlsx', 'committee');
    expect(status).toBe(200);
    const view = await send<SheetView>('committee', '/api/sheets/view', { ...json, choices: {} });
    expect(view.status).toBe(200);
    const save = await send('committee', '/api/sheets/save', {
      ...json,
      choices: rightChoices(json),
      version: '9',
    });
    expect(save.status).toBe(403);
  });
});
