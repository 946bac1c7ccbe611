/**
 * The pay ledger in the browser, against the real server: HR imports a CSV of fines and rewards, sees the
 * totals per employee that the API holds, adds a fine by hand, voids it with a reason (a reversing entry
 * appears and the net goes back), and a file with a bad cell is refused with row and column, nothing
 * written. Screenshot: artifacts/screenshots/ledger.png (and ledger-refused.png).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { SHOTS, setUpE2e } from './session.ts';

const M = '2026-10';
const dir = mkdtempSync(join(tmpdir(), 'shopkpi-ledger-e2e-'));

interface Totals {
  totals: { employee: string; net: string }[];
  entries: {
    id: number;
    employee: string;
    effect: string;
    voidedBy: number | null;
    reverses: number | null;
  }[];
}

const e2e = setUpE2e();
let page: Page;
let hr: ApiClient;

beforeAll(async () => {
  hr = await e2e.api('hr');
  page = await e2e.openAs('hr');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('pay ledger in chromium', () => {
  it('HR imports a file, adds a fine, voids it; totals are the server’s', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '/ledger';
    });
    await page.getByTestId('ledger-page').waitFor();
    await page.getByTestId('ledger-month').fill(M);

    const file = join(dir, 'ledger-2026-10.csv');
    writeFileSync(
      file,
      `工号,月份,日期,类型,原因,数量,单价\nE001,${M},${M}-08,罚款,错发,2,5\nE006,${M},${M}-09,奖励,好评返现奖励,3,2\n`,
    );
    await page.getByTestId('ledger-file').setInputFiles(file);
    await page.getByTestId('ledger-totals').getByText('-10.00').waitFor();
    const api = await hr.get<Totals>(`/api/ledger?month=${M}`);
    expect(api.totals).toEqual([
      expect.objectContaining({ employee: 'E001', net: '-10.00' }),
      expect.objectContaining({ employee: 'E006', net: '6.00' }),
    ]);
    const totalsText = await page.getByTestId('ledger-totals').textContent();
    for (const x of api.totals) expect(totalsText).toContain(x.net);

    await page.getByTestId('ledger-add').click();
    await page.getByTestId('ledger-employee').fill('E007');
    await page.getByTestId('ledger-date').fill(`${M}-12`);
    await page.getByTestId('ledger-reason').fill('漏发赠品');
    await page.getByTestId('ledger-quantity').fill('1');
    await page.getByTestId('ledger-unit').fill('20');
    await page.locator('#ledger-save').click();
    await page.getByTestId('ledger-totals').getByText('-20.00').waitFor();
    const added = (await hr.get<Totals>(`/api/ledger?month=${M}`)).entries.find(
      (e) => e.employee === 'E007',
    )!;
    expect(added.effect).toBe('-20.00');

    await page.getByTestId(`ledger-void-${added.id}`).click();
    await page.getByTestId('ledger-void-reason').fill('记错人了');
    await page
      .getByRole('button', { name: /作\s*废/ })
      .last()
      .click();
    // the page names entries as payslips and the server's messages do (L4), never #4
    await page.getByText(`已由 L${added.id + 1} 作废`).waitFor();
    const entriesText = (await page.getByTestId('ledger-entries').textContent()) ?? '';
    expect(entriesText).toContain(`冲销 L${added.id}`);
    expect(entriesText).not.toMatch(/#\d/);
    const after = await hr.get<Totals>(`/api/ledger?month=${M}`);
    expect(after.totals.find((x) => x.employee === 'E007')!.net).toBe('0.00');
    expect(after.entries.find((e) => e.reverses === added.id)!.effect).toBe('20.00');
    await page.screenshot({ path: join(SHOTS, 'ledger.png'), fullPage: true });
  });

  it('a file with a bad cell is refused with row and column, and nothing is written', async () => {
    const before = await hr.get<Totals>(`/api/ledger?month=${M}`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `工号,月份,日期,类型,原因,数量,单价\nE008,${M},${M}-08,罚款,错发,2,five\n`);
    await page.getByTestId('ledger-file').setInputFiles(bad);
    const problems = page.getByTestId('ledger-problems');
    await problems.getByText('five').waitFor();
    expect(await problems.textContent()).toContain('unit_amount');
    // the problems table exports to Excel like every other table: the workbook holds the bad cell
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog').getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('ledger-import-problems.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('five');
    expect(cells).toContain('unit_amount');
    await page.screenshot({ path: join(SHOTS, 'ledger-refused.png') });
    expect(await hr.get<Totals>(`/api/ledger?month=${M}`)).toEqual(before);
  });
});
