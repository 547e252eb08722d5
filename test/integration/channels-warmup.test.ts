import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { createChannelAccount, recordSendOutcome, warmupAllowanceToday } from '../../src/modules/channels/index.ts';
import { accountReachSince } from '../../src/modules/conversations/index.ts';
import { countOptedOutSince } from '../../src/modules/contacts/index.ts';

/**
 * Warm-up levels and the risk score on the health card: the level climbs a step per healthy day, an automatic
 * pause drops it at once (and the day is not held against the account twice), the allowance follows the level;
 * the risk score names what adds to it.
 */
let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Mid-morning UTC, so a day of sends stays inside one local day of the test organization.
const start = new Date(Math.floor(Date.now() / DAY) * DAY + 10 * HOUR);
const clock = new ManualClock(start);

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(() => t?.close());

const as = (o: TestOrg = org) => ({ cookie: o.cookie });

async function health(accountId: string, o: TestOrg = org) {
  const response = await call(t, as(o), 'GET', `/api/channel-accounts/${accountId}/sending-health`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('warm-up levels', () => {
  it('rises after healthy days, drops and pauses on a failure burst, and the allowance follows', async () => {
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Warming' });
    const limits = await call(t, as(), 'PUT', `/api/campaigns/agents/${account.id}/limits`, { dailyCap: 50, warmup: { startDaily: 10, dailyIncrease: 5 } });
    expect(limits.status).toBe(200);

    let card = await health(account.id);
    expect(card.warmup).toMatchObject({ level: 0, topLevel: 8 });
    expect(card.today.allowed).toBe(10);

    for (let day = 1; day <= 4; day++) {
      await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 8 }, clock.now());
      clock.advance(DAY);
    }
    card = await health(account.id);
    expect(card.warmup).toMatchObject({ level: 4, levelChange: 'healthy' });
    expect(card.today.allowed).toBe(30);
    expect(await warmupAllowanceToday(t.ctx.db, org.organizationId, account.id, clock.now())).toBe(30);

    // A burst of failures: the health rules pause the account and the level drops two steps at once.
    const { paused } = await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 10, failed: 5 }, clock.now());
    expect(paused).toBe(true);
    card = await health(account.id);
    expect(card.accountStatus).toBe('paused');
    expect(card.warmup).toMatchObject({ level: 2, levelChange: 'failure_burst' });
    expect(card.today.allowed).toBe(20);

    // The burst's day is judged the next morning: already paid for, it holds; the day after a healthy one climbs.
    clock.advance(DAY);
    expect((await health(account.id)).warmup.level).toBe(2);
    clock.advance(DAY);
    expect((await health(account.id)).warmup).toMatchObject({ level: 3, levelChange: 'healthy' });

    // Resumed, a clean day climbs again; a revoked session (a block) pauses and halves the level.
    expect((await call(t, as(), 'PATCH', `/api/channel-accounts/${account.id}`, { status: 'active' })).status).toBe(200);
    await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 3 }, clock.now());
    clock.advance(DAY);
    expect((await health(account.id)).warmup.level).toBe(4);
    expect((await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { auth_revoked: 1 }, clock.now())).paused).toBe(true);
    expect((await health(account.id)).warmup).toMatchObject({ level: 2, levelChange: 'blocked' });
  });

  it('starts a restarted warm-up from level 0; accounts without a curve have no level', async () => {
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Restarted' });
    await call(t, as(), 'PUT', `/api/campaigns/agents/${account.id}/limits`, { dailyCap: 100, warmup: { startDaily: 20, dailyIncrease: 10 } });
    clock.advance(2 * DAY);
    expect((await health(account.id)).warmup.level).toBe(2);
    await call(t, as(), 'PUT', `/api/campaigns/agents/${account.id}/limits`, { restartWarmup: true });
    const card = await health(account.id);
    expect(card.warmup.level).toBe(0);
    expect(card.today.allowed).toBe(20);

    const plain = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Plain' });
    const plainCard = await health(plain.id);
    expect(plainCard.warmup).toMatchObject({ level: null, topLevel: null });
    expect(plainCard.today.allowed).toBeNull();
  });

  it('keeps another organization out', async () => {
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Mine' });
    expect((await call(t, as(other), 'GET', `/api/channel-accounts/${account.id}/sending-health`)).status).toBe(404);
  });
});

describe('risk score', () => {
  it('names blocks, reports and failures; counts who replied and who opted out', async () => {
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Risky' });
    expect((await health(account.id)).risk).toEqual({ score: 0, level: 'low', factors: [] });
    await call(t, as(), 'PUT', '/api/channel-health/settings', { autoPause: false });
    await recordSendOutcome(t.ctx.db, org.organizationId, account.id, { sent: 20, failed: 4, rejected: 3, auth_revoked: 1 }, clock.now());
    const risk = (await health(account.id)).risk;
    expect(risk.factors.map((f: { code: string }) => f.code)).toEqual(['blocks', 'reports', 'failures']);
    expect(risk.score).toBe(30 + 15 + 15);
    expect(risk.level).toBe('high');
    await call(t, as(), 'PUT', '/api/channel-health/settings', { autoPause: null });

    // Three people written to: one replies, one opts out.
    const since = new Date(clock.now().getTime() - HOUR);
    const chats = [];
    for (const name of ['Reply', 'Silent', 'Stop']) {
      const contact = await call(t, as(), 'POST', '/api/contacts', { firstName: name, phone: `+996 700 55${String(chats.length).padStart(4, '0')}` });
      const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: account.id });
      expect((await call(t, as(), 'POST', `/api/conversations/${conversation.body.id}/messages`, { body: 'Hello' })).status).toBe(202);
      chats.push({ contactId: contact.body.id as string, chatId: conversation.body.externalChatId as string });
    }
    await t.runner.runUntilIdle();
    clock.advance(60_000);
    expect((await call(t, as(), 'POST', `/api/sandbox/${account.id}/inbound`, { chatId: chats[0]!.chatId, text: 'Thanks!' })).status).toBeLessThan(300);
    expect((await call(t, as(), 'PATCH', `/api/contacts/${chats[2]!.contactId}`, { optedOut: true })).status).toBe(200);
    const reach = await accountReachSince(t.ctx.db, org.organizationId, account.id, since);
    expect(reach).toMatchObject({ contacted: 3, replied: 1 });
    expect(reach.contactIds.sort()).toEqual(chats.map((c) => c.contactId).sort());
    expect(await countOptedOutSince(t.ctx.db, org.organizationId, reach.contactIds, since)).toBe(1);
    expect(await countOptedOutSince(t.ctx.db, other.organizationId, reach.contactIds, since)).toBe(0);
    expect(await accountReachSince(t.ctx.db, other.organizationId, account.id, since)).toEqual({ contacted: 0, replied: 0, contactIds: [] });
  });
});
