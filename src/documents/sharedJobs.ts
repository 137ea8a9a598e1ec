/**
 * Kallelse book builds as jobs in PostgreSQL (issue 20.6), for several app
 * processes on one database: the job's view (phase, pages done of total,
 * result or error) is a `book_job` row (migration 057), so any process answers
 * the UI's poll; the work itself is a pg-boss job, which any process's worker
 * takes, and which pg-boss retries when the process that had it died.
 *
 * - One running build per meeting: a second start joins it (a partial unique
 *   index on the running rows; the same rule as jobs.ts in one process).
 * - The process that builds holds a session advisory lock on the job over a
 *   connection of its own. When the process dies, PostgreSQL ends that
 *   connection and the lock is free while the row still says running: any
 *   process that looks (every few seconds, and before joining a job) then
 *   fails the pg-boss job, and pg-boss's retry hands it to a worker, on this
 *   process or another. The build starts over (a book is stored by its
 *   content's hash and a version only once per agenda, so a second attempt
 *   saves the same book, never a second version). pg-boss's own expiry
 *   (JOB_EXPIRE_SECONDS, default an hour) is the backstop.
 * - Without DATABASE_URL (PGlite, one process) the in-memory JobRegistry of
 *   jobs.ts is used, as before.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Actor } from '../access/model.ts';
import type { Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import type { JobPhase, JobView, Progress } from './jobs.ts';

const QUEUE = 'kallelse-book';
/** The advisory lock's first key: the build of a book job (the second is the job id's hash). */
const LOCK_CLASS = 20_06;
const UNEXPECTED = 'Kallelsen kunde inte byggas på grund av ett oväntat fel. Försök igen eller kontakta förvaltningen.';

export type BookRunner<R> = (actor: Actor, meetingId: number, report: (p: Progress) => void) => Promise<R>;

export interface SharedJobsOptions {
  /** The pg-boss schema (default `pgboss`, or `<schema>_pgboss` for a database opened on a schema). */
  schema?: string;
  /** Seconds after which pg-boss gives a build up as hung and retries it (JOB_EXPIRE_SECONDS, default 3600). */
  expireSeconds?: number;
  /** How often this process looks for builds whose process died (JOB_SWEEP_SECONDS, default 3). */
  sweepSeconds?: number;
  /** Builds this process runs at once (JOB_WORKERS, default 2). */
  workers?: number;
  onUnexpected?: (e: unknown, meetingId: number) => void;
}

export function sharedJobsOptionsFromEnv(db: Db, env: NodeJS.ProcessEnv = process.env): SharedJobsOptions {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  const schema = env.PGBOSS_SCHEMA || (db.connection?.schema ? `${db.connection.schema}_pgboss` : 'pgboss');
  return { schema, expireSeconds: num(env.JOB_EXPIRE_SECONDS, 3600), sweepSeconds: num(env.JOB_SWEEP_SECONDS, 3), workers: Math.round(num(env.JOB_WORKERS, 2)) };
}

interface Row {
  job_id: string;
  meeting_id: number;
  actor: unknown;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  started_at: Date;
  finished_at: Date | null;
  result: unknown;
  error: unknown;
  queue_job_id: string | null;
  attempts: number;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export class SharedBookJobs<R> {
  private boss: PgBoss | null = null;
  private readonly workerName = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly local = new Set<Promise<unknown>>();
  private sweeper: NodeJS.Timeout | null = null;
  private workerIds: string[] = [];
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly run: BookRunner<R>,
    private readonly options: SharedJobsOptions = {},
  ) {
    if (db.kind !== 'postgres' || !db.connection) throw new Error('Delade byggjobb kräver PostgreSQL (DATABASE_URL).');
  }

  /** Starts pg-boss (creating its schema on first use), the workers and the sweeper. */
  async open(): Promise<void> {
    const { url } = this.db.connection!;
    const boss = new PgBoss({ connectionString: url, schema: this.options.schema ?? 'pgboss', max: 3, schedule: false, maintenanceIntervalSeconds: 30, monitorStateIntervalSeconds: 60 });
    boss.on('error', (e: Error) => console.error(`Jobbkön (pg-boss): ${e.message}`));
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 10, retryDelay: 0, expireInSeconds: this.options.expireSeconds ?? 3600 });
    this.boss = boss;
    for (let i = 0; i < (this.options.workers ?? 2); i++) {
      this.workerIds.push(await boss.work<{ jobId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, ([job]) => this.track(this.handle(job!.data.jobId))));
    }
    const every = (this.options.sweepSeconds ?? 3) * 1000;
    this.sweeper = setInterval(() => void this.sweep().catch((e: unknown) => console.error(`Sökningen efter avbrutna byggjobb misslyckades: ${e instanceof Error ? e.message : String(e)}`)), every);
    this.sweeper.unref();
    // builds whose process died while this one was not running
    await this.sweep();
  }

  /** Stops taking jobs and waits for this process's builds (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await this.idle();
    await this.boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
  }

  /** Starts a build for the meeting, or joins the one running for it (on any process). */
  async startJob(actor: Actor, meetingId: number): Promise<JobView<R>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const running = await this.runningRow(meetingId);
      if (running) {
        // a build whose process died is handed on before it is joined
        await this.takeOverIfDead(running);
        return this.view(running);
      }
      const jobId = randomUUID();
      const inserted = await this.db.kysely
        .insertInto('book_job')
        .values({ job_id: jobId, meeting_id: meetingId, actor: JSON.stringify(actor) })
        .onConflict((oc) => oc.columns(['meeting_id', 'kind']).where('state', '=', 'running').doNothing())
        .returning('job_id')
        .executeTakeFirst();
      if (!inserted) continue; // another process started one just now: join it
      try {
        const queued = await this.boss!.send(QUEUE, { jobId }, { retryLimit: 10, retryDelay: 0, expireInSeconds: this.options.expireSeconds ?? 3600 });
        await this.db.kysely.updateTable('book_job').set({ queue_job_id: queued }).where('job_id', '=', jobId).execute();
        for (const id of this.workerIds) this.boss!.notifyWorker(id);
      } catch (e) {
        await this.finish(jobId, { state: 'failed', error: { code: 'build-failed', message: UNEXPECTED } });
        throw e;
      }
      return this.view((await this.row(jobId))!);
    }
    throw new DomainError('busy', 'Kallelsen byggs redan; försök igen om en stund.', { status: 503 });
  }

  async get(jobId: string): Promise<JobView<R> | null> {
    if (!/^[0-9a-f-]{36}$/i.test(jobId)) return null;
    const row = await this.row(jobId);
    if (!row) return null;
    if (row.state === 'running') await this.takeOverIfDead(row);
    return this.view(row);
  }

  async runningFor(meetingId: number): Promise<JobView<R> | null> {
    const row = await this.runningRow(meetingId);
    return row ? this.view(row) : null;
  }

  /** Waits until the job has finished (polling its row); its result, or its error as a DomainError. */
  async wait(jobId: string): Promise<R> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      const v = await this.get(jobId);
      if (!v) throw notFound('Byggjobbet', jobId);
      if (v.state === 'done') return v.result as R;
      // the job's own message (a DomainError's, or the plain one for an unexpected failure)
      if (v.state === 'failed') throw new DomainError('build-failed', v.error?.message ?? UNEXPECTED, { status: 500 });
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Waits for the builds this process is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.local.size > 0) await Promise.allSettled([...this.local]);
  }

  busy(): boolean {
    return this.local.size > 0;
  }

  /** Looks for running builds whose process died, and hands them on. */
  async sweep(): Promise<number> {
    if (this.stopped) return 0;
    const rows = (await this.db.kysely.selectFrom('book_job').selectAll().where('state', '=', 'running').execute()) as Row[];
    let n = 0;
    for (const r of rows) if (await this.takeOverIfDead(r)) n++;
    return n;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.local.add(p);
    void p.finally(() => this.local.delete(p)).catch(() => undefined);
    return p;
  }

  private async row(jobId: string): Promise<Row | undefined> {
    return (await this.db.kysely.selectFrom('book_job').selectAll().where('job_id', '=', jobId).executeTakeFirst()) as Row | undefined;
  }

  private async runningRow(meetingId: number): Promise<Row | undefined> {
    return (await this.db.kysely.selectFrom('book_job').selectAll().where('meeting_id', '=', meetingId).where('kind', '=', 'book').where('state', '=', 'running').executeTakeFirst()) as Row | undefined;
  }

  private view(r: Row): JobView<R> {
    return {
      jobId: r.job_id,
      meetingId: r.meeting_id,
      state: r.state,
      phase: r.phase as JobPhase,
      done: r.done,
      total: r.total,
      startedAt: iso(r.started_at)!,
      finishedAt: iso(r.finished_at),
      result: (r.result ?? null) as R | null,
      error: (r.error ?? null) as { code: string; message: string } | null,
    };
  }

  /**
   * When no process holds the job's lock (its builder died, or none has taken
   * it yet) and pg-boss has it as taken, fails it in pg-boss, which retries it.
   * One process wins the claim (the attempts counter), so it is handed on once.
   */
  private async takeOverIfDead(r: Row): Promise<boolean> {
    if (this.stopped || !r.queue_job_id || !this.boss) return false;
    // Single statements, no transaction (nothing here may look like a build's commit to a crash probe).
    // Held: some session on this database has the job's advisory lock (pg_locks shows every session's).
    const held = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks
      where locktype = 'advisory' and granted and classid = ${LOCK_CLASS} and objid = hashtext(${r.job_id})::oid and objsubid = 2
        and database = (select oid from pg_database where datname = current_database())`.execute(this.db.kysely);
    if (held.rows[0]?.n) return false;
    // free: nobody builds it now. Only a job pg-boss handed out (active) a while ago was abandoned; a waiting one is fine.
    const active = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(this.options.schema ?? 'pgboss', 'job')} where id = ${r.queue_job_id}::uuid and state = 'active' and started_on < now() - interval '5 seconds'`.execute(this.db.kysely);
    if (!active.rows[0]?.n) return false;
    // one process wins the claim, so the job is handed on once
    const claimed = await this.db.kysely
      .updateTable('book_job')
      .set({ attempts: sql`attempts + 1`, worker: null, updated_at: new Date() })
      .where('job_id', '=', r.job_id)
      .where('attempts', '=', r.attempts)
      .where('state', '=', 'running')
      .returning('job_id')
      .executeTakeFirst();
    if (!claimed) return false;
    console.error(`Byggjobbet ${r.job_id} (sammanträde ${r.meeting_id}) hade ingen levande process; det lämnas till en annan.`);
    await this.boss.fail(QUEUE, r.queue_job_id, { reason: 'the process building it died' });
    for (const id of this.workerIds) this.boss.notifyWorker(id);
    return true;
  }

  /** A pg-boss job handed to this process: build, holding the job's lock, and record the outcome in its row. */
  private async handle(jobId: string): Promise<void> {
    const { url } = this.db.connection!;
    const lockConn = new pg.Client({ connectionString: url });
    lockConn.on('error', () => undefined);
    await lockConn.connect();
    try {
      const got = await lockConn.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, jobId]);
      if (!got.rows[0]?.ok) return; // another process builds it still (this is a retry of one thought dead)
      const row = await this.row(jobId);
      if (!row || row.state !== 'running') return;
      await this.db.kysely.updateTable('book_job').set({ worker: this.workerName, phase: 'queued', updated_at: new Date() }).where('job_id', '=', jobId).execute();
      let last = 0;
      let pending: Progress | null = null;
      let writing: Promise<unknown> = Promise.resolve();
      const write = (p: Progress) => {
        writing = writing.then(() =>
          this.db.kysely
            .updateTable('book_job')
            .set({ phase: p.phase, ...(p.done !== undefined ? { done: p.done } : {}), ...(p.total !== undefined ? { total: p.total } : {}), updated_at: new Date() })
            .where('job_id', '=', jobId)
            .where('state', '=', 'running')
            .execute()
            .catch(() => undefined),
        );
      };
      let phase = '';
      const report = (p: Progress) => {
        // progress is written when the phase changes, and at most about four times a second otherwise
        pending = { ...(pending ?? {}), ...p };
        const now = Date.now();
        if (p.phase !== phase || now - last > 250) {
          phase = p.phase;
          last = now;
          write(pending);
          pending = null;
        }
      };
      try {
        const result = await this.run(row.actor as Actor, row.meeting_id, report);
        await writing;
        await this.finish(jobId, { state: 'done', result });
      } catch (e) {
        await writing;
        if (!(e instanceof DomainError)) this.options.onUnexpected?.(e, row.meeting_id);
        const error = e instanceof DomainError ? { code: e.code, message: e.message } : { code: 'build-failed', message: UNEXPECTED };
        await this.finish(jobId, { state: 'failed', error });
      }
    } finally {
      await lockConn.end().catch(() => undefined);
    }
  }

  private async finish(jobId: string, outcome: { state: 'done'; result: R } | { state: 'failed'; error: { code: string; message: string } }): Promise<void> {
    await this.db.kysely
      .updateTable('book_job')
      .set({
        state: outcome.state,
        phase: outcome.state,
        done: outcome.state === 'done' ? sql<number>`total` : sql<number>`done`,
        result: outcome.state === 'done' ? JSON.stringify(outcome.result) : null,
        error: outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
        finished_at: new Date(),
        updated_at: new Date(),
      })
      .where('job_id', '=', jobId)
      .where('state', '=', 'running')
      .execute();
    // finished jobs are kept for a day (the UI polls for an hour at most)
    await this.db.kysely.deleteFrom('book_job').where('finished_at', '<', new Date(Date.now() - 24 * 3600_000)).execute();
  }
}
