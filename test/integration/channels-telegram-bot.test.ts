import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { liftSendingLimits } from '../helpers/sending-limits.ts';
import { startFakeTelegram, telegramTextUpdate, type FakeTelegram } from '../fakes/telegram-bot-server.ts';
import { fixturesAvailable, readFixture } from '../helpers/shared-fixtures.ts';

const TOKEN = '7000000001:AAE_fake-bot-token-for-tests-0123456789';
const PUBLIC_URL = 'https://crm.example.test';

let t: TestApp;
let org: TestOrg;
let fake: FakeTelegram;
let accountId: string;
let hookPath: string;
let secret: string;

const as = () => ({ cookie: org.cookie });

async function update(body: Record<string, unknown>, token: string | null = secret, path = hookPath) {
  const response = await t.app.inject({ method: 'POST', url: path, headers: token === null ? {} : { 'x-telegram-bot-api-secret-token': token }, payload: body });
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

let userSequence = 0;
/** A Telegram user who wrote to the bot: returns the conversation id and chat id. */
async function userWhoWrote() {
  userSequence += 1;
  const userId = 880_000 + userSequence;
  const result = await update(telegramTextUpdate({ updateId: 10_000 + userSequence, messageId: userSequence, chatId: userId, from: { id: userId, firstName: `User${userSequence}` }, text: '/start', date: new Date() }));
  expect(result.body.outcome).toBe('stored');
  const conversations = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`);
  return { conversationId: conversations.body.items.find((c: any) => c.externalChatId === String(userId)).id as string, chatId: String(userId) };
}

async function lastOutbound(conversationId: string) {
  return ((await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items as any[]).find((m) => m.direction === 'outbound');
}

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN, username: 'salon_aigul_bot', blockedChats: ['666'] });
  t = await createTestApp({ config: { PUBLIC_URL, TELEGRAM_BOT_API_URL: fake.url, CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  org = await createTestOrg(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('connecting a Telegram bot', () => {
  it('a malformed token → 400 naming config.botToken; a token Telegram rejects → 422', async () => {
    const malformed = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Bot', config: { botToken: 'not-a-token' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields[0].field).toBe('body.config.botToken');
    const rejected = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Bot', config: { botToken: '7000000001:AAE_another-token-that-telegram-rejects' } });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.fields[0].field).toBe('body.config.botToken');
  });

  it('with PUBLIC_URL: registers the webhook with a secret_token, stores the token encrypted', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Salon bot', config: { botToken: TOKEN } });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    await liftSendingLimits(t, as(), accountId);
    expect(created.body).toMatchObject({ status: 'active', address: '@salon_aigul_bot', hasCredentials: true, settings: { mode: 'webhook', botUsername: 'salon_aigul_bot' }, connection: { state: 'webhook' } });
    expect(JSON.stringify(created.body)).not.toContain(TOKEN);
    const info = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/webhook`);
    hookPath = info.body.path;
    secret = info.body.secret;
    expect(info.body).toMatchObject({ path: `/webhooks/telegram/${accountId}`, secretHeader: 'x-telegram-bot-api-secret-token', url: `${PUBLIC_URL}/webhooks/telegram/${accountId}` });
    expect(fake.webhook).toEqual({ url: `${PUBLIC_URL}${hookPath}`, secretToken: secret, allowedUpdates: ['message'] });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`)).body).toEqual({ status: 'ok' });
  });

  it('the same bot cannot back a second account (it would take the first one’s updates)', async () => {
    const again = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Same bot', config: { botToken: TOKEN } });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].field).toBe('body.config.botToken');
    expect(fake.webhook?.secretToken).toBe(secret);
  });
});

describe('Telegram webhook', () => {
  it('without the secret-token header, or with a wrong one → 401 and nothing written', async () => {
    const body = telegramTextUpdate({ updateId: 1, messageId: 1, chatId: 5551, from: { id: 5551, firstName: 'Eve' }, text: 'spoof', date: new Date() });
    const before = await rowCounts();
    expect((await update(body, null)).status).toBe(401);
    expect((await update(body, 'wrong')).status).toBe(401);
    expect((await update({ garbage: true }, 'wrong')).status).toBe(401);
    expect((await update({ garbage: true })).status).toBe(400);
    expect((await update(body, secret, `/webhooks/telegram/${org.sandboxAccountId}`)).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('an update → contact with Telegram id and username, conversation, message; replays are no-ops', async () => {
    const at = new Date('2026-01-05T08:30:00Z');
    const body = telegramTextUpdate({ updateId: 2, messageId: 41, chatId: 700100, from: { id: 700100, firstName: 'Азамат', lastName: 'Т', username: 'azamat_t' }, text: 'Здравствуйте! Есть места на завтра?', date: at });
    expect((await update(body)).body).toMatchObject({ ok: true, outcome: 'stored' });
    const before = await rowCounts();
    expect((await update(body)).body.outcome).toBe('duplicate');
    expect(await rowCounts()).toEqual(before);
    const contact = (await call(t, as(), 'GET', '/api/contacts?q=Азамат')).body.items[0];
    expect(contact).toMatchObject({ displayName: 'Азамат Т', telegramId: '700100', telegramUsername: 'azamat_t' });
    const conversation = (await call(t, as(), 'GET', `/api/conversations?contactId=${contact.id}`)).body.items[0];
    expect(conversation).toMatchObject({ channel: 'telegram_bot', externalChatId: '700100', unreadCount: 1 });
    const messages = (await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items;
    expect(messages[0]).toMatchObject({ direction: 'inbound', externalId: '41', sentAt: at.toISOString() });
  });

  it.skipIf(!fixturesAvailable)('the shared getUpdates excerpt: group text, contact and photo are stored, a bare service message is not', async () => {
    const excerpt = JSON.parse(readFixture('telegram_bot_update_tgbot_get-updates-message_excerpt.json')) as { rep_body: { result: Record<string, any>[] } };
    const outcomes = [];
    for (const [index, item] of excerpt.rep_body.result.entries()) {
      // The excerpt reuses ids 1 everywhere; distinct message ids keep the four samples apart.
      outcomes.push((await update({ ...item, message: { ...item.message, message_id: 9000 + index, chat: { ...item.message.chat, id: -1000 - index } } })).body.outcome);
    }
    expect(outcomes).toEqual(['stored', 'ignored', 'stored', 'stored']);
    const group = (await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}&q=Test`)).body.items[0];
    expect(group).toMatchObject({ isGroup: true, title: 'Test', contact: null });
    const photoChat = (await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`)).body.items.find((c: any) => c.externalChatId === '-1003');
    const photo = (await call(t, as(), 'GET', `/api/conversations/${photoChat.id}/messages`)).body.items[0];
    expect(photo).toMatchObject({ kind: 'media', body: 'test photo caption', media: { type: 'image', omitted: true } });
  });
});

describe('sending through the Bot API', () => {
  it('sendMessage → the message_id is stored; media goes through sendPhoto / sendDocument', async () => {
    const { conversationId, chatId } = await userWhoWrote();
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Да, на 15:00 свободно.' });
    await t.runner.runUntilIdle();
    const sent = fake.sent.at(-1)!;
    expect(sent).toMatchObject({ method: 'sendMessage', chatId, text: 'Да, на 15:00 свободно.' });
    expect(await lastOutbound(conversationId)).toMatchObject({ status: 'sent', externalId: String(sent.messageId) });

    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Наш салон', media: { type: 'image', url: 'https://files.example.test/salon.jpg' } });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { type: 'document', url: 'https://files.example.test/price.pdf', fileName: 'price.pdf' } });
    await t.runner.runUntilIdle();
    // Both jobs run at once, so either may take the chat's next slot first.
    expect(fake.sent.slice(-2).map((s) => [s.method, s.file, s.caption])).toEqual(
      expect.arrayContaining([
        ['sendPhoto', 'https://files.example.test/salon.jpg', 'Наш салон'],
        ['sendDocument', 'https://files.example.test/price.pdf', undefined],
      ]),
    );
  });

  it('paces messages to one chat at one a second', async () => {
    const { conversationId, chatId } = await userWhoWrote();
    for (const text of ['one', 'two', 'three']) await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: text });
    await t.runner.runUntilIdle();
    const times = fake.sent.filter((s) => s.chatId === chatId).map((s) => s.at);
    expect(times).toHaveLength(3);
    // Starts are spaced by the pacer; arrivals add some network jitter on a busy machine.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(800);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1900);
  });

  it('429 with parameters.retry_after → rescheduled without spending an attempt, then sent once', async () => {
    const { conversationId, chatId } = await userWhoWrote();
    fake.failNext({ method: 'sendMessage', times: 1, status: 429, retryAfter: 12 });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'slow down' });
    const startedAt = Date.now();
    await t.runner.runUntilIdle();
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.body.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(startedAt + 11_000);
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.chatId === chatId && s.text === 'slow down')).toHaveLength(1);
  });

  it('an outage (5xx) is retried, then the message fails', async () => {
    const { conversationId } = await userWhoWrote();
    fake.failNext({ method: 'sendMessage', times: 8, status: 502 });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'during outage' });
    await t.runner.runUntilIdle();
    for (let i = 0; i < 9; i++) await runDue();
    const message = await lastOutbound(conversationId);
    expect(message.status).toBe('failed');
    expect(message.error).toMatch(/gave up after 8 attempts/);
  });

  it('a user who blocked the bot → failed at once', async () => {
    await update(telegramTextUpdate({ updateId: 666, messageId: 666, chatId: 666, from: { id: 666, firstName: 'Blocker' }, text: 'hi', date: new Date() }));
    const conversation = (await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`)).body.items.find((c: any) => c.externalChatId === '666');
    await call(t, as(), 'POST', `/api/conversations/${conversation.id}/messages`, { body: 'are you there?' });
    await t.runner.runUntilIdle();
    expect(await lastOutbound(conversation.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('blocked') });
  });

  it('a revoked token disconnects the account', async () => {
    const { conversationId } = await userWhoWrote();
    fake.failNext({ method: 'sendMessage', times: 1, status: 401 });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'token gone' });
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('disconnected');
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    const back = await call(t, as(), 'PATCH', `/api/channel-accounts/${accountId}`, { status: 'active' });
    expect(back.body.status).toBe('active');
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
  });

  it('an outage of a few 5xx answers: retried with growing backoff, then sent exactly once', async () => {
    const { conversationId, chatId } = await userWhoWrote();
    fake.failNext({ method: 'sendMessage', times: 3, status: 503 });
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'after the outage' });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = Date.now();
      await t.runner.runUntilIdle();
      const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.body.id}`).executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'pending', attempts: attempt });
      expect((await lastOutbound(conversationId)).status).toBe('queued');
      waits.push(job.run_at.getTime() - before);
      await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('id', '=', job.id).execute();
    }
    // Backoff doubles per attempt (±25 % jitter): 1 s, 2 s, 4 s.
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[2]!).toBeGreaterThan(waits[1]!);
    await t.runner.runUntilIdle();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.chatId === chatId && s.text === 'after the outage')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.body.text === 'after the outage')).toHaveLength(4);
  });

  it('connection refused (the Bot API unreachable) is retried, never marked sent or unknown, and sent once it is back', async () => {
    const { conversationId, chatId } = await userWhoWrote();
    // The earlier outages of this file would pause the bot by the health rules; this test is about the retry alone.
    expect((await call(t, as(), 'PUT', '/api/channel-health/settings', { autoPause: false })).status).toBe(200);
    const reachable = t.ctx.config.TELEGRAM_BOT_API_URL;
    // A port nothing listens on any more: the connection is refused before any request goes out.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    t.ctx.config.TELEGRAM_BOT_API_URL = `http://127.0.0.1:${port}`;
    try {
      const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'while unreachable' });
      await t.runner.runUntilIdle();
      const message = await lastOutbound(conversationId);
      expect(message).toMatchObject({ status: 'queued', error: expect.stringContaining('ECONNREFUSED') });
      const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.body.id}`).executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'pending', attempts: 1 });
      expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    } finally {
      t.ctx.config.TELEGRAM_BOT_API_URL = reachable;
    }
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.chatId === chatId && s.text === 'while unreachable')).toHaveLength(1);
    await call(t, as(), 'PUT', '/api/channel-health/settings', { autoPause: null });
  });

  it('one bot backs one channel account: connecting it again → 409 naming config.botToken, in any organization', async () => {
    const again = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Same bot', config: { botToken: TOKEN, mode: 'polling' } });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].field).toBe('body.config.botToken');
    const stranger = await createTestOrg(t);
    const elsewhere = await call(t, { cookie: stranger.cookie }, 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Borrowed', config: { botToken: TOKEN } });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.fields[0].field).toBe('body.config.botToken');
    expect((await call(t, { cookie: stranger.cookie }, 'GET', '/api/channel-accounts')).body.items.filter((a: any) => a.channel === 'telegram_bot')).toEqual([]);
    // The webhook still points at the first account.
    expect(fake.webhook?.url).toBe(`${PUBLIC_URL}/webhooks/telegram/${accountId}`);
  });

  it('never logs the bot token or the secret token', () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(TOKEN.split(':')[1]);
    expect(logs).not.toContain(secret);
  });
});

describe('deleting the bot account', () => {
  it('deletes the webhook at Telegram (deleteWebhook); later updates to the old URL get 401 and store nothing', async () => {
    expect(fake.webhook).not.toBeNull();
    const deleted = await call(t, as(), 'DELETE', `/api/channel-accounts/${accountId}`);
    expect(deleted.status).toBe(200);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'deleteWebhook', body: { drop_pending_updates: false } });
    expect(fake.webhook).toBeNull();
    const before = await rowCounts();
    const late = await update(telegramTextUpdate({ updateId: 99_999, messageId: 99_999, chatId: 123, from: { id: 123, firstName: 'Late' }, text: 'still there?', date: new Date() }));
    expect(late.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });
});
