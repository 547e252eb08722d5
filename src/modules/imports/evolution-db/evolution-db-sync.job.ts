import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import type { Job } from '../../../platform/db/schema.ts';
import type { PeriodicTask } from '../../../platform/jobs/job-runner.ts';
import { defineJob, enqueueJob } from '../../../platform/jobs/job-queue.ts';
import { finishRun, getImportRun, markRunStarted, saveRunProgress } from '../import-runs.service.ts';
import type { ImportReport } from '../engine/import-types.ts';
import { dueEvolutionDbSyncs, runEvolutionDbSync, type EvolutionDbSyncResult } from './evolution-db-sync.service.ts';

export const EVOLUTION_DB_SYNC_TASK = 'import.evolution-db-sync';

/** A sync's figures in the report shape every import run shows. */
export function syncReport(result: EvolutionDbSyncResult, durationMs: number): ImportReport {
  return {
    source: 'evolution',
    dryRun: false,
    chats: 0,
    contacts: result.contactsNamed,
    imported: 0,
    skippedDuplicates: 0,
    updated: result.contactsNamed,
    messages: result.messagesRead,
    messagesImported: result.messagesStored,
    messagesSkippedDuplicates: result.messagesAlreadyPresent,
    firstMessageAt: null,
    lastMessageAt: result.cursor ? new Date(result.cursor.timestamp * 1000).toISOString() : null,
    averageMessagesPerContact: 0,
    errors: [],
    invalidPhones: [],
    stages: {},
    languages: {},
    durationMs,
  };
}

/**
 * One sync of an account from its gateway's database: on a schedule (no run) or from the web's "sync now" (a run
 * with live progress and a report). A sync is idempotent, so a retried job only re-reads from the cursor.
 */
export const evolutionDbSyncJob = defineJob({
  task: EVOLUTION_DB_SYNC_TASK,
  payload: z.object({ accountId: z.string(), runId: z.string().optional() }),
  leaseMs: 30 * 60_000,
  maxAttempts: 2,
  async handler({ payload, job, ctx }: { payload: { accountId: string; runId?: string }; job: Job; ctx: AppContext }) {
    const organizationId = job.organization_id!;
    const run = payload.runId ? await getImportRun(ctx.db, organizationId, payload.runId) : null;
    if (run && (run.status === 'completed' || run.status === 'failed')) return;
    if (run) await markRunStarted(ctx.db, run.id, ctx.clock.now());
    const started = performance.now();
    let lastSaved = 0;
    try {
      const result = await runEvolutionDbSync(ctx.db, ctx.secrets, organizationId, payload.accountId, ctx.clock.now(), (read) => {
        if (!run || Date.now() - lastSaved < 300) return;
        lastSaved = Date.now();
        void saveRunProgress(ctx.db, run.id, { messagesRead: read });
      });
      if (run) await finishRun(ctx.db, run.id, { report: syncReport(result, Math.round(performance.now() - started)) }, ctx.clock.now());
    } catch (error) {
      if (run) await finishRun(ctx.db, run.id, { error: (error as Error).message }, ctx.clock.now());
      // The reason is kept on the account's sync settings; a scheduled sync tries again at its next slot.
    }
  },
});

/** Every minute: queue a sync for each account whose interval has passed (one job per account and slot). */
export function evolutionDbSyncTask(ctx: AppContext): PeriodicTask {
  return {
    name: 'evolution-db-sync',
    everyMs: 60_000,
    async run() {
      const now = ctx.clock.now();
      for (const due of await dueEvolutionDbSyncs(ctx.db, now)) {
        const slot = Math.floor(now.getTime() / (due.interval_minutes! * 60_000));
        await enqueueJob(ctx.db, EVOLUTION_DB_SYNC_TASK, { accountId: due.channel_account_id }, { organizationId: due.organization_id, jobKey: `evolution-db:${due.channel_account_id}:${slot}`, runAt: now });
      }
    },
  };
}
