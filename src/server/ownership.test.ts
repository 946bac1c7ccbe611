/**
 * Ownership on the routes every signed-in user may call (access 'signed-in'), which the permission
 * matrix in app.test.ts cannot cover by role: for each such route, a user tries to read or change
 * another user's data through it — a colleague, their supervisor's other reports, and HR of another
 * company — and gets only their own (or 403/404), with nothing changed in the database.
 *
 * The cases are keyed by route id and checked against the route table: a new signed-in route without a
 * case here fails the first test, as a new route without a sample fails the matrix.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../app/auth-service.ts';
import { openMonth } from '../app/cycle-service.ts';
import { DEMO_COMPANY } from '../app/demo-company.ts';
import { ensureCompany } from '../db/company-repository.ts';
import { TEST_ENGINES } from '../db/testing.ts';
import {
  appState as dbState,
  TEST_PASSWORD as PW,
  type TestSession as Session,
  setUpTestApp,
} from './testing-http.ts';

const M = '2026-10';
const OTHER = 'other-co';
type Json = Record<string, unknown>;

/** Someone else's identifiers, sent along as if they could select whose data comes back. */
const FOREIGN_QUERY = 'employee=E006&login=e006&userId=u-e006&user=u-hr&company=other-co';

describe.each(TEST_ENGINES)('ownership on signed-in routes on %s', (engine) => {
  const api = setUpTestApp(engine, {
    // a second company on the same server, with its own HR
    prepare: async (db) => {
      await ensureCompany(db, OTHER, 'Other Shop Co.');
      await createUser(db, OTHER, {
        userId: 'u-other-hr',
        login: 'otherhr',
        password: PW,
        role: 'hr',
        employee: null,
        name: '别家人事',
      });
    },
  });
  /** a job started by the demo company's HR, and one by the other company's HR */
  let demoJob: string;
  let otherJob: string;

  const call = (s: Session | null, method: string, path: string, body?: unknown, csrf?: string) =>
    api.call(s, method, path, body, csrf === undefined ? {} : { csrf });

  /** A session of `name` (reused; `anew` signs in again, for cases that end sessions). */
  const login = (name: string, anew = false): Promise<Session> => api.login(name, { anew });

  const signedIn = async (s: Session) => (await call(s, 'GET', '/api/auth/me')).status === 200;

  async function settled(s: Session, id: string): Promise<Json> {
    for (;;) {
      const r = await call(s, 'GET', `/api/jobs/${id}`);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      if (r.json.status !== 'running') return r.json;
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }

  beforeAll(async () => {
    // a month with everyone's forms, so that "my page" has something of everyone to leak
    const hrActor = {
      company: DEMO_COMPANY,
      userId: 'u-hr',
      login: 'hr',
      name: '吴人事',
      role: 'hr' as const,
      employee: 'H001',
    };
    await api.db.transaction((tx) => openMonth(tx, hrActor, { month: M }));
    const hr = await login('hr');
    const other = await login('otherhr');
    const a = await call(hr, 'POST', '/api/jobs/open-month', { month: '2026-09' });
    expect(a.status, JSON.stringify(a.json)).toBe(200);
    demoJob = String(a.json.id);
    const b = await call(other, 'POST', '/api/jobs/open-month', { month: M });
    expect(b.status, JSON.stringify(b.json)).toBe(200);
    otherJob = String(b.json.id);
    expect((await settled(hr, demoJob)).status).toBe('done');
    // the other company has no people: its job ends either way, and exists to be hidden
    expect(['done', 'failed']).toContain((await settled(other, otherJob)).status);
  }, 240_000);

  /**
   * One case per signed-in route: what a user could try against someone else's data through it. Each
   * runs between two snapshots of the database, which must be equal.
   */
  const CASES: Record<string, () => Promise<void>> = {
    'auth.me': async () => {
      for (const name of ['e001', 'cslead', 'otherhr']) {
        const s = await login(name);
        const victim = await login('e006');
        for (const path of ['/api/auth/me', `/api/auth/me?${FOREIGN_QUERY}`]) {
          const r = await call(s, 'GET', path);
          // extra parameters may be refused (400) or ignored; the plain call must answer
          expect(path.includes('?') ? [200, 400] : [200]).toContain(r.status);
          if (r.status !== 200) continue;
          const user = r.json.user as Json;
          // always the caller, never whom the query names; and the caller's own CSRF token
          expect(user.login).toBe(name);
          expect(user.company).toBe(name === 'otherhr' ? OTHER : DEMO_COMPANY);
          expect(r.json.csrfToken).toBe(s.csrf);
          expect(r.json.csrfToken).not.toBe(victim.csrf);
        }
      }
    },

    'auth.logout': async () => {
      const victim = await login('e006', true);
      const attacker = await login('e001', true);
      // the victim's cookie with the attacker's CSRF token (a forged sign-out): refused, victim stays in
      const forged = await call(victim, 'POST', '/api/auth/logout', {}, attacker.csrf);
      expect(forged.status).toBe(403);
      expect(await signedIn(victim)).toBe(true);
      // the attacker names the victim's session in the body and the query: only their own ends
      const sid = victim.cookie.split('=')[1];
      const own = await call(attacker, 'POST', `/api/auth/logout?sessionId=${sid}&${FOREIGN_QUERY}`, {
        sessionId: sid,
        userId: 'u-e006',
      });
      expect([200, 400]).toContain(own.status);
      expect(await signedIn(victim)).toBe(true);
      if (own.status === 200) expect(await signedIn(attacker)).toBe(false);
      // HR of another company signing out ends nobody's session here
      const other = await login('otherhr', true);
      expect((await call(other, 'POST', '/api/auth/logout', {})).status).toBe(200);
      expect(await signedIn(other)).toBe(false);
      expect(await signedIn(victim)).toBe(true);
      // later cases sign in afresh
      api.forget();
    },

    'me.page': async () => {
      const team = (
        await api.db.query<{ code: string }>(
          "SELECT code FROM employee WHERE company_id = $1 AND supervisor = 'S001' ORDER BY code",
          [DEMO_COMPANY],
        )
      ).rows.map((r) => r.code);
      expect(team.length).toBeGreaterThan(0);
      expect(team).not.toContain('E001');
      // an employee and a supervisor see only their own page (and the supervisor their own team's work)
      for (const [name, me, mayAppear] of [
        ['e001', 'E001', ['E001']],
        ['cslead', 'S001', ['S001', ...team]],
      ] as const) {
        const s = await login(name);
        for (const q of ['', `?${FOREIGN_QUERY}`, `?month=${M}&${FOREIGN_QUERY}`, '?month=2026-08']) {
          const r = await call(s, 'GET', `/api/me/page${q}`);
          expect(q.includes(FOREIGN_QUERY) ? [200, 400] : [200], q).toContain(r.status);
          if (r.status !== 200) continue;
          expect(r.json.employee).toBe(me);
          const form = r.json.form as Json | null;
          if (q === '') expect(form?.employee).toBe(me);
          if (form) expect(form.employee).toBe(me);
          for (const w of r.json.waiting as { employee: string }[])
            expect(mayAppear as readonly string[], JSON.stringify(w)).toContain(w.employee);
        }
        // the month asked for without a form of mine shows nothing of anyone else's
        const none = await call(s, 'GET', '/api/me/page?month=2026-08');
        expect(none.json.form).toBeNull();
      }
      // a sign-in without an employee (admin, another company's HR) has no page: 404, not someone's
      for (const name of ['admin', 'otherhr']) {
        const r = await call(await login(name), 'GET', '/api/me/page');
        expect(r.status).toBe(404);
        expect(JSON.stringify(r.json)).not.toMatch(/"form"|"trend"/);
      }
    },

    'jobs.list': async () => {
      const ids = async (name: string) =>
        (
          (await call(await login(name), 'GET', `/api/jobs?${FOREIGN_QUERY}`)).json.jobs as { id: string }[]
        ).map((j) => j.id);
      // HR's job: not in the list of an employee, a supervisor, the committee or another company's HR
      for (const name of ['e001', 'cslead', 'committee', 'otherhr'])
        expect(await ids(name)).not.toContain(demoJob);
      // the other company's job: not in the demo company's lists, even HR's and the admin's
      for (const name of ['hr', 'admin', 'e001']) expect(await ids(name)).not.toContain(otherJob);
      // and each starter (and their company's overseers) do see theirs: the lists are not simply empty
      expect(await ids('hr')).toContain(demoJob);
      expect(await ids('admin')).toContain(demoJob);
      expect(await ids('otherhr')).toContain(otherJob);
    },

    'jobs.get': async () => {
      for (const name of ['e001', 'cslead', 'committee', 'otherhr']) {
        const r = await call(await login(name), 'GET', `/api/jobs/${demoJob}?${FOREIGN_QUERY}`);
        expect(r.status, name).toBe(404);
        // "not found", with nothing of the job in the answer
        expect(JSON.stringify(r.json)).not.toContain('2026-09');
      }
      for (const name of ['hr', 'admin']) {
        const r = await call(await login(name), 'GET', `/api/jobs/${otherJob}`);
        expect(r.status, name).toBe(404);
      }
      // an id that exists nowhere answers the same as someone else's: ids cannot be probed
      const ghost = await call(await login('e001'), 'GET', '/api/jobs/00000000-0000-0000-0000-000000000000');
      expect(ghost.status).toBe(404);
      expect((await call(await login('hr'), 'GET', `/api/jobs/${demoJob}`)).status).toBe(200);
    },
  };

  test('every signed-in route has an ownership case, and every case a signed-in route', () => {
    const ids = api.routes.filter((r) => r.access === 'signed-in').map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    // a new signed-in route fails here until it gets a case above
    expect(ids.filter((id) => !CASES[id])).toEqual([]);
    // a case whose route is gone or now limited by role belongs to the permission matrix instead
    expect(Object.keys(CASES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  for (const id of Object.keys(CASES))
    test(`${id}: another user's data cannot be read or changed through it, and nothing changes`, async () => {
      const before = await dbState(api.db);
      await CASES[id]!();
      expect(await dbState(api.db)).toBe(before);
    }, 120_000);
});
