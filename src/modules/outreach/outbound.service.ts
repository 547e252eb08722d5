import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { MediaInfo, Message } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import { getConversation } from '../conversations/index.ts';
import { attachToMessage } from '../media/index.ts';
import { MESSAGE_DISPATCH_TASK } from './outreach-tasks.ts';
import type { OutboundOrigin } from './engine/origin.ts';

/**
 * The one place a single outbound message is written: as `queued`, with its dispatch job in the same transaction
 * (the message exists iff the job to send it exists). The dispatch job then takes the account's budget, keeps the
 * quiet hours and calls the channel. Campaign batches are written by `outboundBatchInsert` and settled by `outboundBatchSettle`, below.
 */
export interface QueueOutboundInput {
  conversationId: string;
  body: string;
  authorUserId: string | null;
  authorName?: string | null;
  media?: MediaInfo | null;
  metadata?: Record<string, unknown>;
  /** Who asked for it: its priority in the account's budget and whether quiet hours apply. Default: a person. */
  origin?: OutboundOrigin;
}

function preview(body: string, media?: MediaInfo | null): string {
  const text = body.trim() || (media ? `[${media.type}]` : '');
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** The one opt-out check: nobody writes to a contact who asked not to be written to. */
export function assertNotOptedOut(conversation: { contact_opted_out_at: Date | null }): void {
  if (conversation.contact_opted_out_at) {
    throw new AppError('UNPROCESSABLE', 'the contact has opted out of messages', [{ field: 'params.conversationId', message: 'contact opted out' }]);
  }
}

export async function queueOutboundMessage(db: Db, organizationId: string, input: QueueOutboundInput, now: Date): Promise<Message> {
  const conversation = await getConversation(db, organizationId, input.conversationId);
  if (!conversation.channel_account_id) {
    throw new AppError('UNPROCESSABLE', 'this conversation has no channel account to send through (imported history); open a conversation on a channel account', [
      { field: 'params.conversationId', message: 'no channel account' },
    ]);
  }
  assertNotOptedOut(conversation);
  const metadata = { ...(input.metadata ?? {}), origin: input.origin ?? 'manual' };
  return db.transaction().execute(async (tx) => {
    const message = await tx
      .insertInto('messages')
      .values({
        organization_id: organizationId,
        conversation_id: input.conversationId,
        direction: 'outbound',
        kind: input.media ? 'media' : 'text',
        author_user_id: input.authorUserId,
        author_name: input.authorName ?? null,
        body: input.body,
        media: input.media ? JSON.stringify(input.media) : null,
        status: 'queued',
        sent_at: now,
        metadata: JSON.stringify(metadata),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A file uploaded in the composer goes out with this message only.
    if (input.media?.mediaId) await attachToMessage(tx, organizationId, input.media.mediaId, message.id);
    await tx
      .updateTable('conversations')
      .set({ last_message_at: now, last_message_preview: preview(input.body, input.media), unread_count: 0, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', input.conversationId)
      .execute();
    // Due by the application's clock (the one the job loop claims by), not the database's.
    await enqueueJob(tx, MESSAGE_DISPATCH_TASK, { messageId: message.id }, { organizationId, jobKey: `dispatch:${message.id}`, maxAttempts: 8, runAt: now });
    return message;
  });
}

/** Status of an outbound message moved by outreach; `from` guards against overwriting a newer state. */
export async function setOutboundStatus(
  db: DbOrTx,
  organizationId: string,
  messageId: string,
  from: Array<'queued' | 'sending' | 'sent' | 'failed' | 'unknown'>,
  to: { status: 'queued' | 'sending' | 'sent' | 'failed' | 'unknown'; externalId?: string; error?: string | null; sentAt?: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({
      status: to.status,
      ...(to.externalId !== undefined ? { external_id: to.externalId } : {}),
      ...(to.error !== undefined ? { error: to.error } : {}),
      ...(to.sentAt ? { sent_at: to.sentAt } : {}),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', messageId)
    .where('direction', '=', 'outbound')
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Campaign batches: the statement that writes a batch's outbound messages as `sending`, as a part of the caller's
 * own single statement (a `WITH … AS (…)` entry), so the caller's rows naming these messages and the messages
 * exist together, at one statement per batch. `source` names the caller's row set with the columns
 * `message_id`, `conversation_id`, `body` and `metadata` (jsonb). The caller has taken the batch from the
 * account's budget under its claim and calls the channel right after.
 */
export function outboundBatchInsert(scope: { organizationId: string; authorName: string; now: Date }, source: string): RawBuilder<unknown> {
  return sql`
    INSERT INTO messages (id, organization_id, conversation_id, direction, kind, author_name, body, status, sent_at, metadata, created_at)
    SELECT b.message_id, ${scope.organizationId}, b.conversation_id, 'outbound', 'text', ${scope.authorName}, b.body, 'sending', ${scope.now}, b.metadata, ${scope.now}
    FROM ${sql.table(source)} b
    RETURNING id`;
}

/** What became of one message of a batch once the channel answered (or was asked again). */
export interface OutboundOutcome {
  id: string;
  status: string;
  external_id: string | null;
  sent_at: Date | null;
  error: string | null;
}

/**
 * Settles a batch, as two `WITH` entries of the caller's completing statement (`outbound_settled`,
 * `outbound_removed`): each message gets its outcome; those the channel never took are removed (nothing was sent,
 * and nothing will be).
 */
export function outboundBatchSettle(organizationId: string, outcomes: OutboundOutcome[], removed: string[]): RawBuilder<unknown> {
  return sql`outbound_settled AS (
      UPDATE messages m SET status = mu.status, external_id = coalesce(mu.external_id, m.external_id), sent_at = coalesce(mu.sent_at, m.sent_at), error = mu.error
      FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) AS mu(id uuid, status text, external_id text, sent_at timestamptz, error text)
      WHERE m.id = ANY(${outcomes.map((o) => o.id)}::uuid[]) AND m.id = mu.id AND m.organization_id = ${organizationId}
      RETURNING 1
    ), outbound_removed AS (
      DELETE FROM messages WHERE organization_id = ${organizationId} AND id = ANY(${removed}::uuid[]) RETURNING 1
    )`;
}

/** The text and thread of outbound messages, to ask the channel whether an interrupted send went out. */
export async function outboundBodies(db: DbOrTx, organizationId: string, messageIds: string[]): Promise<Map<string, { body: string; conversationId: string }>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'body', 'conversation_id'])
    .where('organization_id', '=', organizationId)
    .where('direction', '=', 'outbound')
    .where('id', 'in', messageIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { body: r.body, conversationId: r.conversation_id }]));
}
