import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob, enqueueJob } from '../../platform/jobs/job-queue.ts';
import type { PeriodicTask } from '../../platform/jobs/job-runner.ts';
import { getBookingSettings, requestBookingSync } from '../booking/index.ts';
import { attributeDirectBookings } from './attribution.service.ts';
import { formDailyQueue, localDate, REACTIVATION_RUN_TASK } from './queue.service.ts';
import { getReactivationSettings } from './reactivation-settings.service.ts';

/** How often a connected YClients is pulled, so the detector and the slot finder see fresh visits and bookings. */
const YCLIENTS_SYNC_EVERY_MS = 6 * 60 * 60_000;

/**
 * The scheduler (seed 003 part 1): every minute, for each organization with reactivation on, whether its local time
 * has reached `dailyRunTime` and today's run does not exist yet — then the run job is queued under a key per
 * organization and date. Any number of job processes may tick: the job key and the unique run row make it one run.
 * The tick also attributes direct bookings (so a client who booked by phone is closed the same day) and keeps a
 * connected YClients synced.
 */
export async function reactivationTick(ctx: AppContext): Promise<void> {
  const { db, clock } = ctx;
  const now = clock.now();
  const enabled = await db
    .selectFrom('reactivation_settings as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['s.organization_id', 's.daily_run_time', 'o.timezone'])
    .where('s.is_enabled', '=', true)
    .execute();
  for (const org of enabled) {
    const local = DateTime.fromJSDate(now, { zone: org.timezone });
    const date = localDate(now, org.timezone);
    const [h, m] = org.daily_run_time.split(':').map(Number);
    const due = local.hour * 60 + local.minute >= h! * 60 + m!;
    if (due) {
      const run = await db.selectFrom('reactivation_runs').select('id').where('organization_id', '=', org.organization_id).where('run_date', '=', date).executeTakeFirst();
      if (!run) await enqueueJob(db, REACTIVATION_RUN_TASK, { date }, { organizationId: org.organization_id, jobKey: `reactivation:run:${org.organization_id}:${date}`, runAt: now, maxAttempts: 3 });
    }
    const settings = await getReactivationSettings(db, org.organization_id);
    await attributeDirectBookings(db, org.organization_id, settings, now);
    const booking = await getBookingSettings(db, org.organization_id);
    if (booking.provider === 'yclients') {
      const last = booking.lastSync as { requestedAt?: string; status?: string } | null;
      const lastAt = last?.requestedAt ? new Date(last.requestedAt).getTime() : 0;
      if (now.getTime() - lastAt >= YCLIENTS_SYNC_EVERY_MS && last?.status !== 'queued' && last?.status !== 'running') await requestBookingSync(db, org.organization_id, now);
    }
  }
}

export function reactivationSchedulerTask(ctx: AppContext): PeriodicTask {
  return { name: 'reactivation', everyMs: 60_000, run: () => reactivationTick(ctx) };
}

export const reactivationRunJob = defineJob({
  task: REACTIVATION_RUN_TASK,
  payload: z.object({ date: z.string() }),
  maxAttempts: 3,
  leaseMs: 60_000, // renewed by the runner's heartbeat while it runs: a crash is taken over within a minute
  async handler({ job, ctx }: { payload: { date: string }; job: Job; ctx: AppContext }) {
    await formDailyQueue(ctx, job.organization_id!, { trigger: 'schedule' });
  },
});
