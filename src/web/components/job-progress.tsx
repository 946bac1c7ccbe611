/**
 * Long work in the background, seen from the browser: {@link runJob} starts a job with one POST and
 * polls GET /api/jobs/{id} until it is done (polling works through every proxy), handing each state to
 * the page; {@link JobProgress} draws one state as a bar with the server's phase text and n / N.
 */
import { Progress, Typography } from 'antd';
import { ApiError, type ApiProblem, get, post } from '../api.ts';
import { useT } from '../i18n/index.ts';
import type { Text } from '../types.ts';

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
  let job = await post<Job>(path, body);
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

/** Percent of the current phase; an unknown total shows an empty, moving bar until the end. */
export function jobPercent(job: Job): number {
  if (job.status === 'done') return 100;
  const { done, total } = job.progress;
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

/**
 * One job's bar. `refused` draws a finished job in red: the work ran to its end but its answer is a
 * refusal (an import whose rows were bad wrote nothing).
 */
export function JobProgress({
  job,
  testId = 'job-progress',
  refused = false,
}: {
  job: Job | null;
  testId?: string;
  refused?: boolean;
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
