/**
 * The template live preview of a template with a cohort indicator (presales-cs `vs_team`, the agent against
 * the team's mean) in the browser, against the real server: the preview shows a total, scored with the team
 * mean of the template's first example and saying so beside it; typing another team mean changes the total to
 * what the engine, run here, gives for it. Screenshot: artifacts/screenshots/template-preview-cohort.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFromText } from '../src/app/load-template.ts';
import { type PersonInput, scoreForm } from '../src/core/scoring/score-form.ts';
import { type ApiClient, signInApi } from './api-client.ts';
import { DESKTOP, launchChromium } from './browser.ts';
import { buildWeb } from './build.ts';
import { type RunningServer, startServer } from './server.ts';

const ROOT = join(import.meta.dirname, '..');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let hrLogin = '';
let hr: ApiClient;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  buildWeb(ROOT);
  server = await startServer(ROOT);
  browser = await launchChromium();
  for (const login of server.signIns.keys()) {
    const api = await signInApi(server.url, login, server.signIns.get(login)!);
    const me = await api.get<{ user: { role: string } }>('/api/auth/me');
    if (me.user.role === 'hr') {
      hrLogin = login;
      hr = api;
      break;
    }
  }
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function openAs(login: string): Promise<Page> {
  const ctx = await browser.newContext(DESKTOP);
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[browser ${login}] ${e.message}`));
  await page.goto(server.url);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(server.signIns.get(login)!);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
  return page;
}

describe('template preview with a cohort indicator', () => {
  it('shows a total with the team mean used beside it, and follows a typed team mean', async () => {
    expect(hrLogin).not.toBe('');
    const d = await hr.get<{ yaml: string }>('/api/templates/presales-cs/2026.1');
    const { template } = templateFromText(d.yaml, 'presales-cs@2026.1');
    const ex = template.examples[0]!;
    const page = await openAs(hrLogin);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash =
        '/templates/presales-cs/2026.1';
    });
    const preview = page.getByTestId('preview');
    const total = preview.getByTestId('sc-total');
    const refused = preview.locator('.ant-alert-error');
    await total.or(refused).first().waitFor({ timeout: 20_000 });
    if (await refused.isVisible()) expect.fail(`preview refused: ${await refused.textContent()}`);
    // the first example scored with its own team mean: the total the template file declares
    await expect
      .poll(() => total.getAttribute('data-value'), { timeout: 20_000 })
      .toBe(String(ex.expect.total));
    const figure = preview.getByTestId('preview-group-vs_team');
    await expect.poll(() => figure.getAttribute('data-from')).toBe('example');
    expect(await figure.textContent()).toMatch(/40%.*typical month/);

    // a team mean of 50% typed in: the preview's total is the engine's for the same person and figure
    const input = page
      .locator(
        'input[data-testid=preview-group-input-vs_team], [data-testid=preview-group-input-vs_team] input',
      )
      .first();
    await input.fill('0.5');
    const person: PersonInput = { employee: 'preview', actuals: { ...ex.actuals }, cohort: { vs_team: 0.5 } };
    if (ex.targets) person.targets = ex.targets;
    if (ex.behaviour) person.behaviour = ex.behaviour;
    if (ex.additional) person.additional = ex.additional;
    if (ex.attendance) person.attendance = ex.attendance;
    const expected = scoreForm(template, person).total;
    expect(expected).not.toBe(ex.expect.total);
    await expect.poll(() => total.getAttribute('data-value'), { timeout: 20_000 }).toBe(String(expected));
    await expect.poll(() => figure.getAttribute('data-from')).toBe('request');
    expect(await figure.textContent()).toMatch(/50%/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'template-preview-cohort.png'), fullPage: true });
  });
});
