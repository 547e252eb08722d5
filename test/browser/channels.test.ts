import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn, type BrowserApp } from '../helpers/browser-app.ts';
import { startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { recordSendOutcome } from '../../src/modules/channels/index.ts';
import { countSends } from '../../src/modules/outreach/index.ts';

/**
 * Settings → Channels in real headless Chromium against a real server and a local Evolution API gateway:
 * connect a WhatsApp number, see the QR code the gateway hands out, and see the account become connected
 * once the phone has scanned it.
 */
const API_KEY = 'evo-browser-test-key';
const INSTANCE = 'salon-browser';

let app: BrowserApp;
let page: Page;
let baseUrl: string;
let evolution: FakeEvolution;

// The gateway starts before the app and closes after it (vitest runs the afterAll hooks in reverse).
beforeAll(async () => {
  if (!hasChromium) return;
  evolution = await startFakeEvolution({ apiKey: API_KEY, instance: INSTANCE, instanceExists: false });
});
afterAll(() => evolution?.close());

useBrowserApp((started) => {
  app = started;
  ({ page, baseUrl } = started);
});

describe.skipIf(!hasChromium)('channels settings in Chromium', () => {
  it('connects an Evolution account: the QR code is shown and refreshed, then the account is connected', async () => {
    await logIn(page, baseUrl, { path: '/login' });
    await page.getByTestId('nav-conversations').waitFor();
    await page.goto(`${baseUrl}/settings/organization`);
    await page.getByTestId('settings-tab-channels').click();
    await page.getByTestId('channel-accounts').waitFor();

    await page.getByTestId('channel-create-type').selectOption('evolution');
    await page.getByTestId('channel-create-name').fill('Salon WhatsApp');
    await page.getByTestId('channel-config-baseUrl').fill(evolution.url);
    await page.getByTestId('channel-config-apiKey').fill(API_KEY);
    await page.getByTestId('channel-config-instanceName').fill(INSTANCE);
    await page.getByTestId('channel-create-submit').click();

    const qr = page.getByTestId('evolution-qr');
    await qr.waitFor({ timeout: 15_000 });
    const firstQr = await qr.getAttribute('src');
    expect(firstQr).toMatch(/^data:image\/png;base64,/);
    // The panel keeps asking the gateway while WhatsApp waits for the scan: the code changes.
    await expect.poll(() => qr.getAttribute('src'), { timeout: 15_000 }).not.toBe(firstQr);
    const row = page.getByTestId('channel-account-row').filter({ hasText: 'Salon WhatsApp' });
    expect(await row.getAttribute('data-status')).toBe('disconnected');
    expect(await row.getByTestId('channel-account-state').textContent()).toBe('Waiting for the QR scan');
    // The API key was sent once and is never shown back.
    expect(await page.content()).not.toContain(API_KEY);

    evolution.setState('open');
    await page.getByTestId('evolution-connected').waitFor({ timeout: 15_000 });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
    expect(await row.getByTestId('channel-account-state').textContent()).toBe('Connected');

    await row.getByTestId('channel-account-test').click();
    await expect.poll(() => row.getByTestId('channel-account-health').textContent(), { timeout: 10_000 }).toBe('OK');
  });

  it('shows the webhook to paste into the gateway, pauses and resumes the account', async () => {
    const row = page.getByTestId('channel-account-row').filter({ hasText: 'Salon WhatsApp' });
    await row.getByRole('button', { name: 'Webhook' }).click();
    const url = await page.getByTestId('webhook-url-value').textContent();
    expect(url).toMatch(/^\/webhooks\/evolution\/[0-9a-f-]{36}\/whk_/);
    await row.getByTestId('channel-account-pause').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('paused');
    await row.getByTestId('channel-account-pause').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
  });

  it('shows the sending health card: counters, an automatic pause with its reason, and Resume', async () => {
    const row = page.getByTestId('channel-account-row').filter({ hasText: 'Salon WhatsApp' });
    const accountId = (await row.getAttribute('data-account-id'))!;
    const card = page.locator(`[data-testid="account-health-card"][data-account-id="${accountId}"]`);
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 10_000 }).toBe('healthy');

    // Three FLOOD_WAIT / 429 answers in an hour: the account is paused automatically.
    const { db } = app.server.ctx;
    const account = await db.selectFrom('channel_accounts').select('organization_id').where('id', '=', accountId).executeTakeFirstOrThrow();
    const now = app.server.ctx.clock.now();
    const { paused } = await recordSendOutcome(db, account.organization_id, accountId, { sent: 5, rate_limited: 3 }, now);
    // The five sends also went through the account's one budget, which the card's "Today" reads.
    const org = await db.selectFrom('organizations').select('timezone').where('id', '=', account.organization_id).executeTakeFirstOrThrow();
    await countSends(db, { organizationId: account.organization_id, accountId, count: 5, now, zone: org.timezone });
    expect(paused).toBe(true);

    await page.reload();
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 10_000 }).toBe('paused');
    expect(await row.getAttribute('data-status')).toBe('paused');
    expect(await card.locator('[data-reason="rate_limited"]').textContent()).toBe('3 rate-limit answers in the last hour (pause at 3)');
    expect(await card.getByTestId('account-health-sent').textContent()).toBe('5');
    expect(await card.getByTestId('account-health-today').textContent()).toMatch(/^Today: 5 \/ \d+$/);
    expect(await card.getByTestId('account-health-chart').locator('> div').count()).toBe(24);

    await card.getByTestId('account-health-resume').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 10_000 }).toBe('healthy');
    expect(await card.getByTestId('account-health-resume').count()).toBe(0);
  });
});
