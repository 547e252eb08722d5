import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, logIn, useBrowserApp, type BrowserApp } from '../helpers/browser-app.ts';

/**
 * The lead beside the thread shows what the contact is in (a campaign, a reactivation offer) and the latest
 * analysis with its history; on a phone the bottom bar holds four labelled pages and "More", which reaches
 * every other page. Screenshots at 1440×900 and 390×844 in both languages go to tmp/ (looked at, not committed).
 */
let app: BrowserApp;
let page: Page;
const SHOTS = 'tmp/screenshots';

useBrowserApp(async (started) => {
  app = started;
  page = app.page;
});

/** A demo conversation whose contact has an analysis, put into the demo campaign and given a reactivation offer. */
async function contactInEverything(): Promise<{ conversationId: string; campaignName: string; serviceName: string }> {
  const db = app.server.ctx.db;
  const analysed = await db.selectFrom('dialog_analyses').select(['organization_id', 'conversation_id', 'contact_id']).where('is_current', '=', true).executeTakeFirstOrThrow();
  const campaign = await db.selectFrom('campaigns').select(['id', 'name']).where('organization_id', '=', analysed.organization_id).executeTakeFirstOrThrow();
  await db
    .insertInto('campaign_participants')
    .values({ organization_id: analysed.organization_id, campaign_id: campaign.id, contact_id: analysed.contact_id, anchor_at: new Date(), status: 'sent', current_step: 1 })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const service = await db.selectFrom('booking_services').select(['id', 'name']).where('organization_id', '=', analysed.organization_id).executeTakeFirstOrThrow();
  await db
    .insertInto('reactivation_campaigns')
    .values({ organization_id: analysed.organization_id, contact_id: analysed.contact_id, service_id: service.id, segment: 'regular', interval_days: 30, interval_source: 'manual', status: 'active', last_attempt_at: new Date() })
    .execute();
  return { conversationId: analysed.conversation_id, campaignName: campaign.name, serviceName: service.name };
}

/** No label of the phone bar is cut: each fits its cell. */
async function expectLabelsFit() {
  const cut = await page.locator('.phone-nav-bar .phone-nav-item span').evaluateAll((spans) =>
    spans.filter((span) => span.scrollWidth > span.clientWidth + 1 || span.getBoundingClientRect().right > (span.closest('li')?.getBoundingClientRect().right ?? 0) + 1).map((span) => span.textContent),
  );
  expect(cut).toEqual([]);
}

describe.skipIf(!hasChromium)('inbox side panel and phone navigation', () => {
  it('shows the contact’s campaign, offer and analysis beside the thread, linking to their pages', async () => {
    const { conversationId, campaignName, serviceName } = await contactInEverything();
    await logIn(page, app.baseUrl, { path: `/conversations/${conversationId}` });
    const panel = page.getByTestId('lead-side-panel');
    await panel.waitFor();
    await panel.getByTestId('panel-campaigns').getByText(campaignName).waitFor();
    await panel.getByTestId('panel-offers').getByText(serviceName).waitFor();
    await panel.getByTestId('panel-analysis').waitFor();
    expect(await panel.getByTestId('panel-analysis-summary').textContent()).toBeTruthy();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: `${SHOTS}/inbox-panel-1440-en.png` });
    await page.getByTestId('lang-ru').click();
    await panel.getByText('Рассылки').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/inbox-panel-1440-ru.png` });
    await page.getByTestId('lang-en').click();
    await panel.getByTestId('panel-campaigns').getByRole('link', { name: campaignName }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/campaigns\/[0-9a-f-]{36}$/);
  });

  it('on a phone: four labelled pages and More, which opens every other page; rows are not clipped', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const lang of ['en', 'ru'] as const) {
      await page.goto(`${app.baseUrl}/conversations`);
      await page.getByTestId(`lang-${lang}`).click();
      await page.getByTestId('conversation-item').first().waitFor();
      const entries = page.locator('.phone-nav-bar > li');
      expect(await entries.count()).toBe(5);
      for (let i = 0; i < 5; i++) expect(await entries.nth(i).isVisible()).toBe(true);
      await expectLabelsFit();
      // Rows fit the screen's width.
      const overflowing = await page.getByTestId('conversation-item').evaluateAll((rows) => rows.filter((row) => row.getBoundingClientRect().right > window.innerWidth + 1).length);
      expect(overflowing).toBe(0);
      await page.screenshot({ path: `${SHOTS}/inbox-list-390-${lang}.png` });

      await page.getByTestId('phone-nav-more').click();
      const sheet = page.getByTestId('phone-nav-sheet');
      await sheet.waitFor();
      for (const name of ['campaigns', 'booking', 'reactivation', 'reengagement', 'sandbox', 'settings']) expect(await page.getByTestId(`phone-more-${name}`).isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/phone-more-390-${lang}.png` });
      await page.getByTestId('phone-more-campaigns').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/campaigns');
      await sheet.waitFor({ state: 'detached' });
      expect(await page.getByTestId('phone-nav-more').getAttribute('class')).toContain('active');
      await page.getByTestId('phone-nav-more').click();
      await page.getByTestId('phone-more-settings').click();
      await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/settings/);
    }
    // The desktop rail is back at 1440 and the phone bar gone.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.baseUrl}/conversations`);
    await page.getByTestId('nav-campaigns').waitFor();
    expect(await page.getByTestId('phone-nav-more').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/inbox-1440-ru.png` });
  });
});
