import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, createTestOrg, ManualClock, type TestApp } from '../helpers/test-app.ts';
import { startFakeYClients, ycDatetime, type FakeYClients } from '../fakes/yclients-server.ts';
import { BuiltinCalendarAdapter, SlotUnavailableError, YClientsAdapter, YClientsApi, createService, createStaff, createVisit, type BookingAdapter } from '../../src/modules/booking/index.ts';
import { createContact } from '../../src/modules/contacts/index.ts';

/**
 * One contract, two booking systems: the built-in calendar over our tables and YClients over its HTTP API (a local
 * fake speaking its wire format). Both hold the same salon — two services, two staff working 10:00–14:00 on weekdays
 * in Bishkek, one booking on Tuesday at 11:00 and three past visits — and must answer the same way.
 */

const TZ = 'Asia/Bishkek';
const PARTNER = 'partner-token-123';
const USER = 'user-token-456';
const local = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();
const TUESDAY = '2026-01-06';
const WEDNESDAY = '2026-01-07';
const ALICE = { name: 'Айгуль Токтогулова', phone: '+996700123456' };
const BOB = { name: 'Нурлан Абдыкеримов', phone: '+996555234567' };
const CAROL = { name: 'Елена Смирнова', phone: '+996770345678' };

interface Fixture {
  adapter: BookingAdapter;
  service(name: string): string;
  staff(name: string): string;
  contactId: string;
}

let t: TestApp;
let fake: FakeYClients;
const clock = new ManualClock(local('2026-01-05', '15:00'));
const fixtures: Record<string, Fixture> = {};

async function builtinFixture(): Promise<Fixture> {
  const org = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS' }).where('id', '=', org.organizationId).execute();
  const now = clock.now();
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['10:00', '14:00']]]));
  const haircut = await createService(db, org.organizationId, { name: 'Стрижка', durationMinutes: 60, price: 1500 }, now);
  const nails = await createService(db, org.organizationId, { name: 'Маникюр', category: 'Ногти', durationMinutes: 90, price: 1200 }, now);
  const dinara = await createStaff(db, org.organizationId, { name: 'Динара', workingHours: hours, serviceIds: [haircut.id, nails.id] }, now);
  const aibek = await createStaff(db, org.organizationId, { name: 'Айбек', workingHours: hours, serviceIds: [haircut.id] }, now);
  const alice = await createContact(db, org.organizationId, { firstName: 'Айгуль', lastName: 'Токтогулова', phone: ALICE.phone });
  const bob = await createContact(db, org.organizationId, { firstName: 'Нурлан', lastName: 'Абдыкеримов', phone: BOB.phone });
  await db
    .insertInto('booking_appointments')
    .values({
      organization_id: org.organizationId,
      contact_id: alice.id,
      service_id: haircut.id,
      staff_id: dinara.id,
      start_at: local(TUESDAY, '11:00'),
      end_at: local(TUESDAY, '12:00'),
      price: 1500,
      currency: 'KGS',
    })
    .execute();
  await createVisit(db, org.organizationId, { contactId: alice.id, serviceId: haircut.id, staffId: dinara.id, startAt: local('2025-12-01', '10:00').toISOString(), pricePaid: 1500, status: 'completed' });
  await createVisit(db, org.organizationId, { contactId: bob.id, serviceId: nails.id, staffId: dinara.id, startAt: local('2025-12-10', '12:00').toISOString(), status: 'no_show' });
  await createVisit(db, org.organizationId, { contactId: alice.id, serviceId: haircut.id, staffId: aibek.id, startAt: local('2025-10-01', '10:00').toISOString(), status: 'completed' });
  const services: Record<string, string> = { Стрижка: haircut.id, Маникюр: nails.id };
  const staff: Record<string, string> = { Динара: dinara.id, Айбек: aibek.id };
  return { adapter: new BuiltinCalendarAdapter(db, org.organizationId, clock), service: (n) => services[n]!, staff: (n) => staff[n]!, contactId: alice.id };
}

async function yclientsFixture(): Promise<Fixture> {
  const schedule = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [['10:00', '14:00']] as Array<[string, string]>]));
  fake = await startFakeYClients({
    companyId: 4564,
    partnerToken: PARTNER,
    userToken: USER,
    utcOffset: '+06:00',
    categories: [{ id: 7, title: 'Ногти' }],
    services: [
      { id: 1, title: 'Стрижка', category_id: null, price_min: 1500, price_max: 1500, duration: 3600, staff: [{ id: 10, seance_length: 3600 }, { id: 11, seance_length: 3600 }] },
      { id: 2, title: 'Маникюр', category_id: 7, price_min: 1200, price_max: 1200, duration: 5400, staff: [{ id: 10, seance_length: 5400 }] },
    ],
    staff: [
      { id: 10, name: 'Динара', specialization: 'мастер', schedule },
      { id: 11, name: 'Айбек', specialization: 'барбер', schedule },
    ],
    clients: [
      { id: 200, ...ALICE },
      { id: 201, ...BOB },
    ],
    records: [
      { id: 500, staff_id: 10, services: [{ id: 1, title: 'Стрижка', cost: 1500 }], client: { id: 200, ...ALICE }, datetime: ycDatetime(TUESDAY, '11:00'), seance_length: 3600, visit_attendance: 0 },
      { id: 501, staff_id: 10, services: [{ id: 1, title: 'Стрижка', cost: 1500 }], client: { id: 200, ...ALICE }, datetime: ycDatetime('2025-12-01', '10:00'), seance_length: 3600, visit_attendance: 1 },
      { id: 502, staff_id: 10, services: [{ id: 2, title: 'Маникюр', cost: 1200 }], client: { id: 201, ...BOB }, datetime: ycDatetime('2025-12-10', '12:00'), seance_length: 5400, visit_attendance: -1 },
      { id: 503, staff_id: 11, services: [{ id: 1, title: 'Стрижка', cost: 1500 }], client: { id: 200, ...ALICE }, datetime: ycDatetime('2025-10-01', '10:00'), seance_length: 3600, visit_attendance: 1 },
    ],
  });
  const api = new YClientsApi({ baseUrl: fake.url, companyId: '4564', partnerToken: PARTNER, userToken: USER });
  const services: Record<string, string> = { Стрижка: '1', Маникюр: '2' };
  const staff: Record<string, string> = { Динара: '10', Айбек: '11' };
  return { adapter: new YClientsAdapter(api, TZ, clock), service: (n) => services[n]!, staff: (n) => staff[n]!, contactId: 'parley-contact-1' };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  fixtures.builtin = await builtinFixture();
  fixtures.yclients = await yclientsFixture();
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const times = (slots: Array<{ startAt: Date }>) => slots.map((s) => DateTime.fromJSDate(s.startAt, { zone: TZ }).toFormat('HH:mm'));

describe.each(['builtin', 'yclients'])('booking adapter contract: %s', (name) => {
  const f = () => fixtures[name]!;
  const tuesday = () => ({ from: local(TUESDAY, '00:00'), to: local(WEDNESDAY, '00:00') });

  it('lists services with duration, price, category and who does them', async () => {
    const services = await f().adapter.listServices();
    expect(services.map((s) => s.name).sort()).toEqual(['Маникюр', 'Стрижка']);
    const haircut = services.find((s) => s.name === 'Стрижка')!;
    expect(haircut).toMatchObject({ id: f().service('Стрижка'), durationMinutes: 60, price: 1500 });
    expect([...haircut.staffIds].sort()).toEqual([f().staff('Айбек'), f().staff('Динара')].sort());
    expect(services.find((s) => s.name === 'Маникюр')).toMatchObject({ durationMinutes: 90, category: 'Ногти' });
  });

  it('lists staff with the services they do', async () => {
    const staff = await f().adapter.listStaff();
    expect(staff.map((s) => s.name).sort()).toEqual(['Айбек', 'Динара']);
    expect(staff.find((s) => s.name === 'Айбек')!.serviceIds).toEqual([f().service('Стрижка')]);
    expect([...staff.find((s) => s.name === 'Динара')!.serviceIds].sort()).toEqual([f().service('Маникюр'), f().service('Стрижка')].sort());
  });

  it('free slots are working hours minus bookings, in slot steps, for one staff member or everyone', async () => {
    const dinara = await f().adapter.freeSlots({ serviceId: f().service('Стрижка'), staffId: f().staff('Динара'), ...tuesday() });
    expect(times(dinara)).toEqual(['10:00', '12:00', '12:30', '13:00']);
    expect(dinara.every((s) => s.endAt.getTime() - s.startAt.getTime() === 3600_000 && s.staffId === f().staff('Динара'))).toBe(true);
    const everyone = await f().adapter.freeSlots({ serviceId: f().service('Стрижка'), ...tuesday() });
    expect(everyone.filter((s) => s.staffId === f().staff('Айбек'))).toHaveLength(7);
    expect(everyone).toHaveLength(11);
    const nails = await f().adapter.freeSlots({ serviceId: f().service('Маникюр'), ...tuesday() });
    expect(times(nails)).toEqual(['12:00', '12:30']);
  });

  it('books a free slot, refuses the same slot twice, and cancels', async () => {
    const slot = { serviceId: f().service('Стрижка'), staffId: f().staff('Динара'), startAt: local(TUESDAY, '12:00'), endAt: local(TUESDAY, '13:00') };
    const client = { contactId: f().contactId, name: CAROL.name, phone: CAROL.phone };
    const booking = await f().adapter.book(slot, client);
    expect(booking.id).toBeTruthy();
    expect(booking.startAt.getTime()).toBe(slot.startAt.getTime());
    expect(times(await f().adapter.freeSlots({ serviceId: f().service('Стрижка'), staffId: f().staff('Динара'), ...tuesday() }))).toEqual(['10:00', '13:00']);
    await expect(f().adapter.book(slot, client)).rejects.toBeInstanceOf(SlotUnavailableError);
    const upcoming = await f().adapter.listAppointments(local(TUESDAY, '00:00'), local(WEDNESDAY, '00:00'));
    expect(times(upcoming)).toEqual(['11:00', '12:00']);
    expect(upcoming.find((a) => a.id === booking.id)).toMatchObject({ serviceId: f().service('Стрижка'), staffId: f().staff('Динара'), price: 1500 });
    await f().adapter.cancel(booking.id);
    expect(times(await f().adapter.freeSlots({ serviceId: f().service('Стрижка'), staffId: f().staff('Динара'), ...tuesday() }))).toEqual(['10:00', '12:00', '12:30', '13:00']);
    expect(times(await f().adapter.listAppointments(local(TUESDAY, '00:00'), local(WEDNESDAY, '00:00')))).toEqual(['11:00']);
  });

  it('lists past visits since a date with their outcome and the price paid', async () => {
    const visits = await f().adapter.listVisits(local('2025-11-01', '00:00'));
    expect(visits.map((v) => [v.serviceId, v.status, v.pricePaid, v.client.phone, v.staffId])).toEqual([
      [f().service('Стрижка'), 'completed', 1500, ALICE.phone, f().staff('Динара')],
      [f().service('Маникюр'), 'no_show', 0, BOB.phone, f().staff('Динара')],
    ]);
    expect(visits[0]!.startAt.toISOString()).toBe(local('2025-12-01', '10:00').toISOString());
  });
});

describe('YClients wire details', () => {
  it('sends the partner and user tokens, and asks for free times per day with the service', async () => {
    const twoDays = await fixtures.yclients!.adapter.freeSlots({ serviceId: '1', staffId: '11', from: local(TUESDAY, '00:00'), to: local('2026-01-08', '00:00') });
    expect(twoDays).toHaveLength(14);
    const bookTimes = fake.requests.filter((r) => r.path.startsWith('/book_times/'));
    expect(bookTimes.length).toBeGreaterThan(0);
    expect(bookTimes[0]!.query['service_ids[]']).toBeDefined();
    expect(fake.requests.every((r) => r.authorization === `Bearer ${PARTNER}, User ${USER}`)).toBe(true);
    const booked = fake.requests.find((r) => r.path === '/book_record/4564')!;
    expect(booked.body).toMatchObject({ phone: CAROL.phone, fullname: CAROL.name, appointments: [{ id: 1, services: [1], staff_id: 10, datetime: '2026-01-06T12:00:00+06:00' }] });
  });

  it('a wrong token is a provider error naming YClients’ message', async () => {
    const api = new YClientsApi({ baseUrl: fake.url, companyId: '4564', partnerToken: 'wrong-token', userToken: USER });
    await expect(new YClientsAdapter(api, TZ, clock).listServices()).rejects.toThrow(/Authentication needed/);
  });
});
