import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { getOrganization, listMembers } from '../orgs/index.ts';
import { getContact, likePattern } from '../contacts/index.ts';
import { getConversation } from './conversations.service.ts';
import { checkSnippet, renderSnippet } from './engine/saved-reply-render.ts';

type SavedReplyRow = { id: string; shortcut: string; body: string; created_at: Date; updated_at: Date };

function toSavedReplyDto(row: SavedReplyRow) {
  return { id: row.id, shortcut: row.shortcut, body: row.body, createdAt: iso(row.created_at)!, updatedAt: iso(row.updated_at)! };
}

function assertSnippet(body: string): void {
  const problem = checkSnippet(body);
  if (problem) throw new AppError('BAD_REQUEST', `the reply is not a valid template: ${problem}`, [{ field: 'body.body', message: problem }]);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export async function listSavedReplies(db: DbOrTx, organizationId: string, q?: string) {
  let query = db.selectFrom('saved_replies').select(['id', 'shortcut', 'body', 'created_at', 'updated_at']).where('organization_id', '=', organizationId);
  if (q) query = query.where((eb) => eb.or([eb('shortcut', 'ilike', likePattern(q)), eb('body', 'ilike', likePattern(q))]));
  const rows = await query.orderBy('shortcut').limit(200).execute();
  return rows.map(toSavedReplyDto);
}

export async function createSavedReply(db: DbOrTx, organizationId: string, input: { shortcut: string; body: string }, userId: string) {
  assertSnippet(input.body);
  try {
    const row = await db
      .insertInto('saved_replies')
      .values({ organization_id: organizationId, shortcut: input.shortcut, body: input.body, created_by_user_id: userId })
      .returning(['id', 'shortcut', 'body', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    return toSavedReplyDto(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'a saved reply with this shortcut exists', [{ field: 'body.shortcut', message: 'already used' }]);
    throw error;
  }
}

export async function updateSavedReply(db: DbOrTx, organizationId: string, id: string, input: { shortcut?: string; body?: string }, now: Date) {
  if (input.body !== undefined) assertSnippet(input.body);
  try {
    const row = await db
      .updateTable('saved_replies')
      .set({ ...input, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returning(['id', 'shortcut', 'body', 'created_at', 'updated_at'])
      .executeTakeFirst();
    if (!row) throw notFound('saved reply');
    return toSavedReplyDto(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'a saved reply with this shortcut exists', [{ field: 'body.shortcut', message: 'already used' }]);
    throw error;
  }
}

export async function deleteSavedReply(db: DbOrTx, organizationId: string, id: string): Promise<void> {
  const result = await db.deleteFrom('saved_replies').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('saved reply');
}

/** The reply's text for this conversation: the contact's name, the agent's and the business's filled in. */
export async function renderSavedReply(db: DbOrTx, organizationId: string, id: string, conversationId: string, userId: string) {
  const reply = await db.selectFrom('saved_replies').select('body').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (!reply) throw notFound('saved reply');
  const conversation = await getConversation(db, organizationId, conversationId);
  const contact = conversation.contact_id ? await getContact(db, organizationId, conversation.contact_id) : undefined;
  const organization = await getOrganization(db, organizationId);
  const agent = (await listMembers(db, organizationId)).find((m) => m.id === userId);
  const firstName = contact?.first_name ?? contact?.display_name.split(/\s+/)[0] ?? null;
  const text = renderSnippet(reply.body, {
    contact: { name: contact?.display_name ?? conversation.title, first_name: firstName, last_name: contact?.last_name ?? null, phone: contact?.phone_e164 ?? null },
    agent: { name: agent?.name ?? null },
    business: { name: organization.name },
  });
  return { text };
}
