export { channelsRoutes } from './channels.routes.ts';
export { adapterFor, ChannelError, type ChannelAdapter, type ChannelRegistry, type InboundMessage, type OutboundMessage } from './channel-adapter.ts';
export { sandboxAdapter } from './sandbox.adapter.ts';
export { messageDispatchJob } from './message-dispatch.job.ts';
export { ingestInboundMessage } from './inbound.service.ts';
export { createChannelAccount, getChannelAccount, listChannelAccounts, updateChannelAccount } from './channel-accounts.service.ts';

import type { ChannelRegistry } from './channel-adapter.ts';
import { sandboxAdapter } from './sandbox.adapter.ts';

export function createChannelRegistry(): ChannelRegistry {
  return new Map([[sandboxAdapter.channel, sandboxAdapter]]);
}
