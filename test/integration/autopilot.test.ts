import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';

/**
 * The autopilot end to end on the sandbox channel: a client's message to a lead on autopilot is answered from the
 * FAQ offline, or through the model against the fake OpenAI-compatible server; a request for a person, anger or
 * doubt hands the lead over (autopilot off, the team notified); working hours and the typing delay hold the reply.
 */

let t: TestApp;
let org: TestOrg;
let fake: FakeOpenAi;
let modelReply: { action: 'reply' | 'handover'; text: string; reason: string; confidence: number } = { action: 'reply', text: '', reason: '', confidence: 0 };
// Monday 2026-03-02 12:00 in Bishkek (UTC+6): inside 09:00–21:00.
const clock = new ManualClock(new Date('2026-03-02T06:00:00Z'));
const as = () => ({ cookie: org.cookie });

const FAQ = [
  { question: 'Сколько стоит маникюр?', answer: 'Маникюр с покрытием — 1200 сом. Записать вас?' },
  { question: 'What are your opening hours?', answer: 'We are open 9:00–21:00 every day.' },
];

async function clientSays(text: string, phone: string, name = 'Client') {
  // Messages a second apart, as in life: the thread's order and "is there a newer message" depend on it.
  clock.advance(1000);
  const response = await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text, from: { name, phone } });
  expect(response.status).toBeLessThan(300);
  return { conversationId: response.body.conversationId as string, contactId: response.body.message.authorContactId as string };
}

async function leadOnAutopilot(contactId: string) {
  const lead = await call(t, as(), 'POST', '/api/dialogs/leads', { contactId });
  expect(lead.status).toBe(201);
  const on = await call(t, as(), 'PATCH', `/api/dialogs/leads/${lead.body.id}`, { autopilot: true });
  expect(on.body.autopilot).toBe(true);
  return lead.body.id as string;
}

async function messages(conversationId: string) {
  const response = await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages?limit=50`);
  return (response.body.items as Array<{ direction: string; body: string; autopilot: boolean; authorName: string | null }>).reverse();
}

async function settle() {
  clock.advance(1000);
  await t.runner.runUntilIdle();
  await t.runner.runUntilIdle();
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ respond: () => ({ content: JSON.stringify(modelReply) }) });
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek' }).where('id', '=', org.organizationId).execute();
  const saved = await call(t, as(), 'PUT', '/api/autopilot/settings', { defaultOn: false, faq: FAQ, typingDelaySeconds: 0, workingHours: { start: '09:00', end: '21:00', daysOfWeek: [1, 2, 3, 4, 5, 6, 7] }, handoverPhrases: ['с хозяйкой'] });
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('autopilot offline (FAQ only)', () => {
  it('answers a question from the FAQ, marked as the autopilot’s', async () => {
    const first = await clientSays('Здравствуйте', '+996 700 100 001', 'Айгуль');
    await leadOnAutopilot(first.contactId);
    const asked = await clientSays('Подскажите, сколько стоит маникюр?', '+996 700 100 001', 'Айгуль');
    await settle();
    const thread = await messages(asked.conversationId);
    const reply = thread.at(-1)!;
    expect(reply).toMatchObject({ direction: 'outbound', body: FAQ[0]!.answer, autopilot: true, authorName: 'Autopilot' });
    const decisions = await call(t, as(), 'GET', `/api/autopilot/decisions?conversationId=${asked.conversationId}`);
    expect(decisions.body.items[0]).toMatchObject({ outcome: 'replied', reason: expect.stringContaining('FAQ'), provider: 'offline' });
    // The greeting before the lead existed was never answered, and nothing was answered twice.
    expect(thread.filter((m) => m.autopilot)).toHaveLength(1);
  });

  it('hands over on “позовите менеджера”: no reply, autopilot off, the team notified', async () => {
    const first = await clientSays('Добрый день', '+996 700 100 002', 'Бермет');
    const leadId = await leadOnAutopilot(first.contactId);
    const asked = await clientSays('Позовите менеджера, пожалуйста', '+996 700 100 002', 'Бермет');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    expect((await call(t, as(), 'GET', `/api/leads/${leadId}`)).body.autopilot).toBe(false);
    const notifications = await call(t, as(), 'GET', '/api/notifications?unread=true');
    const handover = notifications.body.items.find((n: { subjectId: string }) => n.subjectId === asked.conversationId);
    expect(handover).toMatchObject({ kind: 'autopilot.handover', link: `/conversations/${asked.conversationId}` });
    expect(handover.title).toContain('Бермет');
    expect(notifications.body.unread).toBeGreaterThanOrEqual(1);
    expect((await call(t, as(), 'POST', `/api/notifications/${handover.id}/read`)).status).toBe(200);
    // Autopilot is off now: the next message is left to people.
    await clientSays('Сколько стоит маникюр?', '+996 700 100 002', 'Бермет');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
  });

  it('hands over when the FAQ has no answer, on the organization’s own phrase, and in English', async () => {
    for (const [phone, text] of [
      ['+996 700 100 003', 'Можно к Динаре на пятницу?'],
      ['+996 700 100 004', 'Хочу поговорить с хозяйкой салона'],
      ['+996 700 100 005', 'I want a human, please'],
    ] as const) {
      const first = await clientSays('Hello', phone);
      const leadId = await leadOnAutopilot(first.contactId);
      const asked = await clientSays(text, phone);
      await settle();
      expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
      expect((await call(t, as(), 'GET', `/api/leads/${leadId}`)).body.autopilot).toBe(false);
    }
  });

  it('never answers an opted-out contact', async () => {
    const first = await clientSays('Hi', '+996 700 100 006');
    await leadOnAutopilot(first.contactId);
    await call(t, as(), 'PATCH', `/api/contacts/${first.contactId}`, { optedOut: true });
    const asked = await clientSays('What are your opening hours?', '+996 700 100 006');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    const decisions = await call(t, as(), 'GET', `/api/autopilot/decisions?conversationId=${asked.conversationId}`);
    expect(decisions.body.items[0]).toMatchObject({ outcome: 'skipped', reason: 'the contact opted out' });
  });

  it("keeps to the account's limits: a spent daily allowance hands the client to a person, the hourly cap makes the reply wait", async () => {
    const accountId = org.sandboxAccountId;
    const health = async () => (await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/sending-health`)).body as { today: { sent: number } };
    const setLimits = async (limits: Record<string, unknown>) => {
      const saved = await call(t, as(), 'PUT', `/api/campaigns/agents/${accountId}/limits`, { paceSeconds: null, hourlyCap: null, dailyCap: null, warmup: null, ...limits });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    };
    const sentToday = (await health()).today.sent;
    expect(sentToday).toBeGreaterThanOrEqual(1);

    await setLimits({ dailyCap: sentToday });
    const first = await clientSays('Здравствуйте', '+996 700 100 019', 'Чолпон');
    const leadId = await leadOnAutopilot(first.contactId);
    const asked = await clientSays('Сколько стоит маникюр?', '+996 700 100 019', 'Чолпон');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    const decisions = await call(t, as(), 'GET', `/api/autopilot/decisions?conversationId=${asked.conversationId}`);
    expect(decisions.body.items[0]).toMatchObject({ outcome: 'handed_over', reason: expect.stringContaining("today's limit") });
    expect((await call(t, as(), 'GET', `/api/leads/${leadId}`)).body.autopilot).toBe(false);

    // Under an hourly cap already reached, the reply waits for the next hour, then goes.
    await setLimits({ hourlyCap: Math.max(1, (await health()).today.sent) });
    const other = await clientSays('Hello', '+996 700 100 020', 'Kate');
    await leadOnAutopilot(other.contactId);
    const question = await clientSays('What are your opening hours?', '+996 700 100 020', 'Kate');
    await settle();
    expect((await messages(question.conversationId)).some((m) => m.autopilot)).toBe(false);
    await setLimits({});
    clock.advance(60 * 60_000);
    await settle();
    expect((await messages(question.conversationId)).filter((m) => m.autopilot).map((m) => m.body)).toEqual([FAQ[1]!.answer]);
  });

  it('waits for working hours and the typing delay', async () => {
    await call(t, as(), 'PUT', '/api/autopilot/settings', { defaultOn: false, faq: FAQ, typingDelaySeconds: 30, workingHours: { start: '09:00', end: '21:00', daysOfWeek: [1, 2, 3, 4, 5, 6, 7] }, handoverPhrases: [] });
    clock.set(new Date('2026-03-02T16:30:00Z')); // 22:30 in Bishkek
    const first = await clientSays('Hello', '+996 700 100 007');
    await leadOnAutopilot(first.contactId);
    const asked = await clientSays('What are your opening hours?', '+996 700 100 007');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    clock.set(new Date('2026-03-03T02:59:00Z')); // 08:59
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    clock.set(new Date('2026-03-03T03:00:31Z')); // 09:00:31
    await settle();
    expect((await messages(asked.conversationId)).filter((m) => m.autopilot)).toHaveLength(1);
  });

  it('a new lead takes the organization’s default', async () => {
    await call(t, as(), 'PUT', '/api/autopilot/settings', { defaultOn: true, faq: FAQ, typingDelaySeconds: 0, workingHours: null, handoverPhrases: [] });
    const first = await clientSays('Hello', '+996 700 100 008');
    const lead = await call(t, as(), 'POST', '/api/dialogs/leads', { contactId: first.contactId });
    await settle();
    expect((await call(t, as(), 'GET', `/api/leads/${lead.body.id}`)).body.autopilot).toBe(true);
  });

  it('rejects bad settings naming the field', async () => {
    const bad = await call(t, as(), 'PUT', '/api/autopilot/settings', { defaultOn: true, faq: [{ question: 'x', answer: '' }], typingDelaySeconds: -1, workingHours: { start: '25:00', end: '21:00', daysOfWeek: [] }, handoverPhrases: [] });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.typingDelaySeconds', 'body.workingHours.start']));
  });
});

describe('autopilot through the model', () => {
  beforeAll(async () => {
    const saved = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model', apiKey: 'sk-autopilot' });
    expect(saved.status).toBe(200);
    await call(t, as(), 'PUT', '/api/autopilot/settings', { defaultOn: false, faq: FAQ, typingDelaySeconds: 0, workingHours: null, handoverPhrases: [] });
  });

  it('sends the model’s reply, written from the business profile and the dialog', async () => {
    modelReply = { action: 'reply', text: 'We have slots on Tuesday at 14:00 or 16:30 — which suits you?', reason: 'offer slots', confidence: 0.9 };
    const first = await clientSays('Hi', '+996 700 100 009');
    await leadOnAutopilot(first.contactId);
    const asked = await clientSays('Can I come for a manicure this week?', '+996 700 100 009');
    await settle();
    expect((await messages(asked.conversationId)).at(-1)).toMatchObject({ body: modelReply.text, autopilot: true });
    const request = fake.requests.at(-1)!.body as { messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } };
    expect(request.response_format.json_schema.name).toBe('autopilot_reply');
    expect(request.messages[0]!.content).toContain('Сколько стоит маникюр?');
    expect(request.messages[1]!.content).toContain('Can I come for a manicure this week?');
  });

  it('hands over when the model is unsure', async () => {
    modelReply = { action: 'reply', text: 'Maybe?', reason: 'not sure about the discount', confidence: 0.3 };
    const first = await clientSays('Hi', '+996 700 100 010');
    const leadId = await leadOnAutopilot(first.contactId);
    const asked = await clientSays('Do you give a 50% discount to students?', '+996 700 100 010');
    await settle();
    expect((await messages(asked.conversationId)).some((m) => m.autopilot)).toBe(false);
    expect((await call(t, as(), 'GET', `/api/leads/${leadId}`)).body.autopilot).toBe(false);
    const decisions = await call(t, as(), 'GET', `/api/autopilot/decisions?conversationId=${asked.conversationId}`);
    expect(decisions.body.items[0]).toMatchObject({ outcome: 'handed_over', reason: expect.stringContaining('unsure'), provider: 'openai' });
  });
});
