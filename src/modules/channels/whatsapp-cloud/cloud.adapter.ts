import { cloudMediaRefusal } from './cloud-media-rules.ts';
import { z } from 'zod';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { findConversationByKey } from '../../conversations/index.ts';
import {
  ChannelError,
  type AccountConnectInput,
  type AccountSetup,
  type AdapterContext,
  type ChannelAdapter,
  type ChannelHealth,
  type FetchedMedia,
  type MediaSource,
  type OutboundDraft,
  type OutboundMessage,
  type SentMessage,
} from '../channel-adapter.ts';
import { assertNotConnectedElsewhere, openCredentials, requireCredential } from '../channel-credentials.ts';
import { CloudApi, WINDOW_CLOSED_MESSAGE } from './cloud.api.ts';

export const ZWhatsAppCloudConfig = z.strictObject({
  phoneNumberId: z.string().trim().regex(/^\d{5,25}$/, 'the numeric Phone number ID from WhatsApp Manager').describe('Phone number ID (not the phone number)'),
  accessToken: z.string().trim().min(20, 'too short for a Meta access token').max(2000).describe('A system-user access token with whatsapp_business_messaging; stored encrypted'),
  appSecret: z.string().trim().min(8).max(200).describe('The Meta app secret, for X-Hub-Signature-256 checks of webhooks; stored encrypted'),
  businessAccountId: z.string().trim().regex(/^\d{5,25}$/, 'digits only').optional().describe('WhatsApp Business Account ID (for reference)'),
});

export type WhatsAppCloudConfig = z.infer<typeof ZWhatsAppCloudConfig>;

/** WhatsApp's customer-service window: free-form messages only within 24 hours of the customer's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60_000;

export function isWindowOpen(lastInboundAt: Date | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
}

function phoneNumberIdOf(account: ChannelAccount): string {
  const id = (account.settings as { phoneNumberId?: string }).phoneNumberId;
  if (!id) throw new ChannelError('AUTH_REVOKED', 'the account has no phone number ID; reconnect it');
  return id;
}

export function cloudApi(account: ChannelAccount, context: AdapterContext): CloudApi {
  const credentials = openCredentials(context.secrets, account);
  return new CloudApi({
    graphUrl: context.config.WHATSAPP_GRAPH_URL,
    version: context.config.WHATSAPP_GRAPH_VERSION,
    phoneNumberId: phoneNumberIdOf(account),
    accessToken: requireCredential(credentials, 'accessToken'),
    timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS,
  });
}

function windowError(): ChannelError {
  return new ChannelError('REJECTED', `window_closed: ${WINDOW_CLOSED_MESSAGE}`, undefined, 'window_closed');
}

export function createWhatsAppCloudAdapter(): ChannelAdapter {
  return {
    channel: 'whatsapp_cloud',
    supportsTemplates: true,
    configSchema: ZWhatsAppCloudConfig,
    credentialFields: ['accessToken', 'appSecret'],

    async connect(input: AccountConnectInput, context: AdapterContext): Promise<AccountSetup> {
      const config = input.config as WhatsAppCloudConfig;
      await assertNotConnectedElsewhere(context.db, 'whatsapp_cloud', { phoneNumberId: config.phoneNumberId }, input.accountId, 'body.config.phoneNumberId');
      const api = new CloudApi({
        graphUrl: context.config.WHATSAPP_GRAPH_URL,
        version: context.config.WHATSAPP_GRAPH_VERSION,
        phoneNumberId: config.phoneNumberId,
        accessToken: config.accessToken,
        timeoutMs: context.config.CHANNEL_HTTP_TIMEOUT_MS,
      });
      let profile: Awaited<ReturnType<CloudApi['phoneNumber']>>;
      try {
        profile = await api.phoneNumber();
      } catch (error) {
        if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') {
          throw new AppError('UNPROCESSABLE', `Meta rejected the access token: ${error.message}`, [{ field: 'body.config.accessToken', message: 'rejected by Meta' }]);
        }
        if (error instanceof ChannelError && error.code === 'REJECTED') {
          throw new AppError('UNPROCESSABLE', `Meta does not know this phone number ID: ${error.message}`, [{ field: 'body.config.phoneNumberId', message: 'not found' }]);
        }
        throw new AppError('UNPROCESSABLE', `the Graph API could not be reached: ${error instanceof Error ? error.message : String(error)}`, [
          { field: 'body.config.accessToken', message: 'could not be checked' },
        ]);
      }
      const digits = profile.displayPhoneNumber?.replace(/\D/g, '');
      return {
        settings: { phoneNumberId: config.phoneNumberId, ...(config.businessAccountId ? { businessAccountId: config.businessAccountId } : {}), verifiedName: profile.verifiedName },
        credentials: { accessToken: config.accessToken, appSecret: config.appSecret },
        address: digits ? `+${digits}` : null,
        status: 'active',
        providerState: { connection: 'ready', detail: profile.verifiedName, updatedAt: context.now.toISOString() },
      };
    },

    checkOutbound(_account, conversation, draft: OutboundDraft, now) {
      const refusal = draft.media ? cloudMediaRefusal(draft.media) : null;
      if (refusal) return new ChannelError('REJECTED', refusal, undefined, 'media_unsupported');
      return draft.template || isWindowOpen(conversation.lastInboundAt, now) ? null : windowError();
    },

    async send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage> {
      if (!message.template) {
        // The window is checked again at send time: it may have closed while the message waited in the queue.
        const conversation = await findConversationByKey(context.db, account.organization_id, {
          channel: 'whatsapp_cloud',
          channelAccountId: account.id,
          externalChatId: message.externalChatId,
        });
        if (!isWindowOpen(conversation?.last_inbound_at ?? null, context.now)) throw windowError();
      }
      return cloudApi(account, context).send(message.externalChatId, message, message.clientRef, context.now);
    },

    async fetchMedia(account: ChannelAccount, source: MediaSource, context: AdapterContext, maxBytes: number): Promise<FetchedMedia> {
      if (typeof source.mediaId !== 'string') throw new ChannelError('REJECTED', 'the media reference has no media id', undefined, 'media_source');
      return cloudApi(account, context).downloadMedia(source.mediaId, maxBytes);
    },

    chatIdForContact(contact) {
      return contact.phone_e164 ? contact.phone_e164.replace(/^\+/, '') : null;
    },

    async health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth> {
      try {
        await cloudApi(account, context).phoneNumber();
        return { status: 'ok' };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message.slice(0, 200) : 'Graph API unreachable' };
      }
    },
  };
}
