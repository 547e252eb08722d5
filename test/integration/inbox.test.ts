import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, login, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { wakeSnoozedConversations } from '../../src/modules/conversations/index.ts';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let agent: { id: string; cookie: string };
let colleague: { id: string; cookie: string };

const owner = () => ({ cookie: org.cookie });
const asAgent = () => ({ cookie: agent.cookie });

async function addMember(name: string, role: 'agent' | 'admin') {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${org.slug}@example.test`;
  const created = await call(t, owner(), 'POST', '/api/users', { email, name, password: 'member-password-1', role });
  expect(created.status).toBe(201);
  return { id: created.body.id as string, cookie: await login(t, email, 'member-password-1') };
}

/** A client writes through the sandbox; returns the conversation id. */
async function clientWrites(phone: string, text: string, name = 'Client'): Promise<string> {
  const response = await call(t, owner(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text, from: { name, phone } });
  expect(response.status).toBe(201);
  return response.body.conversationId;
}

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  other = await createTestOrg(t);
  agent = await addMember('Мира Агент', 'agent');
  colleague = await addMember('Bob Colleague', 'agent');
});
afterAll(() => t?.close());

describe('assignment', () => {
  it('owners assign anyone; agents take only unassigned or their own; every change is recorded and goes to the outbox', async () => {
    const id = await clientWrites('+996 700 300 001', 'Здравствуйте, хочу записаться');
    const byOwner = await call(t, owner(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: agent.id });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.assignee).toEqual({ id: agent.id, name: 'Мира Агент' });

    const stolen = await call(t, { cookie: colleague.cookie }, 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: colleague.id });
    expect(stolen.status).toBe(403);
    const toOther = await call(t, asAgent(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: colleague.id });
    expect(toOther.status).toBe(403);
    expect((await call(t, asAgent(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: null })).body.assignee).toBeNull();
    expect((await call(t, { cookie: colleague.cookie }, 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: colleague.id })).status).toBe(200);

    const stranger = await call(t, owner(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: other.ownerId });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields[0].field).toBe('body.assigneeUserId');
    expect((await call(t, owner(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: 'nope' })).status).toBe(400);

    const activity = await call(t, owner(), 'GET', `/api/conversations/${id}/activity`);
    expect(activity.body.items.map((a: any) => [a.kind, a.details.to, a.actor?.id])).toEqual([
      ['assigned', agent.id, org.ownerId],
      ['assigned', null, agent.id],
      ['assigned', colleague.id, colleague.id],
    ]);
    const events = await call(t, owner(), 'GET', '/api/events?types=conversation.assigned');
    expect(events.body.items.at(-1).data).toMatchObject({ conversationId: id, assigneeUserId: colleague.id, byUserId: colleague.id });
  });
});

describe('status', () => {
  it('moves between open, pending, snoozed and resolved; a client message reopens it', async () => {
    const id = await clientWrites('+996 700 300 002', 'Сколько стоит маникюр?');
    expect((await call(t, owner(), 'GET', `/api/conversations/${id}`)).body.status).toBe('open');
    const resolved = await call(t, asAgent(), 'POST', `/api/conversations/${id}/status`, { status: 'resolved' });
    expect(resolved.body).toMatchObject({ status: 'resolved', snoozedUntil: null });

    const noTime = await call(t, owner(), 'POST', `/api/conversations/${id}/status`, { status: 'snoozed' });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.fields[0].field).toBe('body.snoozedUntil');
    const past = await call(t, owner(), 'POST', `/api/conversations/${id}/status`, { status: 'snoozed', snoozedUntil: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call(t, owner(), 'POST', `/api/conversations/${id}/status`, { status: 'snoozed', snoozedUntil: until })).body).toMatchObject({ status: 'snoozed' });
    expect((await call(t, owner(), 'POST', `/api/conversations/${id}/status`, { status: 'closed' })).status).toBe(400);

    await clientWrites('+996 700 300 002', 'Алло?');
    const reopened = await call(t, owner(), 'GET', `/api/conversations/${id}`);
    expect(reopened.body).toMatchObject({ status: 'open', snoozedUntil: null });
    const events = await call(t, owner(), 'GET', '/api/events?types=conversation.status_changed');
    expect(events.body.items.at(-1).data).toMatchObject({ conversationId: id, status: 'open', previousStatus: 'snoozed', reason: 'client_message', byUserId: null });

    // An agent cannot resolve a colleague's conversation.
    await call(t, owner(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: colleague.id });
    expect((await call(t, asAgent(), 'POST', `/api/conversations/${id}/status`, { status: 'resolved' })).status).toBe(403);
  });

  it('a snooze that has run out opens the conversation again', async () => {
    const id = await clientWrites('+996 700 300 003', 'Напомните мне завтра');
    await call(t, owner(), 'POST', `/api/conversations/${id}/status`, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 60_000).toISOString() });
    expect(await wakeSnoozedConversations(t.ctx.db, new Date(Date.now() + 120_000))).toBeGreaterThanOrEqual(1);
    expect((await call(t, owner(), 'GET', `/api/conversations/${id}`)).body.status).toBe('open');
  });
});

describe('filters and unread', () => {
  it('lists mine / unassigned / all by status, channel account, tag and interest, with per-person unread counts', async () => {
    const mine = await clientWrites('+996 700 300 010', 'first');
    const free = await clientWrites('+996 700 300 011', 'second');
    const done = await clientWrites('+996 700 300 012', 'third');
    await call(t, owner(), 'POST', `/api/conversations/${mine}/assign`, { assigneeUserId: agent.id });
    await call(t, owner(), 'POST', `/api/conversations/${done}/assign`, { assigneeUserId: agent.id });
    await call(t, owner(), 'POST', `/api/conversations/${done}/status`, { status: 'resolved' });

    const ids = async (query: string, as = asAgent()) => (await call(t, as, 'GET', `/api/conversations?${query}`)).body.items.map((c: any) => c.id);
    expect(await ids('view=mine&status=open')).toContain(mine);
    expect(await ids('view=mine&status=open')).not.toContain(done);
    expect(await ids('view=mine&status=resolved')).toEqual([done]);
    expect(await ids('view=unassigned&status=open')).toContain(free);
    expect(await ids('view=unassigned&status=open')).not.toContain(mine);
    expect(await ids(`view=all&status=all&channelAccountId=${org.sandboxAccountId}`)).toEqual(expect.arrayContaining([mine, free, done]));
    expect((await call(t, owner(), 'GET', '/api/conversations?view=everything')).status).toBe(400);

    const conversation = (await call(t, owner(), 'GET', `/api/conversations/${free}`)).body;
    await call(t, owner(), 'PATCH', `/api/contacts/${conversation.contact.id}`, { tags: ['vip'] });
    expect(await ids('tag=vip')).toEqual([free]);
    const lead = await call(t, owner(), 'POST', '/api/leads', { contactId: conversation.contact.id });
    // The analysis rates interest; here it is set as the analysis would.
    await t.ctx.db.updateTable('leads').set({ interest_level: 'hot' }).where('id', '=', lead.body.id).execute();
    expect(await ids('interest=hot')).toEqual([free]);
    expect((await call(t, owner(), 'GET', `/api/conversations/${free}`)).body.interestLevel).toBe('hot');

    // Unread is per person: the agent reading does not read it for the owner.
    const before = await call(t, asAgent(), 'GET', '/api/inbox/counts');
    expect(before.body.mine.open).toBeGreaterThanOrEqual(1);
    expect((await call(t, asAgent(), 'GET', `/api/conversations/${mine}`)).body.unreadCount).toBe(1);
    await call(t, asAgent(), 'POST', `/api/conversations/${mine}/read`);
    expect((await call(t, asAgent(), 'GET', `/api/conversations/${mine}`)).body.unreadCount).toBe(0);
    expect((await call(t, owner(), 'GET', `/api/conversations/${mine}`)).body.unreadCount).toBe(1);
    const after = await call(t, asAgent(), 'GET', '/api/inbox/counts');
    expect(after.body.mine.unread).toBe(before.body.mine.unread - 1);
    expect(await ids('unread=true')).not.toContain(mine);
    expect(await ids('unread=true', owner())).toContain(mine);
  });
});

describe('search', () => {
  it('finds messages by words in Russian and English (any form, prefixes), and conversations by name and phone', async () => {
    const ru = await clientWrites('+996 700 300 020', 'Добрый день! Можно записаться на стрижку к мастеру Анне в субботу?', 'Гульнара');
    const en = await clientWrites('+996 700 300 021', 'Hello, I would like to book two haircuts for tomorrow evening', 'Jane Roe');
    const search = async (q: string, as = owner()) => (await call(t, as, 'GET', `/api/inbox/search?q=${encodeURIComponent(q)}`)).body;

    const hairRu = await search('стрижки');
    expect(hairRu.messages.map((m: any) => m.conversationId)).toContain(ru);
    expect(hairRu.messages[0].excerpt).toContain('стрижку');
    expect((await search('мастер суббот')).messages.map((m: any) => m.conversationId)).toEqual([ru]);
    expect((await search('haircut booking')).messages.map((m: any) => m.conversationId)).toEqual([en]);
    expect((await search('Гульнара')).conversations.map((c: any) => c.id)).toEqual([ru]);
    expect((await search('300 021')).conversations.map((c: any) => c.id)).toEqual([en]);
    expect((await search("'&|!:*")).messages).toEqual([]);
    expect((await call(t, owner(), 'GET', '/api/inbox/search?q=')).status).toBe(400);
    // Another organization finds nothing of this one.
    const foreign = await search('стрижку', { cookie: other.cookie });
    expect(foreign).toEqual({ conversations: [], messages: [] });

    // A result opens the thread at its message: the page ends with it.
    const hit = hairRu.messages.find((m: any) => m.conversationId === ru);
    await clientWrites('+996 700 300 020', 'И ещё вопрос');
    const page = await call(t, owner(), 'GET', `/api/conversations/${ru}/messages?anchor=${hit.messageId}`);
    expect(page.body.items[0].id).toBe(hit.messageId);
    const badAnchor = await call(t, owner(), 'GET', `/api/conversations/${en}/messages?anchor=${hit.messageId}`);
    expect(badAnchor.status).toBe(400);
    expect(badAnchor.body.error.fields[0].field).toBe('query.anchor');
  });
});

describe('private notes', () => {
  it('stays in the thread, is never sent, and @mention notifies only that colleague', async () => {
    const id = await clientWrites('+996 700 300 030', 'Есть свободное время?');
    const note = await call(t, owner(), 'POST', `/api/conversations/${id}/notes`, { body: '@Мира Агент перезвони ей после обеда' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ body: '@Мира Агент перезвони ей после обеда', mentionedUserIds: [agent.id], authorUserId: org.ownerId });
    const explicit = await call(t, asAgent(), 'POST', `/api/conversations/${id}/notes`, { body: 'ok', mentionedUserIds: [colleague.id] });
    expect(explicit.body.mentionedUserIds).toEqual([colleague.id]);
    expect((await call(t, owner(), 'POST', `/api/conversations/${id}/notes`, { body: ' ' })).status).toBe(400);
    expect((await call(t, owner(), 'POST', `/api/conversations/${id}/notes`, { body: 'x', mentionedUserIds: [other.ownerId] })).status).toBe(400);

    const notes = await call(t, asAgent(), 'GET', `/api/conversations/${id}/notes`);
    expect(notes.body.items.map((n: any) => n.body)).toEqual(['@Мира Агент перезвони ей после обеда', 'ok']);
    const messages = await call(t, owner(), 'GET', `/api/conversations/${id}/messages`);
    expect(messages.body.items.map((m: any) => m.body)).toEqual(['Есть свободное время?']);

    const agentBell = await call(t, asAgent(), 'GET', '/api/notifications');
    expect(agentBell.body.items.filter((n: any) => n.kind === 'mention')).toHaveLength(1);
    expect(agentBell.body.items.find((n: any) => n.kind === 'mention')).toMatchObject({ link: `/conversations/${id}`, body: '@Мира Агент перезвони ей после обеда' });
    const ownerBell = await call(t, owner(), 'GET', '/api/notifications');
    expect(ownerBell.body.items.filter((n: any) => n.kind === 'mention')).toHaveLength(0);
    const colleagueBell = await call(t, { cookie: colleague.cookie }, 'GET', '/api/notifications');
    expect(colleagueBell.body.items.filter((n: any) => n.kind === 'mention')).toHaveLength(1);
  });
});

describe('saved replies', () => {
  it('are organization-wide snippets with variables, unique by shortcut', async () => {
    const created = await call(t, owner(), 'POST', '/api/saved-replies', { shortcut: 'price', body: 'Здравствуйте, {{ contact.first_name }}! Стрижка стоит 800 сом. {{ agent.name }}, {{ business.name }}' });
    expect(created.status).toBe(201);
    expect((await call(t, asAgent(), 'POST', '/api/saved-replies', { shortcut: 'PRICE', body: 'dup' })).status).toBe(409);
    const broken = await call(t, owner(), 'POST', '/api/saved-replies', { shortcut: 'broken', body: 'Hi {{ contact.first_name ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields[0].field).toBe('body.body');
    expect((await call(t, owner(), 'POST', '/api/saved-replies', { shortcut: 'has space', body: 'x' })).status).toBe(400);

    expect((await call(t, asAgent(), 'GET', '/api/saved-replies?q=pri')).body.items.map((r: any) => r.shortcut)).toEqual(['price']);
    const id = await clientWrites('+996 700 300 040', 'Сколько стоит?', 'Айгуль Токтогулова');
    const rendered = await call(t, asAgent(), 'POST', `/api/conversations/${id}/saved-replies/${created.body.id}/render`);
    expect(rendered.body.text).toBe(`Здравствуйте, Айгуль! Стрижка стоит 800 сом. Мира Агент, Org ${org.slug}`);

    const updated = await call(t, asAgent(), 'PATCH', `/api/saved-replies/${created.body.id}`, { body: 'Цена: 800 сом' });
    expect(updated.body).toMatchObject({ shortcut: 'price', body: 'Цена: 800 сом' });
    expect((await call(t, owner(), 'PATCH', `/api/saved-replies/${created.body.id}`, {})).status).toBe(400);
    expect((await call(t, owner(), 'DELETE', `/api/saved-replies/${created.body.id}`)).status).toBe(200);
    expect((await call(t, owner(), 'GET', '/api/saved-replies')).body.items).toEqual([]);
    expect((await call(t, { cookie: other.cookie }, 'GET', '/api/saved-replies')).body.items).toEqual([]);
  });
});

describe('round-robin', () => {
  it('gives new conversations to the chosen agents in turn; admins choose them', async () => {
    expect((await call(t, asAgent(), 'PUT', '/api/inbox/round-robin', { userIds: [agent.id] })).status).toBe(403);
    const set = await call(t, owner(), 'PUT', '/api/inbox/round-robin', { userIds: [agent.id, colleague.id] });
    expect(set.body.userIds.sort()).toEqual([agent.id, colleague.id].sort());
    const first = await clientWrites('+996 700 300 050', 'one');
    const second = await clientWrites('+996 700 300 051', 'two');
    await t.runner.runUntilIdle();
    const a = (await call(t, owner(), 'GET', `/api/conversations/${first}`)).body.assignee?.id;
    const b = (await call(t, owner(), 'GET', `/api/conversations/${second}`)).body.assignee?.id;
    expect([a, b].sort()).toEqual([agent.id, colleague.id].sort());
    // A conversation that was assigned once is not taken again on the next message.
    await call(t, owner(), 'POST', `/api/conversations/${first}/assign`, { assigneeUserId: null });
    await clientWrites('+996 700 300 050', 'again');
    await t.runner.runUntilIdle();
    expect((await call(t, owner(), 'GET', `/api/conversations/${first}`)).body.assignee).toBeNull();
    await call(t, owner(), 'PUT', '/api/inbox/round-robin', { userIds: [] });
  });
});

describe('live updates', () => {
  it('streams the organization’s events as Server-Sent Events, and nothing of another organization', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const received: string[] = [];
    const response = await fetch(`${address}/api/events/stream`, { headers: { cookie: org.cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const foreign = await fetch(`${address}/api/events/stream`, { headers: { cookie: other.cookie }, signal: controller.signal });
    const unauthenticated = await fetch(`${address}/api/events/stream`);
    expect(unauthenticated.status).toBe(401);
    const read = async (stream: Response, into: string[]) => {
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          into.push(decoder.decode(value));
        }
      } catch {
        // aborted
      }
    };
    const foreignReceived: string[] = [];
    void read(response, received);
    void read(foreign, foreignReceived);
    const id = await clientWrites('+996 700 300 060', 'live?');
    await call(t, owner(), 'POST', `/api/conversations/${id}/assign`, { assigneeUserId: agent.id });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !received.join('').includes('conversation.assigned')) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const text = received.join('');
    expect(text).toContain('event: message.received');
    expect(text).toContain('event: conversation.assigned');
    expect(text).toContain(id);
    expect(foreignReceived.join('')).not.toContain(id);
  });
});
