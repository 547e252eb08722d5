import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';

/**
 * The "bad input" contract: whatever a client sends, the answer is a 4xx with the JSON error shape
 * `{ error: { code, message, fields? } }` naming the offending field, never a 500 and never internals.
 */

let t: TestApp;
let org: TestOrg;
let contactId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  const contact = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 'Existing' });
  contactId = contact.body.id;
});
afterAll(() => t?.close());

async function raw(options: { method: string; url: string; headers?: Record<string, string>; body?: string | Buffer; auth?: boolean }) {
  const headers: Record<string, string> = { ...(options.auth === false ? {} : { cookie: org.cookie, 'x-parley-client': 'test' }), ...options.headers };
  const response = await t.app.inject({ method: options.method, url: options.url, headers, ...(options.body !== undefined ? { payload: options.body } : {}) } as InjectOptions);
  return response;
}

/** Asserts the JSON error shape and that nothing internal leaks; returns the parsed body. */
function expectErrorShape(response: LightMyRequestResponse, status: number): { error: { code: string; message: string; fields?: { field: string; message: string }[] } } {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body);
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expectNoInternals(response.body);
  return body;
}

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\n\s*at\s/);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(/);
  expect(text).not.toMatch(/\.(ts|js|mjs|cjs):\d+/);
  expect(text).not.toMatch(/node_modules|\/work\/|\/src\/|file:\/\//);
  expect(text).not.toMatch(/"stack"/);
}

const fieldsOf = (body: { error: { fields?: { field: string }[] } }) => (body.error.fields ?? []).map((f) => f.field);

describe('malformed and mistyped bodies', () => {
  it('malformed JSON → 400 naming body', async () => {
    for (const body of ['{"firstName": "x"', '{firstName: "x"}', 'not json at all', '{"a":1}}']) {
      const response = await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, body });
      const parsed = expectErrorShape(response, 400);
      expect(parsed.error.code).toBe('BAD_REQUEST');
      expect(fieldsOf(parsed)).toEqual(['body']);
    }
  });

  it('an empty body declared as JSON → 400 naming body', async () => {
    const response = await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, body: '' });
    expect(fieldsOf(expectErrorShape(response, 400))).toEqual(['body']);
  });

  it('a JSON body that is not an object → 400 naming body', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, body });
      const parsed = expectErrorShape(response, 400);
      expect(fieldsOf(parsed), body).toEqual(['body']);
    }
  });

  it('prototype-poisoning keys are refused, not merged', async () => {
    const response = await raw({
      method: 'POST',
      url: '/api/contacts',
      headers: { 'content-type': 'application/json' },
      body: '{"firstName":"Proto","__proto__":{"isAdmin":true}}',
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response, 400);
  });

  it('wrong types → 400 naming each field', async () => {
    const response = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 123, tags: 'vip', email: 'not-an-email' });
    const parsed = expectErrorShape(response.response, 400);
    expect(parsed.error.code).toBe('BAD_REQUEST');
    expect(fieldsOf(parsed).sort()).toEqual(['body.email', 'body.firstName', 'body.tags']);
    expect(parsed.error.message).toContain('body.firstName');

    const nested = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 'Nested', tags: ['ok', 5] });
    expect(fieldsOf(expectErrorShape(nested.response, 400))).toEqual(['body.tags.1']);

    const patch = await call(t, { cookie: org.cookie }, 'PATCH', `/api/contacts/${contactId}`, { optedOut: 'yes' });
    expect(fieldsOf(expectErrorShape(patch.response, 400))).toEqual(['body.optedOut']);
  });

  it('unknown fields → 400 naming body.<key>', async () => {
    const response = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 'Ok', nickname: 'x', isAdmin: true });
    const parsed = expectErrorShape(response.response, 400);
    expect(fieldsOf(parsed).sort()).toEqual(['body.isAdmin', 'body.nickname']);

    const patch = await call(t, { cookie: org.cookie }, 'PATCH', `/api/contacts/${contactId}`, { organizationId: org.organizationId });
    expect(fieldsOf(expectErrorShape(patch.response, 400))).toEqual(['body.organizationId']);
  });

  it('a valid body on the same route is accepted (control)', async () => {
    const response = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 'Control' });
    expect(response.status).toBe(201);
  });
});

describe('values the database cannot store', () => {
  it('a NUL character in any string → 400 naming the field, on every kind of input', async () => {
    const cookie = { cookie: org.cookie };
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/contacts', { firstName: 'a\u0000b' }, 'body.firstName'],
      ['POST', '/api/contacts', { firstName: 'Ok', tags: ['fine', 'bad\u0000'] }, 'body.tags.1'],
      ['POST', '/api/contacts', { firstName: 'Ok', customFields: { note: 'v\u0000' } }, 'body.customFields.note'],
      ['PATCH', `/api/contacts/${contactId}`, { lastName: '\u0000' }, 'body.lastName'],
      ['POST', '/api/companies', { name: 'Corp\u0000' }, 'body.name'],
      ['GET', `/api/contacts?q=${encodeURIComponent('x\u0000')}`, undefined, 'query.q'],
      ['GET', `/api/contacts?tag=${encodeURIComponent('\u0000')}`, undefined, 'query.tag'],
      ['GET', `/api/events?types=${encodeURIComponent('a\u0000')}`, undefined, 'query.types'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await call(t, cookie, method as 'POST', url, body);
      const parsed = expectErrorShape(response.response, 400);
      expect(fieldsOf(parsed), `${method} ${url}`).toEqual([field]);
    }
    const keyed = await call(t, cookie, 'POST', '/api/contacts', { firstName: 'Ok', customFields: { 'k\u0000': 'v' } });
    expect(expectErrorShape(keyed.response, 400).error.fields?.[0]?.field).toMatch(/^body\.customFields\.k/);
    expect((await call(t, cookie, 'GET', '/api/contacts/' + contactId)).body.lastName).toBeNull();
  });

  it('an event id beyond the bigint range → 400 naming query.after', async () => {
    for (const after of ['9223372036854775808', '99999999999999999999']) {
      expect(fieldsOf(expectErrorShape(await raw({ method: 'GET', url: `/api/events?after=${after}` }), 400))).toEqual(['query.after']);
    }
    expect((await raw({ method: 'GET', url: '/api/events?after=9223372036854775807' })).statusCode).toBe(200);
  });
});

describe('query strings and path parameters', () => {
  it('unknown query parameter → 400 naming it', async () => {
    const response = await raw({ method: 'GET', url: '/api/contacts?sort=name' });
    const parsed = expectErrorShape(response, 400);
    expect(fieldsOf(parsed)).toEqual(['query.sort']);
  });

  it('query values of the wrong type → 400 naming the parameter', async () => {
    expect(fieldsOf(expectErrorShape(await raw({ method: 'GET', url: '/api/contacts?limit=lots' }), 400))).toEqual(['query.limit']);
    expect(fieldsOf(expectErrorShape(await raw({ method: 'GET', url: '/api/contacts?optedOut=maybe' }), 400))).toEqual(['query.optedOut']);
    expect(fieldsOf(expectErrorShape(await raw({ method: 'GET', url: '/api/contacts?companyId=42' }), 400))).toEqual(['query.companyId']);
    expect(fieldsOf(expectErrorShape(await raw({ method: 'GET', url: '/api/events?after=abc' }), 400))).toEqual(['query.after']);
  });

  it('a bad uuid in a path → 400 naming params.<name>', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/contacts/not-a-uuid', 'params.contactId'],
      ['DELETE', '/api/contacts/123', 'params.contactId'],
      ['GET', '/api/companies/zzz', 'params.companyId'],
      ['GET', '/api/conversations/1/messages', 'params.conversationId'],
      ['GET', '/api/leads/%27%3B%20DROP%20TABLE%20leads%3B--', 'params.leadId'],
    ];
    for (const [method, url, field] of cases) {
      const parsed = expectErrorShape(await raw({ method, url }), 400);
      expect(fieldsOf(parsed), url).toEqual([field]);
    }
    const stage = expectErrorShape(await raw({ method: 'DELETE', url: '/api/pipelines/00000000-0000-4000-8000-000000000000/stages/nope' }), 400);
    expect(fieldsOf(stage)).toEqual(['params.stageId']);
  });

  it('a well-formed uuid that does not exist → 404', async () => {
    const parsed = expectErrorShape(await raw({ method: 'GET', url: '/api/contacts/00000000-0000-4000-8000-000000000000' }), 404);
    expect(parsed.error.code).toBe('NOT_FOUND');
  });
});

describe('transport-level rejections', () => {
  it('a body over 1 MiB → 413 before it reaches the handler', async () => {
    const before = await call(t, { cookie: org.cookie }, 'GET', '/api/contacts?limit=200');
    const body = JSON.stringify({ firstName: 'Huge', customFields: { blob: 'x'.repeat(1_100_000) } });
    const parsed = expectErrorShape(await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, body }), 413);
    expect(parsed.error.code).toBe('PAYLOAD_TOO_LARGE');
    const after = await call(t, { cookie: org.cookie }, 'GET', '/api/contacts?limit=200');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('a non-JSON content type on a JSON route → 415 with the JSON error shape', async () => {
    const cases: [string, string][] = [
      ['application/x-www-form-urlencoded', 'firstName=Form'],
      ['application/xml', '<contact><firstName>X</firstName></contact>'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="firstName"\r\n\r\nMulti\r\n--xyz--'],
      ['application/octet-stream', 'firstName'],
    ];
    for (const [contentType, body] of cases) {
      const parsed = expectErrorShape(await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': contentType }, body }), 415);
      expect(parsed.error.code, contentType).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(fieldsOf(parsed)).toEqual(['body']);
      expect(parsed.error.message).toMatch(/application\/json/);
    }
  });

  it('text/plain → 415 naming body, nothing stored', async () => {
    const response = await raw({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'text/plain' }, body: '{"firstName":"Plain"}' });
    const parsed = expectErrorShape(response, 415);
    expect(fieldsOf(parsed)).toEqual(['body']);
    const search = await call(t, { cookie: org.cookie }, 'GET', '/api/contacts?q=Plain');
    expect(search.body.items).toHaveLength(0);
  });

  it('a Content-Length that does not match the body → 400 naming body (not a media-type error)', async () => {
    for (const length of ['5', '500']) {
      const response = await raw({
        method: 'POST',
        url: '/api/contacts',
        headers: { 'content-type': 'application/json', 'content-length': length },
        body: JSON.stringify({ firstName: 'Length' }),
      });
      const parsed = expectErrorShape(response, 400);
      expect(parsed.error.code).toBe('BAD_REQUEST');
      expect(fieldsOf(parsed)).toEqual(['body']);
      expect(parsed.error.message).toMatch(/Content-Length/);
    }
  });

  it('JSON with a charset parameter is accepted', async () => {
    const response = await raw({
      method: 'POST',
      url: '/api/contacts',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ firstName: 'Charset' }),
    });
    expect(response.statusCode).toBe(201);
  });

  it('an unknown /api route → 404 JSON', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['POST', '/api/contacts/import-everything'],
      ['PUT', '/api/contacts'],
    ] as const) {
      const parsed = expectErrorShape(await raw({ method, url }), 404);
      expect(parsed.error.code).toBe('NOT_FOUND');
    }
  });

  it('no credentials → 401, before validation or lookup', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/contacts', undefined],
      ['GET', '/api/contacts/not-a-uuid', undefined],
      ['POST', '/api/contacts', '{broken'],
      ['GET', '/api/nope', undefined],
    ] as const) {
      const response = await raw({ method, url, auth: false, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
      const parsed = expectErrorShape(response, 401);
      expect(parsed.error.code).toBe('UNAUTHENTICATED');
    }
    const forged = await raw({ method: 'GET', url: '/api/contacts', auth: false, headers: { cookie: 'parley_session=ps_forged' } });
    expectErrorShape(forged, 401);
  });

  it('nothing above was a 500 or logged as a failure', () => {
    const failures = t.logs.filter((line) => {
      const entry = JSON.parse(line) as { level: number; msg?: string; res?: { statusCode?: number } };
      return entry.level >= 50 || (entry.res?.statusCode ?? 0) >= 500;
    });
    expect(failures).toEqual([]);
  });
});

describe('operational endpoints', () => {
  it('/health → 200 {status: ok} without credentials', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok' });
  });

  it('/metrics → Prometheus text with request counters', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('# TYPE parley_http_requests_total counter');
    expect(response.body).toMatch(/parley_http_requests_total\{[^}]*route="\/health"[^}]*\} \d+/);
    // Rejected requests are counted too, under their route pattern (not the raw URL with ids).
    expect(response.body).toMatch(/parley_http_requests_total\{[^}]*route="\/api\/contacts\/:contactId"[^}]*status="400"[^}]*\}/);
    expect(response.body).not.toContain('not-a-uuid');
  });

  it('/docs/json → an OpenAPI document of the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = JSON.parse(response.body);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/contacts', '/api/conversations/{conversationId}/messages', '/api/leads/{leadId}']));
    expect(doc.paths['/api/contacts'].post.requestBody).toBeDefined();
    expect(doc.paths['/health']).toBeUndefined();
  });
});

describe('unexpected failures', () => {
  it('an error thrown deep inside a handler → 500 with a generic message; the details go to the log only', async () => {
    const original = t.ctx.channels.get('sandbox')!;
    const secretDetail = 'connection to 10.0.0.7 refused (password=hunter2) at /srv/parley/src/adapter.ts:42';
    t.ctx.channels.set('sandbox', {
      ...original,
      health: async () => {
        throw new Error(secretDetail);
      },
    });
    let response: LightMyRequestResponse;
    try {
      response = await raw({ method: 'GET', url: `/api/channel-accounts/${org.sandboxAccountId}/health` });
    } finally {
      t.ctx.channels.set('sandbox', original);
    }
    const parsed = expectErrorShape(response, 500);
    expect(parsed.error).toEqual({ code: 'INTERNAL', message: 'Internal server error' });
    expect(response.body).not.toContain('hunter2');
    expect(t.logs.some((line) => line.includes('request failed') && line.includes('10.0.0.7'))).toBe(true);
  });

  it('a handler answering a shape its schema does not allow → 500, not the raw object', async () => {
    const original = t.ctx.channels.get('sandbox')!;
    t.ctx.channels.set('sandbox', { ...original, health: async () => ({ status: 'exploded', internal: { dsn: 'postgres://x:y@z' } }) as never });
    let response: LightMyRequestResponse;
    try {
      response = await raw({ method: 'GET', url: `/api/channel-accounts/${org.sandboxAccountId}/health` });
    } finally {
      t.ctx.channels.set('sandbox', original);
    }
    const parsed = expectErrorShape(response, 500);
    expect(parsed.error.code).toBe('INTERNAL');
    expect(response.body).not.toContain('postgres://');
  });
});
