import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import type { Actor, Role } from './actor.ts';
import { type JobProgress, JobRegistry } from './job-service.ts';

const person = (userId: string, role: Role, company = 'acme'): Actor => ({
  company,
  userId,
  login: userId,
  name: userId,
  role,
  employee: null,
});
const hr = person('u-hr', 'hr');
const sup = person('u-sup', 'supervisor');
const other = person('u-emp', 'employee');
const admin = person('u-admin', 'admin');
const foreignHr = person('u-hr2', 'hr', 'other-co');
const phase = { zh: '处理', en: 'working' };

/** A promise the test resolves by hand, so the job's steps happen when the test says. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
}

describe('JobRegistry', () => {
  it('reports progress while running and the result when done', async () => {
    const jobs = new JobRegistry();
    const step = gate();
    const finish = gate();
    const reached = gate();
    const j = jobs.start(sup, 'test', 'two steps', async (report) => {
      await step.p;
      report({ phase, done: 1, total: 4 });
      reached.open();
      await finish.p;
      report({ phase, done: 4, total: 4 });
      return { answer: 42 };
    });
    expect(j.status).toBe('running');
    expect(j.progress.total).toBe(0);
    step.open();
    await reached.p;
    const mid = jobs.get(sup, j.id);
    expect(mid.status).toBe('running');
    expect(mid.progress).toEqual({ phase, done: 1, total: 4 });
    expect(mid.finishedAt).toBeNull();
    finish.open();
    await jobs.settled(j.id);
    const end = jobs.get(sup, j.id);
    expect(end.status).toBe('done');
    expect(end.result).toEqual({ answer: 42 });
    expect(end.progress.done).toBe(4);
    expect(end.progress.phase.en).toBe('done');
    expect(end.finishedAt).not.toBeNull();
    expect(end.error).toBeNull();
  });

  it('clamps done to the total and keeps it whole', async () => {
    const jobs = new JobRegistry();
    const seen: JobProgress[] = [];
    const j = jobs.start(sup, 'test', 'x', async (report) => {
      report({ phase, done: 7.6, total: 5 });
      seen.push(jobs.get(sup, id).progress);
      report({ phase, done: -3, total: 5 });
      seen.push(jobs.get(sup, id).progress);
    });
    const id = j.id;
    await jobs.settled(id);
    expect(seen.map((p) => p.done)).toEqual([5, 0]);
  });

  it('reports an AppError as the job error, with its problems', async () => {
    const jobs = new JobRegistry();
    const j = jobs.start(hr, 'test', 'fails', async (report) => {
      report({ phase, done: 1, total: 3 });
      throw new AppError('conflict', { zh: '已开启', en: 'already open' }, [
        { severity: 'error', code: 'x', message: { zh: '甲', en: 'a' }, where: { row: 3 } },
      ]);
    });
    await jobs.settled(j.id);
    const v = jobs.get(hr, j.id);
    expect(v.status).toBe('failed');
    expect(v.result).toBeNull();
    expect(v.error?.code).toBe('conflict');
    expect(v.error?.message.en).toBe('already open');
    expect(v.error?.problems[0]?.where.row).toBe(3);
    // the progress stays where the work stopped
    expect(v.progress.done).toBe(1);
  });

  it('hides an unexpected error behind "internal"', async () => {
    const jobs = new JobRegistry();
    const write = process.stderr.write;
    const logged: string[] = [];
    process.stderr.write = ((s: string) => {
      logged.push(s);
      return true;
    }) as typeof process.stderr.write;
    try {
      const j = jobs.start(hr, 'test', 'bug', async () => {
        throw new Error('secret detail');
      });
      await jobs.settled(j.id);
      const v = jobs.get(hr, j.id);
      expect(v.status).toBe('failed');
      expect(v.error?.code).toBe('internal');
      expect(JSON.stringify(v.error)).not.toContain('secret detail');
      expect(logged.join('')).toContain('secret detail');
    } finally {
      process.stderr.write = write;
    }
  });

  it('shows a job to its starter and to HR/admin of the company only', async () => {
    const jobs = new JobRegistry();
    const j = jobs.start(sup, 'test', 'mine', async () => 1);
    await jobs.settled(j.id);
    expect(jobs.get(sup, j.id).result).toBe(1);
    expect(jobs.get(hr, j.id).result).toBe(1);
    expect(jobs.get(admin, j.id).result).toBe(1);
    for (const who of [other, foreignHr]) {
      expect(() => jobs.get(who, j.id)).toThrow(AppError);
      try {
        jobs.get(who, j.id);
      } catch (e) {
        expect((e as AppError).code).toBe('not_found');
      }
      expect(jobs.list(who)).toEqual([]);
    }
    expect(() => jobs.get(hr, 'no-such-id')).toThrow(/no job/);
    const hrJob = jobs.start(hr, 'test', 'hr', async () => 2);
    await jobs.settled(hrJob.id);
    // newest first; the supervisor does not see HR's job
    expect(jobs.list(hr).map((x) => x.title)).toEqual(['hr', 'mine']);
    expect(jobs.list(sup).map((x) => x.title)).toEqual(['mine']);
  });

  it('forgets finished jobs after the keeping time, never running ones', async () => {
    let now = 1_000_000;
    const jobs = new JobRegistry({ keepMs: 60_000, now: () => now });
    const hold = gate();
    const running = jobs.start(hr, 'test', 'long', async () => {
      await hold.p;
    });
    const quick = jobs.start(hr, 'test', 'quick', async () => 'ok');
    await jobs.settled(quick.id);
    now += 59_000;
    expect(jobs.get(hr, quick.id).status).toBe('done');
    now += 2_000;
    expect(() => jobs.get(hr, quick.id)).toThrow(AppError);
    expect(jobs.get(hr, running.id).status).toBe('running');
    hold.open();
    await jobs.settled(running.id);
  });

  it('keeps at most maxFinished finished jobs, dropping the oldest', async () => {
    const jobs = new JobRegistry({ maxFinished: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const j = jobs.start(hr, 'test', `j${i}`, async () => i);
      ids.push(j.id);
      await jobs.settled(j.id);
    }
    expect(jobs.list(hr).map((j) => j.title)).toEqual(['j3', 'j2']);
  });
});
