/**
 * The web import's view of a draft, without HTTP: the points shown for each reading are the points the
 * reader itself computed for it (two independent paths through the engine: a one-rule evaluation in the
 * reader, a one-indicator template here), the default sample cases, and the sentence of a band table.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defaultCases, draftFromUpload, ruleSentence, type SampleCase, sheetView } from './sheet-service.ts';

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

  it('refuses a file that is not .xlsx or .csv before reading it', async () => {
    await expect(
      draftFromUpload(new Uint8Array([1, 2, 3]), '../../etc/passwd', { effective: '2026-12-01' }),
    ).rejects.toMatchObject({
      code: 'import_refused',
      problems: [{ code: 'file_refused', where: { file: 'passwd' } }],
    });
  });
});
