import { sql } from 'kysely';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import type { Job } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/**
 * A job definition: a task name, the payload schema asserted at run time, and the handler.
 * A handler throws to retry (with backoff); `PermanentJobError` fails the job at once;
 * `RetryLaterError` retries at a given time without counting as a failure signal.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType, C = unknown> {
  task: string;
  payload: S;
  maxAttempts?: number;
  /**
   * How long a claim is held before another worker may take the job over (default a minute). The runner renews
   * it while the handler runs (a heartbeat every third of it), so a long job keeps a short lease and a crashed
   * worker's job is taken over within one lease.
   */
  leaseMs?: number;
  /** `log` is the job's own logger (job id, task, attempt and worker already bound). */
  handler(args: { payload: z.output<S>; job: Job; ctx: C; log: Logger }): Promise<void>;
}

export function defineJob<S extends z.ZodType, C>(definition: JobDefinition<S, C>): JobDefinition<S, C> {
  return definition;
}

export class PermanentJobError extends Error {}
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

export interface EnqueueOptions {
  organizationId?: string | null;
  /** When the job becomes due, by the application's clock (never the database's, so a test clock rules). */
  runAt: Date;
  /** Deduplication key: enqueuing a key that already exists is a no-op. */
  jobKey?: string;
  maxAttempts?: number;
}

/** Enqueues in the caller's transaction, so the job exists iff the change that needs it committed. */
export async function enqueueJob(db: DbOrTx, task: string, payload: Record<string, unknown>, options: EnqueueOptions): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      task,
      payload: JSON.stringify(payload),
      organization_id: options.organizationId ?? null,
      run_at: options.runAt,
      job_key: options.jobKey ?? null,
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('job_key').doNothing())
    .execute();
}

export interface ClaimOptions {
  workerId: string;
  tasks: string[];
  limit: number;
  now: Date;
  /** The lease of every task; a task may have its own in `leaseByTask`. */
  leaseMs: number;
  leaseByTask?: Record<string, number>;
}

/** Claims ready jobs, and jobs whose lease expired, with SKIP LOCKED so workers never share a job. Each job gets its own task's lease. */
export async function claimJobs(db: DbOrTx, options: ClaimOptions): Promise<Job[]> {
  if (options.tasks.length === 0 || options.limit <= 0) return [];
  const leases = Object.entries(options.leaseByTask ?? {}).filter(([task]) => options.tasks.includes(task));
  const leaseMs =
    leases.length === 0
      ? sql<number>`${options.leaseMs}::int`
      : sql<number>`CASE task ${sql.join(leases.map(([task, ms]) => sql`WHEN ${task} THEN ${ms}::int`), sql` `)} ELSE ${options.leaseMs}::int END`;
  const result = await sql<Job>`
    UPDATE jobs SET
      status = 'running',
      attempts = attempts + 1,
      locked_by = ${options.workerId},
      locked_until = ${options.now}::timestamptz + ${leaseMs} * interval '1 millisecond',
      updated_at = ${options.now}
    WHERE id IN (
      SELECT id FROM jobs
      WHERE task = ANY(${options.tasks})
        AND ((status = 'pending' AND run_at <= ${options.now})
          OR (status = 'running' AND locked_until < ${options.now}))
      ORDER BY run_at, id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return result.rows.map((row) => ({ ...row, id: String(row.id) }));
}

/** Extends a running job's lease; false when this worker no longer holds it (it expired and was taken over). */
export async function renewLease(db: DbOrTx, jobId: string, workerId: string, lockedUntil: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where('id', '=', jobId as never)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Completion only counts while this worker still holds the lease. */
export async function completeJob(db: DbOrTx, job: Job, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, updated_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', job.id as never)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 15 * 60 * 1000);
  return Math.round(base * (0.75 + random() * 0.5));
}

export async function failJob(
  db: DbOrTx,
  job: Job,
  workerId: string,
  now: Date,
  error: unknown,
): Promise<'retry' | 'failed'> {
  const message = error instanceof Error ? error.message : String(error);
  const isPermanent = error instanceof PermanentJobError;
  const isRetryLater = error instanceof RetryLaterError;
  const isExhausted = !isRetryLater && job.attempts >= job.max_attempts;
  const outcome = isPermanent || isExhausted ? 'failed' : 'retry';
  const runAt = isRetryLater ? error.retryAt : new Date(now.getTime() + backoffMs(job.attempts));
  await db
    .updateTable('jobs')
    .set({
      status: outcome === 'failed' ? 'failed' : 'pending',
      run_at: runAt,
      // A deliberate reschedule (rate limit, schedule window) does not use up an attempt.
      ...(isRetryLater ? { attempts: Math.max(0, job.attempts - 1) } : {}),
      last_error: message.slice(0, 2000),
      locked_by: null,
      locked_until: null,
      updated_at: now,
      finished_at: outcome === 'failed' ? now : null,
    })
    .where('id', '=', job.id as never)
    .where('locked_by', '=', workerId)
    .execute();
  return outcome;
}
