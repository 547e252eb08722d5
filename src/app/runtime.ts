import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createLogger, logSettings, type Logger } from '../platform/logger.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { createMetrics } from '../platform/metrics.ts';
import { JobRunner } from '../platform/jobs/job-runner.ts';
import { channelPollingTask, createChannelRegistry, mediaDownloadJob, telegramMemberReadJob } from '../modules/channels/index.ts';
import { messageDispatchJob } from '../modules/outreach/index.ts';
import { mediaTranscribeJob } from '../modules/media/index.ts';
import { evolutionDbSyncJob, evolutionDbSyncTask, evolutionPullJob, importRunJob, registerStageOfflineTask } from '../modules/imports/index.ts';
import { createAiService } from '../modules/ai/index.ts';
import { analysisRunJob, dialogModelRetrainTask, registerAnalysisOfflineTasks } from '../modules/analysis/index.ts';
import { autopilotEventSubscriber, autopilotReplyJob, registerOfflineAutopilot } from '../modules/autopilot/index.ts';
import { secretBoxFromConfig } from '../platform/crypto.ts';
import { dispatchOutbox, webhookDeliveryJob, type EventSubscriber } from '../modules/events/index.ts';
import { campaignEventSubscriber, campaignLeadJob, campaignSenderTask, DEFAULT_SENDER_CONFIG, registerCampaignOfflineTasks } from '../modules/campaigns/index.ts';
import { bookingSyncJob } from '../modules/booking/index.ts';
import { reactivationEventSubscriber, reactivationReplyJob, reactivationRunJob, reactivationSchedulerTask, reactivationSendJob, registerReactivationOfflineTasks } from '../modules/reactivation/index.ts';
import { reengagementEventSubscriber, reengagementFormJob, reengagementTask, registerReengagementOfflineTasks } from '../modules/reengagement/index.ts';
import { inboxEventSubscriber, snoozeWakeTask } from '../modules/conversations/index.ts';
import type { AppContext } from '../platform/context.ts';
import { buildApp } from './build-app.ts';

export interface RuntimeOptions {
  config?: Config;
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests share one per file). */
  database?: Database;
  subscribers?: EventSubscriber[];
}

/** Opens the database, migrates it, and wires the context every role of the process uses. */
export async function createContext(options: RuntimeOptions = {}): Promise<AppContext> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, logSettings(config).pretty);
  const database = options.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, preMigrated: true }));
  await migrate(database);
  const secrets = secretBoxFromConfig(config, logger);
  const ai = createAiService(config, secrets);
  registerAnalysisOfflineTasks(ai.offline);
  registerReactivationOfflineTasks(ai.offline);
  registerOfflineAutopilot(ai.offline);
  registerCampaignOfflineTasks(ai.offline);
  registerReengagementOfflineTasks(ai.offline);
  registerStageOfflineTask(ai.offline);
  return {
    config,
    database,
    db: database.db,
    logger,
    clock: options.clock ?? systemClock,
    channels: createChannelRegistry(),
    metrics: createMetrics(),
    secrets,
    ai,
  };
}

export function createJobRunner(ctx: AppContext, subscribers: EventSubscriber[] = []): JobRunner<AppContext> {
  return new JobRunner<AppContext>({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger.child({ role: 'jobs' }),
    ctx,
    definitions: [messageDispatchJob, webhookDeliveryJob, importRunJob, evolutionDbSyncJob, evolutionPullJob, telegramMemberReadJob, analysisRunJob, campaignLeadJob, autopilotReplyJob, bookingSyncJob, mediaDownloadJob, mediaTranscribeJob, reactivationRunJob, reactivationSendJob, reactivationReplyJob, reengagementFormJob],
    concurrency: ctx.config.JOBS_CONCURRENCY,
    pollMs: ctx.config.JOBS_POLL_MS,
    periodic: [
      { name: 'outbox', everyMs: 250, run: async () => void (await dispatchOutbox(ctx.db, ctx.clock, [campaignEventSubscriber(ctx.clock), autopilotEventSubscriber(ctx.clock), reengagementEventSubscriber(ctx.clock), reactivationEventSubscriber(ctx.clock), inboxEventSubscriber(ctx.clock), ...subscribers])) },
      { name: 'housekeeping', everyMs: 60 * 60_000, run: () => housekeeping(ctx) },
      channelPollingTask(ctx),
      snoozeWakeTask(ctx),
      reactivationSchedulerTask(ctx),
      evolutionDbSyncTask(ctx),
      reengagementTask(ctx),
      dialogModelRetrainTask(ctx),
      campaignSenderTask(ctx, {
        ...DEFAULT_SENDER_CONFIG,
        batchSize: ctx.config.CAMPAIGNS_BATCH_SIZE,
        lanes: ctx.config.CAMPAIGNS_LANES,
        leaseMs: ctx.config.CAMPAIGNS_LEASE_MS,
        lookaheadMs: ctx.config.CAMPAIGNS_PACE_LOOKAHEAD_MS,
      }),
    ],
    onJobFinished: (task, outcome) => ctx.metrics.jobsProcessed.inc({ task, outcome }),
  });
}

/** Deletes what nobody needs any more: expired sessions, finished jobs after a week. Safe to overlap. */
async function housekeeping(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await ctx.db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', new Date(now.getTime() - 7 * 86_400_000))
    .execute();
}

export interface Server {
  ctx: AppContext;
  app: FastifyInstance;
  runner: JobRunner<AppContext> | null;
  close(): Promise<void>;
}

/** `parley serve`: the HTTP API, the web UI and (unless disabled) the job loop in one process. */
export async function startServer(options: RuntimeOptions & { withJobs?: boolean; listen?: boolean } = {}): Promise<Server> {
  const ctx = await createContext(options);
  const withJobs = options.withJobs ?? ctx.config.JOBS_ENABLED;
  const runner = withJobs ? createJobRunner(ctx, options.subscribers) : null;
  const app = await buildApp(ctx, { onWorkQueued: () => runner?.poke() });
  if (options.listen ?? true) await app.listen({ port: ctx.config.PORT, host: ctx.config.HOST });
  runner?.start();
  return {
    ctx,
    app,
    runner,
    async close() {
      await app.close();
      await runner?.stop();
      if (!options.database) await ctx.database.close();
    },
  };
}
