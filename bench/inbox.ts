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
import { openDatabase } from '../src/platform/db/client.ts';
import { buildApp } from '../src/app/build-app.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { createChannelAccount } from '../src/modules/channels/index.ts';
import { formatRow, HEADER, measure } from './stats.ts';
import { COMMON, loadInboxData } from './inbox-data.ts';

const CONVERSATIONS = Number(process.env.BENCH_INBOX_CONVERSATIONS ?? 100_000);
const MESSAGES = Number(process.env.BENCH_INBOX_MESSAGES ?? 5_000_000);
const AGENTS = 20;


export async function runInboxBench(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('\n## Inbox\n(set BENCH_DATABASE_URL=postgres://… to run the inbox benchmark)');
    return;
  }
  // BENCH_INBOX_DATABASE_URL: measure again on a database an earlier run kept (BENCH_INBOX_KEEP=1), without loading.
  const reuse = process.env.BENCH_INBOX_DATABASE_URL;
  const { database, drop, url } = reuse ? { database: await openDatabase({ url: reuse }), drop: async () => {}, url: reuse } : await openScratchDatabase('postgres', 'parley_bench_inbox');
  try {
    const ctx = await createContext({ config: loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database, logger: pino({ level: 'silent' }) });
    const app = await buildApp(ctx, { serveWeb: false });
    await app.ready();
    const loadStarted = performance.now();
    if (!reuse) {
      const { organization } = await createOrganization(ctx.db, { slug: 'bench-inbox', name: 'Bench inbox', owner: { email: 'owner@bench.inbox', name: 'Owner', password: 'bench-inbox-password' } });
      const account = await createChannelAccount(ctx.db, organization.id, { channel: 'sandbox', name: 'Sandbox' });
      await loadInboxData(ctx.db, organization.id, account.id, { conversations: CONVERSATIONS, messages: MESSAGES, agents: AGENTS }, (line) => console.log(`  loaded ${line} (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`));
    }
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
    // The floor, same run: the cheapest authenticated route through the same HTTP stack, and one SQL round trip.
    rows.push(formatRow(await measure('floor: GET /api/auth/me', 200, () => get('/api/auth/me'))));
    rows.push(formatRow(await measure('floor: SELECT 1', 200, async () => void (await sql`SELECT 1`.execute(ctx.db)))));
    rows.push(formatRow(await measure('GET /api/conversations mine + open (page 50)', 200, () => get('/api/conversations?view=mine&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/conversations all open (page 50)', 200, () => get('/api/conversations?view=all&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/conversations unassigned + open', 100, () => get('/api/conversations?view=unassigned&status=open&limit=50'))));
    rows.push(formatRow(await measure('GET /api/inbox/counts', 100, () => get('/api/inbox/counts'))));
    rows.push(formatRow(await measure('GET /api/inbox/search one rare word', 200, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`код${(i * 977) % 200000}`)}`))));
    rows.push(formatRow(await measure('GET /api/inbox/search one common word', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(COMMON[(i * 11) % COMMON.length]!)}`))));
    rows.push(formatRow(await measure('GET /api/inbox/search two common words together', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`${COMMON[(i * 7) % COMMON.length]} ${COMMON[(i * 13) % COMMON.length]}`)}`))));
    // The generator puts each message's four words at fixed offsets, so these pairs never share a message:
    // the worst case, every match of both words read from the index to find none together.
    rows.push(formatRow(await measure('GET /api/inbox/search two common words never together', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`${COMMON[i % COMMON.length]} ${COMMON[(i * 7 + 3) % COMMON.length]}`)}`))));
    rows.push(formatRow(await measure('GET /api/inbox/search a client name', 100, (i) => get(`/api/inbox/search?q=${encodeURIComponent(`Клиент ${1 + ((i * 131) % CONVERSATIONS)}`)}`))));
    console.log(`\n## Inbox (PostgreSQL): ${CONVERSATIONS.toLocaleString('en')} conversations, ${MESSAGES.toLocaleString('en')} messages, ${AGENTS} agents; ${reuse ? 'measured on a database loaded by an earlier run' : `loaded in ${(loadMs / 1000).toFixed(0)} s`}`);
    console.log(HEADER);
    for (const row of rows) console.log(row);
    await app.close();
  } finally {
    // BENCH_INBOX_KEEP=1 leaves the loaded database for EXPLAIN ANALYZE (its name is printed); drop it by hand.
    if (reuse || process.env.BENCH_INBOX_KEEP === '1') {
      if (!reuse) console.log(`kept the loaded database: ${url}`);
      await database.close();
    }
    else await drop();
  }
}
