import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, login, type TestApp, type TestOrg } from '../helpers/test-app.ts';

let t: TestApp;
let org: TestOrg;
let agentCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  const email = `agent-${org.slug}@example.test`;
  const created = await call(t, { cookie: org.cookie }, 'POST', '/api/users', { email, name: 'Agent', password: 'agent-password-1', role: 'agent' });
  expect(created.status).toBe(201);
  agentCookie = await login(t, email, 'agent-password-1');
});
afterAll(() => t?.close());

describe('the central authentication and role check works on the decoded path', () => {
  it('an encoded /api path without credentials gets 401', async () => {
    for (const url of ['/%61pi/contacts', '/%61%70%69/org', '/api/%63ontacts']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
    }
  });

  it('an agent calling an admin route through an encoded path gets 403 before the handler runs', async () => {
    const headers = { cookie: agentCookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' };
    const response = await t.app.inject({ method: 'POST', url: '/%61pi/imports?source=csv&fileName=a.csv', headers, payload: 'phone\n+996700000001\n' });
    expect(response.statusCode).toBe(403);
    const runs = await t.ctx.db.selectFrom('import_runs').select('id').where('organization_id', '=', org.organizationId).execute();
    expect(runs).toHaveLength(0);
    const webhook = await t.app.inject({ method: 'POST', url: '/%61pi/webhooks', headers: { cookie: agentCookie, 'x-parley-client': 'test' }, payload: { url: 'http://127.0.0.1:9/x', events: ['contact.created'] } });
    expect(webhook.statusCode).toBe(403);
  });
});

describe('cookie-authenticated changes must come from this site', () => {
  const readAll = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: org.cookie, host: 'crm.example.test', ...headers } });

  it('refuses a body-less POST from another origin (another port of the same host)', async () => {
    const response = await readAll({ origin: 'http://crm.example.test:8080' });
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('FORBIDDEN');
  });

  it('refuses a POST with neither an Origin nor the client header', async () => {
    expect((await readAll({})).statusCode).toBe(403);
  });

  it('accepts the same origin, the web client header, and bearer tokens without either', async () => {
    expect((await readAll({ origin: 'http://crm.example.test' })).statusCode).toBe(200);
    expect((await readAll({ 'x-parley-client': 'web' })).statusCode).toBe(200);
    const token = await call(t, { cookie: org.cookie }, 'POST', '/api/tokens', { name: 'script' });
    expect(token.status).toBe(201);
    const withToken = await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { authorization: `Bearer ${token.body.secret}` } });
    expect(withToken.statusCode).toBe(200);
  });

  it('reads with the cookie need no Origin', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: org.cookie } })).statusCode).toBe(200);
  });
});

describe('browser protections on every response', () => {
  it('sends a CSP with frame-ancestors none, X-Frame-Options and nosniff', async () => {
    for (const url of ['/api/auth/me', '/health', '/no-such-page']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: org.cookie } });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });
});

describe('every input is validated before use', () => {
  it('impossible dates are a 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/reactivation/stats?from=2026-13-45', 'query.from'],
      ['/api/reactivation/stats?to=2026-02-30', 'query.to'],
      ['/api/reactivation/analytics?from=2026-02-30', 'query.from'],
      ['/api/reactivation/analytics?to=2026-13-45', 'query.to'],
      ['/api/reactivation/queue?date=2026-02-30', 'query.date'],
      ['/api/reengagement/queue?date=2026-13-45', 'query.date'],
      ['/api/booking/visits?from=2026-02-30T10:00:00Z', 'query.from'],
    ] as const) {
      const response = await call(t, { cookie: org.cookie }, 'GET', url);
      expect(response.status, url).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field), url).toContain(field);
    }
  });

  it('the CSV export refuses a NUL in the query before sending any header', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/dialogs/export-csv?q=%00', headers: { cookie: org.cookie } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    expect(JSON.parse(response.body).error.fields[0].field).toBe('query.q');
  });

  it('unknown query parameters are refused like unknown body fields', async () => {
    for (const url of ['/api/contacts?bogus=1', '/api/auth/me?debug=true', '/api/imports?limit=5&verbose=1']) {
      const response = await call(t, { cookie: org.cookie }, 'GET', url);
      expect(response.status, url).toBe(400);
      expect(response.body.error.fields[0].message, url).toMatch(/unknown field/);
    }
  });
});

describe('request logging', () => {
  it('writes one line per request, at debug level outside production', async () => {
    const before = t.logs.length;
    await t.app.inject({ method: 'GET', url: '/api/auth/me?probe=log-line', headers: { cookie: org.cookie } });
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string; url?: string; status?: number });
    expect(lines.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toEqual([]);
    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ level: 20, msg: 'request', url: '/api/auth/me', status: 400 });
  });
});
