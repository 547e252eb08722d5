import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';

/**
 * The Reactivation page in real headless Chromium against a real server (API, built UI, job loop, the demo salon
 * with a year of visits and its rules computed offline): the rules with the source of each interval, settings that
 * survive a reload, the daily queue — run now, preview and approve an offer — and the dashboard's charts with the
 * seed's targets drawn as reference lines.
 */
let page: Page;
let baseUrl: string;
const SHOTS = process.env.REACTIVATION_SCREENSHOTS;

useBrowserApp((app) => {
  ({ page, baseUrl } = app);
});

const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/reactivation-${name}.png`, fullPage: true });
};

describe.skipIf(!hasChromium)('reactivation page in Chromium', () => {
  it('opens from the sidebar and shows the demo salon’s rules with the source of every interval', async () => {
    await logIn(page, baseUrl, { path: '/login' });
    await page.getByTestId('nav-reactivation').click();
    await page.getByTestId('reactivation-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/reactivation/queue');

    await page.getByTestId('reactivation-tab-rules').click();
    const rows = page.getByTestId('rule-row');
    await rows.first().waitFor({ timeout: 15_000 });
    // The demo's seven services each have a rule; most intervals come from the visit history, pedicure from the AI table.
    expect(await rows.count()).toBe(7);
    const sources = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-source')));
    expect(sources.filter((s) => s === 'historical').length).toBeGreaterThan(0);
    expect(sources).toContain('ai');
    const historical = rows.filter({ has: page.locator('[data-testid="rule-source"]', { hasText: 'Historical' }) }).first();
    expect(await historical.getByTestId('rule-interval').textContent()).toMatch(/^\d+ d$/);
    await shot('rules');

    // A manual interval wins over the history; clearing it returns the rule to automatic.
    const ruleId = (await historical.getAttribute('data-rule-id'))!;
    const row = page.locator(`[data-testid="rule-row"][data-rule-id="${ruleId}"]`);
    await row.getByTestId('rule-manual').fill('28');
    await page.getByTestId('rules-save').click();
    await expect.poll(() => row.getAttribute('data-source'), { timeout: 10_000 }).toBe('manual');
    expect(await row.getByTestId('rule-interval').textContent()).toBe('28 d');
    expect(await row.getByTestId('rule-source').textContent()).toBe('Manual');
    await row.getByTestId('rule-manual').fill('');
    await page.getByTestId('rules-save').click();
    await expect.poll(() => row.getAttribute('data-source'), { timeout: 10_000 }).toBe('historical');

    await page.getByTestId('rules-recompute').click();
    await page.getByTestId('rules-recomputed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('rules-recomputed').textContent()).toBe('Recomputed 7 rules');
  });

  it('saves the settings and shows them again after a reload', async () => {
    await page.getByTestId('reactivation-tab-settings').click();
    const form = page.getByTestId('reactivation-settings');
    await form.waitFor();
    await page.getByTestId('react-setting-dailyRunTime').fill('09:30');
    await page.getByTestId('react-setting-dailyLimit').fill('12');
    await page.getByTestId('react-setting-maxAttempts').fill('2');
    await page.getByTestId('react-setting-messageCost').fill('1.5');
    // The whole day, every day: the offer approved below goes out at once whatever the time of the test run.
    await page.getByTestId('react-setting-sendWindow-start').fill('00:00');
    await page.getByTestId('react-setting-sendWindow-end').fill('23:59');
    for (let day = 1; day <= 7; day++) await page.getByTestId(`react-setting-sendWindow-day-${day}`).check();
    await page.getByTestId('react-setting-channelAccountId').selectOption({ label: 'Sandbox WhatsApp (+996 700 000 000) · sandbox' });
    await page.getByTestId('react-settings-save').click();
    await page.getByTestId('react-settings-saved').waitFor({ timeout: 10_000 });

    await page.reload();
    await form.waitFor();
    expect(await page.getByTestId('react-setting-dailyRunTime').inputValue()).toBe('09:30');
    expect(await page.getByTestId('react-setting-dailyLimit').inputValue()).toBe('12');
    expect(await page.getByTestId('react-setting-maxAttempts').inputValue()).toBe('2');
    expect(await page.getByTestId('react-setting-messageCost').inputValue()).toBe('1.5');
    expect(await page.getByTestId('react-setting-sendWindow-start').inputValue()).toBe('00:00');
    expect(await page.getByTestId('react-setting-sendWindow-end').inputValue()).toBe('23:59');
    expect(await page.getByTestId('react-setting-sendWindow-day-7').isChecked()).toBe(true);
    expect(await page.getByTestId('react-setting-channelAccountId').locator('option:checked').textContent()).toContain('Sandbox WhatsApp');

    // A bad value is refused by the server and named next to its field.
    await page.getByTestId('react-setting-sendWindow-end').fill('00:00');
    await page.getByTestId('react-settings-save').click();
    await expect.poll(() => form.locator('.field-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await form.locator('.field-invalid').filter({ has: page.getByTestId('react-setting-sendWindow-end') }).count()).toBe(1);
    await shot('settings');
  });

  it('runs today’s queue now, previews an offer with its slots and approves it', async () => {
    await page.getByTestId('reactivation-tab-queue').click();
    await page.getByTestId('reactivation-queue').waitFor({ timeout: 15_000 });
    // Before the run: the preview of who would be picked, with three explained slots each.
    const candidates = page.getByTestId('candidate-row');
    await candidates.first().waitFor({ timeout: 15_000 });
    expect(await candidates.count()).toBeGreaterThan(0);
    expect(await candidates.first().getByTestId('react-slot').count()).toBe(3);

    await page.getByTestId('queue-run').click();
    await page.getByTestId('queue-run-result').waitFor({ timeout: 30_000 });
    const items = page.getByTestId('queue-item');
    await items.first().waitFor({ timeout: 15_000 });
    const count = await items.count();
    expect(count).toBeGreaterThan(0);
    // The daily limit set above caps the run.
    expect(count).toBeLessThanOrEqual(12);
    expect(await page.getByTestId('queue-run-result').textContent()).toMatch(new RegExp(`^${count} new offers for \\d{4}-\\d{2}-\\d{2}$`));

    // The run is listed among the recent runs, started by hand.
    const runRow = page.getByTestId('queue-run-row').first();
    await runRow.waitFor({ timeout: 10_000 });
    expect(await runRow.textContent()).toContain('By hand');

    const first = items.first();
    expect(await first.getAttribute('data-status')).toBe('pending_review');
    expect(await first.getByTestId('queue-item-source').textContent()).toMatch(/^(AI|Template)$/);
    const slots = await first.getByTestId('react-slot').count();
    expect(slots).toBeGreaterThanOrEqual(1);
    expect(slots).toBeLessThanOrEqual(3);
    const service = (await first.getByTestId('queue-item-service').textContent())!;
    expect(await first.getByTestId('queue-item-message').textContent()).toContain(service.split(' ')[0]!.slice(0, 4));

    // The ranking explanation of a slot.
    await first.getByTestId('react-slot-why').first().click();
    expect(await first.locator('.react-explain').first().textContent()).toMatch(/0\.6 × .*staff/);
    await shot('queue');

    // Preview, edit the text and approve it.
    const attemptId = (await first.getAttribute('data-attempt-id'))!;
    await first.getByTestId('queue-item-preview').click();
    const text = page.getByTestId('preview-message');
    await text.waitFor();
    const edited = `${await text.inputValue()}\nSee you soon!`;
    await text.fill(edited);
    await page.getByTestId('preview-approve').click();
    await page.getByTestId('queue-preview').waitFor({ state: 'detached', timeout: 10_000 });
    const approved = page.locator(`[data-testid="queue-item"][data-attempt-id="${attemptId}"]`);
    await expect.poll(() => approved.getAttribute('data-status'), { timeout: 15_000 }).not.toBe('pending_review');
    expect(await approved.getByTestId('queue-item-message').textContent()).toContain('See you soon!');
    // The job loop sends it through the sandbox account chosen in the settings, inside the (all-day) send window.
    // (The queue refreshes itself while offers wait to go out.)
    await expect.poll(() => approved.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');

    // The client answers in the sandbox chat, choosing the first slot: the reply is read as positive, the slot is
    // booked, and the offer turns "Booked"; the preview shows the reply and how it was read.
    const phone = (await approved.locator('.react-queue-who .muted').first().textContent())!.trim();
    const settings = await (await page.request.get(`${baseUrl}/api/reactivation/settings`)).json();
    const inbound = await page.request.post(`${baseUrl}/api/sandbox/${settings.channelAccountId}/inbound`, {
      data: { text: 'Да, давайте первое время', from: { phone } },
      headers: { 'x-parley-client': 'test' },
    });
    expect(inbound.status()).toBe(201);
    await expect.poll(() => approved.getAttribute('data-status'), { timeout: 30_000 }).toBe('booked');
    await approved.getByTestId('queue-item-preview').click();
    const reply = page.getByTestId('preview-reply');
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.getAttribute('data-class')).toBe('positive');
    expect(await reply.textContent()).toContain('Да, давайте первое время');
    await page.keyboard.press('Escape');

    // Skip another one.
    if (count > 1) {
      const second = items.nth(1);
      const secondId = (await second.getAttribute('data-attempt-id'))!;
      await second.getByTestId('queue-item-skip').click();
      await expect.poll(() => page.locator(`[data-testid="queue-item"][data-attempt-id="${secondId}"]`).getAttribute('data-status'), { timeout: 10_000 }).toBe('skipped');
    }
  });

  it('shows the dashboard: totals against the targets, charts with the reference lines, account health and attempts', async () => {
    await page.getByTestId('reactivation-tab-dashboard').click();
    await page.getByTestId('reactivation-dashboard').waitFor();
    await page.getByTestId('dash-totals').waitFor({ timeout: 15_000 });
    const rates = page.getByTestId('chart-rates');
    await rates.locator('.recharts-wrapper').waitFor({ timeout: 15_000 });
    // The seed's targets: response > 30 %, conversion > 15 %, opt-outs < 5 %, ROI > 3×.
    expect(await page.getByTestId('dash-sent').locator('dd').textContent()).toBe('1');
    expect(await page.getByTestId('dash-booked').locator('dd').textContent()).toBe('1');
    expect(await page.getByTestId('dash-conversionRate').locator('dd').textContent()).toBe('100%');
    expect(await page.getByTestId('dash-conversionRate').getAttribute('data-met')).toBe('true');
    expect(await page.getByTestId('dash-cost').locator('dd').textContent()).toMatch(/1\.5/);
    // Three dashed target lines on the rates chart, one on ROI and the response target on the send-times bars, each labelled.
    const svgText = (chart: string, text: string) => page.getByTestId(chart).locator('svg text').filter({ hasText: text });
    expect(await rates.locator('.recharts-reference-line').count()).toBe(3);
    for (const label of ['Response target 30%', 'Conversion target 15%', 'Opt-out limit 5%']) expect(await svgText('chart-rates', label).count()).toBe(1);
    expect(await page.getByTestId('chart-revenue').locator('.recharts-reference-line').count()).toBe(1);
    expect(await svgText('chart-revenue', 'ROI target 3×').count()).toBe(1);
    expect(await page.getByTestId('chart-send-times').locator('.recharts-reference-line').count()).toBe(1);
    expect(await svgText('chart-send-times', 'Response target 30%').count()).toBe(1);
    // The one offer sent today is on the charts: a bar in the volume chart and a cell in the send-time heat map.
    expect(await page.getByTestId('dash-heatmap').locator('td[title^="1 sent"]').count()).toBe(1);
    await page.getByTestId('chart-volume').locator('.recharts-wrapper').waitFor();
    await page.getByTestId('chart-send-times').waitFor();
    await page.getByTestId('dash-interval-week').click();
    await rates.locator('.recharts-wrapper').waitFor();

    // The sandbox account chosen in the settings is the sending account.
    const health = page.getByTestId('react-account-health');
    await health.getByTestId('account-health-card').waitFor({ timeout: 15_000 });
    // The attempts of today's run are listed.
    await page.getByTestId('attempt-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('attempt-row').count()).toBeGreaterThan(0);
    // A row opens the offer with the client's reply.
    await page.locator('[data-testid="attempt-row"][data-status="booked"]').click();
    await page.getByTestId('preview-reply').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('queue-preview').waitFor({ state: 'detached' });
    await page.getByTestId('attempts-status').selectOption('skipped');
    await expect
      .poll(async () => (await page.getByTestId('attempt-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).every((s) => s === 'skipped'), { timeout: 10_000 })
      .toBe(true);
    await shot('dashboard');
    if (SHOTS) await page.getByTestId('chart-send-times').screenshot({ path: `${SHOTS}/reactivation-send-times.png` });
    if (SHOTS) await page.getByTestId('chart-revenue').screenshot({ path: `${SHOTS}/reactivation-revenue.png` });
  });

  it('speaks Russian: the tabs, the dashboard and the target lines', async () => {
    await page.getByTestId('lang-ru').click();
    await expect.poll(() => page.getByTestId('reactivation-tab-queue').textContent()).toBe('Очередь');
    expect(await page.getByTestId('reactivation-tab-rules').textContent()).toBe('Правила');
    expect(await page.getByTestId('dash-responseRate').locator('dt').textContent()).toBe('Отклик');
    expect(await page.getByTestId('chart-rates').locator('svg text').filter({ hasText: 'Цель по конверсии 15%' }).count()).toBe(1);
    await page.getByTestId('reactivation-tab-rules').click();
    await page.getByTestId('rule-row').first().waitFor();
    expect(await page.getByTestId('rule-source').first().textContent()).toMatch(/^(По истории|ИИ|Вручную|По умолчанию)$/);
    await page.getByTestId('lang-en').click();
  });
});
