export { channelsRoutes } from './channels.routes.ts';
export {
  adapterFor,
  ChannelError,
  type ChannelAdapter,
  type ChannelRegistry,
  type InboundMessage,
  type MessageTemplate,
  type OutboundDraft,
  type OutboundMessage,
  type OutboundFile,
} from './channel-adapter.ts';
export { sandboxAdapter } from './sandbox.adapter.ts';
export { mediaDownloadJob } from './media-download.job.ts';
export { MEDIA_DOWNLOAD_TASK } from './media-download.task.ts';
export { ingestInboundMessage } from './inbound.service.ts';
export { createChannelAccount, getChannelAccount, listChannelAccounts, updateChannelAccount, markAccountDisconnected } from './channel-accounts.service.ts';
export { adapterContext, channelServices } from './adapter-context.ts';
export { recordSendOutcome, outcomeOfError, getAccountHealth, getHealthThresholds } from './account-health/account-health.service.ts';
export { accountWarmupLevel, warmupAllowanceToday } from './account-health/account-health.service.ts';
export type { WarmupLevel } from './account-health/warmup-level.service.ts';
export { allowanceAtLevel } from './account-health/engine/warmup-level.ts';
export { DEFAULT_HEALTH_THRESHOLDS, type SendOutcome, type HealthThresholds } from './account-health/health-rules.ts';
export { channelPollingTask } from './telegram-bot/telegram-polling.task.ts';
export { createTelegramUserAdapter, type TelegramUserAdapter } from './telegram-user/telegram-user.adapter.ts';

import type { ChannelRegistry } from './channel-adapter.ts';
import { sandboxAdapter } from './sandbox.adapter.ts';
import { createEvolutionAdapter } from './evolution/evolution.adapter.ts';
import { createWhatsAppCloudAdapter } from './whatsapp-cloud/cloud.adapter.ts';
import { createTelegramBotAdapter } from './telegram-bot/telegram.adapter.ts';
import { createTelegramUserAdapter } from './telegram-user/telegram-user.adapter.ts';

/** Every channel adapter of one process (the Telegram adapter keeps its pacing state per registry). */
export function createChannelRegistry(): ChannelRegistry {
  return new Map([
    [sandboxAdapter.channel, sandboxAdapter],
    ['evolution', createEvolutionAdapter()],
    ['whatsapp_cloud', createWhatsAppCloudAdapter()],
    ['telegram_bot', createTelegramBotAdapter()],
    ['telegram_user', createTelegramUserAdapter()],
  ]);
}
export {
  normalizeEvolutionMessage,
  normalizeEvolutionContact,
  normalizeEvolutionChat,
  parseEvolutionTimestamp,
  phoneFromJid,
  isGroupJid,
  type EvolutionChat,
  type EvolutionContact,
  type EvolutionMedia,
  type EvolutionMediaType,
  type EvolutionMessage,
} from './evolution/evolution-records.ts';
export { handleEvolutionWebhook, type EvolutionWebhookResult } from './evolution/evolution.webhook.ts';
export { evolutionApiAccess } from './evolution/evolution.adapter.ts';
export { telegramMemberReadJob } from './telegram-user/telegram-member-read.ts';
