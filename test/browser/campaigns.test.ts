import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn, type BrowserApp } from '../helpers/browser-app.ts';
import { setOrganizationSendWindow } from '../../src/modules/outreach/index.ts';

/**
 * An outreach campaign in real headless Chromium against a real server (API, built UI, job loop with the campaign
 * sender, embedded database, the demo salon and its sandbox account): build it through the four steps — a contact
 * picked from the CRM, the sandbox account, a two-step sequence whose broken template is refused and whose live
 * preview renders on that contact — start it, see the first step go out, answer as the contact in the sandbox, and
 * see the participant replied, the follow-up never sent and the campaign complete by itself. Every wait polls for
 * a state; nothing depends on how long anything takes.
 */
let page: Page;
let baseUrl: string;

let app: BrowserApp;

useBrowserApp((started) => {
  app = started;
  ({ page, baseUrl } = started);
});

const POLL = { timeout: 30_000 };

describe.skipIf(!hasChromium)('outreach campaign in Chromium', () => {
  let campaignId = '';
  const opener = 'Hello Jessica, our spring offer is here!';

  it('logs in and creates a draft from the campaigns list', async () => {
    // This test is about the builder and the sequence, run at whatever time of day the suite runs: the demo
    // salon's quiet hours (09:00–21:00 by default) are widened to the whole day.
    const { db, clock } = app.server.ctx;
    const organizations = await db.selectFrom('organizations').select('id').execute();
    for (const { id } of organizations) await setOrganizationSendWindow(db, id, { start: '00:00', end: '24:00' }, clock.now());
    await logIn(page, baseUrl);
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaigns-table').waitFor();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('Spring outreach');
    await page.getByTestId('campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]+\/edit/);
    campaignId = /\/campaigns\/([0-9a-f-]+)\/edit/.exec(page.url())![1]!;
  });

  it('step 1: picks a contact from the CRM with the search', async () => {
    await page.getByTestId('crm-mode-pick').click();
    await page.getByTestId('picker-search').fill('Miller');
    const jessica = page.getByTestId('picker-contact').filter({ hasText: 'Jessica' });
    await jessica.waitFor();
    await expect.poll(() => page.getByTestId('picker-contact').count(), POLL).toBe(1);
    await jessica.locator('input[type=checkbox]').check();
    expect(await page.getByTestId('picker-selected-count').textContent()).toBe('1 selected');
    await page.getByTestId('builder-next').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step'), POLL).toBe('sender');
  });

  it('step 2: chooses the sandbox account, which shows what it sent today', async () => {
    const card = page.getByTestId('agent-card').filter({ hasText: 'Sandbox WhatsApp' });
    await card.waitFor();
    expect(await card.getByTestId('agent-sent-today').textContent()).toBe('0');
    await card.locator('input[type=radio]').check();
    await page.getByTestId('builder-next').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step'), POLL).toBe('sequence');
  });

  it('step 3: a broken template is caught by the live preview and refused at save; the fixed one previews on the contact', async () => {
    const first = page.getByTestId('step-content-0');
    await first.fill('Hi {{ contact.frist_name }}');
    await page.getByTestId('message-preview-error').waitFor(POLL);
    await page.getByTestId('builder-next').click();
    const error = page.getByTestId('step-error');
    await error.waitFor(POLL);
    expect(await error.textContent()).toContain('frist_name');
    expect(new URL(page.url()).searchParams.get('step')).toBe('sequence');

    await first.fill('{Hello|Hello} {{ contact.first_name | default: "there" }}, our spring offer is here!');
    await expect.poll(() => page.getByTestId('message-preview-text').first().textContent(), POLL).toBe(opener);

    await page.getByTestId('step-add').click();
    await page.getByTestId('step-content-1').fill('Just following up, {{ contact.first_name }}.');
    await page.getByTestId('step-delay-1').fill('2');
    await page.getByTestId('step-delay-unit-1').selectOption('days');
    await page.getByTestId('builder-next').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step'), POLL).toBe('review');
  });

  it('step 4: reviews the audience and starts; the first step goes out', async () => {
    await expect.poll(() => page.getByTestId('audience-will-join').first().textContent(), POLL).toBe('1');
    expect(await page.getByTestId('review-sender').textContent()).toBe('Sandbox WhatsApp');
    await page.getByTestId('campaign-start').click();
    // The pre-launch check: one recipient, nothing blocks; the explicit confirm starts it.
    await expect.poll(() => page.getByTestId('prelaunch-will-join').textContent(), POLL).toBe('1');
    await page.getByTestId('prelaunch-confirm').click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    const dashboard = page.getByTestId('campaign-dashboard');
    await dashboard.waitFor();
    expect(await dashboard.getAttribute('data-status')).toBe('active');

    const row = page.getByTestId('participant-row').filter({ hasText: 'Jessica' });
    await expect.poll(() => row.getAttribute('data-status'), POLL).toMatch(/^(sent|delivered)$/);
    const firstStep = page.locator('[data-testid="step-stats-row"][data-order="0"]');
    await expect.poll(() => firstStep.getByTestId('step-stats-sent').textContent(), POLL).toBe('1');
    await page.getByTestId('campaign-funnel').waitFor();
  });

  it('a reply from the sandbox stops it: the participant shows replied, the follow-up never goes, the campaign completes', async () => {
    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-conversation').filter({ hasText: 'Jessica' }).first().click();
    await page.getByText(opener).first().waitFor(POLL);
    await page.getByTestId('sandbox-input').fill('Sounds good, tell me more');
    await page.getByTestId('sandbox-send').click();

    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaign-row').filter({ hasText: 'Spring outreach' }).click();
    const row = page.getByTestId('participant-row').filter({ hasText: 'Jessica' });
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('replied');
    // Nobody has a step to come any more: the campaign completes by itself.
    await expect.poll(() => page.getByTestId('campaign-dashboard').getAttribute('data-status'), POLL).toBe('completed');
    await expect.poll(() => page.getByTestId('campaign-stat-replied').locator('dd').textContent(), POLL).toBe('1');
    const followUp = page.locator('[data-testid="step-stats-row"][data-order="1"]');
    expect(await followUp.getByTestId('step-stats-sent').textContent()).toBe('0');

    // The record agrees: one send, of the first step, and the participant finished.
    const sends = await page.request.get(`${baseUrl}/api/campaigns/${campaignId}/sends`);
    const body = (await sends.json()) as { items: Array<{ stepIndex: number; status: string }> };
    expect(body.items.map((s) => s.stepIndex)).toEqual([0]);
    const participants = (await (await page.request.get(`${baseUrl}/api/campaigns/${campaignId}/participants`)).json()) as {
      items: Array<{ status: string; nextSendAt: string | null; repliedAt: string | null }>;
    };
    expect(participants.items).toHaveLength(1);
    expect(participants.items[0]).toMatchObject({ status: 'replied', nextSendAt: null });
    expect(participants.items[0]!.repliedAt).not.toBeNull();
  });

  it('lists the campaign with its counts and reply rate', async () => {
    await page.getByTestId('nav-campaigns').click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Spring outreach' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('campaign-status').getAttribute('data-status'), POLL).toBe('completed');
    expect(await row.textContent()).toContain('100 %');
  });
  it('a CSV audience shows its upload report; a started campaign pauses, resumes and stops', async () => {
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('CSV outreach');
    await page.getByTestId('campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]+\/edit/);

    await page.getByTestId('source-csv').check();
    await page.getByTestId('csv-text').fill('phone,first_name\n+996 700 123 456,Айгуль\n+996 555 000 111,Новый\n12,Никто');
    await page.getByTestId('csv-upload').click();
    const report = page.getByTestId('csv-report');
    await report.waitFor(POLL);
    expect(await report.getByTestId('csv-matched').textContent()).toBe('1');
    expect(await report.getByTestId('csv-created').textContent()).toBe('1');
    expect(await report.getByTestId('csv-list-size').textContent()).toBe('2');
    expect(await report.textContent()).toContain('Line 4');

    await page.getByTestId('builder-tab-sequence').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step'), POLL).toBe('sequence');
    // The first message a day after the start, so nothing goes out while the controls are exercised.
    await page.getByTestId('step-content-0').fill('Hi {{ contact.first_name }}!');
    // An A/B variant suggested by the offline rewrite, keeping the Liquid expression.
    await page.getByTestId('step-suggest-0').click();
    const variantB = page.getByTestId('step-content-0-B');
    await variantB.waitFor(POLL);
    const suggested = await variantB.inputValue();
    expect(suggested).toContain('{{ contact.first_name }}');
    expect(suggested).not.toBe('Hi {{ contact.first_name }}!');
    await page.getByTestId('step-delay-0').fill('1');
    await page.getByTestId('step-delay-unit-0').selectOption('days');
    await page.getByTestId('builder-tab-review').click();
    await expect.poll(() => page.getByTestId('audience-will-join').first().textContent(), POLL).toBe('2');
    await page.getByTestId('campaign-start').click();
    await page.getByTestId('prelaunch-confirm').and(page.locator(':enabled')).click();

    const dashboard = page.getByTestId('campaign-dashboard');
    await dashboard.waitFor(POLL);
    await expect.poll(() => page.getByTestId('participant-row').count(), POLL).toBe(2);
    await page.getByTestId('campaign-pause').click();
    await expect.poll(() => dashboard.getAttribute('data-status'), POLL).toBe('paused');
    await page.getByTestId('campaign-resume').click();
    await expect.poll(() => dashboard.getAttribute('data-status'), POLL).toBe('active');
    // One participant stopped by hand, then the whole campaign.
    await page.getByTestId('participant-stop').first().click();
    await expect.poll(() => page.locator('[data-testid="participant-row"][data-status="stopped"]').count(), POLL).toBe(1);
    await page.getByTestId('campaign-stop').click();
    await page.getByTestId('campaign-stop-confirm').click();
    await expect.poll(() => dashboard.getAttribute('data-status'), POLL).toBe('completed');
    await expect.poll(() => page.locator('[data-testid="participant-row"][data-status="stopped"]').count(), POLL).toBe(2);
    await expect.poll(() => page.getByTestId('campaign-stat-stopped').locator('dd').textContent(), POLL).toBe('2');
  });
});
