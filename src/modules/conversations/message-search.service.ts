import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import { excerptAround, prefixQuery, searchTokens } from './engine/text-search.ts';

/** The expression of `messages_body_fts_idx`: the index is used only when the query repeats it exactly. */
const DOCUMENT = sql`(to_tsvector('russian', m.body) || to_tsvector('english', m.body))`;

/**
 * Messages whose text matches every searched word (Russian and English stemming, prefixes allowed), newest
 * first, with the conversation they open in.
 */
export async function searchMessages(db: DbOrTx, organizationId: string, q: string, limit: number) {
  const tokens = searchTokens(q);
  if (tokens.length === 0) return [];
  const query = prefixQuery(tokens);
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
    WHERE m.organization_id = ${organizationId}
      AND ${DOCUMENT} @@ (to_tsquery('russian', ${query}) || to_tsquery('english', ${query}))
    ORDER BY m.sent_at DESC, m.id DESC
    LIMIT ${limit}`.execute(db);
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
