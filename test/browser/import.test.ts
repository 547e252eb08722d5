import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startServer, type Server } from '../../src/app/runtime.ts';
import { seedDemo, DEMO_OWNER_EMAIL } from '../../src/modules/demo/index.ts';

/**
 * The import page in real headless Chromium against a real server (API, built UI, job loop, embedded
 * database): upload a WhatsApp export, follow the run to its report, and find the imported conversation.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);

// The shared fixtures live beside the repository: ../shared/fixtures from the repo root.
const fixturesDir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const fixturesAvailable = existsSync(fixturesDir);
const FIXTURE = join(fixturesDir, 'whatsapp_whats_json_russian_android.txt');
if (!fixturesAvailable) console.warn(`\n[import ui] shared fixtures folder not found at ${fixturesDir} — import browser test skipped\n`);

const enabled = hasChromium && fixturesAvailable;

let server: Server;
let browser: Browser;
let page: Page;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  if (!enabled) return;
  // Uploads are stored under DATA_DIR until the job has read them.
  dataDir = mkdtempSync(join(tmpdir(), 'parley-import-ui-'));
  const database = await openDatabase({ dataDir: null });
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: 0, HOST: '127.0.0.1', JOBS_POLL_MS: 100, DATA_DIR: dataDir });
  server = await startServer({ config, database, logger: createLogger('warn'), withJobs: true, listen: false });
  await seedDemo(server.ctx.db, { password: 'browser-test-password' });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await server?.ctx.database.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!enabled)('import page in Chromium', () => {
  it('uploads a WhatsApp export, shows the report, and the conversation appears in the inbox', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('login-email').fill(DEMO_OWNER_EMAIL);
    await page.getByTestId('login-password').fill('browser-test-password');
    await page.getByTestId('login-submit').click();

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-source').selectOption('whatsapp');
    await page.getByTestId('import-file').setInputFiles(FIXTURE);
    await page.getByTestId('import-me').fill('Dmitry S');
    await page.getByTestId('import-submit').click();

    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    await expect.poll(() => report.getByTestId('import-report-messages').locator('dd').textContent()).toBe('60');
    expect(await report.getByTestId('import-report-contacts').locator('dd').textContent()).toBe('1');
    expect(await page.getByTestId('import-error').count()).toBe(0);
    // The run is listed in the history, completed and not a dry run.
    const row = page.getByTestId('import-history-row').first();
    await expect.poll(() => row.getByTestId('import-status').textContent(), { timeout: 10_000 }).toBe('Completed');

    // The chat partner of the export ("Elon") now has a conversation holding the imported history.
    await page.getByTestId('nav-conversations').click();
    const imported = page.getByTestId('conversation-item').filter({ hasText: 'Elon' });
    await imported.first().waitFor({ timeout: 15_000 });
    await imported.first().click();
    await page.getByTestId('message-bubble').filter({ hasText: 'Hello' }).first().waitFor({ timeout: 15_000 });
  });
});
