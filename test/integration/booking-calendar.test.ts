import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeYClients, type FakeYClients } from '../fakes/yclients-server.ts';

/** The parts of the booking API the web pages need beyond the basics: time off, moving, CSV preview and column choice, connection test. */

const TZ = 'Asia/Bishkek';
const local = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toUTC().toISO()!;
const clock = new ManualClock(new Date(local('2026-01-05', '09:00')));
const WEEKDAYS = { mon: [['10:00', '14:00']], tue: [['10:00', '14:00']], wed: [['10:00', '14:00']], thu: [['10:00', '14:00']], fri: [['10:00', '14:00']] };

let t: TestApp;
let org: TestOrg;
const auth = () => ({ cookie: org.cookie });
let serviceId: string;
let dinara: string;
let aigul: string;
let contactId: string;

async function csv(path: string, content: string, query = '') {
  const response = await t.app.inject({ method: 'POST', url: `${path}${query}`, headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'text/csv' }, payload: content });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  await t.ctx.db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS' }).where('id', '=', org.organizationId).execute();
  serviceId = (await call(t, auth(), 'POST', '/api/booking/services', { name: 'Маникюр', durationMinutes: 60, price: 1200 })).body.id;
  dinara = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: WEEKDAYS, serviceIds: [serviceId] })).body.id;
  aigul = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Айгуль', workingHours: WEEKDAYS, serviceIds: [serviceId] })).body.id;
  contactId = (await call(t, auth(), 'POST', '/api/contacts', { firstName: 'Айпери', phone: '+996700111222' })).body.id;
});
afterAll(() => t?.close());

describe('vacations and days off (seed 003, edge case 3)', () => {
  it('a vacation removes the master’s free slots on those days and refuses bookings then; other masters stay free', async () => {
    const vacation = await call(t, auth(), 'POST', `/api/booking/staff/${dinara}/time-off`, { kind: 'vacation', startsOn: '2026-01-06', endsOn: '2026-01-07', note: 'Отпуск' });
    expect(vacation.status).toBe(201);
    expect(vacation.body).toMatchObject({ staffId: dinara, kind: 'vacation', startsOn: '2026-01-06', endsOn: '2026-01-07', note: 'Отпуск' });
    const slots = await call(t, auth(), 'GET', `/api/booking/free-slots?serviceId=${serviceId}&from=${local('2026-01-06', '00:00')}&to=${local('2026-01-09', '00:00')}`);
    const byStaff = (id: string) => slots.body.items.filter((s: { staffId: string }) => s.staffId === id).map((s: { startAt: string }) => s.startAt);
    expect(byStaff(dinara)[0]).toBe(local('2026-01-08', '10:00'));
    expect(byStaff(aigul)[0]).toBe(local('2026-01-06', '10:00'));
    const refused = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId: dinara, startAt: local('2026-01-07', '11:00') });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/vacation/);
    const list = await call(t, auth(), 'GET', `/api/booking/time-off?staffId=${dinara}&since=2026-01-01`);
    expect(list.body.items).toHaveLength(1);
    expect((await call(t, auth(), 'GET', '/api/booking/time-off?since=2026-02-01')).body.items).toHaveLength(0);
    const dayOff = await call(t, auth(), 'POST', `/api/booking/staff/${aigul}/time-off`, { kind: 'day_off', startsOn: '2026-01-06', endsOn: '2026-01-06' });
    expect((await call(t, auth(), 'DELETE', `/api/booking/staff/${aigul}/time-off/${dayOff.body.id}`)).body).toEqual({ ok: true });
    expect((await call(t, auth(), 'DELETE', `/api/booking/staff/${aigul}/time-off/${dayOff.body.id}`)).status).toBe(404);
  });

  it('4xx name the field: dates, order of dates, kind, unknown staff', async () => {
    const badDate = await call(t, auth(), 'POST', `/api/booking/staff/${dinara}/time-off`, { startsOn: '2026-13-01', endsOn: '2026-01-02' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields[0].field).toBe('body.startsOn');
    const backwards = await call(t, auth(), 'POST', `/api/booking/staff/${dinara}/time-off`, { startsOn: '2026-01-10', endsOn: '2026-01-02' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('body.endsOn');
    const kind = await call(t, auth(), 'POST', `/api/booking/staff/${dinara}/time-off`, { kind: 'holiday', startsOn: '2026-01-10', endsOn: '2026-01-10' });
    expect(kind.body.error.fields[0].field).toBe('body.kind');
    const nobody = await call(t, auth(), 'POST', '/api/booking/staff/00000000-0000-4000-8000-000000000000/time-off', { startsOn: '2026-01-10', endsOn: '2026-01-10' });
    expect(nobody.status).toBe(404);
  });
});

describe('moving an appointment', () => {
  it('moves to a free time of another master, refuses a taken or vacation time naming body.startAt, not a cancelled one', async () => {
    const booked = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId: aigul, startAt: local('2026-01-06', '10:00') });
    expect(booked.status).toBe(201);
    const other = await call(t, auth(), 'POST', '/api/booking/appointments', { contactId, serviceId, staffId: aigul, startAt: local('2026-01-08', '12:00') });
    const moved = await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/move`, { startAt: local('2026-01-08', '10:00'), staffId: dinara });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ staffId: dinara, startAt: local('2026-01-08', '10:00'), endAt: local('2026-01-08', '11:00'), status: 'booked' });
    const sameTime = await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/move`, { startAt: local('2026-01-08', '10:30') });
    expect(sameTime.status).toBe(200);
    const clash = await call(t, auth(), 'POST', `/api/booking/appointments/${other.body.id}/move`, { startAt: local('2026-01-08', '11:00'), staffId: dinara });
    expect(clash.status).toBe(409);
    expect(clash.body.error.fields[0].field).toBe('body.startAt');
    const onVacation = await call(t, auth(), 'POST', `/api/booking/appointments/${other.body.id}/move`, { startAt: local('2026-01-07', '12:00'), staffId: dinara });
    expect(onVacation.status).toBe(409);
    await call(t, auth(), 'POST', `/api/booking/appointments/${other.body.id}/cancel`);
    expect((await call(t, auth(), 'POST', `/api/booking/appointments/${other.body.id}/move`, { startAt: local('2026-01-09', '12:00') })).status).toBe(422);
    expect((await call(t, auth(), 'POST', `/api/booking/appointments/${booked.body.id}/move`, { startAt: 'tomorrow' })).body.error.fields[0].field).toBe('body.startAt');
    const events = await t.ctx.db.selectFrom('events').select('type').where('organization_id', '=', org.organizationId).where('type', '=', 'booking.moved').execute();
    expect(events).toHaveLength(2);
  });
});

describe('visits CSV: preview and column choice', () => {
  const file = 'Клиент;Моб.;Что делали;Когда;Мастер;Сумма\nАйпери;+996 700 111 222;Маникюр;01.12.2025 11:00;Динара;1200\nБолот;12;Маникюр;02.12.2025;Динара;1200\n';

  it('without a choice the unusual headers are reported by the column that is missing', async () => {
    const preview = await csv('/api/booking/visit-imports/preview', file);
    expect(preview.status).toBe(400);
    expect(preview.body.error.fields[0].field).toBe('query.phoneColumn');
  });

  it('previews with the chosen columns: the first lines as stored and the lines that would be skipped, writing nothing', async () => {
    const query = `?phoneColumn=${encodeURIComponent('Моб.')}&serviceColumn=${encodeURIComponent('Что делали')}&dateColumn=${encodeURIComponent('Когда')}&priceColumn=${encodeURIComponent('Сумма')}`;
    const preview = await csv('/api/booking/visit-imports/preview', file, query);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      headers: ['Клиент', 'Моб.', 'Что делали', 'Когда', 'Мастер', 'Сумма'],
      mapping: { phone: 'Моб.', name: 'Клиент', service: 'Что делали', date: 'Когда', staff: 'Мастер', price: 'Сумма', time: null },
      lines: 2,
      valid: 1,
      badLines: 1,
    });
    expect(preview.body.sample[0]).toMatchObject({ line: 2, phone: '+996700111222', name: 'Айпери', service: 'Маникюр', staff: 'Динара', price: 1200, startAt: local('2025-12-01', '11:00') });
    expect(preview.body.errors[0]).toMatchObject({ line: 3 });
    expect((await call(t, auth(), 'GET', '/api/booking/visits')).body.items).toHaveLength(0);
    const imported = await csv('/api/booking/visit-imports', file, `${query}&fileName=visits.csv&staffColumn=`);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ imported: 1, badLines: 1, staffCreated: 0 });
    expect((await call(t, auth(), 'GET', '/api/booking/visits')).body.items[0].staffId).toBeNull();
  });

  it('a chosen header the file does not have names its column', async () => {
    const wrong = await csv('/api/booking/visit-imports/preview', file, `?phoneColumn=${encodeURIComponent('Телефон')}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('query.phoneColumn');
    const unknown = await csv('/api/booking/visit-imports/preview', file, '?colourColumn=x');
    expect(unknown.body.error.fields[0].field).toBe('query.colourColumn');
  });
});

describe('connection test', () => {
  let fake: FakeYClients;
  beforeAll(async () => {
    fake = await startFakeYClients({
      companyId: 555,
      partnerToken: 'partner-secret-1',
      userToken: 'user-secret-2',
      services: [{ id: 1, title: 'Стрижка', category_id: null, price_min: 900, price_max: 900, duration: 3600, staff: [{ id: 10, seance_length: 3600 }] }],
      staff: [{ id: 10, name: 'Тимур', schedule: {} }],
      clients: [],
      records: [],
    });
  });
  afterAll(() => fake?.close());

  it('the built-in calendar is always reachable; YClients answers with its counts or the reason it refused', async () => {
    const builtin = await call(t, auth(), 'POST', '/api/booking/settings/test');
    expect(builtin.body).toMatchObject({ ok: true, provider: 'builtin', services: 1, staff: 2, error: null });
    const yc = await createTestOrg(t);
    const asYc = { cookie: yc.cookie };
    await call(t, asYc, 'PUT', '/api/booking/settings', { provider: 'yclients', yclients: { companyId: '555', baseUrl: fake.url, partnerToken: 'partner-secret-1', userToken: 'user-secret-2' } });
    expect((await call(t, asYc, 'POST', '/api/booking/settings/test')).body).toMatchObject({ ok: true, provider: 'yclients', services: 1, staff: 1 });
    await call(t, asYc, 'PUT', '/api/booking/settings', { yclients: { companyId: '555', baseUrl: fake.url, partnerToken: 'wrong-partner-token' } });
    const refused = await call(t, asYc, 'POST', '/api/booking/settings/test');
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toMatch(/YClients/);
  });
});
