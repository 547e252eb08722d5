import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';
import { insertVisits } from '../helpers/booking-visits.ts';

/**
 * Reactivation through a model (the fake OpenAI-compatible server): the offer is written by the model in the
 * business's tone when it keeps every offered time, and falls back to the template when it drops one; the client's
 * free-form answer is read by the model, which picks the slot that gets booked.
 */

const TZ = 'Asia/Bishkek';
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();
// Later than the machine's own date, so messages queued at the database's now() are dispatched on this clock.
const clock = new ManualClock(at('2030-03-04', '09:00'));

let t: TestApp;
let org: TestOrg;
let fake: FakeOpenAi;
const auth = () => ({ cookie: org.cookie });
const ids: Record<string, string> = {};

function schemaName(body: Record<string, unknown>): string {
  return ((body.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name ?? '') as string;
}
function userJson(body: Record<string, unknown>): Record<string, any> {
  const messages = body.messages as Array<{ role: string; content: string }>;
  return JSON.parse(messages.find((m) => m.role === 'user')!.content);
}

beforeAll(async () => {
  fake = await startFakeOpenAi({
    respond: (body) => {
      const name = schemaName(body);
      const user = userJson(body);
      if (name === 'reactivation_offer') {
        const slots = user.numberedSlots as Array<{ number: number; when: string; staff: string }>;
        if (user.client.firstName === 'Асель') return { content: JSON.stringify({ message: `${user.client.firstName}, соскучились! Приходите на стрижку на этой неделе.` }) };
        return { content: JSON.stringify({ message: `${user.client.firstName}, мы соскучились по вам в «${user.business.name}»! Мастер ${slots[0]!.staff} ждёт: ${slots.map((s) => `${s.number}) ${s.when}`).join(', ')}. Какой вариант выбираете?` }) };
      }
      if (name === 'reactivation_reply') {
        return { content: JSON.stringify({ replyClass: 'positive', intent: 'book', slotNumber: 3, serviceName: null, staffName: null, timeOfDay: null, weekdays: null, postponeDays: null }) };
      }
      return { status: 400, body: { error: { message: `unexpected task ${name}` } } };
    },
  });
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  const { db } = t.ctx;
  await db.updateTable('organizations').set({ timezone: TZ, currency: 'KGS', locale: 'ru', name: 'Салон Лето' }).where('id', '=', org.organizationId).execute();
  ids.haircut = (await call(t, auth(), 'POST', '/api/booking/services', { name: 'Стрижка', durationMinutes: 60, price: 1500 })).body.id;
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['10:00', '20:00']]]));
  ids.dinara = (await call(t, auth(), 'POST', '/api/booking/staff', { name: 'Динара', workingHours: hours, serviceIds: [ids.haircut] })).body.id;
  for (const [key, name, phone] of [['aida', 'Аида', '+996700400001'], ['asel', 'Асель', '+996700400002']] as const) {
    ids[key] = (await call(t, auth(), 'POST', '/api/contacts', { firstName: name, phone })).body.id;
    const visits = [0, 1, 2, 3].map((k) => DateTime.fromJSDate(at('2030-01-17', '15:00'), { zone: TZ }).minus({ days: 30 * k }).toJSDate());
    await insertVisits(db, { organizationId: org.organizationId, contactId: ids[key]!, serviceId: ids.haircut!, staffId: ids.dinara!, pricePaid: 1500 }, visits);
  }
  expect((await call(t, auth(), 'POST', '/api/reactivation/rules/recompute', { useLlm: false })).status).toBe(200);
  expect((await call(t, auth(), 'PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model', apiKey: 'sk-test-reactivation' })).status).toBe(200);
  expect((await call(t, auth(), 'PUT', '/api/reactivation/settings', { isEnabled: true, autoApprove: true })).status).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('reactivation with a model', () => {
  it('uses the model’s offer when it names every slot, the template when it drops them', async () => {
    const run = await call(t, auth(), 'POST', '/api/reactivation/queue/run');
    expect(run.body.created).toBe(2);
    const items = (await call(t, auth(), 'GET', '/api/reactivation/queue')).body.items as Array<{ contact: { id: string }; message: string; messageSource: string; slots: Array<{ start: string }> }>;
    const aida = items.find((i) => i.contact.id === ids.aida)!;
    expect(aida.messageSource).toBe('ai');
    expect(aida.message).toContain('мы соскучились по вам в «Салон Лето»');
    const asel = items.find((i) => i.contact.id === ids.asel)!;
    expect(asel.messageSource).toBe('template');
    for (const slot of asel.slots) expect(asel.message).toContain(DateTime.fromISO(slot.start, { zone: TZ }).toFormat('HH:mm'));
    const offerCalls = fake.requests.filter((r) => schemaName(r.body) === 'reactivation_offer');
    expect(offerCalls).toHaveLength(2);
    // The prompt carries the business, the service, the master, the attempt's discount and the numbered slots.
    expect(userJson(offerCalls[0]!.body)).toMatchObject({ language: 'ru', service: { name: 'Стрижка' }, attemptNumber: 1, discountPercent: 0 });
    expect(userJson(offerCalls[0]!.body).numberedSlots).toHaveLength(3);
  });

  it('reads a free-form answer with the model and books the slot it picked', async () => {
    for (let hour = 10; hour <= 19; hour++) {
      clock.set(at('2030-03-04', `${hour}:30`));
      await t.runner.runUntilIdle();
    }
    const list = await call(t, auth(), 'GET', `/api/reactivation/attempts?contactId=${ids.aida}`);
    const offer = list.body.items[0];
    expect(offer.status).toBe('sent');
    clock.advance(60_000);
    expect((await call(t, auth(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'Мне подойдёт самый поздний вариант', from: { phone: '+996700400001' } })).status).toBeLessThan(300);
    clock.advance(1000);
    await t.runner.runUntilIdle();
    await t.runner.runUntilIdle();
    const detail = (await call(t, auth(), 'GET', `/api/reactivation/attempts/${offer.id}`)).body;
    expect(detail).toMatchObject({ status: 'booked', replyClass: 'positive' });
    expect(detail.replies[0]).toMatchObject({ source: 'ai', intent: 'book', action: 'booked slot 3' });
    const appointment = await call(t, auth(), 'GET', `/api/booking/appointments/${detail.bookedAppointmentId}`);
    expect(appointment.body.startAt).toBe(offer.slots[2].start);
    const replyCall = fake.requests.find((r) => schemaName(r.body) === 'reactivation_reply')!;
    expect(userJson(replyCall.body)).toMatchObject({ text: 'Мне подойдёт самый поздний вариант', offeredService: 'Стрижка' });
  });
});
