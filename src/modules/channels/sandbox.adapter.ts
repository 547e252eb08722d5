import { randomUUID } from 'node:crypto';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { ChannelError, type AdapterContext, type ChannelAdapter, type OutboundMessage, type SentMessage } from './channel-adapter.ts';

/**
 * The built-in channel: outbound messages land in the sandbox inbox of the UI, where a user answers as
 * the contact. Its account setting `failMode` makes it behave like a failing provider, so outage handling
 * can be seen and tested through the real sending path.
 */
export type SandboxFailMode = 'none' | 'temporary' | 'rate_limited' | 'recipient_invalid' | 'auth_revoked' | 'timeout_after_accept';

function failModeOf(account: ChannelAccount): SandboxFailMode {
  const mode = (account.settings as { failMode?: SandboxFailMode }).failMode;
  return mode ?? 'none';
}

export const sandboxAdapter: ChannelAdapter = {
  channel: 'sandbox',

  async send(account: ChannelAccount, message: OutboundMessage, context: AdapterContext): Promise<SentMessage> {
    const { db, now } = context;
    const failMode = failModeOf(account);
    if (failMode === 'temporary') throw new ChannelError('TEMPORARY', 'sandbox is simulating an outage');
    if (failMode === 'rate_limited') throw new ChannelError('RATE_LIMITED', 'sandbox is simulating a rate limit', 30_000);
    if (failMode === 'recipient_invalid') throw new ChannelError('RECIPIENT_INVALID', 'sandbox is simulating an unreachable recipient');
    if (failMode === 'auth_revoked') throw new ChannelError('AUTH_REVOKED', 'sandbox is simulating a logged-out account');
    const delivery = await db
      .insertInto('sandbox_deliveries')
      .values({
        organization_id: account.organization_id,
        channel_account_id: account.id,
        client_ref: message.clientRef,
        external_chat_id: message.externalChatId,
        text: message.text,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['channel_account_id', 'client_ref']).doNothing())
      .returning(['id', 'created_at'])
      .executeTakeFirst();
    // Accepted, then the connection "drops" before we hear back: the sender must not know it went out.
    if (failMode === 'timeout_after_accept') throw new Error('sandbox is simulating a timeout after the message was accepted');
    if (!delivery) {
      const existing = await this.findSent!(account, message.clientRef, context);
      if (existing) return existing;
    }
    return { externalId: `sbx_${delivery?.id ?? randomUUID()}`, sentAt: delivery?.created_at ?? now };
  },

  async sendBatch(account: ChannelAccount, messages: OutboundMessage[], context: AdapterContext): Promise<Array<SentMessage | Error>> {
    // A simulated failure behaves exactly as it does for one send.
    if (failModeOf(account) !== 'none' || messages.length === 0) return Promise.all(messages.map((m) => this.send(account, m, context).catch((error: Error) => error)));
    const rows = await context.db
      .insertInto('sandbox_deliveries')
      .values(
        messages.map((m) => ({
          organization_id: account.organization_id,
          channel_account_id: account.id,
          client_ref: m.clientRef,
          external_chat_id: m.externalChatId,
          text: m.text,
          created_at: context.now,
        })),
      )
      .onConflict((oc) => oc.columns(['channel_account_id', 'client_ref']).doNothing())
      .returning(['id', 'client_ref', 'created_at'])
      .execute();
    const accepted = new Map(rows.map((row) => [row.client_ref, row]));
    return Promise.all(
      messages.map(async (m) => {
        const row = accepted.get(m.clientRef);
        if (row) return { externalId: `sbx_${row.id}`, sentAt: row.created_at };
        // Already accepted earlier (a retried batch): the same answer as then.
        return (await this.findSent!(account, m.clientRef, context)) ?? new Error('sandbox lost a delivery it had accepted');
      }),
    );
  },

  async findSent(account, clientRef, { db }) {
    const delivery = await db
      .selectFrom('sandbox_deliveries')
      .select(['id', 'created_at'])
      .where('channel_account_id', '=', account.id)
      .where('client_ref', '=', clientRef)
      .executeTakeFirst();
    return delivery ? { externalId: `sbx_${delivery.id}`, sentAt: delivery.created_at } : null;
  },

  chatIdForContact(contact) {
    return contact.phone_e164 ? `sandbox:${contact.phone_e164}` : `sandbox:contact:${contact.id}`;
  },

  async health(account) {
    const failMode = failModeOf(account);
    return failMode === 'none' ? { status: 'ok' } : { status: 'degraded', detail: `simulating ${failMode}` };
  },
};
