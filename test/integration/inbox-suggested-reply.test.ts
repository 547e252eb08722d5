import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';

/**
 * The composer's suggested reply (issue 14): through the OpenAI-compatible client when the organization has a
 * model (the fake server sees the business profile, the services and the dialog), an offline draft without one.
 * Nothing is sent either way.
 */

let t: TestApp;
let keyed: TestOrg;
let offline: TestOrg;
let ai: FakeOpenAi;

async function clientWrites(org: TestOrg, text: string, name: string, phone: string): Promise<string> {
  const response = await call(t, { cookie: org.cookie }, 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text, from: { name, phone } });
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  await t.runner.runUntilIdle();
  const list = await call(t, { cookie: org.cookie }, 'GET', '/api/conversations?view=all&status=all');
  return list.body.items.find((c: { contact: { phone: string } | null }) => c.contact?.phone === phone).id;
}

async function outboundCount(org: TestOrg, conversationId: string) {
  const messages = await call(t, { cookie: org.cookie }, 'GET', `/api/conversations/${conversationId}/messages`);
  return messages.body.items.filter((m: { direction: string }) => m.direction === 'outbound').length;
}

beforeAll(async () => {
  ai = await startFakeOpenAi({ respond: () => ({ content: JSON.stringify({ text: 'Маникюр стоит 1 200 сом. Записать вас на субботу?' }) }) });
  t = await createTestApp();
  keyed = await createTestOrg(t);
  offline = await createTestOrg(t);
  const settings = await call(t, { cookie: keyed.cookie }, 'PUT', '/api/settings/ai', { baseUrl: ai.baseURL, model: 'fake-chat', apiKey: 'sk-fake' });
  expect(settings.status).toBe(200);
  for (const org of [keyed, offline]) {
    const service = await call(t, { cookie: org.cookie }, 'POST', '/api/booking/services', { name: 'Маникюр с покрытием', durationMinutes: 60, price: 1200, currency: 'KGS' });
    expect(service.status, JSON.stringify(service.body)).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
  await ai?.close();
});

describe('POST /api/conversations/:id/suggested-reply', () => {
  it('with a key: the model drafts it from the business profile, the services and the dialog; nothing is sent', async () => {
    const conversationId = await clientWrites(keyed, 'Здравствуйте, сколько стоит маникюр с покрытием?', 'Айгерим', '+996700500001');
    const before = ai.requests.length;
    const response = await call(t, { cookie: keyed.cookie }, 'POST', `/api/conversations/${conversationId}/suggested-reply`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ text: 'Маникюр стоит 1 200 сом. Записать вас на субботу?', source: 'ai', language: 'ru' });
    const request = ai.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'))!;
    const prompt = JSON.stringify(request.body);
    expect(prompt).toContain('Маникюр с покрытием: 1200 KGS');
    expect(prompt).toContain('сколько стоит маникюр с покрытием');
    expect(await outboundCount(keyed, conversationId)).toBe(0);
  });

  it('without a key: an offline draft in the client’s language with the price, never a bare greeting', async () => {
    const ru = await clientWrites(offline, 'Добрый день! Сколько стоит маникюр с покрытием?', 'Динара Асанова', '+996700500002');
    const response = await call(t, { cookie: offline.cookie }, 'POST', `/api/conversations/${ru}/suggested-reply`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: 'offline', language: 'ru' });
    expect(response.body.text).toMatch(/^Здравствуйте, Динара! /);
    expect(response.body.text).toMatch(/Маникюр с покрытием — 1\s200 сом\./);

    const en = await clientWrites(offline, 'Hello, how much is a manicure? Can I book for Saturday?', 'Emma Stone', '+996700500003');
    const english = await call(t, { cookie: offline.cookie }, 'POST', `/api/conversations/${en}/suggested-reply`);
    expect(english.body).toMatchObject({ source: 'offline', language: 'en' });
    expect(english.body.text).toMatch(/^Hello Emma! .*Our prices: Маникюр с покрытием — 1,200 KGS\. Which day and time would suit you\? We will find a free slot\.$/);
    expect(await outboundCount(offline, en)).toBe(0);
  });

  it('another organization’s conversation is not found; a malformed id names the param', async () => {
    const conversationId = await clientWrites(keyed, 'Ещё вопрос', 'Другой', '+996700500004');
    expect((await call(t, { cookie: offline.cookie }, 'POST', `/api/conversations/${conversationId}/suggested-reply`)).status).toBe(404);
    const bad = await call(t, { cookie: offline.cookie }, 'POST', '/api/conversations/not-a-uuid/suggested-reply');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('params.conversationId');
  });
});
