/**
 * Store data in the browser, against the real server: HR uploads a hand-written Taobao order export
 * (test/fixtures), sees the import's progress bar go from running to done, then the counts, which are
 * the counts the server recorded; the same file again changes nothing; a file with bad rows lists every
 * bad row and writes nothing. Screenshots: artifacts/screenshots/store-data.png (and -refused).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { ROOT, SHOTS, setUpE2e } from './session.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures');

interface Batch {
  fileName: string;
  store: string;
  inserted: number;
  importedBy: string;
}

const e2e = setUpE2e();
let page: Page;
let hr: ApiClient;

/** Every value the progress bar's status took on the page, recorded by the page itself. */
async function watchProgress(p: Page): Promise<void> {
  await p.evaluate(() => {
    const g = globalThis as unknown as {
      seen: string[];
      document: {
        body: unknown;
        querySelector(s: string): { getAttribute(a: string): string | null } | null;
      };
      MutationObserver: new (
        cb: () => void,
      ) => { observe(n: unknown, o: { subtree: boolean; childList: boolean; attributes: boolean }): void };
    };
    g.seen = [];
    new g.MutationObserver(() => {
      const s = g.document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-status');
      if (s && g.seen.at(-1) !== s) g.seen.push(s);
    }).observe(g.document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function seenStatuses(p: Page): Promise<string[]> {
  return p.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);
}

async function upload(p: Page, file: string): Promise<void> {
  await p.getByTestId('import-file').setInputFiles(join(FIXTURES, file));
  await p.getByTestId('import-file-name').getByText(file).waitFor();
  await watchProgress(p);
  await p.getByTestId('import-start').click();
}

beforeAll(async () => {
  hr = await e2e.api('hr');
  page = await e2e.openAs('hr');
});

describe('store data import in chromium', () => {
  it('HR uploads a Taobao order export: progress, then the counts the server recorded', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '/data';
    });
    await page.getByTestId('store-data-page').waitFor();
    const before = (await hr.get<{ imports: Batch[] }>('/api/store-data/imports')).imports.length;

    // the store: antd's select takes typing and Enter
    await page.getByTestId('import-store').click();
    await page.keyboard.type('TM01');
    await page.keyboard.press('Enter');
    await upload(page, 'taobao-orders.csv');

    const result = page.getByTestId('import-result');
    await result.waitFor();
    const bar = page.getByTestId('import-progress');
    expect(await bar.getAttribute('data-status')).toBe('done');
    // the bar was drawn while the job ran, and ended done
    const seen = await seenStatuses(page);
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('done');
    expect(Number(await bar.getAttribute('data-done'))).toBe(Number(await bar.getAttribute('data-total')));

    const after = (await hr.get<{ imports: Batch[] }>('/api/store-data/imports')).imports;
    expect(after.length).toBe(before + 1);
    const batch = after[0]!;
    expect(batch.fileName).toBe('taobao-orders.csv');
    expect(batch.store).toBe('TM01');
    expect(batch.importedBy).toMatch(/^hr/);
    expect(batch.inserted).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('result-inserted').textContent())).toBe(batch.inserted);
    expect(await result.getAttribute('data-refused')).toBe('0');
    // the recent imports table shows the new batch
    await page.getByTestId('imports-table').getByText('taobao-orders.csv').first().waitFor();
    await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
    await page.screenshot({ path: join(SHOTS, 'store-data.png'), fullPage: true });

    // the same file again: nothing added, everything unchanged, no new batch
    await upload(page, 'taobao-orders.csv');
    await expect.poll(() => page.getByTestId('result-unchanged').textContent()).toBe(String(batch.inserted));
    expect(await page.getByTestId('result-inserted').textContent()).toBe('0');
    expect((await hr.get<{ imports: Batch[] }>('/api/store-data/imports')).imports.length).toBe(before + 1);
  });

  it('a file with bad rows lists each row and writes nothing', async () => {
    const before = await hr.get<{ imports: Batch[] }>('/api/store-data/imports');
    await upload(page, 'sycm-store-day-bad-rows.csv');
    await expect.poll(() => page.getByTestId('import-result').getAttribute('data-refused')).not.toBe('0');
    const refused = Number(await page.getByTestId('import-result').getAttribute('data-refused'));
    expect(refused).toBeGreaterThan(0);
    const rows = page.getByTestId('import-problems').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(refused);
    // the unreadable amount "abc" on line 3 is shown with its row
    const abc = page.getByTestId('import-problems').locator('tbody tr', { hasText: 'abc' });
    expect(await abc.count()).toBeGreaterThan(0);
    // columns: file, row, column, value, reason
    expect(await abc.first().locator('td').nth(1).textContent()).toBe('3');
    expect(await abc.first().locator('td').nth(3).textContent()).toBe('abc');
    expect(await hr.get<{ imports: Batch[] }>('/api/store-data/imports')).toEqual(before);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'store-data-refused.png'), fullPage: true });
  });
});
