/**
 * Build jobs for kallelse books, kept in this process's memory: one running
 * build per meeting (asking again while it runs joins it), progress as
 * {phase, done, total}, and the outcome kept for an hour so the UI can poll.
 * A job that was running when the process stopped is gone; the next request
 * simply builds again (the result is the same book, stored by its hash).
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../kernel/errors.ts';

export type JobPhase = 'queued' | 'collecting' | 'rendering' | 'merging' | 'saving' | 'done' | 'failed';

export interface JobView<R> {
  jobId: string;
  meetingId: number;
  state: 'running' | 'done' | 'failed';
  phase: JobPhase;
  /** Pages written so far, of `total` (0 of 0 until the book is planned). */
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  result: R | null;
  error: { code: string; message: string } | null;
}

export interface Progress {
  phase: JobPhase;
  done?: number;
  total?: number;
}

interface Job<R> {
  view: JobView<R>;
  promise: Promise<R>;
}

const KEEP_MS = 60 * 60_000;
const KEEP_MAX = 200;

export class JobRegistry<R> {
  private readonly jobs = new Map<string, Job<R>>();
  private readonly running = new Map<number, Job<R>>();

  /** Starts `work` for a meeting, or returns the build already running for it. */
  start(
    meetingId: number,
    work: (report: (p: Progress) => void) => Promise<R>,
    onUnexpected?: (e: unknown) => void,
  ): { view: JobView<R>; promise: Promise<R>; joined: boolean } {
    const current = this.running.get(meetingId);
    if (current) return { view: current.view, promise: current.promise, joined: true };
    this.prune();
    const view: JobView<R> = {
      jobId: randomUUID(),
      meetingId,
      state: 'running',
      phase: 'queued',
      done: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    const report = (p: Progress) => {
      view.phase = p.phase;
      if (p.total !== undefined) view.total = p.total;
      if (p.done !== undefined) view.done = p.done;
    };
    const promise = Promise.resolve()
      .then(() => work(report))
      .then(
        (result) => {
          Object.assign(view, { state: 'done', phase: 'done', result, finishedAt: new Date().toISOString() });
          view.done = view.total;
          return result;
        },
        (e: unknown) => {
          if (!(e instanceof DomainError)) onUnexpected?.(e);
          const error =
            e instanceof DomainError
              ? { code: e.code, message: e.message }
              : { code: 'build-failed', message: 'Kallelsen kunde inte byggas på grund av ett oväntat fel. Försök igen eller kontakta förvaltningen.' };
          Object.assign(view, { state: 'failed', phase: 'failed', error, finishedAt: new Date().toISOString() });
          throw e;
        },
      )
      .finally(() => this.running.delete(meetingId));
    // The job's outcome is read through its view; nobody else has to wait for it.
    promise.catch(() => {});
    const job = { view, promise };
    this.jobs.set(view.jobId, job);
    this.running.set(meetingId, job);
    return { view, promise, joined: false };
  }

  get(jobId: string): JobView<R> | null {
    return this.jobs.get(jobId)?.view ?? null;
  }

  /** Whether any job is running. */
  busy(): boolean {
    return this.running.size > 0;
  }

  runningFor(meetingId: number): JobView<R> | null {
    return this.running.get(meetingId)?.view ?? null;
  }

  /** Waits for every running job (for shutting down and for tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((j) => j.promise));
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      const done = job.view.finishedAt ? Date.parse(job.view.finishedAt) : null;
      if ((done !== null && now - done > KEEP_MS) || (done !== null && this.jobs.size > KEEP_MAX)) this.jobs.delete(id);
    }
  }
}
