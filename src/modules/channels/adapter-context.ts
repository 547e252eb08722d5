import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { AdapterContext } from './channel-adapter.ts';
import type { ChannelServices } from './channel-accounts.service.ts';

/** The context of one adapter call, taken from the process context at the moment of the call. */
export function adapterContext(ctx: AppContext, db: DbOrTx = ctx.db): AdapterContext {
  return { db, now: ctx.clock.now(), config: ctx.config, secrets: ctx.secrets, logger: ctx.logger };
}

export function channelServices(ctx: AppContext): ChannelServices {
  return { channels: ctx.channels, context: adapterContext(ctx) };
}
