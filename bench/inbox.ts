import { openScratchDatabase } from './scratch-database.ts';
/**
 * Inbox benchmark (PostgreSQL, BENCH_DATABASE_URL): BENCH_INBOX_CONVERSATIONS conversations (default 100,000)
 * with BENCH_INBOX_MESSAGES messages between them (default 5,000,000), 20 agents, mixed statuses. Through the
 * HTTP stack (inject, auth included): the filtered list an agent lives in (mine + open), the "all open" list,
 * the tab counts, and message search (one rare word; two common words; a name).
 */
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.ts';
import { buildApp } from '../src/app/build-app.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { createChannelAccount } from '../src/modules/channels/index.ts';
import { formatRow, HEADER, measure } from './stats.ts';

const CONVERSATIONS = Number(process.env.BENCH_INBOX_CONVERSATIONS ?? 100_000);
const MESSAGES = Number(process.env.BENCH_INBOX_MESSAGES ?? 5_000_000);
const AGENTS = 20;

const COMMON = (
  'здравствуйте добрый день сколько стоит стрижка маникюр запись завтра сегодня свободное время мастер цена ' +
  'спасибо хорошо можно пожалуйста суббота воскресенье утром вечером адрес скидка акция подарочный сертификат ' +
  'hello thanks price booking tomorrow today haircut appointment available evening morning discount address'
).split(' ');

export async function runInboxBench(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('\n## Inbox\n(set BENCH_DATABASE_URL=postgres://… to run the inbox benchmark)');
    return;
  }
  const { database, drop } = await openScratchDatabase('postgres', 'parley_bench_inbox');
  try {
    const ctx = await createContext({ config: loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database, logger: pino({ level: 'silent' }) });
    const app = await buildApp(ctx, { serveWeb: false });
    await app.ready();
    const { organization } = await createOrganization(ctx.db, { slug: 'bench-inbox', name: 'Bench inbox', owner: { email: 'owner@bench.inbox', name: 'Owner', password: 'bench-inbox-password' } });
    const account = await createChannelAccount(ctx.db, organization.id, { channel: 'sandbox', name: 'Sandbox' });
    const org = organization.id;

    const loadStarted = performance.now();
    await sql`INSERT INTO users (email, name, password_hash) SELECT 'agent' || g || '@bench.inbox', 'Agent ' || g, 'x' FROM generate_series(1, ${AGENTS}::int) g`.execute(ctx.db);
    await sql`INSERT INTO memberships (organization_id, user_id, role) SELECT ${org}, id, 'agent' FROM users WHERE email LIKE 'agent%@bench.inbox'`.execute(ctx.db);
    await sql`INSERT INTO contacts (organization_id, display_name, first_name, phone_e164, tags, source)
      SELECT ${org}, 'Клиент ' || g, 'Клиент', '+99670' || lpad(g::text, 7, '0'), CASE WHEN g % 10 = 0 THEN ARRAY['vip'] ELSE '{}' END, 'import'
      FROM generate_series(1, ${CONVERSATIONS}::int) g`.execute(ctx.db);
    // One agent in twenty owns each conversation, one in ten is unassigned; 60 % open, the rest pending/snoozed/resolved.
    await sql`INSERT INTO conversations (organization_id, channel, channel_account_id, external_chat_id, contact_id, status, assignee_user_id, last_message_at, last_inbound_at, last_message_preview)
      SELECT ${org}, 'sandbox', ${account.id}, 'sandbox:' || c.phone_e164, c.id,
        (ARRAY['open','open','open','open','open','open','pending','snoozed','resolved','resolved'])[1 + (row_number() OVER () % 10)],
        CASE WHEN row_number() OVER () % 10 = 0 THEN NULL ELSE (SELECT array_agg(id ORDER BY email) FROM users WHERE email LIKE 'agent%@bench.inbox')[1 + (row_number() OVER () % ${AGENTS})] END,
        now() - (random() * interval '365 days'), now() - (random() * interval '365 days'), 'preview'
      FROM contacts c WHERE c.organization_id = ${org}`.execute(ctx.db);
    await sql`UPDATE conversations SET snoozed_until = now() + interval '1 day' WHERE status = 'snoozed' AND organization_id = ${org}`.execute(ctx.db);
    // Messages: a few common words each, and one rare word ("код12345") per message so a rare search has few hits.
    await sql`DROP INDEX messages_body_fts_idx`.execute(ctx.db);
    const ids = (await sql<{ id: string }>`SELECT id FROM conversations WHERE organization_id = ${org} ORDER BY id`.execute(ctx.db)).rows.map((r) => r.id);
    const words = `{${COMMON.join(',')}}`;
    const chunk = 250_000;
    for (let from = 0; from < MESSAGES; from += chunk) {
      const n = Math.min(chunk, MESSAGES - from);
      await sql`INSERT INTO messages (organization_id, conversation_id, direction, body, status, sent_at)
        SELECT ${org}, (${`{${ids.join(',')}}`}::uuid[])[1 + (g % ${ids.length})], CASE WHEN g % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
          w[1 + (g * 7) % ${COMMON.length}] || ' ' || w[1 + (g * 13) % ${COMMON.length}] || ' ' || w[1 + (g * 29) % ${COMMON.length}] || ' ' || w[1 + (g * 31) % ${COMMON.length}] || ' код' || (g % 200000),
          CASE WHEN g % 3 = 0 THEN 'sent' ELSE 'received' END, now() - ((g % 525600) * interval '1 minute')
        FROM generate_series(${from + 1}::int, ${from + n}::int) g, (SELECT ${words}::text[] AS w) v`.execute(ctx.db);
    }
    await sql`CREATE INDEX messages_body_fts_idx ON messages USING gin ((to_tsvector('russian', body) || to_tsvector('english', body)))`.execute(ctx.db);
    await sql`ANALYZE`.execute(ctx.db);
    const loadMs = performance.now() - loadStarted;

    const agentEmail = 'agent1@bench.inbox';
    await sql`UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'owner@bench.inbox') WHERE email = ${agentEmail}`.execute(ctx.db);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agentEmail, password: 'bench-inbox-password' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie };
    const get = async (path: string) => {
      const response = await app.inject({ method: 'GET', url: path, headers });
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    };

    const rows: string[] = [];
    rows.push(formatRow(await measure('GET /api/conversations mine + open (page 50)', 200, () => get('/api/conversations?view=mine&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/conversations all open (page 50)', 200, () => get('/api/conversations?view=all&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/conversations unassigned + open', 100, () => get('/api/conversations?view=unassigned&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/inbox/counts', 100, () => get('/api/inbox/counts'))));
    rows.push(formatRow(await measure('GET /api/inbox/search one rare word', 200, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`код${(i * 977) % 200000}`)}`))));
    rows.push(formatRow(await measure('GET /api/inbox/search two common words', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`${COMMON[i % COMMON.length]} ${COMMON[(i * 7 + 3) % COMMON.length]}`)}`))));
    rows.push(formatRow(await measure('GET /api/inbox/search a client name', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`Клиент ${1 + ((i * 131) % CONVERSATIONS)}`)}`))));
    console.log(`\n## Inbox (PostgreSQL): ${CONVERSATIONS.toLocaleString('en')} conversations, ${MESSAGES.toLocaleString('en')} messages, ${AGENTS} agents; loaded in ${(loadMs / 1000).toFixed(0)} s`);
    console.log(HEADER);
    for (const row of rows) console.log(row);
    await app.close();
  } finally {
    await drop();
  }
}
