import { dirname } from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { getPipeline } from '../pipelines/index.ts';
import { linkImportsToOwnNumber } from '../conversations/index.ts';
import { createPipelineStageClassifier, resolveImportPipeline } from './stage-classifier.ts';
import { runImport } from './run-import.ts';
import { ImportSourceError } from './sources/source-error.ts';
import { expandBundle } from './sources/bundle.ts';
import { finishRun, getImportRun, IMPORT_RUN_TASK, markRunStarted, materializeUpload, saveRunProgress, type ImportRunOptions } from './import-runs.service.ts';

/**
 * Runs an uploaded import. Imports are idempotent, so if a worker dies mid-way the lease expires and the
 * next attempt completes the rest without duplicating anything.
 */
export const importRunJob = defineJob({
  task: IMPORT_RUN_TASK,
  payload: z.object({ runId: z.string() }),
  leaseMs: 60_000, // renewed by the runner's heartbeat while it runs: a crash is taken over within a minute
  async handler({ payload, job, ctx }: { payload: { runId: string }; job: Job; ctx: AppContext }) {
    const { db, clock } = ctx;
    const run = await getImportRun(db, job.organization_id!, payload.runId);
    if (run.status === 'completed' || run.status === 'failed') return;
    if (run.source === 'evolution') throw new Error('evolution imports run from the CLI');
    const upload = await materializeUpload(db, run.organization_id, run.id, run.file_name ?? 'upload');
    if (!upload) {
      await finishRun(db, run.id, { error: 'the uploaded file is no longer stored; upload it again' }, clock.now());
      return;
    }
    const startedAt = clock.now();
    await markRunStarted(db, run.id, startedAt);
    const options = run.options as ImportRunOptions;
    let lastSaved = 0;
    try {
      const target = options.bundle ? await expandBundle(upload.path, dirname(upload.path)) : upload.path;
      const pipeline = options.pipelineId
        ? await getPipeline(db, run.organization_id, options.pipelineId).catch(() => {
            throw new ImportSourceError('the pipeline chosen for this import was deleted; choose another and upload again');
          })
        : await resolveImportPipeline(db, run.organization_id, null);
      const report = await runImport(db, {
        organizationId: run.organization_id,
        source: run.source,
        target,
        dryRun: run.is_dry_run,
        me: options.me,
        skipDuplicates: options.skipDuplicates,
        limit: options.limit,
        defaultRegion: options.defaultRegion,
        pipelineId: pipeline.id,
        classifyStage: options.useLlm ? await createPipelineStageClassifier(db, ctx.ai, run.organization_id, pipeline) : undefined,
        onProgress: (progress) => {
          const now = Date.now();
          if (now - lastSaved < 300) return;
          lastSaved = now;
          void saveRunProgress(db, run.id, progress);
        },
      });
      await finishRun(db, run.id, { report }, clock.now());
      if (!run.is_dry_run && (run.source === 'whatsapp' || run.source === 'telegram')) {
        // The export's own side is a connected account's number: its chats carry on there at once.
        await linkImportsToOwnNumber(ctx, run.organization_id, run.source, options.me, startedAt, clock.now());
      }
      if (!run.is_dry_run) {
        await recordEvent(db, {
          organizationId: run.organization_id,
          type: 'import.completed',
          subjectType: 'import',
          subjectId: run.id,
          payload: { source: run.source, contacts: report.contacts, imported: report.imported, messages: report.messagesImported },
        });
      }
    } catch (error) {
      // An unusable source is the user's to fix: the run fails with the reason, the job does not retry.
      if (error instanceof ImportSourceError) {
        await finishRun(db, run.id, { error: error.message }, clock.now());
        return;
      }
      if (job.attempts >= job.max_attempts) {
        await finishRun(db, run.id, { error: `import failed: ${(error as Error).message}` }, clock.now());
        return;
      }
      throw error;
    } finally {
      await upload.cleanup();
    }
  },
});
