import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { testPgliteOptions } from './pglite-snapshot.ts';
import { startServer, type Server } from '../../src/app/runtime.ts';
import { DEMO_OWNER_EMAIL, seedDemo } from '../../src/modules/demo/index.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);

export const DEMO_TEST_PASSWORD = 'browser-test-password';

export interface BrowserApp {
  server: Server;
  browser: Browser;
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A real server (API, built UI, job loop, in-memory PGlite, demo data, uploads in a temporary DATA_DIR)
 * on a free loopback port, and headless Chromium with a page open on nothing yet.
 */
export async function startBrowserApp(): Promise<BrowserApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-browser-'));
  const database = await openDatabase({ dataDir: null, ...(await testPgliteOptions()) });
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: 0, HOST: '127.0.0.1', JOBS_POLL_MS: 100, DATA_DIR: dataDir });
  const server = await startServer({ config, database, logger: createLogger('warn'), withJobs: true, listen: false });
  await seedDemo(server.ctx.db, { password: DEMO_TEST_PASSWORD, ai: server.ctx.ai });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  return {
    server,
    browser,
    page,
    baseUrl,
    async close() {
      await browser.close();
      await server.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's hooks around one browser app: before the tests, when `enabled` (Chromium is present unless the file
 * says otherwise), it starts the app and hands it to `ready` (where the file keeps its page and base URL and adds
 * its own data); after them it closes the app.
 */
export function useBrowserApp(ready: (app: BrowserApp) => void | Promise<void>, enabled: boolean = hasChromium): void {
  let app: BrowserApp | undefined;
  beforeAll(async () => {
    if (!enabled) return;
    app = await startBrowserApp();
    await ready(app);
  });
  afterAll(() => app?.close());
}

/**
 * Opens `path` (which shows the login form to a visitor), fills in the credentials — the demo owner's unless
 * others are given — and submits; what the page shows next is the caller's to wait for.
 */
export async function logIn(
  page: Page,
  baseUrl: string,
  { path = '/', email = DEMO_OWNER_EMAIL, password = DEMO_TEST_PASSWORD }: { path?: string; email?: string; password?: string } = {},
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
