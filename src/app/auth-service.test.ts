/**
 * The session cache (sessionOf) must never let a change go unseen: sign-out, a new password, a role
 * changed and a new score are all visible on the very next request, on both engines; a lookup that
 * was running when a change happened does not store what it read before.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDemoCompany } from '../app/demo-company.ts';
import type { Sql } from '../db/open-db.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import { createApp } from '../server/app.ts';
import type { Env } from '../server/route-table.ts';
import { forgetSessions, sessionOf, signIn, signOut } from './auth-service.ts';

const PW = 'cache-test-password';
interface Session {
  cookie: string;
  csrf: string;
}

describe.each(TEST_ENGINES)('session cache on %s', (engine) => {
  let fresh: FreshDb;
  let app: OpenAPIHono<Env>;

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, PW);
    ({ app } = createApp({ db: fresh.db, webRoot: '/nonexistent-web-root' }));
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  async function login(name: string): Promise<Session> {
    const r = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: name, password: PW }),
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { csrfToken: string };
    return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
  }
  async function call(s: Session, method: string, path: string, body?: unknown) {
    const r = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  }
  const me = async (s: Session) => call(s, 'GET', '/api/auth/me');

  test('signing out is seen by the next request', async () => {
    const s = await login('e001');
    expect((await me(s)).status).toBe(200);
    expect((await me(s)).status).toBe(200); // now cached
    expect((await call(s, 'POST', '/api/auth/logout')).status).toBe(200);
    expect((await me(s)).status).toBe(401);
  });

  test('a new password ends the sessions at once', async () => {
    const s = await login('e002');
    expect((await me(s)).status).toBe(200);
    const admin = await login('admin');
    const set = await call(admin, 'PUT', '/api/users/u-e002/password', { password: 'a-new-password-2' });
    expect(set.status).toBe(200);
    expect((await me(s)).status).toBe(401);
  });

  test('a role changed by a write is seen by the next request', async () => {
    const s = await login('e003');
    const before = await me(s);
    expect((before.json.user as { role: string }).role).toBe('employee');
    // No route changes a role yet; this stands in for one: the change, then its (state-changing) request.
    await fresh.db.query(`UPDATE app_user SET role = 'supervisor' WHERE user_id = 'u-e003'`);
    const hr = await login('hr');
    expect((await call(hr, 'POST', '/api/auth/logout')).status).toBe(200);
    const after = await me(s);
    expect((after.json.user as { role: string }).role).toBe('supervisor');
    await fresh.db.query(`UPDATE app_user SET role = 'employee' WHERE user_id = 'u-e003'`);
    forgetSessions(fresh.db);
  });

  test('a new score shows on my page at once', async () => {
    const hr = await login('hr');
    expect((await call(hr, 'POST', '/api/months', { month: '2026-10' })).status).toBe(200);
    const e = await login('e004');
    const page = async (q = '') =>
      (await call(e, 'GET', `/api/me/page${q}`)).json as { form: { total: number | null; version: number } };
    const first = await page();
    expect(first.form.total).toBeNull();
    const scored = await call(hr, 'POST', '/api/months/2026-10/forms/E004/score', {
      version: first.form.version,
    });
    expect(scored.status).toBe(200);
    const again = await page();
    expect(again.form.total).toEqual(expect.any(Number));
    expect(again.form.version).toBeGreaterThan(first.form.version);
    // the same prepared statement asked for a month by name
    expect((await page('?month=2026-10')).form.total).toBe(again.form.total);
  });

  test('a lookup running across a change does not store what it read before', async () => {
    const db = fresh.db;
    const signed = await signIn(db, 'e005', PW, 'test');
    let queries = 0;
    let hold: Promise<void> | null = null;
    // the same database, with a pause after a query's answer (as if the process were busy elsewhere)
    const slow: Sql = {
      async query(text, params, opts) {
        queries++;
        const r = await db.query(text, params, opts);
        if (hold) await hold;
        return r as never;
      },
      copyCsv: (t, c, ch) => db.copyCsv(t, c, ch),
    };
    let release!: () => void;
    hold = new Promise((r) => {
      release = r;
    });
    const running = sessionOf(slow, signed.sessionId);
    await new Promise((r) => setTimeout(r, 20));
    // the session ends while the lookup holds its (now old) answer
    await db.query('DELETE FROM app_session WHERE user_id = $1', ['u-e005']);
    forgetSessions(slow);
    hold = null;
    release();
    expect(await running).not.toBeNull();
    const n = queries;
    expect(await sessionOf(slow, signed.sessionId)).toBeNull();
    expect(queries).toBe(n + 1);
    await signOut(db, signed.sessionId);
  });
});
