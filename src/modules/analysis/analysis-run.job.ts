import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { analyzeDialogs, type AnalyzeOptions } from './dialog-analysis.service.ts';
import { ANALYSIS_RUN_TASK, finishRun, getAnalysisRun, markRunStarted, saveRunProgress } from './analysis-runs.service.ts';

/**
 * Runs an analysis requested through the API. Re-running after a crash is safe: conversations already analysed in
 * the interrupted attempt have no new messages and are skipped.
 */
export const analysisRunJob = defineJob({
  task: ANALYSIS_RUN_TASK,
  payload: z.object({ runId: z.string() }),
  leaseMs: 60_000, // renewed by the runner's heartbeat while it runs: a crash is taken over within a minute
  async handler({ payload, job, ctx }: { payload: { runId: string }; job: Job; ctx: AppContext }) {
    const { db, clock, ai, logger } = ctx;
    const run = await getAnalysisRun(db, job.organization_id!, payload.runId);
    if (run.status === 'succeeded' || run.status === 'failed') return;
    await markRunStarted(db, run.id, clock.now());
    let lastSaved = 0;
    try {
      const stats = await analyzeDialogs(db, ai, run.organization_id, run.params as AnalyzeOptions, {
        runId: run.id,
        logger,
        now: () => clock.now(),
        onProgress: (done, total) => {
          const now = Date.now();
          if (done !== 0 && done !== total && now - lastSaved < 300) return;
          lastSaved = now;
          void saveRunProgress(db, run.id, done, total).catch((error: unknown) => logger.warn({ err: error }, 'saving analysis progress failed'));
        },
      });
      await finishRun(db, run.id, { stats }, clock.now());
      await recordEvent(db, { organizationId: run.organization_id, type: 'analysis.completed', subjectType: 'analysis_run', subjectId: run.id, payload: { ...stats } });
    } catch (error) {
      if (job.attempts >= job.max_attempts) await finishRun(db, run.id, { error: error instanceof Error ? error.message : String(error) }, clock.now());
      throw error;
    }
  },
});
