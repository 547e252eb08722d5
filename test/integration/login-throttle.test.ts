import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { beginLoginAttempt } from '../../src/modules/orgs/login-throttle.service.ts';
import { createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';

const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
});
afterAll(() => t?.close());

let address = 0;
/** Every attempt from a new address and with a new X-Forwarded-For, as the attacker in the finding did. */
async function attempt(email: string, password: string, remoteAddress = `10.77.${Math.floor(++address / 250)}.${address % 250}`) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: { 'x-forwarded-for': `203.0.113.${address % 250}` },
    payload: { email, password },
  });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: JSON.parse(response.body) };
}

describe('login throttling per account', () => {
  it('makes each attempt after the third wrong password wait twice as long, whatever the address', async () => {
    const email = `nobody-${Date.now()}@example.test`;
    for (let i = 0; i < 3; i++) expect((await attempt(email, 'wrong-password')).status).toBe(401);
    const early = await attempt(email, 'wrong-password');
    expect(early.status).toBe(429);
    expect(early.retryAfter).toBe('1');
    expect(early.body.error.code).toBe('RATE_LIMITED');
    clock.advance(1000);
    expect((await attempt(email, 'wrong-password')).status).toBe(401);
    const second = await attempt(email, 'wrong-password');
    expect(second.status).toBe(429);
    expect(second.retryAfter).toBe('2');
  });

  it('locks the account after ten wrong passwords — the right one is refused too — and notifies its organization', async () => {
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      expect((await attempt(org.email, `guess-${i}`)).status).toBe(401);
    }
    clock.advance(60_000);
    const locked = await attempt(org.email, org.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toMatch(/locked for \d+ more minute/);
    const notices = await t.ctx.db.selectFrom('notifications').select(['kind', 'title', 'body']).where('organization_id', '=', org.organizationId).where('kind', '=', 'security.login_locked').execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toMatch(/locked for 15 minutes/);

    clock.advance(15 * 60_000);
    expect((await attempt(org.email, org.password)).status).toBe(200);
    // The right password started the account afresh.
    expect((await attempt(org.email, 'one-more-typo')).status).toBe(401);
    expect((await attempt(org.email, org.password)).status).toBe(200);
  });

  it('parallel guesses cannot slip past the count', async () => {
    const email = `parallel-${Date.now()}@example.test`;
    clock.advance(3_600_000);
    const results = await Promise.all(Array.from({ length: 12 }, () => attempt(email, 'wrong-password')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(9);
  });
});

describe('login throttling per address', () => {
  it('locks an address that tried fifty accounts', async () => {
    clock.advance(3_600_000);
    for (let i = 0; i < 50; i++) {
      clock.advance(61_000);
      const verdict = await beginLoginAttempt(t.ctx.db, { email: `spray-${i}@example.test`, address: '198.51.100.7', now: clock.now() });
      expect(verdict.allowed).toBe(true);
    }
    clock.advance(61_000);
    expect(await beginLoginAttempt(t.ctx.db, { email: 'spray-next@example.test', address: '198.51.100.7', now: clock.now() })).toMatchObject({ allowed: false, locked: true });
    const row = await t.ctx.db.selectFrom('login_throttle').selectAll().where('key', '=', 'address:198.51.100.7').executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime()).toBeGreaterThan(clock.now().getTime());
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default: X-Forwarded-For does not change the client address', async () => {
    clock.advance(3_600_000);
    await attempt('xff-off@example.test', 'wrong', '10.99.0.1');
    expect(await t.ctx.db.selectFrom('login_throttle').select('key').where('key', 'in', ['address:10.99.0.1', `address:203.0.113.${address % 250}`]).execute()).toEqual([{ key: 'address:10.99.0.1' }]);
  });

  it('takes a hop count or proxy addresses, and refuses a bare "true"', async () => {
    expect(loadConfig({}, {}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.1.0/24' }).TRUST_PROXY).toEqual(['10.0.0.1', '10.0.1.0/24']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: give the number of proxy hops/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/not an IP address/);

    const behindProxy = await createTestApp({ clock, config: { TRUST_PROXY: '10.99.0.2' } });
    try {
      await behindProxy.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.99.0.2', headers: { 'x-forwarded-for': '192.0.2.44' }, payload: { email: 'via-proxy@example.test', password: 'wrong-password' } });
      await behindProxy.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.99.0.3', headers: { 'x-forwarded-for': '192.0.2.45' }, payload: { email: 'via-proxy@example.test', password: 'wrong-password' } });
      const keys = (await behindProxy.ctx.db.selectFrom('login_throttle').select('key').where('key', 'like', 'address:%').orderBy('key').execute()).map((r) => r.key);
      expect(keys).toEqual(['address:10.99.0.3', 'address:192.0.2.44']);
    } finally {
      await behindProxy.close();
    }
  });
});
