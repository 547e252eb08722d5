import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import { excerptAround, searchQuery, searchTokens } from './engine/text-search.ts';

/**
 * How many of the organization's newest messages the first pass tests. A search for common words finds its
 * page among them (no need to collect and sort every match of the whole history); a rarer one falls through
 * to the GIN index, whose matches are then few.
 */
const RECENT_WINDOW = 2000;

/**
 * Messages whose text matches every searched word (Russian stemming, which stems English words too; the last
 * word may be half-typed), newest first, with the conversation they open in. The page of message ids is found
 * first and only those rows are joined to their conversation and contact.
 */
export async function searchMessages(db: Db, organizationId: string, q: string, limit: number) {
  const tokens = searchTokens(q);
  if (tokens.length === 0) return [];
  // One short query: starting parallel workers costs more than it saves (and far more on a busy server).
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(tx);
    return searchInTransaction(tx, organizationId, tokens, limit);
  });
}

async function searchInTransaction(db: DbOrTx, organizationId: string, tokens: string[], limit: number) {
  const tsquery = sql`to_tsquery('russian', ${searchQuery(tokens)})`;
  let ids = (
    await sql<{ id: string }>`
      SELECT r.id FROM (
        SELECT id, sent_at, body_tsv FROM messages WHERE organization_id = ${organizationId} ORDER BY sent_at DESC, id DESC LIMIT ${RECENT_WINDOW}
      ) r
      WHERE r.body_tsv @@ ${tsquery}
      ORDER BY r.sent_at DESC, r.id DESC
      LIMIT ${limit}`.execute(db)
  ).rows.map((row) => row.id);
  if (ids.length < limit) {
    // Fewer matches than a page among the newest messages: they are rare, so collect them all from the index
    // (MATERIALIZED keeps the planner from walking the whole history in time order instead).
    ids = (
      await sql<{ id: string }>`
        WITH hits AS MATERIALIZED (SELECT id, sent_at FROM messages WHERE organization_id = ${organizationId} AND body_tsv @@ ${tsquery})
        SELECT id FROM hits ORDER BY sent_at DESC, id DESC LIMIT ${limit}`.execute(db)
    ).rows.map((row) => row.id);
  }
  if (ids.length === 0) return [];
  const result = await sql<{
    id: string;
    conversation_id: string;
    body: string;
    direction: 'inbound' | 'outbound';
    sent_at: Date;
    contact_name: string | null;
    title: string | null;
    channel: string;
  }>`
    SELECT m.id, m.conversation_id, m.body, m.direction, m.sent_at, ct.display_name AS contact_name, c.title, c.channel
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND c.organization_id = m.organization_id
    LEFT JOIN contacts ct ON ct.id = c.contact_id
    WHERE m.organization_id = ${organizationId} AND m.id = ANY(${ids}::uuid[])
    ORDER BY m.sent_at DESC, m.id DESC`.execute(db);
  return result.rows.map((row) => ({
    messageId: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    excerpt: excerptAround(row.body, tokens),
    sentAt: iso(row.sent_at)!,
    conversationName: row.contact_name ?? row.title ?? null,
    channel: row.channel,
  }));
}
