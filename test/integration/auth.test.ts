import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';

let t: TestApp;
let clock: ManualClock;
let org: TestOrg;

/** Every credential this file uses; none may ever reach the log. */
const secrets = new Set<string>();

beforeAll(async () => {
  clock = new ManualClock(new Date());
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  secrets.add(org.password);
  secrets.add(cookieValue(org.cookie));
});
afterAll(() => t?.close());

function cookieValue(cookie: string): string {
  return cookie.slice(cookie.indexOf('=') + 1);
}

let address = 0;
/** Logs in from its own client address, so the per-address login rate limit only bites where a test wants it. */
async function loginRequest(body: Record<string, unknown>, remoteAddress = `10.1.${Math.floor(++address / 250)}.${address % 250}`) {
  if (typeof body.password === 'string') secrets.add(body.password);
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress });
  const setCookie = response.headers['set-cookie'];
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const cookie = header ? header.split(';')[0]! : null;
  if (cookie) secrets.add(cookieValue(cookie));
  return { status: response.statusCode, body: JSON.parse(response.body), header: header ?? null, cookie };
}

async function loginAs(email: string, password: string, organization?: string): Promise<string> {
  const response = await loginRequest({ email, password, ...(organization ? { organization } : {}) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.cookie!;
}

async function addUser(owner: TestOrg, role: 'agent' | 'admin' | 'owner', name: string) {
  const email = `${name}-${owner.slug}@example.test`;
  const password = `pw-${name}-${Math.random().toString(36).slice(2)}`;
  secrets.add(password);
  const created = await call(t, { cookie: owner.cookie }, 'POST', '/api/users', { email, name, password, role });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(JSON.stringify(created.body)).not.toContain(password);
  return { id: created.body.id as string, email, password, cookie: await loginAs(email, password) };
}

describe('sessions', () => {
  it('login sets an HttpOnly, SameSite=Lax session cookie and describes the caller', async () => {
    const response = await loginRequest({ email: org.email, password: org.password });
    expect(response.status).toBe(200);
    const attributes = response.header!.split(';').map((part) => part.trim().toLowerCase());
    expect(response.header).toMatch(/^parley_session=ps_[\w-]{20,};/);
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect(attributes.some((a) => a.startsWith('expires='))).toBe(true);
    expect(response.body).toMatchObject({ user: { email: org.email }, organization: { id: org.organizationId, slug: org.slug }, role: 'owner', via: 'session' });
    // The session token travels only in the cookie.
    expect(JSON.stringify(response.body)).not.toContain(cookieValue(response.cookie!));
  });

  it('the email is matched case-insensitively', async () => {
    expect((await loginRequest({ email: org.email.toUpperCase(), password: org.password })).status).toBe(200);
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const wrongPassword = await loginRequest({ email: org.email, password: 'definitely-wrong-password' });
    const unknownEmail = await loginRequest({ email: 'nobody-here@example.test', password: 'definitely-wrong-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.error.code).toBe('UNAUTHENTICATED');
    expect(wrongPassword.header).toBeNull();
    expect(unknownEmail.header).toBeNull();
  });

  it('a login body that fails validation is refused without echoing the password', async () => {
    const tooLong = `pw-too-long-${'x'.repeat(200)}`;
    const rejected = await loginRequest({ email: org.email, password: tooLong });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.fields[0].field).toBe('body.password');
    expect(JSON.stringify(rejected.body)).not.toContain(tooLong);
    const extra = await loginRequest({ email: org.email, password: org.password, otp: 'otp-secret-991122' });
    secrets.add('otp-secret-991122');
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields[0].field).toBe('body.otp');
    const typed = await loginRequest({ email: ['pw-as-email-77665544'], password: 12345678 });
    secrets.add('pw-as-email-77665544');
    expect(typed.status).toBe(400);
  });

  it('/api/auth/me describes the session', async () => {
    const me = await call(t, { cookie: org.cookie }, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: org.ownerId, email: org.email },
      organization: { id: org.organizationId, slug: org.slug },
      role: 'owner',
      via: 'session',
      organizations: [{ id: org.organizationId, slug: org.slug, role: 'owner' }],
    });
  });

  it('logout ends only that session', async () => {
    const cookie = await loginAs(org.email, org.password);
    expect((await call(t, { cookie }, 'GET', '/api/auth/me')).status).toBe(200);
    const logout = await call(t, { cookie }, 'POST', '/api/auth/logout');
    expect(logout.status).toBe(200);
    expect(String(logout.response.headers['set-cookie'])).toMatch(/parley_session=;/);
    const after = await call(t, { cookie }, 'GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    expect((await call(t, { cookie }, 'GET', '/api/contacts')).status).toBe(401);
    // The other session of the same user is untouched.
    expect((await call(t, { cookie: org.cookie }, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('a session expires after its lifetime', async () => {
    const cookie = await loginAs(org.email, org.password);
    const ttlMs = t.ctx.config.SESSION_TTL_HOURS * 3600 * 1000;
    clock.advance(ttlMs - 60_000);
    expect((await call(t, { cookie }, 'GET', '/api/auth/me')).status).toBe(200);
    clock.advance(120_000);
    expect((await call(t, { cookie }, 'GET', '/api/auth/me')).status).toBe(401);
    clock.advance(-(ttlMs + 60_000));
  });

  it('a forged or unknown cookie → 401', async () => {
    expect((await call(t, { cookie: 'parley_session=ps_forged' }, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(t, { cookie: 'parley_session=' }, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('repeated login attempts from one address are rate limited with the JSON error shape', async () => {
    const attacker = '10.66.66.66';
    // Each guess at another account (one account's own throttle is in login-throttle.test.ts).
    for (let i = 0; i < 10; i++) {
      expect((await loginRequest({ email: `guess-${i}@example.test`, password: `guess-number-${i}` }, attacker)).status).toBe(401);
    }
    const limited = await loginRequest({ email: org.email, password: org.password }, attacker);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.header).toBeNull();
    // Another client is not affected.
    expect((await loginRequest({ email: org.email, password: org.password })).status).toBe(200);
  });
});

describe('API tokens', () => {
  it('shows the secret once, lists only its prefix, authenticates with Bearer and stops at revocation', async () => {
    const created = await call(t, { cookie: org.cookie }, 'POST', '/api/tokens', { name: 'CRM sync', role: 'admin' });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    secrets.add(secret);
    expect(secret).toMatch(/^prl_[\w-]{40,}$/);
    expect(created.body.token).toMatchObject({ name: 'CRM sync', role: 'admin', revokedAt: null, expiresAt: null });
    expect(secret.startsWith(created.body.token.prefix)).toBe(true);
    expect(created.body.token.prefix.length).toBeLessThan(secret.length / 2);

    const list = await call(t, { cookie: org.cookie }, 'GET', '/api/tokens');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((x: { id: string }) => x.id === created.body.token.id);
    expect(listed.prefix).toBe(created.body.token.prefix);
    expect(listed.secret).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const me = await call(t, { token: secret }, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ via: 'token', role: 'admin', organization: { id: org.organizationId } });
    expect((await call(t, { token: secret }, 'GET', '/api/contacts')).status).toBe(200);
    expect((await call(t, { token: secret }, 'POST', '/api/contacts', { firstName: 'Via token' })).status).toBe(201);

    const revoked = await call(t, { cookie: org.cookie }, 'DELETE', `/api/tokens/${created.body.token.id}`);
    expect(revoked.status).toBe(200);
    const after = await call(t, { token: secret }, 'GET', '/api/contacts');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    const relisted = await call(t, { cookie: org.cookie }, 'GET', '/api/tokens');
    expect(relisted.body.items.find((x: { id: string }) => x.id === created.body.token.id).revokedAt).not.toBeNull();
  });

  it('a token acts with its own role, not its creator’s', async () => {
    const created = await call(t, { cookie: org.cookie }, 'POST', '/api/tokens', { name: 'agent-level', role: 'agent' });
    const secret: string = created.body.secret;
    secrets.add(secret);
    expect((await call(t, { token: secret }, 'GET', '/api/contacts')).status).toBe(200);
    expect((await call(t, { token: secret }, 'POST', '/api/tokens', { name: 'escalate', role: 'owner' })).status).toBe(403);
    expect((await call(t, { token: secret }, 'PATCH', '/api/org', { name: 'Renamed by token' })).status).toBe(403);
  });

  it('an expired token → 401', async () => {
    const created = await call(t, { cookie: org.cookie }, 'POST', '/api/tokens', { name: 'short-lived', role: 'agent', expiresInDays: 1 });
    const secret: string = created.body.secret;
    secrets.add(secret);
    expect(created.body.token.expiresAt).not.toBeNull();
    expect((await call(t, { token: secret }, 'GET', '/api/contacts')).status).toBe(200);
    clock.advance(2 * 86_400_000);
    try {
      const expired = await call(t, { token: secret }, 'GET', '/api/contacts');
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('UNAUTHENTICATED');
    } finally {
      clock.advance(-2 * 86_400_000);
    }
  });

  it('a malformed or unknown Authorization header → 401, even next to a valid cookie', async () => {
    for (const authorization of ['Basic b3duZXI6cGFzcw==', 'Bearer', 'Bearer ', 'Bearer a b', 'prl_abcdef', 'Token prl_abc', 'Bearer prl_unknown_token_value']) {
      const response = await t.app.inject({ method: 'GET', url: '/api/contacts', headers: { authorization, cookie: org.cookie } });
      expect(response.statusCode, authorization).toBe(401);
      const body = JSON.parse(response.body);
      expect(body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a token cannot be created with a role above its creator’s', async () => {
    const admin = await addUser(org, 'admin', 'token-admin');
    const response = await call(t, { cookie: admin.cookie }, 'POST', '/api/tokens', { name: 'too strong', role: 'owner' });
    expect(response.status).toBe(403);
    expect(response.body.error.fields[0].field).toBe('body.role');
  });
});

describe('roles', () => {
  let agent: { id: string; email: string; password: string; cookie: string };
  let admin: { id: string; email: string; password: string; cookie: string };

  beforeAll(async () => {
    agent = await addUser(org, 'agent', 'agent');
    admin = await addUser(org, 'admin', 'admin');
  });

  it('an agent is refused admin actions with 403 but works with contacts', async () => {
    const as = { cookie: agent.cookie };
    const me = await call(t, as, 'GET', '/api/auth/me');
    expect(me.body.role).toBe('agent');
    const refused: [string, string, unknown][] = [
      ['POST', '/api/tokens', { name: 'mine', role: 'agent' }],
      ['GET', '/api/tokens', undefined],
      ['PATCH', '/api/org', { name: 'Taken over' }],
      ['POST', '/api/channel-accounts', { channel: 'sandbox', name: 'Agent sandbox' }],
      ['POST', '/api/users', { email: 'friend@example.test', name: 'Friend', password: 'friend-password', role: 'agent' }],
      ['PATCH', `/api/users/${agent.id}`, { role: 'admin' }],
      ['POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: [] }],
      ['POST', '/api/pipelines', { key: 'agent_pipeline', name: 'Agent', stages: [{ key: 'one', name: 'One' }] }],
    ];
    for (const [method, url, body] of refused) {
      const response = await call(t, as, method as 'POST', url, body);
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await call(t, as, 'GET', '/api/contacts')).status).toBe(200);
    const contact = await call(t, as, 'POST', '/api/contacts', { firstName: 'Agent made' });
    expect(contact.status).toBe(201);
    expect((await call(t, as, 'PATCH', `/api/contacts/${contact.body.id}`, { tags: ['agent'] })).status).toBe(200);
    expect((await call(t, as, 'GET', '/api/pipelines')).status).toBe(200);
    expect((await call(t, as, 'GET', '/api/org')).status).toBe(200);
    // The refused requests changed nothing.
    expect((await call(t, { cookie: org.cookie }, 'GET', '/api/org')).body.name).not.toBe('Taken over');
    expect((await call(t, { cookie: org.cookie }, 'GET', `/api/users/${agent.id}`)).body.role).toBe('agent');
  });

  it('an admin manages agents but cannot grant or touch ownership', async () => {
    const as = { cookie: admin.cookie };
    expect((await call(t, as, 'PATCH', '/api/org', { name: `Org ${org.slug}` })).status).toBe(200);
    const makeOwner = await call(t, as, 'PATCH', `/api/users/${agent.id}`, { role: 'owner' });
    expect(makeOwner.status).toBe(403);
    const addOwner = await call(t, as, 'POST', '/api/users', { email: 'new-owner@example.test', name: 'New owner', password: 'new-owner-password', role: 'owner' });
    expect(addOwner.status).toBe(403);
    secrets.add('new-owner-password');
    expect((await call(t, as, 'PATCH', `/api/users/${org.ownerId}`, { role: 'agent' })).status).toBe(403);
    expect((await call(t, as, 'DELETE', `/api/users/${org.ownerId}`)).status).toBe(403);
    expect((await call(t, as, 'PATCH', `/api/users/${admin.id}`, { role: 'owner' })).status).toBe(403);
    expect((await call(t, { cookie: org.cookie }, 'GET', `/api/users/${agent.id}`)).body.role).toBe('agent');
    expect((await call(t, { cookie: org.cookie }, 'GET', `/api/users/${org.ownerId}`)).body.role).toBe('owner');
  });

  it('a role change applies to existing sessions at once', async () => {
    const promoted = await call(t, { cookie: org.cookie }, 'PATCH', `/api/users/${agent.id}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect((await call(t, { cookie: agent.cookie }, 'GET', '/api/tokens')).status).toBe(200);
    const demoted = await call(t, { cookie: org.cookie }, 'PATCH', `/api/users/${agent.id}`, { role: 'agent' });
    expect(demoted.status).toBe(200);
    expect((await call(t, { cookie: agent.cookie }, 'GET', '/api/tokens')).status).toBe(403);
  });

  it('demoting a user also demotes the API tokens they created', async () => {
    const promoted = await call(t, { cookie: org.cookie }, 'PATCH', `/api/users/${agent.id}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    const created = await call(t, { cookie: agent.cookie }, 'POST', '/api/tokens', { name: 'admin token of a future agent', role: 'admin' });
    expect(created.status).toBe(201);
    secrets.add(created.body.secret);
    const bearer = { token: created.body.secret as string };
    expect((await call(t, bearer, 'GET', '/api/tokens')).status).toBe(200);
    await call(t, { cookie: org.cookie }, 'PATCH', `/api/users/${agent.id}`, { role: 'agent' });
    expect((await call(t, bearer, 'GET', '/api/tokens')).status).toBe(403);
    expect((await call(t, bearer, 'GET', '/api/contacts')).status).toBe(200);
  });

  it('the last owner cannot be demoted or removed; with a second owner they can', async () => {
    const solo = await createTestOrg(t);
    secrets.add(solo.password);
    secrets.add(cookieValue(solo.cookie));
    const demote = await call(t, { cookie: solo.cookie }, 'PATCH', `/api/users/${solo.ownerId}`, { role: 'admin' });
    expect(demote.status).toBe(422);
    expect(demote.body.error.code).toBe('UNPROCESSABLE');
    const remove = await call(t, { cookie: solo.cookie }, 'DELETE', `/api/users/${solo.ownerId}`);
    expect(remove.status).toBe(422);
    expect((await call(t, { cookie: solo.cookie }, 'GET', '/api/auth/me')).body.role).toBe('owner');

    const second = await addUser(solo, 'owner', 'second-owner');
    expect((await call(t, { cookie: second.cookie }, 'GET', '/api/auth/me')).body.role).toBe('owner');
    const demoted = await call(t, { cookie: second.cookie }, 'PATCH', `/api/users/${solo.ownerId}`, { role: 'admin' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('admin');
    // Now the second owner is the last one.
    expect((await call(t, { cookie: second.cookie }, 'PATCH', `/api/users/${second.id}`, { role: 'agent' })).status).toBe(422);
    expect((await call(t, { cookie: second.cookie }, 'DELETE', `/api/users/${second.id}`)).status).toBe(422);
  });

  it('removing a member ends their sessions in that organization', async () => {
    const leaver = await addUser(org, 'agent', 'leaver');
    expect((await call(t, { cookie: leaver.cookie }, 'GET', '/api/contacts')).status).toBe(200);
    expect((await call(t, { cookie: org.cookie }, 'DELETE', `/api/users/${leaver.id}`)).status).toBe(200);
    expect((await call(t, { cookie: leaver.cookie }, 'GET', '/api/contacts')).status).toBe(401);
    expect((await loginRequest({ email: leaver.email, password: leaver.password })).status).toBe(401);
  });
});

describe('a user in two organizations', () => {
  it('logs in to the organization named by slug and sees only that one', async () => {
    const first = await createTestOrg(t);
    const second = await createTestOrg(t);
    for (const o of [first, second]) {
      secrets.add(o.password);
      secrets.add(cookieValue(o.cookie));
    }
    const email = `consultant-${first.slug}@example.test`;
    const password = 'consultant-password-1';
    secrets.add(password);
    expect((await call(t, { cookie: first.cookie }, 'POST', '/api/users', { email, name: 'Consultant', password, role: 'agent' })).status).toBe(201);
    // The account exists already: the second organization adds a membership; the given password is ignored.
    expect((await call(t, { cookie: second.cookie }, 'POST', '/api/users', { email, name: 'Consultant', password: 'other-password-2', role: 'admin' })).status).toBe(201);
    secrets.add('other-password-2');
    expect((await loginRequest({ email, password: 'other-password-2' })).status).toBe(401);

    const inFirst = await call(t, { cookie: first.cookie }, 'POST', '/api/contacts', { firstName: 'Only in first' });
    const inSecond = await call(t, { cookie: second.cookie }, 'POST', '/api/contacts', { firstName: 'Only in second' });

    const toSecond = await loginAs(email, password, second.slug);
    const me = await call(t, { cookie: toSecond }, 'GET', '/api/auth/me');
    expect(me.body.organization.slug).toBe(second.slug);
    expect(me.body.role).toBe('admin');
    expect(me.body.organizations.map((o: { slug: string }) => o.slug).sort()).toEqual([first.slug, second.slug].sort());
    const seen = (await call(t, { cookie: toSecond }, 'GET', '/api/contacts')).body.items.map((c: { id: string }) => c.id);
    expect(seen).toEqual([inSecond.body.id]);
    expect((await call(t, { cookie: toSecond }, 'GET', `/api/contacts/${inFirst.body.id}`)).status).toBe(404);

    const toFirst = await loginAs(email, password, first.slug);
    expect((await call(t, { cookie: toFirst }, 'GET', '/api/auth/me')).body).toMatchObject({ organization: { slug: first.slug }, role: 'agent' });
    expect((await call(t, { cookie: toFirst }, 'GET', '/api/contacts')).body.items.map((c: { id: string }) => c.id)).toEqual([inFirst.body.id]);
    // Roles are per organization: an admin there, an agent here.
    expect((await call(t, { cookie: toFirst }, 'GET', '/api/tokens')).status).toBe(403);
    expect((await call(t, { cookie: toSecond }, 'GET', '/api/tokens')).status).toBe(200);

    const notMember = await loginRequest({ email, password, organization: org.slug });
    expect(notMember.status).toBe(401);
    expect(notMember.header).toBeNull();
    const unknown = await loginRequest({ email, password, organization: 'no-such-org' });
    expect(unknown.status).toBe(401);
  });
});

describe('secrets in the log', () => {
  it('no password, token secret or session cookie value was ever logged', () => {
    const log = t.logs.join('\n');
    // The log is live (requests, rejections), so the check below is not vacuous.
    expect(log).toContain('/api/auth/login');
    expect(log).toContain('request rejected');
    expect(secrets.size).toBeGreaterThan(10);
    const leaked = [...secrets].filter((secret) => secret.length >= 8 && log.includes(secret));
    expect(leaked).toEqual([]);
  });
});
