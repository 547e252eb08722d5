import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelType, MediaInfo, Message, MessageStatus } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { likePattern } from '../contacts/index.ts';
import { contactsWithInterest, interestOfContacts } from '../pipelines/index.ts';
import type { ConversationStatus } from './inbox.tables.ts';

import { reopenOnClientMessage } from './conversation-assignment.service.ts';

type ConversationChannel = ChannelType | 'whatsapp_export' | 'telegram_export';

/** Unread for one person: the client's messages since they last read the thread (capped, a badge shows 99+). */
const UNREAD_CAP = 100;

function selectConversations(db: DbOrTx, organizationId: string, viewerUserId?: string) {
  const base = db
    .selectFrom('conversations')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('users as assignee', 'assignee.id', 'conversations.assignee_user_id')
    .selectAll('conversations')
    .select([
      'contacts.display_name as contact_name',
      'contacts.phone_e164 as contact_phone',
      'contacts.opted_out_at as contact_opted_out_at',
      'contacts.tags as contact_tags',
      'assignee.name as assignee_name',
    ])
    .where('conversations.organization_id', '=', organizationId);
  if (!viewerUserId) return base.select(sql<number>`conversations.unread_count`.as('viewer_unread'));
  return base.select(
    sql<number>`(SELECT count(*)::int FROM (
        SELECT 1 FROM messages m
        WHERE m.conversation_id = conversations.id AND m.direction = 'inbound'
          AND m.sent_at > coalesce((SELECT r.last_read_at FROM conversation_reads r WHERE r.conversation_id = conversations.id AND r.user_id = ${viewerUserId}), '-infinity'::timestamptz)
        ORDER BY m.sent_at DESC LIMIT ${UNREAD_CAP}) unread)`.as('viewer_unread'),
  );
}

type ConversationRow = Awaited<ReturnType<ReturnType<typeof selectConversations>['executeTakeFirstOrThrow']>>;

export function toConversationDto(row: ConversationRow, interest?: 'hot' | 'warm' | 'cold' | null) {
  return {
    id: row.id,
    channel: row.channel,
    channelAccountId: row.channel_account_id,
    externalChatId: row.external_chat_id,
    contact:
      row.contact_id && row.contact_name
        ? { id: row.contact_id, displayName: row.contact_name, phone: row.contact_phone, optedOut: row.contact_opted_out_at !== null, tags: row.contact_tags ?? [] }
        : null,
    isGroup: row.is_group,
    title: row.title,
    lastMessageAt: iso(row.last_message_at),
    lastMessagePreview: row.last_message_preview,
    unreadCount: Number(row.viewer_unread),
    status: row.status,
    snoozedUntil: iso(row.snoozed_until),
    assignee: row.assignee_user_id ? { id: row.assignee_user_id, name: row.assignee_name ?? '' } : null,
    interestLevel: interest ?? null,
    createdAt: iso(row.created_at)!,
  };
}

export async function getConversation(db: DbOrTx, organizationId: string, conversationId: string, viewerUserId?: string): Promise<ConversationRow> {
  const row = await selectConversations(db, organizationId, viewerUserId).where('conversations.id', '=', conversationId).executeTakeFirst();
  if (!row) throw notFound('conversation');
  return row;
}

/** One conversation as the API shows it to a person: their unread count and the lead's interest. */
export async function getConversationDto(db: DbOrTx, organizationId: string, conversationId: string, viewerUserId: string) {
  const row = await getConversation(db, organizationId, conversationId, viewerUserId);
  const interest = row.contact_id ? await interestOfContacts(db, organizationId, [row.contact_id]) : new Map();
  return toConversationDto(row, row.contact_id ? interest.get(row.contact_id) : null);
}

export interface ConversationListQuery {
  cursor?: string;
  limit: number;
  contactId?: string;
  channel?: ConversationChannel;
  channelAccountId?: string;
  q?: string;
  unread?: 'true' | 'false';
  view?: 'all' | 'mine' | 'unassigned';
  status?: ConversationStatus | 'all';
  assigneeUserId?: string;
  tag?: string;
  interest?: 'hot' | 'warm' | 'cold';
}

/** Unread for the viewer, cheaply: the client wrote after the viewer last read (no message count). */
const unreadForViewer = (viewerUserId: string) =>
  sql<boolean>`conversations.last_inbound_at > coalesce((SELECT r.last_read_at FROM conversation_reads r WHERE r.conversation_id = conversations.id AND r.user_id = ${viewerUserId}), '-infinity'::timestamptz)`;

export async function listConversations(db: DbOrTx, organizationId: string, query: ConversationListQuery, viewerUserId?: string) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  // Conversations without messages sort last; the sort key makes that explicit and cursor-safe.
  const sortKey = sql<string>`coalesce(conversations.last_message_at, conversations.created_at)`;
  let builder = selectConversations(db, organizationId, viewerUserId).select(sql<string>`coalesce(conversations.last_message_at, conversations.created_at)::text`.as('sort_key'));
  if (query.contactId) builder = builder.where('conversations.contact_id', '=', query.contactId);
  if (query.channel) builder = builder.where('conversations.channel', '=', query.channel);
  if (query.channelAccountId) builder = builder.where('conversations.channel_account_id', '=', query.channelAccountId);
  if (query.status && query.status !== 'all') builder = builder.where('conversations.status', '=', query.status);
  if (query.view === 'mine' && viewerUserId) builder = builder.where('conversations.assignee_user_id', '=', viewerUserId);
  if (query.view === 'unassigned') builder = builder.where('conversations.assignee_user_id', 'is', null);
  if (query.assigneeUserId) builder = builder.where('conversations.assignee_user_id', '=', query.assigneeUserId);
  if (query.tag) builder = builder.where(sql<boolean>`contacts.tags @> ARRAY[${query.tag}]::text[]`);
  if (query.interest) builder = builder.where('conversations.contact_id', 'in', contactsWithInterest(db, organizationId, query.interest));
  if (query.unread && viewerUserId) {
    builder = query.unread === 'true' ? builder.where(unreadForViewer(viewerUserId)) : builder.where(sql<boolean>`NOT coalesce(${unreadForViewer(viewerUserId)}, false)`);
  } else if (query.unread === 'true') builder = builder.where('conversations.unread_count', '>', 0);
  else if (query.unread === 'false') builder = builder.where('conversations.unread_count', '=', 0);
  if (query.q) {
    // Matching contacts (name, phone digits) and titles are found through their trigram indexes first; the
    // page is then read from those few conversations instead of filtering the whole list in activity order.
    const pattern = likePattern(query.q);
    const digits = query.q.replace(/\D/g, '');
    const contactsMatching = db
      .selectFrom('contacts')
      .select('contacts.id')
      .where('contacts.organization_id', '=', organizationId)
      .where((eb) => eb.or([eb('contacts.display_name', 'ilike', pattern), ...(digits.length >= 3 ? [eb('contacts.phone_e164', 'like', likePattern(digits))] : [])]));
    const matching = db
      .selectFrom('conversations as by_contact')
      .select('by_contact.id')
      .where('by_contact.organization_id', '=', organizationId)
      .where('by_contact.contact_id', 'in', contactsMatching)
      .union(db.selectFrom('conversations as by_title').select('by_title.id').where('by_title.organization_id', '=', organizationId).where('by_title.title', 'ilike', pattern));
    builder = builder.where('conversations.id', 'in', matching);
  }
  if (cursor) builder = builder.where(sql<boolean>`(${sortKey}, conversations.id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy(sortKey, 'desc').orderBy('conversations.id', 'desc').limit(query.limit + 1).execute();
  const contactIds = [...new Set(rows.map((row) => row.contact_id).filter((id): id is string => id !== null))];
  const interest = await interestOfContacts(db, organizationId, contactIds);
  return toPage(rows, query.limit, (row) => toConversationDto(row, row.contact_id ? interest.get(row.contact_id) : null), (row) => ({ value: row.sort_key, id: row.id }));
}

/** The viewer's counts for the inbox tabs: open conversations that are theirs, unassigned, all; and how many are unread. */
export async function countInbox(db: DbOrTx, organizationId: string, viewerUserId: string) {
  const unread = unreadForViewer(viewerUserId);
  const row = await db
    .selectFrom('conversations')
    .select([
      sql<number>`count(*) FILTER (WHERE assignee_user_id = ${viewerUserId})::int`.as('mine'),
      sql<number>`count(*) FILTER (WHERE assignee_user_id = ${viewerUserId} AND ${unread})::int`.as('mine_unread'),
      sql<number>`count(*) FILTER (WHERE assignee_user_id IS NULL)::int`.as('unassigned'),
      sql<number>`count(*) FILTER (WHERE assignee_user_id IS NULL AND ${unread})::int`.as('unassigned_unread'),
      sql<number>`count(*)::int`.as('all'),
      sql<number>`count(*) FILTER (WHERE ${unread})::int`.as('all_unread'),
    ])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    mine: { open: Number(row.mine), unread: Number(row.mine_unread) },
    unassigned: { open: Number(row.unassigned), unread: Number(row.unassigned_unread) },
    all: { open: Number(row.all), unread: Number(row.all_unread) },
  };
}

export interface ConversationKey {
  channel: ConversationChannel;
  channelAccountId: string | null;
  externalChatId: string;
}

/** Finds the conversation for a chat on a channel account, creating it on first contact. */
export async function findOrCreateConversation(
  db: DbOrTx,
  organizationId: string,
  key: ConversationKey,
  details: { contactId: string | null; isGroup?: boolean; title?: string | null },
): Promise<{ id: string; isNew: boolean }> {
  const inserted = await db
    .insertInto('conversations')
    .values({
      organization_id: organizationId,
      channel: key.channel,
      channel_account_id: key.channelAccountId,
      external_chat_id: key.externalChatId,
      contact_id: details.contactId,
      is_group: details.isGroup ?? false,
      title: details.title ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, isNew: true };
  let query = db
    .selectFrom('conversations')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('channel', '=', key.channel)
    .where('external_chat_id', '=', key.externalChatId);
  query = key.channelAccountId ? query.where('channel_account_id', '=', key.channelAccountId) : query.where('channel_account_id', 'is', null);
  const existing = await query.executeTakeFirstOrThrow();
  return { id: existing.id, isNew: false };
}

export interface NewInboundMessage {
  conversationId: string;
  externalId: string | null;
  authorContactId: string | null;
  authorName: string | null;
  body: string;
  kind?: 'text' | 'media' | 'system';
  media?: MediaInfo | null;
  sentAt: Date;
  metadata?: Record<string, unknown>;
}

/**
 * Stores an inbound message once: a replayed webhook with the same external id is a no-op that returns
 * the stored row. Updates the conversation's counters and writes `message.received` to the outbox.
 */
export async function storeInboundMessage(
  db: DbOrTx,
  organizationId: string,
  input: NewInboundMessage,
  channel: string,
): Promise<{ message: Message; isDuplicate: boolean }> {
  const inserted = await db
    .insertInto('messages')
    .values({
      organization_id: organizationId,
      conversation_id: input.conversationId,
      direction: 'inbound',
      kind: input.kind ?? (input.media ? 'media' : 'text'),
      external_id: input.externalId,
      author_contact_id: input.authorContactId,
      author_name: input.authorName,
      body: input.body,
      media: input.media ? JSON.stringify(input.media) : null,
      status: 'received',
      sent_at: input.sentAt,
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'external_id']).where('external_id', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db
      .selectFrom('messages')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('conversation_id', '=', input.conversationId)
      .where('external_id', '=', input.externalId!)
      .executeTakeFirstOrThrow();
    return { message: existing, isDuplicate: true };
  }
  await db
    .updateTable('conversations')
    .set((eb) => ({
      last_message_at: sql`greatest(${eb.ref('last_message_at')}, ${input.sentAt}::timestamptz)`,
      last_inbound_at: sql`greatest(${eb.ref('last_inbound_at')}, ${input.sentAt}::timestamptz)`,
      last_message_preview: sql`CASE WHEN ${eb.ref('last_message_at')} IS NULL OR ${eb.ref('last_message_at')} <= ${input.sentAt}::timestamptz THEN ${preview(input.body, input.media)} ELSE ${eb.ref('last_message_preview')} END`,
      unread_count: eb('unread_count', '+', 1),
      updated_at: new Date(),
    }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', input.conversationId)
    .execute();
  // A client writing again brings a pending, snoozed or resolved conversation back to the team.
  await reopenOnClientMessage(db, organizationId, input.conversationId, new Date());
  if (input.authorContactId) {
    await db
      .updateTable('contacts')
      .set((eb) => ({ last_message_at: sql`greatest(${eb.ref('last_message_at')}, ${input.sentAt}::timestamptz)` }))
      .where('organization_id', '=', organizationId)
      .where('id', '=', input.authorContactId)
      .execute();
  }
  await recordEvent(db, {
    organizationId,
    type: 'message.received',
    subjectType: 'message',
    subjectId: inserted.id,
    payload: { conversationId: input.conversationId, contactId: input.authorContactId, channel, text: input.body.slice(0, 1000) },
  });
  return { message: inserted, isDuplicate: false };
}

function preview(body: string, media?: MediaInfo | null): string {
  const text = body.trim() || (media ? `[${media.type}]` : '');
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

export async function getMessage(db: DbOrTx, organizationId: string, messageId: string): Promise<Message> {
  const message = await db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('id', '=', messageId).executeTakeFirst();
  if (!message) throw notFound('message');
  return message;
}

/** Moves a message between delivery states; `from` guards against overwriting a newer state. */
export async function setMessageStatus(
  db: DbOrTx,
  organizationId: string,
  messageId: string,
  from: MessageStatus[],
  to: { status: MessageStatus; externalId?: string; error?: string | null; sentAt?: Date },
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
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const STATUS_RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, read: 3 };

/** Applies a delivery receipt from a channel (by the channel's message id); receipts only move forward. */
export async function applyDeliveryReceipt(
  db: DbOrTx,
  organizationId: string,
  channelAccountId: string,
  externalId: string,
  status: 'delivered' | 'read' | 'failed',
  at: Date,
  error?: string,
): Promise<boolean> {
  const message = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.status'])
    .where('messages.organization_id', '=', organizationId)
    .where('conversations.channel_account_id', '=', channelAccountId)
    .where('messages.external_id', '=', externalId)
    .where('messages.direction', '=', 'outbound')
    .executeTakeFirst();
  if (!message) return false;
  // A replayed receipt changes nothing and records no second event.
  if (message.status === status) return false;
  if (status !== 'failed' && (STATUS_RANK[message.status] ?? 0) >= (STATUS_RANK[status] ?? 0) && message.status !== 'unknown' && message.status !== 'sending') {
    return false;
  }
  await db
    .updateTable('messages')
    .set({
      status,
      ...(status === 'delivered' ? { delivered_at: at } : {}),
      ...(status === 'read' ? { read_at: at, delivered_at: sql`coalesce(delivered_at, ${at}::timestamptz)` } : {}),
      ...(status === 'failed' ? { error: error ?? 'failed' } : {}),
    })
    .where('id', '=', message.id)
    .execute();
  await recordEvent(db, { organizationId, type: `message.${status}`, subjectType: 'message', subjectId: message.id, payload: { externalId } });
  return true;
}

export async function markConversationRead(db: Db, organizationId: string, conversationId: string): Promise<void> {
  const result = await db
    .updateTable('conversations')
    .set({ unread_count: 0 })
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('conversation');
}

/** Newest first; the UI reverses a page and asks for older pages with the cursor. */
export async function listMessages(db: DbOrTx, organizationId: string, conversationId: string, query: { cursor?: string; limit: number; anchor?: string }) {
  await getConversation(db, organizationId, conversationId);
  const cursor = query.anchor ? await anchorCursor(db, organizationId, conversationId, query.anchor) : decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('messages')
    .selectAll()
    .select(sql<string>`sent_at::text`.as('sort_key'))
    .where('organization_id', '=', organizationId)
    .where('conversation_id', '=', conversationId);
  if (cursor) builder = builder.where(sql<boolean>`(sent_at, id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toMessageDto, (row) => ({ value: row.sort_key, id: row.id }));
}

/** A cursor just past the anchor message, so the page starts with it (a search result opened in its thread). */
async function anchorCursor(db: DbOrTx, organizationId: string, conversationId: string, messageId: string) {
  const anchor = await db
    .selectFrom('messages')
    .select(['id', sql<string>`sent_at::text`.as('sort_key')])
    .where('organization_id', '=', organizationId)
    .where('conversation_id', '=', conversationId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!anchor) throw new AppError('BAD_REQUEST', 'no such message in this conversation', [{ field: 'query.anchor', message: 'no such message' }]);
  // Keyset pages are "older than (time, id)": the largest uuid at the same instant keeps the anchor on the page.
  return { value: anchor.sort_key, id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };
}

export function toMessageDto(message: Message) {
  return {
    id: message.id,
    conversationId: message.conversation_id,
    direction: message.direction,
    kind: message.kind,
    body: message.body,
    authorName: message.author_name,
    authorContactId: message.author_contact_id,
    authorUserId: message.author_user_id,
    status: message.status,
    error: message.error,
    media: message.media,
    externalId: message.external_id,
    sentAt: iso(message.sent_at)!,
    deliveredAt: iso(message.delivered_at),
    readAt: iso(message.read_at),
    createdAt: iso(message.created_at)!,
    /** Written by the autopilot rather than a person. */
    autopilot: (message.metadata as { autopilot?: unknown } | null)?.autopilot === true,
  };
}

export async function findConversationByKey(db: DbOrTx, organizationId: string, key: ConversationKey) {
  let query = db
    .selectFrom('conversations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel', '=', key.channel)
    .where('external_chat_id', '=', key.externalChatId);
  query = key.channelAccountId ? query.where('channel_account_id', '=', key.channelAccountId) : query.where('channel_account_id', 'is', null);
  return query.executeTakeFirst();
}

/**
 * Ties a channel's id to one of our outbound messages that went out without it being recorded: the echo of a
 * send the channel reports back (Evolution's `fromMe` upsert, the Cloud API's status with our callback data).
 * A `sending` message only gets the id (the dispatcher finishes it); an `unknown` one is now known to be sent.
 */
export async function claimPendingOutbound(
  db: DbOrTx,
  organizationId: string,
  match: { messageId: string; channelAccountId: string } | { conversationId: string; body: string },
  externalId: string,
  sentAt: Date,
): Promise<boolean> {
  let query = db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.status', 'messages.conversation_id', 'conversations.contact_id', 'conversations.channel'])
    .where('messages.organization_id', '=', organizationId)
    .where('messages.direction', '=', 'outbound')
    .where('messages.external_id', 'is', null)
    .where('messages.status', 'in', ['sending', 'unknown']);
  query =
    'messageId' in match
      ? query.where('messages.id', '=', match.messageId).where('conversations.channel_account_id', '=', match.channelAccountId)
      : query.where('messages.conversation_id', '=', match.conversationId).where('messages.body', '=', match.body);
  const pending = await query.orderBy('messages.created_at').limit(1).executeTakeFirst();
  if (!pending) return false;
  const isUnknown = pending.status === 'unknown';
  const result = await db
    .updateTable('messages')
    .set({ external_id: externalId, ...(isUnknown ? { status: 'sent', error: null, sent_at: sentAt } : {}) })
    .where('id', '=', pending.id)
    .where('external_id', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  if (isUnknown) {
    await recordEvent(db, {
      organizationId,
      type: 'message.sent',
      subjectType: 'message',
      subjectId: pending.id,
      payload: { conversationId: pending.conversation_id, contactId: pending.contact_id, channel: pending.channel, externalId, reconciled: true },
    });
  }
  return true;
}

/**
 * Stores a message the account sent outside Parley (typed on the phone), once per channel id. It is outbound
 * and already sent; it does not count as unread.
 */
export async function storeExternalOutboundMessage(
  db: DbOrTx,
  organizationId: string,
  input: { conversationId: string; externalId: string; body: string; media?: MediaInfo | null; sentAt: Date; authorName?: string | null },
  channel: string,
): Promise<{ message: Message; isDuplicate: boolean }> {
  const inserted = await db
    .insertInto('messages')
    .values({
      organization_id: organizationId,
      conversation_id: input.conversationId,
      direction: 'outbound',
      kind: input.media ? 'media' : 'text',
      external_id: input.externalId,
      author_name: input.authorName ?? null,
      body: input.body,
      media: input.media ? JSON.stringify(input.media) : null,
      status: 'sent',
      sent_at: input.sentAt,
      metadata: JSON.stringify({ origin: 'external' }),
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'external_id']).where('external_id', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db
      .selectFrom('messages')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('conversation_id', '=', input.conversationId)
      .where('external_id', '=', input.externalId)
      .executeTakeFirstOrThrow();
    return { message: existing, isDuplicate: true };
  }
  await db
    .updateTable('conversations')
    .set((eb) => ({
      last_message_at: sql`greatest(${eb.ref('last_message_at')}, ${input.sentAt}::timestamptz)`,
      last_message_preview: sql`CASE WHEN ${eb.ref('last_message_at')} IS NULL OR ${eb.ref('last_message_at')} <= ${input.sentAt}::timestamptz THEN ${preview(input.body, input.media)} ELSE ${eb.ref('last_message_preview')} END`,
      updated_at: new Date(),
    }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', input.conversationId)
    .execute();
  const conversation = await db.selectFrom('conversations').select('contact_id').where('id', '=', input.conversationId).executeTakeFirst();
  await recordEvent(db, {
    organizationId,
    type: 'message.sent',
    subjectType: 'message',
    subjectId: inserted.id,
    payload: { conversationId: input.conversationId, contactId: conversation?.contact_id ?? null, channel, externalId: input.externalId, origin: 'external' },
  });
  return { message: inserted, isDuplicate: false };
}

/**
 * Finds or opens the conversations of many outbound messages at once (a campaign batch) and sets their last
 * message preview, as queueOutboundMessage does for one. Returns the conversation id per external chat id.
 */
export async function upsertOutboundConversations(
  db: DbOrTx,
  organizationId: string,
  account: { id: string; channel: ChannelType },
  rows: Array<{ externalChatId: string; contactId: string; body: string }>,
  now: Date,
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const unique = [...new Map(rows.map((row) => [row.externalChatId, row])).values()];
  const payload = JSON.stringify(unique.map((row) => ({ chat: row.externalChatId, contact: row.contactId, preview: preview(row.body) })));
  const result = await sql<{ id: string; external_chat_id: string }>`
    INSERT INTO conversations AS v (organization_id, channel, channel_account_id, external_chat_id, contact_id, last_message_at, last_message_preview, unread_count, created_at, updated_at)
    SELECT ${organizationId}, ${account.channel}, ${account.id}, x.chat, x.contact, ${now}, x.preview, 0, ${now}, ${now}
    FROM jsonb_to_recordset(${payload}::jsonb) AS x(chat text, contact uuid, preview text)
    ON CONFLICT (organization_id, channel, channel_account_id, external_chat_id)
    DO UPDATE SET last_message_at = greatest(v.last_message_at, excluded.last_message_at), last_message_preview = excluded.last_message_preview,
                  unread_count = 0, updated_at = excluded.updated_at
    RETURNING v.id, v.external_chat_id`.execute(db);
  return new Map(result.rows.map((row) => [row.external_chat_id, row.id]));
}
