import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { insertVisits } from '../helpers/booking-visits.ts';

/**
 * A simulated salon over 90 days on the controllable clock. 24 regulars come every 28 days; client i's last visit
 * puts them due on day 2i. The scheduler runs the queue every morning at 10:00 (auto-approve), offers go out inside
 * the window (10:00–20:00, Monday–Saturday) and clients answer two hours later by a script of six behaviours:
 *   0 picks the first slot · 1 declines · 2 asks a question, then takes the second slot of the next (discounted)
 *   offer · 3 opts out · 4 never answers · 5 books by phone the next morning (attributed to the offer).
 * Booked visits take place (the appointment is completed), so those clients come due again 28 days later.
 * The script keeps its own ledger of what it did; the statistics and analytics must equal it exactly.
 */

const TZ = 'Asia/Bishkek';
// A Monday. Later than the machine's own date: messages queued by other modules are dispatched at the database's now().
const DAY0 = DateTime.fromISO('2030-03-04T00:00', { zone: TZ });
const DAYS = 90;
const CLIENTS = 24;
const PRICE = 1500;
const clock = new ManualClock(DAY0.set({ hour: 8 }).toJSDate());

let t: TestApp;
let org: TestOrg;
// An API token: a login session would expire over 90 days of the clock.
let token = '';
const auth = () => (token ? { token } : { cookie: org.cookie });
const ids: Record<string, string> = {};

interface Client {
  index: number;
  id: string;
  phone: string;
  behaviour: number;
  staff: 'dinara' | 'aibek';
}
const clients: Client[] = [];
const byContact = new Map<string, Client>();

type Attempt = {
  id: string;
  contact: { id: string };
  status: string;
  attemptNumber: number;
  discountPercent: number;
  sentAt: string | null;
  scheduledAt: string | null;
  slots: Array<{ start: string; end: string; staffId: string; staffName: string }>;
  bookedAppointmentId: string | null;
};

/** What the script did and expects, per sent offer. */
interface Entry {
  attemptId: string;
  client: Client;
  sentAt: Date;
  reply: { text: string; at: Date } | null;
  replyClass: 'positive' | 'negative' | 'neutral' | null;
  expected: 'booked' | 'declined' | 'replied' | 'opted_out' | 'expired';
  booked: boolean;
  direct: boolean;
  revenue: number;
  optedOut: boolean;
}
const ledger = new Map<string, Entry>();
const directBookings: Array<{ client: Client; entry: Entry; on: string }> = [];
const firstOfferDay = new Map<string, string>();

async function allAttempts(status?: string): Promise<Attempt[]> {
  const out: Attempt[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Attempt[]; nextCursor: string | null } } = await call(t, auth(), 'GET', `/api/reactivation/attempts?limit=200${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    if (!page.body.items) throw new Error(JSON.stringify(page.body));
    out.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

function plan(entry: Entry, attempt: Attempt) {
  const replyAt = new Date(entry.sentAt.getTime() + 2 * 3_600_000);
  const b = entry.client.behaviour;
  if (b === 0) Object.assign(entry, { reply: { text: 'Давайте первый', at: replyAt }, replyClass: 'positive', expected: 'booked', booked: true, revenue: PRICE * (100 - attempt.discountPercent) / 100 });
  else if (b === 1) Object.assign(entry, { reply: { text: 'Нет, спасибо', at: replyAt }, replyClass: 'negative', expected: 'declined' });
  else if (b === 2 && attempt.attemptNumber === 1) Object.assign(entry, { reply: { text: 'А сколько сейчас стоит стрижка?', at: replyAt }, replyClass: 'neutral', expected: 'replied' });
  else if (b === 2) Object.assign(entry, { reply: { text: 'Давайте второй', at: replyAt }, replyClass: 'positive', expected: 'booked', booked: true, revenue: PRICE * (100 - attempt.discountPercent) / 100 });
  else if (b === 3) Object.assign(entry, { reply: { text: 'Стоп', at: replyAt }, replyClass: 'negative', expected: 'opted_out', optedOut: true });
  else if (b === 4) Object.assign(entry, { expected: 'expired' });
  else {
    Object.assign(entry, { expected: 'booked', booked: true, direct: true, revenue: PRICE });
    directBookings.push({ client: entry.client, entry, on: DateTime.fromJSDate(entry.sentAt, { zone: TZ }).plus({ days: 1 }).toISODate()! });
  }
}

async function settle() {
  // Each batch dispatches the outbox first, so jobs that events queue run in the same call.
  await t.runner.runUntilIdle();
}

/** Offers that went out since the last look: check them and plan the client's answer. */
async function observeSends() {
  // Observed within the hour of sending, before any answer: every new offer is still `sent`.
  for (const attempt of await allAttempts('sent')) {
    if (ledger.has(attempt.id)) continue;
    const client = byContact.get(attempt.contact.id)!;
    const sentAt = new Date(attempt.sentAt!);
    const local = DateTime.fromJSDate(sentAt, { zone: TZ });
    // Inside the window, Monday to Saturday.
    expect(local.weekday).toBeLessThanOrEqual(6);
    expect(local.hour).toBeGreaterThanOrEqual(10);
    expect(local.hour).toBeLessThan(20);
    // Sensible slots: three, ahead of the send, inside a week, in working hours, the client's master first.
    expect(attempt.slots).toHaveLength(3);
    for (const slot of attempt.slots) {
      const start = DateTime.fromISO(slot.start, { zone: TZ });
      expect(start.toMillis()).toBeGreaterThan(sentAt.getTime());
      expect(start.toMillis() - sentAt.getTime()).toBeLessThan(8 * 86_400_000);
      expect(start.hour).toBeGreaterThanOrEqual(10);
      expect(start.plus({ hours: 1 }).hour + start.plus({ hours: 1 }).minute / 60).toBeLessThanOrEqual(20);
    }
    expect(attempt.slots[0]!.staffId).toBe(ids[client.staff]);
    expect(attempt.discountPercent).toBe([0, 10][attempt.attemptNumber - 1]);
    if (attempt.attemptNumber === 1 && !firstOfferDay.has(client.id)) firstOfferDay.set(client.id, local.toISODate()!);
    const entry: Entry = { attemptId: attempt.id, client, sentAt, reply: null, replyClass: null, expected: 'expired', booked: false, direct: false, revenue: 0, optedOut: false };
    plan(entry, attempt);
    ledger.set(attempt.id, entry);
  }
}

async function deliverReplies() {
  const now = clock.now();
  for (const entry of ledger.values()) {
    if (!entry.reply || entry.reply.at > now || (entry as Entry & { delivered?: boolean }).delivered) continue;
    (entry as Entry & { delivered?: boolean }).delivered = true;
    const response = await call(t, auth(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: entry.reply.text, from: { phone: entry.client.phone }, sentAt: entry.reply.at.toISOString() });
    expect(response.status).toBeLessThan(300);
    await settle();
    const detail = await call(t, auth(), 'GET', `/api/reactivation/attempts/${entry.attemptId}`);
    // A slot taken meanwhile is offered again: the client takes the first of the new ones.
    if (entry.booked && detail.body.status === 'replied' && String(detail.body.reason).includes('taken')) {
      await call(t, auth(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'первый', from: { phone: entry.client.phone }, sentAt: new Date(entry.reply.at.getTime() + 60_000).toISOString() });
      await settle();
    }
  }
}

async function morning(day: DateTime) {
  // Yesterday's and earlier bookings took place.
  const { db } = t.ctx;
  const past = await db.selectFrom('booking_appointments').select('id').where('organization_id', '=', org.organizationId).where('status', '=', 'booked').where('end_at', '<=', clock.now()).execute();
  for (const appointment of past) expect((await call(t, auth(), 'POST', `/api/booking/appointments/${appointment.id}/complete`, {})).status).toBe(200);
  // Clients who phone the salon instead of answering.
  for (const direct of directBookings.filter((d) => d.on === day.toISODate())) {
    const from = clock.now();
    const free = await call(t, auth(), 'GET', `/api/booking/free-slots?serviceId=${ids.haircut}&staffId=${ids[direct.client.staff]}&from=${from.toISOString()}&to=${new Date(from.getTime() + 7 * 86_400_000).toISOString()}`);
    const slot = free.body.items[0];
    const booked = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId: direct.client.id, serviceId: ids.haircut, staffId: slot.staffId, startAt: slot.startAt });
    expect(booked.status).toBe(201);
  }
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  token = (await call(t, auth(), 'POST', '/api/tokens', { name: 'simulation', role: 'admin' })).body.secret;
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'ru' }).where('id', '=', org.organizationId).execute();
  ids.haircut = (await call(t, auth(), 'POST', '/api/booking/services', { name: 'Стрижка', durationMinutes: 60, price: PRICE })).body.id;
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
  ids.dinara = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: hours, serviceIds: [ids.haircut] })).body.id;
  ids.aibek = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Айбек', workingHours: hours, serviceIds: [ids.haircut] })).body.id;
  for (let i = 0; i < CLIENTS; i++) {
    const phone = `+9967003${String(i).padStart(5, '0')}`;
    const id = (await call(t, auth(), 'POST', '/api/contacts', { firstName: `Клиент${i}`, phone })).body.id as string;
    const client: Client = { index: i, id, phone, behaviour: i % 6, staff: i % 2 === 0 ? 'dinara' : 'aibek' };
    clients.push(client);
    byContact.set(id, client);
    const last = DAY0.minus({ days: 28 - 2 * i }).set({ hour: 11 + (i % 6) });
    const visits = [0, 1, 2, 3].map((k) => last.minus({ days: 28 * k }).toJSDate());
    await insertVisits(db, { organizationId: org.organizationId, contactId: id, serviceId: ids.haircut!, staffId: ids[client.staff]!, pricePaid: PRICE }, visits);
  }
  expect((await call(t, auth(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false })).status).toBe(200);
  const settings = await call(t, auth(), 'PUT', '/api/reactivation/settings', { isEnabled: true, autoApprove: true, maxAttempts: 2, attemptSpacingDays: 5, messageCost: 5, dailyRunTime: '10:00' });
  expect(settings.status).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('a salon over 90 days', () => {
  it('runs every day, and the analytics equal the script', async () => {
    for (let d = 0; d < DAYS; d++) {
      const day = DAY0.plus({ days: d });
      clock.set(day.set({ hour: 8 }).toJSDate());
      await morning(day);
      for (let hour = 10; hour <= 22; hour++) {
        clock.set(day.set({ hour }).toJSDate());
        await settle();
        await observeSends();
        await deliverReplies();
      }
    }

    // Clients come due during day 2i (after their visiting hour): the next morning's run takes them, and the offer
    // goes out that day — or on Monday when that morning is a Sunday, outside the window.
    for (const client of clients) {
      const run = DAY0.plus({ days: 2 * client.index + 1 });
      const expected = run.weekday === 7 ? run.plus({ days: 1 }) : run;
      expect(firstOfferDay.get(client.id), `client ${client.index}`).toBe(expected.toISODate());
    }

    // Each offer ended as the script says.
    const attempts = new Map((await allAttempts()).map((a) => [a.id, a]));
    for (const entry of ledger.values()) {
      const attempt = attempts.get(entry.attemptId)!;
      // The last offers of the period may still be waiting for their answer or their follow-up.
      const open = entry.expected === 'expired' && attempt.status === 'sent';
      if (!open) expect(attempt.status, `client ${entry.client.index} attempt ${attempt.attemptNumber}`).toBe(entry.expected);
    }

    const entries = [...ledger.values()];
    const sum = (f: (e: Entry) => number) => entries.reduce((n, e) => n + f(e), 0);
    const sent = entries.length;
    const replied = sum((e) => (e.reply ? 1 : 0));
    const booked = sum((e) => (e.booked ? 1 : 0));
    const optedOut = sum((e) => (e.optedOut ? 1 : 0));
    const revenue = sum((e) => e.revenue);
    const stats = await call(t, auth(), 'GET', `/api/reactivation/stats?from=${DAY0.toISODate()}&to=${DAY0.plus({ days: DAYS - 1 }).toISODate()}`);
    expect(stats.body).toEqual({
      from: DAY0.toISODate(),
      to: DAY0.plus({ days: DAYS - 1 }).toISODate(),
      sent,
      replied,
      positive: sum((e) => (e.replyClass === 'positive' ? 1 : 0)),
      negative: sum((e) => (e.replyClass === 'negative' ? 1 : 0)),
      neutral: sum((e) => (e.replyClass === 'neutral' ? 1 : 0)),
      optedOut,
      booked,
      bookedDirectly: sum((e) => (e.direct ? 1 : 0)),
      responseRate: Math.round((replied / sent) * 10_000) / 10_000,
      conversionRate: Math.round((booked / sent) * 10_000) / 10_000,
      optOutRate: Math.round((optedOut / sent) * 10_000) / 10_000,
      avgResponseMinutes: 120,
      revenue,
      cost: sent * 5,
      roi: Math.round((revenue / (sent * 5)) * 100) / 100,
    });
    // Enough happened for the figures to mean something: every behaviour, repeat visits, follow-ups.
    expect(sent).toBeGreaterThan(CLIENTS);
    expect(entries.some((e) => e.client.behaviour === 0 && entries.filter((x) => x.client === e.client).length > 1)).toBe(true);

    // Bookings landed in the calendar: one appointment per booked offer.
    const { db } = t.ctx;
    const viaOffer = await db.selectFrom('booking_appointments').select(['id', 'source']).where('organization_id', '=', org.organizationId).where('source', '=', 'reactivation').execute();
    expect(viaOffer).toHaveLength(sum((e) => (e.booked && !e.direct ? 1 : 0)));

    const analytics = await call(t, auth(), 'GET', `/api/reactivation/analytics?from=${DAY0.toISODate()}&to=${DAY0.plus({ days: DAYS - 1 }).toISODate()}&interval=week`);
    const series = analytics.body.series as Array<{ period: string; sent: number; replied: number; booked: number; optedOut: number; revenue: number }>;
    expect(series.reduce((n, s) => n + s.sent, 0)).toBe(sent);
    expect(series.reduce((n, s) => n + s.booked, 0)).toBe(booked);
    expect(series.reduce((n, s) => n + s.optedOut, 0)).toBe(optedOut);
    expect(Math.round(series.reduce((n, s) => n + s.revenue, 0) * 100) / 100).toBe(revenue);
    // Weekly buckets start on Mondays.
    for (const s of series) expect(DateTime.fromISO(s.period).weekday).toBe(1);
    // Per week, what the script sent that week.
    for (const s of series) {
      const start = DateTime.fromISO(s.period, { zone: TZ });
      const inWeek = entries.filter((e) => e.sentAt >= start.toJSDate() && e.sentAt < start.plus({ weeks: 1 }).toJSDate());
      expect(s.sent).toBe(inWeek.length);
      expect(s.replied).toBe(inWeek.filter((e) => e.reply).length);
    }
    const times = analytics.body.bestSendTimes as Array<{ weekday: number; hour: number; sent: number; replied: number }>;
    expect(times.reduce((n, x) => n + x.sent, 0)).toBe(sent);
    expect(analytics.body.byService).toEqual([{ serviceId: ids.haircut, serviceName: 'Стрижка', sent, replied, booked, revenue, conversionRate: Math.round((booked / sent) * 10_000) / 10_000 }]);
    const runs = await call(t, auth(), 'GET', '/api/reactivation/campaigns?limit=366');
    expect(runs.body.items).toHaveLength(DAYS);
    expect(runs.body.items.every((r: { trigger: string; status: string }) => r.trigger === 'schedule' && r.status === 'done')).toBe(true);
  }, 900_000);
});
