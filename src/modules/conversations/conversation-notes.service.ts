import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';
import { notify } from '../notifications/index.ts';
import { listMembers } from '../orgs/index.ts';
import { getConversation } from './conversations.service.ts';
import { findMentions } from './engine/inbox-rules.ts';

/**
 * Adds a private note to the thread (never sent to the client). Colleagues named as `@Name`, or passed
 * explicitly, get a notification of their own that opens the conversation.
 */
export async function addNote(
  db: Db,
  organizationId: string,
  conversationId: string,
  input: { body: string; mentionedUserIds?: string[] },
  author: { userId: string },
) {
  const conversation = await getConversation(db, organizationId, conversationId);
  const members = (await listMembers(db, organizationId)).filter((m) => m.disabled_at === null);
  const memberIds = new Set(members.map((m) => m.id));
  for (const [index, id] of (input.mentionedUserIds ?? []).entries()) {
    if (!memberIds.has(id)) throw new AppError('BAD_REQUEST', 'no such member of the organization', [{ field: `body.mentionedUserIds.${index}`, message: 'not a member' }]);
  }
  const mentioned = [...new Set([...(input.mentionedUserIds ?? []), ...findMentions(input.body, members)])];
  const authorName = members.find((m) => m.id === author.userId)?.name ?? '';
  const about = conversation.contact_name ?? conversation.title ?? '';
  return db.transaction().execute(async (tx) => {
    const note = await tx
      .insertInto('conversation_notes')
      .values({ organization_id: organizationId, conversation_id: conversationId, author_user_id: author.userId, body: input.body, mentioned_user_ids: mentioned })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const userId of mentioned) {
      if (userId === author.userId) continue;
      await notify(tx, organizationId, {
        kind: 'mention',
        title: about ? `${authorName} → ${about}` : authorName,
        body: input.body.slice(0, 500),
        subjectType: 'conversation',
        subjectId: conversationId,
        link: `/conversations/${conversationId}`,
        userId,
      });
    }
    await recordEvent(tx, {
      organizationId,
      type: 'conversation.note_added',
      subjectType: 'conversation',
      subjectId: conversationId,
      payload: { conversationId, noteId: note.id, byUserId: author.userId, mentionedUserIds: mentioned },
    });
    return toNoteDto({ ...note, author_name: authorName });
  });
}

export async function listNotes(db: DbOrTx, organizationId: string, conversationId: string) {
  await getConversation(db, organizationId, conversationId);
  const rows = await db
    .selectFrom('conversation_notes')
    .leftJoin('users', 'users.id', 'conversation_notes.author_user_id')
    .selectAll('conversation_notes')
    .select('users.name as author_name')
    .where('conversation_notes.organization_id', '=', organizationId)
    .where('conversation_notes.conversation_id', '=', conversationId)
    .orderBy('conversation_notes.created_at')
    .limit(500)
    .execute();
  return rows.map(toNoteDto);
}

function toNoteDto(row: { id: string; conversation_id: string; author_user_id: string | null; author_name: string | null; body: string; mentioned_user_ids: string[]; created_at: Date }) {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorUserId: row.author_user_id,
    authorName: row.author_name,
    body: row.body,
    mentionedUserIds: row.mentioned_user_ids,
    createdAt: iso(row.created_at)!,
  };
}
