import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';

/**
 * A real `parley jobs` process is killed with SIGKILL in the middle of a campaign batch (send rows recorded as
 * 'sending', channel calls under way). Other job processes take over once its lease ends: every participant gets
 * every step, and no step reaches any contact twice.
 */

const PARTICIPANTS = 3000;
let t: TestApp;
let org: TestOrg;
const children: ChildProcess[] = [];

function startJobs(url: string): ChildProcess {
  const child = spawn(process.execPath, ['bin/parley.mjs', 'jobs'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', JOBS_POLL_MS: '50', CAMPAIGNS_BATCH_SIZE: '1000', CAMPAIGNS_LANES: '2', CAMPAIGNS_LEASE_MS: '3000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

async function count(query: string): Promise<number> {
  const result = await sql<{ n: string | number }>`${sql.raw(query)}`.execute(t.ctx.db);
  return Number(result.rows[0]?.n ?? 0);
}

describe.runIf(process.env.PARLEY_TEST_DB === 'postgres')('a job process killed in the middle of a campaign batch', () => {
  beforeAll(async () => {
    t = await createTestApp();
    org = await createTestOrg(t);
    // Real job processes on the real clock: quiet hours are widened so the test does not depend on the time of day.
    expect((await call(t, { cookie: org.cookie }, 'PUT', '/api/outreach/settings', { sendWindow: { start: '00:00', end: '24:00' } })).status).toBe(200);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    await t?.close();
  });

  // Its own bounds (60 s to catch a batch in flight, 120 s to finish) decide, not the suite's 60 s default.
  it('loses no participant and sends no step twice', async () => {
    await sql`
      INSERT INTO contacts (organization_id, first_name, display_name, phone_e164)
      SELECT ${org.organizationId}, 'K' || i, 'K' || i, '+99670' || lpad(i::text, 7, '0') FROM generate_series(1, ${PARTICIPANTS}) AS i`.execute(t.ctx.db);
    const created = await call(t, { cookie: org.cookie }, 'POST', '/api/campaigns', {
      name: 'Killed mid-batch',
      channelAccountId: org.sandboxAccountId,
      targetAudience: { filters: {} },
      steps: [{ content: 'One, {{ contact.first_name }}' }, { content: 'Two, {{ contact.first_name }}' }],
    });
    expect(created.status).toBe(201);
    const started = await confirmedStart(t, { cookie: org.cookie }, created.body.id);
    expect(started.body.participants).toBe(PARTICIPANTS);
    const campaignId = created.body.id as string;
    const url = t.testDb.url!;

    const victim = startJobs(url);
    // Kill it while a batch is between "recorded" and "completed".
    const deadline = Date.now() + 60_000;
    let inFlight = 0;
    while (Date.now() < deadline) {
      inFlight = await count(`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = '${campaignId}' AND status = 'sending'`);
      if (inFlight > 0 && (await count(`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = '${campaignId}'`)) >= 500) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    victim.kill('SIGKILL');
    await exited(victim);
    const leftSending = await count(`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = '${campaignId}' AND status = 'sending'`);
    const leased = await count(`SELECT count(*) AS n FROM campaign_participants WHERE campaign_id = '${campaignId}' AND claim_token IS NOT NULL`);
    expect(leftSending + leased).toBeGreaterThan(0);

    startJobs(url);
    startJobs(url);
    const finishBy = Date.now() + 120_000; // a bound on waiting, not a performance assertion
    let status = 'active';
    while (status !== 'completed' && Date.now() < finishBy) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow()).status;
    }
    expect(status).toBe('completed');

    const sends = await count(`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = '${campaignId}' AND status = 'sent'`);
    expect(sends).toBe(PARTICIPANTS * 2);
    expect(await count(`SELECT count(*) AS n FROM campaign_sends WHERE campaign_id = '${campaignId}' AND status <> 'sent'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM campaign_participants WHERE campaign_id = '${campaignId}' AND (status <> 'sent' OR next_send_at IS NOT NULL)`)).toBe(0);
    // What the channel received: exactly two messages per contact, one of each step.
    expect(await count(`SELECT count(*) AS n FROM sandbox_deliveries WHERE channel_account_id = '${org.sandboxAccountId}'`)).toBe(PARTICIPANTS * 2);
    expect(
      await count(`SELECT count(*) AS n FROM (SELECT external_chat_id FROM sandbox_deliveries WHERE channel_account_id = '${org.sandboxAccountId}'
                   GROUP BY external_chat_id HAVING count(*) <> 2 OR count(DISTINCT split_part(text, ',', 1)) <> 2) odd`),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM messages WHERE metadata ->> 'campaignId' = '${campaignId}' AND status = 'sent'`)).toBe(PARTICIPANTS * 2);
  }, 240_000);
});
