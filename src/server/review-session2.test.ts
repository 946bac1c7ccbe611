/**
 * Review of session 2's server code (jobs, store-data upload, pay ledger, organisation writes, the
 * session cache): one test per finding, through the HTTP API as a browser would call it. Two companies
 * on one server, so that every "by id" route is tried across the company line too.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../app/auth-service.ts';
import { DEMO_COMPANY, loadDemoCompany } from '../app/demo-company.ts';
import { safeFileName } from '../app/store-data-service.ts';
import { ensureCompany } from '../db/company-repository.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import { createApp } from './app.ts';
import type { Env } from './route-table.ts';

const PW = 'test-password-1';
const OTHER = 'other-co';
type Json = Record<string, unknown>;

interface Session {
  cookie: string;
  csrf: string;
}

describe.each(TEST_ENGINES)('review of session 2 server code on %s', (engine) => {
  let fresh: FreshDb;
  let app: OpenAPIHono<Env>;

  async function call(s: Session | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (s) {
      headers.cookie = s.cookie;
      headers['x-csrf-token'] = s.csrf;
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = { text };
    }
    return { status: res.status, json };
  }

  async function login(name: string): Promise<Session> {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: name, password: PW }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Json;
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: String(json.csrfToken) };
  }

  async function auditCount(entity: string, action: string): Promise<number> {
    const r = await fresh.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM audit_log WHERE company_id = $1 AND entity = $2 AND action = $3',
      [DEMO_COMPANY, entity, action],
    );
    return Number(r.rows[0]!.n);
  }

  const fine = (employee: string) => ({
    employee,
    month: '2026-10',
    date: '2026-10-05',
    kind: 'fine',
    reason: '迟到',
    quantity: '1',
    unitAmount: '15.50',
  });

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, PW);
    await ensureCompany(fresh.db, OTHER, 'Other Shop Co.');
    await createUser(fresh.db, OTHER, {
      userId: 'u-other-hr',
      login: 'otherhr',
      password: PW,
      role: 'hr',
      employee: null,
      name: '别家人事',
    });
    ({ app } = createApp({ db: fresh.db, webRoot: '/nonexistent-web-root' }));
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('ledger: HR of another company can neither read, void nor record for this company', async () => {
    const hr = await login('hr');
    const other = await login('otherhr');
    const rec = await call(hr, 'POST', '/api/ledger', fine('E001'));
    expect(rec.status, JSON.stringify(rec.json)).toBe(200);
    const id = (rec.json.entry as Json).id;
    const list = await call(other, 'GET', '/api/ledger?employee=E001');
    expect(list.status).toBe(200);
    expect(list.json.entries).toEqual([]);
    const v = await call(other, 'POST', `/api/ledger/${id}/void`, { reason: 'x' });
    expect(v.status).toBe(404);
    const r = await call(other, 'POST', '/api/ledger', fine('E001'));
    expect(r.status).toBe(400);
    // and the entry is still live for its own company
    const mine = await call(hr, 'GET', '/api/ledger?employee=E001');
    const entry = (mine.json.entries as Json[]).find((e) => e.id === id)!;
    expect(entry.voidedBy).toBeNull();
    expect(entry.amount).toBe('15.50');
  });

  test('ledger: a supervisor sees their reports only, an employee themself only', async () => {
    const hr = await login('hr');
    expect((await call(hr, 'POST', '/api/ledger', fine('E006'))).status).toBe(200);
    expect((await call(hr, 'POST', '/api/ledger', fine('E007'))).status).toBe(200);
    expect((await call(hr, 'POST', '/api/ledger', fine('E002'))).status).toBe(200);
    const cslead = await login('cslead');
    const sup = await call(cslead, 'GET', '/api/ledger');
    const supSees = new Set((sup.json.entries as Json[]).map((e) => e.employee));
    expect(supSees.has('E006')).toBe(true);
    expect(supSees.has('E007')).toBe(true);
    expect(supSees.has('E002')).toBe(false);
    expect(supSees.has('E001')).toBe(false);
    // asking by name for someone outside the team gives nothing, not their entries
    expect((await call(cslead, 'GET', '/api/ledger?employee=E002')).json.entries).toEqual([]);
    const e6 = await login('e006');
    const own = await call(e6, 'GET', '/api/ledger');
    expect(new Set((own.json.entries as Json[]).map((e) => e.employee))).toEqual(new Set(['E006']));
    expect((await call(e6, 'GET', '/api/ledger?employee=E007')).json.entries).toEqual([]);
    // and nobody but HR/admin writes
    expect((await call(cslead, 'POST', '/api/ledger', fine('E006'))).status).toBe(403);
  });

  test('ledger: record, void and import each leave an audit row', async () => {
    const hr = await login('hr');
    const r0 = await auditCount('ledger_entry', 'record');
    const rec = await call(hr, 'POST', '/api/ledger', fine('E003'));
    expect(await auditCount('ledger_entry', 'record')).toBe(r0 + 1);
    const v0 = await auditCount('ledger_entry', 'void');
    const v = await call(hr, 'POST', `/api/ledger/${(rec.json.entry as Json).id}/void`, { reason: '录错' });
    expect(v.status, JSON.stringify(v.json)).toBe(200);
    expect(await auditCount('ledger_entry', 'void')).toBe(v0 + 1);
    const i0 = await auditCount('ledger_entry', 'import');
    const csv =
      'employee,month,date,kind,reason,quantity,unit_amount\nE004,2026-10,2026-10-06,reward,好评,2,10.25\n';
    const imp = await call(hr, 'POST', '/api/ledger/import', {
      file: 'fines.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    expect(imp.status, JSON.stringify(imp.json)).toBe(200);
    expect((imp.json.entries as Json[])[0]!.amount).toBe('20.50');
    expect(await auditCount('ledger_entry', 'import')).toBe(i0 + 1);
  });

  test('ledger: an amount sent as a JSON number is taken only where a double keeps it exactly', async () => {
    const hr = await login('hr');
    const ok = await call(hr, 'POST', '/api/ledger', { ...fine('E005'), quantity: 2, unitAmount: 15.5 });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect((ok.json.entry as Json).amount).toBe('31.00');
    // 17 significant digits: the double is 1234567890123456.8, which is not what the client typed
    const typed = JSON.stringify({ ...fine('E005'), unitAmount: 'X' }).replace('"X"', '1234567890123456.78');
    const res = await app.request('/api/ledger', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: hr.cookie, 'x-csrf-token': hr.csrf },
      body: typed,
    });
    const lossy = { status: res.status, json: await res.json() };
    expect(lossy.status, JSON.stringify(lossy.json)).toBe(400);
    const asText = await call(hr, 'POST', '/api/ledger', {
      ...fine('E005'),
      unitAmount: '1234567890123456.78',
    });
    expect(asText.status, JSON.stringify(asText.json)).toBe(200);
    expect((asText.json.entry as Json).amount).toBe('1234567890123456.78');
  });

  test('ledger: a date that is no calendar day is a clear 400, not a database error', async () => {
    const hr = await login('hr');
    const r = await call(hr, 'POST', '/api/ledger', {
      ...fine('E001'),
      date: '2026-02-30',
      month: '2026-02',
    });
    expect(r.status, JSON.stringify(r.json)).toBe(400);
    expect(JSON.stringify(r.json)).toContain('2026-02-30');
    const csv =
      'employee,month,date,kind,reason,quantity,unit_amount\nE004,2026-11,2026-11-31,fine,迟到,1,5\n';
    const imp = await call(hr, 'POST', '/api/ledger/import', {
      file: 'bad-day.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    // an import refused as a whole is 422 (import_refused), with the row and the value
    expect(imp.status, JSON.stringify(imp.json)).toBe(422);
    expect(JSON.stringify(imp.json)).toContain('2026-11-31');
  });

  test('org: HR of another company cannot alter this company’s stores, teams, families or people', async () => {
    const other = await login('otherhr');
    const store = await call(other, 'PUT', '/api/org/stores/TM01', {
      name: 'hijacked',
      platform: 'tmall',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: null,
      active: false,
    });
    expect(store.status).toBe(404);
    const team = await call(other, 'PUT', '/api/org/teams/ops', {
      name: 'hijacked',
      lead: null,
      active: false,
    });
    expect(team.status).toBe(404);
    const emp = await call(other, 'PUT', '/api/org/employees/E001', {
      name: 'hijacked',
      team: null,
      family: null,
      level: null,
      supervisor: null,
      hireDate: null,
      leaveDate: null,
      agent: null,
    });
    expect(emp.status).toBe(404);
    expect((await call(other, 'GET', '/api/org/employees/E001')).status).toBe(404);
    const hr = await login('hr');
    const stores = (await call(hr, 'GET', '/api/org/stores')).json.stores as Json[];
    expect(stores.find((s) => s.code === 'TM01')).toMatchObject({ active: true });
  });

  test('org: an employee edit cannot make a supervisor loop, name a missing supervisor or a non-day', async () => {
    const hr = await login('hr');
    const d001 = (await call(hr, 'GET', '/api/org/employees/D001')).json;
    const edit = (over: Json) => ({
      name: d001.name,
      team: d001.team,
      family: d001.family,
      level: d001.level,
      supervisor: d001.supervisor,
      hireDate: d001.hireDate,
      leaveDate: d001.leaveDate,
      agent: d001.agent,
      ...over,
    });
    // E001 reports to D001: D001 reporting to E001 would leave nobody at the top
    const loop = await call(hr, 'PUT', '/api/org/employees/D001', edit({ supervisor: 'E001' }));
    expect(loop.status, JSON.stringify(loop.json)).toBe(400);
    const ghost = await call(hr, 'PUT', '/api/org/employees/D001', edit({ supervisor: 'NOBODY' }));
    expect(ghost.status, JSON.stringify(ghost.json)).toBe(400);
    const day = await call(hr, 'PUT', '/api/org/employees/D001', edit({ hireDate: '2021-02-30' }));
    expect(day.status, JSON.stringify(day.json)).toBe(400);
    const order = await call(hr, 'PUT', '/api/org/employees/D001', edit({ leaveDate: '2020-01-01' }));
    expect(order.status, JSON.stringify(order.json)).toBe(400);
    // the import refuses a team or job family that does not exist; so does a single edit
    for (const over of [{ team: 'no-such-team' }, { family: 'no-such-family' }]) {
      const r = await call(hr, 'PUT', '/api/org/employees/D001', edit(over));
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(JSON.stringify(r.json)).toContain(Object.values(over)[0]);
    }
    // nothing of it was stored
    expect((await call(hr, 'GET', '/api/org/employees/D001')).json).toEqual(d001);
  });

  test('org: store, team and family changes are audited', async () => {
    const hr = await login('hr');
    const s0 = await auditCount('store', 'create');
    const t0 = await auditCount('team', 'deactivate');
    const f0 = await auditCount('job_family', 'create');
    const s = await call(hr, 'POST', '/api/org/stores', {
      code: 'REV01',
      name: '复核店',
      platform: 'tmall',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: null,
    });
    expect(s.status, JSON.stringify(s.json)).toBe(200);
    expect((await call(hr, 'POST', '/api/org/teams', { code: 'rev', name: '复核', lead: null })).status).toBe(
      200,
    );
    expect(
      (await call(hr, 'PUT', '/api/org/teams/rev', { name: '复核', lead: null, active: false })).status,
    ).toBe(200);
    const f = await call(hr, 'POST', '/api/org/families', {
      code: 'rev-fam',
      name: { zh: '复核', en: 'review' },
      kind: 'business',
    });
    expect(f.status, JSON.stringify(f.json)).toBe(200);
    expect(await auditCount('store', 'create')).toBe(s0 + 1);
    expect(await auditCount('team', 'deactivate')).toBe(t0 + 1);
    expect(await auditCount('job_family', 'create')).toBe(f0 + 1);
  });

  test('session cache: a password change or a sign-out is seen by the very next request', async () => {
    const admin = await login('admin');
    const e7 = await login('e007');
    // read twice so that the session sits in the cache
    expect((await call(e7, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(e7, 'GET', '/api/auth/me')).status).toBe(200);
    const pw = await call(admin, 'PUT', '/api/users/u-e007/password', { password: 'another-password-9' });
    expect(pw.status, JSON.stringify(pw.json)).toBe(200);
    expect((await call(e7, 'GET', '/api/auth/me')).status).toBe(401);
    const e8 = await login('e008');
    expect((await call(e8, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(e8, 'POST', '/api/auth/logout', {})).status).toBe(200);
    expect((await call(e8, 'GET', '/api/auth/me')).status).toBe(401);
  });

  test('jobs: another company’s HR and a colleague get 404 for a job, and the list hides it', async () => {
    const hr = await login('hr');
    const csv = 'not,a,known,export\n1,2,3,4\n';
    const j = await call(hr, 'POST', '/api/jobs/import', {
      fileName: '../../../etc/passwd.csv',
      store: 'TM01',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    expect(j.status, JSON.stringify(j.json)).toBe(200);
    const id = String(j.json.id);
    for (const name of ['otherhr', 'e001', 'cslead']) {
      const s = await login(name);
      expect((await call(s, 'GET', `/api/jobs/${id}`)).status).toBe(404);
      expect(((await call(s, 'GET', '/api/jobs')).json.jobs as Json[]).map((x) => x.id)).not.toContain(id);
    }
    // a preset name must be a preset, not any key an object has
    for (const preset of ['constructor', '__proto__', 'toString']) {
      const bad = await call(hr, 'POST', '/api/jobs/import', {
        fileName: 'x.csv',
        store: 'TM01',
        preset,
        contentBase64: Buffer.from(csv).toString('base64'),
      });
      expect(bad.status, `${preset}: ${JSON.stringify(bad.json)}`).toBe(400);
    }
    for (;;) {
      const r = await call(hr, 'GET', `/api/jobs/${id}`);
      if (r.json.status !== 'running') {
        expect(r.json.status).toBe('failed');
        break;
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }
  });
});

describe('upload file names', () => {
  test('a name with a path or control characters stays inside the upload folder', () => {
    expect(safeFileName('../../etc/passwd.csv')).toBe('passwd.csv');
    expect(safeFileName('..\\..\\win\\x.xlsx')).toBe('x.xlsx');
    expect(safeFileName('..')).toBe('upload.csv');
    expect(safeFileName('a\u0000b\nc.csv')).toBe('a_b_c.csv');
    expect(safeFileName(`${'很'.repeat(300)}.xlsx`)).toHaveLength(120);
    expect(safeFileName(`${'很'.repeat(300)}.xlsx`).endsWith('.xlsx')).toBe(true);
  });
});
