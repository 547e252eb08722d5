import { z } from 'zod';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  ChannelError,
  type AccountConnectInput,
  type AccountSetup,
  type AdapterContext,
  type ChannelAdapter,
  type ChannelHealth,
  type FetchedMedia,
  type MediaSource,
  type OutboundMessage,
  type SentMessage,
} from '../channel-adapter.ts';
import { assertNotConnectedElsewhere, openCredentials, publicWebhookUrl, requireCredential, webhookPaths } from '../channel-credentials.ts';
import { EvolutionGateway } from './evolution.gateway.ts';

export const ZEvolutionConfig = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).describe('URL of your Evolution API v2 gateway, e.g. https://evo.example.com'),
  apiKey: z.string().trim().min(1).max(500).describe('The gateway API key (sent as the apikey header); stored encrypted'),
  instanceName: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, ".", "-" and "_" only (at most 64)')
    .optional()
    .describe('Instance name on the gateway; default parley-<account id prefix>'),
  createInstance: z.boolean().optional().describe('true (default): create the instance; false: connect an instance that already exists'),
});

export type EvolutionConfig = z.infer<typeof ZEvolutionConfig>;

interface EvolutionSettings {
  baseUrl: string;
  instanceName: string;
}

function settingsOf(account: ChannelAccount): EvolutionSettings {
  const settings = account.settings as Partial<EvolutionSettings>;
  if (!settings.baseUrl || !settings.instanceName) throw new ChannelError('AUTH_REVOKED', 'the account has no gateway URL or instance name; reconnect it');
  return { baseUrl: settings.baseUrl, instanceName: settings.instanceName };
}

export function evolutionGateway(account: ChannelAccount, context: AdapterContext): EvolutionGateway {
  const { baseUrl, instanceName } = settingsOf(account);
  const apiKey = requireCredential(openCredentials(context.secrets, account), 'apiKey');
  return new EvolutionGateway({ baseUrl, apiKey, instance: instanceName, timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS });
}

/** A WhatsApp chat id for a phone in E.164. */
function jidForPhone(phoneE164: string): string {
  return `${phoneE164.replace(/^\+/, '')}@s.whatsapp.net`;
}

/** Provider failures while an admin connects the account, as 422s that name the field to fix. */
function connectError(error: unknown, what: string): never {
  if (error instanceof ChannelError) {
    if (error.reason === 'instance_exists') {
      throw new AppError('CONFLICT', `${error.message}: pick another instanceName, or set createInstance to false to use it`, [
        { field: 'body.config.instanceName', message: 'already exists on the gateway' },
      ]);
    }
    if (error.reason === 'instance_missing') {
      throw new AppError('UNPROCESSABLE', error.message, [{ field: 'body.config.instanceName', message: 'no such instance on the gateway' }]);
    }
    if (error.code === 'AUTH_REVOKED') {
      throw new AppError('UNPROCESSABLE', `the gateway rejected the API key (${what})`, [{ field: 'body.config.apiKey', message: 'rejected by the gateway' }]);
    }
  }
  const detail = error instanceof Error ? error.message : String(error);
  throw new AppError('UNPROCESSABLE', `the Evolution gateway could not be reached or refused the request: ${detail}`, [
    { field: 'body.config.baseUrl', message: 'gateway unreachable or failing' },
  ]);
}

export function createEvolutionAdapter(): ChannelAdapter {
  return {
    channel: 'evolution',
    configSchema: ZEvolutionConfig,
    credentialFields: ['apiKey'],

    async connect(input: AccountConnectInput, context: AdapterContext): Promise<AccountSetup> {
      const config = input.config as EvolutionConfig;
      const instanceName = config.instanceName ?? `parley-${input.accountId.replace(/-/g, '').slice(0, 12)}`;
      const gateway = new EvolutionGateway({ baseUrl: config.baseUrl, apiKey: config.apiKey, instance: instanceName, timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS });
      const webhookUrl = publicWebhookUrl(context.config.PUBLIC_URL, webhookPaths.evolution(input.accountId, input.webhookSecret));
      const baseUrl = config.baseUrl.replace(/\/+$/, '');
      await assertNotConnectedElsewhere(context.db, 'evolution', { baseUrl, instanceName }, input.accountId, 'body.config.instanceName');
      let state: string;
      try {
        if (config.createInstance !== false && !input.isReconnect) {
          state = (await gateway.createInstance(webhookUrl)).state;
        } else {
          state = await gateway.connectionState();
          if (webhookUrl) await gateway.setWebhook(webhookUrl);
        }
      } catch (error) {
        connectError(error, 'connect');
      }
      return {
        settings: { baseUrl, instanceName },
        credentials: { apiKey: config.apiKey },
        status: state === 'open' ? 'active' : 'disconnected',
        providerState: { connection: state, webhookRegistered: webhookUrl !== null, updatedAt: context.now.toISOString() },
      };
    },

    async send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage> {
      if (message.template) throw new ChannelError('REJECTED', 'templates are a WhatsApp Cloud API feature; Evolution sends plain messages', undefined, 'template_unsupported');
      const gateway = evolutionGateway(account, context);
      try {
        if (message.media?.type === 'voice' && message.file) return await gateway.sendVoiceNote(message.externalChatId, message.file, context.now);
        return message.media
          ? await gateway.sendMedia(message.externalChatId, message.media, message.media.caption ?? message.text, context.now, message.file)
          : await gateway.sendText(message.externalChatId, message.text, context.now);
      } catch (error) {
        // "Connection Closed" is usually a reconnect in progress; a logged-out session needs a new QR scan.
        if (error instanceof ChannelError && error.reason === 'connection_closed') {
          const state = await gateway.connectionState().catch(() => null);
          if (state === 'close') throw new ChannelError('AUTH_REVOKED', 'the WhatsApp session of this instance is closed: scan the QR code again', undefined, 'session_closed');
        }
        throw error;
      }
    },

    async endSession(account: ChannelAccount, context: AdapterContext): Promise<void> {
      // Best effort: the account is deleted whatever the gateway answers; a webhook left on gets 401s from Parley.
      try {
        const webhookUrl = publicWebhookUrl(context.config.PUBLIC_URL, webhookPaths.evolution(account.id, account.webhook_secret));
        await evolutionGateway(account, context).disableWebhook(webhookUrl);
      } catch (error) {
        context.logger.warn({ accountId: account.id, err: error instanceof Error ? error.message : String(error) }, 'could not turn the Evolution webhook off');
      }
    },

    async fetchMedia(account: ChannelAccount, source: MediaSource, context: AdapterContext, maxBytes: number): Promise<FetchedMedia> {
      const id = typeof source.id === 'string' ? source.id : null;
      const remoteJid = typeof source.remoteJid === 'string' ? source.remoteJid : null;
      if (!id || !remoteJid) throw new ChannelError('REJECTED', 'the media reference has no message key', undefined, 'media_source');
      const participant = typeof source.participant === 'string' ? source.participant : null;
      return evolutionGateway(account, context).mediaOfMessage({ id, remoteJid, fromMe: source.fromMe === true, participant }, maxBytes);
    },

    chatIdForContact(contact) {
      return contact.phone_e164 ? jidForPhone(contact.phone_e164) : null;
    },

    async health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth> {
      try {
        const state = await evolutionGateway(account, context).connectionState();
        if (state === 'open') return { status: 'ok' };
        return { status: state === 'connecting' ? 'degraded' : 'down', detail: state === 'connecting' ? 'waiting for the QR code to be scanned' : `WhatsApp session is ${state}` };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message.slice(0, 200) : 'gateway unreachable' };
      }
    },
  };
}

/** Where and how to reach an Evolution account's gateway: for the history pull, which reads its REST API directly. */
export function evolutionApiAccess(secrets: AdapterContext['secrets'], account: ChannelAccount): { baseUrl: string; apiKey: string; instance: string } {
  const { baseUrl, instanceName } = settingsOf(account);
  return { baseUrl, apiKey: requireCredential(openCredentials(secrets, account), 'apiKey'), instance: instanceName };
}
