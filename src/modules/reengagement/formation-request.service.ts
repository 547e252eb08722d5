import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import { iso } from '../../platform/http/pagination.ts';
import { localDate, organizationZone } from './queue-formation.service.ts';
import { REENGAGEMENT_FORM_TASK } from './reengagement-sender.ts';

export type FormationState = 'none' | 'forming' | 'formed' | 'failed';

/** The job key of the formation of an organization's queue of a local date (the periodic task uses the same key). */
export function formationJobKey(organizationId: string, date: string): string {
  return `reengagement:form:${organizationId}:${date}`;
}

/**
 * Where the formation of the (organization, date) queue stands, for the page to poll: `forming` while a formation
 * job waits or runs or the queue row is being formed, `formed` with the counts once the queue is ready, `failed`
 * with the reason (also when its former stopped and no job will take it over), `none` when nothing was asked for.
 */
export async function formationStatus(db: Db, organizationId: string, date: string, now: Date) {
  const [queue, job, lastJob] = await Promise.all([
    db.selectFrom('reengagement_queues').selectAll().where('organization_id', '=', organizationId).where('queue_date', '=', date).executeTakeFirst(),
    db
      .selectFrom('jobs')
      .select(['id', 'status', 'created_at'])
      .where('organization_id', '=', organizationId)
      .where('task', '=', REENGAGEMENT_FORM_TASK)
      .where('status', 'in', ['pending', 'running'])
      .where(sql<string>`payload->>'date'`, '=', date)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('jobs')
      .select(['status', 'last_error'])
      .where('organization_id', '=', organizationId)
      .where('task', '=', REENGAGEMENT_FORM_TASK)
      .where(sql<string>`payload->>'date'`, '=', date)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  let status: FormationState;
  let error: string | null = null;
  if (queue?.status === 'ready') status = 'formed';
  else if (job || (queue?.status === 'forming' && !(queue.lease_until && queue.lease_until < now))) status = 'forming';
  else if (queue?.status === 'forming') {
    // Its former stopped and no job will take it over: asking again does.
    status = 'failed';
    error = 'the formation was interrupted; form the queue again';
  }
  else if (queue?.status === 'failed') {
    status = 'failed';
    error = queue.error;
  } else if (lastJob?.status === 'failed') {
    status = 'failed';
    error = lastJob.last_error;
  } else status = 'none';
  const formed = status === 'formed' && queue;
  return {
    date,
    status,
    queueId: queue?.id ?? null,
    requestedAt: iso(job?.created_at ?? null),
    formedAt: formed ? iso(queue.formed_at) : null,
    candidates: formed ? queue.candidates : null,
    eligible: formed ? queue.eligible : null,
    picked: formed ? queue.picked : null,
    scorer: formed ? queue.scorer : null,
    error,
  };
}
export type FormationStatus = Awaited<ReturnType<typeof formationStatus>>;

/**
 * Asks for today's queue to be formed, by the formation job rather than in the request: a ready queue is left as it
 * is; otherwise one job is enqueued per state of the day's queue (none yet, failed at a given time, a dead former's
 * lease), keyed so that any number of requests, from any number of processes, enqueue it once; the job's claim of
 * the (organization, date) row forms the queue once whatever the number of jobs. Returns whether a formation is
 * under way and the status to poll.
 */
export async function requestFormation(ctx: AppContext, organizationId: string): Promise<{ accepted: boolean; formation: FormationStatus }> {
  const { db, clock } = ctx;
  const now = clock.now();
  const date = localDate(now, await organizationZone(db, organizationId));
  const queue = await db
    .selectFrom('reengagement_queues')
    .select(['status', 'formed_at', 'lease_until', 'picked'])
    .where('organization_id', '=', organizationId)
    .where('queue_date', '=', date)
    .executeTakeFirst();
  // A ready queue with people in it stays as it is; one that picked nobody may be formed again (after the window or
  // the limits were changed).
  if (queue?.status === 'ready' && queue.picked > 0) return { accepted: false, formation: await formationStatus(db, organizationId, date, now) };
  const base = formationJobKey(organizationId, date);
  let key: string | null = base;
  if (queue?.status === 'failed') key = `${base}:retry:${queue.formed_at?.getTime() ?? 0}`;
  else if (queue?.status === 'ready') key = `${base}:reform:${queue.formed_at?.getTime() ?? 0}`;
  else if (queue?.status === 'forming') key = queue.lease_until && queue.lease_until < now ? `${base}:takeover:${queue.lease_until.getTime()}` : null;
  else {
    // No queue row: the day's job may have finished without forming (it ran after the local midnight) or given up.
    const earlier = await db.selectFrom('jobs').select('status').where('job_key', '=', base).executeTakeFirst();
    if (earlier && (earlier.status === 'done' || earlier.status === 'failed')) key = `${base}:run:${Math.floor(now.getTime() / 60_000)}`;
  }
  if (key) await enqueueJob(db, REENGAGEMENT_FORM_TASK, { date, retryFailed: true }, { organizationId, jobKey: key, runAt: now });
  return { accepted: true, formation: await formationStatus(db, organizationId, date, now) };
}
