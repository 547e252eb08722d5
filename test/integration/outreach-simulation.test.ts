import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { createJobRunner } from '../../src/app/runtime.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { JobRunner } from '../../src/platform/jobs/job-runner.ts';
import { findOrCreateConversation } from '../../src/modules/conversations/index.ts';
import { queueOutboundMessage, type OutboundOrigin } from '../../src/modules/outreach/index.ts';

/**
 * One account, every feature sending through it, two job processes (two connection pools, two job runners) and a
 * manual clock over three days (on PGlite the two runners share its one in-process database). The account: daily cap 50, hourly cap 20, pace 5 s. Running at once: a campaign of
 * 500, reactivation offers and re-engagement messages handed to outreach early in the morning (in quiet hours),
 * autopilot answers (one late at night) and a person's replies (one at night, the rest during the campaign's busiest
 * minutes). Checked against what the channel received: never more than the caps per day and hour, no two sends
 * closer than the pace, no automated send in quiet hours (09:00–21:00 by default), a person's reply out within one
 * pace interval; and the health card, the campaigns' agents list and the outreach statistics say the same numbers.
 */

const TZ = 'Asia/Bishkek';
// Later than the machine's date: jobs other modules enqueue without a time are due at the database's now().
const DAY0 = DateTime.fromISO('2030-03-04T00:00', { zone: TZ });
const DAYS = 3;
const PACE_MS = 5000;
const HOUR_CAP = 20;
const DAY_CAP = 50;
const clock = new ManualClock(DAY0.toJSDate());

let t: TestApp;
let org: TestOrg;
let token = '';
let runners: JobRunner<AppContext>[] = [];
const auth = () => ({ token });

interface ScriptedEvent {
  at: Date;
  origin: OutboundOrigin;
  conversationId: string;
  /** Set when fired: the message outreach wrote. */
  messageId?: string;
}
const script: ScriptedEvent[] = [];
/** Manual replies: when the person pressed send (message id → time). */
const manualPostedAt = new Map<string, number>();

const local = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return DAY0.plus({ days: day }).set({ hour: h, minute: m }).toJSDate();
};

async function tick() {
  await Promise.all(runners.map((r) => r.runOnce()));
}

async function fire(event: ScriptedEvent) {
  if (event.origin === 'manual') {
    const posted = await call(t, auth(), 'POST', `/api/conversations/${event.conversationId}/messages`, { body: 'Да, конечно, ждём вас' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    manualPostedAt.set(posted.body.id, clock.now().getTime());
    event.messageId = posted.body.id;
    return;
  }
  // What each feature's sender hands to outreach: the message, the conversation, its origin.
  const message = await queueOutboundMessage(t.ctx.db, org.organizationId, { conversationId: event.conversationId, body: `${event.origin} message`, authorUserId: null, origin: event.origin }, clock.now());
  event.messageId = message.id;
}

/** When a scripted message may first go: a person's at once, an automated one at the next opening of 09:00–21:00. */
function releaseAt(event: ScriptedEvent): number {
  const at = DateTime.fromJSDate(event.at, { zone: TZ });
  if (event.origin === 'manual' || (at.hour >= 9 && at.hour < 21)) return at.toMillis();
  return (at.hour < 9 ? at : at.plus({ days: 1 })).set({ hour: 9, minute: 0 }).toMillis();
}

/** Replies that may go now: a person's always, the autopilot's outside quiet hours. */
async function pendingReplies(quiet: boolean): Promise<number> {
  const origins = quiet ? ['manual'] : ['manual', 'autopilot'];
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM messages WHERE organization_id = ${org.organizationId} AND direction = 'outbound'
      AND status IN ('queued', 'sending') AND metadata ->> 'origin' = ANY(${origins}::text[])`.execute(t.ctx.db);
  return row.rows[0]!.n;
}

async function budgetNow() {
  const row = await t.ctx.db.selectFrom('account_send_budget').selectAll().where('channel_account_id', '=', org.sandboxAccountId).executeTakeFirst();
  return row;
}

interface Delivery {
  at: number;
  origin: string;
  messageId: string;
}

async function deliveries(): Promise<Delivery[]> {
  const rows = await sql<{ created_at: Date; origin: string | null; id: string }>`
    SELECT d.created_at, m.metadata ->> 'origin' AS origin, m.id FROM sandbox_deliveries d
    JOIN messages m ON m.id::text = d.client_ref
    WHERE d.channel_account_id = ${org.sandboxAccountId} ORDER BY d.created_at`.execute(t.ctx.db);
  return rows.rows.map((r) => ({ at: new Date(r.created_at).getTime(), origin: r.origin ?? 'manual', messageId: r.id }));
}

/** The three places that show the account's sends today agree with each other and with what the channel received. */
async function expectSameNumbers() {
  const [health, agents, stats, all] = await Promise.all([
    call(t, auth(), 'GET', `/api/channel-accounts/${org.sandboxAccountId}/sending-health`),
    call(t, auth(), 'GET', '/api/campaigns/agents'),
    call(t, auth(), 'GET', '/api/outreach/stats'),
    deliveries(),
  ]);
  const dayStart = DateTime.fromJSDate(clock.now(), { zone: TZ }).startOf('day').toMillis();
  const received = all.filter((d) => d.at >= dayStart).length;
  const agent = agents.body.items.find((a: { id: string }) => a.id === org.sandboxAccountId);
  const stat = stats.body.items.find((a: { accountId: string }) => a.accountId === org.sandboxAccountId);
  expect(health.body.today.sent).toBe(received);
  expect(agent.sentToday).toBe(received);
  expect(stat.sentToday).toBe(received);
  expect(agent.todayAllowance).toBe(stat.remainingToday);
  return received;
}

beforeAll(async () => {
  t = await createTestApp({ clock, config: { CAMPAIGNS_PACE_LOOKAHEAD_MS: 0 } });
  org = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ }).where('id', '=', org.organizationId).execute();
  // An API token: a login session would expire over the days of the clock.
  const issued = await call(t, { cookie: org.cookie }, 'POST', '/api/tokens', { name: 'simulation', role: 'admin' });
  token = issued.body.secret;
  const limits = await call(t, auth(), 'PUT', `/api/campaigns/agents/${org.sandboxAccountId}/limits`, { paceSeconds: 5, hourlyCap: HOUR_CAP, dailyCap: DAY_CAP, warmup: null });
  expect(limits.status, JSON.stringify(limits.body)).toBe(200);

  // The campaign's 500 and 40 other clients for the other features.
  const contacts = await db
    .insertInto('contacts')
    .values(Array.from({ length: 540 }, (_, i) => ({ organization_id: org.organizationId, first_name: `K${i}`, display_name: `Client ${i}`, phone_e164: `+996555${String(i).padStart(6, '0')}` })))
    .returning(['id', 'phone_e164'])
    .execute();
  const created = await call(t, auth(), 'POST', '/api/campaigns', {
    name: 'Spring offer',
    channelAccountId: org.sandboxAccountId,
    targetAudience: { contactIds: contacts.slice(0, 500).map((c) => c.id) },
    steps: [{ content: 'Здравствуйте, {{ contact.first_name }}! Весной скидка на маникюр.' }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const started = await confirmedStart(t, auth(), created.body.id);
  expect(started.status, JSON.stringify(started.body)).toBe(200);

  const conversations: string[] = [];
  for (const contact of contacts.slice(500)) {
    const conversation = await findOrCreateConversation(db, org.organizationId, { channel: 'sandbox', channelAccountId: org.sandboxAccountId, externalChatId: `sandbox:${contact.phone_e164}` }, { contactId: contact.id });
    conversations.push(conversation.id);
  }
  let next = 0;
  const to = () => conversations[next++ % conversations.length]!;
  for (let day = 0; day < DAYS; day++) {
    // Reactivation offers and re-engagement messages, handed over before the window opens.
    for (const at of ['07:00', '07:10', '07:20']) script.push({ at: local(day, at), origin: 'reactivation', conversationId: to() });
    for (const at of ['08:30', '08:40']) script.push({ at: local(day, at), origin: 'reengagement', conversationId: to() });
    // A person answers during the campaign's busiest minutes, and once late at night (never held).
    for (const at of ['09:30', '10:00', '11:00']) script.push({ at: local(day, at), origin: 'manual', conversationId: to() });
    // Autopilot answers: one in the day, one late at night (held until the morning: the autopilot has no hours of its own).
    script.push({ at: local(day, '12:00'), origin: 'autopilot', conversationId: to() });
    script.push({ at: local(day, '22:30'), origin: 'autopilot', conversationId: to() });
  }
  // Day one's fifth reply: each day's replies fit the share of the daily cap cold outreach leaves them.
  script.push({ at: local(0, '23:15'), origin: 'manual', conversationId: to() });
  script.sort((a, b) => a.at.getTime() - b.at.getTime());

  // PostgreSQL: a second connection pool, as a second process has; PGlite is one in-process database, so the
  // second job runner shares it (claims still race through the same statements).
  const otherDb = t.testDb.kind === 'postgres' ? (await t.testDb.openAnother()).db : db;
  runners = [t.runner, createJobRunner({ ...t.ctx, db: otherDb })];
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('one outbound path: every feature on one account for three days', () => {
  it('keeps to the caps, the pace and the quiet hours; a person’s reply is never starved; every view says the same numbers', async () => {
    const end = DAY0.plus({ days: DAYS }).toMillis();
    let scripted = 0;
    const dailyTotals: number[] = [];
    let nextDayCheck = DAY0.plus({ days: 1 }).minus({ minutes: 1 }).toMillis();
    while (clock.now().getTime() < end) {
      const now = clock.now().getTime();
      while (scripted < script.length && script[scripted]!.at.getTime() <= now) await fire(script[scripted++]!);
      await tick();
      if (now >= nextDayCheck) {
        dailyTotals.push(await expectSameNumbers());
        nextDayCheck += 86_400_000;
      }
      // Step by the pace while anything can go out; otherwise on to the next hour or the next scripted event.
      const localNow = DateTime.fromJSDate(clock.now(), { zone: TZ });
      const budget = await budgetNow();
      const hourUsed = budget?.hour_start && new Date(budget.hour_start).getTime() === localNow.startOf('hour').toMillis() ? budget.hour_count : 0;
      const dayUsed = budget?.day_start && new Date(budget.day_start).getTime() === localNow.startOf('day').toMillis() ? budget.day_count : 0;
      const quiet = localNow.hour < 9 || localNow.hour >= 21;
      const coldDone = quiet || hourUsed >= HOUR_CAP - 2 || dayUsed >= DAY_CAP - 5;
      const candidates = [localNow.startOf('hour').plus({ hours: 1 }).toMillis(), nextDayCheck, script[scripted]?.at.getTime() ?? end, end];
      if (coldDone && (await pendingReplies(quiet)) === 0) clock.set(new Date(Math.max(now + 1000, Math.min(...candidates))));
      else {
        // The account's next free slot is the next moment anything may go (an earlier send would break the pace the
        // checks below measure); while it is free, a second.
        const slot = budget ? new Date(budget.next_slot_at).getTime() : 0;
        clock.set(new Date(Math.max(now + 1000, Math.min(slot, ...candidates))));
      }
    }

    const sent = await deliveries();
    // Every scripted message went out once — except what quiet hours hold past the end (the last night's autopilot
    // answer waits for 09:00 of the fourth day) — and the campaign sent the rest of each day's allowance.
    const due = script.filter((e) => releaseAt(e) < end);
    for (const origin of ['reactivation', 'reengagement', 'manual', 'autopilot'] as const) {
      expect(sent.filter((d) => d.origin === origin).map((d) => d.messageId).sort()).toEqual(due.filter((e) => e.origin === origin).map((e) => e.messageId).sort());
    }
    const held = script.filter((e) => releaseAt(e) >= end);
    expect(held.map((e) => e.origin)).toEqual(['autopilot']);
    for (const event of held) {
      const job = await t.ctx.db.selectFrom('jobs').select(['status', 'run_at']).where('job_key', '=', `dispatch:${event.messageId}`).executeTakeFirstOrThrow();
      expect(job.status).toBe('pending');
      expect(new Date(job.run_at).getTime()).toBe(releaseAt(event));
    }
    expect(new Set(sent.map((d) => d.messageId)).size).toBe(sent.length);
    expect(sent.filter((d) => d.origin === 'campaign').length).toBeGreaterThan(100);

    // Caps per day and per hour (the organization's day), the pace between any two sends.
    const perDay = new Map<string, number>();
    const perHour = new Map<string, number>();
    for (const d of sent) {
      const at = DateTime.fromMillis(d.at, { zone: TZ });
      perDay.set(at.toISODate()!, (perDay.get(at.toISODate()!) ?? 0) + 1);
      const hour = at.startOf('hour').toISO()!;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(DAY_CAP);
    expect(Math.max(...perHour.values())).toBeLessThanOrEqual(HOUR_CAP);
    expect([...perDay.values()]).toEqual(dailyTotals);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(PACE_MS);

    // No automated send in quiet hours (09:00–21:00 local; the contacts have no zone of their own).
    const automatedAtNight = sent.filter((d) => d.origin !== 'manual' && (DateTime.fromMillis(d.at, { zone: TZ }).hour < 9 || DateTime.fromMillis(d.at, { zone: TZ }).hour >= 21));
    expect(automatedAtNight).toEqual([]);

    // A person's reply waits at most one pace interval, at night and in the campaign's busiest minutes alike.
    for (const [messageId, postedAt] of manualPostedAt) {
      const delivery = sent.find((d) => d.messageId === messageId)!;
      expect(delivery.at - postedAt).toBeLessThanOrEqual(PACE_MS);
    }
    expect(manualPostedAt.size).toBe(script.filter((e) => e.origin === 'manual').length);
  }, 600_000);
});
