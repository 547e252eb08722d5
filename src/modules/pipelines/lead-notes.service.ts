import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { getLead } from './leads.service.ts';

export async function listLeadNotes(db: DbOrTx, organizationId: string, leadId: string) {
  await getLead(db, organizationId, leadId);
  const rows = await db
    .selectFrom('lead_notes')
    .leftJoin('users', 'users.id', 'lead_notes.author_user_id')
    .select(['lead_notes.id', 'lead_notes.body', 'lead_notes.author_user_id', 'lead_notes.created_at', 'users.name as author_name'])
    .where('lead_notes.organization_id', '=', organizationId)
    .where('lead_notes.lead_id', '=', leadId)
    .orderBy('lead_notes.created_at', 'desc')
    .orderBy('lead_notes.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({ id: row.id, body: row.body, authorUserId: row.author_user_id, authorName: row.author_name, createdAt: iso(row.created_at)! }));
}

export async function addLeadNote(db: DbOrTx, organizationId: string, leadId: string, body: string, userId: string | null) {
  await getLead(db, organizationId, leadId);
  const row = await db
    .insertInto('lead_notes')
    .values({ organization_id: organizationId, lead_id: leadId, body, author_user_id: userId })
    .returning(['id', 'body', 'author_user_id', 'created_at'])
    .executeTakeFirstOrThrow();
  const author = userId ? await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst() : undefined;
  return { id: row.id, body: row.body, authorUserId: row.author_user_id, authorName: author?.name ?? null, createdAt: iso(row.created_at)! };
}

/** Authors delete their own notes; admins and owners any note. */
export async function deleteLeadNote(db: DbOrTx, organizationId: string, leadId: string, noteId: string, actor: { userId: string | null; isAdmin: boolean }) {
  const note = await db
    .selectFrom('lead_notes')
    .select(['id', 'author_user_id'])
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .where('id', '=', noteId)
    .executeTakeFirst();
  if (!note) throw notFound('note');
  if (!actor.isAdmin && note.author_user_id !== actor.userId) throw new AppError('FORBIDDEN', 'only the author or an admin can delete this note');
  await db.deleteFrom('lead_notes').where('organization_id', '=', organizationId).where('id', '=', noteId).execute();
}
