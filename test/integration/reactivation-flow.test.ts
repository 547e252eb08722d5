import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, login, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { insertVisits } from '../helpers/booking-visits.ts';

/**
 * The sending half of reactivation end to end on the sandbox channel, in a salon in Bishkek on Monday 4 March 2030:
 * the daily queue (review, approve, skip, edit, idempotent), sends inside the window through the outbound path,
 * replies read by the offline rules and acted on — booking the chosen slot in the calendar, a taken slot, a decline,
 * an opt-out — and the seven edge cases of seed 003 part 4, each on its own client.
 */

const TZ = 'Asia/Bishkek';
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();
// Later than the machine's own date, so messages queued at the database's now() are dispatched on this clock.
const clock = new ManualClock(at('2030-03-04', '09:00'));

let t: TestApp;
let org: TestOrg;
const auth = () => ({ cookie: org.cookie });
const ids: Record<string, string> = {};
const phones: Record<string, string> = {};

type Attempt = { id: string; contact: { id: string; name: string }; service: { id: string; name: string }; status: string; slots: Array<{ start: string; staffId: string; staffName: string }>; message: string; replyClass: string | null; bookedAppointmentId: string | null; reason: string | null; bookedDirectly: boolean; revenue: number | null; discountPercent: number; attemptNumber: number; conversationId: string | null };

const CLIENTS = [
  // key, name, staff, local hour of their visits
  ['picks', 'Алия', 'dinara', '11:00'],
  ['yes', 'Бермет', 'dinara', '15:00'],
  ['taken', 'Гульнара', 'dinara', '12:00'],
  ['declines', 'Диана', 'aibek', '16:00'],
  ['stops', 'Жибек', 'aibek', '13:00'],
  ['service', 'Зарина', 'dinara', '14:00'],
  ['staff', 'Индира', 'dinara', '17:00'],
  ['holiday', 'Камила', 'aibek', '11:00'],
  ['direct', 'Лейла', 'aibek', '12:00'],
  ['outreach', 'Мээрим', 'aibek', '15:00'],
  ['prefs', 'Нургуль', 'dinara', '11:00'],
  ['skipped', 'Света', 'aibek', '18:00'],
] as const;

async function clientSays(key: string, text: string) {
  clock.advance(60_000);
  const response = await call(t, auth(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text, from: { phone: phones[key] } });
  expect(response.status).toBeLessThan(300);
  await settle();
}

async function settle() {
  clock.advance(1000);
  await t.runner.runUntilIdle();
  await t.runner.runUntilIdle();
}

async function attemptOf(key: string): Promise<Attempt & { replies: Array<{ intent: string; action: string; replyClass: string }> }> {
  const list = await call(t, auth(), 'GET', `/api/reactivation/attempts?contactId=${ids[key]}`);
  expect(list.status).toBe(200);
  const detail = await call(t, auth(), 'GET', `/api/reactivation/attempts/${list.body.items[0].id}`);
  return detail.body;
}

async function lastMessage(key: string): Promise<string> {
  const attempt = await attemptOf(key);
  const messages = await call(t, auth(), 'GET', `/api/conversations/${attempt.conversationId}/messages?limit=10`);
  return messages.body.items[0].body as string;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'ru' }).where('id', '=', org.organizationId).execute();
  const service = async (key: string, name: string, price: number) => {
    ids[key] = (await call(t, auth(), 'POST', '/api/booking/services', { name, durationMinutes: 60, price })).body.id;
  };
  await service('haircut', 'Стрижка', 1500);
  await service('pedicure', 'Педикюр', 1800);
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
  ids.dinara = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: hours, serviceIds: [ids.haircut, ids.pedicure] })).body.id;
  ids.aibek = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Айбек', workingHours: hours, serviceIds: [ids.haircut] })).body.id;
  let n = 0;
  for (const [key, name, staff, time] of CLIENTS) {
    n += 1;
    phones[key] = `+99670020${String(n).padStart(4, '0')}`;
    ids[key] = (await call(t, auth(), 'POST', '/api/contacts', { firstName: name, phone: phones[key] })).body.id;
    // Every 30 days, the last on 15 January: overdue by 16 days on 2 March.
    const visits = [0, 1, 2, 3].map((k) => DateTime.fromJSDate(at('2030-01-17', time), { zone: TZ }).minus({ days: 30 * k }).toJSDate());
    await insertVisits(db, { organizationId: org.organizationId, contactId: ids[key]!, serviceId: ids.haircut!, staffId: ids[staff]!, pricePaid: 1500 }, visits);
  }
  expect((await call(t, auth(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false })).status).toBe(200);
  const saved = await call(t, auth(), 'PUT', '/api/reactivation/settings', { isEnabled: true, messageCost: 10, channelAccountId: org.sandboxAccountId });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ dailyRunTime: '10:00', autoApprove: false, maxAttempts: 3, attemptSpacingDays: 7, attributionWindowDays: 14, timeZone: TZ });
});
afterAll(() => t?.close());

describe('the daily queue', () => {
  it('rejects bad settings naming the field', async () => {
    const bad = await call(t, auth(), 'PUT', '/api/reactivation/settings', { sendWindow: { start: '21:00', end: '09:00', daysOfWeek: [1] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.sendWindow.end');
    const account = await call(t, auth(), 'PUT', '/api/reactivation/settings', { channelAccountId: randomUUID() });
    expect(account.body.error.fields[0].field).toBe('body.channelAccountId');
    expect((await call(t, auth(), 'GET', '/api/reactivation/queue?date=2026-3-2')).body.error.fields[0].field).toBe('query.date');
  });

  it('forms today’s queue once: offers for review with three ranked slots and a template message', async () => {
    const run = await call(t, auth(), 'POST', '/api/reactivation/queue/run');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ date: '2030-03-04', created: CLIENTS.length });
    const again = await call(t, auth(), 'POST', '/api/reactivation/queue/run');
    expect(again.body).toEqual(run.body);
    const queue = await call(t, auth(), 'GET', '/api/reactivation/queue');
    expect(queue.body.date).toBe('2030-03-04');
    const items = queue.body.items as Attempt[];
    expect(items).toHaveLength(CLIENTS.length);
    for (const item of items) {
      expect(item).toMatchObject({ status: 'pending_review', attemptNumber: 1, discountPercent: 0, messageSource: 'template', service: { name: 'Стрижка' } });
      expect(item.slots).toHaveLength(3);
      expect(item.message).toContain(item.contact.name);
      for (const slot of item.slots) expect(item.message).toContain(DateTime.fromISO(slot.start, { zone: TZ }).toFormat('HH:mm'));
    }
    // Dinara's clients are offered Dinara first (60 % of the score is the master).
    const picks = items.find((i) => i.contact.id === ids.picks)!;
    expect(picks.slots[0]!.staffName).toBe('Динара');
    // No slot is offered to two clients while others are free.
    const keys = items.flatMap((i) => i.slots.map((s) => `${s.staffId}${s.start}`));
    expect(new Set(keys).size).toBe(keys.length);
    const campaigns = await call(t, auth(), 'GET', '/api/reactivation/campaigns');
    expect(campaigns.body.items[0]).toMatchObject({ id: run.body.campaignId, date: '2030-03-04', trigger: 'manual', created: CLIENTS.length, counts: { pending_review: CLIENTS.length } });
  });

  it('skips, edits and approves; sends only inside the window, once, through the conversation', async () => {
    const queue = (await call(t, auth(), 'GET', '/api/reactivation/queue')).body.items as Attempt[];
    const skipped = queue.find((i) => i.contact.id === ids.skipped)!;
    expect((await call(t, auth(), 'POST', `/api/reactivation/attempts/${skipped.id}/skip`)).body.status).toBe('skipped');
    const edited = queue.find((i) => i.contact.id === ids.picks)!;
    const patched = await call(t, auth(), 'PATCH', `/api/reactivation/attempts/${edited.id}`, { message: `${edited.message} Ждём вас!` });
    expect(patched.body.message).toMatch(/Ждём вас!$/);
    expect((await call(t, auth(), 'PATCH', `/api/reactivation/attempts/${edited.id}`, { message: '' })).body.error.fields[0].field).toBe('body.message');
    for (const item of queue) {
      if (item.id === skipped.id) continue;
      if (item.contact.id === ids.outreach) continue; // approved after joining another campaign, below
      const approved = await call(t, auth(), 'POST', `/api/reactivation/attempts/${item.id}/approve`, {});
      expect(approved.body.status).toBe('approved');
    }
    // 09:00: nothing goes before the window opens at 10:00.
    await settle();
    expect((await attemptOf('picks')).status).toBe('approved');
    for (let hour = 10; hour <= 19; hour++) {
      clock.set(at('2030-03-04', `${hour}:30`));
      await settle();
    }
    const sent = (await call(t, auth(), 'GET', '/api/reactivation/attempts?status=sent')).body.items as Attempt[];
    expect(sent).toHaveLength(CLIENTS.length - 2);
    for (const item of sent) {
      const messages = await call(t, auth(), 'GET', `/api/conversations/${item.conversationId}/messages`);
      expect(messages.body.items).toHaveLength(1);
      expect(messages.body.items[0]).toMatchObject({ direction: 'outbound', body: item.message, status: 'sent' });
    }
    expect((await lastMessage('picks')).endsWith('Ждём вас!')).toBe(true);
    // A sent offer can no longer be changed or skipped.
    const late = await call(t, auth(), 'POST', `/api/reactivation/attempts/${edited.id}/skip`);
    expect(late.status).toBe(422);
    // The skipped client's reactivation closed; the detector does not take them again until they visit.
    expect((await attemptOf('skipped')).status).toBe('skipped');
  });
});

describe('responses', () => {
  it('books the slot the client picks, in the calendar, and confirms', async () => {
    const offer = await attemptOf('picks');
    await clientSays('picks', 'Давайте второй');
    const after = await attemptOf('picks');
    expect(after).toMatchObject({ status: 'booked', replyClass: 'positive', revenue: 1500 });
    const appointment = await call(t, auth(), 'GET', `/api/booking/appointments/${after.bookedAppointmentId}`);
    expect(appointment.body).toMatchObject({ contactId: ids.picks, serviceId: ids.haircut, staffId: offer.slots[1]!.staffId, startAt: offer.slots[1]!.start, status: 'booked', source: 'reactivation' });
    expect(await lastMessage('picks')).toContain('Записали вас');
    expect(after.replies[0]).toMatchObject({ intent: 'book', action: 'booked slot 2', replyClass: 'positive' });
  });

  it('asks which slot on a bare “да”, then books by the time named', async () => {
    await clientSays('yes', 'Да');
    expect((await attemptOf('yes')).status).toBe('replied');
    expect(await lastMessage('yes')).toContain('Какое время вам удобно');
    const offer = await attemptOf('yes');
    const time = DateTime.fromISO(offer.slots[2]!.start, { zone: TZ }).toFormat('HH:mm');
    const day = DateTime.fromISO(offer.slots[2]!.start, { zone: TZ }).setLocale('ru').toFormat('cccc');
    await clientSays('yes', `${day}, ${time}`);
    const after = await attemptOf('yes');
    expect(after.status).toBe('booked');
    expect((await call(t, auth(), 'GET', `/api/booking/appointments/${after.bookedAppointmentId}`)).body.startAt).toBe(offer.slots[2]!.start);
  });

  it('offers the next free slots when the chosen one was just taken', async () => {
    const offer = await attemptOf('taken');
    const first = offer.slots[0]!;
    const other = await call(t, auth(), 'POST', '/api/contacts', { firstName: 'Walk-in', phone: '+996700299999' });
    expect((await call(t, auth(), 'POST', '/api/booking/appointments', { contactId: other.body.id, serviceId: ids.haircut, staffId: first.staffId, startAt: first.start })).status).toBe(201);
    await clientSays('taken', 'первый');
    const after = await attemptOf('taken');
    expect(after.status).toBe('replied');
    expect(after.slots.some((s) => s.start === first.start && s.staffId === first.staffId)).toBe(false);
    expect(await lastMessage('taken')).toContain('только что заняли');
    await clientSays('taken', 'первый');
    const booked = await attemptOf('taken');
    expect(booked.status).toBe('booked');
    expect((await call(t, auth(), 'GET', `/api/booking/appointments/${booked.bookedAppointmentId}`)).body.startAt).toBe(after.slots[0]!.start);
  });

  it('closes on a decline, and opts the client out on “стоп”', async () => {
    await clientSays('declines', 'Нет, спасибо, не интересно');
    expect(await attemptOf('declines')).toMatchObject({ status: 'declined', replyClass: 'negative' });
    await clientSays('stops', 'Стоп');
    expect(await attemptOf('stops')).toMatchObject({ status: 'opted_out', replyClass: 'negative' });
    const contact = await call(t, auth(), 'GET', `/api/contacts/${ids.stops}`);
    expect(contact.body.optedOut).toBe(true);
  });
});

describe('the seven edge cases of seed 003', () => {
  it('1. another service requested: slots of that service are offered and booked', async () => {
    await clientSays('service', 'А можно лучше на педикюр?');
    const offer = await attemptOf('service');
    expect(offer).toMatchObject({ status: 'replied', service: { name: 'Педикюр' }, reason: expect.stringContaining('Педикюр') });
    expect(offer.slots.every((s) => s.staffName === 'Динара')).toBe(true);
    expect(await lastMessage('service')).toContain('Педикюр');
    await clientSays('service', '1');
    const booked = await attemptOf('service');
    expect(booked).toMatchObject({ status: 'booked', revenue: 1800 });
    expect((await call(t, auth(), 'GET', `/api/booking/appointments/${booked.bookedAppointmentId}`)).body.serviceId).toBe(ids.pedicure);
  });

  it('2. another staff member wanted: only that master’s slots', async () => {
    const before = await attemptOf('staff');
    expect(before.slots[0]!.staffName).toBe('Динара');
    await clientSays('staff', 'А можно к Айбеку?');
    const offer = await attemptOf('staff');
    expect(offer.status).toBe('replied');
    expect(offer.slots.length).toBeGreaterThan(0);
    expect(offer.slots.every((s) => s.staffName === 'Айбек')).toBe(true);
    expect(await lastMessage('staff')).toContain('Айбек');
  });

  it('3. temporarily away (holiday): postponed, the next attempt waits until then', async () => {
    await clientSays('holiday', 'Я в отпуске, напишите через 3 недели');
    const offer = await attemptOf('holiday');
    expect(offer).toMatchObject({ status: 'replied', replyClass: 'neutral', reason: expect.stringContaining('postponed 21 days') });
    const campaign = await t.ctx.db.selectFrom('reactivation_campaigns').selectAll().where('contact_id', '=', ids.holiday!).executeTakeFirstOrThrow();
    expect(campaign.status).toBe('responded');
    expect(Math.round((campaign.next_attempt_at!.getTime() - clock.now().getTime()) / 86_400_000)).toBe(21);
  });

  it('4. already booked directly: the booking is attributed to the offer', async () => {
    const offer = await attemptOf('direct');
    const booking = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId: ids.direct, serviceId: ids.haircut, staffId: ids.aibek, startAt: at('2030-03-09', '16:00').toISOString() });
    expect(booking.status).toBe(201);
    await settle();
    const after = await attemptOf('direct');
    expect(after).toMatchObject({ id: offer.id, status: 'booked', bookedDirectly: true, bookedAppointmentId: booking.body.id, revenue: 1500 });
    const campaign = await t.ctx.db.selectFrom('reactivation_campaigns').select('status').where('contact_id', '=', ids.direct!).executeTakeFirstOrThrow();
    expect(campaign.status).toBe('booked_direct');
  });

  it('5. several active campaigns: an offer to a client who joined an outreach campaign is not sent', async () => {
    const campaign = await call(t, auth(), 'POST', '/api/campaigns', { name: 'Spring promo', channelAccountId: org.sandboxAccountId, targetAudience: { contactIds: [ids.outreach] }, steps: [{ content: 'Spring promo' }] });
    expect(campaign.status).toBeLessThan(300);
    expect((await confirmedStart(t, auth(), campaign.body.id)).status).toBeLessThan(300);
    clock.set(at('2030-03-05', '10:30'));
    const offer = await attemptOf('outreach');
    const approved = await call(t, auth(), 'POST', `/api/reactivation/attempts/${offer.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved' });
    await settle();
    const after = await attemptOf('outreach');
    expect(after.status).toBe('skipped');
    expect(after.reason).toContain('another active campaign');
  });

  it('7. preferences changed in the dialog: Saturday evenings offered, kept for later attempts', async () => {
    await clientSays('prefs', 'Мне теперь удобнее по субботам вечером');
    const offer = await attemptOf('prefs');
    expect(offer.status).toBe('replied');
    expect(offer.slots.length).toBeGreaterThan(0);
    for (const slot of offer.slots) {
      const local = DateTime.fromISO(slot.start, { zone: TZ });
      expect(local.weekday).toBe(6);
      expect(local.hour).toBeGreaterThanOrEqual(17);
    }
    const campaign = await t.ctx.db.selectFrom('reactivation_campaigns').select('preferences').where('contact_id', '=', ids.prefs!).executeTakeFirstOrThrow();
    expect((campaign.preferences as { overrides: unknown }).overrides).toEqual({ timeOfDay: 'evening', weekdays: [6] });
  });

  it('6. the sending account is banned: held with none left, sent from another account when there is one', async () => {
    // A client who comes into the queue the next week, while the only account is paused.
    const key = 'banned';
    phones[key] = '+996700209999';
    ids[key] = (await call(t, auth(), 'POST', '/api/contacts', { firstName: 'Эльвира', phone: phones[key] })).body.id;
    const visits = [0, 1, 2].map((k) => DateTime.fromJSDate(at('2030-02-03', '12:00'), { zone: TZ }).minus({ days: 30 * k }).toJSDate());
    await insertVisits(t.ctx.db, { organizationId: org.organizationId, contactId: ids[key]!, serviceId: ids.haircut!, staffId: ids.aibek!, pricePaid: 1500 }, visits);
    expect((await call(t, auth(), 'PATCH', `/api/channel-accounts/${org.sandboxAccountId}`, { status: 'paused' })).status).toBe(200);
    const health = await call(t, auth(), 'GET', '/api/reactivation/account-health');
    expect(health.body.items[0]).toMatchObject({ accountId: org.sandboxAccountId, status: 'paused', usedForReactivation: false });
    await call(t, auth(), 'PUT', '/api/reactivation/settings', { autoApprove: true });
    clock.set(at('2030-03-11', '10:00'));
    await settle(); // the scheduler runs Monday's queue at 10:00
    const offer = await attemptOf(key);
    expect(offer.status).toBe('scheduled');
    expect(offer.reason).toContain('held');
    // A second account appears: the held offer goes out from it at the next try.
    const backup = await call(t, auth(), 'POST', '/api/channel-accounts', { channel: 'sandbox', name: 'Backup' });
    expect(backup.status).toBe(201);
    clock.advance(61 * 60_000);
    await settle();
    const sent = await attemptOf(key);
    expect(sent.status).toBe('sent');
    expect(sent.reason).toContain('Backup');
    const runs = await call(t, auth(), 'GET', '/api/reactivation/campaigns');
    expect(runs.body.items[0]).toMatchObject({ date: '2030-03-11', trigger: 'schedule' });
  });
});

describe('follow-ups and statistics', () => {
  it('stats count each sent offer once with its outcome', async () => {
    const stats = await call(t, auth(), 'GET', '/api/reactivation/stats?from=2030-03-01&to=2030-03-31');
    expect(stats.status).toBe(200);
    // Sent: 10 on 4 March (12 − skipped − outreach) + 1 on 11 March.
    expect(stats.body).toMatchObject({ sent: 11, booked: 5, bookedDirectly: 1, optedOut: 1, cost: 110 });
    expect(stats.body.revenue).toBe(1500 + 1500 + 1500 + 1800 + 1500);
    expect(stats.body.roi).toBe(Math.round((7800 / 110) * 100) / 100);
    const analytics = await call(t, auth(), 'GET', '/api/reactivation/analytics?from=2030-03-01&to=2030-03-31&interval=week');
    expect(analytics.body.targets).toEqual({ conversionRate: 0.15, responseRate: 0.3, roi: 3, optOutRate: 0.05 });
    expect(analytics.body.series.reduce((n: number, s: { sent: number }) => n + s.sent, 0)).toBe(11);
    expect((await call(t, auth(), 'GET', '/api/reactivation/stats?from=2030-03-31&to=2030-03-01')).body.error.fields[0].field).toBe('query.to');
  });
});

describe('limits, failures and the booking system sync (a second salon)', () => {
  let other: TestOrg;
  const as2 = () => ({ cookie: other.cookie });
  const otherIds: Record<string, string> = {};

  async function seed(count: number) {
    const { db } = t.ctx;
    await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'en' }).where('id', '=', other.organizationId).execute();
    otherIds.haircut = (await call(t, as2(), 'POST', '/api/booking/services', { name: 'Haircut', durationMinutes: 60, price: 1000 })).body.id;
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
    otherIds.staff = (await call(t, as2(), 'POST', '/api/booking/staff', { name: 'Kate', workingHours: hours, serviceIds: [otherIds.haircut] })).body.id;
    for (let i = 0; i < count; i++) {
      const id = (await call(t, as2(), 'POST', '/api/contacts', { firstName: `Client${i}`, phone: `+99670050${String(i).padStart(4, '0')}` })).body.id;
      const visits = [0, 1, 2, 3].map((k) => DateTime.fromJSDate(at('2030-02-03', '12:00'), { zone: TZ }).minus({ days: 30 * k }).toJSDate());
      await insertVisits(db, { organizationId: other.organizationId, contactId: id, serviceId: otherIds.haircut!, staffId: otherIds.staff!, pricePaid: 1000 }, visits);
    }
    expect((await call(t, as2(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false })).status).toBe(200);
  }

  it('takes no more clients than the sending account may still send today; English template', async () => {
    clock.set(at('2030-03-12', '09:00'));
    other = await createTestOrg(t);
    await seed(5);
    expect((await call(t, as2(), 'PUT', `/api/campaigns/agents/${other.sandboxAccountId}/limits`, { dailyCap: 3 })).status).toBe(200);
    const health = await call(t, as2(), 'GET', '/api/reactivation/account-health');
    expect(health.body.items[0]).toMatchObject({ accountId: other.sandboxAccountId, remainingToday: 3, usedForReactivation: true });
    const run = await call(t, as2(), 'POST', '/api/reactivation/queue/run');
    expect(run.body.created).toBe(3);
    const queue = (await call(t, as2(), 'GET', '/api/reactivation/queue')).body.items as Attempt[];
    expect(queue[0]!.message).toMatch(/^Hello, Client\d! We have not seen you at Org /);
    expect(queue[0]!.message).toContain('with Kate');
  });

  it('an offer the channel refuses is failed and not counted as sent', async () => {
    const queue = (await call(t, as2(), 'GET', '/api/reactivation/queue')).body.items as Attempt[];
    expect((await call(t, as2(), 'PATCH', `/api/channel-accounts/${other.sandboxAccountId}`, { settings: { failMode: 'recipient_invalid' } })).status).toBe(200);
    await call(t, as2(), 'POST', `/api/reactivation/attempts/${queue[0]!.id}/approve`);
    clock.set(at('2030-03-12', '10:30'));
    await settle();
    await settle();
    const failed = (await call(t, as2(), 'GET', `/api/reactivation/attempts/${queue[0]!.id}`)).body;
    expect(failed.status).toBe('failed');
    const stats = await call(t, as2(), 'GET', '/api/reactivation/stats?from=2030-03-12&to=2030-03-12');
    expect(stats.body.sent).toBe(0);
  });

  it('a confirmation the channel refuses leaves the booking and tells the team to write by hand', async () => {
    const queue = (await call(t, as2(), 'GET', '/api/reactivation/queue')).body.items as Attempt[];
    const offer = queue[1]!;
    expect((await call(t, as2(), 'PATCH', `/api/channel-accounts/${other.sandboxAccountId}`, { settings: { failMode: 'none' } })).status).toBe(200);
    const approved = (await call(t, as2(), 'POST', `/api/reactivation/attempts/${offer.id}/approve`)).body as Attempt & { scheduledAt: string | null };
    if (approved.scheduledAt && new Date(approved.scheduledAt) > clock.now()) clock.set(new Date(approved.scheduledAt));
    await settle();
    await settle();
    expect((await call(t, as2(), 'GET', `/api/reactivation/attempts/${offer.id}`)).body.status).toBe('sent');
    // The channel starts refusing; the client's "yes" still books, but its confirmation does not go out.
    expect((await call(t, as2(), 'PATCH', `/api/channel-accounts/${other.sandboxAccountId}`, { settings: { failMode: 'recipient_invalid' } })).status).toBe(200);
    clock.advance(10 * 60_000);
    const inbound = await call(t, as2(), 'POST', `/api/sandbox/${other.sandboxAccountId}/inbound`, { chatId: `sandbox:${(offer.contact as { phone?: string }).phone}`, text: 'Да, давайте первое время' });
    expect(inbound.status).toBe(201);
    await settle();
    await settle();
    expect((await call(t, as2(), 'GET', `/api/reactivation/attempts/${offer.id}`)).body.status).toBe('booked');
    const notifications = await call(t, as2(), 'GET', '/api/notifications?unread=true');
    const failed = notifications.body.items.find((n: { kind: string }) => n.kind === 'reactivation.message_failed');
    expect(failed).toMatchObject({ subjectType: 'conversation', link: expect.stringContaining('/conversations/') });
    expect(failed.body).toContain('write to the client yourself');
    expect((await call(t, as2(), 'PATCH', `/api/channel-accounts/${other.sandboxAccountId}`, { settings: { failMode: 'none' } })).status).toBe(200);
  });

  it('keeps a connected YClients synced from the scheduler', async () => {
    const saved = await call(t, as2(), 'PUT', '/api/booking/settings', { provider: 'yclients', yclients: { companyId: '4242', partnerToken: 'partner-token', userToken: 'user-token', baseUrl: 'http://127.0.0.1:9/api/v1' } });
    expect(saved.status).toBe(200);
    await call(t, as2(), 'PUT', '/api/reactivation/settings', { isEnabled: true });
    const { reactivationTick } = await import('../../src/modules/reactivation/index.ts');
    await reactivationTick(t.ctx);
    const jobs = await t.ctx.db.selectFrom('jobs').select(['task', 'status']).where('organization_id', '=', other.organizationId).where('task', '=', 'booking.sync').execute();
    expect(jobs).toHaveLength(1);
    // Within six hours, no second sync.
    clock.advance(60 * 60_000);
    await reactivationTick(t.ctx);
    expect(await t.ctx.db.selectFrom('jobs').select('id').where('organization_id', '=', other.organizationId).where('task', '=', 'booking.sync').execute()).toHaveLength(1);
    // The sync runs (this YClients address answers nothing, so it fails and says so); six hours on, the next one is asked for.
    await t.ctx.db.updateTable('jobs').set({ run_at: clock.now(), max_attempts: 1 }).where('organization_id', '=', other.organizationId).where('task', '=', 'booking.sync').execute();
    await t.runner.runUntilIdle();
    const afterRun = (await call(t, as2(), 'GET', '/api/booking/settings')).body.lastSync;
    expect(afterRun).toMatchObject({ status: 'failed' });
    expect(afterRun.requestedAt).toBeTruthy();
    clock.advance(6 * 60 * 60_000);
    await reactivationTick(t.ctx);
    expect(await t.ctx.db.selectFrom('jobs').select('id').where('organization_id', '=', other.organizationId).where('task', '=', 'booking.sync').execute()).toHaveLength(2);
  });
});

describe('later', () => {
  it('pages offers newest first with a cursor', async () => {
    const all = (await call(t, auth(), 'GET', '/api/reactivation/attempts?limit=200')).body.items as Attempt[];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Attempt[]; nextCursor: string | null } } = await call(t, auth(), 'GET', `/api/reactivation/attempts?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((a) => a.id));
    expect((await call(t, auth(), 'GET', '/api/reactivation/attempts?cursor=nonsense')).body.error.fields[0].field).toBe('query.cursor');
  });

  it('3 (continued). the client away on holiday gets the next attempt, with its discount, only after it', async () => {
    // The Monday run a week later left them alone.
    expect((await call(t, auth(), 'GET', `/api/reactivation/attempts?contactId=${ids.holiday}`)).body.items).toHaveLength(1);
    for (let hour = 10; hour <= 19; hour++) {
      clock.set(at('2030-03-26', `${hour}:30`));
      await settle();
    }
    // Three weeks on, the login session has expired.
    org.cookie = await login(t, org.email, org.password);
    const items = (await call(t, auth(), 'GET', `/api/reactivation/attempts?contactId=${ids.holiday}`)).body.items as Attempt[];
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ attemptNumber: 2, discountPercent: 10, status: 'sent' });
    expect(items[0]!.message).toContain('скидку 10%');
  });
});
