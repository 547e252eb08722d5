import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeTelegram, telegramTextUpdate, type FakeTelegram } from '../fakes/telegram-bot-server.ts';
import { pollTelegramBots } from '../../src/modules/channels/telegram-bot/telegram.polling.ts';

/** Without PUBLIC_URL a bot cannot receive webhooks: it is polled with getUpdates by the job runner. */
const TOKEN = '7000000002:AAE_fake-polling-bot-token-0123456789';

let t: TestApp;
let org: TestOrg;
let fake: FakeTelegram;
let accountId: string;

const as = () => ({ cookie: org.cookie });

async function pollRow() {
  return t.ctx.db.selectFrom('channel_polls').selectAll().where('channel_account_id', '=', accountId).executeTakeFirstOrThrow();
}

async function messageCount() {
  return Number((await t.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

function poll(workerId = 'test-worker') {
  return pollTelegramBots(t.ctx.db, { now: t.ctx.clock.now(), config: t.ctx.config, secrets: t.ctx.secrets, logger: t.ctx.logger }, workerId);
}

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN, username: 'polling_bot' });
  t = await createTestApp({ config: { TELEGRAM_BOT_API_URL: fake.url, CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  org = await createTestOrg(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('Telegram bot in polling mode', () => {
  it('webhook mode needs PUBLIC_URL (422 naming config.mode); polling is the default without it', async () => {
    const webhook = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Bot', config: { botToken: TOKEN, mode: 'webhook' } });
    expect(webhook.status).toBe(422);
    expect(webhook.body.error.fields[0].field).toBe('body.config.mode');
    const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Polling bot', config: { botToken: TOKEN } });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    expect(created.body.settings).toMatchObject({ mode: 'polling' });
    expect(fake.calls.map((c) => c.method)).toContain('deleteWebhook');
  });

  it('the job runner polls getUpdates, stores the messages and moves the offset past them', async () => {
    const first = fake.pushUpdate(telegramTextUpdate({ messageId: 1, chatId: 4242, from: { id: 4242, firstName: 'Poll', username: 'poller' }, text: 'first by polling', date: new Date(Date.now() - 60_000) }));
    fake.pushUpdate(telegramTextUpdate({ messageId: 2, chatId: 4242, from: { id: 4242, firstName: 'Poll', username: 'poller' }, text: 'second by polling', date: new Date() }));
    await t.runner.runOnce();
    const getUpdates = fake.calls.filter((c) => c.method === 'getUpdates');
    expect(getUpdates.length).toBeGreaterThanOrEqual(1);
    expect(getUpdates[0]!.body).toMatchObject({ offset: 0, allowed_updates: ['message'] });
    expect(Number((await pollRow()).update_offset)).toBe(first + 2);

    const contact = (await call(t, as(), 'GET', '/api/contacts?q=Poll')).body.items[0];
    expect(contact).toMatchObject({ telegramId: '4242', telegramUsername: 'poller' });
    const conversation = (await call(t, as(), 'GET', `/api/conversations?contactId=${contact.id}`)).body.items[0];
    const messages = (await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items;
    expect(messages.map((m: any) => m.body)).toEqual(['second by polling', 'first by polling']);

    // The next poll confirms those updates (offset) and stores nothing twice.
    const count = await messageCount();
    await poll();
    expect(await messageCount()).toBe(count);
    expect(fake.calls.filter((c) => c.method === 'getUpdates').at(-1)!.body.offset).toBe(first + 2);
  });

  it('a bot already leased by another process is skipped', async () => {
    await t.ctx.db.updateTable('channel_polls').set({ locked_by: 'other-process', locked_until: new Date(Date.now() + 60_000) }).where('channel_account_id', '=', accountId).execute();
    const calls = fake.calls.length;
    expect(await poll()).toEqual([]);
    expect(fake.calls.length).toBe(calls);
    await t.ctx.db.updateTable('channel_polls').set({ locked_by: null, locked_until: null }).where('channel_account_id', '=', accountId).execute();
  });

  it('a 429 backs the bot off and keeps the offset; the next poll after the wait catches up', async () => {
    fake.failNext({ method: 'getUpdates', times: 1, status: 429, retryAfter: 3 });
    fake.pushUpdate(telegramTextUpdate({ messageId: 3, chatId: 4242, from: { id: 4242, firstName: 'Poll' }, text: 'third by polling', date: new Date() }));
    const [outcome] = await poll();
    expect(outcome!.error).toMatch(/Too Many Requests/);
    const row = await pollRow();
    expect(row.failures).toBe(1);
    expect(row.last_error).toMatch(/429|Too Many Requests/);
    expect(row.next_poll_at.getTime()).toBeGreaterThan(Date.now());
    expect(await poll()).toEqual([]);

    await t.ctx.db.updateTable('channel_polls').set({ next_poll_at: new Date(Date.now() - 1000) }).where('channel_account_id', '=', accountId).execute();
    const [caughtUp] = await poll();
    expect(caughtUp).toMatchObject({ updates: 1, stored: 1 });
    expect((await pollRow()).failures).toBe(0);
  });

  it('a revoked token disconnects the bot and polling stops', async () => {
    await t.ctx.db.updateTable('channel_polls').set({ next_poll_at: new Date(Date.now() - 1000) }).where('channel_account_id', '=', accountId).execute();
    fake.failNext({ method: 'getUpdates', times: 1, status: 401 });
    await poll();
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('disconnected');
    await t.ctx.db.updateTable('channel_polls').set({ next_poll_at: new Date(Date.now() - 1000) }).where('channel_account_id', '=', accountId).execute();
    expect(await poll()).toEqual([]);
  });
});
