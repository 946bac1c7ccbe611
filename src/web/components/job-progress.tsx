/**
 * Long work in the background, seen from the browser: {@link runJob} starts a job with one POST and
 * polls GET /api/jobs/{id} until it is done (polling works through every proxy), handing each state to
 * the page; {@link JobProgress} draws one state as a bar with the server's phase text and n / N. A job
 * outlives the page that started it, so {@link useRunningJob} picks a running one back up after a reload.
 */
import { Progress, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { ApiError, type ApiProblem, get, post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useT } from '../i18n/index.ts';
import type { Text, User } from '../types.ts';

/** A job as GET /api/jobs/{id} answers it (docs/api.md "Jobs"). */
export interface Job {
  id: string;
  kind: string;
  title: string;
  status: 'running' | 'done' | 'failed';
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  progress: { phase: Text; done: number; total: number };
  result: unknown;
  error: { code: string; message: Text; problems: ApiProblem[] } | null;
}

/** Time between two polls: quick enough to look live, rare enough to cost the server nothing. */
const POLL_MS = 400;

/**
 * Starts a job and follows it to its end: resolves with the job's result, or throws an {@link ApiError}
 * carrying the job's error (code, words, problems) exactly as a failed request would.
 * @example const month = await runJob<Month>('/api/jobs/open-month', { month: '2026-10' }, setJob);
 */
export async function runJob<T>(path: string, body: unknown, onUpdate: (job: Job) => void): Promise<T> {
  return followJob<T>(await post<Job>(path, body), onUpdate);
}

/**
 * Follows a job already started (by {@link runJob}, or before the page was reloaded) to its end, as
 * runJob does: resolves with its result, or throws an {@link ApiError} with the job's error.
 */
export async function followJob<T>(started: Job, onUpdate: (job: Job) => void): Promise<T> {
  let job = started;
  onUpdate(job);
  while (job.status === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    job = await get<Job>(`/api/jobs/${encodeURIComponent(job.id)}`);
    onUpdate(job);
  }
  if (job.status === 'failed') {
    const e = job.error;
    throw new ApiError(
      0,
      e?.code ?? 'internal',
      e?.message ?? { zh: '任务失败', en: 'the job failed' },
      e?.problems ?? [],
    );
  }
  return job.result as T;
}

/**
 * Whether the signed-in user started the job. The job shows who started it as the server labels an
 * actor (src/app/actor.ts actorLabel): the login, then the employee code in brackets when there is one.
 */
export function startedByUser(job: Pick<Job, 'startedBy'>, user: Pick<User, 'login' | 'employee'>): boolean {
  const label = user.employee ? `${user.login} (${user.employee})` : user.login;
  return job.startedBy === label;
}

/**
 * On load, asks GET /api/jobs for a job of this kind that the signed-in user started and that is still
 * running (the newest, as the list is newest first) and hands it to `resume` once, so that a reloaded
 * page shows the progress again instead of forgetting the work. HR and admins see the company's jobs in
 * the list; only the user's own are picked up. A failed list is ignored: the page then works as before.
 */
export function useRunningJob(kind: string, enabled: boolean, resume: (job: Job) => void): void {
  const { user } = useAuth();
  const latest = useRef(resume);
  latest.current = resume;
  const login = user?.login;
  const employee = user?.employee ?? null;
  useEffect(() => {
    if (!enabled || login === undefined) return;
    let live = true;
    get<{ jobs: Job[] }>('/api/jobs')
      .then(({ jobs }) => {
        if (!live) return;
        const mine = jobs.find(
          (j) => j.kind === kind && j.status === 'running' && startedByUser(j, { login, employee }),
        );
        if (mine) latest.current(mine);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [kind, enabled, login, employee]);
}

/** Percent of the current phase; an unknown total shows an empty, moving bar until the end. */
export function jobPercent(job: Job): number {
  if (job.status === 'done') return 100;
  const { done, total } = job.progress;
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

/**
 * One job's bar. `refused` draws a finished job in red: the work ran to its end but its answer is a
 * refusal (an import whose rows were bad wrote nothing). `showTitle` names the job's input above the bar
 * (the month, the file): after a reload the page's form no longer says what is running.
 */
export function JobProgress({
  job,
  testId = 'job-progress',
  refused = false,
  showTitle = false,
}: {
  job: Job | null;
  testId?: string;
  refused?: boolean;
  showTitle?: boolean;
}) {
  const { t, tx } = useT();
  if (!job) return null;
  const { done, total, phase } = job.progress;
  const status =
    job.status === 'failed' || (job.status === 'done' && refused)
      ? 'exception'
      : job.status === 'done'
        ? 'success'
        : 'active';
  return (
    <div
      data-testid={testId}
      data-status={job.status}
      data-done={done}
      data-total={total}
      style={{ maxWidth: 520 }}
    >
      {showTitle ? (
        <Typography.Text strong data-testid={`${testId}-title`}>
          {job.title}
        </Typography.Text>
      ) : null}
      <Progress percent={jobPercent(job)} status={status} />
      <Typography.Text type="secondary" data-testid={`${testId}-text`}>
        {tx(phase)}
        {total > 0 ? ` ${t('jobs.count', { done, total })}` : ''}
        {job.status === 'running' ? '…' : ''}
        {job.status === 'failed' ? ` · ${t('jobs.failed')}` : ''}
      </Typography.Text>
    </div>
  );
}
