import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import type { Job } from '../../../platform/db/schema.ts';
import { defineJob } from '../../../platform/jobs/job-queue.ts';
import { recordEvent } from '../../events/index.ts';
import { finishRun, getImportRun, markRunStarted, saveRunProgress } from '../import-runs.service.ts';
import { ImportSourceError } from '../sources/source-error.ts';
import { pullEvolutionAccount, pullReport } from './evolution-pull.service.ts';

export const EVOLUTION_PULL_TASK = 'import.evolution-pull';

/**
 * The web's "pull history from Evolution API": one import run with live progress (chats done of the total, messages
 * read and stored) and a report. A pull is idempotent, so a retried job only finds what is still missing.
 */
export const evolutionPullJob = defineJob({
  task: EVOLUTION_PULL_TASK,
  payload: z.object({ runId: z.string() }),
  leaseMs: 60_000,
  maxAttempts: 2,
  async handler({ payload, job, ctx }: { payload: { runId: string }; job: Job; ctx: AppContext }) {
    const organizationId = job.organization_id!;
    const run = await getImportRun(ctx.db, organizationId, payload.runId);
    if (run.status === 'completed' || run.status === 'failed') return;
    await markRunStarted(ctx.db, run.id, ctx.clock.now());
    const options = run.options as { channelAccountId: string; limit?: number };
    const started = performance.now();
    let lastSaved = 0;
    try {
      const result = await pullEvolutionAccount(ctx.db, ctx.secrets, {
        organizationId,
        channelAccountId: options.channelAccountId,
        limit: options.limit,
        now: ctx.clock.now(),
        onProgress: (progress) => {
          if (Date.now() - lastSaved < 300) return;
          lastSaved = Date.now();
          void saveRunProgress(ctx.db, run.id, { ...progress });
        },
      });
      await saveRunProgress(ctx.db, run.id, { chatsTotal: result.chatsTotal, chatsDone: result.chatsDone, messagesRead: result.messagesRead, messagesImported: result.messagesImported, contacts: result.contacts });
      await finishRun(ctx.db, run.id, { report: pullReport(result, Math.round(performance.now() - started)) }, ctx.clock.now());
      await recordEvent(ctx.db, {
        organizationId,
        type: 'import.completed',
        subjectType: 'import',
        subjectId: run.id,
        payload: { source: 'evolution', contacts: result.contacts, imported: 0, messages: result.messagesImported },
      });
    } catch (error) {
      if (error instanceof ImportSourceError || job.attempts >= job.max_attempts) {
        await finishRun(ctx.db, run.id, { error: error instanceof ImportSourceError ? error.message : `pull failed: ${(error as Error).message}` }, ctx.clock.now());
        return;
      }
      throw error;
    }
  },
});
