import type { ChannelAccount, ChannelType, MediaInfo } from '../../platform/db/schema.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { Logger } from '../../platform/logger.ts';
import type { z } from 'zod';

/**
 * Provider errors normalised to what the sending logic acts on:
 * - TEMPORARY: the channel did not take the message (outage, 5xx before acceptance, connection refused); safe to retry.
 * - RATE_LIMITED: the channel refused for pace; retry after `retryAfterMs`.
 * - RECIPIENT_INVALID: the address cannot receive (not on WhatsApp, blocked, deleted account); do not retry.
 * - AUTH_REVOKED: the account's credentials or session are gone; pause the account.
 * - REJECTED: the channel refuses this message as composed (outside WhatsApp's 24-hour window, unknown
 *   template, unsupported media); do not retry, the message fails with the reason.
 * A plain Error (timeout, connection reset) means the outcome is unknown: it may have been sent.
 */
export type ChannelErrorCode = 'TEMPORARY' | 'RATE_LIMITED' | 'RECIPIENT_INVALID' | 'AUTH_REVOKED' | 'REJECTED';

export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    /** The provider's own code (131047, 429, …) or ours (`window_closed`), for the message's error text. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** An approved WhatsApp message template (Cloud API), sent outside the 24-hour customer-service window. */
export interface MessageTemplate {
  name: string;
  language: string;
  /** Cloud API `components` (header/body/button parameters), passed through as given. */
  components?: Record<string, unknown>[];
}

/** A file stored in Parley (a composer upload): adapters send these bytes, never a link to them. */
export interface OutboundFile {
  bytes: Buffer;
  mimeType: string;
  fileName: string | null;
}

export interface OutboundMessage {
  /** Our message id; adapters pass it to the provider where it can be echoed back, for reconciliation. */
  clientRef: string;
  externalChatId: string;
  text: string;
  media?: MediaInfo | null;
  /** The bytes of `media` when it is a stored file (`media.mediaId`); absent for media sent by URL. */
  file?: OutboundFile | null;
  template?: MessageTemplate | null;
}

export interface SentMessage {
  externalId: string;
  sentAt: Date;
}

/**
 * Where the channel keeps an inbound message's file, as the adapter's `fetchMedia` needs it: Evolution's message
 * key, the Cloud API media id, a Bot API file_id, a Telegram account's chat and message id. Travels in the
 * `media.download` job's payload, never to the API.
 */
export type MediaSource = Record<string, string | number | boolean | null>;

/** A downloaded file. `mimeType`/`fileName` are what the provider said, when it said anything. */
export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string | null;
  fileName: string | null;
}

/** The file is bigger than `MEDIA_MAX_BYTES`: it stays described, not stored. */
export class MediaTooLargeError extends Error {
  constructor(readonly sizeBytes: number | null, readonly maxBytes: number) {
    super(`the file is larger than the ${maxBytes}-byte limit${sizeBytes !== null ? ` (${sizeBytes} bytes)` : ''}`);
    this.name = 'MediaTooLargeError';
  }
}

export interface InboundMessage {
  externalChatId: string;
  externalMessageId: string | null;
  /** Set when the sender is already known (the sandbox answering in an existing chat). */
  knownContactId?: string | null;
  from: { phone?: string | null; telegramId?: string | null; telegramUsername?: string | null; email?: string | null; name?: string | null };
  text: string;
  media?: MediaInfo | null;
  /** Set when the channel lets Parley download the media: a `media.download` job is queued with the message. */
  mediaSource?: MediaSource | null;
  sentAt: Date;
  isGroup?: boolean;
  chatTitle?: string | null;
}

export interface ChannelHealth {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

/** What an adapter call is given: the database handle, the time, and the process-wide configuration and key. */
export interface AdapterContext {
  db: DbOrTx;
  now: Date;
  config: Config;
  secrets: SecretBox;
  logger: Logger;
}

/** A message about to be queued, as far as the channel's composition rules go. */
export interface OutboundDraft {
  text: string;
  media?: MediaInfo | null;
  template?: MessageTemplate | null;
}

/** What the provider last said about an account's connection (stored in `channel_accounts.provider_state`). */
export interface ChannelProviderState {
  /** The provider's own word: Evolution `open` / `connecting` / `close`; a bot's `webhook` / `polling`. */
  connection?: string;
  detail?: string | null;
  updatedAt?: string;
  [key: string]: unknown;
}

/** An account being created or reconfigured: its id and webhook secret exist before the provider is called. */
export interface AccountConnectInput {
  accountId: string;
  organizationId: string;
  webhookSecret: string;
  /** Already validated against the adapter's `configSchema`. */
  config: Record<string, unknown>;
  /** Reconfiguring an existing account (PATCH config): never create provider-side objects again. */
  isReconnect: boolean;
}

/** The result of connecting: what to store in the clear, what to seal, and the account's starting state. */
export interface AccountSetup {
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  address?: string | null;
  status: 'active' | 'disconnected';
  providerState: ChannelProviderState;
  /**
   * The setup replaced the account's session (a Telegram user account logging in again): the stored status
   * follows `status` even for an account that was active, since the old session is gone.
   */
  resetsSession?: boolean;
}

/** One messaging channel. Every implementation is exercised against a server speaking the provider's wire format. */
export interface ChannelAdapter {
  readonly channel: ChannelType;
  /** Whether the channel sends approved templates (WhatsApp Cloud API). */
  readonly supportsTemplates?: boolean;
  /** The account configuration this channel needs (credentials included); absent for the built-in sandbox. */
  readonly configSchema?: z.ZodObject;
  /** Names of the `configSchema` fields that are credentials: sealed at rest, never returned. */
  readonly credentialFields?: readonly string[];
  /** Sets the account up on the provider side (instance, webhook) and checks the credentials. */
  connect?(input: AccountConnectInput, context: AdapterContext): Promise<AccountSetup>;
  send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage>;
  /**
   * Many sends in one call, where the channel can take them at once (the sandbox writes them in one statement).
   * Result i is message i's SentMessage, or the error its own `send` would have thrown. Bulk senders (campaigns)
   * use it when present and fall back to `send` per message.
   */
  sendBatch?(account: ChannelAccount, messages: OutboundMessage[], context: AdapterContext): Promise<Array<SentMessage | Error>>;
  /**
   * After a crash between "sending" and "sent": asks the channel whether a message with this clientRef
   * went out. `undefined` from an adapter without the capability means "cannot tell".
   */
  findSent?(account: ChannelAccount, clientRef: string, context: AdapterContext): Promise<SentMessage | null>;
  /**
   * Refuses, before it is queued, a message the channel would reject as composed (WhatsApp's 24-hour
   * customer-service window); the dispatcher checks again at send time, since the window can close meanwhile.
   */
  checkOutbound?(account: ChannelAccount, conversation: { lastInboundAt: Date | null }, draft: OutboundDraft, now: Date): ChannelError | null;
  /** The chat id to use when opening a conversation with a contact, or null if the contact has no address here. */
  chatIdForContact(contact: { id: string; phone_e164: string | null; telegram_id: string | null; telegram_username: string | null }): string | null;
  health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth>;
  /**
   * Downloads an inbound message's file (`InboundMessage.mediaSource`). Throws `MediaTooLargeError` past
   * `maxBytes`, a `ChannelError` the download job maps to retry / give up, or a plain Error (retried).
   */
  fetchMedia?(account: ChannelAccount, source: MediaSource, context: AdapterContext, maxBytes: number): Promise<FetchedMedia>;
  /** Ends the provider-side session of an account about to be deleted (a Telegram login), best effort. */
  endSession?(account: ChannelAccount, context: AdapterContext): Promise<void>;
  /** Drops what the process keeps open for the account (a live MTProto connection): paused or deleted. */
  release?(accountId: string): Promise<void>;
  /** Closes every connection the adapter keeps, when the process stops. */
  close?(): Promise<void>;
}

export type ChannelRegistry = Map<ChannelType, ChannelAdapter>;

export function adapterFor(registry: ChannelRegistry, channel: ChannelType): ChannelAdapter {
  const adapter = registry.get(channel);
  if (!adapter) throw new Error(`no adapter registered for channel "${channel}"`);
  return adapter;
}
