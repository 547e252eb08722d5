import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeYClients, ycDatetime, type FakeYClients } from '../fakes/yclients-server.ts';

const TZ = 'Asia/Bishkek';
const local = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toUTC().toISO()!;
const clock = new ManualClock(new Date(local('2026-01-05', '15:00')));
const WEEKDAYS = { mon: [['10:00', '18:00']], tue: [['10:00', '18:00']], wed: [['10:00', '18:00']], thu: [['10:00', '18:00']], fri: [['10:00', '18:00']] };

let t: TestApp;
let org: TestOrg;
const auth = () => ({ cookie: org.cookie });

async function upload(csv: string, fileName = 'visits.csv', contentType = 'text/csv') {
  const response = await t.app.inject({ method: 'POST', url: `/api/booking/visit-imports?fileName=${fileName}`, headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': contentType }, payload: csv });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  await t.ctx.db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS' }).where('id', '=', org.organizationId).execute();
});
afterAll(() => t?.close());

describe('services and staff', () => {
  it('creates a service in the organization currency and staff with working hours and services', async () => {
    const service = await call(t, auth(), 'POST', '/api/booking/services', { name: 'Стрижка', category: 'Волосы', durationMinutes: 60, price: 1500 });
    expect(service.status).toBe(201);
    expect(service.body).toMatchObject({ name: 'Стрижка', durationMinutes: 60, price: 1500, currency: 'KGS', source: 'builtin', staffIds: [] });
    const staff = await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: WEEKDAYS, serviceIds: [service.body.id] });
    expect(staff.status).toBe(201);
    expect(staff.body).toMatchObject({ name: 'Динара', serviceIds: [service.body.id], workingHours: { mon: [['10:00', '18:00']] } });
    expect((await call(t, auth(), 'GET', `/api/booking/services/${service.body.id}`)).body.staffIds).toEqual([staff.body.id]);
    const renamed = await call(t, auth(), 'PATCH', `/api/booking/staff/${staff.body.id}`, { name: 'Динара К.' });
    expect(renamed.body.name).toBe('Динара К.');
    expect((await call(t, auth(), 'GET', '/api/booking/staff')).body.items.map((s: { name: string }) => s.name)).toEqual(['Динара К.']);
  });

  it('4xx name the offending field', async () => {
    const bad = await call(t, auth(), 'POST', '/api/booking/services', { name: 'X', durationMinutes: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.durationMinutes');
    const hours = await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Y', workingHours: { mon: [['18:00', '09:00']] } });
    expect(hours.status).toBe(400);
    expect(hours.body.error.fields[0].field).toBe('body.workingHours.mon');
    const unknown = await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Z', serviceIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('body.serviceIds');
    const extra = await call(t, auth(), 'POST', '/api/booking/services', { name: 'X', durationMinutes: 30, colour: 'red' });
    expect(extra.body.error.fields[0].field).toBe('body.colour');
  });

  it('a service with history is archived, one without is deleted', async () => {
    const unused = await call(t, auth(), 'POST', '/api/booking/services', { name: 'Пробная', durationMinutes: 30 });
    expect((await call(t, auth(), 'DELETE', `/api/booking/services/${unused.body.id}`)).body).toEqual({ ok: true, archived: false });
    expect((await call(t, auth(), 'GET', `/api/booking/services/${unused.body.id}`)).status).toBe(404);
  });
});

describe('free slots and appointments (built-in calendar)', () => {
  let serviceId: string;
  let staffId: string;
  let contactId: string;

  beforeAll(async () => {
    const services = await call(t, auth(), 'GET', '/api/booking/services');
    serviceId = services.body.items.find((s: { name: string }) => s.name === 'Стрижка').id;
    staffId = services.body.items.find((s: { name: string }) => s.name === 'Стрижка').staffIds[0];
    contactId = (await call(t, auth(), 'POST', '/api/contacts', { firstName: 'Айгуль', phone: '+996700123456' })).body.id;
  });

  it('lists free slots, books one, refuses it twice with 409 on body.startAt, completes it into a visit', async () => {
    const slots = await call(t, auth(), 'GET', `/api/booking/free-slots?serviceId=${serviceId}&from=${local('2026-01-06', '00:00')}&to=${local('2026-01-07', '00:00')}`);
    expect(slots.status).toBe(200);
    expect(slots.body.items).toHaveLength(15);
    expect(slots.body.items[0]).toMatchObject({ staffId, staffName: 'Динара К.', startAt: local('2026-01-06', '10:00') });
    const booked = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId, startAt: local('2026-01-06', '10:00') });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'booked', price: 1500, currency: 'KGS', endAt: local('2026-01-06', '11:00'), source: 'manual' });
    const again = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId, startAt: local('2026-01-06', '10:30') });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].field).toBe('body.startAt');
    const after = await call(t, auth(), 'GET', `/api/booking/free-slots?serviceId=${serviceId}&staffId=${staffId}&from=${local('2026-01-06', '00:00')}&to=${local('2026-01-07', '00:00')}`);
    expect(after.body.items[0].startAt).toBe(local('2026-01-06', '11:00'));
    const outside = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId, startAt: local('2026-01-10', '12:00') });
    expect(outside.status).toBe(409);
    expect(outside.body.error.message).toMatch(/working hours/);

    clock.set(new Date(local('2026-01-06', '11:05')));
    const done = await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/complete`, { pricePaid: 1400 });
    expect(done.body).toMatchObject({ status: 'completed' });
    const visit = await call(t, auth(), 'GET', `/api/booking/visits/${done.body.visitId}`);
    expect(visit.body).toMatchObject({ contactId, serviceId, staffId, pricePaid: 1400, status: 'completed', source: 'appointment' });
    expect((await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/cancel`)).status).toBe(422);
    clock.set(new Date(local('2026-01-05', '15:00')));
  });

  it('cancels a booking, which frees its slot', async () => {
    const booked = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId, startAt: local('2026-01-07', '12:00') });
    const cancelled = await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(cancelled.body.cancelledAt).toBeTruthy();
    const list = await call(t, auth(), 'GET', `/api/booking/appointments?contactId=${contactId}&status=cancelled`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([booked.body.id]);
    // Cancelling again changes nothing and writes no second event.
    expect((await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/cancel`)).status).toBe(422);
  });

  it('writes booking.created / completed / cancelled events to the outbox, once each', async () => {
    const events = await call(t, auth(), 'GET', '/api/events?types=booking.created,booking.completed,booking.cancelled,booking.no_show');
    expect(events.status).toBe(200);
    const byType = (type: string) => events.body.items.filter((e: { type: string }) => e.type === type);
    expect(byType('booking.created').length).toBeGreaterThanOrEqual(2);
    expect(byType('booking.completed')).toHaveLength(1);
    expect(byType('booking.cancelled')).toHaveLength(1);
    expect(byType('booking.completed')[0]).toMatchObject({ subject: { type: 'appointment' }, data: { contactId, serviceId, pricePaid: 1400 } });
    expect(byType('booking.created')[0].data).toMatchObject({ contactId, serviceId, staffId });
  });

  it('validates the free-slot window and unknown ids', async () => {
    const backwards = await call(t, auth(), 'GET', `/api/booking/free-slots?serviceId=${serviceId}&from=${local('2026-01-07', '00:00')}&to=${local('2026-01-06', '00:00')}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('query.to');
    const noContact = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId: '00000000-0000-4000-8000-000000000000', serviceId, staffId, startAt: local('2026-01-08', '12:00') });
    expect(noContact.status).toBe(400);
    expect(noContact.body.error.fields[0].field).toBe('body.contactId');
  });

  it('visits: create, list newest first, duplicate is 409, delete', async () => {
    const first = await call(t, auth(), 'POST', '/api/booking/visits', { contactId, serviceId, staffId, startAt: local('2025-11-01', '18:00') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ pricePaid: 1500, status: 'completed', source: 'manual' });
    const dup = await call(t, auth(), 'POST', '/api/booking/visits', { contactId, serviceId, startAt: local('2025-11-01', '18:00') });
    expect(dup.status).toBe(409);
    const list = await call(t, auth(), 'GET', `/api/booking/visits?contactId=${contactId}&limit=1`);
    expect(list.body.items[0].startAt).toBe(local('2026-01-06', '10:00'));
    const next = await call(t, auth(), 'GET', `/api/booking/visits?contactId=${contactId}&limit=1&cursor=${list.body.nextCursor}`);
    expect(next.body.items[0].id).toBe(first.body.id);
    expect((await call(t, auth(), 'DELETE', `/api/booking/visits/${first.body.id}`)).body).toEqual({ ok: true });
  });
});

describe('CSV import of visit history', () => {
  const csv = [
    'Телефон;Клиент;Услуга;Мастер;Дата;Сумма',
    '+996 700 123 456;Айгуль;Стрижка;Динара К.;01.12.2025 18:00;1500',
    '0555 234 567;Нурлан;Стрижка бороды;Айбек;02.12.2025 11:00;600',
    '0555 234 567;Нурлан;Стрижка бороды;Айбек;16.12.2025 11:00;600',
    'не телефон;Кто-то;Стрижка;;03.12.2025 10:00;100',
    '0770345678;Елена;;;03.12.2025 10:00;100',
    '0770345678;Елена;Маникюр;Динара К.;завтра;100',
  ].join('\n');

  it('imports the good lines, matches and creates clients, services and staff, reports the bad lines', async () => {
    const result = await upload(csv);
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ fileName: 'visits.csv', lines: 6, imported: 3, duplicates: 0, badLines: 3, contactsCreated: 1, servicesCreated: 1, staffCreated: 1 });
    expect(result.body.errors.map((e: { line: number }) => e.line)).toEqual([5, 6, 7]);
    expect(result.body.errors[0].reason).toMatch(/phone "не телефон"/);
    const again = await call(t, auth(), 'GET', `/api/booking/visit-imports/${result.body.id}`);
    expect(again.body).toEqual(result.body);
    const nurlan = (await call(t, auth(), 'GET', '/api/contacts?q=%2B996555234567')).body.items[0];
    expect(nurlan).toMatchObject({ displayName: 'Нурлан', source: 'booking_csv' });
    const visits = await call(t, auth(), 'GET', `/api/booking/visits?contactId=${nurlan.id}`);
    expect(visits.body.items).toHaveLength(2);
    expect(visits.body.items[0]).toMatchObject({ pricePaid: 600, source: 'csv', startAt: local('2025-12-16', '11:00') });
    const beard = (await call(t, auth(), 'GET', '/api/booking/services')).body.items.find((s: { name: string }) => s.name === 'Стрижка бороды');
    expect(beard).toMatchObject({ durationMinutes: 60, price: 600, source: 'csv' });
    expect(beard.staffIds).toHaveLength(1);
  });

  it('importing the same file again adds nothing', async () => {
    const result = await upload(csv, 'visits-again.csv', 'application/octet-stream');
    expect(result.body).toMatchObject({ imported: 0, duplicates: 3, badLines: 3, contactsCreated: 0, servicesCreated: 0, staffCreated: 0 });
  });

  it('refuses a file without the needed columns, an empty body and a JSON body', async () => {
    const wrong = await upload('name,email\nA,a@example.test');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ fields: [{ field: 'query.phoneColumn' }] });
    expect(wrong.body.error.message).toMatch(/no phone, service, date column/);
    const json = await call(t, auth(), 'POST', '/api/booking/visit-imports', { rows: [] });
    expect(json.status).toBe(415);
  });
});

describe('YClients as the booking system', () => {
  let fake: FakeYClients;
  let yc: TestOrg;
  const asYc = () => ({ cookie: yc.cookie });

  beforeAll(async () => {
    yc = await createTestOrg(t);
    await t.ctx.db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS' }).where('id', '=', yc.organizationId).execute();
    fake = await startFakeYClients({
      companyId: 777,
      partnerToken: 'partner-secret-1',
      userToken: 'user-secret-2',
      services: [{ id: 1, title: 'Мужская стрижка', category_id: null, price_min: 900, price_max: 900, duration: 3600, staff: [{ id: 10, seance_length: 3600 }] }],
      staff: [{ id: 10, name: 'Тимур', schedule: { 1: [['10:00', '13:00']], 2: [['10:00', '13:00']], 3: [['10:00', '13:00']] } }],
      clients: [{ id: 300, name: 'Дмитрий Ким', phone: '+996550567890' }],
      records: [
        { id: 900, staff_id: 10, services: [{ id: 1, title: 'Мужская стрижка', cost: 900 }], client: { id: 300, name: 'Дмитрий Ким', phone: '+996550567890' }, datetime: ycDatetime('2025-12-20', '11:00'), seance_length: 3600, visit_attendance: 1 },
        { id: 901, staff_id: 10, services: [{ id: 1, title: 'Мужская стрижка', cost: 900 }], client: { id: 300, name: 'Дмитрий Ким', phone: '+996550567890' }, datetime: ycDatetime('2026-01-07', '10:00'), seance_length: 3600, visit_attendance: 0 },
      ],
    });
  });
  afterAll(() => fake?.close());

  it('needs both tokens; they are write-only', async () => {
    const missing = await call(t, asYc(), 'PUT', '/api/booking/settings', { provider: 'yclients', yclients: { companyId: '777', baseUrl: fake.url, partnerToken: 'partner-secret-1' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('body.yclients.userToken');
    const saved = await call(t, asYc(), 'PUT', '/api/booking/settings', { provider: 'yclients', yclients: { companyId: '777', baseUrl: fake.url, partnerToken: 'partner-secret-1', userToken: 'user-secret-2' } });
    expect(saved.status).toBe(200);
    expect(saved.body.yclients).toEqual({ companyId: '777', baseUrl: fake.url, hasPartnerToken: true, hasUserToken: true });
    expect(JSON.stringify(saved.body)).not.toContain('secret');
    const stored = await t.ctx.db.selectFrom('booking_settings').select('secrets_encrypted').where('organization_id', '=', yc.organizationId).executeTakeFirstOrThrow();
    expect(stored.secrets_encrypted).not.toContain('secret');
  });

  it('syncs services, staff, visits and bookings into the booking tables', async () => {
    const queued = await call(t, asYc(), 'POST', '/api/booking/sync');
    expect(queued.status).toBe(202);
    expect(queued.body.lastSync.status).toBe('queued');
    await t.runner.runUntilIdle();
    const settings = await call(t, asYc(), 'GET', '/api/booking/settings');
    expect(settings.body.lastSync).toMatchObject({ status: 'succeeded', counts: { services: 1, staff: 1, visits: 1, appointments: 1, contactsCreated: 1 } });
    const services = (await call(t, asYc(), 'GET', '/api/booking/services')).body.items;
    expect(services).toMatchObject([{ name: 'Мужская стрижка', source: 'yclients', externalId: '1', durationMinutes: 60, price: 900 }]);
    const visits = (await call(t, asYc(), 'GET', '/api/booking/visits')).body.items;
    expect(visits).toMatchObject([{ source: 'yclients', externalId: '900:1', pricePaid: 900, startAt: local('2025-12-20', '11:00') }]);
    const upcoming = (await call(t, asYc(), 'GET', '/api/booking/appointments?status=booked')).body.items;
    expect(upcoming).toMatchObject([{ externalId: '901', source: 'yclients', startAt: local('2026-01-07', '10:00') }]);
    await call(t, asYc(), 'POST', '/api/booking/sync');
    await t.runner.runUntilIdle();
    expect((await call(t, asYc(), 'GET', '/api/booking/visits')).body.items).toHaveLength(1);
  });

  it('free slots and bookings go through YClients with our ids', async () => {
    const service = (await call(t, asYc(), 'GET', '/api/booking/services')).body.items[0];
    const staff = (await call(t, asYc(), 'GET', '/api/booking/staff')).body.items[0];
    const contact = (await call(t, asYc(), 'GET', '/api/contacts')).body.items[0];
    const slots = await call(t, asYc(), 'GET', `/api/booking/free-slots?serviceId=${service.id}&from=${local('2026-01-07', '00:00')}&to=${local('2026-01-08', '00:00')}`);
    expect(slots.body.items.map((s: { startAt: string; staffId: string }) => [s.startAt, s.staffId])).toEqual([
      [local('2026-01-07', '11:00'), staff.id],
      [local('2026-01-07', '11:30'), staff.id],
      [local('2026-01-07', '12:00'), staff.id],
    ]);
    const booked = await call(t, asYc(), 'POST', '/api/booking/appointments', { contactId: contact.id, serviceId: service.id, staffId: staff.id, startAt: local('2026-01-07', '12:00') });
    expect(booked.status).toBe(201);
    const record = fake.records.find((r) => String(r.id) === booked.body.externalId)!;
    expect(record).toMatchObject({ staff_id: 10, datetime: '2026-01-07T12:00:00+06:00', client: { phone: '+996550567890' } });
    const taken = await call(t, asYc(), 'POST', '/api/booking/appointments', { contactId: contact.id, serviceId: service.id, staffId: staff.id, startAt: local('2026-01-07', '12:00') });
    expect(taken.status).toBe(409);
    const cancelled = await call(t, asYc(), 'POST', `/api/booking/appointments/${booked.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(record.deleted).toBe(true);
  });

  it('a rejected token fails the sync with the provider’s message', async () => {
    await call(t, asYc(), 'PUT', '/api/booking/settings', { yclients: { companyId: '777', baseUrl: fake.url, userToken: 'revoked-token' } });
    await call(t, asYc(), 'POST', '/api/booking/sync');
    await t.runner.runUntilIdle();
    const settings = await call(t, asYc(), 'GET', '/api/booking/settings');
    expect(settings.body.lastSync).toMatchObject({ status: 'failed' });
    expect(settings.body.lastSync.error).toMatch(/Authentication needed/);
  });
});
