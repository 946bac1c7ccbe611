/**
 * A page reloaded while its background job runs picks the job back up: on load it asks GET /api/jobs
 * for the signed-in user's running job of its kind and shows the progress again, to the end. A real job
 * finishes in a moment, sooner than a reload, so the job routes are answered here by the test (held
 * "running" until the test lets it finish); everything else is the real server. Someone else's running
 * job, which HR also sees in the list, is not picked up.
 */
import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpE2e } from './session.ts';

const e2e = setUpE2e();
let page: Page;
/** How the server labels the HR user as a job's starter (src/app/actor.ts actorLabel). */
let hrLabel = '';

function job(over: Record<string, unknown>) {
  return {
    kind: 'import',
    status: 'running',
    startedAt: '2026-11-30T10:00:00.000Z',
    finishedAt: null,
    progress: { phase: { zh: '写入', en: 'writing' }, done: 3, total: 10 },
    result: null,
    error: null,
    ...over,
  };
}

const answer = (route: Route, body: unknown) =>
  route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

beforeAll(async () => {
  const api = await e2e.api('hr');
  const me = await api.get<{ user: { login: string; employee: string | null } }>('/api/auth/me');
  hrLabel = me.user.employee ? `${me.user.login} (${me.user.employee})` : me.user.login;
  page = await e2e.openAs('hr');
});

describe('a reloaded page picks its running job back up', () => {
  it('store data: the import bar comes back after a reload and follows the job to its outcome', async () => {
    let finished = false;
    const polled: string[] = [];
    const mine = job({ id: 'job-mine', title: 'orders-reload.csv', startedBy: hrLabel });
    const other = job({ id: 'job-other', title: 'someone-else.csv', startedBy: 'someone-else' });
    await page.route('**/api/jobs', (route) => answer(route, { jobs: [other, mine] }));
    await page.route('**/api/jobs/job-*', (route) => {
      const id = new URL(route.request().url()).pathname.split('/').pop()!;
      polled.push(id);
      if (!finished) return answer(route, id === 'job-mine' ? mine : other);
      return answer(
        route,
        job({
          ...mine,
          status: 'done',
          finishedAt: '2026-11-30T10:00:05.000Z',
          progress: { phase: { zh: '完成', en: 'done' }, done: 10, total: 10 },
          result: {
            file: 'orders-reload.csv',
            preset: 'taobao-orders',
            kind: 'orders',
            store: 'TM01',
            rowsRead: 10,
            inserted: 7,
            replaced: 2,
            unchanged: 1,
            refused: 0,
            problems: [],
            problemsTotal: 0,
          },
        }),
      );
    });
    try {
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '/data';
      });
      await page.getByTestId('store-data-page').waitFor();
      await page.reload();
      await page.getByTestId('store-data-page').waitFor();

      const bar = page.getByTestId('import-progress');
      await bar.waitFor();
      expect(await bar.getAttribute('data-status')).toBe('running');
      expect(await bar.getAttribute('data-done')).toBe('3');
      expect(await page.getByTestId('import-progress-title').textContent()).toBe('orders-reload.csv');
      expect(await page.getByTestId('import-start').getAttribute('class')).toMatch(/loading/);

      finished = true;
      await page.getByTestId('import-result').waitFor();
      expect(await bar.getAttribute('data-status')).toBe('done');
      expect(await page.getByTestId('result-inserted').textContent()).toBe('7');
      // HR sees the company's jobs; only the user's own was followed
      expect(polled.length).toBeGreaterThan(0);
      expect(new Set(polled)).toEqual(new Set(['job-mine']));
    } finally {
      await page.unroute('**/api/jobs');
      await page.unroute('**/api/jobs/job-*');
    }
  });

  it('months: the opening bar comes back after a reload, named by its month', async () => {
    const opening = job({
      id: 'job-month',
      kind: 'open-month',
      title: '2026-09',
      startedBy: hrLabel,
      progress: { phase: { zh: '生成考核表', en: 'creating forms' }, done: 4, total: 12 },
    });
    // a running import of the same user is not this page's kind
    const importing = job({ id: 'job-import', title: 'x.csv', startedBy: hrLabel });
    await page.route('**/api/jobs', (route) => answer(route, { jobs: [importing, opening] }));
    await page.route('**/api/jobs/job-*', (route) => answer(route, opening));
    try {
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '/months';
      });
      await page.getByTestId('months-page').waitFor();
      await page.reload();
      await page.getByTestId('months-page').waitFor();
      const bar = page.getByTestId('open-job');
      await bar.waitFor();
      expect(await bar.getAttribute('data-status')).toBe('running');
      expect(await bar.getAttribute('data-total')).toBe('12');
      expect(await page.getByTestId('open-job-title').textContent()).toBe('2026-09');
    } finally {
      await page.unroute('**/api/jobs');
      await page.unroute('**/api/jobs/job-*');
    }
  });
});
