import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordEvent } from '../events/index.ts';
import { listMembers } from '../orgs/index.ts';
import { assignmentRefusal, snoozeRefusal, statusRefusal, type Actor } from './engine/inbox-rules.ts';
import type { ConversationStatus } from './inbox.tables.ts';

async function lockConversation(tx: DbOrTx, organizationId: string, conversationId: string) {
  const row = await tx
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_user_id', 'snoozed_until', 'contact_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('conversation');
  return row;
}

async function assertMember(db: DbOrTx, organizationId: string, userId: string, field: string): Promise<void> {
  const member = (await listMembers(db, organizationId)).find((m) => m.id === userId && m.disabled_at === null);
  if (!member) throw new AppError('BAD_REQUEST', 'no such member of the organization', [{ field, message: 'not a member' }]);
}

/** Sets or clears the assignee, recording who did it and when; writes `conversation.assigned` to the outbox. */
export async function assignConversation(db: Db, organizationId: string, conversationId: string, assigneeUserId: string | null, actor: Actor, now: Date) {
  if (assigneeUserId) await assertMember(db, organizationId, assigneeUserId, 'body.assigneeUserId');
  await db.transaction().execute(async (tx) => {
    const current = await lockConversation(tx, organizationId, conversationId);
    const refusal = assignmentRefusal(actor, current.assignee_user_id, assigneeUserId);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    if (current.assignee_user_id === assigneeUserId) return;
    await tx
      .updateTable('conversations')
      .set({ assignee_user_id: assigneeUserId, assigned_at: now, assigned_by_user_id: actor.userId, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', conversationId)
      .execute();
    const details = { from: current.assignee_user_id, to: assigneeUserId };
    await tx.insertInto('conversation_activity').values({ organization_id: organizationId, conversation_id: conversationId, actor_user_id: actor.userId, kind: 'assigned', details: JSON.stringify(details) }).execute();
    await recordEvent(tx, {
      organizationId,
      type: 'conversation.assigned',
      subjectType: 'conversation',
      subjectId: conversationId,
      payload: { conversationId, assigneeUserId, previousAssigneeUserId: current.assignee_user_id, byUserId: actor.userId },
    });
  });
}

/** Moves a conversation between open / pending / snoozed (until a time) / resolved. */
export async function setConversationStatus(
  db: Db,
  organizationId: string,
  conversationId: string,
  input: { status: ConversationStatus; snoozedUntil: Date | null },
  actor: Actor,
  now: Date,
) {
  const snooze = snoozeRefusal(input.status, input.snoozedUntil, now);
  if (snooze) throw new AppError('BAD_REQUEST', snooze, [{ field: 'body.snoozedUntil', message: snooze }]);
  await db.transaction().execute(async (tx) => {
    const current = await lockConversation(tx, organizationId, conversationId);
    const refusal = statusRefusal(actor, current.assignee_user_id);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    const sameSnooze = (current.snoozed_until?.getTime() ?? null) === (input.snoozedUntil?.getTime() ?? null);
    if (current.status === input.status && sameSnooze) return;
    await writeStatus(tx, organizationId, conversationId, { from: current.status, to: input.status, snoozedUntil: input.snoozedUntil, byUserId: actor.userId, reason: 'manual' }, now);
  });
}

async function writeStatus(
  tx: DbOrTx,
  organizationId: string,
  conversationId: string,
  change: { from: ConversationStatus; to: ConversationStatus; snoozedUntil: Date | null; byUserId: string | null; reason: 'manual' | 'client_message' | 'snooze_ended' },
  now: Date,
) {
  await tx
    .updateTable('conversations')
    .set({ status: change.to, snoozed_until: change.snoozedUntil, status_changed_at: now, status_changed_by_user_id: change.byUserId, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .execute();
  const details = { from: change.from, to: change.to, snoozedUntil: change.snoozedUntil?.toISOString() ?? null, reason: change.reason };
  await tx.insertInto('conversation_activity').values({ organization_id: organizationId, conversation_id: conversationId, actor_user_id: change.byUserId, kind: 'status_changed', details: JSON.stringify(details) }).execute();
  await recordEvent(tx, {
    organizationId,
    type: 'conversation.status_changed',
    subjectType: 'conversation',
    subjectId: conversationId,
    payload: { conversationId, status: change.to, previousStatus: change.from, snoozedUntil: details.snoozedUntil, byUserId: change.byUserId, reason: change.reason },
  });
}

/**
 * A client's new message brings a pending, snoozed or resolved conversation back to open. Called in the
 * transaction that stores the message.
 */
export async function reopenOnClientMessage(tx: DbOrTx, organizationId: string, conversationId: string, now: Date): Promise<boolean> {
  const current = await tx
    .selectFrom('conversations')
    .select('status')
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!current || current.status === 'open') return false;
  await writeStatus(tx, organizationId, conversationId, { from: current.status, to: 'open', snoozedUntil: null, byUserId: null, reason: 'client_message' }, now);
  return true;
}

/** Snoozes that have run out become open again (a periodic task; cheap with the partial index). */
export async function wakeSnoozedConversations(db: Db, now: Date, limit = 200): Promise<number> {
  const due = await db
    .selectFrom('conversations')
    .select(['id', 'organization_id'])
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .limit(limit)
    .execute();
  for (const row of due) {
    await db.transaction().execute(async (tx) => {
      const current = await lockConversation(tx, row.organization_id, row.id);
      if (current.status !== 'snoozed' || !current.snoozed_until || current.snoozed_until > now) return;
      await writeStatus(tx, row.organization_id, row.id, { from: 'snoozed', to: 'open', snoozedUntil: null, byUserId: null, reason: 'snooze_ended' }, now);
    });
  }
  return due.length;
}

/** Records that the user has read the conversation up to now. */
export async function markReadBy(db: DbOrTx, organizationId: string, conversationId: string, userId: string, now: Date): Promise<void> {
  await db
    .insertInto('conversation_reads')
    .values({ organization_id: organizationId, conversation_id: conversationId, user_id: userId, last_read_at: now })
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ last_read_at: sql`greatest(conversation_reads.last_read_at, excluded.last_read_at)` }))
    .execute();
}

export async function listActivity(db: DbOrTx, organizationId: string, conversationId: string) {
  return db
    .selectFrom('conversation_activity')
    .leftJoin('users', 'users.id', 'conversation_activity.actor_user_id')
    .select(['conversation_activity.id', 'conversation_activity.kind', 'conversation_activity.details', 'conversation_activity.created_at', 'conversation_activity.actor_user_id', 'users.name as actor_name'])
    .where('conversation_activity.organization_id', '=', organizationId)
    .where('conversation_activity.conversation_id', '=', conversationId)
    .orderBy('conversation_activity.created_at')
    .limit(500)
    .execute();
}

/** The agents who take new conversations in turn (empty: round-robin is off). */
export async function getRoundRobin(db: DbOrTx, organizationId: string): Promise<string[]> {
  const rows = await db.selectFrom('inbox_round_robin').select('user_id').where('organization_id', '=', organizationId).execute();
  return rows.map((row) => row.user_id);
}

export async function setRoundRobin(db: Db, organizationId: string, userIds: string[]): Promise<string[]> {
  for (const [index, userId] of userIds.entries()) await assertMember(db, organizationId, userId, `body.userIds.${index}`);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('inbox_round_robin').where('organization_id', '=', organizationId).where((eb) => (userIds.length ? eb('user_id', 'not in', userIds) : eb.lit(true))).execute();
    if (userIds.length) {
      await tx
        .insertInto('inbox_round_robin')
        .values(userIds.map((userId) => ({ organization_id: organizationId, user_id: userId, last_assigned_at: null })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  return getRoundRobin(db, organizationId);
}

/**
 * Gives a new, unassigned conversation to the round-robin agent who was assigned one longest ago. Runs from the
 * outbox (in its transaction) on a client's message; a conversation that was ever assigned is left alone.
 */
export async function assignByRoundRobin(tx: DbOrTx, organizationId: string, conversationId: string, now: Date): Promise<string | null> {
  const conversation = await tx
    .selectFrom('conversations')
    .select(['assignee_user_id', 'assigned_at'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation || conversation.assignee_user_id || conversation.assigned_at) return null;
  const next = await tx
    .selectFrom('inbox_round_robin')
    .innerJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'inbox_round_robin.user_id').onRef('memberships.organization_id', '=', 'inbox_round_robin.organization_id'))
    .innerJoin('users', 'users.id', 'inbox_round_robin.user_id')
    .select('inbox_round_robin.user_id')
    .where('inbox_round_robin.organization_id', '=', organizationId)
    .where('users.disabled_at', 'is', null)
    .orderBy(sql`inbox_round_robin.last_assigned_at asc nulls first`)
    .orderBy('inbox_round_robin.user_id')
    .limit(1)
    .executeTakeFirst();
  if (!next) return null;
  await tx.updateTable('inbox_round_robin').set({ last_assigned_at: now }).where('organization_id', '=', organizationId).where('user_id', '=', next.user_id).execute();
  await tx
    .updateTable('conversations')
    .set({ assignee_user_id: next.user_id, assigned_at: now, assigned_by_user_id: null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', conversationId)
    .execute();
  await tx.insertInto('conversation_activity').values({ organization_id: organizationId, conversation_id: conversationId, actor_user_id: null, kind: 'assigned', details: JSON.stringify({ from: null, to: next.user_id, reason: 'round_robin' }) }).execute();
  await recordEvent(tx, {
    organizationId,
    type: 'conversation.assigned',
    subjectType: 'conversation',
    subjectId: conversationId,
    payload: { conversationId, assigneeUserId: next.user_id, previousAssigneeUserId: null, byUserId: null, reason: 'round_robin' },
  });
  return next.user_id;
}
