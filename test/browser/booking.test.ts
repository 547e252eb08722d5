import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';
import { createOrganization } from '../../src/modules/orgs/index.ts';
import { createChannelAccount } from '../../src/modules/channels/index.ts';

/**
 * Seed 003 from the web app, in real headless Chromium against a real server: a new salon owner chooses the built-in
 * calendar, adds a service and a master with weekly hours and a vacation, imports visit history from a CSV whose
 * phone column has an unusual header (chosen by hand after the preview), and sees reactivation pick those clients,
 * with every dependency ticked on its settings page.
 */
let page: Page;
let baseUrl: string;
const SHOTS = process.env.BOOKING_SCREENSHOTS;
const TZ = 'Asia/Bishkek';
const OWNER = { email: 'owner@akzhol.example.test', password: 'ak-zhol-salon-password' };

useBrowserApp(async (app) => {
  ({ page, baseUrl } = app);
  const { organization } = await createOrganization(app.server.ctx.db, {
    slug: 'ak-zhol',
    name: 'Салон красоты «Ак Жол»',
    defaultRegion: 'KG',
    timezone: TZ,
    currency: 'KGS',
    owner: { email: OWNER.email, name: 'Гульнара', password: OWNER.password },
  });
  await createChannelAccount(app.server.ctx.db, organization.id, { channel: 'sandbox', name: 'Салон WhatsApp' });
});

const today = () => DateTime.now().setZone(TZ).startOf('day');
const shot = async (name: string) => {
  if (!SHOTS) return;
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/booking-${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
};

/** Three clients of manicure with Динара, each coming monthly and last seen two to three months ago. */
function visitsCsv(): string {
  const lines = ['Клиент;Моб.;Услуга;Дата;Мастер;Сумма'];
  const clients = [
    ['Айпери Садыкова', '+996 700 100 001', 70],
    ['Динара Осмонова', '+996 700 100 002', 75],
    ['Бурул Асанова', '+996 700 100 003', 80],
  ] as const;
  for (const [name, phone, lastDaysAgo] of clients) {
    for (let k = 0; k < 4; k++) lines.push(`${name};${phone};Маникюр;${today().minus({ days: lastDaysAgo + k * 28 }).toFormat('dd.MM.yyyy')} 11:00;Динара;1200`);
  }
  lines.push('Без телефона;;Маникюр;01.01.2025;Динара;1200');
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!hasChromium)('booking pages in Chromium', () => {
  it('a new salon chooses the built-in calendar and tests it', async () => {
    await logIn(page, baseUrl, { path: '/login', ...OWNER });
    // A new organization is greeted by the business brief; the salon owner fills it in later.
    await page.getByTestId('onboarding-later').click();
    await page.getByTestId('nav-booking').click();
    await page.getByTestId('booking-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/booking/calendar');
    await page.getByTestId('booking-tab-connection').click();
    await page.getByTestId('booking-provider-builtin').click();
    await page.getByTestId('booking-save-connection').click();
    await page.getByText('Saved.').waitFor({ timeout: 10_000 });
    await page.getByTestId('booking-test').click();
    expect(await page.getByTestId('booking-test-result').textContent()).toBe('Connected: 0 services and 0 masters found.');
    await shot('connection');
  });

  it('adds a service and a master with weekly hours and a vacation', async () => {
    await page.getByTestId('booking-tab-services').click();
    await page.getByTestId('booking-add-service').click();
    await page.getByTestId('booking-service-name').fill('Маникюр');
    await page.getByTestId('booking-service-duration').fill('60');
    await page.getByTestId('booking-service-price').fill('1200');
    await page.getByTestId('booking-service-save').click();
    await page.getByTestId('booking-service-row').first().waitFor({ timeout: 10_000 });

    await page.getByTestId('booking-tab-staff').click();
    await page.getByTestId('booking-add-staff').click();
    await page.getByTestId('booking-staff-name').fill('Динара');
    await page.getByTestId('hours-sat').check();
    await page.getByTestId('hours-sat-from').fill('11:00');
    await page.getByTestId('hours-sat-to').fill('16:00');
    await page.getByTestId('booking-staff-save').click();
    const card = page.getByTestId('booking-staff-card').first();
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('Sat 11:00–16:00');
    expect(await card.textContent()).toContain('Маникюр');

    const from = today().plus({ days: 1 });
    const to = today().plus({ days: 3 });
    await card.getByTestId('booking-add-time-off').click();
    await card.getByTestId('time-off-from').fill(from.toISODate()!);
    await card.getByTestId('time-off-to').fill(to.toISODate()!);
    await card.getByTestId('time-off-save').click();
    await expect.poll(() => card.getByTestId('booking-time-off').textContent(), { timeout: 10_000 }).toContain('Vacation:');

    // The calendar greys out the vacation.
    await page.getByTestId('booking-tab-calendar').click();
    await page.getByTestId('booking-calendar').waitFor();
    await page.getByTestId('booking-view-day').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('.booking-cal-cell').first().textContent(), { timeout: 10_000 }).toContain('Vacation');
    await page.getByTestId('booking-view-week').click();
    await page.getByRole('button', { name: 'Today' }).click();
    await shot('staff-calendar');
  });

  it('imports visit history with a chosen phone column, a preview and a per-line report', async () => {
    await page.getByTestId('booking-tab-import').click();
    await page.getByTestId('booking-import-file').setInputFiles({ name: 'visits.csv', mimeType: 'text/csv', buffer: Buffer.from(visitsCsv()) });
    // "Моб." is not a header the server knows: it asks which column holds the phone.
    await page.getByText('Choose which column holds “Phone”.').waitFor({ timeout: 10_000 });
    await page.getByTestId('booking-map-phone').selectOption('Моб.');
    const preview = page.getByTestId('booking-import-preview');
    await preview.waitFor({ timeout: 10_000 });
    expect(await preview.textContent()).toContain('Lines: 13. Will be imported: 12. Will be skipped: 1.');
    expect(await preview.textContent()).toContain('Line 14: phone is empty');
    await shot('import-preview');
    await page.getByTestId('booking-import-run').click();
    const report = page.getByTestId('booking-import-report');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.textContent()).toContain('New visits: 12');
    expect(await report.textContent()).toContain('New clients: 3, services: 0, masters: 0');
  });

  it('reactivation says nothing is missing and picks the imported clients', async () => {
    await page.getByTestId('nav-reactivation').click();
    await page.getByTestId('reactivation-tab-settings').click();
    const deps = page.getByTestId('reactivation-dependencies');
    await deps.waitFor({ timeout: 10_000 });
    await expect.poll(() => deps.locator('[data-ok="true"]').count(), { timeout: 10_000 }).toBe(5);
    expect(await deps.textContent()).toContain('Sends from “Салон WhatsApp”.');

    await page.getByTestId('reactivation-tab-queue').click();
    const candidates = page.getByTestId('candidate-row');
    await candidates.first().waitFor({ timeout: 20_000 });
    const text = (await page.getByTestId('reactivation-candidates').textContent())!;
    for (const name of ['Айпери', 'Динара Осмонова', 'Бурул']) expect(text).toContain(name);
    // No offered slot falls on the master's vacation.
    const vacation = [1, 2, 3].map((d) => today().plus({ days: d }));
    const slotTexts = await page.getByTestId('react-slot').allTextContents();
    expect(slotTexts.length).toBeGreaterThan(0);
    for (const day of vacation) for (const slot of slotTexts) expect(slot).not.toContain(day.setLocale('en-US').toFormat('d LLL'));

    // Today's queue, then every offer approved at once.
    await page.getByTestId('queue-run').click();
    const items = page.getByTestId('queue-item');
    await items.first().waitFor({ timeout: 30_000 });
    expect(await items.count()).toBe(3);
    await page.getByTestId('queue-approve-all').click();
    await expect.poll(() => page.locator('[data-testid="queue-item"][data-status="pending_review"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByTestId('queue-bulk').count()).toBe(0);
  });

  it('words the skipped lines of a visits CSV in Russian', async () => {
    await page.evaluate(() => window.localStorage.setItem('parley.lang', 'ru'));
    await page.goto(`${baseUrl}/booking/import`);
    const future = today().plus({ days: 30 }).toFormat('dd.MM.yyyy');
    const csv = `Клиент;Телефон;Услуга;Дата;Сумма\nБез телефона;;Маникюр;01.01.2025;1200\nАйпери;+996 700 100 001;Маникюр;${future};1200\nАйпери;+996 700 100 001;Маникюр;01.01.2025;дорого\n`;
    await page.getByTestId('booking-import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = page.getByTestId('booking-import-preview');
    await preview.waitFor({ timeout: 10_000 });
    const text = (await preview.textContent())!;
    expect(text).toContain('Строка 2: не указан телефон');
    expect(text).toContain(`Строка 3: дата ${future} ещё не наступила`);
    expect(text).toContain('Строка 4: цена «дорого» не похожа на число');
    await page.evaluate(() => window.localStorage.setItem('parley.lang', 'en'));
  });

  it('on a phone the tabs scroll in their bar and the calendar opens on one day', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const lang of ['ru', 'en']) {
        await page.evaluate((l) => window.localStorage.setItem('parley.lang', l), lang);
        await page.goto(`${baseUrl}/booking/calendar`);
        await page.getByTestId('booking-calendar').waitFor();
        // Nothing runs off the page: the last tab is reached by scrolling the tab bar, not the page.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        expect(await page.getByTestId('booking-view-day').getAttribute('aria-checked')).toBe('true');
        await page.getByTestId('booking-tab-connection').scrollIntoViewIfNeeded();
        await page.getByTestId('booking-tab-connection').click();
        await page.waitForURL(/\/booking\/connection/);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/booking-phone-${lang}.png`, fullPage: true });
      }
    } finally {
      await page.evaluate(() => window.localStorage.setItem('parley.lang', 'en'));
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('shows the booking pages in Russian', async () => {
    if (!SHOTS) return;
    await page.evaluate(() => window.localStorage.setItem('parley.lang', 'ru'));
    for (const tab of ['calendar', 'staff', 'services', 'import', 'connection']) {
      await page.goto(`${baseUrl}/booking/${tab}`);
      await page.getByTestId('booking-page').waitFor();
      await page.waitForTimeout(500);
      await shot(`ru-${tab}`);
    }
    await page.goto(`${baseUrl}/reactivation/settings`);
    await page.getByTestId('reactivation-dependencies').waitFor();
    await page.waitForTimeout(500);
    await shot('ru-reactivation-settings');
  });
});
