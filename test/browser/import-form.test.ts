import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, logIn, useBrowserApp } from '../helpers/browser-app.ts';
import { seed004Files } from '../helpers/whatsapp-dialogs.ts';

/**
 * Seed 004 through the import form: several WhatsApp exports at once, the authors read before the upload and
 * "which one is you" chosen from them, the Sales pipeline and AI stage sorting (offline) — the report shows the
 * seed's eight statuses and its recommendations. IMPORT_SCREENSHOTS=<dir> keeps the form at desktop and phone width.
 */
const SHOTS = process.env.IMPORT_SCREENSHOTS;
const ME = 'Менеджер Soul KG';

let page: Page;
let baseUrl: string;
useBrowserApp((app) => {
  ({ page, baseUrl } = app);
});

describe.skipIf(!hasChromium)('import form in Chromium', () => {
  it('imports several exports into seed 004’s pipeline with the detected author chosen; the report shows its statuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-form-'));
    const paths = seed004Files(ME).map((file) => {
      const path = join(dir, file.name);
      writeFileSync(path, file.text);
      return path;
    });
    await logIn(page, baseUrl);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-source').selectOption('whatsapp');
    await page.getByTestId('import-file').setInputFiles(paths);

    const me = page.getByTestId('import-me');
    await me.waitFor({ timeout: 20_000 });
    // The author in every chat is offered first and chosen for you; the clients are the other choices.
    await expect.poll(() => me.inputValue()).toBe(ME);
    const options = await me.locator('option').allTextContents();
    expect(options[1]).toContain(ME);
    expect(options.join('|')).toContain('Динара');
    expect(options.join('|')).not.toMatch(/--me/);
    await me.selectOption(ME);
    await page.getByTestId('import-pipeline').selectOption({ label: 'Sales' });
    await page.getByTestId('import-limit').fill('20');
    await page.getByTestId('import-use-llm').check();

    if (SHOTS) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByTestId('import-form').screenshot({ path: `${SHOTS}/import-form-1440.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/import-form-390.png`, fullPage: true });
      await page.setViewportSize({ width: 1400, height: 900 });
    }

    await page.getByTestId('import-submit').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    const stages = report.getByTestId('import-report-stages');
    for (const name of ['New lead', 'Qualified', 'Warmed up', 'Proposal sent', 'Negotiation', 'Sold', 'In service', 'Closed']) {
      await stages.getByText(name, { exact: true }).waitFor({ timeout: 5_000 });
    }
    expect(await stages.textContent()).toContain('Sales');
    const recommendations = report.getByTestId('import-report-recommendations');
    expect(await recommendations.textContent()).toContain('What to check');
    expect(await page.getByTestId('import-error').count()).toBe(0);
    if (SHOTS) await page.getByTestId('import-run').screenshot({ path: `${SHOTS}/import-report-1400.png` });
  });
});
