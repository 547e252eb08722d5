import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { createContact } from '../../src/modules/contacts/index.ts';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t, { defaultRegion: 'KG' });
});
afterAll(() => t?.close());

const as = (o: TestOrg = org) => ({ cookie: o.cookie });

async function newContact(payload: Record<string, unknown>, o: TestOrg = org) {
  const response = await call(t, as(o), 'POST', '/api/contacts', payload);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function search(query: string, o: TestOrg = org): Promise<any[]> {
  const response = await call(t, as(o), 'GET', `/api/contacts?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items;
}

describe('contacts CRUD', () => {
  it('creates, reads, updates and deletes a contact', async () => {
    const created = await newContact({ firstName: 'Бакыт', lastName: 'Осмонов', email: 'bakyt@example.test', language: 'ky', tags: ['vip', 'vip', ' new '] });
    expect(created).toMatchObject({
      displayName: 'Бакыт Осмонов',
      firstName: 'Бакыт',
      lastName: 'Осмонов',
      email: 'bakyt@example.test',
      phone: null,
      source: 'manual',
      optedOut: false,
      optedOutAt: null,
      companyId: null,
    });
    expect(created.tags).toEqual(['vip', 'new']);

    const read = await call(t, as(), 'GET', `/api/contacts/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const patched = await call(t, as(), 'PATCH', `/api/contacts/${created.id}`, { lastName: 'Осмонова', tags: ['regular'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Бакыт Осмонова', lastName: 'Осмонова', tags: ['regular'], email: 'bakyt@example.test' });

    const deleted = await call(t, as(), 'DELETE', `/api/contacts/${created.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ok: true });
    expect((await call(t, as(), 'GET', `/api/contacts/${created.id}`)).status).toBe(404);
    expect((await call(t, as(), 'DELETE', `/api/contacts/${created.id}`)).status).toBe(404);
    expect((await call(t, as(), 'PATCH', `/api/contacts/${created.id}`, { firstName: 'x' })).status).toBe(404);

    const events = await call(t, as(), 'GET', '/api/events?types=contact.created,contact.deleted');
    const mine = events.body.items.filter((e: any) => e.subject.id === created.id).map((e: any) => e.type);
    expect(mine).toEqual(['contact.created', 'contact.deleted']);
  });

  it('names a contact after its phone, username or email when it has no name', async () => {
    expect((await newContact({ phone: '0555 010 203' })).displayName).toBe('+996555010203');
    expect((await newContact({ telegramUsername: '@nameless_one' })).displayName).toBe('@nameless_one');
    expect((await newContact({ email: 'only-email@example.test' })).displayName).toBe('only-email@example.test');
  });

  it('keeps a derived name in step with the fields it came from, and keeps a chosen one', async () => {
    const byPhone = await newContact({ phone: '0555 010 204' });
    const rePhoned = await call(t, as(), 'PATCH', `/api/contacts/${byPhone.id}`, { phone: '0555 010 205' });
    expect(rePhoned.body.displayName).toBe('+996555010205');

    const named = await newContact({ firstName: 'Temporary', telegramUsername: 'derived_user' });
    expect(named.displayName).toBe('Temporary');
    const unnamed = await call(t, as(), 'PATCH', `/api/contacts/${named.id}`, { firstName: null });
    expect(unnamed.body.displayName).toBe('@derived_user');

    const chosen = await newContact({ displayName: 'Мама Айгуль', phone: '0555 010 206' });
    const kept = await call(t, as(), 'PATCH', `/api/contacts/${chosen.id}`, { phone: '0555 010 207', email: 'mama@example.test' });
    expect(kept.body.displayName).toBe('Мама Айгуль');
  });
});

describe('phone numbers', () => {
  it('normalises to E.164 with the organization default region', async () => {
    expect((await newContact({ firstName: 'Local', phone: '0700 123 456' })).phone).toBe('+996700123456');
    expect((await newContact({ firstName: 'Russian', phone: '+7 (912) 345-67-89' })).phone).toBe('+79123456789');
    expect((await newContact({ firstName: 'Intl prefix', phone: '00996 770 111 222' })).phone).toBe('+996770111222');
  });

  it('uses the region of the organization, not a fixed one', async () => {
    const ru = await createTestOrg(t, { defaultRegion: 'RU' });
    expect((await newContact({ firstName: 'Иван', phone: '8 (912) 345-67-80' }, ru)).phone).toBe('+79123456780');
    // The same number is free in another organization.
    expect((await newContact({ firstName: 'Same', phone: '+996 700 123 456' }, ru)).phone).toBe('+996700123456');
  });

  it('rejects a number it cannot normalise, naming body.phone, and stores nothing', async () => {
    for (const phone of ['12', 'call me', '+996 12']) {
      const response = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Bad phone', phone });
      expect(response.status, phone).toBe(400);
      expect(response.body.error.code).toBe('BAD_REQUEST');
      expect(response.body.error.fields[0].field).toBe('body.phone');
    }
    expect(await search('q=Bad%20phone')).toHaveLength(0);

    const contact = await newContact({ firstName: 'Patch phone' });
    const patched = await call(t, as(), 'PATCH', `/api/contacts/${contact.id}`, { phone: 'not a number 1' });
    expect(patched.status).toBe(400);
    expect(patched.body.error.fields[0].field).toBe('body.phone');
  });

  it('refuses a second contact with the same phone, in any format, naming body.phone', async () => {
    const first = await newContact({ firstName: 'Owner of phone', phone: '+996 555 123 001' });
    const duplicate = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Copy', phone: '0555 123 001' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    expect(duplicate.body.error.fields[0].field).toBe('body.phone');

    const other = await newContact({ firstName: 'Other' });
    const patched = await call(t, as(), 'PATCH', `/api/contacts/${other.id}`, { phone: '555123001' });
    expect(patched.status).toBe(409);
    expect(patched.body.error.fields[0].field).toBe('body.phone');

    // Re-saving a contact's own phone is not a conflict.
    const same = await call(t, as(), 'PATCH', `/api/contacts/${first.id}`, { phone: '+996555123001', firstName: 'Still owner' });
    expect(same.status).toBe(200);
    expect(same.body.phone).toBe('+996555123001');
  });

  it('refuses a second contact with the same Telegram id', async () => {
    const first = await newContact({ firstName: 'Tg', telegramId: '123456789' });
    expect(first.telegramId).toBe('123456789');
    const duplicate = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Tg copy', telegramId: '123456789' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('body.telegramId');
    const other = await newContact({ firstName: 'Tg other', telegramId: '987654321' });
    const patched = await call(t, as(), 'PATCH', `/api/contacts/${other.id}`, { telegramId: '123456789' });
    expect(patched.status).toBe(409);
    expect(patched.body.error.fields[0].field).toBe('body.telegramId');
  });
});

describe('search and filters', () => {
  let searchOrg: TestOrg;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    searchOrg = await createTestOrg(t);
    ids.aigul = (await newContact({ firstName: 'Айгуль', lastName: 'Токтогулова', phone: '0700 111 222', tags: ['vip', 'salon'] }, searchOrg)).id;
    ids.azamat = (await newContact({ firstName: 'Азамат', phone: '+996 555 987 654', telegramUsername: '@azamat_kg', tags: ['salon'] }, searchOrg)).id;
    ids.john = (await newContact({ firstName: 'John', lastName: 'Smith', email: 'John.Smith@Example.test' }, searchOrg)).id;
    ids.percent = (await newContact({ firstName: '100% Natural' }, searchOrg)).id;
  });

  const found = async (query: string) => (await search(query, searchOrg)).map((c) => c.id).sort();

  it('finds by name, in Cyrillic and regardless of case', async () => {
    expect(await found(`q=${encodeURIComponent('айгуль')}`)).toEqual([ids.aigul]);
    expect(await found(`q=${encodeURIComponent('ТОКТОГУЛ')}`)).toEqual([ids.aigul]);
    expect(await found(`q=${encodeURIComponent('Аза')}`)).toEqual([ids.azamat]);
  });

  it('finds by phone digits, with or without formatting', async () => {
    expect(await found('q=987654')).toEqual([ids.azamat]);
    expect(await found(`q=${encodeURIComponent('+996 700 111')}`)).toEqual([ids.aigul]);
    expect(await found(`q=${encodeURIComponent('555-987')}`)).toEqual([ids.azamat]);
  });

  it('finds a phone typed in the local format of the organization', async () => {
    expect(await found(`q=${encodeURIComponent('0700 111 222')}`)).toEqual([ids.aigul]);
  });

  it('finds by Telegram @username and by email', async () => {
    expect(await found(`q=${encodeURIComponent('@azamat_kg')}`)).toEqual([ids.azamat]);
    expect(await found('q=azamat')).toEqual([ids.azamat]);
    expect(await found(`q=${encodeURIComponent('john.smith@example')}`)).toEqual([ids.john]);
  });

  it('treats LIKE wildcards in the query literally', async () => {
    expect(await found(`q=${encodeURIComponent('100%')}`)).toEqual([ids.percent]);
    expect(await found(`q=${encodeURIComponent('%')}`)).toEqual([ids.percent]);
    expect(await found('q=_')).toEqual([ids.azamat]); // only azamat_kg has an underscore
  });

  it('filters by tag', async () => {
    expect(await found('tag=salon')).toEqual([ids.aigul, ids.azamat].sort());
    expect(await found('tag=vip')).toEqual([ids.aigul]);
    expect(await found('tag=nobody')).toEqual([]);
  });

  it('opts out with time and reason, writes contact.opted_out, filters, and opts back in', async () => {
    const before = Date.now();
    const optedOut = await call(t, as(searchOrg), 'PATCH', `/api/contacts/${ids.azamat}`, { optedOut: true, optOutReason: 'STOP' });
    expect(optedOut.status).toBe(200);
    expect(optedOut.body.optedOut).toBe(true);
    expect(optedOut.body.optOutReason).toBe('STOP');
    expect(Date.parse(optedOut.body.optedOutAt)).toBeGreaterThanOrEqual(before - 1000);

    // Opting out again keeps the original time and records no second event.
    const again = await call(t, as(searchOrg), 'PATCH', `/api/contacts/${ids.azamat}`, { optedOut: true });
    expect(again.body.optedOutAt).toBe(optedOut.body.optedOutAt);
    expect(again.body.optOutReason).toBe('STOP');

    expect(await found('optedOut=true')).toEqual([ids.azamat]);
    expect(await found('optedOut=false')).toEqual([ids.aigul, ids.john, ids.percent].sort());
    expect(await found('optedOut=true&tag=salon')).toEqual([ids.azamat]);

    const events = await call(t, as(searchOrg), 'GET', '/api/events?types=contact.opted_out');
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({ type: 'contact.opted_out', subject: { type: 'contact', id: ids.azamat }, data: { reason: 'STOP' } });

    const optedIn = await call(t, as(searchOrg), 'PATCH', `/api/contacts/${ids.azamat}`, { optedOut: false });
    expect(optedIn.status).toBe(200);
    expect(optedIn.body).toMatchObject({ optedOut: false, optedOutAt: null, optOutReason: null });
    expect(await found('optedOut=true')).toEqual([]);
    const optIn = await call(t, as(searchOrg), 'GET', '/api/events?types=contact.opted_in');
    expect(optIn.body.items.map((e: any) => e.subject.id)).toEqual([ids.azamat]);
  });

  it('merges custom fields on PATCH instead of replacing them', async () => {
    const contact = await newContact({ firstName: 'Custom', customFields: { source: 'instagram', visits: 3, member: false } }, searchOrg);
    const patched = await call(t, as(searchOrg), 'PATCH', `/api/contacts/${contact.id}`, { customFields: { visits: 4, birthday: '1990-05-01' } });
    expect(patched.status).toBe(200);
    expect(patched.body.customFields).toEqual({ source: 'instagram', visits: 4, member: false, birthday: '1990-05-01' });
    const unrelated = await call(t, as(searchOrg), 'PATCH', `/api/contacts/${contact.id}`, { firstName: 'Custom2' });
    expect(unrelated.body.customFields).toEqual(patched.body.customFields);
  });
});

describe('cursor paging', () => {
  it('walks 125 contacts 20 at a time, each exactly once and newest first', async () => {
    const pagingOrg = await createTestOrg(t);
    const created: string[] = [];
    for (let i = 0; i < 125; i++) {
      const contact = await createContact(t.ctx.db, pagingOrg.organizationId, { firstName: `Paged ${String(i).padStart(3, '0')}`, phone: `+996 700 300 ${String(i).padStart(3, '0')}` });
      created.push(contact.id);
    }
    // Many contacts with one creation time (a bulk import does that) must still page by id across page boundaries.
    const tied = created.slice(30, 80);
    await sql`UPDATE contacts SET created_at = ${new Date('2026-03-01T10:00:00.123Z')} WHERE id = ANY(${tied}::uuid[])`.execute(t.ctx.db);

    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call(t, as(pagingOrg), 'GET', `/api/contacts?${query}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(20);
    } while (cursor);

    expect(pages).toBe(7);
    expect(seen.filter((c) => c.createdAt === '2026-03-01T10:00:00.123Z')).toHaveLength(50);
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(125);
    expect([...ids].sort()).toEqual([...created].sort());
    // Same order as one big page, and never ascending in time.
    const whole = await call(t, as(pagingOrg), 'GET', '/api/contacts?limit=200');
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.items.map((c: any) => c.id)).toEqual(ids);
    for (let i = 1; i < seen.length; i++) {
      const [previous, current] = [seen[i - 1], seen[i]];
      expect(Date.parse(current.createdAt)).toBeLessThanOrEqual(Date.parse(previous.createdAt));
      if (current.createdAt === previous.createdAt) expect(current.id < previous.id).toBe(true);
    }

    // Filters and paging combine.
    const filtered = await call(t, as(pagingOrg), 'GET', `/api/contacts?limit=2&q=${encodeURIComponent('Paged 00')}`);
    expect(filtered.body.items).toHaveLength(2);
    const rest = await call(t, as(pagingOrg), 'GET', `/api/contacts?limit=20&q=${encodeURIComponent('Paged 00')}&cursor=${encodeURIComponent(filtered.body.nextCursor)}`);
    expect(rest.body.items).toHaveLength(8);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue with 400 naming query.cursor', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['garbage', '!!!', forged({ a: 1 }), forged(['2026-01-01T00:00:00Z']), forged(['not a time', randomUUID()]), forged(['2026-01-01T00:00:00Z', 'not-a-uuid'])]) {
      const response = await call(t, as(), 'GET', `/api/contacts?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(response.body.error.fields?.[0]?.field, cursor).toBe('query.cursor');
    }
  });

  it('rejects a limit out of range naming query.limit', async () => {
    for (const limit of ['0', '201', 'ten', '1.5']) {
      const response = await call(t, as(), 'GET', `/api/contacts?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(response.body.error.fields[0].field).toBe('query.limit');
    }
  });
});

describe('companies', () => {
  it('creates, reads, lists, updates and deletes a company', async () => {
    const created = await call(t, as(), 'POST', '/api/companies', { name: 'Ала-Тоо Сервис', domain: 'alatoo.example', phone: '0312 123 456', customFields: { industry: 'beauty' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ала-Тоо Сервис', domain: 'alatoo.example', phone: '+996312123456', customFields: { industry: 'beauty' } });

    expect((await call(t, as(), 'GET', `/api/companies/${created.body.id}`)).body).toEqual(created.body);
    const listed = await call(t, as(), 'GET', `/api/companies?q=${encodeURIComponent('ала-тоо')}`);
    expect(listed.body.items.map((c: any) => c.id)).toEqual([created.body.id]);

    const patched = await call(t, as(), 'PATCH', `/api/companies/${created.body.id}`, { name: 'Ала-Тоо', customFields: { size: 12 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Ала-Тоо', domain: 'alatoo.example', customFields: { industry: 'beauty', size: 12 } });

    const badPhone = await call(t, as(), 'POST', '/api/companies', { name: 'Bad', phone: '12' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.fields[0].field).toBe('body.phone');

    expect((await call(t, as(), 'DELETE', `/api/companies/${created.body.id}`)).status).toBe(200);
    expect((await call(t, as(), 'GET', `/api/companies/${created.body.id}`)).status).toBe(404);
    expect((await call(t, as(), 'DELETE', `/api/companies/${created.body.id}`)).status).toBe(404);
  });

  it('pages companies by name', async () => {
    const companyOrg = await createTestOrg(t);
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) {
      expect((await call(t, as(companyOrg), 'POST', '/api/companies', { name })).status).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(t, as(companyOrg), 'GET', `/api/companies?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((c: any) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
  });

  it('links contacts to a company, refuses an unknown one, and unlinks them when it is deleted', async () => {
    const company = await call(t, as(), 'POST', '/api/companies', { name: 'Linked Ltd' });
    const linked = await newContact({ firstName: 'Employee', companyId: company.body.id });
    expect(linked.companyId).toBe(company.body.id);
    const later = await newContact({ firstName: 'Later employee' });
    const patched = await call(t, as(), 'PATCH', `/api/contacts/${later.id}`, { companyId: company.body.id });
    expect(patched.body.companyId).toBe(company.body.id);
    expect((await search(`companyId=${company.body.id}`)).map((c) => c.id).sort()).toEqual([linked.id, later.id].sort());

    const unknown = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Nowhere', companyId: randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('body.companyId');
    const unknownPatch = await call(t, as(), 'PATCH', `/api/contacts/${later.id}`, { companyId: randomUUID() });
    expect(unknownPatch.status).toBe(400);
    expect(unknownPatch.body.error.fields[0].field).toBe('body.companyId');

    // A company of another organization is just as unknown.
    const otherOrg = await createTestOrg(t);
    const foreign = await call(t, as(otherOrg), 'POST', '/api/companies', { name: 'Foreign' });
    const crossed = await call(t, as(), 'POST', '/api/contacts', { firstName: 'Crossed', companyId: foreign.body.id });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.fields[0].field).toBe('body.companyId');

    expect((await call(t, as(), 'DELETE', `/api/companies/${company.body.id}`)).status).toBe(200);
    for (const id of [linked.id, later.id]) {
      const contact = await call(t, as(), 'GET', `/api/contacts/${id}`);
      expect(contact.status).toBe(200);
      expect(contact.body.companyId).toBeNull();
    }
  });
});
