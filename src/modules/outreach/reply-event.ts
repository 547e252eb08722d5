import { sql } from 'kysely';
import type { Tx } from '../../platform/db/client.ts';
import { recordEvent, type EventSubscriber } from '../events/index.ts';
import { getMessage } from '../conversations/index.ts';
import { replyTargetOf, type OutreachReplyPayload } from './engine/reply.ts';

export const OUTREACH_REPLY_EVENT = 'outreach.reply';

/** A feature's reaction to a client's reply, run in the dispatch transaction. */
export type ReplyListener = (organizationId: string, reply: OutreachReplyPayload, tx: Tx) => Promise<void>;

/**
 * The one reply event. A client's message (`message.received` with a contact) becomes one `outreach.reply`: the
 * message and what it answers — the latest outbound message of the conversation before it, its origin and the
 * feature's reference. Campaigns, reactivation, re-engagement and the autopilot subscribe to it (their listeners,
 * registered here at start-up) instead of each reading `message.received`. The listeners run in the dispatch
 * transaction of the received message, in order — so a reply is seen exactly when the message was, before later
 * events (a lead created after it) — and the event is written to the outbox for webhooks. Each message is received
 * once and each outbox event handed out once, so the reply is emitted once.
 */
export function outreachReplySubscriber(listeners: ReplyListener[]): EventSubscriber {
  return async (event, tx) => {
    if (event.type !== 'message.received' || !event.subjectId) return;
    const contactId = typeof event.payload.contactId === 'string' ? event.payload.contactId : null;
    if (!contactId) return;
    const message = await getMessage(tx, event.organizationId, event.subjectId).catch(() => null);
    if (!message || message.direction !== 'inbound') return;
    const payload: OutreachReplyPayload = {
      messageId: message.id,
      conversationId: message.conversation_id,
      contactId,
      channel: typeof event.payload.channel === 'string' ? event.payload.channel : null,
      text: message.body.slice(0, 1000),
      receivedAt: new Date(message.sent_at).toISOString(),
      ...replyTargetOf(await latestOutboundBefore(tx, event.organizationId, message)),
    };
    await recordEvent(tx, { organizationId: event.organizationId, type: OUTREACH_REPLY_EVENT, subjectType: 'message', subjectId: message.id, payload: payload as unknown as Record<string, unknown> });
    for (const listener of listeners) await listener(event.organizationId, payload, tx);
  };
}

async function latestOutboundBefore(tx: Tx, organizationId: string, message: { id: string; conversation_id: string; sent_at: Date }) {
  const row = await sql<{ id: string; metadata: unknown }>`
    SELECT id, metadata FROM messages
    WHERE organization_id = ${organizationId} AND conversation_id = ${message.conversation_id} AND direction = 'outbound'
      AND status IN ('sent', 'sending', 'unknown') AND sent_at <= ${message.sent_at}::timestamptz
    ORDER BY sent_at DESC, id DESC LIMIT 1`.execute(tx);
  return row.rows[0] ?? null;
}
