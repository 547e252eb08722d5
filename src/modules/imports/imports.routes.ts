import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http/auth.ts';
import { listPipelines } from '../pipelines/index.ts';
import { dirname } from 'node:path';
import { acceptStreamedUploads, receiveUpload } from '../../platform/http/upload.ts';
import { organizationSettings } from './engine/importer.ts';
import { expandBundle } from './sources/bundle.ts';
import { previewWhatsAppAuthors } from './sources/preview.ts';
import { ImportSourceError } from './sources/source-error.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import { getEvolutionDbSync, saveEvolutionDbSync } from './evolution-db/evolution-db-sync.service.ts';
import { EVOLUTION_DB_SYNC_TASK } from './evolution-db/evolution-db-sync.job.ts';
import { EVOLUTION_PULL_TASK } from './evolution-pull/evolution-pull.job.ts';
import { evolutionPullAccount } from './evolution-pull/evolution-pull.service.ts';
import { createUploadImport, getImportRun, listImportRuns, toImportRunDto } from './import-runs.service.ts';

const ZCounts = z.record(z.string(), z.number());
/** A per-line reason as a code and its values, for a client to word in its language; `reason` stays the English. */
const ZReasonCode = {
  code: z.enum(['csv_unterminated_quote', 'csv_unreadable_line', 'csv_field_count', 'csv_no_identity', 'phone_no_digits', 'phone_not_a_number', 'phone_invalid']).optional(),
  params: z.record(z.string(), z.string()).optional(),
};
export const ZImportReport = z.object({
  source: z.string(),
  dryRun: z.boolean(),
  chats: z.number(),
  contacts: z.number(),
  imported: z.number(),
  skippedDuplicates: z.number(),
  updated: z.number(),
  messages: z.number(),
  messagesImported: z.number(),
  messagesSkippedDuplicates: z.number(),
  firstMessageAt: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  averageMessagesPerContact: z.number(),
  errors: z.array(z.object({ chat: z.string(), line: z.number().nullable(), reason: z.string(), ...ZReasonCode })),
  invalidPhones: z.array(z.object({ contact: z.string(), phone: z.string(), reason: z.string(), ...ZReasonCode })),
  stages: ZCounts,
  stageNames: z.record(z.string(), z.string()).optional(),
  pipeline: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  languages: ZCounts,
  durationMs: z.number(),
});

const ZImportRun = z.object({
  id: z.string(),
  source: z.enum(['whatsapp', 'telegram', 'evolution', 'csv']),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  progress: z.record(z.string(), z.unknown()),
  report: ZImportReport.nullable(),
  reportMarkdown: z.string().nullable(),
  recommendations: z.array(z.object({ id: z.string(), kind: z.enum(['problem', 'check']), count: z.number().optional(), detail: z.string().optional() })),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const ZUploadQuery = z.strictObject({
  source: z.enum(['whatsapp', 'telegram', 'csv']),
  fileName: z.string().trim().min(1).max(255),
  dryRun: z.enum(['true', 'false']).default('false'),
  skipDuplicates: z.enum(['true', 'false']).default('true'),
  useLlm: z.enum(['true', 'false']).default('false').describe('Classify each new contact’s stage from its dialog with the AI analyser'),
  me: z.string().trim().min(1).max(200).optional().describe('Which author is you in a WhatsApp/Telegram export'),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').optional(),
  bundle: z.enum(['true', 'false']).default('false').describe('The body is several files packed into one .zip by the client (each file one export)'),
  pipelineId: z.uuid().optional().describe('Pipeline new leads go into and whose stages `useLlm` classifies into; default: the default pipeline'),
});

const ZAuthorsPreview = z.object({
  chats: z.array(z.object({ title: z.string().nullable(), origin: z.string(), isGroup: z.boolean(), messages: z.number(), authors: z.array(z.string()) })),
  authors: z.array(z.object({ name: z.string(), chats: z.number() })),
  suggestedMe: z.string().nullable(),
  needsChoice: z.boolean(),
  failures: z.array(z.object({ file: z.string(), reason: z.string() })),
});


export async function importsRoutes(fastify: FastifyInstance, { ctx, onQueued }: { ctx: AppContext; onQueued?: () => void }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['imports'];
  const maxBytes = ctx.config.IMPORT_MAX_BYTES;
  // Uploads arrive as the raw file, streamed to a temporary file (only this plugin accepts octet-stream bodies).
  acceptStreamedUploads(app, maxBytes);

  /** A pipeline of another organization (or none) is a bad field, not a missing page. */
  async function assertPipeline(organizationId: string, pipelineId: string) {
    const found = (await listPipelines(db, organizationId)).some((p) => p.id === pipelineId);
    if (!found) throw new AppError('BAD_REQUEST', 'no such pipeline in this organization', [{ field: 'query.pipelineId', message: 'no such pipeline' }]);
  }

  async function organizationName(organizationId: string) {
    return (await db.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirstOrThrow()).name;
  }

  app.post(
    '/api/imports',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Upload an export (body: the raw file, Content-Type: application/octet-stream); the import runs in the background',
        querystring: ZUploadQuery,
        response: { 202: ZImportRun },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { source, fileName, dryRun, skipDuplicates, me, limit, defaultRegion, useLlm, pipelineId, bundle } = request.query;
      if (pipelineId) await assertPipeline(auth.organizationId, pipelineId);
      const upload = await receiveUpload(request, reply, maxBytes, fileName);
      const run = await createUploadImport(db, {
        organizationId: auth.organizationId,
        userId: auth.userId,
        source,
        fileName,
        filePath: upload.path,
        storeInDatabase: ctx.database.kind === 'postgres',
        options: { dryRun: dryRun === 'true', skipDuplicates: skipDuplicates === 'true', me, limit, defaultRegion, useLlm: useLlm === 'true', pipelineId, ...(bundle === 'true' ? { bundle: true } : {}) },
        now: clock.now(),
      }).finally(() => upload.cleanup());
      onQueued?.();
      reply.status(202);
      return toImportRunDto(run, await organizationName(auth.organizationId));
    },
  );

  app.post(
    '/api/imports/authors',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Read the authors of a WhatsApp export before importing it (body: the raw file), to ask which one is you',
        querystring: z.strictObject({ fileName: z.string().trim().min(1).max(255), bundle: z.enum(['true', 'false']).default('false') }),
        response: { 200: ZAuthorsPreview },
      },
    },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const upload = await receiveUpload(request, reply, maxBytes, request.query.fileName);
      try {
        const org = await db.selectFrom('organizations').select(['timezone']).where('id', '=', organizationId).executeTakeFirstOrThrow();
        const { region, ownNames } = await organizationSettings(db, organizationId);
        const target = request.query.bundle === 'true' ? await expandBundle(upload.path, dirname(upload.path)) : upload.path;
        return await previewWhatsAppAuthors(target, { timeZone: org.timezone, region, ownNames });
      } catch (error) {
        if (error instanceof ImportSourceError) throw new AppError('UNPROCESSABLE', error.message, [{ field: 'body', message: error.message }]);
        throw error;
      } finally {
        await upload.cleanup();
      }
    },
  );

  const ZSyncSettings = z.object({
    channelAccountId: z.string(),
    instanceName: z.string(),
    intervalMinutes: z.number().nullable(),
    hasDbUrl: z.boolean(),
    lastSyncAt: z.string().nullable(),
    lastResult: z
      .object({ instance: z.string(), contactsNamed: z.number(), messagesRead: z.number(), messagesStored: z.number(), messagesAlreadyPresent: z.number(), ignored: z.number() })
      .nullable(),
    lastError: z.string().nullable(),
  });
  const ZAccountParams = z.strictObject({ accountId: z.uuid() });

  app.get(
    '/api/imports/evolution-db/:accountId',
    { schema: { tags, summary: 'Where an Evolution account’s gateway database is and how often Parley reads it (the URL is never shown)', params: ZAccountParams, response: { 200: ZSyncSettings } } },
    async (request) => getEvolutionDbSync(db, authOf(request).organizationId, request.params.accountId),
  );

  app.put(
    '/api/imports/evolution-db/:accountId',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Read an Evolution account’s messages from the gateway’s own PostgreSQL, now and every N minutes',
        params: ZAccountParams,
        body: z.strictObject({
          dbUrl: z.string().trim().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL').max(1000).optional().describe('The Evolution API database (its DATABASE_CONNECTION_URI); stored encrypted; omit to keep the saved one'),
          instanceName: z.string().trim().min(1).max(255).optional(),
          intervalMinutes: z.number().int().min(5).max(1440).nullable().default(null).describe('Minutes between automatic syncs; null (default): only on demand'),
        }),
        response: { 200: ZSyncSettings },
      },
    },
    async (request) => saveEvolutionDbSync(db, ctx.secrets, authOf(request).organizationId, request.params.accountId, request.body),
  );

  app.post(
    '/api/imports/evolution-db/:accountId/sync',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Sync now; follow the returned import run for progress and the report', params: ZAccountParams, response: { 202: ZImportRun } } },
    async (request, reply) => {
      const auth = authOf(request);
      const settings = await getEvolutionDbSync(db, auth.organizationId, request.params.accountId);
      if (!settings.hasDbUrl) throw new AppError('BAD_REQUEST', 'save the Evolution database URL first', [{ field: 'body.dbUrl', message: 'not set' }]);
      const run = await db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('import_runs')
          .values({ organization_id: auth.organizationId, source: 'evolution', file_name: settings.instanceName, options: JSON.stringify({ channelAccountId: request.params.accountId, fromDatabase: true }), created_by_user_id: auth.userId })
          .returningAll()
          .executeTakeFirstOrThrow();
        await enqueueJob(tx, EVOLUTION_DB_SYNC_TASK, { accountId: request.params.accountId, runId: created.id }, { organizationId: auth.organizationId, jobKey: `evolution-db-run:${created.id}`, runAt: clock.now() });
        return created;
      });
      onQueued?.();
      reply.status(202);
      return toImportRunDto(run, await organizationName(auth.organizationId));
    },
  );

  app.post(
    '/api/imports/evolution',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Pull an Evolution account’s history through its gateway’s REST API in the background; follow the returned run for progress and the report',
        body: z.strictObject({
          channelAccountId: z.uuid().describe('An Evolution API channel account of this organization'),
          limit: z.number().int().min(1).max(1_000_000).optional().describe('At most this many chats (the most recent first, as the gateway lists them)'),
        }),
        response: { 202: ZImportRun },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { channelAccountId, limit } = request.body;
      const account = await evolutionPullAccount(db, auth.organizationId, channelAccountId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('BAD_REQUEST', 'no such channel account in this organization', [{ field: 'body.channelAccountId', message: 'no such account' }]);
        throw error;
      });
      const run = await db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('import_runs')
          .values({ organization_id: auth.organizationId, source: 'evolution', file_name: account.name, options: JSON.stringify({ channelAccountId, limit, fromApi: true }), created_by_user_id: auth.userId })
          .returningAll()
          .executeTakeFirstOrThrow();
        await enqueueJob(tx, EVOLUTION_PULL_TASK, { runId: created.id }, { organizationId: auth.organizationId, jobKey: `evolution-pull:${created.id}`, runAt: clock.now() });
        return created;
      });
      onQueued?.();
      reply.status(202);
      return toImportRunDto(run, await organizationName(auth.organizationId));
    },
  );

  app.get(
    '/api/imports',
    { schema: { tags, querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ items: z.array(ZImportRun) }) } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const name = await organizationName(organizationId);
      return { items: (await listImportRuns(db, organizationId, request.query.limit)).map((run) => toImportRunDto(run, name)) };
    },
  );

  app.get(
    '/api/imports/:importId',
    { schema: { tags, summary: 'An import with its live progress and, when done, its report', params: z.strictObject({ importId: z.uuid() }), response: { 200: ZImportRun } } },
    async (request) => {
      const { organizationId } = authOf(request);
      return toImportRunDto(await getImportRun(db, organizationId, request.params.importId), await organizationName(organizationId));
    },
  );
}
