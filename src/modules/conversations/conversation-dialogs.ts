import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { MediaInfo } from '../../platform/db/schema.ts';

/** A one-to-one conversation with enough messages to be read as a dialog, and how much of it there is. */
export interface DialogCandidate {
  conversationId: string;
  contactId: string;
  channel: string;
  channelAccountId: string | null;
  incomingCount: number;
  messageCount: number;
  lastMessageAt: Date | null;
}

export interface DialogCandidateFilter {
  minIncoming: number;
  channelAccountId?: string;
  /** Channel account name (seed 001's `instanceName`). */
  channelAccountName?: string;
  conversationIds?: string[];
  /** Conversations to leave out (ignored when asking by id). */
  excludeIds?: string[];
  limit?: number;
}

/**
 * Client conversations (not groups) with at least `minIncoming` messages from the client, newest activity first.
 * Counting is one grouped scan of the organization's messages, not a query per conversation.
 */
export async function listDialogCandidates(
  db: DbOrTx,
  organizationId: string,
  filter: DialogCandidateFilter,
): Promise<DialogCandidate[]> {
  let query = db
    .selectFrom('conversations as c')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('messages')
          .select((m) => [
            'conversation_id',
            sql<number>`count(*) FILTER (WHERE direction = 'inbound' AND kind <> 'system')::int`.as('incoming'),
            sql<number>`count(*) FILTER (WHERE kind <> 'system')::int`.as('total'),
            m.fn.max('sent_at').as('last_at'),
          ])
          .where('organization_id', '=', organizationId)
          .groupBy('conversation_id')
          .as('m'),
      (join) => join.onRef('m.conversation_id', '=', 'c.id'),
    )
    .leftJoin('channel_accounts as a', 'a.id', 'c.channel_account_id')
    .select(['c.id', 'c.contact_id', 'c.channel', 'c.channel_account_id', 'm.incoming', 'm.total', 'm.last_at'])
    .where('c.organization_id', '=', organizationId)
    .where('c.is_group', '=', false)
    .where('c.contact_id', 'is not', null)
    .where('m.incoming', '>=', filter.minIncoming);
  if (filter.channelAccountId) query = query.where('c.channel_account_id', '=', filter.channelAccountId);
  if (filter.channelAccountName) query = query.where('a.name', '=', filter.channelAccountName);
  if (filter.conversationIds) query = query.where('c.id', 'in', filter.conversationIds.length ? filter.conversationIds : ['00000000-0000-0000-0000-000000000000']);
  else if (filter.excludeIds?.length) query = query.where('c.id', 'not in', filter.excludeIds);
  query = query.orderBy('m.last_at', 'desc').orderBy('c.id', 'desc');
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  const rows = await query.execute();
  return rows.map((row) => ({
    conversationId: row.id,
    contactId: row.contact_id!,
    channel: row.channel,
    channelAccountId: row.channel_account_id,
    incomingCount: row.incoming,
    messageCount: row.total,
    lastMessageAt: row.last_at ? new Date(row.last_at as Date | string) : null,
  }));
}

export interface DialogLine {
  direction: 'inbound' | 'outbound';
  text: string;
  sentAt: Date;
}

/** A media message as the analysis reads it: a voice note by its transcript when there is one. */
export function describeMedia(media: MediaInfo | null): string {
  if (!media) return '';
  const said = media.transcript?.trim();
  if (said) return media.caption ? `[${media.type}] ${media.caption} — ${said}` : `[${media.type}] ${said}`;
  return media.caption ? `[${media.type}] ${media.caption}` : `[${media.type}]`;
}

/** The last `maxMessages` messages of a conversation, oldest first, system notices left out. */
export async function loadDialog(db: DbOrTx, organizationId: string, conversationId: string, maxMessages: number): Promise<DialogLine[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['direction', 'body', 'media', 'sent_at'])
    .where('organization_id', '=', organizationId)
    .where('conversation_id', '=', conversationId)
    .where('kind', '<>', 'system')
    .orderBy('sent_at', 'desc')
    .orderBy('id', 'desc')
    .limit(maxMessages)
    .execute();
  return rows.reverse().map((row) => ({
    direction: row.direction,
    text: row.body.trim() || describeMedia(row.media),
    sentAt: row.sent_at,
  }));
}
