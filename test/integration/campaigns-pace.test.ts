import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { createContact } from '../../src/modules/contacts/index.ts';
import { createChannelAccount, recordSendOutcome } from '../../src/modules/channels/index.ts';
import { findOrCreateConversation } from '../../src/modules/conversations/index.ts';
import { queueOutboundMessage } from '../../src/modules/outreach/index.ts';
import { CampaignSender, DEFAULT_SENDER_CONFIG } from '../../src/modules/campaigns/index.ts';
import type { AppContext } from '../../src/platform/context.ts';

/**
 * Per-account limits are taken in the claim: two senders (on PostgreSQL, each with its own connection pool, as
 * two job processes would be) together never send faster than the pace nor beyond the hourly and daily caps,
 * and a new account warms up day by day. The clock starts at 09:00 UTC, inside the default quiet-hours window.
 */

let t: TestApp;
let org: TestOrg;
let clock: ManualClock;
let phoneSeq = 0;
let other: AppContext;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  t = await createTestApp({ clock, config: { CAMPAIGNS_PACE_LOOKAHEAD_MS: 0, SESSION_TTL_HOURS: 24 * 365 } });
  org = await createTestOrg(t);
  other = t.testDb.kind === 'postgres' ? { ...t.ctx, db: (await t.testDb.openAnother()).db } : t.ctx;
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => call(t, { cookie: org.cookie }, method, url, body);

async function campaignOn(accountId: string, size: number, audience: Record<string, unknown> = {}) {
  const ids: string[] = [];
  for (let i = 0; i < size; i++) {
    phoneSeq++;
    ids.push((await createContact(t.ctx.db, org.organizationId, { firstName: `P${phoneSeq}`, phone: `+996701${String(1_000_000 + phoneSeq).slice(1)}` })).id);
  }
  const created = await api('POST', '/api/campaigns', { name: `Paced ${phoneSeq}`, channelAccountId: accountId, targetAudience: { contactIds: ids, ...audience }, steps: [{ content: 'Hello {{ contact.first_name }}' }] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await confirmedStart(t, { cookie: org.cookie }, created.body.id)).status).toBe(200);
  return created.body.id as string;
}

async function sendTimes(campaignId: string): Promise<number[]> {
  const rows = await t.ctx.db.selectFrom('campaign_sends').select('created_at').where('campaign_id', '=', campaignId).where('status', '=', 'sent').orderBy('created_at').execute();
  return rows.map((r) => r.created_at.getTime());
}

const senders = () => [new CampaignSender(t.ctx, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 }), new CampaignSender(other, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 })];

describe('per-account limits with two senders', () => {
  it('never exceeds the account pace, and keeps to it', async () => {
    clock.set(new Date('2026-03-02T09:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Paced' });
    expect((await api('PUT', `/api/campaigns/agents/${account.id}/limits`, { paceSeconds: 10 })).status).toBe(200);
    const campaignA = await campaignOn(account.id, 20);
    const campaignB = await campaignOn(account.id, 20);
    const [first, second] = senders();
    const started = clock.now().getTime();
    for (let second_ = 0; second_ < 200; second_++) {
      await Promise.all([first!.runPass(), second!.runPass()]);
      clock.advance(1000);
    }
    const times = [...(await sendTimes(campaignA)), ...(await sendTimes(campaignB))].sort((a, b) => a - b);
    // 200 seconds at one send per 10 seconds: 20 slots (the first at the start).
    expect(times.length).toBe(20);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(10_000);
    expect(times[0]).toBe(started);
    // Both campaigns of the account share its pace.
    expect((await sendTimes(campaignA)).length).toBeGreaterThan(0);
    expect((await sendTimes(campaignB)).length).toBeGreaterThan(0);
  });

  it("a campaign's sendDelaySeconds paces an otherwise unlimited account", async () => {
    clock.set(new Date('2026-03-03T09:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Campaign-paced' });
    const campaign = await campaignOn(account.id, 10, { sendDelaySeconds: 30 });
    const [first, second] = senders();
    for (let i = 0; i < 120; i++) {
      await Promise.all([first!.runPass(), second!.runPass()]);
      clock.advance(1000);
    }
    const times = await sendTimes(campaign);
    expect(times.length).toBe(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(30_000);
  });

  it('holds the hourly cap', async () => {
    clock.set(new Date('2026-03-04T09:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Hourly' });
    await api('PUT', `/api/campaigns/agents/${account.id}/limits`, { hourlyCap: 4 });
    const campaign = await campaignOn(account.id, 10);
    const [first, second] = senders();
    for (let minute = 0; minute < 150; minute++) {
      await Promise.all([first!.runUntilIdle(), second!.runUntilIdle()]);
      clock.advance(60_000);
    }
    const times = await sendTimes(campaign);
    const perHour = new Map<number, number>();
    for (const time of times) perHour.set(Math.floor(time / 3_600_000), (perHour.get(Math.floor(time / 3_600_000)) ?? 0) + 1);
    expect([...perHour.values()]).toEqual([4, 4, 2]);
  });

  it('warms a new account up: startDaily on the first day, more each day, up to the daily cap', async () => {
    clock.set(new Date('2026-03-05T09:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Warm-up' });
    await api('PUT', `/api/campaigns/agents/${account.id}/limits`, { dailyCap: 6, warmup: { startDaily: 3, dailyIncrease: 2 }, restartWarmup: true });
    const campaign = await campaignOn(account.id, 20);
    const [first, second] = senders();
    const sentByDay: number[] = [];
    for (let day = 0; day < 4; day++) {
      await Promise.all([first!.runUntilIdle(), second!.runUntilIdle()]);
      sentByDay.push((await sendTimes(campaign)).length);
      const agent = (await api('GET', '/api/campaigns/agents')).body.items.find((a: { id: string }) => a.id === account.id);
      expect(agent.todayAllowance).toBe(0);
      clock.advance(24 * 3_600_000);
    }
    // Day 1: 3, day 2: 5, then the daily cap of 6.
    expect(sentByDay).toEqual([3, 8, 14, 20]);
  });

  it('takes today’s allowance from the warm-up level the health card shows, not the calendar', async () => {
    clock.set(new Date('2026-03-10T09:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Levelled' });
    await api('PUT', `/api/campaigns/agents/${account.id}/limits`, { dailyCap: 50, warmup: { startDaily: 10, dailyIncrease: 5 }, restartWarmup: true, sendWindow: { start: '00:00', end: '24:00' } });
    // Four healthy days: level 4 (30 a day), as the calendar would say too.
    for (let day = 0; day < 4; day++) {
      expect((await api('GET', `/api/channel-accounts/${account.id}/sending-health`)).status).toBe(200);
      await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 5 }, clock.now());
      clock.advance(24 * 3_600_000);
    }
    // A failure burst drops the level two steps (20 a day) and pauses the account; resumed, the calendar would
    // still allow 30.
    expect((await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 10, failed: 5 }, clock.now())).paused).toBe(true);
    expect((await api('PATCH', `/api/channel-accounts/${account.id}`, { status: 'active' })).status).toBe(200);
    const card = (await api('GET', `/api/channel-accounts/${account.id}/sending-health`)).body;
    expect(card.warmup.level).toBe(2);
    expect(card.today.allowed).toBe(20);
    const agentOf = async () => (await api('GET', '/api/campaigns/agents')).body.items.find((a: { id: string }) => a.id === account.id);
    const statOf = async () => (await api('GET', '/api/outreach/stats')).body.items.find((a: { accountId: string }) => a.accountId === account.id);
    expect((await agentOf()).todayAllowance).toBe(20);
    expect((await statOf()).allowance).toBe(20);

    // The campaign claim takes the level's allowance less the replies' share (20 − 2), not the calendar's 30.
    const campaign = await campaignOn(account.id, 25);
    const [first, second] = senders();
    await Promise.all([first!.runUntilIdle(), second!.runUntilIdle()]);
    expect(await sendTimes(campaign)).toHaveLength(18);

    // A single cold message (reserveSend) waits for tomorrow too; a person's reply takes the share kept for it.
    const contact = await createContact(t.ctx.db, org.organizationId, { firstName: 'Single', phone: '+996709000001' });
    const conversation = await findOrCreateConversation(t.ctx.db, org.organizationId, { channel: 'sandbox', channelAccountId: account.id, externalChatId: 'sandbox:+996709000001' }, { contactId: contact.id });
    const offer = await queueOutboundMessage(t.ctx.db, org.organizationId, { conversationId: conversation.id, body: 'offer', authorUserId: null, origin: 'reactivation' }, clock.now());
    const reply = await queueOutboundMessage(t.ctx.db, org.organizationId, { conversationId: conversation.id, body: 'reply', authorUserId: null, origin: 'manual' }, clock.now());
    await t.runner.runUntilIdle();
    const status = async (id: string) => (await t.ctx.db.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(offer.id)).toBe('queued');
    expect(await status(reply.id)).toBe('sent');
    expect((await agentOf()).sentToday).toBe(19);
    expect((await agentOf()).todayAllowance).toBe(1);
    expect((await statOf()).remainingToday).toBe(1);
    const job = await t.ctx.db.selectFrom('jobs').select(['last_error']).where('job_key', '=', `dispatch:${offer.id}`).executeTakeFirstOrThrow();
    expect(job.last_error).toContain('daily_cap');
  });
});
