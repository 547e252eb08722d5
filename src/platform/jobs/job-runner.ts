import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Job } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { claimJobs, completeJob, failJob, PermanentJobError, renewLease, type JobDefinition } from './job-queue.ts';

export interface PeriodicTask {
  name: string;
  everyMs: number;
  /** Resolving `true` means "more work is ready": the loop runs the task again without waiting (the campaign sender). */
  run(): Promise<void | boolean>;
}

export interface JobRunnerOptions<C> {
  db: Db;
  clock: Clock;
  logger: Logger;
  ctx: C;
  definitions: JobDefinition<any, C>[];
  concurrency?: number;
  pollMs?: number;
  /** Work that is not a queued job but must run regularly (outbox dispatch); each run must be safe to overlap across processes. */
  periodic?: PeriodicTask[];
  onJobFinished?: (task: string, outcome: 'done' | 'retry' | 'failed') => void;
}

/** Short, because it is renewed while the job runs: a crashed worker's job is taken over within about a minute. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * Claims jobs in batches and runs them with bounded concurrency. Any number of runners, in any number of
 * processes, can share one database: claims use SKIP LOCKED, and a crashed runner's lease expires.
 */
export class JobRunner<C> {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly definitions = new Map<string, JobDefinition<any, C>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lastPeriodicRun = new Map<string, number>();
  /** Periodic tasks that reported more work on their last run. */
  private readonly eagerTasks = new Set<string>();
  private running = false;
  private loopPromise: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: JobRunnerOptions<C>) {
    for (const definition of options.definitions) {
      // An undefined task name means a job module was read mid-way through an import cycle.
      if (!definition?.task) throw new Error('A job definition has no task name (check for an import cycle)');
      if (this.definitions.has(definition.task)) throw new Error(`Job task "${definition.task}" is defined twice`);
      this.definitions.set(definition.task, definition);
    }
  }

  get concurrency(): number {
    return this.options.concurrency ?? 4;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopPromise;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Nudges a sleeping loop, e.g. right after enqueuing work in the same process. */
  poke(): void {
    this.wake?.();
  }

  /** Claims and runs one batch; returns how many jobs ran. Tests drive the runner with this. */
  async runOnce(): Promise<number> {
    await this.runPeriodic(true);
    const jobs = await this.claim(this.concurrency);
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length;
  }

  /** Runs batches until no job is ready (bounded, so a job that keeps re-enqueuing itself cannot spin forever). */
  async runUntilIdle(maxBatches = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const ran = await this.runOnce();
      total += ran;
      if (ran === 0) break;
    }
    return total;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.runPeriodic(false);
        const free = this.concurrency - this.inFlight.size;
        const jobs = free > 0 ? await this.claim(free) : [];
        for (const job of jobs) {
          const promise = this.execute(job).finally(() => {
            this.inFlight.delete(promise);
            this.wake?.();
          });
          this.inFlight.add(promise);
        }
        if (jobs.length > 0 && this.inFlight.size < this.concurrency) continue;
        if (this.eagerTasks.size > 0) continue;
      } catch (error) {
        this.options.logger.error({ err: error }, 'job loop iteration failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 500);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async runPeriodic(force: boolean): Promise<void> {
    for (const task of this.options.periodic ?? []) {
      const last = this.lastPeriodicRun.get(task.name) ?? 0;
      if (!force && !this.eagerTasks.has(task.name) && Date.now() - last < task.everyMs) continue;
      this.lastPeriodicRun.set(task.name, Date.now());
      this.eagerTasks.delete(task.name);
      try {
        if ((await task.run()) === true && this.running) this.eagerTasks.add(task.name);
      } catch (error) {
        this.options.logger.error({ err: error, task: task.name }, 'periodic task failed');
      }
    }
  }

  private async claim(limit: number): Promise<Job[]> {
    const leaseByTask: Record<string, number> = {};
    for (const definition of this.definitions.values()) if (definition.leaseMs) leaseByTask[definition.task] = definition.leaseMs;
    return claimJobs(this.options.db, {
      workerId: this.workerId,
      tasks: [...this.definitions.keys()],
      limit,
      now: this.options.clock.now(),
      leaseMs: DEFAULT_LEASE_MS,
      leaseByTask,
    });
  }

  /** Renews the job's lease every third of it while the handler runs; stops when the lease is lost. */
  private startHeartbeat(job: Job, leaseMs: number, log: Logger): () => void {
    const { db, clock } = this.options;
    const timer = setInterval(() => {
      renewLease(db, job.id, this.workerId, new Date(clock.now().getTime() + leaseMs)).then(
        (isHeld) => {
          if (!isHeld) {
            clearInterval(timer);
            log.warn('job lease lost while running (another worker may take it over)');
          }
        },
        (error: unknown) => log.warn({ err: error }, 'job lease renewal failed'),
      );
    }, Math.max(50, Math.floor(leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  private async execute(job: Job): Promise<void> {
    const { db, clock, logger, ctx } = this.options;
    const definition = this.definitions.get(job.task);
    const log = logger.child({ jobId: job.id, task: job.task, attempt: job.attempts, workerId: this.workerId });
    let outcome: 'done' | 'retry' | 'failed';
    try {
      if (!definition) throw new PermanentJobError(`No handler for task "${job.task}"`);
      if (job.attempts > job.max_attempts) throw new PermanentJobError('attempts exhausted (lease expired on the last attempt)');
      const parsed = definition.payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      const stopHeartbeat = this.startHeartbeat(job, definition.leaseMs ?? DEFAULT_LEASE_MS, log);
      try {
        await definition.handler({ payload: parsed.data, job, ctx, log });
      } finally {
        stopHeartbeat();
      }
      const isOwned = await completeJob(db, job, this.workerId, clock.now());
      if (!isOwned) log.warn('job finished after its lease was taken over; result kept by the other worker');
      outcome = 'done';
    } catch (error) {
      outcome = await failJob(db, job, this.workerId, clock.now(), error);
      log[outcome === 'failed' ? 'error' : 'warn']({ err: error }, outcome === 'failed' ? 'job failed' : 'job will retry');
    }
    this.options.onJobFinished?.(job.task, outcome);
  }
}
