/**
 * Debian chromium through playwright-core (never `npx playwright install`: no download is possible
 * here). Playwright gives every launch a fresh temporary profile (--user-data-dir), so each run is a
 * cold start; each signed-in person gets their own context (own cookies).
 */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags stack.md lists for headless chromium on these machines. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

export const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' } as const;
export const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
} as const;
