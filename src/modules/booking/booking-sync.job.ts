import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { PermanentJobError, defineJob } from '../../platform/jobs/job-queue.ts';
import { AppError } from '../../platform/errors.ts';
import { BookingProviderError } from './booking-adapter.ts';
import { getBookingSettings, recordSyncState } from './booking-settings.service.ts';
import { BOOKING_SYNC_TASK, syncFromProvider } from './booking-sync.service.ts';

/** Pulls the connected booking system into the booking tables. Auth and request errors stop at once; outages retry. */
export const bookingSyncJob = defineJob({
  task: BOOKING_SYNC_TASK,
  payload: z.object({ organizationId: z.uuid() }),
  leaseMs: 60_000, // renewed by the runner's heartbeat while it runs: a crash is taken over within a minute
  async handler({ payload, ctx }: { payload: { organizationId: string }; ctx: AppContext }) {
    const { db, clock } = ctx;
    try {
      await recordSyncState(db, payload.organizationId, { ...((await getBookingSettings(db, payload.organizationId)).lastSync ?? {}), status: 'running', startedAt: clock.now().toISOString() }, clock.now());
      await syncFromProvider(ctx, payload.organizationId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const settings = await getBookingSettings(db, payload.organizationId);
      await recordSyncState(db, payload.organizationId, { ...(settings.lastSync ?? {}), status: 'failed', error: message, finishedAt: clock.now().toISOString() }, clock.now());
      const isPermanent = error instanceof AppError || (error instanceof BookingProviderError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429);
      throw isPermanent ? new PermanentJobError(message) : error;
    }
  },
});
