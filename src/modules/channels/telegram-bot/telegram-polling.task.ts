import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../app/context.ts';
import type { PeriodicTask } from '../../../platform/jobs/job-runner.ts';
import { pollTelegramBots } from './telegram.polling.ts';

/** Long polling for bots in polling mode, as a periodic task of a job runner (safe in any number of processes). */
export function channelPollingTask(ctx: AppContext, workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`): PeriodicTask {
  return {
    name: 'telegram-polling',
    everyMs: ctx.config.TELEGRAM_POLL_INTERVAL_MS,
    run: async () => {
      await pollTelegramBots(ctx.db, { now: ctx.clock.now(), config: ctx.config, secrets: ctx.secrets, logger: ctx.logger }, workerId);
    },
  };
}
