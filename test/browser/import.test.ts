import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';
import { fixturePath, fixturesAvailable } from '../helpers/shared-fixtures.ts';

/**
 * The import page in real headless Chromium against a real server (API, built UI, job loop, embedded
 * database): upload a WhatsApp export, follow the run to its report, and find the imported conversation.
 */
// The shared fixtures live beside the repository: ../shared/fixtures from the repo root.
const FIXTURE = fixturePath('whatsapp_whats_json_russian_android.txt');

const enabled = hasChromium && fixturesAvailable;

let page: Page;
let baseUrl: string;

useBrowserApp((app) => {
  ({ page, baseUrl } = app);
}, enabled);

describe.skipIf(!enabled)('import page in Chromium', () => {
  it('uploads a WhatsApp export, shows the report, and the conversation appears in the inbox', async () => {
    await logIn(page, baseUrl);

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-source').selectOption('whatsapp');
    await page.getByTestId('import-file').setInputFiles(FIXTURE);
    await page.getByTestId('import-me').selectOption('Dmitry S');
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
