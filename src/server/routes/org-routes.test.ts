/**
 * Stores, teams and job families over HTTP (in-process, `app.request()`), on the demo company: HR
 * creates and edits them (audited), a taken code is a 409 naming the field, a reference to nobody is a
 * 400 naming the field, other roles are refused and nothing changes. Also the KPI library route.
 */
import { describe, expect, test } from 'vitest';
import type { LibraryIndicator } from '../../app/template-service.ts';
import { TEST_ENGINES } from '../../db/testing.ts';
import { type Json, setUpTestApp } from '../testing-http.ts';

interface ErrorJson {
  error: { code: string; problems: { code: string; where: { column?: string; value?: string } }[] };
}

describe.each(TEST_ENGINES)('organisation writes on %s', (engine) => {
  const api = setUpTestApp(engine);
  const { call, login } = api;

  async function audits(entity: string, id: string) {
    const r = await api.db.query<{ action: string; before: unknown; after: unknown; actor: string }>(
      'SELECT action, before, after, actor FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id',
      [entity, id],
    );
    return r.rows;
  }

  const problemOf = (json: Json) => (json as unknown as ErrorJson).error.problems[0];

  test('HR creates a store, sees it listed, edits it; each change is audited', async () => {
    const hr = await login('hr');
    const store = {
      code: 'JD09',
      name: '京东旗舰店二店',
      platform: 'jd',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: 'E001',
    };
    const made = await call(hr, 'POST', '/api/org/stores', store);
    expect(made.status, JSON.stringify(made.json)).toBe(200);
    expect(made.json).toEqual({ ...store, active: true });
    const list = await call(hr, 'GET', '/api/org/stores');
    expect((list.json.stores as { code: string }[]).map((s) => s.code)).toContain('JD09');

    const edited = await call(hr, 'PUT', '/api/org/stores/JD09', {
      name: '京东二店',
      platform: 'jd',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: null,
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(edited.json).toMatchObject({ code: 'JD09', name: '京东二店', operator: null });

    const log = await audits('store', 'JD09');
    expect(log.map((a) => a.action)).toEqual(['create', 'update']);
    expect(log[1]?.before).toMatchObject({ name: '京东旗舰店二店', operator: 'E001' });
    expect(log[1]?.after).toMatchObject({ name: '京东二店', operator: null });
  });

  test('a taken store code is a 409 naming the code; bad fields are 400s naming the field', async () => {
    const hr = await login('hr');
    const base = { name: 'x', platform: 'tmall', currency: 'CNY', timeZone: 'Asia/Shanghai', operator: null };
    const dup = await call(hr, 'POST', '/api/org/stores', { code: 'TM01', ...base });
    expect(dup.status).toBe(409);
    expect(problemOf(dup.json)).toMatchObject({
      code: 'duplicate_code',
      where: { column: 'code', value: 'TM01' },
    });

    const nobody = await call(hr, 'POST', '/api/org/stores', { code: 'TM77', ...base, operator: 'NOBODY' });
    expect(nobody.status).toBe(400);
    expect(problemOf(nobody.json)?.where).toMatchObject({ column: 'operator', value: 'NOBODY' });

    const zone = await call(hr, 'POST', '/api/org/stores', { code: 'TM78', ...base, timeZone: 'Mars/Base' });
    expect(zone.status).toBe(400);
    const platform = await call(hr, 'POST', '/api/org/stores', { code: 'TM79', ...base, platform: 'ebay' });
    expect(platform.status).toBe(400);
    const missing = await call(hr, 'PUT', '/api/org/stores/NOPE', base);
    expect(missing.status).toBe(404);

    const codes = ((await call(hr, 'GET', '/api/org/stores')).json.stores as { code: string }[]).map(
      (s) => s.code,
    );
    expect(codes.filter((c) => ['TM77', 'TM78', 'TM79', 'NOPE'].includes(c))).toEqual([]);
  });

  test('teams: create with a lead, edit, a taken code and an unknown lead are refused', async () => {
    const hr = await login('hr');
    const made = await call(hr, 'POST', '/api/org/teams', { code: 'growth', name: '增长组', lead: 'D001' });
    expect(made.status, JSON.stringify(made.json)).toBe(200);
    const dup = await call(hr, 'POST', '/api/org/teams', { code: 'growth', name: 'again', lead: null });
    expect(dup.status).toBe(409);
    expect(problemOf(dup.json)?.where.column).toBe('code');
    const badLead = await call(hr, 'PUT', '/api/org/teams/growth', { name: '增长组', lead: 'GHOST' });
    expect(badLead.status).toBe(400);
    expect(problemOf(badLead.json)?.where.column).toBe('lead');
    const edited = await call(hr, 'PUT', '/api/org/teams/growth', { name: '增长运营组', lead: null });
    expect(edited.status).toBe(200);
    const teams = (await call(hr, 'GET', '/api/org/teams')).json.teams as { code: string; name: string }[];
    expect(teams.find((t) => t.code === 'growth')).toEqual({
      code: 'growth',
      name: '增长运营组',
      lead: null,
      active: true,
    });
    expect((await audits('team', 'growth')).map((a) => a.action)).toEqual(['create', 'update']);
  });

  test('job families: create, a taken code, edit names and kind', async () => {
    const hr = await login('hr');
    const fam = { code: 'buyer', name: { zh: '采购', en: 'Buyer' }, kind: 'functional' };
    expect((await call(hr, 'POST', '/api/org/families', fam)).status).toBe(200);
    const dup = await call(hr, 'POST', '/api/org/families', fam);
    expect(dup.status).toBe(409);
    expect(problemOf(dup.json)?.where).toEqual({ column: 'code', value: 'buyer' });
    const edited = await call(hr, 'PUT', '/api/org/families/buyer', {
      name: { zh: '采购专员', en: 'Purchaser' },
      kind: 'business',
    });
    expect(edited.status).toBe(200);
    const fams = (await call(hr, 'GET', '/api/org/families')).json.families as { code: string }[];
    expect(fams.find((f) => f.code === 'buyer')).toEqual({
      code: 'buyer',
      name: { zh: '采购专员', en: 'Purchaser' },
      kind: 'business',
      active: true,
    });
    const log = await audits('job_family', 'buyer');
    expect(log.map((a) => a.action)).toEqual(['create', 'update']);
    expect(log[0]?.actor).toBeTruthy();
  });

  test('HR deactivates a store, a team and a family (audited); inactive ones take no newcomer', async () => {
    const hr = await login('hr');
    const store = {
      name: '京东二店',
      platform: 'jd',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      operator: null,
    };
    const off = await call(hr, 'PUT', '/api/org/stores/JD09', { ...store, active: false });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    expect(off.json).toMatchObject({ code: 'JD09', active: false });
    const listed = (await call(hr, 'GET', '/api/org/stores')).json.stores as {
      code: string;
      active: boolean;
    }[];
    expect(listed.find((s) => s.code === 'JD09')?.active).toBe(false);
    expect(listed.find((s) => s.code === 'TM01')?.active).toBe(true);
    // an edit without `active` keeps it off
    expect((await call(hr, 'PUT', '/api/org/stores/JD09', store)).json).toMatchObject({ active: false });
    expect((await audits('store', 'JD09')).map((a) => a.action)).toEqual([
      'create',
      'update',
      'deactivate',
      'update',
    ]);

    const team = await call(hr, 'PUT', '/api/org/teams/growth', {
      name: '增长运营组',
      lead: null,
      active: false,
    });
    expect(team.json).toEqual({ code: 'growth', name: '增长运营组', lead: null, active: false });
    const fam = await call(hr, 'PUT', '/api/org/families/buyer', {
      name: { zh: '采购专员', en: 'Purchaser' },
      kind: 'business',
      active: false,
    });
    expect(fam.json).toMatchObject({ code: 'buyer', active: false });
    const person = {
      code: 'E950',
      name: '新人',
      team: 'growth',
      family: null,
      level: null,
      supervisor: null,
      hireDate: null,
      leaveDate: null,
      agent: null,
    };
    const refused = await call(hr, 'POST', '/api/org/employees', person);
    expect(refused.status).toBe(400);
    expect(problemOf(refused.json)).toMatchObject({
      code: 'inactive_reference',
      where: { column: 'team', value: 'growth' },
    });
    const byFamily = await call(hr, 'POST', '/api/org/employees', { ...person, team: null, family: 'buyer' });
    expect(byFamily.status).toBe(400);
    expect(problemOf(byFamily.json)?.where).toMatchObject({ column: 'family', value: 'buyer' });
    expect((await call(hr, 'GET', '/api/org/employees/E950')).status).toBe(404);

    expect(
      (await call(hr, 'PUT', '/api/org/teams/growth', { name: '增长运营组', lead: null, active: true }))
        .status,
    ).toBe(200);
    expect((await call(hr, 'POST', '/api/org/employees', person)).status).toBe(200);
    expect((await audits('team', 'growth')).map((a) => a.action)).toEqual([
      'create',
      'update',
      'deactivate',
      'activate',
    ]);
  });

  test('the company time zone: everyone reads it, only admin sets it (audited), unknown zones refused', async () => {
    const e001 = await login('e001');
    expect((await call(e001, 'GET', '/api/org/company')).json).toMatchObject({ timeZone: 'Asia/Shanghai' });
    const hr = await login('hr');
    expect((await call(hr, 'PUT', '/api/org/company', { timeZone: 'UTC' })).status).toBe(403);
    const admin = await login('admin');
    expect((await call(admin, 'PUT', '/api/org/company', { timeZone: 'Mars/Base' })).status).toBe(400);
    const set = await call(admin, 'PUT', '/api/org/company', {
      timeZone: 'Europe/Berlin',
      reason: 'EU office',
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect((await call(e001, 'GET', '/api/org/company')).json).toMatchObject({ timeZone: 'Europe/Berlin' });
    const log = await audits('company', 'demo');
    expect(log.at(-1)).toMatchObject({
      before: { timeZone: 'Asia/Shanghai' },
      after: { timeZone: 'Europe/Berlin' },
    });
  });

  test('a supervisor and an employee may not write; nothing changes', async () => {
    const count = async () =>
      Number(
        (await api.db.query<{ n: string }>('SELECT count(*)::text AS n FROM team')).rows[0]?.n ?? Number.NaN,
      );
    const before = await count();
    for (const who of ['cslead', 'e001']) {
      const s = await login(who);
      expect(
        (await call(s, 'POST', '/api/org/teams', { code: 'sneaky', name: 'x', lead: null })).status,
      ).toBe(403);
      expect((await call(s, 'PUT', '/api/org/teams/hr', { name: 'x', lead: null })).status).toBe(403);
    }
    expect(await count()).toBe(before);
  });

  test('the KPI library lists the demo templates in force, each indicator with its rule in words', async () => {
    const s = await login('e001');
    const r = await call(s, 'GET', '/api/templates/library?day=2026-11-30');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const inds = r.json.indicators as LibraryIndicator[];
    const versions = (await call(s, 'GET', '/api/templates')).json.versions as { id: string }[];
    const templates = new Set(versions.map((v) => v.id));
    // every template in force contributes its indicators
    expect(new Set(inds.flatMap((i) => i.usedBy.map((u) => u.template)))).toEqual(templates);
    const revenue = inds.filter((i) => i.id === 'revenue');
    expect(revenue.length).toBeGreaterThan(0);
    expect(revenue[0]?.usedBy.some((u) => u.template === 'store-operator')).toBe(true);
    for (const i of inds) {
      expect(i.rule.zh.length).toBeGreaterThan(0);
      expect(i.rule.en.length).toBeGreaterThan(0);
    }
    // before any template took effect the library is empty
    const early = await call(s, 'GET', '/api/templates/library?day=2000-01-01');
    expect(early.json.indicators).toEqual([]);
  });
});
