/**
 * Campaign benchmark (PostgreSQL, BENCH_DATABASE_URL):
 * 1. starting a campaign of BENCH_CAMPAIGN_START participants (default 1,000,000): the one INSERT … SELECT;
 * 2. the due-work claim (batches of 500, 100 and 1) from a campaign of 10,000 and from one of a million, with about a
 *    million participants waiting in the table, then with BENCH_CAMPAIGN_WAITING (default 10,000,000) — ten
 *    campaigns of a million, as the contacts of one organization are the million of step 1;
 * 3. sends per second through real `parley jobs` processes (render + record + sandbox dispatch + complete),
 *    limits off, with one process and with two (BENCH_CAMPAIGN_SENDS participants each, default 200,000), beside the
 *    floor of a bare single-row `UPDATE … RETURNING` loop on two connections (up to 20,000 rows) in the same run;
 * 4. with limits on: several sandbox accounts with different paces, two job processes for
 *    BENCH_CAMPAIGN_PACE_SECONDS (default 30), the ten million still in the table: sends per account in the window
 *    against its pace, the closest two sends, and the most sends in any ten intervals.
 * The send runs (3) come before the ten-million load, on a database that has not just written gigabytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createContext } from '../src/app/runtime.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { createChannelAccount } from '../src/modules/channels/index.ts';
import { ALWAYS_WINDOW, setOrganizationSendWindow } from '../src/modules/outreach/index.ts';
import { createCampaign, startCampaign } from '../src/modules/campaigns/index.ts';
import { claimUnlimited } from '../src/modules/campaigns/campaign-sender.repository.ts';
import { percentile } from './stats.ts';

const START = Number(process.env.BENCH_CAMPAIGN_START ?? 1_000_000);
const WAITING = Number(process.env.BENCH_CAMPAIGN_WAITING ?? 10_000_000);
const SENDS = Number(process.env.BENCH_CAMPAIGN_SENDS ?? 200_000);
const PACE_SECONDS = Number(process.env.BENCH_CAMPAIGN_PACE_SECONDS ?? 30);

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_bench_campaigns_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * The floor for campaign sends: what PostgreSQL does when each send is nothing but one single-row
 * `UPDATE … RETURNING` that claims the next queued row (SKIP LOCKED) and marks it sent, looped on two connections
 * until none is left — no rendering, no channel, no bookkeeping. Its own table in the bench database.
 */
async function updateLoopFloor(url: string, rows: number): Promise<{ rows: number; perSecond: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE bench_floor_sends (id bigserial PRIMARY KEY, status text NOT NULL DEFAULT 'queued', sent_at timestamptz)`);
  await setup.query(`INSERT INTO bench_floor_sends (status) SELECT 'queued' FROM generate_series(1, $1)`, [rows]);
  await setup.query(`CREATE INDEX bench_floor_sends_queued ON bench_floor_sends (id) WHERE status = 'queued'`);
  await setup.query('ANALYZE bench_floor_sends');
  const loop = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let done = 0;
    for (;;) {
      const result = await client.query(
        `UPDATE bench_floor_sends SET status = 'sent', sent_at = now()
         WHERE id = (SELECT id FROM bench_floor_sends WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      );
      if (result.rowCount === 0) break;
      done++;
    }
    await client.end();
    return done;
  };
  const t0 = performance.now();
  const done = (await Promise.all([loop(), loop()])).reduce((a, b) => a + b, 0);
  const perSecond = done / ((performance.now() - t0) / 1000);
  await setup.query('DROP TABLE bench_floor_sends');
  await setup.end();
  return { rows: done, perSecond };
}

async function insertContacts(ctx: AppContext, organizationId: string, count: number, prefix: string): Promise<void> {
  for (let from = 1; from <= count; from += 500_000) {
    const to = Math.min(count, from + 499_999);
    await sql`
      INSERT INTO contacts (organization_id, first_name, display_name, phone_e164, created_at)
      SELECT ${organizationId}, 'B' || i, 'Bench ' || i, ${prefix} || lpad(i::text, 8, '0'), now() - (i || ' seconds')::interval
      FROM generate_series(${from}::int, ${to}::int) AS i`.execute(ctx.db);
  }
  await sql`ANALYZE contacts`.execute(ctx.db);
}

async function newCampaign(ctx: AppContext, organizationId: string, accountId: string, name: string, audience: Record<string, unknown> = {}) {
  return createCampaign(ctx.db, organizationId, null, {
    name,
    channelAccountId: accountId,
    targetAudience: { filters: {}, ...audience },
    steps: [{ content: '{Hi|Hello} {{ contact.first_name | default: "there" }}, a quick question about {{ company.name | default: "your business" }}.' }],
  });
}

async function claimLatency(ctx: AppContext, organizationId: string, campaignId: string, batch: number, rounds: number): Promise<{ p50: number; p95: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const now = new Date();
    // Claim and roll back, so every round sees the same backlog.
    const t0 = performance.now();
    await ctx.db
      .transaction()
      .execute(async (tx) => {
        await claimUnlimited(tx, { organizationId, campaignId, now, leaseUntil: new Date(now.getTime() + 60_000), token: crypto.randomUUID(), limit: batch });
        latencies.push(performance.now() - t0);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

class Rollback extends Error {}

function jobProcess(url: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['bin/parley.mjs', 'jobs'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', JOBS_POLL_MS: '50', CAMPAIGNS_BATCH_SIZE: process.env.CAMPAIGNS_BATCH_SIZE ?? '1000', CAMPAIGNS_LANES: process.env.CAMPAIGNS_LANES ?? '2', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(children: ChildProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
}

async function sentCount(ctx: AppContext, campaignId: string): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = ${campaignId} AND status = 'sent'`.execute(ctx.db);
  return Number(result.rows[0]!.n);
}

/** Runs job processes until the campaign has sent to everyone; timed from its first send to its last. */
async function throughput(ctx: AppContext, url: string, campaignId: string, total: number, processes: number): Promise<{ ms: number; perSecond: number }> {
  const children = Array.from({ length: processes }, () => jobProcess(url));
  try {
    // Watch only the campaign row (it completes after its last send), so the measuring adds no load of its own.
    for (;;) {
      const row = await ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow();
      if (row.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const sent = await sentCount(ctx, campaignId);
    if (sent !== total) {
      const breakdown = await sql<{ status: string; error: string | null; n: string }>`
        SELECT status, error, count(*) AS n FROM campaign_sends WHERE campaign_id = ${campaignId} AND status <> 'sent' GROUP BY 1, 2`.execute(ctx.db);
      const participants = await sql<{ status: string; last_error: string | null; n: string }>`
        SELECT status, last_error, count(*) AS n FROM campaign_participants WHERE campaign_id = ${campaignId} AND status <> 'sent' GROUP BY 1, 2`.execute(ctx.db);
      console.log(`(${total - sent} of ${total} not sent: sends ${JSON.stringify(breakdown.rows)}, participants ${JSON.stringify(participants.rows)})`);
    }
    const bounds = await sql<{ first: Date; last: Date }>`SELECT min(sent_at) AS first, max(sent_at) AS last FROM campaign_sends WHERE campaign_id = ${campaignId}`.execute(ctx.db);
    const ms = bounds.rows[0]!.last.getTime() - bounds.rows[0]!.first.getTime();
    return { ms, perSecond: total / (ms / 1000) };
  } finally {
    await stop(children);
  }
}

export async function runCampaignsBench(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('\n### Campaigns\n\n(set BENCH_DATABASE_URL=postgres://… to run the campaign benchmark; it needs PostgreSQL and job processes)');
    return;
  }
  const { url, drop } = await createBenchDatabase(adminUrl);
  const database = await openDatabase({ url, poolSize: 10 });
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const ctx = await createContext({ config, database, logger: pino({ level: 'silent' }) });
  try {
    const { organization } = await createOrganization(ctx.db, { slug: 'bench-campaigns', name: 'Bench', owner: { email: 'bench-campaigns@example.test', name: 'Bench', password: 'bench-password' } });
    const org = organization.id;
    const account = await createChannelAccount(ctx.db, org, { channel: 'sandbox', name: 'Bench sandbox' });
    // Throughput, whatever the time of day: quiet hours widened to the whole day.
    await setOrganizationSendWindow(ctx.db, org, ALWAYS_WINDOW, new Date());
    console.log(`\n### Campaigns — PostgreSQL, sandbox channel\n`);

    // 1. Start.
    let t0 = performance.now();
    await insertContacts(ctx, org, START, '+9967');
    console.log(`setup: ${fmt(START)} contacts inserted in ${seconds(performance.now() - t0)} (not part of the figures)\n`);
    console.log('| measurement | result |');
    console.log('|---|---|');
    const big = await newCampaign(ctx, org, account.id, 'Start a million');
    t0 = performance.now();
    const started = await startCampaign(ctx, org, big.id);
    const startMs = performance.now() - t0;
    console.log(`| start: ${fmt(started.participants)} participants materialised (one INSERT … SELECT) | ${seconds(startMs)} (${fmt(started.participants / (startMs / 1000))} rows/s) |`);
    await sql`ANALYZE campaign_participants`.execute(ctx.db);

    // 2. Claim latency with about a million waiting (the claims are rolled back, so every round sees the same backlog).
    const smallIds = await sql<{ id: string }>`SELECT id FROM contacts WHERE organization_id = ${org} ORDER BY created_at LIMIT 10000`.execute(ctx.db);
    const small = await newCampaign(ctx, org, account.id, 'Ten thousand', { filters: null, contactIds: smallIds.rows.map((r) => r.id) });
    await startCampaign(ctx, org, small.id);
    let waiting = started.participants + 10_000;
    const claimRows = async (label: string) => {
      for (const [size, id] of [
        ['10,000', small.id],
        [fmt(started.participants), big.id],
      ] as const) {
        for (const batch of [500, 100, 1]) {
          const latency = await claimLatency(ctx, org, id, batch, 200);
          console.log(`| claim ${batch} of ${size} due in its campaign (${label}) | p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms |`);
        }
      }
    };
    await claimRows(`${fmt(waiting)} waiting in the table`);
    // Job processes must leave these alone during the send runs.
    await sql`UPDATE campaigns SET status = 'paused' WHERE organization_id = ${org}`.execute(ctx.db);

    // 3. Throughput, limits off, on fresh campaigns, beside the floor measured in the same run.
    const floor = await updateLoopFloor(url, Math.min(SENDS, 20_000));
    console.log(`| floor: a bare loop of single-row \`UPDATE … RETURNING\` (claim the next queued row, mark it sent) on 2 connections, ${fmt(floor.rows)} rows | ${fmt(floor.perSecond)} rows/s |`);
    for (const processes of [1, 2]) {
      const sendIds = await sql<{ id: string }>`SELECT id FROM contacts WHERE organization_id = ${org} ORDER BY created_at DESC LIMIT ${SENDS} OFFSET ${processes === 2 && START >= 2 * SENDS ? SENDS : 0}`.execute(ctx.db);
      const campaign = await newCampaign(ctx, org, account.id, `Throughput ×${processes}`, { filters: null, contactIds: null, source: 'csv' });
      for (let i = 0; i < sendIds.rows.length; i += 20_000) {
        await ctx.db
          .insertInto('campaign_audience_members')
          .values(sendIds.rows.slice(i, i + 20_000).map((r) => ({ campaign_id: campaign.id, organization_id: org, contact_id: r.id })))
          .execute();
      }
      const joined = (await startCampaign(ctx, org, campaign.id)).participants;
      const result = await throughput(ctx, url, campaign.id, joined, processes);
      console.log(
        `| sends/s, limits off, ${processes} job process${processes > 1 ? 'es' : ''} (${fmt(joined)} sends: render + record + sandbox dispatch + complete) | ${fmt(result.perSecond)} sends/s (${seconds(result.ms)}), ${(result.perSecond / floor.perSecond).toFixed(2)}× the floor |`,
      );
    }

    // 2b. The same claims with the table holding ten million waiting participants.
    t0 = performance.now();
    let backlog = 0;
    while (waiting + started.participants <= WAITING + 10_000) {
      const more = await newCampaign(ctx, org, account.id, `Backlog ${++backlog}`);
      waiting += (await startCampaign(ctx, org, more.id)).participants;
    }
    await sql`ANALYZE campaign_participants`.execute(ctx.db);
    console.log(`| setup: ${fmt(waiting)} participants waiting in ${backlog + 2} campaigns | loaded in ${seconds(performance.now() - t0)} |`);
    await claimRows(`${fmt(waiting)} waiting in the table`);
    const listT0 = performance.now();
    for (let i = 0; i < 50; i++) await sql`SELECT c.id FROM campaigns c WHERE c.status = 'active' AND EXISTS (SELECT 1 FROM campaign_participants p WHERE p.campaign_id = c.id AND p.next_send_at <= now())`.execute(ctx.db);
    console.log(`| due-campaign discovery (${backlog} active campaigns, ${fmt(waiting)} waiting) | ${((performance.now() - listT0) / 50).toFixed(2)} ms per pass |`);
    await sql`UPDATE campaigns SET status = 'paused' WHERE organization_id = ${org}`.execute(ctx.db);

    // 4. Pace, limits on.
    const paces = [0.1, 0.2, 0.5, 1];
    const paced: Array<{ accountId: string; pace: number }> = [];
    for (const pace of paces) {
      const paceAccount = await createChannelAccount(ctx.db, org, { channel: 'sandbox', name: `Paced ${pace}s` });
      await ctx.db.insertInto('account_send_budget').values({ channel_account_id: paceAccount.id, organization_id: org, limits: JSON.stringify({ paceSeconds: pace, hourlyCap: null, dailyCap: null, warmup: null }) }).execute();
      const enough = Math.ceil((PACE_SECONDS + 10) / pace);
      const ids = await sql<{ id: string }>`SELECT id FROM contacts WHERE organization_id = ${org} ORDER BY random() LIMIT ${enough}`.execute(ctx.db);
      const campaign = await newCampaign(ctx, org, paceAccount.id, `Paced ${pace}s`, { filters: null, contactIds: ids.rows.map((r) => r.id) });
      await startCampaign(ctx, org, campaign.id);
      paced.push({ accountId: paceAccount.id, pace });
    }
    const children = [jobProcess(url), jobProcess(url)];
    const runStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, (PACE_SECONDS + 3) * 1000));
    await stop(children);
    console.log(`\nWith limits on — ${paced.length} sandbox accounts, two job processes, sends counted over ${PACE_SECONDS} s (after a 3 s start-up):\n`);
    console.log('| account pace | configured rate | sends in the window | achieved rate | of pace | closest two sends | most in any 10 intervals |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    const from = runStart + 3000;
    const to = from + PACE_SECONDS * 1000;
    for (const { accountId, pace } of paced) {
      const rows = await sql<{ at: Date }>`
        SELECT sent_at AS at FROM campaign_sends WHERE channel_account_id = ${accountId} AND status = 'sent' AND sent_at >= ${new Date(from)} AND sent_at < ${new Date(to)} ORDER BY sent_at`.execute(ctx.db);
      const times = rows.rows.map((r) => r.at.getTime());
      const achieved = times.length / PACE_SECONDS;
      let closest = Number.POSITIVE_INFINITY;
      for (let i = 1; i < times.length; i++) closest = Math.min(closest, times[i]! - times[i - 1]!);
      const windowMs = pace * 10_000;
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= windowMs) j++;
        most = Math.max(most, i - j + 1);
      }
      console.log(`| ${pace} s | ${(1 / pace).toFixed(1)}/s | ${times.length} | ${achieved.toFixed(2)}/s | ${(achieved * pace * 100).toFixed(1)} % | ${closest} ms | ${most} |`);
    }
  } finally {
    await ctx.database.close();
    await drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runCampaignsBench();
