import { mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Db } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import type { ImportReport } from './engine/import-types.ts';
import type { ImportSource } from './engine/importer.ts';
import { renderImportReport } from './engine/report.ts';
import { recommendationsFor } from './engine/recommendations.ts';

export const IMPORT_RUN_TASK = 'import.run';

export interface ImportRunOptions {
  me?: string | null;
  dryRun?: boolean;
  skipDuplicates?: boolean;
  limit?: number;
  defaultRegion?: string;
  /** Classify each new contact's stage from its dialog (seed 004's `--use-llm`). */
  useLlm?: boolean;
  /** The pipeline new leads go into (id); the default pipeline when absent. */
  pipelineId?: string;
  /** The upload is several files packed by the web app into one .zip (see `expandBundle`). */
  bundle?: boolean;
}

/** Size of one stored part of an upload: big enough for few rows, small enough to never matter in memory. */
export const UPLOAD_PART_BYTES = 4 * 1024 * 1024;

/** Longest error text kept on a run (a CSV with 100,000 columns must not make every listing megabytes long). */
export const MAX_RUN_ERROR_CHARS = 2000;

/** Shortens text to `max` characters, saying how much was left out. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const omitted = text.length - max;
  return `${text.slice(0, max)}… (${omitted} more characters)`;
}

/**
 * Where an upload waits for its job on the embedded database: PGlite is one process (the API process runs the
 * jobs), and it stores large bytea values very slowly and with a lot of memory, so the file stays on local disk.
 */
export function pendingUploadDir(runId: string): string {
  return join(tmpdir(), 'parley-uploads', runId);
}

/**
 * Stores the run, its file and its job in one transaction; the job loop does the import. On PostgreSQL the
 * file is copied into the database part by part from the temporary file the upload was streamed to, so any job
 * process can take the run; on the embedded database it is moved to `pendingUploadDir`.
 */
export async function createUploadImport(
  db: Db,
  input: {
    organizationId: string;
    userId: string | null;
    source: Exclude<ImportSource, 'evolution'>;
    fileName: string;
    filePath: string;
    storeInDatabase: boolean;
    options: ImportRunOptions;
    now: Date;
  },
) {
  return db.transaction().execute(async (tx) => {
    const run = await tx
      .insertInto('import_runs')
      .values({
        organization_id: input.organizationId,
        source: input.source,
        is_dry_run: input.options.dryRun ?? false,
        file_name: input.fileName,
        options: JSON.stringify(input.options),
        created_by_user_id: input.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.storeInDatabase) {
      await storeFileParts(input.filePath, async (part, content) => {
        await tx.insertInto('import_files').values({ run_id: run.id, organization_id: input.organizationId, part, content }).execute();
      });
    } else {
      const dir = pendingUploadDir(run.id);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await rename(input.filePath, join(dir, basename(input.filePath)));
    }
    await enqueueJob(tx, IMPORT_RUN_TASK, { runId: run.id }, { organizationId: input.organizationId, jobKey: `import:${run.id}`, runAt: input.now, maxAttempts: 3 });
    return run;
  });
}

/**
 * Writes a run's uploaded file to a private temporary folder (the readers stream from disk) and returns
 * its path and a cleanup; null when the file is gone (the run already finished).
 */
export async function materializeUpload(db: Db, organizationId: string, runId: string, fileName: string): Promise<{ path: string; cleanup: () => Promise<void> } | null> {
  const parts = await db
    .selectFrom('import_files')
    .select('part')
    .where('organization_id', '=', organizationId)
    .where('run_id', '=', runId)
    .orderBy('part')
    .execute();
  if (parts.length === 0) return pendingUpload(runId);
  const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
  const path = join(dir, basename(fileName).replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'upload');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const out = await open(path, 'w', 0o600);
  try {
    // One part in memory at a time.
    for (const { part } of parts) {
      const row = await db
        .selectFrom('import_files')
        .select('content')
        .where('organization_id', '=', organizationId)
        .where('run_id', '=', runId)
        .where('part', '=', part)
        .executeTakeFirstOrThrow();
      await out.write(row.content);
    }
  } catch (error) {
    await out.close();
    await cleanup();
    throw error;
  }
  await out.close();
  return { path, cleanup };
}

async function pendingUpload(runId: string): Promise<{ path: string; cleanup: () => Promise<void> } | null> {
  const dir = pendingUploadDir(runId);
  const [name] = await readdir(dir).catch(() => [] as string[]);
  return name ? { path: join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) } : null;
}

async function storeFileParts(path: string, store: (part: number, content: Buffer) => Promise<void>): Promise<void> {
  const file = await open(path, 'r');
  try {
    for (let part = 0; ; part++) {
      const buffer = Buffer.allocUnsafe(UPLOAD_PART_BYTES);
      const { bytesRead } = await file.read(buffer, 0, UPLOAD_PART_BYTES, null);
      if (bytesRead === 0) break;
      await store(part, bytesRead === UPLOAD_PART_BYTES ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

export async function getImportRun(db: Db, organizationId: string, runId: string) {
  const run = await db.selectFrom('import_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('import');
  return run;
}

export async function listImportRuns(db: Db, organizationId: string, limit: number) {
  return db.selectFrom('import_runs').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').limit(limit).execute();
}

export async function markRunStarted(db: Db, runId: string, now: Date) {
  await db.updateTable('import_runs').set({ status: 'running', started_at: now, error: null }).where('id', '=', runId).execute();
}

export async function saveRunProgress(db: Db, runId: string, progress: object) {
  await db.updateTable('import_runs').set({ progress: JSON.stringify(progress) }).where('id', '=', runId).execute();
}

export async function finishRun(db: Db, runId: string, outcome: { report?: ImportReport; error?: string }, now: Date) {
  await db.deleteFrom('import_files').where('run_id', '=', runId).execute();
  await db
    .updateTable('import_runs')
    .set({
      status: outcome.error ? 'failed' : 'completed',
      report: outcome.report ? JSON.stringify(outcome.report) : null,
      error: outcome.error === undefined ? null : boundText(outcome.error, MAX_RUN_ERROR_CHARS),
      finished_at: now,
    })
    .where('id', '=', runId)
    .execute();
}

type RunRow = Awaited<ReturnType<typeof getImportRun>>;

export function toImportRunDto(run: RunRow, organizationName: string) {
  const report = run.report as ImportReport | null;
  const classified = Boolean((run.options as ImportRunOptions).useLlm);
  return {
    id: run.id,
    source: run.source,
    status: run.status,
    dryRun: run.is_dry_run,
    fileName: run.file_name,
    options: run.options,
    progress: run.progress,
    report,
    reportMarkdown: report
      ? renderImportReport(report, { organization: organizationName, source: `${run.source} ${run.file_name ?? ''}`.trim(), date: run.finished_at ?? run.created_at, classified, surface: 'web' })
      : null,
    recommendations: report ? recommendationsFor(report, { classified }) : [],
    error: run.error,
    createdAt: iso(run.created_at)!,
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
  };
}
