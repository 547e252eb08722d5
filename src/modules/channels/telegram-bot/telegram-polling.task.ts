import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import type { PeriodicTask } from '../../../platform/jobs/job-runner.ts';
import { pollTelegramBots } from './telegram.polling.ts';
import { TelegramUserListener } from '../telegram-user/telegram-user.listener.ts';
import type { TelegramUserAdapter } from '../telegram-user/telegram-user.adapter.ts';

/**
 * Receiving that is not a webhook, as a periodic task of a job runner (safe in any number of processes):
 * long polling for bots in polling mode, and the live MTProto connections of Telegram user accounts.
 */
export function channelPollingTask(ctx: AppContext, workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`): PeriodicTask {
  // The adapter is looked up at each run, so the listener follows the registry the process uses.
  const listeners = new WeakMap<TelegramUserAdapter, TelegramUserListener>();
  return {
    name: 'telegram-polling',
    everyMs: ctx.config.TELEGRAM_POLL_INTERVAL_MS,
    run: async () => {
      const context = { now: ctx.clock.now(), config: ctx.config, secrets: ctx.secrets, logger: ctx.logger };
      await pollTelegramBots(ctx.db, context, workerId);
      const adapter = ctx.channels.get('telegram_user') as TelegramUserAdapter | undefined;
      if (adapter && 'pool' in adapter) {
        let listener = listeners.get(adapter);
        if (!listener) listeners.set(adapter, (listener = new TelegramUserListener(adapter, workerId)));
        await listener.run(ctx.db, context);
      }
    },
  };
}
