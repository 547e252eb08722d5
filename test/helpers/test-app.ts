import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { ManualClock, systemClock, type Clock } from '../../src/platform/clock.ts';
import { loggerOptions } from '../../src/platform/logger.ts';
import { buildApp } from '../../src/app/build-app.ts';
import { createContext, createJobRunner } from '../../src/app/runtime.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { JobRunner } from '../../src/platform/jobs/job-runner.ts';
import type { EventSubscriber } from '../../src/modules/events/index.ts';
import { createOrganization } from '../../src/modules/orgs/index.ts';
import { createChannelAccount } from '../../src/modules/channels/index.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  runner: JobRunner<AppContext>;
  testDb: TestDatabase;
  /** Everything the app logged, as raw JSON lines (for "secrets never logged" checks). */
  logs: string[];
  close(): Promise<void>;
}

export async function createTestApp(
  options: { clock?: Clock; subscribers?: EventSubscriber[]; dataDir?: string; config?: Partial<Record<keyof Config, unknown>> } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'debug', DATA_DIR: options.dataDir ?? '/nonexistent', ...options.config });
  const logger = pino(loggerOptions('debug', false), sink);
  const ctx = await createContext({ config, database: testDb.database, clock: options.clock ?? systemClock, logger });
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  const runner = createJobRunner(ctx, options.subscribers);
  return {
    app,
    ctx,
    runner,
    testDb,
    logs,
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}

export { ManualClock };

let sequence = 0;

export interface TestOrg {
  organizationId: string;
  slug: string;
  ownerId: string;
  email: string;
  password: string;
  /** Cookie header of a logged-in owner session. */
  cookie: string;
  sandboxAccountId: string;
}

/** An organization with a logged-in owner and a sandbox channel account. */
export async function createTestOrg(t: TestApp, overrides: { slug?: string; defaultRegion?: string } = {}): Promise<TestOrg> {
  sequence += 1;
  const slug = overrides.slug ?? `org-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `owner-${slug}@example.test`;
  const password = `pw-${slug}-secret`;
  const { organization, ownerId } = await createOrganization(t.ctx.db, {
    slug,
    name: `Org ${slug}`,
    defaultRegion: overrides.defaultRegion ?? 'KG',
    owner: { email, name: `Owner ${slug}`, password },
  });
  const cookie = await login(t, email, password);
  const account = await createChannelAccount(t.ctx.db, organization.id, { channel: 'sandbox', name: 'Sandbox' });
  return { organizationId: organization.id, slug, ownerId, email, password, cookie, sandboxAccountId: account.id };
}

let loginAddress = 0;

export async function login(t: TestApp, email: string, password: string, organization?: string): Promise<string> {
  // Each test login comes from its own address, so the per-address login rate limit only bites where a test wants it.
  loginAddress += 1;
  const remoteAddress = `10.250.${Math.floor(loginAddress / 250) % 250}.${loginAddress % 250}`;
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password, ...(organization ? { organization } : {}) } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return raw.split(';')[0]!;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/** A request as a logged-in user; returns status and parsed JSON. */
export async function call(
  t: TestApp,
  auth: { cookie?: string; token?: string },
  method: Method,
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: any; response: LightMyRequestResponse }> {
  const headers: Record<string, string> = {};
  if (auth.cookie) {
    headers.cookie = auth.cookie;
    headers['x-parley-client'] = 'test'; // as the web client sends it (cookie-authenticated changes need it or a same-origin Origin)
  }
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const response = await t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  let body: unknown = null;
  try {
    body = response.body ? JSON.parse(response.body) : null;
  } catch {
    body = response.body;
  }
  return { status: response.statusCode, body, response };
}
