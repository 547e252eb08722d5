import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { liftSendingLimits } from '../helpers/sending-limits.ts';
import { cloudMessageWebhook, cloudStatusWebhook, signCloudWebhook, startFakeWhatsAppCloud, type FakeCloud } from '../fakes/whatsapp-cloud-server.ts';
import { fixturesAvailable, readFixture } from '../helpers/shared-fixtures.ts';

const TOKEN = 'EAAG-fake-system-user-token-0123456789';
const APP_SECRET = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const PHONE_NUMBER_ID = '1122334455667';
const HOUR = 3_600_000;

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let fake: FakeCloud;
let accountId: string;
let hookPath: string;
let verifyToken: string;

const as = () => ({ cookie: org.cookie });

async function post(body: unknown, options: { secret?: string; signature?: string | null; path?: string } = {}) {
  const raw = JSON.stringify(body);
  const signature = options.signature === undefined ? signCloudWebhook(raw, options.secret ?? APP_SECRET) : options.signature;
  const response = await t.app.inject({
    method: 'POST',
    url: options.path ?? hookPath,
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    payload: raw,
  });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

async function runDue() {
  await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
  await t.runner.runUntilIdle();
}

async function rowCounts() {
  const count = async (table: 'contacts' | 'conversations' | 'messages' | 'events') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages'), events: await count('events') };
}

let waSequence = 0;
/** A customer who wrote to us `hoursAgo` hours ago: returns the conversation. */
async function customerWhoWrote(hoursAgo: number) {
  waSequence += 1;
  const waId = `99670033${String(waSequence).padStart(4, '0')}`;
  const result = await post(cloudMessageWebhook({ phoneNumberId: PHONE_NUMBER_ID, from: waId, name: `Customer ${waSequence}`, id: `wamid.IN${waSequence}`, text: 'Hello!', timestamp: new Date(Date.now() - hoursAgo * HOUR) }));
  expect(result.body.stored).toBe(1);
  const conversations = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`);
  const conversation = conversations.body.items.find((c: any) => c.externalChatId === waId);
  return { conversationId: conversation.id as string, waId };
}

async function messagesOf(conversationId: string) {
  return (await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items as any[];
}

async function lastOutbound(conversationId: string) {
  return (await messagesOf(conversationId)).find((m) => m.direction === 'outbound');
}

beforeAll(async () => {
  fake = await startFakeWhatsAppCloud({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '+996 555 010 000', verifiedName: 'Salon Aigul' });
  t = await createTestApp({ config: { WHATSAPP_GRAPH_URL: fake.url, WHATSAPP_GRAPH_VERSION: 'v21.0', CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('connecting a WhatsApp Cloud API number', () => {
  it('names the bad field: missing app secret (400), a token Meta rejects or an unknown number id (422)', async () => {
    const config = { phoneNumberId: PHONE_NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET };
    const missing = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'whatsapp_cloud', name: 'WA', config: { ...config, appSecret: undefined } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('body.config.appSecret');
    const badToken = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'whatsapp_cloud', name: 'WA', config: { ...config, accessToken: 'EAAG-wrong-token-0123456789' } });
    expect(badToken.status).toBe(422);
    expect(badToken.body.error.fields[0].field).toBe('body.config.accessToken');
    const badNumber = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'whatsapp_cloud', name: 'WA', config: { ...config, phoneNumberId: '999999999' } });
    expect(badNumber.status).toBe(422);
    expect(badNumber.body.error.fields[0].field).toBe('body.config.phoneNumberId');
  });

  it('checks the token with Meta and stores token and app secret encrypted', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', {
      channel: 'whatsapp_cloud',
      name: 'Salon WhatsApp',
      config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET },
    });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    await liftSendingLimits(t, as(), accountId);
    expect(created.body).toMatchObject({ status: 'active', address: '+996555010000', hasCredentials: true, settings: { phoneNumberId: PHONE_NUMBER_ID, verifiedName: 'Salon Aigul' } });
    expect(JSON.stringify(created.body)).not.toContain(TOKEN);
    expect(JSON.stringify(created.body)).not.toContain(APP_SECRET);
    const row = await t.ctx.db.selectFrom('channel_accounts').select('secrets_encrypted').where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(row.secrets_encrypted).not.toContain(TOKEN);
    const info = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/webhook`);
    hookPath = info.body.path;
    verifyToken = info.body.verifyToken;
    expect(hookPath).toBe(`/webhooks/whatsapp-cloud/${accountId}`);
    expect(verifyToken).toBe(info.body.secret);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`)).body).toEqual({ status: 'ok' });
  });

  it('the same number cannot back a second account', async () => {
    const again = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'whatsapp_cloud', name: 'Again', config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET } });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].field).toBe('body.config.phoneNumberId');
  });

  it('answers the verify-token handshake only with the right token', async () => {
    const handshake = (token: string, mode = 'subscribe', path = hookPath) =>
      t.app.inject({ method: 'GET', url: `${path}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444` });
    const ok = await handshake(verifyToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect((await handshake('wrong')).statusCode).toBe(401);
    expect((await handshake(verifyToken, 'unsubscribe')).statusCode).toBe(401);
    expect((await handshake(verifyToken, 'subscribe', `/webhooks/whatsapp-cloud/${org.sandboxAccountId}`)).statusCode).toBe(401);
  });
});

describe('WhatsApp Cloud API webhooks', () => {
  it('a missing or wrong X-Hub-Signature-256 → 401 and nothing written', async () => {
    const body = cloudMessageWebhook({ phoneNumberId: PHONE_NUMBER_ID, from: '996700444001', id: 'wamid.FORGED', text: 'forged', timestamp: new Date() });
    const before = await rowCounts();
    expect((await post(body, { signature: null })).status).toBe(401);
    expect((await post(body, { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await post(body, { signature: 'sha256=zz' })).status).toBe(401);
    expect((await post(body, { path: `/webhooks/whatsapp-cloud/${org.sandboxAccountId}` })).status).toBe(401);
    // The signature covers the exact bytes: the same JSON re-spaced does not pass.
    const raw = JSON.stringify(body);
    const response = await t.app.inject({
      method: 'POST',
      url: hookPath,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signCloudWebhook(raw, APP_SECRET) },
      payload: JSON.stringify(body, null, 2),
    });
    expect(response.statusCode).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('an inbound message → contact, conversation and message, once', async () => {
    const at = new Date(Date.now() - HOUR);
    const body = cloudMessageWebhook({ phoneNumberId: PHONE_NUMBER_ID, from: '996700444002', name: 'Нурлан', id: 'wamid.IN-A', text: 'Можно записаться на субботу?', timestamp: at });
    expect((await post(body)).body).toMatchObject({ ok: true, stored: 1 });
    const before = await rowCounts();
    expect((await post(body)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await rowCounts()).toEqual(before);
    const contact = (await call(t, as(), 'GET', '/api/contacts?q=Нурлан')).body.items[0];
    expect(contact.phone).toBe('+996700444002');
    const conversation = (await call(t, as(), 'GET', `/api/conversations?contactId=${contact.id}`)).body.items[0];
    expect(conversation).toMatchObject({ channel: 'whatsapp_cloud', channelAccountId: accountId, externalChatId: '996700444002' });
    expect((await messagesOf(conversation.id))[0]).toMatchObject({ direction: 'inbound', body: 'Можно записаться на субботу?', externalId: 'wamid.IN-A' });
  });

  it.skipIf(!fixturesAvailable)('the shared pywa fixtures (text and image) are read as they come', async () => {
    const samples = JSON.parse(readFixture('wa_cloud_pywa_message.json')) as Record<string, any>;
    expect(samples.text.entry[0].changes[0].value.metadata.phone_number_id).toBe(PHONE_NUMBER_ID);
    const text = await post(samples.text);
    const image = await post({ ...samples.image, entry: [{ ...samples.image.entry[0], changes: [{ ...samples.image.entry[0].changes[0], value: { ...samples.image.entry[0].changes[0].value, messages: [{ ...samples.image.entry[0].changes[0].value.messages[0], id: 'wamid.image-1' }] } }] }] });
    expect(text.body.stored + image.body.stored).toBe(2);
    const reaction = await post(samples.reaction);
    expect(reaction.body.stored).toBe(0);
    const conversation = (await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}&q=Test Name`)).body.items[0];
    const messages = await messagesOf(conversation.id);
    expect(messages.map((m) => m.body)).toContain('Body Text');
    expect(messages.find((m) => m.kind === 'media').media).toMatchObject({ type: 'image', mimeType: 'image/jpeg', omitted: true });
  });
});

describe('sending through the Cloud API', () => {
  it('inside the 24-hour window: text goes out with our id as callback data; statuses set the times once', async () => {
    const { conversationId, waId } = await customerWhoWrote(2);
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Да, в субботу в 11:00 свободно.' });
    expect(queued.status).toBe(202);
    await t.runner.runUntilIdle();
    const sent = fake.sent.at(-1)!;
    expect(sent).toMatchObject({ to: waId, type: 'text' });
    expect(sent.body).toMatchObject({ messaging_product: 'whatsapp', text: { body: 'Да, в субботу в 11:00 свободно.' }, biz_opaque_callback_data: queued.body.id });
    expect(fake.requests.at(-1)!.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const message = await lastOutbound(conversationId);
    expect(message).toMatchObject({ status: 'sent', externalId: sent.id });

    const deliveredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const readAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 30_000);
    const status = (state: 'sent' | 'delivered' | 'read', at: Date) => cloudStatusWebhook({ phoneNumberId: PHONE_NUMBER_ID, id: sent.id, status: state, recipient: waId, timestamp: at, clientRef: queued.body.id });
    expect((await post(status('sent', deliveredAt))).status).toBe(200);
    expect((await post(status('delivered', deliveredAt))).body.receipts).toBe(1);
    expect((await post(status('delivered', deliveredAt))).body.receipts).toBe(0);
    expect((await post(status('read', readAt))).body.receipts).toBe(1);
    expect(await lastOutbound(conversationId)).toMatchObject({ status: 'read', deliveredAt: deliveredAt.toISOString(), readAt: readAt.toISOString() });
  });

  it('outside the window a text is refused with a pointer to templates; a template goes out', async () => {
    const { conversationId, waId } = await customerWhoWrote(30);
    const refused = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Давно не виделись!' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/24-hour/);
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'body.body', message: expect.stringContaining('template') });
    expect(await lastOutbound(conversationId)).toBeUndefined();

    const template = { name: 'visit_reminder', language: 'ru', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Нурлан' }] }] };
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { template });
    expect(queued.status).toBe(202);
    expect(queued.body.body).toBe('[template visit_reminder (ru)]');
    await t.runner.runUntilIdle();
    expect(fake.sent.at(-1)).toMatchObject({ to: waId, type: 'template' });
    expect(fake.sent.at(-1)!.body.template).toEqual({ name: 'visit_reminder', language: { code: 'ru' }, components: template.components });
    expect((await lastOutbound(conversationId)).status).toBe('sent');
  });

  it('a window that closed while the message waited fails it with window_closed, and so does Meta’s 131047', async () => {
    const { conversationId } = await customerWhoWrote(1);
    const sentBefore = fake.sent.length;
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'queued while the window was open' });
    await t.ctx.db.updateTable('conversations').set({ last_inbound_at: new Date(Date.now() - 25 * HOUR) }).where('id', '=', conversationId).execute();
    await t.runner.runUntilIdle();
    const late = await lastOutbound(conversationId);
    expect(late.status).toBe('failed');
    expect(late.error).toMatch(/^window_closed: .*template/);
    expect(fake.sent.length).toBe(sentBefore);

    const second = await customerWhoWrote(1);
    fake.failNext({ status: 400, code: 131047, times: 1, message: 'Re-engagement message' });
    await call(t, as(), 'POST', `/api/conversations/${second.conversationId}/messages`, { body: 'Meta says no' });
    await t.runner.runUntilIdle();
    expect((await lastOutbound(second.conversationId)).error).toMatch(/^window_closed/);
  });

  it('templates are refused on channels that have none', async () => {
    const contact = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Sandbox', phone: '+996 700 444 900' });
    const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: org.sandboxAccountId });
    const refused = await call(t, as(), 'POST', `/api/conversations/${conversation.body.id}/messages`, { template: { name: 'visit_reminder', language: 'ru' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe('body.template');
    const empty = await call(t, as(), 'POST', `/api/conversations/${conversation.body.id}/messages`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('body.body');
  });

  it('130429 throughput limit → rescheduled, not failed, sent once later', async () => {
    const { conversationId } = await customerWhoWrote(1);
    fake.failNext({ status: 429, code: 130429, times: 1, message: 'Rate limit hit' });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'paced' });
    const startedAt = Date.now();
    await t.runner.runUntilIdle();
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.body.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(startedAt + 59_000);
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => (s.body.text as { body?: string } | undefined)?.body === 'paced')).toHaveLength(1);
  });

  it('an outage (131000) is retried, then the message fails after the last attempt', async () => {
    const { conversationId } = await customerWhoWrote(1);
    fake.failNext({ status: 500, code: 131000, times: 8, message: 'Something went wrong' });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'outage' });
    await t.runner.runUntilIdle();
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    for (let i = 0; i < 9; i++) await runDue();
    const message = await lastOutbound(conversationId);
    expect(message.status).toBe('failed');
    expect(message.error).toMatch(/gave up after 8 attempts.*131000/);
  });

  it('an expired token (190) disconnects the account; a new token through PATCH config brings it back', async () => {
    const { conversationId } = await customerWhoWrote(1);
    fake.failNext({ status: 401, code: 190, times: 1, message: 'Error validating access token: Session has expired' });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'after token expiry' });
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('disconnected');
    expect((await lastOutbound(conversationId)).status).toBe('queued');

    const wrong = await call(t, as(), 'PATCH', `/api/channel-accounts/${accountId}`, { config: { accessToken: 'EAAG-still-the-wrong-token-000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields[0].field).toBe('body.config.accessToken');
    expect((await call(t, { cookie: other.cookie }, 'PATCH', `/api/channel-accounts/${accountId}`, { config: { accessToken: TOKEN } })).status).toBe(404);
    const renewed = await call(t, as(), 'PATCH', `/api/channel-accounts/${accountId}`, { config: { accessToken: TOKEN } });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ status: 'active', hasCredentials: true, settings: { phoneNumberId: PHONE_NUMBER_ID } });
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    // The app secret was kept: signed webhooks still pass.
    expect((await post(cloudMessageWebhook({ phoneNumberId: PHONE_NUMBER_ID, from: '996700444003', id: 'wamid.AFTER', text: 'ok', timestamp: new Date() }))).status).toBe(200);
  });

  it('a send whose answer was lost is matched by the status callback data and never sent twice', async () => {
    const { conversationId, waId } = await customerWhoWrote(1);
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'lost answer' });
    // As if the process died after Meta accepted the message: the row is still "sending" with no channel id.
    await t.ctx.db.updateTable('messages').set({ status: 'sending' }).where('id', '=', queued.body.id).execute();
    const sentBefore = fake.sent.length;
    await post(cloudStatusWebhook({ phoneNumberId: PHONE_NUMBER_ID, id: 'wamid.LOST-ANSWER', status: 'sent', recipient: waId, timestamp: new Date(), clientRef: queued.body.id }));
    await t.runner.runUntilIdle();
    expect(await lastOutbound(conversationId)).toMatchObject({ id: queued.body.id, status: 'sent', externalId: 'wamid.LOST-ANSWER' });
    expect(fake.sent.length).toBe(sentBefore);

    // A failed status later moves it to failed with Meta's reason.
    await post(cloudStatusWebhook({ phoneNumberId: PHONE_NUMBER_ID, id: 'wamid.LOST-ANSWER', status: 'failed', recipient: waId, timestamp: new Date(), error: { code: 131026, title: 'Message undeliverable' } }));
    expect(await lastOutbound(conversationId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/RECIPIENT_INVALID: .*131026/) });
  });

  it('never logs the token or the app secret', () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(APP_SECRET);
  });
});
