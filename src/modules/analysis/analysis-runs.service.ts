import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { AnalysisRunsTable } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import type { AnalysisStats, AnalyzeOptions } from './dialog-analysis.service.ts';

export const ANALYSIS_RUN_TASK = 'analysis.run';

type RunRow = Selectable<AnalysisRunsTable>;

export function toRunDto(row: RunRow) {
  return {
    id: row.id,
    status: row.status,
    params: row.params as Record<string, unknown>,
    progress: { total: row.total, done: row.done },
    stats: (row.stats as AnalysisStats | null) ?? null,
    error: row.error,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/** Records the run and enqueues its job in one transaction: the job exists iff the run does. */
export async function createAnalysisRun(db: Db, organizationId: string, params: AnalyzeOptions, userId: string | null, now: Date): Promise<RunRow> {
  return db.transaction().execute(async (tx) => {
    const run = await tx
      .insertInto('analysis_runs')
      .values({ organization_id: organizationId, params: JSON.stringify(params), created_by_user_id: userId, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueJob(tx, ANALYSIS_RUN_TASK, { runId: run.id }, { organizationId, jobKey: `analysis:${run.id}`, runAt: now, maxAttempts: 3 });
    return run;
  });
}

export async function getAnalysisRun(db: DbOrTx, organizationId: string, runId: string): Promise<RunRow> {
  const row = await db.selectFrom('analysis_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', runId).executeTakeFirst();
  if (!row) throw notFound('analysis run');
  return row;
}

export async function listAnalysisRuns(db: DbOrTx, organizationId: string, limit: number): Promise<RunRow[]> {
  return db.selectFrom('analysis_runs').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function markRunStarted(db: DbOrTx, runId: string, now: Date): Promise<void> {
  await db.updateTable('analysis_runs').set({ status: 'running', started_at: now, error: null }).where('id', '=', runId).execute();
}

export async function saveRunProgress(db: DbOrTx, runId: string, done: number, total: number): Promise<void> {
  await db.updateTable('analysis_runs').set({ done, total }).where('id', '=', runId).where('status', '=', 'running').execute();
}

export async function finishRun(db: DbOrTx, runId: string, outcome: { stats: AnalysisStats } | { error: string }, now: Date): Promise<void> {
  await db
    .updateTable('analysis_runs')
    .set(
      'stats' in outcome
        ? { status: 'succeeded', stats: JSON.stringify(outcome.stats), done: outcome.stats.total, total: outcome.stats.total, finished_at: now }
        : { status: 'failed', error: outcome.error, finished_at: now },
    )
    .where('id', '=', runId)
    .execute();
}
