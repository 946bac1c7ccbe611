/**
 * Importing a 考核表 in the browser, against the real server: HR opens the import page from the
 * templates list, uploads the 运营 fixture sheet, picks a reading for each ambiguous row, writes the rule
 * of the row that was not read, saves, and sees the sheet's points beside the saved template's. The
 * numbers on screen are checked against the scoring engine run here on the same draft and choices.
 * Screenshot: artifacts/screenshots/sheet-import.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftYaml, importSheet } from '../src/app/sheet-import.ts';
import { defaultCases } from '../src/app/sheet-service.ts';
import { scoreForm } from '../src/core/scoring/score-form.ts';
import type { DraftItem } from '../src/core/scoring/sheet/build-draft.ts';
import { resolveDraft } from '../src/core/scoring/sheet/draft-check.ts';
import { parseTemplate } from '../src/core/scoring/template-parse.ts';
import type { ApiClient } from './api-client.ts';
import { ROOT, SHOTS, setUpE2e } from './session.ts';

const SHEET = join(ROOT, 'test', 'fixtures', 'sheets', 'operator-sheet.xlsx');

/** "由主管酌情评分" written by hand: the supervisor's mark out of 10, as given. */
const SUPERVISOR_MARK =
  'type: interpolate\non: actual\nunit: points\npoints:\n  - { at: 0, value: 0 }\n  - { at: 10, value: 10 }\n';
const MARK_RULE = {
  type: 'interpolate' as const,
  on: 'actual' as const,
  unit: 'points' as const,
  points: [
    { at: 0, value: 0 },
    { at: 10, value: 10 },
  ],
};

const e2e = setUpE2e();
const { openAs } = e2e;
let hrLogin = '';

beforeAll(async () => {
  for (const login of e2e.server.signIns.keys()) {
    const api = await e2e.api(login);
    const me = await api.get<{ user: { role: string } }>('/api/auth/me');
    if (me.user.role === 'hr') {
      hrLogin = login;
      break;
    }
  }
});

describe('importing a score sheet in chromium', () => {
  it('HR uploads, chooses, writes the unread rule, saves, and sees matching numbers side by side', async () => {
    expect(hrLogin).not.toBe('');
    // What the engine says, computed here from the same file: the readings whose sample points match the
    // sheet's 自评得分 (make-sheets.ts explains the arithmetic), and the template they make.
    const { doc } = await importSheet(SHEET, { effective: '2026-12-01' });
    const byName = (name: string) => doc.draft.items.find((i) => i.indicator === name)!;
    const readingOf = (it: DraftItem, re: RegExp) => it.readings!.findIndex((r) => re.test(r.note.en)) + 1;
    const conv = byName('转化率');
    const aov = byName('客单价');
    const judged = byName('活动执行');
    const convPick = readingOf(conv, /of the target; whole steps/);
    const aovPick = readingOf(aov, /higher row/);
    expect(convPick).toBeGreaterThan(0);
    expect(aovPick).toBeGreaterThan(0);
    const resolved = resolveDraft(doc, {
      [conv.id]: { reading: convPick },
      [aov.id]: { reading: aovPick },
      [judged.id]: { rule: MARK_RULE },
    });
    const tpl = parseTemplate(draftYaml(resolved)).template!;
    const example = doc.examples[0]!;
    const engine = scoreForm(tpl, { employee: 'sheet', actuals: example.actuals });
    expect(engine.total).toBe(example.expect.total);

    const page = await openAs(hrLogin);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '/templates';
    });
    await page.getByTestId('import-sheet').click();
    await page.getByTestId('sheet-import-page').waitFor();
    await page.locator('input[type=file]').setInputFiles(SHEET);
    await page.getByTestId('sheet-summary').waitFor();

    // each row's original text beside its status; the ambiguous rows offer their readings
    await expect.poll(() => page.getByTestId(`text-${conv.id}`).textContent()).toBe(conv.text);
    expect(await page.getByTestId(`status-${conv.id}`).getAttribute('data-value')).toBe('ambiguous');
    expect(await page.getByTestId(`status-${judged.id}`).getAttribute('data-value')).toBe('refused');
    expect(await page.getByTestId('save-template').isDisabled()).toBe(true);
    expect(await page.getByTestId('save-blockers').locator('li').count()).toBe(3);
    // what is open is said for this page: the uploaded file and its row, no CLI command or YAML path
    const blockers = (await page.getByTestId('save-blockers').textContent()) ?? '';
    expect(blockers).toContain(`第${conv.row}行选一种读法`);
    expect(blockers).not.toMatch(/shopkpi|--pick|draft\.items|template\.yaml/);

    await page.getByTestId(`reading-${conv.id}-${convPick}`).click();
    await page.getByTestId(`reading-${aov.id}-${aovPick}`).click();
    await page.getByTestId(`write-rule-${judged.id}`).click();
    await page.getByTestId(`rule-yaml-${judged.id}`).fill(SUPERVISOR_MARK);
    await page.getByTestId(`rule-apply-${judged.id}`).click();

    // settled: the save button opens, and the draft already gives the sheet's points
    await expect.poll(() => page.getByTestId('save-template').isDisabled()).toBe(false);
    await page.getByTestId('draft-comparison-all-match').waitFor();
    for (const ind of engine.indicators) {
      const shown = page.getByTestId(`draft-comparison-template-${ind.id}`);
      await expect.poll(() => shown.getAttribute('data-value')).toBe(String(ind.points));
    }

    // the sample actuals can be changed: 销售额 at 120 % of its target in "sample 2", scored again by the server
    const sales = byName('销售额完成率');
    await page.getByTestId('draft-comparison-cases').getByText('样例2（达到目标；无目标的取中间值）').click();
    const actualInput = page.getByTestId(`draft-comparison-actual-${sales.id}`);
    const input =
      (await actualInput.evaluate((el) => el.tagName)) === 'INPUT'
        ? actualInput
        : actualInput.locator('input');
    await input.fill('1200000');
    // the other indicators stay at this case's default actuals (90/100/110 % of target, or the reader's
    // low/middle/high figures where there is none, as the page starts)
    const sample2 = defaultCases(doc).find((c) => c.name.en.startsWith('sample 2'))!;
    const at120 = scoreForm(tpl, {
      employee: 'sample 2',
      actuals: { ...(sample2.actuals as Record<string, number>), [sales.id]: 1200000 },
    }).indicators.find((i) => i.id === sales.id)!.points;
    expect(at120).toBe(36);
    await expect
      .poll(() => page.getByTestId(`draft-comparison-template-${sales.id}`).getAttribute('data-value'))
      .toBe(String(at120));
    await page.getByTestId('draft-comparison-cases').getByText('表内示例（示例实际值/自评得分）').click();

    await page.getByTestId('save-template').click();
    await page.getByTestId('sheet-saved').waitFor();
    await page.getByTestId('saved-comparison-all-match').waitFor();
    for (const ind of engine.indicators) {
      const tplShown = await page
        .getByTestId(`saved-comparison-template-${ind.id}`)
        .getAttribute('data-value');
      const sheetShown = await page
        .getByTestId(`saved-comparison-sheet-${ind.id}`)
        .getAttribute('data-value');
      expect(Number(tplShown), ind.id).toBe(ind.points);
      expect(Number(sheetShown), ind.id).toBe(example.expect.indicators![ind.id]);
      expect(await page.getByTestId(`saved-comparison-match-${ind.id}`).getAttribute('data-value')).toBe(
        'true',
      );
    }
    expect(
      Number(await page.getByTestId('saved-comparison-template-__total').getAttribute('data-value')),
    ).toBe(engine.total);
    expect(Number(await page.getByTestId('saved-comparison-sheet-__total').getAttribute('data-value'))).toBe(
      example.expect.total,
    );

    // the version is stored, and it is the template the engine scored here
    const version = await page.getByTestId('save-version').inputValue();
    const hr: ApiClient = await e2e.api(hrLogin);
    const stored = await hr.get<{ yaml: string }>(`/api/templates/${doc.id}/${version}`);
    const storedTpl = parseTemplate(stored.yaml).template!;
    expect(scoreForm(storedTpl, { employee: 'sheet', actuals: example.actuals }).total).toBe(engine.total);

    // the "saved" toast fades by itself; the picture is taken once it has gone, as a person would see the page
    await expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);
    await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
    await page.screenshot({ path: join(SHOTS, 'sheet-import.png'), fullPage: true });
  });

  it('a money row is dropped, a full-points box is cleared and retyped, and the sheet saves without it', async () => {
    // 40 + 30 + 20 points and a fine in money (元): pay, not points, so it blocks the save until dropped
    const dir = mkdtempSync(join(tmpdir(), 'shopkpi-e2e-sheet-'));
    const csv = join(dir, 'money-sheet.csv');
    writeFileSync(
      csv,
      [
        '考核指标,分值,目标值,评分标准,实际值,自评得分',
        '询单转化率,40,50%,按完成率计分，最高120%,50%,40',
        '服务态度投诉,30,,每出现一次投诉扣10分，扣完为止,0,30',
        '培训考试,20,,考试合格得满分，不合格不得分,0,0',
        '错发,10,,错发一单罚5元,2,',
      ].join('\n'),
    );
    try {
      const { doc } = await importSheet(csv, { effective: '2026-12-01' });
      const fine = doc.draft.items.find((i) => i.indicator === '错发')!;
      const exam = doc.draft.items.find((i) => i.indicator === '培训考试')!;
      const page = await openAs(hrLogin);
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '/templates';
      });
      await page.getByTestId('import-sheet').click();
      await page.getByTestId('sheet-import-page').waitFor();
      await page.locator('input[type=file]').setInputFiles(csv);
      await page.getByTestId('sheet-summary').waitFor();
      await expect
        .poll(() => page.getByTestId(`status-${fine.id}`).getAttribute('data-value'))
        .toBe('refused');
      // the open item offers dropping the row, not only writing a rule
      const open = (await page.getByTestId('save-blockers').textContent()) ?? '';
      expect(open).toContain('删除此行');
      expect(open).toContain('薪资台账');

      await page.getByTestId(`drop-row-${fine.id}`).click();
      await page.getByTestId(`dropped-${fine.id}`).getByText('薪资台账', { exact: false }).first().waitFor();
      // settled, but the weights total 90 now: the open item says which row went and what to change
      await expect
        .poll(async () => (await page.getByTestId('save-blockers').textContent()) ?? '')
        .toContain(`已删除第${fine.row}行“错发”（满分 10）`);
      expect(await page.getByTestId('save-template').isDisabled()).toBe(true);

      // every row now shows its full-points box; a value typed and then cleared stays cleared
      const box = page.getByTestId(`weight-${exam.id}`);
      const input = (await box.evaluate((el) => el.tagName)) === 'INPUT' ? box : box.locator('input');
      await input.fill('30');
      await expect.poll(() => page.getByTestId('save-template').isDisabled()).toBe(false);
      await input.fill('');
      await input.blur();
      await expect.poll(() => page.getByTestId('save-template').isDisabled()).toBe(true);
      expect(await input.inputValue()).toBe('');
      await input.fill('30');
      await input.blur();
      await expect.poll(() => page.getByTestId('save-template').isDisabled()).toBe(false);
      expect(await input.inputValue()).toBe('30');

      await page.getByTestId('save-template').click();
      await page.getByTestId('sheet-saved').waitFor();
      const id = await page.getByTestId('save-id').inputValue();
      const version = await page.getByTestId('save-version').inputValue();
      const hr: ApiClient = await e2e.api(hrLogin);
      const stored = await hr.get<{ yaml: string }>(`/api/templates/${id}/${version}`);
      const tpl = parseTemplate(stored.yaml).template!;
      expect(tpl.indicators.map((i) => [i.name.zh, i.weight])).toEqual([
        ['询单转化率', 40],
        ['服务态度投诉', 30],
        ['培训考试', 30],
      ]);
      // the dropped row stays on record in the stored file: its text and why
      expect(stored.yaml).toContain('错发一单罚5元');
      expect(stored.yaml).toMatch(/dropped:[\s\S]*薪资台账/);
      await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
      await page.screenshot({ path: join(SHOTS, 'sheet-import-drop.png'), fullPage: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
