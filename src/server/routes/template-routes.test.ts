/**
 * The template live preview over HTTP (in-process, `app.request()`): a template with a cohort indicator
 * (presales-cs `vs_team`, the agent against the team's mean) gets a total, scored exactly as scoreForm scores
 * the same person with the same group figure, and the answer says which figure was used and where it came from.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDemoCompany } from '../../app/demo-company.ts';
import type { PreviewGroupFigure } from '../../app/template-service.ts';
import { type Scorecard, scoreForm } from '../../core/scoring/score-form.ts';
import { parseTemplate } from '../../core/scoring/template-parse.ts';
import type { Template } from '../../core/scoring/types.ts';
import { type FreshDb, freshDb } from '../../db/testing.ts';
import { createApp } from '../app.ts';
import type { Env } from '../route-table.ts';

const PW = 'test-password-1';
const YAML_PATH = join(import.meta.dirname, '..', '..', '..', 'templates', 'presales-cs.yaml');

interface Preview {
  scorecard: Scorecard;
  groupFigures: PreviewGroupFigure[];
}

describe('template preview with group figures', () => {
  let fresh: FreshDb;
  let app: OpenAPIHono<Env>;
  let yaml: string;
  let tpl: Template;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    fresh = await freshDb('pglite');
    await loadDemoCompany(fresh.db, PW);
    ({ app } = createApp({ db: fresh.db, webRoot: '/nonexistent-web-root' }));
    yaml = await readFile(YAML_PATH, 'utf8');
    const parsed = parseTemplate(yaml, 'presales-cs.yaml');
    if (!parsed.template) throw new Error('presales-cs.yaml does not parse');
    tpl = parsed.template;
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'hr', password: PW }),
    });
    expect(res.status).toBe(200);
    session = {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: String(((await res.json()) as { csrfToken: string }).csrfToken),
    };
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  async function preview(person: Record<string, unknown>) {
    const res = await app.request('/api/templates/preview', {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ yaml, person }),
    });
    return { status: res.status, json: (await res.json()) as Preview };
  }

  /** A month unlike every example (so a figure taken from the wrong place shows in the total). */
  const person = {
    actuals: {
      inquiry_conversion: 0.47,
      response_time: 40,
      aov: 190,
      qc_score: 93,
      satisfaction: 0.97,
      service_errors: 0,
    },
    behaviour: { supervisor: { execution: 4, responsibility: 5, initiative: 3 } },
    attendance: { late: 2 },
  };

  test('without group figures the first example lends its team mean, and the total matches scoreForm', async () => {
    const r = await preview(person);
    expect(r.status).toBe(200);
    const teamMean = tpl.examples[0]!.cohort!.vs_team!;
    expect(teamMean).toBe(0.4);
    const expected = scoreForm(tpl, { employee: 'preview', ...person, cohort: { vs_team: teamMean } });
    expect(expected.total).not.toBeNull();
    expect(r.json.scorecard.total).toBe(expected.total);
    expect(r.json.scorecard.grade).toBe(expected.grade);
    expect(r.json.scorecard.problems).toEqual([]);
    expect(r.json.scorecard.indicators.find((i) => i.id === 'vs_team')?.points).toBe(
      expected.indicators.find((i) => i.id === 'vs_team')?.points,
    );
    expect(r.json.groupFigures).toEqual([
      expect.objectContaining({
        indicator: 'vs_team',
        kind: 'cohort',
        group: 'team',
        agg: 'mean',
        value: 0.4,
        from: 'example',
        example: 'typical month',
      }),
    ]);
    expect(r.json.groupFigures[0]!.text.en).toBe(
      'team mean 40% (from the template\'s example "typical month")',
    );
  });

  test('a group figure sent in the body is used instead, and the total follows it', async () => {
    const r = await preview({ ...person, cohort: { vs_team: 0.5 } });
    expect(r.status).toBe(200);
    const expected = scoreForm(tpl, { employee: 'preview', ...person, cohort: { vs_team: 0.5 } });
    const fromExample = scoreForm(tpl, { employee: 'preview', ...person, cohort: { vs_team: 0.4 } });
    // 47% is above a 40% team mean and below a 50% one: the two totals differ, so the test can tell them apart
    expect(expected.total).not.toBe(fromExample.total);
    expect(r.json.scorecard.total).toBe(expected.total);
    expect(r.json.groupFigures[0]).toMatchObject({ value: 0.5, from: 'request' });
    expect(r.json.groupFigures[0]!.text.en).toBe('team mean 50% (entered in the preview)');
    expect(r.json.groupFigures[0]!.example).toBeUndefined();
  });

  test('a rank indicator takes its rank the same way, sent or from the example', async () => {
    const teamYaml = await readFile(join(YAML_PATH, '..', 'presales-cs-team.yaml'), 'utf8');
    const teamTpl = parseTemplate(teamYaml, 'presales-cs-team.yaml').template!;
    const ex = teamTpl.examples[0]!;
    const sample = { actuals: ex.actuals, ...(ex.behaviour ? { behaviour: ex.behaviour } : {}) };
    const res = await app.request('/api/templates/preview', {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ yaml: teamYaml, person: { ...sample, cohort: { team_rank: 4 } } }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Preview;
    // the rank was sent, the cohort mean was not: one figure from each source
    const cohort = { ...ex.cohort, team_rank: 4 };
    expect(ex.cohort?.team_rank).not.toBe(4);
    expect(json.scorecard.total).toBe(scoreForm(teamTpl, { employee: 'preview', ...sample, cohort }).total);
    const byId = Object.fromEntries(json.groupFigures.map((f) => [f.indicator, f]));
    expect(byId.team_rank).toMatchObject({ kind: 'rank', value: 4, from: 'request' });
    expect(byId.team_rank!.text.en).toBe('rank 4 in the team (entered in the preview)');
    expect(byId.conversion_vs_team).toMatchObject({ kind: 'cohort', value: 0.4, from: 'example' });
  });

  test('a template without group figures anywhere still reports the missing figure as a problem', async () => {
    const bare = yaml.replace(/\n {4}cohort: \{ vs_team: \d+% \}/g, '');
    expect(bare).not.toContain('cohort: {');
    const res = await app.request('/api/templates/preview', {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ yaml: bare, person }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Preview;
    expect(json.groupFigures).toEqual([]);
    expect(json.scorecard.total).toBeNull();
    expect(json.scorecard.problems.length).toBeGreaterThan(0);
  });
});
