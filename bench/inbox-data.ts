import { sql } from 'kysely';
import type { Db } from '../src/platform/db/client.ts';

/** Words the synthetic messages are made of: a salon's and a sales team's everyday Russian and English. */
export const COMMON = (
  'здравствуйте добрый день сколько стоит стрижка маникюр запись завтра сегодня свободное время мастер цена ' +
  'спасибо хорошо можно пожалуйста суббота воскресенье утром вечером адрес скидка акция подарочный сертификат ' +
  'hello thanks price booking tomorrow today haircut appointment available evening morning discount address'
).split(' ');

export interface InboxDataSize {
  conversations: number;
  messages: number;
  agents: number;
}

/**
 * Fills an organization with `conversations` conversations (one contact each) and `messages` messages spread
 * evenly between them, all in set-based statements (generate_series), in conversation-range chunks so one
 * statement never holds millions of rows. Each message has four common words and one rare word
 * ("код12345"), so a rare search has few hits and a common one many. Agents are agent<N>@bench.inbox.
 */
export async function loadInboxData(db: Db, org: string, accountId: string, size: InboxDataSize, log: (line: string) => void = () => {}): Promise<void> {
  const { conversations, messages, agents } = size;
  await sql`INSERT INTO users (email, name, password_hash) SELECT 'agent' || g || '@bench.inbox', 'Agent ' || g, 'x' FROM generate_series(1, ${agents}::int) g`.execute(db);
  await sql`INSERT INTO memberships (organization_id, user_id, role) SELECT ${org}, id, 'agent' FROM users WHERE email LIKE 'agent%@bench.inbox'`.execute(db);
  await sql`INSERT INTO contacts (organization_id, display_name, first_name, phone_e164, tags, source)
    SELECT ${org}, 'Клиент ' || g, 'Клиент', '+99670' || lpad(g::text, 7, '0'), CASE WHEN g % 10 = 0 THEN ARRAY['vip'] ELSE '{}' END, 'import'
    FROM generate_series(1, ${conversations}::int) g`.execute(db);
  // One in ten is unassigned, the rest spread evenly over the agents (each gets every status); 60 % open, the
  // rest pending/snoozed/resolved.
  await sql`INSERT INTO conversations (organization_id, channel, channel_account_id, external_chat_id, contact_id, status, assignee_user_id, last_message_at, last_inbound_at, last_message_preview)
    SELECT ${org}, 'sandbox', ${accountId}, 'sandbox:' || c.phone_e164, c.id,
      (ARRAY['open','open','open','open','open','open','pending','snoozed','resolved','resolved'])[1 + (c.n % 10)],
      CASE WHEN c.n % 10 = 0 THEN NULL ELSE a.ids[1 + ((c.n + c.n / 10) % ${agents})] END,
      now() - (random() * interval '365 days'), now() - (random() * interval '365 days'), 'preview'
    FROM (SELECT id, phone_e164, row_number() OVER (ORDER BY id) AS n FROM contacts WHERE organization_id = ${org}) c,
      (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'agent%@bench.inbox') a`.execute(db);
  await sql`UPDATE conversations SET snoozed_until = now() + interval '1 day' WHERE status = 'snoozed' AND organization_id = ${org}`.execute(db);
  log(`conversations: ${conversations}`);

  // The secondary indexes of messages (search, unread, time order) are built once after the load: far faster
  // than maintaining them row by row.
  const messageIndexes = (await sql<{ name: string; definition: string }>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE tablename = 'messages' AND schemaname = 'public' AND indexdef NOT LIKE 'CREATE UNIQUE%'`.execute(db)).rows;
  for (const index of messageIndexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
  await sql`CREATE UNLOGGED TABLE bench_conversation_numbers AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM conversations WHERE organization_id = ${org}`.execute(db);
  const perConversation = Math.max(1, Math.floor(messages / conversations));
  const chunk = Math.max(1, Math.floor(500_000 / perConversation));
  const words = `{${COMMON.join(',')}}`;
  for (let from = 1; from <= conversations; from += chunk) {
    const to = Math.min(conversations, from + chunk - 1);
    await sql`INSERT INTO messages (organization_id, conversation_id, direction, body, status, sent_at)
      SELECT ${org}, c.id, CASE WHEN x.g % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
        w[1 + (x.g * 7) % ${COMMON.length}] || ' ' || w[1 + (x.g * 13) % ${COMMON.length}] || ' ' || w[1 + (x.g * 29) % ${COMMON.length}] || ' ' || w[1 + (x.g * 31) % ${COMMON.length}] || ' код' || (x.g % 200000),
        CASE WHEN x.g % 3 = 0 THEN 'sent' ELSE 'received' END, now() - ((x.g % 525600) * interval '1 minute')
      FROM (SELECT id, n FROM conversations JOIN (SELECT id AS cid, n FROM bench_conversation_numbers) numbers ON numbers.cid = conversations.id
            WHERE organization_id = ${org} AND n BETWEEN ${from} AND ${to}) c,
        LATERAL (SELECT (c.n - 1) * ${perConversation} + k AS g FROM generate_series(1, ${perConversation}::int) k) x,
        (SELECT ${words}::text[] AS w) v`.execute(db);
    log(`messages: ${Math.min(to * perConversation, messages)}`);
  }
  await sql`DROP TABLE bench_conversation_numbers`.execute(db);
  for (const index of messageIndexes) await sql.raw(index.definition).execute(db);
  log('indexes built');
  // VACUUM sets the visibility map, so unread counts are index-only scans as they are on a live database.
  await sql`VACUUM ANALYZE messages`.execute(db);
  await sql`ANALYZE`.execute(db);
}
