import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { liftSendingLimits } from '../helpers/sending-limits.ts';
import { FakeMtproto, type FakeUser } from '../fakes/telegram-user-client.ts';
import { createTelegramUserAdapter, type TelegramUserAdapter } from '../../src/modules/channels/index.ts';
import { KeyedPacer } from '../../src/modules/channels/pacer.ts';
import type { TelegramClientFactory } from '../../src/modules/channels/telegram-user/telegram-user.client.ts';
import { TelegramUserListener } from '../../src/modules/channels/telegram-user/telegram-user.listener.ts';

const API_HASH = '0123456789abcdef0123456789abcdef';
const PASSWORD = 'correct horse battery staple';

const self: FakeUser = { id: 7_000_001, accessHash: '9001', firstName: 'Aigul', lastName: 'Salon', username: 'aigul_salon', phone: '996700111222' };
const selfWithPassword: FakeUser = { id: 7_000_002, accessHash: '9002', firstName: 'Bakyt', username: 'bakyt_bd', phone: '996700333444' };
const azamat: FakeUser = { id: 8_100_001, accessHash: '81001', firstName: 'Азамат', lastName: 'Т', username: 'azamat_t', phone: '996555010203' };
const dinara: FakeUser = { id: 8_100_002, accessHash: '81002', firstName: 'Динара', phone: '996555040506' };
const eldar: FakeUser = { id: 8_100_003, accessHash: '81003', firstName: 'Eldar', username: 'eldar_k' };
const nurlan: FakeUser = { id: 8_100_004, accessHash: '81004', firstName: 'Nurlan', username: 'nurlan_b' };
// Every other member has a username; what Telegram shows of their last visit cycles: hidden, recently, last week, last month, two days ago.
const LAST_SEEN = [undefined, 'recently', 'last_week', 'last_month', 'two_days'] as const;
const members: FakeUser[] = Array.from({ length: 250 }, (_, i) => {
  const seen = LAST_SEEN[i % 5];
  return {
    id: 9_000_000 + i,
    accessHash: String(90_000 + i),
    firstName: `Member${i}`,
    username: i % 2 ? `member_${i}` : undefined,
    lastSeen: seen === 'two_days' ? Math.floor(Date.now() / 1000) - 2 * 86_400 : seen,
  };
});
const groupBot: FakeUser = { id: 9_999_999, accessHash: '99999', firstName: 'Group bot', username: 'group_helper_bot', bot: true };

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let main: FakeMtproto;
let twoFactor: FakeMtproto;
let adapter: TelegramUserAdapter;
let accountId: string;

const as = () => ({ cookie: org.cookie });

async function runDue() {
  await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
  await t.runner.runUntilIdle();
}

async function lastOutbound(conversationId: string) {
  return ((await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items as any[]).find((m) => m.direction === 'outbound');
}

async function openConversation(contact: Record<string, unknown>) {
  const created = await call(t, as(), 'POST', '/api/contacts', contact);
  expect(created.status).toBe(201);
  const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: created.body.id, channelAccountId: accountId });
  expect(conversation.status).toBe(201);
  return { contactId: created.body.id as string, conversationId: conversation.body.id as string, externalChatId: conversation.body.externalChatId as string };
}

async function sealedSecrets(id: string) {
  return (await t.ctx.db.selectFrom('channel_accounts').select('secrets_encrypted').where('id', '=', id).executeTakeFirstOrThrow()).secrets_encrypted!;
}

beforeAll(async () => {
  main = new FakeMtproto({
    apiId: 1001,
    apiHash: API_HASH,
    self,
    code: '31415',
    users: [azamat, dinara, eldar, nurlan, ...members, groupBot],
    groups: [
      { id: 4_400_001, title: 'Салон: клиенты', kind: 'megagroup', accessHash: '440001', memberIds: [self.id, groupBot.id, ...members.map((m) => m.id)] },
      { id: 550_001, title: 'Мастера', kind: 'chat', memberIds: [self.id, azamat.id, eldar.id] },
      { id: 4_400_002, title: 'Salon news', kind: 'broadcast', accessHash: '440002', memberIds: [self.id, dinara.id] },
      // A public group the account has not joined: found by keyword.
      { id: 4_400_003, title: 'Маникюр Бишкек — обсуждение', kind: 'megagroup', accessHash: '440003', username: 'manicure_bishkek', memberIds: [groupBot.id, ...members.slice(0, 20).map((m) => m.id)] },
      { id: 4_400_004, title: 'Nail news', kind: 'broadcast', accessHash: '440004', username: 'nail_news_kg', memberIds: [dinara.id] },
    ],
  });
  twoFactor = new FakeMtproto({ apiId: 1002, apiHash: API_HASH, self: selfWithPassword, code: '27182', password: PASSWORD, passwordHint: 'the comic' });
  // One registry per process: each test "Telegram" answers the api_id its account was created with.
  const worlds = new Map([
    [1001, main],
    [1002, twoFactor],
  ]);
  const factory: TelegramClientFactory = (options) => {
    const world = worlds.get(options.apiId);
    if (!world) throw new Error(`no fake Telegram for api_id ${options.apiId}`);
    return world.factory(options);
  };
  // Pacing runs on its own clock here, so tests do not sleep through the spacing.
  let pacedAt = Date.now();
  adapter = createTelegramUserAdapter({ clientFactory: factory, pacer: new KeyedPacer(() => pacedAt, async (ms) => void (pacedAt += ms)) });
  t = await createTestApp({ config: { CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  t.ctx.channels.set('telegram_user', adapter);
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(async () => {
  await t?.close();
});

describe('logging a Telegram user account in', () => {
  it('a malformed api_hash → 400 naming it; an api_id Telegram rejects → 422 naming config.apiId', async () => {
    const malformed = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'BD', config: { apiId: 1001, apiHash: 'nope', phone: '+996 700 111 222' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields[0].field).toBe('body.config.apiHash');
    const before = main.calls.length;
    const wrongHash = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'BD', config: { apiId: 1001, apiHash: 'f'.repeat(32), phone: '+996 700 111 222' } });
    expect(wrongHash.status).toBe(422);
    expect(wrongHash.body.error.fields[0].field).toBe('body.config.apiId');
    expect(main.calls.slice(before)).toEqual(['auth.SendCode']);
    const wrongPhone = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'BD', config: { apiId: 1001, apiHash: API_HASH, phone: '+996 700 999 999' } });
    expect(wrongPhone.status).toBe(422);
    expect(wrongPhone.body.error.fields[0].field).toBe('body.config.phone');
    expect((await call(t, as(), 'GET', '/api/channel-accounts')).body.items.filter((a: any) => a.channel === 'telegram_user')).toEqual([]);
  });

  it('by phone code: auth.sendCode on create, a wrong code → 422, the right one → active, session sealed', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'BD Aigul', config: { apiId: 1001, apiHash: API_HASH, phone: '+996 700 111 222' } });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    await liftSendingLimits(t, as(), accountId);
    expect(created.body).toMatchObject({ status: 'disconnected', hasCredentials: true, connection: { state: 'awaiting_code' }, settings: { apiId: 1001, phone: '+996700111222' } });
    expect(JSON.stringify(created.body)).not.toContain(API_HASH);

    const wrong = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login/code`, { code: '00000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields[0].field).toBe('body.code');
    const early = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login/password`, { password: 'x' });
    expect(early.status).toBe(409);

    const right = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login/code`, { code: '31415' });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ step: 'open', account: { status: 'active', address: '@aigul_salon', connection: { state: 'open' }, settings: { userId: String(self.id), username: 'aigul_salon' } } });
    expect(main.calls).toContain('auth.SignIn');
    const events = await t.ctx.db.selectFrom('events').select('type').where('subject_id', '=', accountId).execute();
    expect(events.map((e) => e.type)).toContain('channel_account.active');
  });

  it('the session is sealed: not in the database in the clear, never returned, never logged', async () => {
    const session = main.clients.at(-1)!.sessionString;
    expect(session.length).toBeGreaterThan(40);
    const sealed = await sealedSecrets(accountId);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(session);
    expect(JSON.parse(t.ctx.secrets.open(sealed))).toEqual({ apiHash: API_HASH, session });
    const row = await t.ctx.db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(JSON.stringify({ ...row, secrets_encrypted: null })).not.toContain(session);
    const account = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`);
    expect(JSON.stringify(account.body)).not.toContain(session);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(session);
    expect(logs).not.toContain(API_HASH);
    expect(logs).not.toContain('31415');
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`)).body).toEqual({ status: 'ok' });
  });

  it('by code and cloud password: awaiting_password with the hint, a wrong password → 422, the right one → active (SRP checked)', async () => {
    const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'BD Bakyt', config: { apiId: 1002, apiHash: API_HASH, phone: '+996700333444' } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const code = await call(t, as(), 'POST', `/api/channel-accounts/${id}/telegram/login/code`, { code: '27182' });
    expect(code.body).toMatchObject({ step: 'awaiting_password', passwordHint: 'the comic', account: { status: 'disconnected', connection: { state: 'awaiting_password' } } });
    const wrong = await call(t, as(), 'POST', `/api/channel-accounts/${id}/telegram/login/password`, { password: 'Tr0ub4dor&3' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields[0].field).toBe('body.password');
    const right = await call(t, as(), 'POST', `/api/channel-accounts/${id}/telegram/login/password`, { password: PASSWORD });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ step: 'open', account: { status: 'active', address: '@bakyt_bd' } });
    expect(twoFactor.calls.filter((c) => c === 'auth.CheckPassword')).toHaveLength(2);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(PASSWORD);
    const sealed = JSON.parse(t.ctx.secrets.open(await sealedSecrets(id)));
    expect(Object.keys(sealed).sort()).toEqual(['apiHash', 'session']);
    expect(JSON.stringify(sealed)).not.toContain(PASSWORD);
  });

  it('a new code can be requested, and the code step works from a process that did not send it', async () => {
    const restarted = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login`, {});
    expect(restarted.body).toMatchObject({ step: 'awaiting_code', codeType: 'app', account: { status: 'disconnected' } });
    // Another process: nothing kept in memory, the half-made session is read back from the database.
    await adapter.pool.release(accountId);
    const done = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login/code`, { code: '31415' });
    expect(done.body).toMatchObject({ step: 'open', account: { status: 'active' } });
  });
});

describe('sending as the user account', () => {
  it('to @username: contacts.resolveUsername, then the conversation is keyed by the user id', async () => {
    const { contactId, conversationId, externalChatId } = await openConversation({ firstName: 'Eldar', telegramUsername: 'eldar_k' });
    expect(externalChatId).toBe('@eldar_k');
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Здравствуйте, Эльдар!' });
    await t.runner.runUntilIdle();
    const sent = main.sent.at(-1)!;
    expect(sent).toMatchObject({ method: 'messages.SendMessage', peerId: String(eldar.id), text: 'Здравствуйте, Эльдар!' });
    expect(await lastOutbound(conversationId)).toMatchObject({ status: 'sent', externalId: String(sent.id) });
    expect(main.calls).toContain('contacts.ResolveUsername');
    expect((await call(t, as(), 'GET', `/api/conversations/${conversationId}`)).body.externalChatId).toBe(String(eldar.id));
    expect((await call(t, as(), 'GET', `/api/contacts/${contactId}`)).body.telegramId).toBe(String(eldar.id));
  });

  it('to a phone: contacts.importContacts finds the user; a number without Telegram fails at once', async () => {
    const { conversationId, externalChatId } = await openConversation({ firstName: 'Динара', phone: '+996 555 040 506' });
    expect(externalChatId).toBe('+996555040506');
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Напоминаем о записи' });
    await t.runner.runUntilIdle();
    expect(main.sent.at(-1)).toMatchObject({ peerId: String(dinara.id), text: 'Напоминаем о записи' });
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(main.calls).toContain('contacts.ImportContacts');

    const nobody = await openConversation({ firstName: 'Nobody', phone: '+996 555 999 000' });
    await call(t, as(), 'POST', `/api/conversations/${nobody.conversationId}/messages`, { body: 'hello?' });
    await t.runner.runUntilIdle();
    expect(await lastOutbound(nobody.conversationId)).toMatchObject({ status: 'failed', error: expect.stringContaining('no Telegram account') });
  });

  it('FLOOD_WAIT_X → rescheduled X seconds later without spending an attempt, never retried before, then sent once', async () => {
    const { conversationId } = await openConversation({ firstName: 'Azamat', telegramUsername: 'azamat_t' });
    main.floodWait('messages.SendMessage', 42);
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'slow down' });
    const startedAt = Date.now();
    await t.runner.runUntilIdle();
    await t.runner.runUntilIdle();
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.body.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(job.run_at.getTime()).toBeGreaterThanOrEqual(startedAt + 41_000);
    expect(job.run_at.getTime()).toBeLessThan(startedAt + 60_000);
    expect(main.calls.filter((c) => c === 'messages.SendMessage').length).toBe(main.sent.length + 1);
    await runDue();
    expect((await lastOutbound(conversationId)).status).toBe('sent');
    expect(main.sent.filter((s) => s.text === 'slow down')).toHaveLength(1);
  });

  it('media goes by URL through messages.sendMedia', async () => {
    const { conversationId } = await openConversation({ firstName: 'Azamat', telegramUsername: 'azamat_t' });
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Наш прайс', media: { type: 'document', url: 'https://files.example.test/price.pdf', fileName: 'price.pdf' } });
    await t.runner.runUntilIdle();
    expect(main.sent.at(-1)).toMatchObject({ method: 'messages.SendMedia', peerId: String(azamat.id), text: 'Наш прайс', media: 'https://files.example.test/price.pdf' });
    expect((await lastOutbound(conversationId)).status).toBe('sent');
  });
});

describe('receiving', () => {
  async function conversationOf(chatId: string) {
    return ((await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`)).body.items as any[]).find((c) => c.externalChatId === chatId);
  }

  it('the job runner keeps one listening connection; a new message update → contact, conversation, message; a replay is a no-op', async () => {
    await t.runner.runUntilIdle();
    expect(main.listeners()).toHaveLength(1);
    const newcomer: FakeUser = { id: 8_200_001, accessHash: '82001', firstName: 'Жылдыз', username: 'jyldyz_k' };
    main.users.set(String(newcomer.id), newcomer);
    const date = Math.floor(new Date('2026-02-03T10:00:00Z').getTime() / 1000);
    const update = new Api.Updates({
      updates: [
        new Api.UpdateNewMessage({
          message: new Api.Message({ id: 2001, peerId: new Api.PeerUser({ userId: returnBigInt(newcomer.id) }), fromId: new Api.PeerUser({ userId: returnBigInt(newcomer.id) }), date, message: 'Добрый день! Можно записаться на субботу?' }),
          pts: 120,
          ptsCount: 1,
        }),
      ],
      users: [main.apiUser(newcomer)],
      chats: [],
      date,
      seq: 0,
    });
    await main.emit(update);
    const conversation = await conversationOf(String(newcomer.id));
    expect(conversation).toMatchObject({ channel: 'telegram_user', unreadCount: 1 });
    const contact = (await call(t, as(), 'GET', `/api/contacts/${conversation.contact.id}`)).body;
    expect(contact).toMatchObject({ displayName: 'Жылдыз', telegramId: String(newcomer.id), telegramUsername: 'jyldyz_k' });
    const messages = (await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items;
    expect(messages).toEqual([expect.objectContaining({ direction: 'inbound', externalId: '2001', body: 'Добрый день! Можно записаться на субботу?', sentAt: '2026-02-03T10:00:00.000Z' })]);
    const count = async () => Number((await t.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await main.emit(update);
    expect(await count()).toBe(before);
    // The user can be written to by id now: the update carried the access_hash.
    await call(t, as(), 'POST', `/api/conversations/${conversation.id}/messages`, { body: 'Да, в 11:00 свободно' });
    await t.runner.runUntilIdle();
    expect(main.sent.at(-1)).toMatchObject({ peerId: String(newcomer.id), text: 'Да, в 11:00 свободно' });
  });

  it('a short update recorded from the wire (TL bytes) from a known user lands in that user’s conversation', async () => {
    const recorded = new Api.UpdateShortMessage({ id: 2002, userId: returnBigInt(eldar.id), message: 'Спасибо, до встречи', pts: 121, ptsCount: 1, date: 1_770_120_000 }).getBytes();
    await main.emitBytes(recorded);
    const conversation = await conversationOf(String(eldar.id));
    const messages = (await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items as any[];
    expect(messages.map((m) => [m.direction, m.body])).toEqual(expect.arrayContaining([['inbound', 'Спасибо, до встречи'], ['outbound', 'Здравствуйте, Эльдар!']]));
  });

  it('a message typed on the phone is stored as outbound; a group message as the group’s, authored by its member', async () => {
    await main.emit(new Api.UpdateShortMessage({ out: true, id: 2003, userId: returnBigInt(eldar.id), message: 'Написал с телефона', pts: 122, ptsCount: 1, date: 1_770_120_100 }));
    const conversation = await conversationOf(String(eldar.id));
    const messages = (await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items as any[];
    expect(messages.find((m) => m.body === 'Написал с телефона')).toMatchObject({ direction: 'outbound', status: 'sent', externalId: '2003' });

    await main.emit(new Api.UpdateShortChatMessage({ id: 2004, fromId: returnBigInt(azamat.id), chatId: returnBigInt(550_001), message: 'Коллеги, кто завтра работает?', pts: 123, ptsCount: 1, date: 1_770_120_200 }));
    const group = await conversationOf('-550001');
    expect(group).toMatchObject({ isGroup: true, contact: null });
  });

  it('history of a dialog can be imported; stored messages are skipped on a repeat', async () => {
    main.history.set(String(azamat.id), [
      new Api.Message({ id: 1502, out: true, peerId: new Api.PeerUser({ userId: returnBigInt(azamat.id) }), date: 1_760_000_100, message: 'Ждём вас в 15:00' }),
      new Api.Message({ id: 1501, peerId: new Api.PeerUser({ userId: returnBigInt(azamat.id) }), fromId: new Api.PeerUser({ userId: returnBigInt(azamat.id) }), date: 1_760_000_000, message: 'Можно на стрижку?' }),
      new Api.MessageService({ id: 1500, peerId: new Api.PeerUser({ userId: returnBigInt(azamat.id) }), date: 1_759_999_000, action: new Api.MessageActionContactSignUp() }),
    ]);
    const dialogs = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/dialogs`);
    expect(dialogs.status).toBe(200);
    expect(dialogs.body.items.map((d: any) => d.peerId)).toEqual(expect.arrayContaining([String(azamat.id), '-1004400001', '-550001']));
    const first = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/dialogs/${azamat.id}/import`, {});
    expect(first.body).toEqual({ fetched: 3, stored: 1, own: 1, duplicates: 0 });
    const again = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/dialogs/${azamat.id}/import`, {});
    expect(again.body).toMatchObject({ stored: 0, own: 0, duplicates: 2 });
  });

  it('after a restart the new listening process reads back what arrived while nobody listened', async () => {
    await t.runner.runUntilIdle();
    const offset = Number((await t.ctx.db.selectFrom('channel_polls').select('update_offset').where('channel_account_id', '=', accountId).executeTakeFirstOrThrow()).update_offset);
    expect(offset).toBeGreaterThan(1_770_000_000);
    // Two messages Eldar wrote while no process was connected: only the one after the last seen is new.
    main.history.set(String(eldar.id), [
      new Api.Message({ id: 2101, peerId: new Api.PeerUser({ userId: returnBigInt(eldar.id) }), fromId: new Api.PeerUser({ userId: returnBigInt(eldar.id) }), date: offset + 600, message: 'Пока вас не было: можно перенести?' }),
      new Api.Message({ id: 2002, peerId: new Api.PeerUser({ userId: returnBigInt(eldar.id) }), fromId: new Api.PeerUser({ userId: returnBigInt(eldar.id) }), date: offset - 10, message: 'Спасибо, до встречи' }),
    ]);
    // Another process: its own adapter and pool, the previous holder's lease expired.
    await t.ctx.db.updateTable('channel_polls').set({ locked_until: new Date(Date.now() - 1000) }).where('channel_account_id', '=', accountId).execute();
    const restarted = createTelegramUserAdapter({ clientFactory: (options) => main.factory(options) });
    const listener = new TelegramUserListener(restarted, 'restarted-worker');
    const outcomes = await listener.run(t.ctx.db, { now: new Date(), config: t.ctx.config, secrets: t.ctx.secrets, logger: t.ctx.logger });
    expect(outcomes.find((o) => o.accountId === accountId)).toEqual({ accountId, listening: true, caughtUp: 1 });
    const conversation = await conversationOf(String(eldar.id));
    const bodies = ((await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items as any[]).map((m) => m.body);
    expect(bodies.filter((b) => b === 'Пока вас не было: можно перенести?')).toHaveLength(1);
    expect(bodies.filter((b) => b === 'Спасибо, до встречи')).toHaveLength(1);
    await restarted.close?.();
    main.history.delete(String(eldar.id));
    // The job runner's process takes the account back once that lease lapses.
    await t.ctx.db.updateTable('channel_polls').set({ locked_until: new Date(Date.now() - 1000) }).where('channel_account_id', '=', accountId).execute();
  });
});

describe('read receipts and inbound media', () => {
  async function conversationOf(chatId: string) {
    return ((await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accountId}`)).body.items as any[]).find((c) => c.externalChatId === chatId);
  }

  it('updateReadHistoryOutbox (max_id) marks our messages up to it read, with read times and message.read events; a replay changes nothing', async () => {
    await t.runner.runUntilIdle();
    const { conversationId } = await openConversation({ firstName: 'Nurlan', telegramUsername: 'nurlan_b' });
    for (const body of ['Первое', 'Второе', 'Третье']) await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body });
    await runDue();
    const outbound = ((await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items as any[]).filter((m) => m.direction === 'outbound');
    expect(outbound.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    const ids = outbound.map((m) => Number(m.externalId)).sort((a, b) => a - b);
    // Nurlan read the first two: Telegram reports the highest id read in the chat.
    const read = new Api.UpdateShort({ update: new Api.UpdateReadHistoryOutbox({ peer: new Api.PeerUser({ userId: returnBigInt(nurlan.id) }), maxId: ids[1]!, pts: 130, ptsCount: 1 }), date: 1_770_200_000 });
    await main.emit(read);
    const after = ((await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items as any[]).filter((m) => m.direction === 'outbound');
    const byId = new Map(after.map((m) => [Number(m.externalId), m]));
    expect(byId.get(ids[0]!)).toMatchObject({ status: 'read', readAt: expect.any(String), deliveredAt: expect.any(String) });
    expect(byId.get(ids[1]!)).toMatchObject({ status: 'read', readAt: expect.any(String) });
    expect(byId.get(ids[2]!)).toMatchObject({ status: 'sent', readAt: null });
    const events = async () => (await t.ctx.db.selectFrom('events').select('subject_id').where('type', '=', 'message.read').where('organization_id', '=', org.organizationId).execute()).length;
    const count = await events();
    expect(count).toBeGreaterThanOrEqual(2);
    await main.emit(read);
    expect(await events()).toBe(count);
    // The rest are read later; messages in other chats are untouched.
    await main.emit(new Api.UpdateShort({ update: new Api.UpdateReadHistoryOutbox({ peer: new Api.PeerUser({ userId: returnBigInt(nurlan.id) }), maxId: ids[2]!, pts: 131, ptsCount: 1 }), date: 1_770_200_100 }));
    expect((await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`)).body.items.filter((m: any) => m.direction === 'outbound').every((m: any) => m.status === 'read')).toBe(true);
    expect(await events()).toBe(count + 1);
  });

  it('a voice note is downloaded with downloadMedia through the job loop (retried after a dropped connection) and served', async () => {
    const voice = Buffer.from('OggS fake opus frames SPEECH:ignored offline');
    const documentId = '5000000000000001';
    main.addFile(documentId, voice);
    const message = new Api.Message({
      id: 2101,
      peerId: new Api.PeerUser({ userId: returnBigInt(nurlan.id) }),
      fromId: new Api.PeerUser({ userId: returnBigInt(nurlan.id) }),
      date: 1_770_210_000,
      message: '',
      media: new Api.MessageMediaDocument({
        document: new Api.Document({
          id: returnBigInt(documentId),
          accessHash: returnBigInt('1'),
          fileReference: Buffer.from('ref'),
          date: 1_770_210_000,
          mimeType: 'audio/ogg',
          size: returnBigInt(voice.byteLength),
          dcId: 2,
          attributes: [new Api.DocumentAttributeAudio({ voice: true, duration: 3 })],
        }),
      }),
    });
    main.putMessage(String(nurlan.id), message);
    main.failDownloads(1);
    await main.emit(new Api.UpdateShort({ update: new Api.UpdateNewMessage({ message, pts: 140, ptsCount: 1 }), date: 1_770_210_000 }));
    const conversation = await conversationOf(String(nurlan.id));
    const pending = ((await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items as any[]).find((m) => m.externalId === '2101');
    expect(pending.media).toMatchObject({ type: 'voice', download: 'pending' });
    for (let i = 0; i < 3; i++) await runDue();
    expect(main.downloads.filter((id) => id === 2101)).toHaveLength(2);
    expect(main.calls).toContain('messages.GetMessages');
    const stored = ((await call(t, as(), 'GET', `/api/conversations/${conversation.id}/messages`)).body.items as any[]).find((m) => m.externalId === '2101');
    expect(stored.media).toMatchObject({ type: 'voice', download: 'stored', mimeType: 'audio/ogg', size: voice.byteLength });
    const file = await t.app.inject({ method: 'GET', url: `/api/media/${stored.media.mediaId}`, headers: { cookie: org.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('audio/ogg');
    expect(Buffer.compare(file.rawPayload, voice)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/media/${stored.media.mediaId}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
  });
});

describe('groups and their members', () => {
  it('lists the groups and channels the account is in', async () => {
    const groups = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups`);
    expect(groups.status).toBe(200);
    expect(groups.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ peerId: '-1004400001', kind: 'supergroup', title: 'Салон: клиенты', participantsCount: 252, storedMembers: 0 }),
        expect.objectContaining({ peerId: '-550001', kind: 'group', title: 'Мастера' }),
        expect.objectContaining({ peerId: '-1004400002', kind: 'channel', title: 'Salon news' }),
      ]),
    );
    expect(groups.body.items.some((g: any) => g.kind === 'user')).toBe(false);
  });

  it('a supergroup’s members are read page by page and stored for the campaign audience (bots and the account left out)', async () => {
    const before = main.calls.filter((c) => c === 'channels.GetParticipants').length;
    const listed = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400001/members`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ group: { id: '-1004400001', title: 'Салон: клиенты', peerType: 'chat' }, total: 252, stored: 250, created: 250, complete: true, retryAfterSeconds: null });
    expect(main.calls.filter((c) => c === 'channels.GetParticipants').length - before).toBe(2);
    expect(listed.body.items[1]).toMatchObject({ telegramId: String(members[1]!.id), username: 'member_1', name: 'Member1' });
    const rows = await t.ctx.db.selectFrom('telegram_group_members').selectAll().where('channel_account_id', '=', accountId).where('telegram_chat_id', '=', '-1004400001').execute();
    expect(rows).toHaveLength(250);
    expect(rows[0]).toMatchObject({ organization_id: org.organizationId, chat_title: 'Салон: клиенты', peer_type: 'chat' });
    const again = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400001/members`);
    expect(again.body).toMatchObject({ stored: 250, created: 0 });
    const groups = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups`);
    expect(groups.body.items.find((g: any) => g.peerId === '-1004400001').storedMembers).toBe(250);
  });

  it('a basic group through messages.getFullChat; a broadcast channel needs admin rights → 422', async () => {
    const chat = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-550001/members`);
    expect(chat.body).toMatchObject({ total: 3, stored: 2, group: { peerType: 'chat' } });
    expect(chat.body.items.map((m: any) => m.username).sort()).toEqual(['azamat_t', 'eldar_k']);
    const channel = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400002/members`);
    expect(channel.status).toBe(422);
    const unknown = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1009999999/members`);
    expect(unknown.status).toBe(404);
  });

  it('finds public groups and channels by keyword (contacts.search) and reads a found group’s members with filters', async () => {
    const found = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/search?q=${encodeURIComponent('маникюр')}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([{ peerId: '-1004400003', title: 'Маникюр Бишкек — обсуждение', username: 'manicure_bishkek', kind: 'supergroup', members: 21 }]);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/search?q=nail`)).body.items).toEqual([expect.objectContaining({ username: 'nail_news_kg', kind: 'channel' })]);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/search?q=zzzz`)).body.items).toEqual([]);
    const short = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/search?q=a`);
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].field).toBe('query.q');

    // Members with a username, seen within a week: of the 20 people (the bot is never read), 6 are kept.
    const read = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400003/members?withUsername=true&seenWithinDays=7`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ total: 21, read: 20, filteredOut: 14, stored: 6, complete: true });
    expect(read.body.items.map((m: any) => m.username)).toEqual(['member_1', 'member_7', 'member_9', 'member_11', 'member_17', 'member_19']);
    const unfiltered = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400003/members`);
    expect(unfiltered.body).toMatchObject({ read: 20, filteredOut: 0, stored: 20 });
    const bad = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400003/members?seenWithinDays=0`);
    expect(bad.body.error.fields[0].field).toBe('query.seenWithinDays');
  });

  it('FLOOD_WAIT part-way keeps what was read and says when to come back; on the first page it answers 429', async () => {
    main.floodWait('channels.GetParticipants', 30, { skip: 1 });
    const partial = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400001/members`);
    expect(partial.status).toBe(200);
    // The first page holds 200 participants: the account itself and the bot are not stored.
    expect(partial.body).toMatchObject({ complete: false, retryAfterSeconds: 30, stored: 198 });
    main.floodWait('channels.GetParticipants', 30);
    const first = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400001/members`);
    expect(first.status).toBe(429);
    expect(first.response.headers['retry-after']).toBe('30');
  });
});

describe('reading a group’s members in the background', () => {
  const readsOf = (path: string) => `/api/channel-accounts/${accountId}/telegram/${path}`;

  it('reads page by page with progress (read of the total, kept after the filters) into the campaign audience', async () => {
    const before = main.calls.filter((c) => c === 'channels.GetParticipants').length;
    const started = await call(t, as(), 'POST', readsOf('groups/-1004400001/member-reads'), { withUsername: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ groupId: '-1004400001', status: 'queued', read: 0, kept: 0, total: null, filters: { withUsername: true } });
    await t.runner.runUntilIdle();
    const done = await call(t, as(), 'GET', readsOf(`member-reads/${started.body.id}`));
    expect(done.body).toMatchObject({ status: 'completed', groupTitle: 'Салон: клиенты', total: 252, read: 250, error: null, retryAfterSeconds: null });
    expect(main.calls.filter((c) => c === 'channels.GetParticipants').length - before).toBe(2);
    const withUsername = members.filter((m) => m.username).length;
    expect(done.body.kept).toBe(withUsername);
    expect(done.body.finishedAt).toEqual(expect.any(String));
  });

  it('a cancel stops the read after its current page and keeps what was read; a queued read never starts', async () => {
    const started = await call(t, as(), 'POST', readsOf('groups/-1004400001/member-reads'), {});
    // The cancel arrives while the first page is being read.
    await t.ctx.db.updateTable('telegram_member_reads').set({ cancel_requested: true }).where('id', '=', started.body.id).execute();
    const before = main.calls.filter((c) => c === 'channels.GetParticipants').length;
    await t.runner.runUntilIdle();
    const stopped = await call(t, as(), 'GET', readsOf(`member-reads/${started.body.id}`));
    expect(stopped.body).toMatchObject({ status: 'cancelled', total: 252 });
    expect(stopped.body.read).toBeLessThan(250);
    expect(main.calls.filter((c) => c === 'channels.GetParticipants').length - before).toBe(1);

    const queued = await call(t, as(), 'POST', readsOf('groups/-1004400001/member-reads'), {});
    const cancelled = await call(t, as(), 'POST', readsOf(`member-reads/${queued.body.id}/cancel`));
    expect(cancelled.body).toMatchObject({ status: 'cancelled', read: 0 });
    const calls = main.calls.length;
    await t.runner.runUntilIdle();
    expect(main.calls.length).toBe(calls);
  });

  it('FLOOD_WAIT part-way completes with what was read and when to come back; bad input names the field; others get 404', async () => {
    main.floodWait('channels.GetParticipants', 30, { skip: 1 });
    const started = await call(t, as(), 'POST', readsOf('groups/-1004400001/member-reads'), {});
    await t.runner.runUntilIdle();
    const partial = await call(t, as(), 'GET', readsOf(`member-reads/${started.body.id}`));
    expect(partial.body).toMatchObject({ status: 'completed', retryAfterSeconds: 30, read: 198 });
    const channel = await call(t, as(), 'POST', readsOf('groups/-1004400002/member-reads'), {});
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', readsOf(`member-reads/${channel.body.id}`))).body).toMatchObject({ status: 'failed', error: expect.stringMatching(/admins/) });

    expect((await call(t, as(), 'POST', readsOf('groups/-1004400001/member-reads'), { seenWithinDays: 0 })).body.error.fields[0].field).toBe('body.seenWithinDays');
    expect((await call(t, as(), 'POST', readsOf('groups/abc/member-reads'), {})).body.error.fields[0].field).toBe('params.groupId');
    expect((await call(t, as(), 'GET', readsOf('member-reads/not-a-uuid'))).body.error.fields[0].field).toBe('params.readId');
    const asOther = { cookie: other.cookie };
    expect((await call(t, asOther, 'GET', readsOf(`member-reads/${started.body.id}`))).status).toBe(404);
    expect((await call(t, asOther, 'POST', readsOf(`member-reads/${started.body.id}/cancel`))).status).toBe(404);
    expect((await call(t, asOther, 'POST', readsOf('groups/-1004400001/member-reads'), {})).status).toBe(404);
  });
});

describe('isolation and lifecycle', () => {
  it('another organization gets 404 on every Telegram route of this account', async () => {
    const asOther = { cookie: other.cookie };
    const routes: Array<[method: 'GET' | 'POST', url: string, body?: unknown]> = [
      ['POST', `/api/channel-accounts/${accountId}/telegram/login`, {}],
      ['POST', `/api/channel-accounts/${accountId}/telegram/login/code`, { code: '31415' }],
      ['POST', `/api/channel-accounts/${accountId}/telegram/login/password`, { password: 'x' }],
      ['GET', `/api/channel-accounts/${accountId}/telegram/dialogs`],
      ['POST', `/api/channel-accounts/${accountId}/telegram/dialogs/${azamat.id}/import`, {}],
      ['GET', `/api/channel-accounts/${accountId}/telegram/groups`],
      ['GET', `/api/channel-accounts/${accountId}/telegram/groups/-1004400001/members`],
      ['GET', `/api/channel-accounts/${accountId}/telegram/search?q=manicure`],
    ];
    const calls = main.calls.length;
    for (const [method, url, body] of routes) expect((await call(t, asOther, method, url, body)).status, `${method} ${url}`).toBe(404);
    expect(main.calls.length).toBe(calls);
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('active');
  });

  it('a revoked session disconnects the account on the next send', async () => {
    const { conversationId } = await openConversation({ firstName: 'Nurlan', telegramUsername: 'nurlan_b' });
    main.revokeSessions();
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'session gone' });
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', `/api/channel-accounts/${accountId}`)).body.status).toBe('disconnected');
    expect((await lastOutbound(conversationId)).status).toBe('queued');
    const health = await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/health`);
    expect(health.body.status).toBe('down');
  });

  it('pausing and deleting close the live connection', async () => {
    const restarted = await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login`, {});
    expect(restarted.status).toBe(200);
    await call(t, as(), 'POST', `/api/channel-accounts/${accountId}/telegram/login/code`, { code: '31415' });
    await t.runner.runUntilIdle();
    expect(main.listeners()).toHaveLength(1);
    const live = main.listeners()[0]!;
    await call(t, as(), 'PATCH', `/api/channel-accounts/${accountId}`, { status: 'paused' });
    expect(live.destroyed).toBe(true);
    await t.runner.runUntilIdle();
    expect(main.listeners()).toHaveLength(0);
    expect(adapter.pool.has(accountId)).toBe(false);
    await call(t, as(), 'PATCH', `/api/channel-accounts/${accountId}`, { status: 'active' });
    await t.runner.runUntilIdle();
    expect(main.listeners()).toHaveLength(1);
    const session = main.listeners()[0]!.sessionString;
    expect((await call(t, as(), 'DELETE', `/api/channel-accounts/${accountId}`)).status).toBe(200);
    // The session is ended on Telegram's side too, not just forgotten.
    expect(main.loggedOut).toContain(session);
    expect(main.isAuthorized(session)).toBe(false);
    expect(main.listeners()).toHaveLength(0);
    expect(adapter.pool.has(accountId)).toBe(false);
  });
});
