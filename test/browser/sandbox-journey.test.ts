import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startServer, type Server } from '../../src/app/runtime.ts';
import { seedDemo, DEMO_OWNER_EMAIL } from '../../src/modules/demo/index.ts';

/**
 * The foundation's end-to-end journey in real headless Chromium against a real server (API, built UI,
 * job loop, embedded database): log in, find a contact, write to them, answer as the contact in the
 * sandbox, and see the answer arrive live in the conversation.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);

let server: Server;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  if (!hasChromium) return;
  const database = await openDatabase({ dataDir: null });
  const config = loadConfig({}, { NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: 0, HOST: '127.0.0.1', JOBS_POLL_MS: 100 });
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
});

describe.skipIf(!hasChromium)('sandbox journey in Chromium', () => {
  it('rejects a wrong password with the API message', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('login-email').fill(DEMO_OWNER_EMAIL);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectText(page, 'email or password is incorrect');
  });

  it('logs in, searches contacts, writes to a customer, answers as the customer, sees it arrive', async () => {
    await page.getByTestId('login-password').fill('browser-test-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-search').fill('Токтогулова');
    await page.getByTestId('contact-row').filter({ hasText: 'Айгуль' }).first().waitFor();
    await expect.poll(() => page.getByTestId('contact-row').count(), { timeout: 10_000 }).toBe(1);

    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Айгуль' }).first().click();
    await page.getByTestId('message-bubble').filter({ hasText: 'Запишите меня на 15:30' }).waitFor();
    const text = `Напоминаем о записи ${Date.now()}`;
    await page.getByTestId('composer-input').fill(text);
    await page.getByTestId('composer-send').click();
    await page.getByTestId('message-bubble').filter({ hasText: text }).waitFor();
    await expect.poll(async () => page.getByTestId('message-bubble').filter({ hasText: text }).getAttribute('data-status'), { timeout: 15_000 }).toMatch(/sent|delivered|read/);

    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-conversation').filter({ hasText: 'Айгуль' }).first().click();
    await page.getByText(text).first().waitFor();
    const reply = `Спасибо, приду! ${Date.now()}`;
    await page.getByTestId('sandbox-input').fill(reply);
    await page.getByTestId('sandbox-send').click();

    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Айгуль' }).first().click();
    const arrived = page.getByTestId('message-bubble').filter({ hasText: reply });
    await arrived.waitFor({ timeout: 15_000 });
    expect(await arrived.getAttribute('data-direction')).toBe('inbound');
  });

  it('a new customer writing in from the sandbox appears as a contact with a conversation', async () => {
    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-new-name').fill('Новый Клиент');
    await page.getByTestId('sandbox-new-phone').fill('0555 123 987');
    await page.getByTestId('sandbox-new-text').fill('Здравствуйте, есть свободное время завтра?');
    await page.getByTestId('sandbox-new-send').click();
    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Новый Клиент' }).first().waitFor({ timeout: 15_000 });
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-search').fill('555123987');
    await page.getByTestId('contact-row').filter({ hasText: 'Новый Клиент' }).first().waitFor();
  });
});

async function expectText(p: Page, text: string) {
  await p.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}
