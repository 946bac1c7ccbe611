/**
 * The KPI design routes in-process (`app.request()`): whatever the page's "you may" says a person may do
 * must also pass the route's role check. The signers of step 5 are people (the team's lead and the lead's
 * own supervisor), who may hold any reviewing role, here an HR lead whose director sits on the committee.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { ProposalView } from '../../app/kpi-design-service.ts';
import { setUpTestApp } from '../testing-http.ts';

describe('KPI design routes', () => {
  const api = setUpTestApp('pglite', {
    // the HR team is led by H001 (role hr); make K001 (role committee) the lead's supervisor
    prepare: async (db) => {
      await db.query("UPDATE employee SET supervisor = 'K001' WHERE code = 'H001'");
    },
  });
  const { call } = api;

  test('an HR team lead and a committee director sign through the route, as the page says they may', async () => {
    const base = await readFile(new URL('../../../templates/presales-cs.yaml', import.meta.url), 'utf8');
    const yaml = base.replace('version: "2026.1"', 'version: "2027.5"');
    expect(yaml).not.toBe(base);
    const made = await call<ProposalView>('hr', 'POST', '/api/kpi-design', {
      family: 'presales-cs',
      team: 'hr',
      title: '人事部 KPI',
      yaml,
    });
    expect(made.status, JSON.stringify(made.json).slice(0, 300)).toBe(200);
    const id = made.json.id;
    const view = async (login: string) =>
      (await call<ProposalView>(login, 'GET', `/api/kpi-design/${id}`)).json;
    for (let i = 0; i < 4; i++) {
      const p = await view('hr');
      const r = await call('hr', 'POST', `/api/kpi-design/${id}/advance`, { version: p.version });
      expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(200);
    }
    let p = await view('hr');
    expect(p.step).toBe(5);
    expect(p.signers).toEqual({
      lead: { code: 'H001', name: '吴人事' },
      supervisor: { code: 'K001', name: '冯委员' },
    });

    // an employee is refused by the route; the director may not sign for the lead
    const staff = await call('e001', 'POST', `/api/kpi-design/${id}/sign`, {
      version: p.version,
      as: 'lead',
    });
    expect(staff.status).toBe(403);
    expect((await view('committee')).you.sign_lead.ok).toBe(false);
    const early = await call('committee', 'POST', `/api/kpi-design/${id}/sign`, {
      version: p.version,
      as: 'lead',
    });
    expect(early.status).toBe(403);

    expect(p.you.sign_lead.ok).toBe(true);
    const lead = await call('hr', 'POST', `/api/kpi-design/${id}/sign`, { version: p.version, as: 'lead' });
    expect(lead.status, JSON.stringify(lead.json).slice(0, 300)).toBe(200);
    p = await view('committee');
    expect(p.you.sign_supervisor.ok).toBe(true);
    const sup = await call('committee', 'POST', `/api/kpi-design/${id}/sign`, {
      version: p.version,
      as: 'supervisor',
    });
    expect(sup.status, JSON.stringify(sup.json).slice(0, 300)).toBe(200);
    p = await view('committee');
    expect(p.step).toBe(6);
    expect(p.signatures.lead?.by).toContain('H001');
    expect(p.signatures.supervisor?.by).toContain('K001');

    // the audit says who signed what, before and after
    const audit = await api.db.query<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_log WHERE entity = 'kpi_proposal' AND entity_id = $1
       AND action LIKE 'sign_%' ORDER BY id`,
      [String(id)],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['sign_lead', 'sign_supervisor']);
    expect(audit.rows[0]!.before).toMatchObject({ step: 5, signatures: {} });
    expect(audit.rows[1]!.after).toMatchObject({
      step: 6,
      signatures: { lead: { by: p.signatures.lead!.by }, supervisor: { by: p.signatures.supervisor!.by } },
    });
  }, 120_000);
});
