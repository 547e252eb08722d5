import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { liftSendingLimits } from '../helpers/sending-limits.ts';
import { evolutionMessageRecord, evolutionWebhookEnvelope, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { fixturesAvailable, readFixture } from '../helpers/shared-fixtures.ts';

const API_KEY = 'evo-global-key-0123456789';
const INSTANCE = 'shop-main';
const PUBLIC_URL = 'https://crm.example.test';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let fake: FakeEvolution;
let accountId: string;
let hookPath: string;
let secret: string;

const as = () => ({ cookie: org.cookie });

async function webhook(body: Record<string, unknown>, path = hookPath) {
  const response = await t.app.inject({ method: 'POST', url: path, payload: body });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

/** Runs every queued job now, whatever its backoff. */
async function runDue() {
  await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
  await t.runner.runUntilIdle();
}

async function rowCounts() {
  const count = async (table: 'contacts' | 'conversations' | 'messages' | 'events') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages'), events: await count('events') };
}

async function openConversation(phone: string) {
  const contact = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Client', lastName: phone, phone });
  expect(contact.status).toBe(201);
  const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: accountId });
  expect(conversation.status).toBe(201);
  return conversation.body.id as string;
}

async function lastMessage(conversationId: string) {
  return (await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items[0];
}

async function dispatchJob(messageId: string) {
  return t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${messageId}`).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  fake = await startFakeEvolution({ apiKey: API_KEY, instance: INSTANCE, instanceExists: false, notOnWhatsApp: ['996700000404'], takenNames: ['other-instance'] });
  t = await createTestApp({ config: { PUBLIC_URL, CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('connecting an Evolution instance', () => {
  it('validates the config per field before calling the gateway', async () => {
    const missing = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: fake.url } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toContain('body.config.apiKey');
    const badUrl = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: 'ftp://x', apiKey: 'k' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.fields.map((f: { field: string }) => f.field)).toContain('body.config.baseUrl');
    const unknownField = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: fake.url, apiKey: 'k', token: 'x' } });
    expect(unknownField.status).toBe(400);
    expect(fake.requests).toHaveLength(0);
  });

  it('a key the gateway rejects → 422 naming config.apiKey, nothing stored', async () => {
    const before = (await call(t, as(), 'GET', '/api/channel-accounts')).body.items.length;
    const rejected = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: fake.url, apiKey: 'wrong-key', instanceName: INSTANCE } });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.fields[0].field).toBe('body.config.apiKey');
    expect((await call(t, as(), 'GET', '/api/channel-accounts')).body.items).toHaveLength(before);
  });

  it('creates the instance with our webhook, stores the key encrypted and never returns it', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', {
      channel: 'evolution',
      name: 'Shop WhatsApp',
      config: { baseUrl: fake.url, apiKey: API_KEY, instanceName: INSTANCE },
    });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    await liftSendingLimits(t, as(), accountId);
    expect(created.body).toMatchObject({ channel: 'evolution', status: 'disconnected', hasCredentials: true, connection: { state: 'connecting' } });
    expect(created.body.settings).toEqual({ baseUrl: fake.url, instanceName: INSTANCE });
    expect(JSON.stringify(created.body)).not.toContain(API_KEY);
    expect(fake.instanceExists()).toBe(true);

    const info = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/webhook`);
    secret = info.body.secret;
    hookPath = info.body.path;
    expect(hookPath).toBe(`/webhooks/evolution/${accountId}/${secret}`);
    expect(info.body.url).toBe(`${PUBLIC_URL}${hookPath}`);
    expect(fake.webhook).toMatchObject({ url: `${PUBLIC_URL}${hookPath}`, byEvents: false });
    expect(fake.webhook!.events).toEqual(expect.arrayContaining(['MESSAGES_UPSERT', 'MESSAGES_UPDATE', 'CONNECTION_UPDATE', 'CONTACTS_UPSERT']));

    const row = await t.ctx.db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(row.secrets_encrypted).toMatch(/^v1:/);
    expect(row.secrets_encrypted).not.toContain(API_KEY);
    expect(JSON.parse(t.ctx.secrets.open(row.secrets_encrypted!))).toEqual({ apiKey: API_KEY });
    expect((await call(t, as(), 'GET', '/api/channel-accounts')).body.items.every((a: { settings: object }) => !JSON.stringify(a).includes(API_KEY))).toBe(true);
  });

  it('an instance name already taken on the gateway → 409 naming config.instanceName', async () => {
    const taken = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'Again', config: { baseUrl: fake.url, apiKey: API_KEY, instanceName: 'other-instance' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('body.config.instanceName');
    // Adopting the instance another account already uses is refused before the gateway is asked.
    const calls = fake.requests.length;
    const adopted = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'Again', config: { baseUrl: fake.url, apiKey: API_KEY, instanceName: INSTANCE, createInstance: false } });
    expect(adopted.status).toBe(409);
    expect(fake.requests.length).toBe(calls);
  });

  it('shows the QR code to scan, and only to its organization', async () => {
    const qr = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/qr`);
    expect(qr.status).toBe(200);
    expect(qr.body.state).toBe('connecting');
    expect(qr.body.qr.base64).toMatch(/^data:image\/png;base64,/);
    expect(qr.body.qr.code).toMatch(/^2@/);
    expect((await call(t, { cookie: other.cookie }, 'GET', `/api/channel-accounts/${accountId}/qr`)).status).toBe(404);
    const sandboxQr = await call(t, as(), 'GET', `/api/channel-accounts/${org.sandboxAccountId}/qr`);
    expect(sandboxQr.status).toBe(422);
  });

  it('connection.update open activates the account once (replays change nothing)', async () => {
    fake.setState('open');
    const update = evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200, wuid: '996555123456@s.whatsapp.net', profileName: 'Shop' });
    expect((await webhook(update)).status).toBe(200);
    expect((await webhook(update)).status).toBe(200);
    const account = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`);
    expect(account.body).toMatchObject({ status: 'active', address: '+996555123456', connection: { state: 'open' } });
    const events = await call(t, as(), 'GET', '/api/events?types=channel_account.active');
    expect(events.body.items.filter((e: any) => e.subject.id === accountId)).toHaveLength(1);
    const qr = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/qr`);
    expect(qr.body).toEqual({ state: 'open', qr: null });
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`)).body).toEqual({ status: 'ok' });
  });
});

describe('Evolution webhooks', () => {
  const ANA = '996700111001@s.whatsapp.net';

  it('a wrong secret, an unknown account or a malformed id → 401 and nothing written', async () => {
    const before = await rowCounts();
    const record = evolutionMessageRecord({ id: 'INTRUDER1', remoteJid: ANA, fromMe: false, text: 'hi', timestamp: new Date(), pushName: 'Intruder' });
    const body = evolutionWebhookEnvelope('messages.upsert', INSTANCE, record);
    expect((await webhook(body, `/webhooks/evolution/${accountId}/wrong-secret`)).status).toBe(401);
    expect((await webhook(body, `/webhooks/evolution/${org.sandboxAccountId}/${secret}`)).status).toBe(401);
    expect((await webhook(body, `/webhooks/evolution/not-a-uuid/${secret}`)).status).toBe(401);
    expect((await webhook(body, `/webhooks/evolution/00000000-0000-4000-8000-000000000000/${secret}`)).status).toBe(401);
    expect((await webhook({ not: 'an envelope' }, `/webhooks/evolution/${accountId}/wrong-secret`)).status).toBe(401);
    expect((await webhook({ not: 'an envelope' })).status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('messages.upsert → contact, conversation and message, once', async () => {
    const at = new Date('2026-01-05T08:00:00Z');
    const record = evolutionMessageRecord({ id: 'IN-0001', remoteJid: ANA, fromMe: false, text: 'Салам! Сколько стоит стрижка?', timestamp: at, pushName: 'Айгуль' });
    const body = evolutionWebhookEnvelope('messages.upsert', INSTANCE, record);
    const first = await webhook(body);
    expect(first.body).toMatchObject({ ok: true, stored: 1 });
    const before = await rowCounts();
    const replay = await webhook(body);
    expect(replay.body).toMatchObject({ ok: true, stored: 0, duplicates: 1 });
    expect(await rowCounts()).toEqual(before);

    const contacts = await call(t, as(), 'GET', '/api/contacts?q=Айгуль');
    expect(contacts.body.items).toHaveLength(1);
    expect(contacts.body.items[0].phone).toBe('+996700111001');
    const conversations = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`);
    const conversation = conversations.body.items.find((c: any) => c.externalChatId === ANA);
    expect(conversation).toMatchObject({ channel: 'evolution', unreadCount: 1, contact: { phone: '+996700111001' } });
    const message = await lastMessage(conversation.id);
    expect(message).toMatchObject({ direction: 'inbound', body: 'Салам! Сколько стоит стрижка?', externalId: 'IN-0001', sentAt: at.toISOString() });
  });

  it('group messages are stored under the group with the author as contact', async () => {
    const record = evolutionMessageRecord({ id: 'GRP-1', remoteJid: '120363000000000001@g.us', fromMe: false, text: 'hello group', timestamp: new Date(), pushName: 'Bek', participant: '996700111002@s.whatsapp.net' });
    expect((await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, record))).body.stored).toBe(1);
    const conversations = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`);
    expect(conversations.body.items.find((c: any) => c.externalChatId === '120363000000000001@g.us')).toMatchObject({ isGroup: true, contact: null });
    expect((await call(t, as(), 'GET', '/api/contacts?q=Bek')).body.items[0].phone).toBe('+996700111002');
  });

  it.skipIf(!fixturesAvailable)('the shared fixtures: a message sent from the phone is stored as outbound; contacts.upsert names the contact', async () => {
    const upsert = JSON.parse(readFixture('evolution_webhook_messages.upsert.json')) as Record<string, any>;
    const result = await webhook(upsert);
    expect(result.body).toMatchObject({ event: 'messages.upsert', stored: 1 });
    const conversations = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`);
    const conversation = conversations.body.items.find((c: any) => c.externalChatId === upsert.data.key.remoteJid);
    const message = await lastMessage(conversation.id);
    expect(message).toMatchObject({ direction: 'outbound', status: 'sent', body: 'Texto da mensagem', externalId: upsert.data.key.id, authorName: 'Shop WhatsApp' });
    expect(conversation.unreadCount).toBe(0);
    expect((await webhook(upsert)).body).toMatchObject({ stored: 0, duplicates: 1 });

    const fixture = JSON.parse(readFixture('evolution_webhook_contacts.upsert.json')) as Record<string, any>;
    expect((await webhook(fixture)).status).toBe(200);

    // A contact known only by number gets the name from the phone's address book…
    const unnamed = evolutionMessageRecord({ id: 'IN-NONAME', remoteJid: '996700111003@s.whatsapp.net', fromMe: false, text: 'hi', timestamp: new Date(), pushName: null });
    await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, unnamed));
    const contact = (await call(t, as(), 'GET', '/api/contacts?q=700111003')).body.items[0];
    expect(contact.displayName).toBe('+996700111003');
    const named = evolutionWebhookEnvelope('contacts.upsert', INSTANCE, [{ ...fixture.data[0], remoteJid: '996700111003@s.whatsapp.net' }]);
    expect((await webhook(named)).body.stored).toBe(1);
    expect((await webhook(named)).body.stored).toBe(0);
    expect((await call(t, as(), 'GET', `/api/contacts/${contact.id}`)).body.displayName).toBe('Nome do Contato');
    // …but a name someone typed is never overwritten by it.
    await call(t, as(), 'PATCH', `/api/contacts/${contact.id}`, { firstName: 'Chosen', lastName: 'Name' });
    await webhook(evolutionWebhookEnvelope('contacts.upsert', INSTANCE, [{ remoteJid: '996700111003@s.whatsapp.net', pushName: 'Other Name' }]));
    expect((await call(t, as(), 'GET', `/api/contacts/${contact.id}`)).body.displayName).toBe('Chosen Name');
  });
});

describe('sending through Evolution', () => {
  it('send → the gateway id is stored; delivery and read receipts set the times, once', async () => {
    const conversationId = await openConversation('+996 700 222 001');
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Здравствуйте! Ждём вас завтра.' });
    expect(queued.status).toBe(202);
    await t.runner.runUntilIdle();
    const sent = await lastMessage(conversationId);
    expect(sent.status).toBe('sent');
    const accepted = fake.sent.find((s) => s.text === 'Здравствуйте! Ждём вас завтра.')!;
    expect(accepted).toMatchObject({ route: 'sendText', number: '996700222001@s.whatsapp.net' });
    expect(sent.externalId).toBe(accepted.id);

    // The gateway also reports our own send back as a fromMe upsert: not a second message.
    const echo = evolutionMessageRecord({ id: accepted.id, remoteJid: '996700222001@s.whatsapp.net', fromMe: true, text: accepted.text, timestamp: new Date(), pushName: 'Shop' });
    expect((await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, echo))).body.duplicates).toBe(1);

    const deliveredAt = new Date('2026-01-05T09:00:05Z');
    const readAt = new Date('2026-01-05T09:10:00Z');
    const update = (status: string, at: Date) =>
      evolutionWebhookEnvelope('messages.update', INSTANCE, { keyId: accepted.id, remoteJid: '996700222001@s.whatsapp.net', fromMe: true, participant: null, status, instanceId: 'x' }, at);
    expect((await webhook(update('DELIVERY_ACK', deliveredAt))).body.receipts).toBe(1);
    expect((await webhook(update('DELIVERY_ACK', deliveredAt))).body.receipts).toBe(0);
    expect((await webhook(update('READ', readAt))).body.receipts).toBe(1);
    expect((await webhook(update('DELIVERY_ACK', deliveredAt))).body.receipts).toBe(0);
    const final = await lastMessage(conversationId);
    expect(final).toMatchObject({ status: 'read', deliveredAt: deliveredAt.toISOString(), readAt: readAt.toISOString() });
    const events = await call(t, as(), 'GET', '/api/events?types=message.delivered,message.read');
    expect(events.body.items.filter((e: any) => e.subject.id === sent.id)).toHaveLength(2);
  });

  it('media goes through sendMedia with the caption', async () => {
    const conversationId = await openConversation('+996 700 222 002');
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Прайс-лист',
      media: { type: 'document', url: 'https://files.example.test/price.pdf', fileName: 'price.pdf', mimeType: 'application/pdf' },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ kind: 'media', media: { type: 'document', url: 'https://files.example.test/price.pdf' } });
    await t.runner.runUntilIdle();
    expect(fake.sent.at(-1)).toMatchObject({ route: 'sendMedia', mediatype: 'document', media: 'https://files.example.test/price.pdf', caption: 'Прайс-лист' });
    expect((await lastMessage(conversationId)).status).toBe('sent');
  });

  it('a number without WhatsApp fails at once, without retries', async () => {
    const conversationId = await openConversation('+996 700 000 404');
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'anyone?' });
    await t.runner.runUntilIdle();
    const message = await lastMessage(conversationId);
    expect(message.status).toBe('failed');
    expect(message.error).toMatch(/not on WhatsApp/);
    expect((await dispatchJob(queued.body.id)).status).toBe('done');
  });

  it('429 → rescheduled after Retry-After without spending an attempt, then sent exactly once', async () => {
    const conversationId = await openConversation('+996 700 222 003');
    fake.failNext({ route: 'sendText', status: 429, times: 1, retryAfter: '7' });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'rate limited once' });
    const startedAt = Date.now();
    await t.runner.runUntilIdle();
    expect((await lastMessage(conversationId)).status).toBe('queued');
    const job = await dispatchJob(queued.body.id);
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(startedAt + 6000);
    await runDue();
    expect((await lastMessage(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.text === 'rate limited once')).toHaveLength(1);
  });

  it('an outage is retried with backoff, then the message is marked failed', async () => {
    const conversationId = await openConversation('+996 700 222 004');
    fake.failNext({ route: 'sendText', status: 503, times: 8 });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'during the outage' });
    await t.runner.runUntilIdle();
    expect((await lastMessage(conversationId)).status).toBe('queued');
    for (let attempt = 0; attempt < 10; attempt++) await runDue();
    const message = await lastMessage(conversationId);
    expect(message.status).toBe('failed');
    expect(message.error).toMatch(/gave up after 8 attempts/);
    expect((await dispatchJob(queued.body.id)).attempts).toBe(8);
    expect(fake.sent.filter((s) => s.text === 'during the outage')).toHaveLength(0);
  });

  it('a timeout after the gateway accepted → not re-sent; the echo of the send marks it sent', async () => {
    const conversationId = await openConversation('+996 700 222 005');
    fake.delayNext({ route: 'sendText', times: 1, ms: 4000 });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'slow gateway' });
    await t.runner.runUntilIdle();
    expect((await lastMessage(conversationId)).status).toBe('sending');
    await runDue();
    const unknown = await lastMessage(conversationId);
    expect(unknown.status).toBe('unknown');
    expect(fake.sent.filter((s) => s.text === 'slow gateway')).toHaveLength(1);

    const accepted = fake.sent.find((s) => s.text === 'slow gateway')!;
    const echo = evolutionMessageRecord({ id: accepted.id, remoteJid: '996700222005@s.whatsapp.net', fromMe: true, text: 'slow gateway', timestamp: new Date(), pushName: 'Shop' });
    expect((await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, echo))).body.stored).toBe(1);
    const reconciled = await lastMessage(conversationId);
    expect(reconciled).toMatchObject({ id: queued.body.id, status: 'sent', externalId: accepted.id });
    const messages = await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`);
    expect(messages.body.items).toHaveLength(1);
  });

  it('a logged-out session pauses the account until connection.update says open again', async () => {
    const conversationId = await openConversation('+996 700 222 006');
    fake.setState('close');
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'after logout' });
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('disconnected');
    expect((await lastMessage(conversationId)).status).toBe('queued');
    expect((await dispatchJob(queued.body.id)).status).toBe('pending');
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`)).body.status).toBe('down');

    fake.setState('open');
    await webhook(evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200 }));
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('active');
    await runDue();
    expect((await lastMessage(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.text === 'after logout')).toHaveLength(1);

    // A logout reported by the gateway disconnects the account too.
    await webhook(evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'close', statusReason: 401 }));
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body).toMatchObject({ status: 'disconnected', connection: { state: 'close' } });
    await webhook(evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200 }));
  });

  it('never logs the API key or the webhook secret', () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(API_KEY);
    expect(logs).not.toContain(secret);
    expect(logs).toContain('/webhooks/evolution/');
  });
});

describe('deleting the Evolution account', () => {
  it('turns the instance webhook off at the gateway (webhook/set enabled: false) and keeps the instance; the old URL answers 401', async () => {
    expect(fake.webhook).toMatchObject({ enabled: true });
    const deleted = await call(t, as(), 'DELETE', `/api/channel-accounts/${accountId}`);
    expect(deleted.status).toBe(200);
    const last = fake.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', path: `/webhook/set/${INSTANCE}`, body: { webhook: { enabled: false } } });
    expect(fake.webhook).toMatchObject({ enabled: false });
    expect(fake.instanceExists()).toBe(true);
    const before = await rowCounts();
    const late = evolutionMessageRecord({ id: 'LATE-1', remoteJid: '996700999001@s.whatsapp.net', fromMe: false, text: 'hello?', timestamp: new Date(), pushName: 'Late' });
    expect((await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, late))).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('a gateway that cannot be reached does not block the deletion', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'Short-lived', config: { baseUrl: fake.url, apiKey: API_KEY, instanceName: INSTANCE, createInstance: false } });
    expect(created.status).toBe(201);
    fake.failNext({ route: 'webhook/set', status: 503, times: 1 });
    expect((await call(t, as(), 'DELETE', `/api/channel-accounts/${created.body.id}`)).status).toBe(200);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${created.body.id}`)).status).toBe(404);
  });
});
