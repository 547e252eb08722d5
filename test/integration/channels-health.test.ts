import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { createChannelAccount, recordSendOutcome } from '../../src/modules/channels/index.ts';
import type { SandboxFailMode } from '../../src/modules/channels/sandbox.adapter.ts';

/**
 * Account health through the real sending path: the sandbox's `failMode` makes the channel fail, rate-limit,
 * refuse recipients or revoke the session; the dispatcher records each outcome; the rules pause the account at
 * the thresholds (and not below), the dispatcher holds its messages, and a person resumes it.
 */
let t: TestApp;
let org: TestOrg;
let other: TestOrg;
// Jobs are queued at the database's real time, so the manual clock runs ahead of it, at half past a whole hour.
const HOUR = 3_600_000;
const start = new Date(Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR + 30 * 60_000);
const clock = new ManualClock(start);

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(() => t?.close());

const as = (o: TestOrg = org) => ({ cookie: o.cookie });
let phoneSeq = 0;

async function sandboxAccount(name: string, o: TestOrg = org) {
  const account = await createChannelAccount(t.ctx.db, o.organizationId, { channel: 'sandbox', name });
  phoneSeq += 1;
  const contact = await call(t, as(o), 'POST', '/api/contacts', { firstName: 'Health', lastName: name, phone: `+996 700 31${String(phoneSeq).padStart(4, '0')}` });
  expect(contact.status).toBe(201);
  const conversation = await call(t, as(o), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: account.id });
  expect(conversation.status).toBe(201);
  const accountId = account.id;
  return {
    id: accountId,
    async failMode(failMode: SandboxFailMode) {
      expect((await call(t, as(o), 'PATCH', `/api/channel-accounts/${accountId}`, { settings: { failMode } })).status).toBe(200);
    },
    /** Queues `n` messages and runs the job loop once over them. */
    async send(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const sent = await call(t, as(o), 'POST', `/api/conversations/${conversation.body.id}/messages`, { body: `message ${i}` });
        expect(sent.status).toBe(202);
        ids.push(sent.body.id);
        await t.runner.runUntilIdle();
      }
      return ids;
    },
    async health() {
      const response = await call(t, as(o), 'GET', `/api/channel-accounts/${accountId}/sending-health`);
      expect(response.status).toBe(200);
      return response.body;
    },
    async status() {
      return (await call(t, as(o), 'GET', `/api/channel-accounts/${accountId}`)).body.status as string;
    },
  };
}

async function messages(ids: string[]) {
  return t.ctx.db.selectFrom('messages').select(['id', 'status']).where('id', 'in', ids).execute();
}

async function deliveries(ids: string[]) {
  return t.ctx.db.selectFrom('sandbox_deliveries').select('client_ref').where('client_ref', 'in', ids).execute();
}

describe('send signals and the health card', () => {
  it('counts every outcome of the dispatcher in the hour bucket; few signals leave the account healthy', async () => {
    const account = await sandboxAccount('counters');
    await account.send(3);
    await account.failMode('recipient_invalid');
    await account.send(1);
    await account.failMode('rate_limited');
    await account.send(1);
    await account.failMode('temporary');
    await account.send(1);
    await account.failMode('none');

    const health = await account.health();
    expect(health.status).toBe('healthy');
    expect(health.accountStatus).toBe('active');
    expect(health.totals).toEqual({ sent: 3, failed: 1, recipient_invalid: 1, rate_limited: 1, auth_revoked: 0, rejected: 0 });
    expect(health.hours).toHaveLength(24);
    expect(health.hours[23]).toMatchObject({ hourStart: new Date(start.getTime() - 30 * 60_000).toISOString(), sent: 3, failed: 1 });
    expect(health.warmup).toMatchObject({ totalSent: 3, totalAttempts: 5, daysSinceFirstSend: 0, firstSendAt: start.toISOString() });
    expect(health.today).toMatchObject({ sent: 3, allowed: null });
    expect(health.thresholds).toMatchObject({ hourlyFailureRatio: 0.2, rateLimitedPerHour: 3 });
  });

  it('a campaign batch is recorded in one call, with the same counters', async () => {
    const account = await sandboxAccount('batch');
    const result = await recordSendOutcome(t.ctx.db, org.organizationId, account.id, ['sent', 'sent', 'rejected'], clock.now());
    expect(result.paused).toBe(false);
    expect((await account.health()).totals).toMatchObject({ sent: 2, rejected: 1 });
  });
});

describe('automatic pause', () => {
  it('pauses at 20 % failures with 10 sends in the hour, not below; holds messages; sends them once after resume', async () => {
    const account = await sandboxAccount('failures');
    const ok = await account.send(8);
    await account.failMode('temporary');
    const [firstFailed] = await account.send(1);
    // 1 failure in 9 sends: below the 10-send minimum.
    expect(await account.status()).toBe('active');
    const [secondFailed] = await account.send(1);
    expect(await account.status()).toBe('paused');

    const health = await account.health();
    expect(health.status).toBe('paused');
    expect(health.pausedAutomatically).toBe(true);
    expect(health.reasons[0]).toMatchObject({ code: 'failure_ratio', level: 'pause', window: '1h', value: 0.2, threshold: 0.2 });

    const events = await call(t, as(), 'GET', '/api/events?types=channel_account.paused');
    const paused = events.body.items.filter((e: any) => e.subject.id === account.id);
    expect(paused).toHaveLength(1);
    expect(paused[0].data).toMatchObject({ reason: 'account_health', reasons: [{ code: 'failure_ratio' }] });
    const notifications = await t.ctx.db.selectFrom('notifications').selectAll().where('subject_id', '=', account.id).execute();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.kind).toBe('channel_account.auto_paused');

    // While paused the dispatcher holds messages: queued, not failed, and the channel is not called.
    await account.failMode('none');
    const held = await account.send(2);
    clock.advance(10 * 60_000);
    await t.runner.runUntilIdle();
    const all = [firstFailed!, secondFailed!, ...held];
    expect((await messages(all)).every((m) => m.status === 'queued')).toBe(true);
    expect(await deliveries(all)).toHaveLength(0);

    // A person resumes it: the held messages go out at once, each exactly once, and the old signals do not re-pause.
    expect((await call(t, as(), 'PATCH', `/api/channel-accounts/${account.id}`, { status: 'active' })).status).toBe(200);
    await t.runner.runUntilIdle();
    expect((await messages(all)).map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await deliveries([...ok, ...all])).toHaveLength(12);
    expect(await account.status()).toBe('active');
    const after = await account.health();
    expect(after.status).toBe('healthy');
    expect(after.resumedAt).toBe(clock.now().toISOString());
    expect(after.totals).toMatchObject({ sent: 12, failed: 2 });
  });

  it('pauses at 30 % unreachable recipients over 24 hours', async () => {
    const account = await sandboxAccount('invalid');
    await account.send(7);
    await account.failMode('recipient_invalid');
    await account.send(2);
    expect(await account.status()).toBe('active');
    await account.send(1);
    expect(await account.status()).toBe('paused');
    expect((await account.health()).reasons[0]).toMatchObject({ code: 'invalid_recipients', window: '24h', value: 0.3 });
  });

  it('pauses at the third rate-limit answer in an hour, and warns before', async () => {
    const account = await sandboxAccount('flood');
    await account.failMode('rate_limited');
    await account.send(2);
    expect(await account.status()).toBe('active');
    const warned = await account.health();
    expect(warned.status).toBe('warning');
    expect(warned.reasons).toEqual([{ code: 'rate_limited', level: 'warning', window: '1h', value: 2, threshold: 3 }]);
    await account.send(1);
    expect(await account.status()).toBe('paused');
    expect((await account.health()).reasons[0]).toMatchObject({ code: 'rate_limited', level: 'pause', value: 3 });
  });

  it('a revoked session or ban stops the account: disconnected by the dispatcher, paused at once from other paths', async () => {
    const account = await sandboxAccount('revoked');
    await account.failMode('auth_revoked');
    const [held] = await account.send(1);
    expect(await account.status()).toBe('disconnected');
    const health = await account.health();
    expect(health.status).toBe('paused');
    expect(health.reasons.map((r: any) => r.code)).toEqual(['disconnected', 'auth_revoked']);
    expect((await messages([held!]))[0]!.status).toBe('queued');

    const campaignAccount = await sandboxAccount('revoked-campaign');
    expect((await recordSendOutcome(t.ctx.db, org.organizationId, campaignAccount.id, 'auth_revoked', clock.now())).paused).toBe(true);
    expect(await campaignAccount.status()).toBe('paused');
    expect((await campaignAccount.health()).reasons[0]).toMatchObject({ code: 'auth_revoked', level: 'pause' });
  });
});

describe('organization thresholds', () => {
  it('validates, stores overrides, and the rules follow them', async () => {
    const bad = await call(t, as(other), 'PUT', '/api/channel-health/settings', { hourlyFailureRatio: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.hourlyFailureRatio');
    const unknown = await call(t, as(other), 'PUT', '/api/channel-health/settings', { rateLimit: 5 });
    expect(unknown.status).toBe(400);

    const saved = await call(t, as(other), 'PUT', '/api/channel-health/settings', { rateLimitedPerHour: 5 });
    expect(saved.status).toBe(200);
    expect(saved.body.overrides).toEqual({ rateLimitedPerHour: 5 });
    expect(saved.body.thresholds).toMatchObject({ rateLimitedPerHour: 5, hourlyFailureRatio: 0.2 });
    expect((await call(t, as(other), 'GET', '/api/channel-health/settings')).body.thresholds.rateLimitedPerHour).toBe(5);

    const account = await sandboxAccount('other-flood', other);
    await account.failMode('rate_limited');
    await account.send(4);
    expect(await account.status()).toBe('active');
    await account.send(1);
    expect(await account.status()).toBe('paused');

    // Automatic pausing off: the same signals only warn.
    await call(t, as(other), 'PUT', '/api/channel-health/settings', { autoPause: false, rateLimitedPerHour: null });
    const quiet = await sandboxAccount('other-quiet', other);
    await quiet.failMode('rate_limited');
    await quiet.send(3);
    expect(await quiet.status()).toBe('active');
    expect((await quiet.health()).status).toBe('warning');
    // The first organization keeps the defaults.
    expect((await call(t, as(), 'GET', '/api/channel-health/settings')).body.overrides).toEqual({});
  });

  it('another organization gets 404 for the account', async () => {
    const response = await call(t, as(other), 'GET', `/api/channel-accounts/${org.sandboxAccountId}/sending-health`);
    expect(response.status).toBe(404);
  });
});
