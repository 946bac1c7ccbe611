/**
 * What every browser test sets up the same way: the UI built, the real server on a fresh database,
 * chromium, API clients signed in as a demo login, and pages signed in through the sign-in form as a
 * person would (each in its own context, so with its own cookies). Written once here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ApiClient, signInApi } from './api-client.ts';
import { DESKTOP, launchChromium, PHONE } from './browser.ts';
import { buildWeb } from './build.ts';
import { type RunningServer, startServer } from './server.ts';

export const ROOT = join(import.meta.dirname, '..');
export const SHOTS = join(ROOT, 'artifacts', 'screenshots');

export interface E2e {
  server: RunningServer;
  browser: Browser;
  /** An API client signed in as `login` (one per login, kept). */
  api(login: string): Promise<ApiClient>;
  /** A new page at desktop (or phone) size, signed in as `login` through the sign-in form. */
  openAs(login: string, phone?: boolean): Promise<Page>;
  /** A new browser context (own cookies, nobody signed in), closed after the file's tests. */
  newContext(phone?: boolean): Promise<BrowserContext>;
}

/** Fills the sign-in form on `page` as `login` and waits until the app shows the signed-in frame. */
export async function signInPage(page: Page, server: RunningServer, login: string): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(server.signIns.get(login)!);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
}

/** Moves the app to a route by its hash, as a link would. */
export async function go(page: Page, hash: string): Promise<void> {
  // the browser's globals are not in this (node) tsconfig, hence the cast
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

/**
 * Builds the UI, starts the server and chromium in a `beforeAll` (registered first, so a file's own
 * `beforeAll` runs after it) and closes every page's context, chromium and the server in an `afterAll`.
 * The handle's members work from the first `beforeAll` on.
 */
export function setUpE2e(): E2e {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const apis = new Map<string, ApiClient>();
  const started = () => {
    if (!server || !browser) throw new Error('the browser test setup has not run yet');
    return { server, browser };
  };

  async function newContext(phone = false): Promise<BrowserContext> {
    const ctx = await started().browser.newContext(phone ? PHONE : DESKTOP);
    contexts.push(ctx);
    return ctx;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    buildWeb(ROOT);
    server = await startServer(ROOT);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    async api(login) {
      let c = apis.get(login);
      if (!c) {
        const s = started().server;
        c = await signInApi(s.url, login, s.signIns.get(login)!);
        apis.set(login, c);
      }
      return c;
    },
    newContext,
    async openAs(login, phone = false) {
      const ctx = await newContext(phone);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[browser ${login}] ${e.message}`));
      await signInPage(page, started().server, login);
      return page;
    },
  };
}
