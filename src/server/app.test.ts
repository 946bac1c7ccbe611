/**
 * The web API end to end, in-process (`app.request()`, no socket), on every test engine: sign-in,
 * lockout, CSRF, templates, a whole month of the demo company through the API (numbers checked against
 * the engine run directly and against the metric dictionary), and the permission matrix generated from
 * the route table.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { ROLES, type Role } from '../app/actor.ts';
import { personInput } from '../app/cycle-service.ts';
import { computeMetrics } from '../core/metrics/compute.ts';
import { generateDemoData } from '../core/metrics/demo-data.ts';
import { parsePeriod } from '../core/metrics/period.ts';
import { scoreForm } from '../core/scoring/score-form.ts';
import { parseTemplate } from '../core/scoring/template-parse.ts';
import { TEST_ENGINES } from '../db/testing.ts';
import type { PermissionSample } from './permission-sample.ts';
import { jobSamples } from './routes/job-routes.samples.ts';
import { ledgerSamples } from './routes/ledger-routes.samples.ts';
import { sheetSamples } from './routes/sheet-routes.samples.ts';
import {
  appState as dbState,
  TEST_PASSWORD as PW,
  type Credentials as Session,
  setUpTestApp,
} from './testing-http.ts';

type Json = Record<string, unknown> & { [k: string]: unknown };

describe.each(TEST_ENGINES)('web API on %s', (engine) => {
  const api = setUpTestApp(engine);

  const call = (s: Session | null, method: string, path: string, body?: unknown, csrf = true) =>
    api.call(s, method, path, body, csrf ? {} : { csrf: false });

  async function login(name: string, password = PW): Promise<Session> {
    const s = await api.login(name, { password });
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Lax/i);
    return s;
  }

  const form = async (s: Session, month: string, employee: string) => {
    const r = await call(s, 'GET', `/api/months/${month}/forms/${employee}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json as Json & { version: number };
  };

  test('sign in, who am I, wrong password, sign out', async () => {
    const hr = await login('hr');
    const me = await call(hr, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect((me.json.user as Json).role).toBe('hr');
    expect(me.json.csrfToken).toBe(hr.csrf);
    // a cross-site HTML form can only send form encodings: sign-in takes JSON only
    const form = await api.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `login=hr&password=${PW}`,
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('set-cookie')).toBeNull();
    const bad = await call(null, 'POST', '/api/auth/login', { login: 'hr', password: 'nope' });
    expect(bad.status).toBe(401);
    expect(await call(null, 'GET', '/api/auth/me').then((r) => r.status)).toBe(401);
    // a separate session, signed out
    const r = await call(null, 'POST', '/api/auth/login', { login: 'committee', password: PW });
    const s = {
      cookie: (r.res.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: String(r.json.csrfToken),
    };
    expect((await call(s, 'POST', '/api/auth/logout', {})).status).toBe(200);
    expect((await call(s, 'GET', '/api/auth/me')).status).toBe(401);
  });

  test('five failed sign-ins lock the login out, even with the right password', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await call(null, 'POST', '/api/auth/login', { login: 'e010', password: `wrong${i}` })).status,
      ).toBe(401);
    const locked = await call(null, 'POST', '/api/auth/login', { login: 'e010', password: PW });
    expect(locked.status).toBe(429);
    expect((locked.json.error as Json).code).toBe('rate_limited');
    // another login from the same address is not affected
    expect((await call(null, 'POST', '/api/auth/login', { login: 'e009', password: PW })).status).toBe(200);
  }, 30_000);

  test('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const hr = await login('hr');
    const before = await dbState(api.db);
    const r = await call(hr, 'POST', '/api/months', { month: '2026-08' }, false);
    expect(r.status).toBe(403);
    const wrong = await call({ ...hr, csrf: 'x'.repeat(43) }, 'POST', '/api/months', { month: '2026-08' });
    expect(wrong.status).toBe(403);
    expect(await dbState(api.db)).toBe(before);
  });

  test('the OpenAPI document lists every route of the table, and the docs page is self-contained', async () => {
    const doc = await call(null, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const paths = doc.json.paths as Record<string, Record<string, unknown>>;
    for (const r of api.routes) expect(paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
    const page = await api.app.request('/api/docs');
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('employees import all or nothing: one bad row refuses the file and names row and column', async () => {
    const hr = await login('hr');
    const row = (code: string, supervisor: string | null, family: string | null = 'designer') => ({
      code,
      name: `员工${code}`,
      team: 'ops',
      family,
      level: 'P1',
      supervisor,
      hireDate: '2026-01-05',
      leaveDate: null,
      agent: null,
    });
    const before = await dbState(api.db);
    const refused = await call(hr, 'POST', '/api/org/employees/import', {
      file: 'staff.xlsx',
      employees: [
        row('N001', 'D001'),
        row('N002', 'N001', 'no-such-family'),
        row('N003', 'N004'),
        row('N004', 'N003'),
      ],
    });
    expect(refused.status).toBe(422);
    const problems = (refused.json.error as Json).problems as { where: { row: number; column: string } }[];
    expect(problems.map((p) => `${p.where.row}:${p.where.column}`)).toEqual([
      '3:family',
      '4:supervisor',
      '5:supervisor',
    ]);
    expect(await dbState(api.db)).toBe(before);
    // no job family: they stay out of the months the later tests open
    const ok = await call(hr, 'POST', '/api/org/employees/import', {
      employees: [row('N001', 'D001', null), row('N002', 'N001', null)],
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toEqual({ created: 2, updated: 0 });
    const n2 = await call(hr, 'GET', '/api/org/employees/N002');
    expect(n2.json.supervisor).toBe('N001');
  });

  test('accounts: an admin creates a sign-in and resets a password, which ends the old sessions', async () => {
    const admin = await login('admin');
    const created = await call(admin, 'POST', '/api/users', {
      login: 'e002',
      password: 'first-password-2',
      role: 'employee',
      employee: 'E002',
      name: '李运营',
    });
    expect(created.status).toBe(409);
    const ok = await call(admin, 'POST', '/api/users', {
      login: 'n001',
      password: 'first-password-2',
      role: 'employee',
      employee: 'N001',
      name: '员工N001',
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const s = await login('n001', 'first-password-2');
    expect((await call(s, 'GET', '/api/auth/me')).status).toBe(200);
    expect(
      (await call(admin, 'PUT', `/api/users/${ok.json.id}/password`, { password: 'second-password-2' }))
        .status,
    ).toBe(200);
    expect((await call(s, 'GET', '/api/auth/me')).status).toBe(401);
    expect(
      (await call(null, 'POST', '/api/auth/login', { login: 'n001', password: 'second-password-2' })).status,
    ).toBe(200);
    const users = await call(admin, 'GET', '/api/users');
    expect(JSON.stringify(users.json)).not.toContain('scrypt');
  });

  test('templates: check, create a new version, edit until applied, export YAML', async () => {
    const hr = await login('hr');
    const yaml = await readFile(new URL('../../templates/store-operator.yaml', import.meta.url), 'utf8');
    const broken = yaml.replace('weight: 30\n', 'weight: 35\n');
    const refused = await call(hr, 'POST', '/api/templates', { yaml: broken, reason: 'test' });
    expect(refused.status).toBe(422);
    expect(((refused.json.error as Json).problems as unknown[]).length).toBeGreaterThan(0);
    const next = yaml
      .replace('version: "2026.1"', 'version: "2027.1"')
      .replace('effective: 2026-01-01', 'effective: 2027-01-01');
    const created = await call(hr, 'POST', '/api/templates', { yaml: next, reason: 'next year' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json.applied).toBe(false);
    expect((await call(hr, 'POST', '/api/templates', { yaml: next })).status).toBe(409);
    const edited = await call(hr, 'PUT', '/api/templates/store-operator/2027.1', {
      yaml: next.replace(
        'name: { zh: 店铺运营, en: Store operator }',
        'name: { zh: 店铺运营2027, en: Store operator 2027 }',
      ),
      reason: 'rename',
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect((edited.json.name as Json).zh).toBe('店铺运营2027');
    const exported = await api.app.request('/api/templates/store-operator/2027.1/yaml', {
      headers: { cookie: hr.cookie },
    });
    expect(exported.headers.get('content-type')).toMatch(/yaml/);
    expect(await exported.text()).toContain('店铺运营2027');
    const check = await call(hr, 'POST', '/api/templates/check', { yaml: broken });
    expect(check.status).toBe(200);
    expect(check.json.ok).toBe(false);
  });

  test('a whole month through the API: open → rate → score → calibrate → publish → confirm / object → resolve → interview → close → locked', async () => {
    const M = '2026-10';
    const hr = await login('hr');
    const director = await login('director');
    const cslead = await login('cslead');
    const e001 = await login('e001');
    const e006 = await login('e006');
    const e007 = await login('e007');
    const committee = await login('committee');

    const opened = await call(hr, 'POST', '/api/months', { month: M, objectionDays: 7 });
    expect(opened.status, JSON.stringify(opened.json)).toBe(200);
    expect(opened.json.total).toBe(11);
    expect((await call(hr, 'POST', '/api/months', { month: M })).status).toBe(409);
    // the applied template can no longer be edited
    const tpl = await call(hr, 'GET', '/api/templates/store-operator/2026.1');
    expect(tpl.json.applied).toBe(true);
    expect(
      (await call(hr, 'PUT', '/api/templates/store-operator/2026.1', { yaml: tpl.json.yaml, reason: 'x' }))
        .status,
    ).toBe(409);

    // actuals come from store data: E001's revenue is TM01's paid amount in October, in CNY
    let f = await form(hr, M, 'E001');
    const demo = generateDemoData(1);
    const tm01 = computeMetrics(demo, { kind: 'stores', stores: ['TM01'] }, parsePeriod(M)!, {
      currency: 'CNY',
    });
    const paid = tm01.metrics.find((m) => m.code === 'paid_amount')!.value!;
    const actuals = f.actuals as Record<string, { value: number; source: string }>;
    expect(actuals.revenue!.value).toBe(Number(paid));
    expect(actuals.revenue!.source).toContain('TM01');

    // self rating, then a stale write
    const v0 = f.version;
    const self = { execution: 5, responsibility: 4, initiative: 4 };
    expect(
      (
        await call(e001, 'PUT', `/api/months/${M}/forms/E001/ratings`, {
          version: v0,
          rater: 'self',
          ratings: self,
        })
      ).status,
    ).toBe(200);
    const stale = await call(e001, 'PUT', `/api/months/${M}/forms/E001/ratings`, {
      version: v0,
      rater: 'self',
      ratings: self,
    });
    expect(stale.status).toBe(409);
    expect(((stale.json.error as Json).message as Json).en).toMatch(/reload/);
    // two people saving the same version at the same moment: exactly one wins, the other is told to reload
    const cur = await form(hr, M, 'E003');
    const both = await Promise.all(
      [1, 2].map((late) =>
        call(hr, 'PUT', `/api/months/${M}/forms/E003/attendance`, { version: cur.version, counts: { late } }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await form(hr, M, 'E003');
    expect(after.version).toBe(cur.version + 1);
    // an employee cannot give the supervisor rating, and a supervisor cannot rate someone else's report
    f = await form(e001, M, 'E001');
    expect(
      (
        await call(e001, 'PUT', `/api/months/${M}/forms/E001/ratings`, {
          version: f.version,
          rater: 'supervisor',
          ratings: self,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(cslead, 'PUT', `/api/months/${M}/forms/E001/ratings`, {
          version: f.version,
          rater: 'supervisor',
          ratings: self,
        })
      ).status,
    ).toBe(404);

    // supervisors rate their reports
    const list = await call(hr, 'GET', `/api/months/${M}/forms`);
    const forms = list.json.forms as { employee: string; supervisor: string }[];
    for (const x of forms) {
      const sup = x.supervisor === 'D001' ? director : cslead;
      const cur = await form(sup, M, x.employee);
      const r = await call(sup, 'PUT', `/api/months/${M}/forms/${x.employee}/ratings`, {
        version: cur.version,
        rater: 'supervisor',
        ratings: { execution: 4, responsibility: x.employee === 'E006' ? 3 : 4, initiative: 4 },
      });
      expect(r.status, `${x.employee} ${JSON.stringify(r.json)}`).toBe(200);
    }
    // attendance and additional points (entered by the supervisor, approved by HR, never by the one who entered them)
    f = await form(director, M, 'E001');
    f = (
      await call(director, 'PUT', `/api/months/${M}/forms/E001/attendance`, {
        version: f.version,
        counts: { late: 1 },
      })
    ).json as typeof f;
    const added = await call(director, 'POST', `/api/months/${M}/forms/E001/additional`, {
      version: f.version,
      points: 2,
      reason: '大促方案被采纳',
      evidence: 'OA-2026-1011',
    });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    f = added.json as typeof f;
    const addId = (f.additional as { id: number }[])[0]!.id;
    expect(
      (
        await call(director, 'POST', `/api/months/${M}/forms/E001/additional/${addId}/decide`, {
          version: f.version,
          approve: true,
        })
      ).status,
    ).toBe(403);
    const approved = await call(hr, 'POST', `/api/months/${M}/forms/E001/additional/${addId}/decide`, {
      version: f.version,
      approve: true,
    });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);

    // a manual override needs a reason and is audited
    f = await form(hr, M, 'E002');
    expect(
      (
        await call(hr, 'PUT', `/api/months/${M}/forms/E002/actuals`, {
          version: f.version,
          indicator: 'traffic',
          value: 190000,
          reason: '',
        })
      ).status,
    ).toBe(400);
    const over = await call(hr, 'PUT', `/api/months/${M}/forms/E002/actuals`, {
      version: f.version,
      indicator: 'traffic',
      value: 190000,
      reason: '平台数据延迟，按生意参谋截图更正',
    });
    expect(over.status).toBe(200);
    const audit = await call(hr, 'GET', '/api/audit?entity=form&entityId=2026-10/E002');
    const entries = audit.json.entries as { action: string; why: string; before: unknown; after: unknown }[];
    const entry = entries.find((e) => e.action === 'override_actual')!;
    expect(entry.why).toContain('生意参谋');
    expect(JSON.stringify(entry.after)).toContain('190000');
    expect((await call(e001, 'GET', '/api/audit')).status).toBe(403);

    // score the month; the numbers equal scoreForm run directly on the same inputs
    const scored = await call(hr, 'POST', `/api/months/${M}/score`, {});
    expect(scored.status).toBe(200);
    expect(scored.json.failed).toEqual([]);
    expect(scored.json.scored).toBe(11);
    const yaml = await readFile(new URL('../../templates/store-operator.yaml', import.meta.url), 'utf8');
    const template = parseTemplate(yaml).template!;
    for (const emp of ['E001', 'E002', 'E003']) {
      const g = await form(hr, M, emp);
      const direct = scoreForm(template, personInput(g as never), { explain: true });
      const card = g.scorecard as {
        total: number;
        grade: string;
        indicators: { id: string; points: number; trace: unknown }[];
      };
      expect(g.total).toBe(direct.total);
      expect(g.grade).toBe(direct.grade);
      expect(card.indicators.map((i) => i.points)).toEqual(direct.indicators.map((i) => i.points));
      expect(card.indicators.every((i) => i.trace)).toBe(true);
    }
    const e001Form = await form(hr, M, 'E001');
    expect((e001Form.scorecard as Json).additional as number).toBe(2);
    expect((e001Form.scorecard as Json).attendance as number).toBe(-1);

    // calibration: distribution against the quota; HR adjusts with a reason; the committee may look but not adjust
    const cal = await call(committee, 'GET', `/api/months/${M}/calibration`);
    expect(cal.status).toBe(200);
    const groups = cal.json.groups as { template: string; quota: { counts: unknown[] } | null }[];
    expect(groups.find((g) => g.template === 'store-operator@2026.1')!.quota!.counts.length).toBe(5);
    let e009 = await form(hr, M, 'E009');
    expect(
      (
        await call(committee, 'PUT', `/api/months/${M}/forms/E009/grade`, {
          version: e009.version,
          grade: 'B',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const calibrated = await call(hr, 'PUT', `/api/months/${M}/forms/E009/grade`, {
      version: e009.version,
      grade: 'B',
      reason: '新人首月，委员会校准',
    });
    expect(calibrated.status).toBe(200);
    e009 = calibrated.json as typeof e009;
    expect(e009.finalGrade).toBe('B');

    // publish; inputs are frozen afterwards
    expect((await call(hr, 'POST', `/api/months/${M}/publish`, {})).status).toBe(200);
    f = await form(e001, M, 'E001');
    expect(
      (
        await call(e001, 'PUT', `/api/months/${M}/forms/E001/ratings`, {
          version: f.version,
          rater: 'self',
          ratings: self,
        })
      ).status,
    ).toBe(409);

    // confirm; object → the second reviewer (the supervisor's supervisor) resolves, not the supervisor
    expect(
      (await call(e001, 'POST', `/api/months/${M}/forms/E001/confirm`, { version: f.version })).status,
    ).toBe(200);
    let e6 = await form(e006, M, 'E006');
    expect(
      (await call(e001, 'POST', `/api/months/${M}/forms/E006/confirm`, { version: e6.version })).status,
    ).toBe(404);
    const objected = await call(e006, 'POST', `/api/months/${M}/forms/E006/objection`, {
      version: e6.version,
      reason: '询单量统计漏了夜班',
    });
    expect(objected.status, JSON.stringify(objected.json)).toBe(200);
    e6 = objected.json as typeof e6;
    expect((e6.objection as Json).reviewer).toBe('D001');
    let e7 = await form(e007, M, 'E007');
    e7 = (
      await call(e007, 'POST', `/api/months/${M}/forms/E007/objection`, {
        version: e7.version,
        reason: '评分偏低',
      })
    ).json as typeof e7;
    expect((await call(hr, 'POST', `/api/months/${M}/close`, {})).status).toBe(409);
    expect(
      (
        await call(cslead, 'POST', `/api/months/${M}/forms/E006/objection/resolve`, {
          version: e6.version,
          resolution: 'no',
        })
      ).status,
    ).toBe(403);
    const resolved = await call(director, 'POST', `/api/months/${M}/forms/E006/objection/resolve`, {
      version: e6.version,
      resolution: '核实夜班询单后上调一级',
      grade: 'B',
    });
    expect(resolved.status, JSON.stringify(resolved.json)).toBe(200);
    expect(resolved.json.finalGrade).toBe('B');
    expect(
      (
        await call(hr, 'POST', `/api/months/${M}/forms/E007/objection/resolve`, {
          version: e7.version,
          resolution: '维持原评分',
        })
      ).status,
    ).toBe(200);

    // the feedback interview, by the supervisor only
    e6 = await form(cslead, M, 'E006');
    const interview = {
      version: e6.version,
      strengths: '响应快',
      gaps: '转化率低于团队',
      plan: '每周复盘话术',
    };
    // the director resolved the objection and no longer sees the form: refused either way
    expect([403, 404]).toContain(
      (await call(director, 'PUT', `/api/months/${M}/forms/E006/interview`, interview)).status,
    );
    const iv = await call(cslead, 'PUT', `/api/months/${M}/forms/E006/interview`, interview);
    expect(iv.status).toBe(200);
    expect((iv.json.interview as Json).plan).toBe('每周复盘话术');

    // my page and results
    const page = await call(e001, 'GET', '/api/me/page');
    expect(page.status).toBe(200);
    expect((page.json.form as Json).employee).toBe('E001');
    expect(page.json.trend).toEqual([{ month: M, total: e001Form.total, grade: e001Form.grade }]);
    const results = await call(hr, 'GET', `/api/results?months=${M}`);
    expect(results.status).toBe(200);
    const lists = results.json.lists as Record<string, { employee: string }[]>;
    const finals = (await call(hr, 'GET', `/api/months/${M}/forms`)).json.forms as {
      employee: string;
      finalGrade: string;
    }[];
    const weak = finals.filter((x) => x.finalGrade === 'C' || x.finalGrade === 'D').map((x) => x.employee);
    expect(lists.training!.map((x) => x.employee).sort()).toEqual(weak.sort());
    expect((await call(e001, 'GET', `/api/results?months=${M}`)).status).toBe(403);

    // close and lock
    const closed = await call(hr, 'POST', `/api/months/${M}/close`, {});
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);
    expect(closed.json.status).toBe('closed');
    const before = await dbState(api.db);
    e6 = await form(cslead, M, 'E006');
    expect(
      (
        await call(cslead, 'PUT', `/api/months/${M}/forms/E006/interview`, {
          ...interview,
          version: e6.version,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(hr, 'PUT', `/api/months/${M}/forms/E009/grade`, {
          version: (await form(hr, M, 'E009')).version,
          grade: 'A',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
    expect((await call(hr, 'POST', `/api/months/${M}/close`, {})).status).toBe(409);
    expect(await dbState(api.db)).toBe(before);
  }, 120_000);

  test('KPI design in six steps: propose → consult → cross-review → benchmark → both sign → committee approves → frozen', async () => {
    const committee = await login('committee');
    const hr = await login('hr');
    const cslead = await login('cslead');
    const director = await login('director');
    const e001 = await login('e001');
    const base = await readFile(new URL('../../templates/presales-cs.yaml', import.meta.url), 'utf8');
    const draft = base
      .replace('version: "2026.1"', 'version: "2027.1"')
      .replace('effective: 2026-01-01', 'effective: 2027-01-01');
    const created = await call(committee, 'POST', '/api/kpi-design', {
      family: 'presales-cs',
      team: 'cs',
      title: '售前客服 2027 KPI',
      yaml: draft,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    let p = created.json as Json & { id: number; version: number; step: number };
    expect(p.step).toBe(1);
    const path = `/api/kpi-design/${p.id}`;
    expect((await call(e001, 'GET', path)).status).toBe(403);
    p = (await call(hr, 'POST', `${path}/advance`, { version: p.version })).json as typeof p;
    expect(p.step).toBe(2);
    const commented = await call(cslead, 'POST', `${path}/comment`, {
      version: p.version,
      comment: '客户满意度难以量化，建议用投诉率',
    });
    expect(commented.status).toBe(200);
    p = commented.json as typeof p;
    // a team lead may comment but not rewrite the draft
    expect(
      (await call(cslead, 'POST', `${path}/comment`, { version: p.version, comment: 'x', yaml: draft }))
        .status,
    ).toBe(403);
    const revised = draft.replace(
      'name: { zh: 售前客服, en: Pre-sales customer service }',
      'name: { zh: 售前客服2027, en: Pre-sales 2027 }',
    );
    p = (
      await call(hr, 'POST', `${path}/comment`, { version: p.version, comment: '采纳：改名', yaml: revised })
    ).json as typeof p;
    const stale = await call(hr, 'POST', `${path}/advance`, { version: p.version - 1 });
    expect(stale.status).toBe(409);
    for (const want of [3, 4, 5]) {
      p = (await call(hr, 'POST', `${path}/advance`, { version: p.version })).json as typeof p;
      expect(p.step).toBe(want);
    }
    expect((await call(hr, 'POST', `${path}/advance`, { version: p.version })).status).toBe(409);
    // the lead of team cs is S001 (cslead); the supervisor is the lead's supervisor D001 (director)
    expect((await call(director, 'POST', `${path}/sign`, { version: p.version, as: 'lead' })).status).toBe(
      403,
    );
    p = (await call(cslead, 'POST', `${path}/sign`, { version: p.version, as: 'lead' })).json as typeof p;
    expect(
      (await call(cslead, 'POST', `${path}/sign`, { version: p.version, as: 'supervisor' })).status,
    ).toBe(403);
    p = (await call(director, 'POST', `${path}/sign`, { version: p.version, as: 'supervisor' }))
      .json as typeof p;
    expect(p.step).toBe(6);
    expect((await call(hr, 'POST', `${path}/approve`, { version: p.version })).status).toBe(403);
    const approved = await call(committee, 'POST', `${path}/approve`, {
      version: p.version,
      comment: '覆盖战略目标，松紧适度',
    });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    p = approved.json as typeof p;
    expect(p.step).toBe(7);
    expect(p.template).toBe('presales-cs@2027.1');
    expect((p.history as { action: string }[]).map((h) => h.action)).toEqual([
      'propose',
      'advance',
      'comment',
      'comment',
      'advance',
      'advance',
      'advance',
      'sign_lead',
      'sign_supervisor',
      'approve',
    ]);
    const tpl = await call(hr, 'GET', '/api/templates/presales-cs/2027.1');
    expect(tpl.json.applied).toBe(true);
    expect((tpl.json.name as Json).zh).toBe('售前客服2027');
    expect((await call(hr, 'PUT', '/api/templates/presales-cs/2027.1', { yaml: revised })).status).toBe(409);
    expect((await call(hr, 'POST', `${path}/comment`, { version: p.version, comment: 'late' })).status).toBe(
      409,
    );
  });

  test('permission matrix: every route × every role — a forbidden read or change is refused and nothing changes', async () => {
    const M = '2026-09';
    const hr = await login('hr');
    expect((await call(hr, 'POST', '/api/months', { month: M })).status).toBe(200);
    const userOf: Record<Role, string> = {
      admin: 'admin',
      hr: 'hr',
      committee: 'committee',
      supervisor: 'cslead',
      employee: 'e001',
    };
    // a form the role's user must not touch: e001 → E006 (a colleague), cslead (S001) → E001 (D001's report)
    const foreign: Partial<Record<Role, string>> = { employee: 'E006', supervisor: 'E001' };
    const versionOf = async (emp: string) => (await form(hr, M, emp)).version;
    const ratings = { execution: 3, responsibility: 3, initiative: 3 };
    type Sample = PermissionSample;
    const fp = (emp: string, rest = '') => `/api/months/${M}/forms/${emp}${rest}`;
    const SAMPLES: Record<string, Sample> = {
      'auth.login': () => ({ path: '/api/auth/login', body: { login: 'x', password: 'y' } }),
      'auth.logout': () => ({ path: '/api/auth/logout', body: {} }),
      'auth.me': () => ({ path: '/api/auth/me' }),
      'org.stores': () => ({ path: '/api/org/stores' }),
      'org.families': () => ({ path: '/api/org/families' }),
      'org.teams': () => ({ path: '/api/org/teams' }),
      'org.employees': () => ({ path: '/api/org/employees' }),
      'org.employee': (emp) => ({ path: `/api/org/employees/${emp}` }),
      'org.employeeCreate': () => ({
        path: '/api/org/employees',
        body: {
          code: 'X999',
          name: 'x',
          team: null,
          family: null,
          level: null,
          supervisor: null,
          hireDate: null,
          leaveDate: null,
          agent: null,
        },
      }),
      'org.employeeUpdate': (emp) => ({
        path: `/api/org/employees/${emp}`,
        body: {
          name: 'x',
          team: null,
          family: null,
          level: null,
          supervisor: null,
          hireDate: null,
          leaveDate: null,
          agent: null,
        },
      }),
      'org.employeesImport': () => ({
        path: '/api/org/employees/import',
        body: {
          employees: [
            {
              code: 'X998',
              name: 'x',
              team: null,
              family: null,
              level: null,
              supervisor: null,
              hireDate: null,
              leaveDate: null,
              agent: null,
            },
          ],
        },
      }),
      'org.employeeStores': (emp) => ({
        path: `/api/org/employees/${emp}/stores`,
        body: { stores: ['TM01'], from: '2026-09-01', reason: 'x' },
      }),
      'org.storeCreate': () => ({
        path: '/api/org/stores',
        body: { code: 'X01', name: 'x', platform: 'tmall', currency: 'CNY', timeZone: 'UTC', operator: null },
      }),
      'org.storeUpdate': () => ({
        path: '/api/org/stores/TM01',
        body: {
          name: 'x',
          platform: 'tmall',
          currency: 'CNY',
          timeZone: 'UTC',
          operator: null,
          active: false,
        },
      }),
      'org.teamCreate': () => ({ path: '/api/org/teams', body: { code: 'x', name: 'x', lead: null } }),
      'org.teamUpdate': () => ({ path: '/api/org/teams/hr', body: { name: 'x', lead: null, active: false } }),
      'org.familyCreate': () => ({
        path: '/api/org/families',
        body: { code: 'x', name: { zh: 'x', en: 'x' }, kind: 'business' },
      }),
      'org.familyUpdate': () => ({
        path: '/api/org/families/designer',
        body: { name: { zh: 'x', en: 'x' }, kind: 'business', active: false },
      }),
      'org.company': () => ({ path: '/api/org/company' }),
      'org.companyUpdate': () => ({ path: '/api/org/company', body: { timeZone: 'UTC' } }),
      'templates.library': () => ({ path: '/api/templates/library' }),
      'templates.list': () => ({ path: '/api/templates' }),
      'templates.get': () => ({ path: '/api/templates/store-operator/2026.1' }),
      'templates.yaml': () => ({ path: '/api/templates/store-operator/2026.1/yaml' }),
      'templates.check': () => ({ path: '/api/templates/check', body: { yaml: 'kind: x' } }),
      'templates.preview': () => ({
        path: '/api/templates/preview',
        body: { yaml: 'kind: x', person: { actuals: {} } },
      }),
      'templates.create': () => ({ path: '/api/templates', body: { yaml: 'kind: x' } }),
      'templates.update': () => ({ path: '/api/templates/store-operator/2027.1', body: { yaml: 'kind: x' } }),
      'months.list': () => ({ path: '/api/months' }),
      'months.open': () => ({ path: '/api/months', body: { month: '2026-08' } }),
      'months.get': () => ({ path: `/api/months/${M}` }),
      'forms.list': () => ({ path: `/api/months/${M}/forms` }),
      'forms.get': (emp) => ({ path: fp(emp) }),
      'forms.actual': (emp, v) => ({
        path: fp(emp, '/actuals'),
        body: { version: v, indicator: 'revenue', value: 1, reason: 'x' },
      }),
      'forms.rate': (emp, v) => ({
        path: fp(emp, '/ratings'),
        body: { version: v, rater: 'supervisor', ratings },
      }),
      'forms.attendance': (emp, v) => ({
        path: fp(emp, '/attendance'),
        body: { version: v, counts: { late: 1 } },
      }),
      'forms.additional': (emp, v) => ({
        path: fp(emp, '/additional'),
        body: { version: v, points: 1, reason: 'x', evidence: 'y' },
      }),
      'forms.additionalDecide': (emp, v) => ({
        path: fp(emp, '/additional/1/decide'),
        body: { version: v, approve: true },
      }),
      'forms.score': (emp, v) => ({ path: fp(emp, '/score'), body: { version: v } }),
      'forms.grade': (emp, v) => ({ path: fp(emp, '/grade'), body: { version: v, grade: 'A', reason: 'x' } }),
      'forms.confirm': (emp, v) => ({ path: fp(emp, '/confirm'), body: { version: v } }),
      'forms.object': (emp, v) => ({ path: fp(emp, '/objection'), body: { version: v, reason: 'x' } }),
      'forms.resolve': (emp, v) => ({
        path: fp(emp, '/objection/resolve'),
        body: { version: v, resolution: 'x' },
      }),
      'forms.interview': (emp, v) => ({
        path: fp(emp, '/interview'),
        body: { version: v, strengths: 'x', gaps: 'y', plan: 'z' },
      }),
      'months.score': () => ({ path: `/api/months/${M}/score`, body: {} }),
      'months.calibration': () => ({ path: `/api/months/${M}/calibration` }),
      'months.publish': () => ({ path: `/api/months/${M}/publish`, body: {} }),
      'months.close': () => ({ path: `/api/months/${M}/close`, body: {} }),
      'me.page': () => ({ path: '/api/me/page' }),
      'results.lists': () => ({ path: `/api/results?months=${M}` }),
      'audit.list': () => ({ path: '/api/audit' }),
      'users.list': () => ({ path: '/api/users' }),
      'users.create': () => ({
        path: '/api/users',
        body: { login: 'newbie', password: 'long-enough-pw', role: 'admin', employee: null, name: 'x' },
      }),
      'users.password': () => ({ path: '/api/users/u-hr/password', body: { password: 'long-enough-pw' } }),
      'design.list': () => ({ path: '/api/kpi-design' }),
      'design.get': () => ({ path: '/api/kpi-design/1' }),
      'design.create': () => ({
        path: '/api/kpi-design',
        body: { family: 'designer', title: 'x', yaml: 'kind: x' },
      }),
      'design.comment': () => ({ path: '/api/kpi-design/1/comment', body: { version: 1, comment: 'x' } }),
      'design.advance': () => ({ path: '/api/kpi-design/1/advance', body: { version: 1 } }),
      'design.sign': () => ({ path: '/api/kpi-design/1/sign', body: { version: 1, as: 'lead' } }),
      'design.approve': () => ({ path: '/api/kpi-design/1/approve', body: { version: 1 } }),
      ...sheetSamples,
      ...ledgerSamples,
      ...jobSamples,
    };
    // a new route without a sample fails here: the matrix cannot forget it
    expect(api.routes.map((r) => r.id).filter((id) => !SAMPLES[id])).toEqual([]);

    const sessionsByRole = new Map<Role, Session>();
    for (const role of ROLES) sessionsByRole.set(role, await login(userOf[role]));
    const versions = new Map<string, number>();
    for (const emp of ['E001', 'E006']) versions.set(emp, await versionOf(emp));

    const before = await dbState(api.db);
    const failures: string[] = [];
    let checked = 0;
    for (const route of api.routes) {
      if (route.access === 'public' || route.access === 'signed-in') continue;
      for (const role of ROLES) {
        const s = sessionsByRole.get(role)!;
        const allowed = route.access.includes(role);
        const target = route.path.includes('{employee}') ? foreign[role] : undefined;
        if (allowed && !target) continue;
        const emp = target ?? 'E006';
        const { path, body } = SAMPLES[route.id]!(emp, versions.get(emp) ?? 1, M);
        const r = await call(s, route.method.toUpperCase(), path, body);
        checked++;
        const ok = allowed ? r.status === 403 || r.status === 404 : r.status === 403;
        if (!ok)
          failures.push(
            `${role} ${route.method} ${path} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(80);
    expect(await dbState(api.db)).toBe(before);

    // lists are filtered, not refused: each role sees exactly whom it may
    const seen = async (login: string) =>
      (
        (await call(await sessionOfLogin(login), 'GET', `/api/months/${M}/forms`)).json.forms as {
          employee: string;
        }[]
      )
        .map((x) => x.employee)
        .sort();
    const sessionOfLogin = (l: string) => login(l);
    expect(await seen('e001')).toEqual(['E001']);
    expect(await seen('cslead')).toEqual(['E006', 'E007', 'E008', 'E009', 'S001']);
    expect((await seen('hr')).length).toBe(11);
    const emps = await call(await login('e001'), 'GET', '/api/org/employees');
    expect((emps.json.employees as { code: string }[]).map((e) => e.code)).toEqual(['E001']);
  }, 180_000);
});
