import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { insertVisits } from '../helpers/booking-visits.ts';

/** "Approve all" and "skip all" on a day's reactivation queue, and offers whose slots are listed in date order. */

const TZ = 'Asia/Bishkek';
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();
const clock = new ManualClock(at('2030-03-04', '09:00'));

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const auth = () => ({ cookie: org.cookie });

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'ru', name: 'Салон красоты «Ак Жол»' }).where('id', '=', org.organizationId).execute();
  const serviceId = (await call(t, auth(), 'POST', '/api/booking/services', { name: 'Маникюр', durationMinutes: 60, price: 1200 })).body.id;
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
  const staffId = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: hours, serviceIds: [serviceId] })).body.id;
  for (let n = 1; n <= 4; n++) {
    const contactId = (await call(t, auth(), 'POST', '/api/contacts', { firstName: `Клиентка${n}`, phone: `+99670030000${n}` })).body.id;
    const visits = [0, 1, 2, 3].map((k) => DateTime.fromJSDate(at('2030-01-17', '11:00'), { zone: TZ }).minus({ days: 30 * k }).toJSDate());
    await insertVisits(db, { organizationId: org.organizationId, contactId, serviceId, staffId, pricePaid: 1200 }, visits);
  }
  await call(t, auth(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false });
  await call(t, auth(), 'PUT', '/api/reactivation/settings', { isEnabled: true, channelAccountId: org.sandboxAccountId });
  expect((await call(t, auth(), 'POST', '/api/reactivation/queue/run')).body.created).toBe(4);
});
afterAll(() => t?.close());

type Item = { id: string; status: string; message: string; slots: Array<{ start: string }> };
const queue = async (): Promise<Item[]> => (await call(t, auth(), 'GET', '/api/reactivation/queue')).body.items;

describe('the queue’s offers', () => {
  it('list their slots in date order, the master declined and the business in the nominative', async () => {
    for (const item of await queue()) {
      const starts = item.slots.map((s) => s.start);
      expect(starts).toEqual([...starts].sort());
      expect(item.message).toContain('к Динаре');
      expect(item.message).toContain('Это Салон красоты «Ак Жол».');
    }
  });
});

describe('approve all / skip all', () => {
  it('skips the waiting offers of another day only when asked for that day; names a bad date', async () => {
    const bad = await call(t, auth(), 'POST', '/api/reactivation/queue/skip-all', { date: '4.3.2030' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.date');
    expect((await call(t, auth(), 'POST', '/api/reactivation/queue/skip-all', { date: '2030-03-03' })).body).toEqual({ date: '2030-03-03', changed: 0, unchanged: 0 });
    // Another organization's "approve all" touches nothing here.
    expect((await call(t, { cookie: other.cookie }, 'POST', '/api/reactivation/queue/approve-all', { date: '2030-03-04' })).body.changed).toBe(0);
    expect((await queue()).every((i) => i.status === 'pending_review')).toBe(true);
  });

  it('skips one by hand, then approves all the others at once; a second call finds nothing waiting', async () => {
    const [first] = await queue();
    await call(t, auth(), 'POST', `/api/reactivation/attempts/${first!.id}/skip`);
    const approved = await call(t, auth(), 'POST', '/api/reactivation/queue/approve-all');
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ date: '2030-03-04', changed: 3, unchanged: 0 });
    const statuses = (await queue()).map((i) => i.status);
    expect(statuses.filter((s) => s === 'skipped')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'approved' || s === 'scheduled')).toHaveLength(3);
    expect((await call(t, auth(), 'POST', '/api/reactivation/queue/skip-all')).body.changed).toBe(0);
  });
});
