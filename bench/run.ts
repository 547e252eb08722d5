import { openScratchDatabase } from './scratch-database.ts';
/**
 * `npm run bench`: the foundation's hot paths at realistic sizes, on embedded PGlite and (when
 * BENCH_DATABASE_URL is set) on PostgreSQL. Prints throughput, latency percentiles and memory.
 *   BENCH_CONTACTS (default 10000), BENCH_INBOUND (5000), BENCH_OUTBOUND (2000)
 */
import os from 'node:os';
import pino from 'pino';
import { benchConfig } from './bench-config.ts';
import { buildApp } from '../src/app/build-app.ts';
import { createContext, createJobRunner } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { createChannelAccount } from '../src/modules/channels/index.ts';
import { formatRow, HEADER, measure, memoryLine } from './stats.ts';
import { runImportBench } from './import.ts';
import { runAnalysisBench } from './analysis.ts';
import { runReactivationBench } from './reactivation.ts';
import { runCampaignsBench } from './campaigns.ts';
import { runInboxBench } from './inbox.ts';
import { runUploadBench } from './upload.ts';
import { runListsBench } from './lists.ts';
import { runColdStartBench } from './cold-start.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const INBOUND = Number(process.env.BENCH_INBOUND ?? 5_000);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 2_000);

const openBenchDatabase = (kind: 'pglite' | 'postgres') => openScratchDatabase(kind);

async function runSuite(kind: 'pglite' | 'postgres'): Promise<void> {
  const { database, drop } = await openBenchDatabase(kind);
  const config = benchConfig();
  const ctx = await createContext({ config, database, logger: pino({ level: 'silent' }) });
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  const runner = createJobRunner(ctx);
  const { organization } = await createOrganization(ctx.db, {
    slug: 'bench',
    name: 'Bench',
    owner: { email: 'bench@example.test', name: 'Bench', password: 'bench-password' },
  });
  const account = await createChannelAccount(ctx.db, organization.id, { channel: 'sandbox', name: 'Bench sandbox' });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bench@example.test', password: 'bench-password' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const headers = { cookie };
  const rows: string[] = [];
  const concurrency = kind === 'postgres' ? 8 : 1;

  rows.push(
    formatRow(
      await measure(
        `POST /api/contacts (create, c=${concurrency})`,
        CONTACTS,
        async (i) => {
          const response = await app.inject({
            method: 'POST',
            url: '/api/contacts',
            headers,
            payload: { firstName: `Клиент ${i}`, lastName: `Bench${i % 97}`, phone: `+996 70${String(i).padStart(7, '0')}`, tags: [i % 3 ? 'regular' : 'vip'] },
          });
          if (response.statusCode !== 201) throw new Error(`create contact ${i}: ${response.statusCode} ${response.body}`);
        },
        concurrency,
      ),
    ),
  );
  rows.push(formatRow(await measure(`GET /api/contacts page of 50 (of ${CONTACTS})`, 500, async () => void (await app.inject({ method: 'GET', url: '/api/contacts?limit=50', headers })))));
  rows.push(
    formatRow(await measure(`GET /api/contacts?q=… search (of ${CONTACTS})`, 500, async (i) => void (await app.inject({ method: 'GET', url: `/api/contacts?q=Bench${i % 97}&limit=20`, headers })))),
  );
  let cursor: string | null = null;
  let pages = 0;
  rows.push(
    formatRow(
      await measure(`walk all contacts by cursor, 200 per page`, Math.ceil(CONTACTS / 200), async () => {
        const response = await app.inject({ method: 'GET', url: `/api/contacts?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers });
        cursor = JSON.parse(response.body).nextCursor;
        pages++;
      }),
    ),
  );

  rows.push(
    formatRow(
      await measure(
        `POST sandbox inbound (new message, c=${concurrency})`,
        INBOUND,
        async (i) => {
          const response = await app.inject({
            method: 'POST',
            url: `/api/sandbox/${account.id}/inbound`,
            headers,
            payload: { text: `Здравствуйте, сколько стоит? #${i}`, messageId: `bench-${i}`, from: { phone: `+996 70${String(i % CONTACTS).padStart(7, '0')}` } },
          });
          if (response.statusCode !== 201) throw new Error(`inbound ${i}: ${response.statusCode} ${response.body}`);
        },
        concurrency,
      ),
    ),
  );
  rows.push(
    formatRow(
      await measure(`POST sandbox inbound (replayed, deduplicated)`, Math.min(1000, INBOUND), async (i) => {
        const response = await app.inject({
          method: 'POST',
          url: `/api/sandbox/${account.id}/inbound`,
          headers,
          payload: { text: `Здравствуйте, сколько стоит? #${i}`, messageId: `bench-${i}`, from: { phone: `+996 70${String(i % CONTACTS).padStart(7, '0')}` } },
        });
        if (response.statusCode !== 200) throw new Error(`replay ${i}: ${response.statusCode}`);
      }),
    ),
  );

  const conversations = await ctx.db.selectFrom('conversations').select('id').where('organization_id', '=', organization.id).limit(OUTBOUND).execute();
  rows.push(
    formatRow(
      await measure(`POST …/messages (queue outbound)`, OUTBOUND, async (i) => {
        const conversation = conversations[i % conversations.length]!;
        const response = await app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers, payload: { body: `Ответ ${i}` } });
        if (response.statusCode !== 202) throw new Error(`send ${i}: ${response.statusCode} ${response.body}`);
      }),
    ),
  );
  const dispatchStarted = performance.now();
  const ran = await runner.runUntilIdle(100_000);
  const dispatchMs = performance.now() - dispatchStarted;
  rows.push(formatRow({ name: `job loop: dispatch queued messages + outbox`, count: ran, totalMs: dispatchMs, latenciesMs: [] }).replace(/\|\s+0\.00 \|\s+0\.00 \|\s+0\.00 \|$/, '|        – |        – |        – |'));
  const sent = await ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
  if (Number(sent.n) !== OUTBOUND) throw new Error(`expected ${OUTBOUND} sent, got ${sent.n}`);

  console.log(`\n### ${kind === 'pglite' ? 'Embedded PGlite (in-memory)' : 'PostgreSQL server'}\n`);
  console.log(HEADER);
  for (const row of rows) console.log(row);
  console.log(`\n${memoryLine()}; cursor walk visited ${pages} pages`);
  await app.close();
  await drop();
}

console.log(`Parley benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`sizes: ${CONTACTS} contacts, ${INBOUND} inbound messages, ${OUTBOUND} outbound messages; requests go through the full Fastify stack (inject), auth included`);
const only = process.env.BENCH_ONLY; // 'foundation' | 'start' | 'lists' | 'import' | 'analysis' | 'reactivation' | 'campaigns' | 'upload'
if (!only || only === 'foundation') {
  await runSuite('pglite');
  if (process.env.BENCH_DATABASE_URL) await runSuite('postgres');
  else console.log('\n(set BENCH_DATABASE_URL=postgres://… to run the PostgreSQL suite too)');
}
if (!only || only === 'start') await runColdStartBench();
if (!only || only === 'lists') await runListsBench();
if (!only || only === 'import') await runImportBench();
if (!only || only === 'analysis') await runAnalysisBench();
if (!only || only === 'reactivation') await runReactivationBench();
if (!only || only === 'campaigns') await runCampaignsBench();
if (!only || only === 'inbox') await runInboxBench();
if (!only || only === 'upload') await runUploadBench();
