/**
 * Team figures stay true after scoring (issue 5 / issue 8 §3): the demo's pre-sales CS agents are scored
 * against their team's mean inquiry conversion (presales-cs, indicator vs_team). When one agent's actual
 * is overridden after the team was scored, the colleagues are scored again in the same transaction with
 * the new mean — equal to the engine run directly on the new inputs — and the audit log says why; a
 * change that leaves the team's figures as they were rescores nobody; a team move after scoring makes
 * the scores stale, so publishing is refused until "score all" rescores them; after publishing the
 * override is refused and nothing changes.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scoreForm } from '../core/scoring/score-form.ts';
import { type GroupMember, scoreGroup } from '../core/scoring/score-group.ts';
import type { Template } from '../core/scoring/types.ts';
import { type FreshDb, freshDb, TEST_ENGINES } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import { listAudit } from './audit-service.ts';
import {
  type Form,
  getForm,
  listForms,
  openMonth,
  overrideActual,
  personInput,
  publishMonth,
  scoreMonth,
} from './cycle-service.ts';
import { DEMO_COMPANY, loadDemoCompany } from './demo-company.ts';
import { createTemplateVersion, parsedTemplate } from './template-service.ts';

const M = '2026-10';
const hr: Actor = {
  company: DEMO_COMPANY,
  userId: 'u-hr',
  login: 'hr',
  name: '吴人事',
  role: 'hr',
  employee: 'H001',
};
const csLead: Actor = {
  company: DEMO_COMPANY,
  userId: 'u-cslead',
  login: 'cslead',
  name: '郑客服主管',
  role: 'supervisor',
  employee: 'S001',
};

describe.each(TEST_ENGINES)('cohort rescoring on %s', (engine) => {
  let fresh: FreshDb;
  let agents: string[];
  let template: Template;

  const form = (employee: string) => getForm(fresh.db, hr, M, employee);
  const forms = async () => {
    const out = new Map<string, Form>();
    for (const e of agents) out.set(e, await form(e));
    return out;
  };
  /** The engine run directly over the team as its forms stand now (everyone in team cs). */
  const direct = (now: Map<string, Form>) => {
    const people: GroupMember[] = agents.map((e) => ({
      ...personInput(now.get(e)!),
      groups: { team: 'cs', family: 'presales-cs' },
    }));
    return new Map(scoreGroup(template, people, { explain: true }).map((c) => [c.employee, c]));
  };
  const points = (f: Form, id: string) => f.scorecard?.indicators.find((i) => i.id === id)?.points;

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, 'test-password-1');
    await fresh.db.transaction((tx) => openMonth(tx, hr, { month: M, families: ['presales-cs'] }));
    agents = (await listForms(fresh.db, hr, M)).map((f) => f.employee);
    const first = await form(agents[0]!);
    const [id, version] = first.template.split('@') as [string, string];
    const t = await fresh.db.query<{ yaml: string }>(
      'SELECT yaml FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [DEMO_COMPANY, id, version],
    );
    template = parsedTemplate(DEMO_COMPANY, id, version, t.rows[0]!.yaml);
  });
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('the demo team is scored against its own mean', async () => {
    expect(agents).toEqual(['E006', 'E007', 'E009', 'S001']);
    expect(template.indicators.find((i) => i.id === 'vs_team')?.derive).toMatchObject({
      kind: 'cohort',
      agg: 'mean',
    });
    const r = await scoreMonth(fresh.db, hr, M);
    expect(r.failed).toEqual([]);
    expect(r.scored).toBe(4);
    expect(r.rescored).toEqual([]);
    const now = await forms();
    const want = direct(now);
    for (const e of agents) {
      expect(now.get(e)!.status).toBe('scored');
      expect(now.get(e)!.total).toBe(want.get(e)!.total);
    }
  });

  test("overriding one agent's actual rescores the colleagues with the new team mean, audited", async () => {
    const before = await forms();
    const target = 'E007';
    const old = before.get(target)!.actuals.inquiry_conversion!.value!;
    // far enough from the old figure that every colleague's comparison with the mean moves
    const value = Number((old + 0.2).toFixed(4));
    const reason = '平台客服数据漏了夜班咨询，按后台导出更正';
    const back = await fresh.db.transaction((tx) =>
      overrideActual(tx, hr, M, target, {
        version: before.get(target)!.version,
        indicator: 'inquiry_conversion',
        value,
        reason,
      }),
    );
    // the overridden form is open again, as after any change of its own inputs
    expect(back.status).toBe('open');
    expect(back.actuals.inquiry_conversion!.value).toBe(value);

    const after = await forms();
    const want = direct(after);
    const colleagues = agents.filter((e) => e !== target);
    for (const e of colleagues) {
      const f = after.get(e)!;
      expect(f.status).toBe('scored');
      expect(f.version).toBe(before.get(e)!.version + 1);
      // the same numbers as the engine run directly over the team with the new figure
      expect(f.total).toBe(want.get(e)!.total);
      expect(f.scorecard!.indicators.map((i) => i.points)).toEqual(
        want.get(e)!.indicators.map((i) => i.points),
      );
      // the team comparison moved: a higher colleague figure raises the mean, so everyone else is lower
      expect(points(f, 'vs_team')!).toBeLessThan(points(before.get(e)!, 'vs_team')!);
      // and the trace says why
      expect(f.scorecard!.steps!.at(-1)!.en).toContain(`${target}'s`);
      const audit = await listAudit(fresh.db, DEMO_COMPANY, { entity: 'form', entityId: `${M}/${e}` });
      const entry = audit.find((a) => a.action === 'rescore_group')!;
      expect(entry.actor).toBe('hr (H001)');
      expect(entry.why).toContain(`rescored because ${target}'s`);
      expect(entry.why).toContain(reason);
      expect(entry.why).toContain('询单转化率');
      expect(entry.before).toMatchObject({ total: before.get(e)!.total });
      expect(entry.after).toMatchObject({ total: f.total });
    }
    // scoring the overridden agent again gives what the engine gives with the same team figures
    const r = await scoreMonth(fresh.db, hr, M);
    expect(r).toEqual({ scored: 1, rescored: [], failed: [] });
    const again = await forms();
    const direct2 = direct(again);
    for (const e of agents) expect(again.get(e)!.total).toBe(direct2.get(e)!.total);
    expect(again.get(target)!.total).not.toBe(before.get(target)!.total);
  });

  test("an override that leaves the team's figures as they were rescores nobody", async () => {
    const before = await forms();
    const f = before.get('E006')!;
    await fresh.db.transaction((tx) =>
      overrideActual(tx, csLead, M, 'E006', {
        version: f.version,
        indicator: 'response_time',
        value: 33,
        reason: '系统统计含机器人回复，人工复核',
      }),
    );
    const after = await forms();
    expect(after.get('E006')!.status).toBe('open');
    for (const e of ['E007', 'E009', 'S001']) expect(after.get(e)!.version).toBe(before.get(e)!.version);
    await scoreMonth(fresh.db, hr, M);
  });

  test('a team move after scoring leaves stale scores: publishing is refused until "score all"', async () => {
    // E009 moves to the ops team: the cs team's mean no longer counts her, and she is alone in hers
    await fresh.db.query("UPDATE employee SET team = 'ops' WHERE company_id = $1 AND code = 'E009'", [
      DEMO_COMPANY,
    ]);
    const before = await forms();
    await expect(fresh.db.transaction((tx) => publishMonth(tx, hr, M))).rejects.toThrow(
      /scored with team figures .* E006, E007, E009, S001/,
    );
    const month = await fresh.db.query<{ status: string }>(
      'SELECT status FROM appraisal_month WHERE company_id = $1 AND month = $2',
      [DEMO_COMPANY, M],
    );
    expect(month.rows[0]!.status).toBe('open');

    const r = await scoreMonth(fresh.db, hr, M);
    expect(r.rescored.sort()).toEqual(['E006', 'E007', 'E009', 'S001']);
    const after = await forms();
    // E009 alone in her team: her own figure is the mean, so she compares level with it
    const e009 = after.get('E009')!;
    const direct9 = scoreForm(
      template,
      { ...personInput(e009), cohort: { vs_team: e009.actuals.inquiry_conversion!.value! } },
      { explain: true },
    );
    expect(e009.total).toBe(direct9.total);
    for (const e of agents) expect(after.get(e)!.version).toBe(before.get(e)!.version + 1);
    const audit = await listAudit(fresh.db, DEMO_COMPANY, { entity: 'form', entityId: `${M}/E006` });
    expect(audit[0]!.action).toBe('rescore_group');
    expect(audit[0]!.why).toContain('changed after scoring');
    await fresh.db.transaction((tx) => publishMonth(tx, hr, M));
  });

  test('after publishing an override is refused and nothing changes', async () => {
    const before = await forms();
    const f = before.get('E007')!;
    await expect(
      fresh.db.transaction((tx) =>
        overrideActual(tx, hr, M, 'E007', {
          version: f.version,
          indicator: 'inquiry_conversion',
          value: 0.1,
          reason: '发布后发现数据错误',
        }),
      ),
    ).rejects.toThrow(/objection review/);
    const after = await forms();
    for (const e of agents) {
      expect(after.get(e)!.version).toBe(before.get(e)!.version);
      expect(after.get(e)!.total).toBe(before.get(e)!.total);
    }
  });
});

describe.each(TEST_ENGINES)('rank rescoring on %s', (engine) => {
  let fresh: FreshDb;
  const MR = '2026-09';

  beforeAll(async () => {
    fresh = await freshDb(engine);
    await loadDemoCompany(fresh.db, 'test-password-1');
    // the team-comparison template (rank in the team) in force from September
    const yaml = (await readFile(new URL('../../templates/presales-cs-team.yaml', import.meta.url), 'utf8'))
      .replace('version: "2026.1"', 'version: "2026.9"')
      .replace('effective: 2026-01-01', 'effective: 2026-09-01');
    await fresh.db.transaction((tx) => createTemplateVersion(tx, hr, yaml, 'rank test'));
    // the demo has no daily response times per agent: 30 days of 25 s each, one slow day
    for (const e of ['E006', 'E007', 'E009', 'S001'])
      for (let d = 1; d <= 30; d++)
        await fresh.db.query(
          `INSERT INTO manual_figure (company_id, month, employee, metric, day, value, source)
           VALUES ($1, $2, $3, 'response_time', $4, $5, 'test')`,
          [DEMO_COMPANY, MR, e, `${MR}-${String(d).padStart(2, '0')}`, d === 7 ? '40' : '25'],
        );
    await fresh.db.transaction((tx) => openMonth(tx, hr, { month: MR, families: ['presales-cs'] }));
  });
  afterAll(async () => {
    await fresh?.dispose();
  });

  test('moving the last agent to the top moves everyone else down a rank', async () => {
    const r = await scoreMonth(fresh.db, hr, MR);
    expect(r.failed).toEqual([]);
    const list = await listForms(fresh.db, hr, MR);
    const before = new Map<string, Form>();
    for (const f of list) before.set(f.employee, await getForm(fresh.db, hr, MR, f.employee));
    const rank = (f: Form) => f.scorecard!.indicators.find((i) => i.id === 'team_rank')!;
    const ranks = (m: Map<string, Form>) =>
      Object.fromEntries([...m.values()].map((f) => [f.employee, [rank(f).actual, rank(f).points]]));
    // 1st 10 points, 2nd–3rd 8, others 5
    expect(ranks(before)).toEqual({ E006: [1, 10], E009: [2, 8], S001: [3, 8], E007: [4, 5] });

    // the team lead corrects the last agent's conversion: she is now first
    const e007 = before.get('E007')!;
    await fresh.db.transaction((tx) =>
      overrideActual(tx, csLead, MR, 'E007', {
        version: e007.version,
        indicator: 'team_rank',
        value: 0.99,
        reason: '咨询量统计口径错误，按平台申诉结果更正',
      }),
    );
    const after = new Map<string, Form>();
    for (const f of list) after.set(f.employee, await getForm(fresh.db, hr, MR, f.employee));
    const fixed = after.get('E007')!;
    expect(fixed.status).toBe('open');
    // one figure, read by two indicators (the team comparison and the rank): both take the correction
    expect(fixed.actuals.team_rank!.value).toBe(0.99);
    expect(fixed.actuals.conversion_vs_team!.value).toBe(0.99);
    expect(fixed.actuals.conversion_vs_team!.override!.reason).toContain('口径');
    after.delete('E007');
    // everyone else moved down one rank; the 3rd → 4th loses points, 2nd → 3rd keeps 8 but is rescored
    expect(ranks(after)).toEqual({ E006: [2, 8], E009: [3, 8], S001: [4, 5] });
    const [id, version] = e007.template.split('@') as [string, string];
    const t = await fresh.db.query<{ yaml: string }>(
      'SELECT yaml FROM template_version WHERE company_id = $1 AND template_id = $2 AND version = $3',
      [DEMO_COMPANY, id, version],
    );
    const tpl = parsedTemplate(DEMO_COMPANY, id, version, t.rows[0]!.yaml);
    const people: GroupMember[] = list.map((f) => ({
      ...personInput(f.employee === 'E007' ? fixed : after.get(f.employee)!),
      groups: { team: 'cs' },
    }));
    const direct = scoreGroup(tpl, people, { explain: true });
    for (const [e, f] of after) {
      expect(f.version).toBe(before.get(e)!.version + 1);
      expect(f.total).toBe(direct.find((c) => c.employee === e)!.total);
      const audit = await listAudit(fresh.db, DEMO_COMPANY, { entity: 'form', entityId: `${MR}/${e}` });
      expect(audit[0]).toMatchObject({ action: 'rescore_group', actor: 'cslead (S001)' });
      expect(audit[0]!.why).toContain("rescored because E007's inquiry conversion changed");
    }
  });
});
