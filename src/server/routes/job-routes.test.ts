/**
 * Background jobs over HTTP (in-process, `app.request()`), on the demo company: opening a month as a
 * job with its progress, a failing job, who may see a job, and importing uploaded platform exports
 * (a good file lands and is audited, a bad file lands nothing and lists its rows, re-importing changes
 * nothing).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type OpenMonthProgress, openMonth } from '../../app/cycle-service.ts';
import type { JobView } from '../../app/job-service.ts';
import type { ImportOutcome } from '../../app/store-data-service.ts';
import type { Db } from '../../db/open-db.ts';
import { TEST_ENGINES } from '../../db/testing.ts';
import { type Json, type TestSession as Session, setUpTestApp } from '../testing-http.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');

/** Row counts of the tables an import may touch, and the audit log's. */
const COUNTED = ['order_line', 'store_day', 'import_batch', 'fact_change', 'audit_log'] as const;
async function counts(db: Db): Promise<Record<(typeof COUNTED)[number], number>> {
  const out = { order_line: 0, store_day: 0, import_batch: 0, fact_change: 0, audit_log: 0 };
  for (const t of COUNTED) {
    const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
    out[t] = Number(r.rows[0]?.n);
  }
  return out;
}

describe.each(TEST_ENGINES)('jobs and store-data import on %s', (engine) => {
  const api = setUpTestApp(engine);
  const { call, login } = api;

  /** Polls a job until it is no longer running, as the UI does; returns every progress seen. */
  async function finished(s: Session, id: string): Promise<{ job: JobView; seen: JobView[] }> {
    const seen: JobView[] = [];
    for (;;) {
      const r = await call(s, 'GET', `/api/jobs/${id}`);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const job = r.json as unknown as JobView;
      seen.push(job);
      if (job.status !== 'running') return { job, seen };
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  async function upload(s: Session, file: string, store: string, extra: Json = {}) {
    const content = await readFile(join(FIXTURES, file));
    return call(s, 'POST', '/api/jobs/import', {
      fileName: file,
      store,
      contentBase64: content.toString('base64'),
      ...extra,
    });
  }

  test('openMonth reports facts, forms n of N, then writing', async () => {
    const seen: OpenMonthProgress[] = [];
    const hr = {
      company: 'demo',
      userId: 'u-hr',
      login: 'hr',
      name: 'hr',
      role: 'hr',
      employee: null,
    } as const;
    const company = (await api.db.query<{ company_id: string }>('SELECT company_id FROM app_user LIMIT 1'))
      .rows[0]!.company_id;
    // in a transaction rolled back at the end: only the reports matter here
    await api.db
      .transaction(async (tx) => {
        const m = await openMonth(tx, { ...hr, company }, { month: '2026-09' }, (p) => seen.push(p));
        expect(m.total).toBeGreaterThan(0);
        throw new Error('roll back');
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error && e.message === 'roll back')) throw e;
      });
    expect(seen[0]?.phase).toBe('facts');
    const forms = seen.filter((p) => p.phase === 'forms');
    expect(forms.length).toBeGreaterThan(0);
    const total = forms[0]!.total;
    expect(forms.at(-1)).toEqual({ phase: 'forms', done: total, total });
    // never backwards
    for (let i = 1; i < forms.length; i++) expect(forms[i]!.done).toBeGreaterThan(forms[i - 1]!.done);
    expect(seen.at(-1)).toEqual({ phase: 'write', done: 0, total });
    expect((await call(await login('hr'), 'GET', '/api/months/2026-09')).status).toBe(404);
  });

  let openJob = '';
  test('HR opens a month as a job: running at first, then done with the month; again: failed', async () => {
    const hr = await login('hr');
    const start = await call(hr, 'POST', '/api/jobs/open-month', { month: '2026-10', objectionDays: 5 });
    expect(start.status, JSON.stringify(start.json)).toBe(200);
    const job = start.json as unknown as JobView;
    expect(job.status).toBe('running');
    expect(job.kind).toBe('open-month');
    expect(job.title).toBe('2026-10');
    openJob = job.id;
    const { job: end } = await finished(hr, job.id);
    expect(end.status).toBe('done');
    const month = end.result as { month: string; total: number; objectionDays: number };
    expect(month.month).toBe('2026-10');
    expect(month.objectionDays).toBe(5);
    const stored = await call(hr, 'GET', '/api/months/2026-10');
    expect(stored.json.total).toBe(month.total);
    expect(end.progress.total).toBe(month.total);
    expect(end.progress.done).toBe(month.total);

    const again = await call(hr, 'POST', '/api/jobs/open-month', { month: '2026-10' });
    expect(again.status).toBe(200);
    const { job: failed } = await finished(hr, String(again.json.id));
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('conflict');
    expect(failed.result).toBeNull();
  });

  test('a job is seen by its starter and the company’s HR/admin; anyone else gets 404', async () => {
    expect(openJob).not.toBe('');
    expect((await call(await login('admin'), 'GET', `/api/jobs/${openJob}`)).status).toBe(200);
    for (const who of ['e001', 'cslead', 'committee']) {
      const s = await login(who);
      const r = await call(s, 'GET', `/api/jobs/${openJob}`);
      expect(r.status, who).toBe(404);
      expect(JSON.stringify(r.json)).not.toContain('2026-10');
      expect((await call(s, 'GET', '/api/jobs')).json.jobs).toEqual([]);
    }
    const mine = (await call(await login('hr'), 'GET', '/api/jobs')).json.jobs as JobView[];
    expect(mine.map((j) => j.id)).toContain(openJob);
    // only HR may start the work
    expect(
      (await call(await login('e001'), 'POST', '/api/jobs/open-month', { month: '2026-08' })).status,
    ).toBe(403);
    expect((await call(await login('cslead'), 'GET', '/api/store-data/imports')).status).toBe(403);
  });

  test('a good file lands, with progress, an import batch and an audit entry', async () => {
    const hr = await login('hr');
    const before = await counts(api.db);
    const start = await upload(hr, 'taobao-orders.csv', 'TM01');
    expect(start.status, JSON.stringify(start.json)).toBe(200);
    const { job, seen } = await finished(hr, String(start.json.id));
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const out = job.result as ImportOutcome;
    expect(out.preset).toBe('taobao-orders');
    expect(out.refused).toBe(0);
    expect(out.inserted).toBeGreaterThan(0);
    expect(out.batchId).toBeDefined();
    expect(job.progress.phase.en).toBe('done');
    expect(seen.every((j) => j.progress.done <= Math.max(j.progress.total, j.progress.done))).toBe(true);
    const after = await counts(api.db);
    expect(after.order_line - before.order_line).toBe(out.inserted);
    expect(after.import_batch).toBe(before.import_batch + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);
    const audit = await call(hr, 'GET', '/api/audit?entity=import');
    const entries = audit.json.entries as { actor: string; entityId: string; after: Json }[];
    expect(entries[0]?.entityId).toBe(out.batchId);
    expect(entries[0]?.actor).toMatch(/^hr/);
    expect(entries[0]?.after).toMatchObject({
      file: 'taobao-orders.csv',
      store: 'TM01',
      inserted: out.inserted,
    });
    const listed = await call(hr, 'GET', '/api/store-data/imports');
    const imports = listed.json.imports as { fileName: string; importedBy: string; inserted: number }[];
    expect(imports[0]?.fileName).toBe('taobao-orders.csv');
    expect(imports[0]?.importedBy).toMatch(/^hr/);
    expect(imports[0]?.inserted).toBe(out.inserted);
    expect((listed.json.presets as { name: string }[]).map((p) => p.name)).toContain('sycm-store-day');
    const cov = await call(hr, 'GET', '/api/store-data/coverage');
    const rows = cov.json.coverage as { store: string; month: string; orderLines: number }[];
    expect(rows.find((x) => x.store === 'TM01' && x.month === '2026-10')?.orderLines).toBeGreaterThanOrEqual(
      out.inserted,
    );

    // the same file again: nothing changes, not even the audit log
    const again = await upload(hr, 'taobao-orders.csv', 'TM01');
    const { job: j2 } = await finished(hr, String(again.json.id));
    const o2 = j2.result as ImportOutcome;
    expect([o2.inserted, o2.replaced, o2.unchanged]).toEqual([0, 0, out.inserted]);
    expect(o2.batchId).toBeUndefined();
    expect(await counts(api.db)).toEqual(after);
  });

  test('a bad file lands nothing and lists every bad row', async () => {
    const hr = await login('hr');
    const before = await counts(api.db);
    const start = await upload(hr, 'sycm-store-day-bad-rows.csv', 'TM01');
    const { job } = await finished(hr, String(start.json.id));
    // refused rows are an answer, not a failure of the job
    expect(job.status).toBe('done');
    const out = job.result as ImportOutcome;
    expect(out.refused).toBeGreaterThan(0);
    expect(out.inserted + out.replaced + out.unchanged).toBe(0);
    const errors = out.problems.filter((p) => p.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(out.refused);
    expect(out.problemsTotal).toBe(out.problems.length);
    for (const p of errors) {
      expect(p.where.file).toBe('sycm-store-day-bad-rows.csv');
      expect(p.where.row).toBeGreaterThan(1);
      expect(p.message.en.length).toBeGreaterThan(0);
    }
    // the unparseable amount on the third line is named with its column and value
    expect(errors.some((p) => p.where.row === 3 && p.where.value === 'abc')).toBe(true);
    expect(await counts(api.db)).toEqual(before);
  });

  test('an unknown store fails the job with the store named; bad base64 is refused at once', async () => {
    const hr = await login('hr');
    const before = await counts(api.db);
    const start = await upload(hr, 'taobao-orders.csv', 'NOPE01');
    const { job } = await finished(hr, String(start.json.id));
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('not_found');
    expect(job.error?.problems[0]?.where.value).toBe('NOPE01');
    const bad = await call(hr, 'POST', '/api/jobs/import', {
      fileName: 'x.csv',
      store: 'TM01',
      contentBase64: 'not base64!',
    });
    expect(bad.status).toBe(400);
    expect(await counts(api.db)).toEqual(before);
  });
});
