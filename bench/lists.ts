import { openScratchDatabase, type ScratchDatabase } from './scratch-database.ts';
/**
 * Lists and search at scale (issue 18): the pages the UI walks — analysed leads, the board's leads,
 * conversations, campaign participants, contacts — and the contact search, each beside a peer or floor
 * measured in the same run: the page's bare SQL on the same database, and for the contact list a bare
 * Fastify + pg server with the same SQL and JSON shape (PostgreSQL only).
 *   BENCH_LIST_ROWS (default 100000): contacts, each with a conversation, an analysed lead and a campaign place
 *   BENCH_LIST_ROWS_PGLITE (default BENCH_LIST_ROWS): the same on PGlite; 0 skips PGlite
 *   BENCH_LIST_REQUESTS (default 300): requests per measured row
 */
import pino from 'pino';
import { sql } from 'kysely';
import { migrate } from '../src/platform/db/migrate.ts';
import { buildApp } from '../src/app/build-app.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { createChannelAccount } from '../src/modules/channels/index.ts';
import { benchConfig } from './bench-config.ts';
import { seedLists } from './lists-seed.ts';
import { measure, percentile, type Measurement } from './stats.ts';
import { bareContactsServer } from './peers/bare-contacts-server.ts';

const ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
const ROWS_PGLITE = Number(process.env.BENCH_LIST_ROWS_PGLITE ?? ROWS);
const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 300);

const p95 = (m: Measurement) => percentile([...m.latenciesMs].sort((a, b) => a - b), 95);
const perSecond = (m: Measurement) => m.count / (m.totalMs / 1000);

async function openListDatabase(kind: 'pglite' | 'postgres'): Promise<ScratchDatabase> {
  const scratch = await openScratchDatabase(kind, 'parley_bench_lists');
  await migrate(scratch.database);
  return scratch;
}

async function runLists(kind: 'pglite' | 'postgres', rows: number): Promise<void> {
  const { database, url, drop } = await openListDatabase(kind);
  const ctx = await createContext({ config: benchConfig(), database, logger: pino({ level: 'silent' }) });
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  const { organization } = await createOrganization(ctx.db, { slug: 'bench', name: 'Bench', owner: { email: 'bench@example.test', name: 'Bench', password: 'bench-password' } });
  const account = await createChannelAccount(ctx.db, organization.id, { channel: 'sandbox', name: 'Bench sandbox' });
  const seedStarted = performance.now();
  const { campaignId } = await seedLists(ctx.db, organization.id, account.id, rows);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bench@example.test', password: 'bench-password' } });
  const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
  const org = organization.id;

  const get = async (path: string) => {
    const response = await app.inject({ method: 'GET', url: path, headers });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    return JSON.parse(response.body) as { nextCursor: string | null };
  };
  // A cursor 20 pages in, so later pages are measured too.
  let deep: string | null = null;
  for (let page = 0; page < 20; page++) deep = (await get(`/api/dialogs/analysis?limit=50${deep ? `&cursor=${deep}` : ''}`)).nextCursor;

  const raw = (query: ReturnType<typeof sql>) => async () => void (await query.execute(ctx.db));
  const pairs: Array<{ name: string; parley: () => Promise<void>; floorName: string; floor: () => Promise<void> }> = [
    {
      name: 'GET /api/dialogs/analysis?limit=50, first page',
      parley: async () => void (await get('/api/dialogs/analysis?limit=50')),
      floorName: 'the page in index order, bare SQL, no count',
      floor: raw(sql`SELECT l.* FROM leads l WHERE l.organization_id = ${org} ORDER BY coalesce(l.score, -1) DESC, l.id DESC LIMIT 51`),
    },
    {
      name: 'GET /api/dialogs/analysis, 21st page (cursor)',
      parley: async () => void (await get(`/api/dialogs/analysis?limit=50&cursor=${deep}`)),
      floorName: 'same bare SQL',
      floor: raw(sql`SELECT l.* FROM leads l WHERE l.organization_id = ${org} ORDER BY coalesce(l.score, -1) DESC, l.id DESC LIMIT 51`),
    },
    {
      name: 'GET /api/leads?limit=100 (the board)',
      parley: async () => void (await get('/api/leads?limit=100')),
      floorName: 'bare SQL, 101 leads in index order',
      floor: raw(sql`SELECT l.* FROM leads l WHERE l.organization_id = ${org} ORDER BY coalesce(l.score, -1) DESC, l.id DESC LIMIT 101`),
    },
    {
      name: 'GET /api/conversations?limit=50',
      parley: async () => void (await get('/api/conversations?limit=50')),
      floorName: 'bare SQL with the contact join',
      floor: raw(sql`SELECT c.*, ct.display_name FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id WHERE c.organization_id = ${org} ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT 51`),
    },
    {
      name: 'GET /api/campaigns/:id/participants?limit=50',
      parley: async () => void (await get(`/api/campaigns/${campaignId}/participants?limit=50`)),
      floorName: 'bare SQL with the contact join',
      floor: raw(sql`SELECT p.*, c.display_name FROM campaign_participants p JOIN contacts c ON c.id = p.contact_id WHERE p.organization_id = ${org} AND p.campaign_id = ${campaignId} ORDER BY p.created_at, p.id LIMIT 51`),
    },
    {
      name: 'GET /api/contacts?q=… (name, e-mail, phone)',
      parley: async () => void (await get(`/api/contacts?limit=20&q=${encodeURIComponent(`Клиент ${Math.floor(Math.random() * rows)}`)}`)),
      floorName: 'one trigram-indexed ILIKE, bare SQL',
      floor: async () => void (await sql`SELECT * FROM contacts WHERE organization_id = ${org} AND display_name ILIKE ${`%Клиент ${Math.floor(Math.random() * rows)}%`} ORDER BY created_at DESC, id DESC LIMIT 21`.execute(ctx.db)),
    },
  ];

  console.log(`\n### Lists and search — ${kind === 'pglite' ? 'PGlite (in-memory)' : 'PostgreSQL'}, ${rows.toLocaleString('en')} contacts/conversations/analysed leads/participants (seeded in ${seedSeconds.toFixed(0)} s), ${REQUESTS} requests each, c=1\n`);
  console.log('| measure | Parley p95 ms | peer or floor, same run | floor p95 ms | ratio | goal |');
  console.log('|---|---:|---|---:|---:|---|');
  for (const pair of pairs) {
    await pair.parley();
    const parley = await measure(pair.name, REQUESTS, pair.parley);
    const floor = await measure(pair.floorName, REQUESTS, pair.floor);
    const goal = pair.name.includes('?q=') ? 'p95 < 20 ms' : rows >= 1_000_000 ? 'p95 < 50 ms' : 'p95 < 20 ms';
    const met = p95(parley) < (goal.includes('50') ? 50 : 20);
    console.log(`| ${pair.name} | ${p95(parley).toFixed(1)} | ${pair.floorName} | ${p95(floor).toFixed(1)} | ${(p95(parley) / p95(floor)).toFixed(1)}× | ${goal}: ${met ? 'met' : 'not met'} |`);
  }

  if (kind === 'postgres' && url) {
    const bare = await bareContactsServer(url, org);
    const concurrency = 10;
    const contactsPage = (target: typeof app | typeof bare.app, path: string, withCookie: boolean) => async () => {
      const response = await target.inject({ method: 'GET', url: path, ...(withCookie ? { headers } : {}) });
      if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode}`);
    };
    await contactsPage(app, '/api/contacts?limit=50', true)();
    const parley = await measure('parley', REQUESTS * 3, contactsPage(app, '/api/contacts?limit=50', true), concurrency);
    const peer = await measure('bare', REQUESTS * 3, contactsPage(bare.app, '/contacts?limit=50', false), concurrency);
    const ratio = perSecond(parley) / perSecond(peer);
    console.log(
      `\nAPI overhead, GET /api/contacts?limit=50 at c=${concurrency} (in-process, session and validation included): Parley ${perSecond(parley).toFixed(0)} req/s, p95 ${p95(parley).toFixed(1)} ms; bare Fastify + pg, same SQL and shape: ${perSecond(peer).toFixed(0)} req/s, p95 ${p95(peer).toFixed(1)} ms; ratio ${ratio.toFixed(2)} (goal ≥ 0.85: ${ratio >= 0.85 ? 'met' : 'not met'})`,
    );
    await bare.close();
  }
  await app.close();
  await drop();
}

export async function runListsBench(): Promise<void> {
  if (ROWS_PGLITE > 0) await runLists('pglite', ROWS_PGLITE);
  if (process.env.BENCH_DATABASE_URL) await runLists('postgres', ROWS);
}
