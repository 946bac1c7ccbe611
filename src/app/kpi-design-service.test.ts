/**
 * The six-step KPI design workflow on a small company: who may act at each step (and that the page's
 * "you may / may not" answers are exactly what the writes do), who acts next, the applies-from month,
 * the version check, and the refusals that leave nothing written.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { ensureCompany } from '../db/company-repository.ts';
import type { Db } from '../db/open-db.ts';
import { type FreshDb, freshDb } from '../db/testing.ts';
import type { Actor, Role } from './actor.ts';
import {
  advanceProposal,
  approveProposal,
  commentProposal,
  createProposal,
  DESIGN_ACTIONS,
  type DesignAction,
  earliestFrom,
  type Proposal,
  proposalFor,
  signProposal,
} from './kpi-design-service.ts';
import { getTemplateVersion, versionInForce } from './template-service.ts';

const C = 'c1';
const base = readFileSync(new URL('../../templates/presales-cs.yaml', import.meta.url), 'utf8');
const draft = base.replace('version: "2026.1"', 'version: "2027.1"');

const person = (login: string, role: Role, employee: string | null): Actor => ({
  company: C,
  userId: `u-${login}`,
  login,
  name: login,
  role,
  employee,
});
const hr = person('hr', 'hr', 'H1');
const committee = person('committee', 'committee', 'K1');
const lead = person('lead', 'supervisor', 'S1'); // lead of team cs
const director = person('director', 'supervisor', 'D1'); // the lead's supervisor
const other = person('other', 'supervisor', 'S2'); // a lead of another team
const staff = person('staff', 'employee', 'E1');
const everyone = [hr, committee, lead, director, other, staff];

/** Each action with the body it needs, run against the proposal's current version. */
function attempt(db: Db, a: Actor, p: Proposal, action: DesignAction): Promise<Proposal> {
  return db.transaction((tx) => {
    const v = p.version;
    switch (action) {
      case 'comment':
        return commentProposal(tx, a, p.id, { version: v, comment: 'c' });
      case 'revise':
        return commentProposal(tx, a, p.id, { version: v, comment: 'r', yaml: p.yaml });
      case 'advance':
        return advanceProposal(tx, a, p.id, { version: v });
      case 'sign_lead':
        return signProposal(tx, a, p.id, { version: v, as: 'lead' });
      case 'sign_supervisor':
        return signProposal(tx, a, p.id, { version: v, as: 'supervisor' });
      case 'approve':
        return approveProposal(tx, a, p.id, { version: v, from: '2027-03' });
    }
  });
}

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe('KPI design workflow', () => {
  let fresh: FreshDb;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshDb('pglite');
    db = fresh.db;
    await ensureCompany(db, C);
    await db.query(
      `INSERT INTO job_family (company_id, code, name_zh, name_en, kind) VALUES ($1, 'presales-cs', '售前客服', 'Pre-sales CS', 'business')`,
      [C],
    );
    for (const [code, name, lead] of [
      ['cs', '客服部', 'S1'],
      ['ops', '运营部', 'S2'],
    ])
      await db.query('INSERT INTO team (company_id, code, name, lead) VALUES ($1, $2, $3, $4)', [
        C,
        code,
        name,
        lead,
      ]);
    for (const [code, name, team, sup] of [
      ['D1', '总监', 'ops', null],
      ['S1', '客服主管', 'cs', 'D1'],
      ['S2', '运营主管', 'ops', 'D1'],
      ['E1', '员工', 'cs', 'S1'],
      ['H1', '人事', 'cs', null],
      ['K1', '委员', 'cs', null],
    ])
      await db.query(
        'INSERT INTO employee (company_id, code, name, team, supervisor) VALUES ($1, $2, $3, $4, $5)',
        [C, code, name, team, sup],
      );
    await db.query(
      `INSERT INTO appraisal_month (company_id, month, status, objection_days, opened_by) VALUES ($1, '2027-01', 'closed', 3, 'hr')`,
      [C],
    );
  }, 120_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  it('refuses a proposal without a team, for an unknown family, or with a draft of another family; writes nothing', async () => {
    const count = async () => (await db.query('SELECT 1 FROM kpi_proposal')).rows.length;
    const before = await count();
    const body = { family: 'presales-cs', team: 'cs', title: 't', yaml: draft };
    expect(await codeOf(db.transaction((tx) => createProposal(tx, hr, { ...body, team: undefined })))).toBe(
      'invalid_input',
    );
    expect(await codeOf(db.transaction((tx) => createProposal(tx, hr, { ...body, team: 'nope' })))).toBe(
      'invalid_input',
    );
    expect(await codeOf(db.transaction((tx) => createProposal(tx, hr, { ...body, family: 'nope' })))).toBe(
      'invalid_input',
    );
    const other = draft.replace('family: presales-cs', 'family: designer');
    expect(await codeOf(db.transaction((tx) => createProposal(tx, hr, { ...body, yaml: other })))).toBe(
      'invalid_input',
    );
    expect(await codeOf(db.transaction((tx) => createProposal(tx, lead, body)))).toBe('forbidden');
    expect(await count()).toBe(before);
  });

  it('at every step, each person may do exactly what the page says they may, and the rest is refused', async () => {
    let p: Proposal = await db.transaction((tx) =>
      createProposal(tx, hr, { family: 'presales-cs', team: 'cs', title: '售前 2027', yaml: draft }),
    );
    expect(p.step).toBe(1);
    expect(p.signers).toEqual({
      lead: { code: 'S1', name: '客服主管' },
      supervisor: { code: 'D1', name: '总监' },
    });
    // the script of who does what; before each move, every person's "may" is checked against the write
    const script: [Actor, DesignAction][] = [
      [hr, 'advance'],
      [lead, 'comment'],
      [hr, 'revise'],
      [committee, 'advance'],
      [other, 'comment'],
      [hr, 'advance'],
      [hr, 'advance'],
      [lead, 'sign_lead'],
      [director, 'sign_supervisor'],
    ];
    for (const [who, action] of script) {
      for (const a of everyone)
        for (const act of DESIGN_ACTIONS) {
          const view = await proposalFor(db, a, p.id);
          const can = view.you[act];
          const state = await db.query('SELECT version FROM kpi_proposal WHERE id = $1', [p.id]);
          const outcome = can.ok ? 'skip' : await codeOf(attempt(db, a, p, act));
          // a "no" is refused and changes nothing; a "yes" is what the script (or a later step) exercises
          if (!can.ok) {
            expect(['forbidden', 'conflict'], `${a.login} ${act} at step ${p.step}`).toContain(outcome);
            expect((await db.query('SELECT version FROM kpi_proposal WHERE id = $1', [p.id])).rows).toEqual(
              state.rows,
            );
          }
        }
      const view = await proposalFor(db, who, p.id);
      expect(view.you[action].ok, `${who.login} may ${action} at step ${p.step}`).toBe(true);
      p = await attempt(db, who, p, action);
    }
    expect(p.step).toBe(6);
    expect(p.signatures.lead?.by).toBe('lead (S1)');
    expect(p.signatures.supervisor?.by).toBe('director (D1)');
    // the team lead may still not approve; a stale version is refused with a 409
    expect((await proposalFor(db, lead, p.id)).you.approve.ok).toBe(false);
    expect(
      await codeOf(
        db.transaction((tx) =>
          approveProposal(tx, committee, p.id, { version: p.version - 1, from: '2027-03' }),
        ),
      ),
    ).toBe('conflict');
    // never from a month already opened: 2027-01 is, so the earliest is 2027-02
    expect(await earliestFrom(db, C)).toBe('2027-02');
    expect((await proposalFor(db, committee, p.id)).earliestFrom).toBe('2027-02');
    expect(
      await codeOf(
        db.transaction((tx) => approveProposal(tx, committee, p.id, { version: p.version, from: '2027-01' })),
      ),
    ).toBe('conflict');
    p = await attempt(db, committee, p, 'approve');
    expect(p.step).toBe(7);
    expect(p.approval).toMatchObject({
      by: 'committee (K1)',
      template: 'presales-cs@2027.1',
      from: '2027-03',
    });
    expect(p.yaml).toMatch(/^effective: 2027-03-01$/m);
    const tpl = await getTemplateVersion(db, C, 'presales-cs', '2027.1');
    expect(tpl.applied).toBe(true);
    // the template's own trail shows it was made and then frozen by this approval
    const trail = await db.query<{ action: string; actor: string; after: Record<string, unknown> }>(
      `SELECT action, actor, after FROM audit_log WHERE entity = 'template' AND entity_id = 'presales-cs@2027.1'
       ORDER BY id`,
    );
    expect(trail.rows.map((r) => r.action)).toEqual(['create', 'apply']);
    expect(trail.rows[1]).toMatchObject({
      actor: 'committee (K1)',
      after: { applied: true, from: '2027-03', proposal: p.id },
    });
    expect(tpl.effective).toBe('2027-03-01');
    expect((await versionInForce(db, C, 'presales-cs', '2027-03-01'))?.version).toBe('2027.1');
    expect(await versionInForce(db, C, 'presales-cs', '2027-02-28')).toBeUndefined();
    // applied: nobody may do anything any more
    for (const a of everyone) {
      const you = (await proposalFor(db, a, p.id)).you;
      expect(Object.values(you).some((c) => c.ok)).toBe(false);
      expect(await codeOf(attempt(db, a, p, 'comment'))).toBe('conflict');
    }
    expect(p.history.map((h) => h.action)).toEqual([
      'propose',
      'advance',
      'comment',
      'comment',
      'advance',
      'comment',
      'advance',
      'advance',
      'sign_lead',
      'sign_supervisor',
      'approve',
    ]);
  }, 120_000);

  it('says who acts next at the signing step by name, and finds a taken template version before the committee', async () => {
    let p: Proposal = await db.transaction((tx) =>
      createProposal(tx, hr, { family: 'presales-cs', team: 'cs', title: 'again', yaml: draft }),
    );
    for (let i = 0; i < 3; i++) p = await attempt(db, hr, p, 'advance');
    expect(p.step).toBe(4);
    // presales-cs@2027.1 was approved above: the benchmark cannot be confirmed with that version
    expect(await codeOf(attempt(db, hr, p, 'advance'))).toBe('conflict');
    const renamed = draft.replace('version: "2027.1"', 'version: "2027.2"');
    p = await db.transaction((tx) =>
      commentProposal(tx, hr, p.id, { version: p.version, comment: 'v2', yaml: renamed }),
    );
    p = await attempt(db, hr, p, 'advance');
    expect(p.step).toBe(5);
    expect(p.next.zh).toBe('主管 总监 (D1)与团队负责人 客服主管 (S1)签字');
    p = await attempt(db, lead, p, 'sign_lead');
    expect(p.next.en).toBe('the supervisor 总监 (D1) signs');
    expect(await codeOf(attempt(db, lead, p, 'sign_lead'))).toBe('conflict');
  }, 60_000);
});
