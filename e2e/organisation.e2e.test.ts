/**
 * The organisation and the KPI library in the browser, against the real server: HR creates a store and
 * a team (with a lead) through the forms and sees them listed — and in what the server holds; a taken
 * store code is refused with the message under the code field and nothing is written; the KPI library
 * lists the indicators of the demo templates in force, as many as the API returns, and filters them.
 * Screenshots: artifacts/screenshots/organisation.png and kpi-library.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { go, SHOTS, setUpE2e } from './session.ts';

interface Store {
  code: string;
  name: string;
  platform: string;
  currency: string;
  operator: string | null;
}
interface Team {
  code: string;
  name: string;
  lead: string | null;
}
interface LibraryIndicator {
  id: string;
  usedBy: { template: string }[];
}

const e2e = setUpE2e();
let page: Page;
let hr: ApiClient;

beforeAll(async () => {
  hr = await e2e.api('hr');
  page = await e2e.openAs('hr');
});

describe('organisation and KPI library in chromium', () => {
  it("HR's name in the header leads to their own page, whatever the menu shows", async () => {
    await go(page, '/org');
    await page.getByTestId('org-page').waitFor();
    await page.getByTestId('who').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/me');
    await page.getByTestId('my-page').waitFor();
  });

  it('HR creates a store; a taken code is refused under the code field and writes nothing', async () => {
    await go(page, '/org');
    await page.getByTestId('org-page').waitFor();
    await page.getByRole('tab', { name: '店铺' }).click();
    await page.getByTestId('stores-table').waitFor();

    await page.getByTestId('new-store').click();
    await page.getByTestId('store-code').fill('DY07');
    await page.getByTestId('store-name').fill('抖音小店七号');
    await page.getByTestId('new-store-ok').click();
    await page.getByTestId('stores-table').getByText('DY07').waitFor();
    const stores = (await hr.get<{ stores: Store[] }>('/api/org/stores')).stores;
    const created = stores.find((s) => s.code === 'DY07');
    expect(created).toMatchObject({ name: '抖音小店七号', platform: 'tmall', currency: 'CNY' });
    // the list leaves out an operator nobody was given
    expect(created?.operator ?? null).toBeNull();

    // the same code again: the server's 409 lands under the code field, the modal stays open
    await page.getByTestId('new-store').click();
    await page.getByTestId('store-code').fill('DY07');
    await page.getByTestId('store-name').fill('重复');
    await page.getByTestId('new-store-ok').click();
    const explain = page.locator('.ant-form-item-explain-error', { hasText: '店铺代码已被使用' });
    await explain.waitFor();
    expect((await hr.get<{ stores: Store[] }>('/api/org/stores')).stores.length).toBe(stores.length);
    await page.keyboard.press('Escape');
    await explain.waitFor({ state: 'detached' });
  });

  it('HR creates a team with a lead and sees it listed', async () => {
    await page.getByRole('tab', { name: '团队与岗位族' }).click();
    await page.getByTestId('teams-table').waitFor();
    await page.getByTestId('new-team').click();
    await page.getByTestId('team-code').fill('growth');
    await page.getByTestId('team-name').fill('增长组');
    await page.getByTestId('team-lead').click();
    await page.keyboard.type('D001');
    await page.keyboard.press('Enter');
    await page.getByTestId('new-team-ok').click();
    const row = page.getByTestId('teams-table').locator('tr', { hasText: 'growth' });
    await row.waitFor();
    expect(await row.textContent()).toContain('增长组');
    const teams = (await hr.get<{ teams: Team[] }>('/api/org/teams')).teams;
    expect(teams.find((t) => t.code === 'growth')).toEqual({
      code: 'growth',
      name: '增长组',
      lead: 'D001',
      active: true,
    });
    await page.waitForTimeout(300); // let antd animations settle so the picture is what a person sees
    await page.screenshot({ path: join(SHOTS, 'organisation.png'), fullPage: true });
  });

  it('HR deactivates the team: it stays listed, greyed and tagged, and the filter narrows the list', async () => {
    await page.getByTestId('edit-team-growth').click();
    const toggle = page.getByTestId('team-active');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await page.getByTestId('edit-team-growth-ok').click();
    const row = page.getByTestId('teams-table').locator('tr[data-inactive="true"]', { hasText: 'growth' });
    await row.waitFor();
    expect(await row.textContent()).toContain('已停用');
    const teams = (await hr.get<{ teams: (Team & { active: boolean })[] }>('/api/org/teams')).teams;
    expect(teams.find((t) => t.code === 'growth')?.active).toBe(false);

    const filter = page.getByTestId('teams-filter');
    await filter.getByText('启用中').click();
    await row.waitFor({ state: 'detached' });
    await filter.getByText('已停用（1）').click();
    await row.waitFor();
    expect(await page.getByTestId('teams-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await filter.getByText('全部').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'organisation-inactive.png'), fullPage: true });
  });

  it('the KPI library lists the indicators of the demo templates and filters them', async () => {
    const lib = await hr.get<{ indicators: LibraryIndicator[] }>('/api/templates/library');
    const templates = new Set(lib.indicators.flatMap((i) => i.usedBy.map((u) => u.template)));
    expect(templates.has('store-operator')).toBe(true);

    await go(page, '/templates');
    await page.getByTestId('templates-page').waitFor();
    await page.getByRole('tab', { name: '指标库' }).click();
    const table = page.getByTestId('kpi-library-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('kpi-library').textContent()).toContain(
      `共 ${lib.indicators.length} 个指标`,
    );
    // every template in force is linked from at least one row
    for (const t of templates)
      expect(await table.locator(`a[href^="#/templates/${t}/"]`).count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'kpi-library.png'), fullPage: true });

    const revenue = lib.indicators.filter((i) => i.id === 'revenue').length;
    expect(revenue).toBeGreaterThan(0);
    await page.getByPlaceholder('搜索指标、定义、数据指标或负责人').fill('revenue');
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeLessThan(lib.indicators.length);
    const shown = await rows.count();
    expect(shown).toBeGreaterThanOrEqual(revenue);
    expect(shown).toBeLessThan(lib.indicators.length);
  });
});
