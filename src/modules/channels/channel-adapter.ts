import type { ChannelAccount, ChannelType, MediaInfo } from '../../platform/db/schema.ts';
import type { DbOrTx } from '../../platform/db/client.ts';

/**
 * Provider errors normalised to what the sending logic acts on:
 * - TEMPORARY: the channel did not take the message (outage, 5xx before acceptance); safe to retry.
 * - RATE_LIMITED: the channel refused for pace; retry after `retryAfterMs`.
 * - RECIPIENT_INVALID: the address cannot receive (not on WhatsApp, blocked, deleted account); do not retry.
 * - AUTH_REVOKED: the account's credentials or session are gone; pause the account.
 * A plain Error (timeout, connection reset) means the outcome is unknown: it may have been sent.
 */
export type ChannelErrorCode = 'TEMPORARY' | 'RATE_LIMITED' | 'RECIPIENT_INVALID' | 'AUTH_REVOKED';

export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface OutboundMessage {
  /** Our message id; adapters pass it to the provider where it can be echoed back, for reconciliation. */
  clientRef: string;
  externalChatId: string;
  text: string;
  media?: MediaInfo | null;
}

export interface SentMessage {
  externalId: string;
  sentAt: Date;
}

export interface InboundMessage {
  externalChatId: string;
  externalMessageId: string | null;
  /** Set when the sender is already known (the sandbox answering in an existing chat). */
  knownContactId?: string | null;
  from: { phone?: string | null; telegramId?: string | null; telegramUsername?: string | null; email?: string | null; name?: string | null };
  text: string;
  media?: MediaInfo | null;
  sentAt: Date;
  isGroup?: boolean;
  chatTitle?: string | null;
}

export interface ChannelHealth {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

export interface AdapterContext {
  db: DbOrTx;
  now: Date;
}

/** One messaging channel. Every implementation is exercised against a server speaking the provider's wire format. */
export interface ChannelAdapter {
  readonly channel: ChannelType;
  send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage>;
  /**
   * After a crash between "sending" and "sent": asks the channel whether a message with this clientRef
   * went out. `undefined` from an adapter without the capability means "cannot tell".
   */
  findSent?(account: ChannelAccount, clientRef: string, context: AdapterContext): Promise<SentMessage | null>;
  /** The chat id to use when opening a conversation with a contact, or null if the contact has no address here. */
  chatIdForContact(contact: { id: string; phone_e164: string | null; telegram_id: string | null; telegram_username: string | null }): string | null;
  health(account: ChannelAccount, context: AdapterContext): Promise<ChannelHealth>;
}

export type ChannelRegistry = Map<ChannelType, ChannelAdapter>;

export function adapterFor(registry: ChannelRegistry, channel: ChannelType): ChannelAdapter {
  const adapter = registry.get(channel);
  if (!adapter) throw new Error(`no adapter registered for channel "${channel}"`);
  return adapter;
}
