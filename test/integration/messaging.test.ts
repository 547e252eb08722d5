import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
});
afterAll(() => t?.close());

const as = () => ({ cookie: org.cookie });

async function inbound(payload: Record<string, unknown>) {
  return call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, payload);
}

describe('inbound through the sandbox', () => {
  it('creates the contact and conversation, stores the message once, writes message.received', async () => {
    const first = await inbound({ text: 'Здравствуйте! Сколько стоит стрижка?', messageId: 'in-1', from: { name: 'Айгуль Т', phone: '0700 111 222' } });
    expect(first.status).toBe(201);
    const replay = await inbound({ text: 'Здравствуйте! Сколько стоит стрижка?', messageId: 'in-1', from: { name: 'Айгуль Т', phone: '0700 111 222' } });
    expect(replay.status).toBe(200);
    expect(replay.body.isDuplicate).toBe(true);
    expect(replay.body.message.id).toBe(first.body.message.id);

    const contacts = await call(t, as(), 'GET', '/api/contacts?q=Айгуль');
    expect(contacts.body.items).toHaveLength(1);
    expect(contacts.body.items[0].phone).toBe('+996700111222');

    const conversation = await call(t, as(), 'GET', `/api/conversations/${first.body.conversationId}`);
    expect(conversation.body).toMatchObject({ channel: 'sandbox', unreadCount: 1, externalChatId: 'sandbox:+996700111222' });
    const messages = await call(t, as(), 'GET', `/api/conversations/${first.body.conversationId}/messages`);
    expect(messages.body.items).toHaveLength(1);

    const events = await call(t, as(), 'GET', '/api/events?types=message.received');
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].data).toMatchObject({ conversationId: first.body.conversationId, channel: 'sandbox' });
  });

  it('the public webhook needs the account secret and has no side effect without it', async () => {
    const before = await call(t, as(), 'GET', '/api/contacts');
    const denied = await t.app.inject({
      method: 'POST',
      url: `/webhooks/sandbox/${org.sandboxAccountId}`,
      headers: { 'x-parley-webhook-secret': 'wrong' },
      payload: { text: 'hi', from: { name: 'Intruder' } },
    });
    expect(denied.statusCode).toBe(401);
    const after = await call(t, as(), 'GET', '/api/contacts');
    expect(after.body.items).toHaveLength(before.body.items.length);

    const hook = await call(t, as(), 'GET', `/api/channel-accounts/${org.sandboxAccountId}/webhook`);
    const accepted = await t.app.inject({
      method: 'POST',
      url: hook.body.path,
      headers: { [hook.body.secretHeader]: hook.body.secret },
      payload: { text: 'hello via webhook', messageId: 'wh-1', from: { name: 'Webhook Person', phone: '+996 555 000 111' } },
    });
    expect(accepted.statusCode).toBe(201);
    const replayed = await t.app.inject({
      method: 'POST',
      url: hook.body.path,
      headers: { [hook.body.secretHeader]: hook.body.secret },
      payload: { text: 'hello via webhook', messageId: 'wh-1', from: { name: 'Webhook Person', phone: '+996 555 000 111' } },
    });
    expect(replayed.statusCode).toBe(200);
    expect(JSON.parse(replayed.body).isDuplicate).toBe(true);
  });
});

describe('outbound through the job loop', () => {
  async function openConversation(phone: string) {
    const contact = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Out', lastName: phone, phone });
    expect(contact.status).toBe(201);
    const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: org.sandboxAccountId });
    expect(conversation.status).toBe(201);
    const again = await call(t, as(), 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: org.sandboxAccountId });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(conversation.body.id);
    return { contactId: contact.body.id as string, conversationId: conversation.body.id as string };
  }

  async function messageStatus(conversationId: string) {
    const list = await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`);
    return list.body.items[0];
  }

  async function setFailMode(failMode: string) {
    const patched = await call(t, as(), 'PATCH', `/api/channel-accounts/${org.sandboxAccountId}`, { settings: { failMode } });
    expect(patched.status).toBe(200);
  }

  async function sandboxDeliveries(messageId: string) {
    return t.ctx.db.selectFrom('sandbox_deliveries').selectAll().where('client_ref', '=', messageId).execute();
  }

  it('queues, sends through the channel, and records message.sent', async () => {
    const { conversationId } = await openConversation('+996 700 200 001');
    const sent = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Добрый день!' });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('queued');
    await t.runner.runUntilIdle();
    const message = await messageStatus(conversationId);
    expect(message.status).toBe('sent');
    expect(message.externalId).toMatch(/^sbx_/);
    expect(await sandboxDeliveries(message.id)).toHaveLength(1);
    const events = await call(t, as(), 'GET', '/api/events?types=message.sent');
    expect(events.body.items.some((e: any) => e.subject.id === message.id)).toBe(true);
  });

  it('an outage is retried with backoff and the message goes out once when the channel recovers', async () => {
    const { conversationId } = await openConversation('+996 700 200 002');
    await setFailMode('temporary');
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'retry me' });
    await t.runner.runUntilIdle();
    const queued = await messageStatus(conversationId);
    expect(queued.status).toBe('queued');
    expect(queued.error).toMatch(/outage/);
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${queued.id}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());

    await setFailMode('none');
    await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('id', '=', job.id as never).execute();
    await t.runner.runUntilIdle();
    const sent = await messageStatus(conversationId);
    expect(sent.status).toBe('sent');
    expect(await sandboxDeliveries(sent.id)).toHaveLength(1);
  });

  it('an unreachable recipient fails the message without retrying', async () => {
    const { conversationId } = await openConversation('+996 700 200 003');
    await setFailMode('recipient_invalid');
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'nobody home' });
    await t.runner.runUntilIdle();
    await setFailMode('none');
    const message = await messageStatus(conversationId);
    expect(message.status).toBe('failed');
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `dispatch:${message.id}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
  });

  it('a send interrupted after the channel accepted it is reconciled, never sent twice', async () => {
    const { conversationId } = await openConversation('+996 700 200 004');
    await setFailMode('timeout_after_accept');
    await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'did it go?' });
    await t.runner.runUntilIdle();
    const interrupted = await messageStatus(conversationId);
    expect(interrupted.status).toBe('sending');
    expect(await sandboxDeliveries(interrupted.id)).toHaveLength(1);

    // The retry asks the channel first, finds the accepted message and does not send again.
    await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('job_key', '=', `dispatch:${interrupted.id}`).execute();
    await t.runner.runUntilIdle();
    await setFailMode('none');
    const reconciled = await messageStatus(conversationId);
    expect(reconciled.status).toBe('sent');
    expect(await sandboxDeliveries(reconciled.id)).toHaveLength(1);
  });

  it('a stale "sending" row on a channel that cannot tell becomes unknown and is not re-sent', async () => {
    const { conversationId } = await openConversation('+996 700 200 005');
    const original = t.ctx.channels.get('sandbox')!;
    const queued = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'crash in flight' });
    await t.ctx.db.updateTable('messages').set({ status: 'sending' }).where('id', '=', queued.body.id).execute();
    let sends = 0;
    t.ctx.channels.set('sandbox', { ...original, findSent: undefined, send: async (...args) => (sends++, original.send(...args)) });
    try {
      await t.runner.runUntilIdle();
    } finally {
      t.ctx.channels.set('sandbox', original);
    }
    expect(sends).toBe(0);
    expect((await messageStatus(conversationId)).status).toBe('unknown');
  });

  it('refuses to send to an opted-out contact or through an imported conversation', async () => {
    const { contactId, conversationId } = await openConversation('+996 700 200 006');
    await call(t, as(), 'PATCH', `/api/contacts/${contactId}`, { optedOut: true, optOutReason: 'STOP' });
    const refused = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { body: 'hello?' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe('params.conversationId');
  });

  it('the conversation list shows the latest activity first and marks read', async () => {
    const { conversationId } = await openConversation('+996 700 200 007');
    await inbound({ text: 'ping', chatId: 'sandbox:+996700200007' });
    const list = await call(t, as(), 'GET', '/api/conversations?limit=1');
    expect(list.body.items[0].id).toBe(conversationId);
    expect(list.body.items[0].unreadCount).toBe(1);
    expect((await call(t, as(), 'POST', `/api/conversations/${conversationId}/read`)).status).toBe(200);
    expect((await call(t, as(), 'GET', `/api/conversations/${conversationId}`)).body.unreadCount).toBe(0);
  });
});
