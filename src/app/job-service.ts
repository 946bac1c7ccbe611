/**
 * Background jobs (后台任务): long work (opening a month for hundreds of people, an import) runs after the
 * request that started it has answered, and reports its progress here; the browser polls it.
 *
 * In process and in memory on purpose: a job lives as long as the server process that runs it (a
 * restart ends it, and its transaction rolls back, so nothing half-done stays), and one server process
 * is what shopkpi runs. Finished jobs are kept for a while so a slow poller still sees the outcome.
 *
 * Who sees a job: the actor who started it, and HR and admins of the same company; anyone else gets
 * "not found" (not "forbidden"), so that job ids cannot be probed.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type ErrorCode, type Problem } from '../core/errors.ts';
import type { Text } from '../core/text.ts';
import { type Actor, actorLabel } from './actor.ts';

export interface JobProgress {
  /** what the job is doing now, e.g. {zh: '生成考核表', en: 'creating forms'} */
  phase: Text;
  /** units of this phase done so far; 0 ≤ done ≤ total */
  done: number;
  /** units of this phase; 0 when unknown (the bar then shows the phase only) */
  total: number;
}

export type JobStatus = 'running' | 'done' | 'failed';

/** A job as the API shows it. */
export interface JobView {
  id: string;
  /** what kind of work, e.g. 'open-month', 'import' */
  kind: string;
  /** a short description of the job's input, e.g. the month or the file name */
  title: string;
  status: JobStatus;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  progress: JobProgress;
  /** the work's answer once done */
  result: unknown;
  /** why it failed, in the shape of the API's error body */
  error: { code: ErrorCode; message: Text; problems: Problem[] } | null;
}

interface Job extends JobView {
  company: string;
  userId: string;
  finishedMs: number | null;
  settled: Promise<void>;
}

export interface JobRegistryOptions {
  /** how long a finished job stays readable; default 30 minutes */
  keepMs?: number;
  /** finished jobs kept at most (oldest dropped first); default 500 */
  maxFinished?: number;
  /** the clock (tests pass their own) */
  now?: () => number;
}

/** Roles that see every job of their company (they run the company's long work). */
const OVERSEERS = new Set(['hr', 'admin']);

const STARTING: Text = { zh: '开始', en: 'starting' };
const DONE: Text = { zh: '完成', en: 'done' };

/**
 * The registry of one server process.
 * @example
 * const jobs = new JobRegistry();
 * const j = jobs.start(actor, 'import', 'orders.csv', async (report) => { report({ phase, done: 1, total: 2 }); return 42; });
 * jobs.get(actor, j.id).status // 'running', later 'done' with result 42
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly keepMs: number;
  private readonly maxFinished: number;
  private readonly now: () => number;

  constructor(opts: JobRegistryOptions = {}) {
    this.keepMs = opts.keepMs ?? 30 * 60_000;
    this.maxFinished = opts.maxFinished ?? 500;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Starts `work` at once (it runs after the caller's current step, so the request that started it can
   * answer) and returns the job. `work` reports progress through `report`; what it resolves to is the
   * job's result, what it throws its error (an {@link AppError} as it is, anything else as "internal").
   */
  start(
    actor: Actor,
    kind: string,
    title: string,
    work: (report: (p: JobProgress) => void) => Promise<unknown>,
  ): JobView {
    this.prune();
    const job: Job = {
      id: randomUUID(),
      kind,
      title,
      status: 'running',
      startedBy: actorLabel(actor),
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      progress: { phase: STARTING, done: 0, total: 0 },
      result: null,
      error: null,
      company: actor.company,
      userId: actor.userId,
      finishedMs: null,
      settled: Promise.resolve(),
    };
    const report = (p: JobProgress) => {
      if (job.status !== 'running') return;
      const total = Math.max(0, Math.floor(p.total));
      // done stays within [0, total] when a total is known: a bar cannot be drawn past its end
      const done = Math.max(0, Math.floor(total > 0 ? Math.min(p.done, total) : p.done));
      job.progress = { phase: p.phase, done, total };
    };
    const finish = () => {
      job.finishedMs = this.now();
      job.finishedAt = new Date(job.finishedMs).toISOString();
    };
    // A macrotask later, so that a synchronous burst of work cannot delay the answer that names the job.
    job.settled = new Promise<void>((r) => setImmediate(r))
      .then(() => work(report))
      .then(
        (result) => {
          job.result = result;
          job.progress = {
            phase: DONE,
            done: job.progress.total || job.progress.done,
            total: job.progress.total,
          };
          job.status = 'done';
          finish();
        },
        (err: unknown) => {
          if (err instanceof AppError) {
            job.error = { code: err.code, message: err.text, problems: [...err.problems] };
          } else {
            // an unexpected failure is a bug: logged for the operator, hidden from the caller
            process.stderr.write(
              `job ${job.id} (${kind}) failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
            );
            job.error = {
              code: 'internal',
              message: {
                zh: '任务出错，已记录在服务器日志',
                en: 'the job failed; the server log has details',
              },
              problems: [],
            };
          }
          job.status = 'failed';
          finish();
        },
      );
    this.jobs.set(job.id, job);
    return view(job);
  }

  /** The job, if the actor may see it; else "not found". */
  get(actor: Actor, id: string): JobView {
    this.prune();
    const job = this.jobs.get(id);
    if (!job || !maySee(actor, job))
      throw new AppError('not_found', { zh: `没有任务 ${id}`, en: `no job ${id}` });
    return view(job);
  }

  /** The jobs the actor may see, newest first. */
  list(actor: Actor): JobView[] {
    this.prune();
    return [...this.jobs.values()]
      .filter((j) => maySee(actor, j))
      .reverse()
      .map(view);
  }

  /** Resolves when the job has finished (for tests and for shutting down); never rejects. */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id)?.settled;
  }

  private prune(): void {
    const now = this.now();
    const finished: Job[] = [];
    for (const j of this.jobs.values()) {
      if (j.finishedMs === null) continue;
      if (now - j.finishedMs > this.keepMs) this.jobs.delete(j.id);
      else finished.push(j);
    }
    // Map order is start order: over the limit, the earliest started of the finished jobs go first
    for (let i = 0; i < finished.length - this.maxFinished; i++) this.jobs.delete(finished[i]!.id);
  }
}

function maySee(actor: Actor, job: Job): boolean {
  if (actor.company !== job.company) return false;
  return actor.userId === job.userId || OVERSEERS.has(actor.role);
}

function view(j: Job): JobView {
  return {
    id: j.id,
    kind: j.kind,
    title: j.title,
    status: j.status,
    startedBy: j.startedBy,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    progress: { ...j.progress },
    result: j.result,
    error: j.error,
  };
}
