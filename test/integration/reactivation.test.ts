import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { insertVisits } from '../helpers/booking-visits.ts';

/**
 * A salon on Monday 2 March 2026, 10:00 in Bishkek. Haircut clients with different histories, a manicure client and
 * a service nobody has had; some overdue clients must be left alone (opted out, booked, in contact, in a campaign).
 */

const TZ = 'Asia/Bishkek';
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();
const clock = new ManualClock(at('2026-03-02', '10:00'));

let t: TestApp;
let org: TestOrg;
const auth = () => ({ cookie: org.cookie });
const ids: Record<string, string> = {};

async function contact(key: string, name: string, phone: string) {
  const response = await call(t, auth(), 'POST', '/api/contacts', { firstName: name, phone });
  ids[key] = response.body.id;
  return response.body.id as string;
}

async function visits(contactKey: string, serviceKey: string, staffKey: string, starts: Date[], price: number) {
  await insertVisits(t.ctx.db, { organizationId: org.organizationId, contactId: ids[contactKey]!, serviceId: ids[serviceKey]!, staffId: ids[staffKey]!, pricePaid: price }, starts);
}

const every = (last: Date, days: number, count: number) => Array.from({ length: count }, (_, k) => new Date(last.getTime() - (count - 1 - k) * days * 86_400_000));

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'ru' }).where('id', '=', org.organizationId).execute();
  const service = async (key: string, name: string, durationMinutes: number, price: number) => {
    ids[key] = (await call(t, auth(), 'POST', '/api/booking/services', { name, durationMinutes, price })).body.id;
  };
  await service('haircut', 'Стрижка', 60, 1500);
  await service('manicure', 'Маникюр', 60, 1200);
  await service('astro', 'Консультация астролога', 60, 3000);
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
  ids.dinara = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: hours, serviceIds: [ids.haircut, ids.manicure] })).body.id;
  ids.aibek = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Айбек', workingHours: hours, serviceIds: [ids.haircut] })).body.id;

  await contact('vip', 'Вера', '+996700100001');
  await visits('vip', 'haircut', 'dinara', every(at('2026-01-24', '18:00'), 28, 12), 1500);
  await contact('regular', 'Руслан', '+996700100002');
  await visits('regular', 'haircut', 'aibek', every(at('2026-01-10', '12:00'), 35, 4), 1000);
  await contact('fresh', 'Нина', '+996700100003');
  await visits('fresh', 'haircut', 'aibek', [at('2026-01-05', '11:00')], 1500);
  await contact('nails', 'Мадина', '+996700100004');
  await visits('nails', 'manicure', 'dinara', [at('2026-01-20', '15:00')], 1200);
  for (const [key, phone] of [
    ['optedOut', '+996700100005'],
    ['booked', '+996700100006'],
    ['recent', '+996700100007'],
    ['inCampaign', '+996700100008'],
    ['outreach', '+996700100009'],
  ] as const) {
    await contact(key, key, phone);
    await visits(key, 'haircut', 'aibek', every(at('2026-01-01', '12:00'), 30, 2), 1500);
  }
  await contact('notDue', 'Дина', '+996700100010');
  await visits('notDue', 'haircut', 'aibek', [at('2026-02-25', '12:00')], 1500);
  await contact('gone', 'Галина', '+996700100011');
  await visits('gone', 'haircut', 'aibek', [at('2025-01-01', '12:00')], 1500);

  await call(t, auth(), 'PATCH', `/api/contacts/${ids.optedOut}`, { optedOut: true });
  await db
    .insertInto('booking_appointments')
    .values({ organization_id: org.organizationId, contact_id: ids.booked!, service_id: ids.haircut!, staff_id: ids.aibek!, start_at: at('2026-03-05', '12:00'), end_at: at('2026-03-05', '13:00'), price: 1500, currency: 'KGS' })
    .execute();
  const conversation = await call(t, auth(), 'POST', '/api/conversations', { contactId: ids.recent, channelAccountId: org.sandboxAccountId });
  await db.updateTable('conversations').set({ last_message_at: at('2026-02-27', '12:00') }).where('id', '=', conversation.body.id).execute();
  await db
    .insertInto('reactivation_campaigns')
    .values({ organization_id: org.organizationId, contact_id: ids.inCampaign!, service_id: ids.haircut!, status: 'active', segment: 'regular', interval_days: 28, interval_source: 'historical' })
    .execute();
  const campaign = await db.insertInto('campaigns').values({ organization_id: org.organizationId, name: 'Spring promo', status: 'active' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('campaign_participants')
    .values({ organization_id: org.organizationId, campaign_id: campaign.id, contact_id: ids.outreach!, anchor_at: at('2026-03-01', '10:00'), status: 'pending' })
    .execute();
});
afterAll(() => t?.close());

describe('service reactivation rules', () => {
  it('recompute makes a rule per service with the interval source chosen manual → historical → AI → default', async () => {
    const response = await call(t, auth(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false });
    expect(response.status).toBe(200);
    const byService = Object.fromEntries(response.body.items.map((r: { serviceName: string }) => [r.serviceName, r]));
    expect(byService['Стрижка']).toMatchObject({ intervalDays: 28, intervalSource: 'historical', candidates: { historicalDays: 28, historicalSample: 19, defaultDays: 35 } });
    expect(byService['Маникюр']).toMatchObject({ intervalDays: 21, intervalSource: 'ai', candidates: { historicalSample: 0, aiDays: 21, aiModel: 'parley-offline-1' } });
    expect(byService['Маникюр'].candidates.aiReasoning).toMatch(/21/);
    expect(byService['Консультация астролога']).toMatchObject({ intervalDays: 35, intervalSource: 'default', candidates: { aiDays: null } });
    const manual = await call(t, auth(), 'PATCH', `/api/reactivation/rules/${byService['Консультация астролога'].id}`, { manualIntervalDays: 60 });
    expect(manual.body).toMatchObject({ intervalDays: 60, intervalSource: 'manual' });
    const back = await call(t, auth(), 'PATCH', `/api/reactivation/rules/${byService['Консультация астролога'].id}`, { manualIntervalDays: null });
    expect(back.body).toMatchObject({ intervalDays: 35, intervalSource: 'default' });
    const calls = await t.ctx.db.selectFrom('ai_calls').select('task').where('organization_id', '=', org.organizationId).execute();
    expect(calls.map((c) => c.task)).toEqual(['reactivation.interval', 'reactivation.interval']);
  });

  it('rules CRUD validates and names the field', async () => {
    const duplicate = await call(t, auth(), 'POST', '/api/reactivation/rules', { serviceId: ids.haircut });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('body.serviceId');
    const unknown = await call(t, auth(), 'POST', '/api/reactivation/rules', { serviceId: randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('body.serviceId');
    const bad = await call(t, auth(), 'PATCH', `/api/reactivation/rules/${randomUUID()}`, { manualIntervalDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.manualIntervalDays');
    const extra = await call(t, auth(), 'POST', '/api/booking/services', { name: 'Педикюр', durationMinutes: 60, price: 1400 });
    const created = await call(t, auth(), 'POST', '/api/reactivation/rules', { serviceId: extra.body.id, manualIntervalDays: 30, attemptDiscounts: [0, 5, 10] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ serviceName: 'Педикюр', intervalDays: 30, intervalSource: 'manual', attemptDiscounts: [0, 5, 10] });
    expect((await call(t, auth(), 'GET', `/api/reactivation/rules/${created.body.id}`)).body.id).toBe(created.body.id);
    expect((await call(t, auth(), 'DELETE', `/api/reactivation/rules/${created.body.id}`)).body).toEqual({ ok: true });
    expect((await call(t, auth(), 'GET', `/api/reactivation/rules/${created.body.id}`)).status).toBe(404);
  });
});

describe('settings', () => {
  it('defaults: daily run at 10:00, limits and thresholds; 4xx name the field', async () => {
    const defaults = await call(t, auth(), 'GET', '/api/reactivation/settings');
    expect(defaults.body).toMatchObject({ dailyRunTime: '10:00', dailyLimit: 50, businessType: 'beauty_salon', vipMinVisits: 10, regularMinVisits: 3, isEnabled: false });
    const badTime = await call(t, auth(), 'PUT', '/api/reactivation/settings', { dailyRunTime: '25:00' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.fields[0].field).toBe('body.dailyRunTime');
    const inverted = await call(t, auth(), 'PUT', '/api/reactivation/settings', { regularMinVisits: 20 });
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.fields[0].field).toBe('body.regularMinVisits');
    const type = await call(t, auth(), 'PUT', '/api/reactivation/settings', { businessType: 'car_wash' });
    expect(type.body.error.fields[0].field).toBe('body.businessType');
  });
});

describe('inactivity detector', () => {
  it('lists overdue clients VIP → regular → new, after exclusions, with the interval behind each', async () => {
    const response = await call(t, auth(), 'GET', '/api/reactivation/candidates?slots=false');
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ overdue: 9, eligible: 4, excluded: { optedOut: 1, booked: 1, recentlyContacted: 1, inCampaign: 2 }, dailyLimit: 50 });
    expect(body.items.map((c: { contactId: string }) => c.contactId)).toEqual([ids.vip, ids.regular, ids.fresh, ids.nails]);
    expect(body.items[0]).toMatchObject({ segment: 'vip', visits: 12, spend: 18000, serviceName: 'Стрижка', intervalDays: 28, intervalSource: 'client_history', overdueDays: 8 });
    expect(body.items[0].lastVisitAt).toBe(at('2026-01-24', '18:00').toISOString());
    expect(body.items[0].dueAt).toBe(at('2026-02-21', '18:00').toISOString());
    expect(body.items[1]).toMatchObject({ segment: 'regular', visits: 4, spend: 4000, intervalDays: 35, intervalSource: 'client_history', overdueDays: 15 });
    expect(body.items[2]).toMatchObject({ segment: 'new', spend: 1500, intervalDays: 28, intervalSource: 'historical', overdueDays: 27 });
    expect(body.items[3]).toMatchObject({ segment: 'new', spend: 1200, serviceName: 'Маникюр', intervalDays: 21, intervalSource: 'ai', overdueDays: 19 });
    const excluded = [ids.optedOut, ids.booked, ids.recent, ids.inCampaign, ids.outreach, ids.notDue, ids.gone];
    expect(body.items.some((c: { contactId: string }) => excluded.includes(c.contactId))).toBe(false);
  });

  it('applies the daily limit and configurable VIP thresholds', async () => {
    await call(t, auth(), 'PUT', '/api/reactivation/settings', { dailyLimit: 2, vipMinSpend: 3500 });
    const response = await call(t, auth(), 'GET', '/api/reactivation/candidates?slots=false');
    expect(response.body.eligible).toBe(4);
    expect(response.body.items.map((c: { contactId: string; segment: string }) => [c.contactId, c.segment])).toEqual([
      [ids.vip, 'vip'],
      [ids.regular, 'vip'],
    ]);
    await call(t, auth(), 'PUT', '/api/reactivation/settings', { dailyLimit: 50, vipMinSpend: null });
  });

  it('a client overdue for a habit and for a one-off is offered the habit', async () => {
    await contact('habit', 'Хабиба', '+996700100012');
    await visits('habit', 'haircut', 'aibek', every(at('2026-01-30', '12:00'), 28, 3), 1500);
    await visits('habit', 'manicure', 'dinara', [at('2025-12-01', '12:00')], 1200);
    const response = await call(t, auth(), 'GET', '/api/reactivation/candidates?slots=false');
    const habit = response.body.items.find((c: { contactId: string }) => c.contactId === ids.habit);
    expect(habit).toMatchObject({ serviceName: 'Стрижка', overdueDays: 2 });
    await t.ctx.db.deleteFrom('contacts').where('id', '=', ids.habit!).execute();
  });

  it('a client with a completed visit after the interval is not overdue any more', async () => {
    await visits('nails', 'manicure', 'dinara', [at('2026-02-28', '15:00')], 1200);
    const response = await call(t, auth(), 'GET', '/api/reactivation/candidates?slots=false');
    expect(response.body.items.map((c: { contactId: string }) => c.contactId)).not.toContain(ids.nails);
    await t.ctx.db.deleteFrom('booking_visits').where('contact_id', '=', ids.nails!).where('start_at', '=', at('2026-02-28', '15:00')).execute();
  });
});

describe('preferences and slots', () => {
  it('each candidate comes with preferences and 3 slots ranked 60 % staff / 40 % time, explained', async () => {
    const response = await call(t, auth(), 'GET', '/api/reactivation/candidates');
    const vip = response.body.items[0];
    expect(vip.preferences).toMatchObject({
      visits: 12,
      timeOfDay: { value: 'evening', share: 1, typicalTime: '18:00' },
      weekdays: { value: ['sat'], share: 1 },
      staff: { staffId: ids.dinara, staffName: 'Динара', share: 1 },
      services: { top: [{ serviceId: ids.haircut, serviceName: 'Стрижка', count: 12, share: 1 }] },
      regularity: { label: 'regular', medianIntervalDays: 28 },
    });
    expect(vip.preferences.staff.confidence).toBe(0.8);
    expect(vip.slots).toHaveLength(3);
    const local = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toFormat('ccc HH:mm');
    // The three best slots, listed in date order (a client reads them as a calendar); the best is the Saturday one.
    expect(vip.slots.map((s: { startAt: string; staffName: string }) => [local(s.startAt), s.staffName])).toEqual([
      ['Mon 17:00', 'Динара'],
      ['Tue 17:00', 'Динара'],
      ['Sat 17:00', 'Динара'],
    ]);
    expect(vip.slots.map((s: { startAt: string }) => s.startAt)).toEqual([...vip.slots.map((s: { startAt: string }) => s.startAt)].sort());
    const best = [...vip.slots].sort((x: { score: number }, y: { score: number }) => y.score - x.score)[0];
    expect(best.explanation.staff).toMatchObject({ weight: 0.6, score: 0.9 });
    expect(best.explanation.time.weight).toBe(0.4);
    expect(best.explanation.time.timeOfDay.slot).toBe('evening');
    expect(best.explanation.time.weekday.slot).toBe('sat');
    expect(best.explanation.summary).toMatch(/^0\.\d+ = 0\.6 × 0\.9 \(staff\) \+ 0\.4 × /);
    expect(vip.slots.filter((s: { score: number }) => s.score < best.score)).toHaveLength(2);
    const fresh = response.body.items.find((c: { contactId: string }) => c.contactId === ids.fresh);
    expect(fresh.preferences.visits).toBe(1);
    expect(fresh.preferences.staff.confidence).toBe(0.25);
  });

  it('a contact’s preferences on their own', async () => {
    const prefs = await call(t, auth(), 'GET', `/api/reactivation/contacts/${ids.regular}/preferences`);
    expect(prefs.body).toMatchObject({ visits: 4, timeOfDay: { value: 'afternoon' }, staff: { staffName: 'Айбек' }, regularity: { label: 'regular', medianIntervalDays: 35 } });
    const none = await call(t, auth(), 'POST', '/api/contacts', { firstName: 'Никто' });
    expect((await call(t, auth(), 'GET', `/api/reactivation/contacts/${none.body.id}/preferences`)).body).toMatchObject({ visits: 0, staff: { staffId: null } });
  });
});
