import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, logIn, useBrowserApp } from '../helpers/browser-app.ts';
import { seed004Files } from '../helpers/whatsapp-dialogs.ts';
import { evolutionMessageRecord, startFakeEvolution } from '../fakes/evolution-server.ts';
import type { AppContext } from '../../src/platform/context.ts';

/**
 * Seed 004 through the import form: several WhatsApp exports at once, the authors read before the upload and
 * "which one is you" chosen from them, the Sales pipeline and AI stage sorting (offline) — the report shows the
 * seed's eight statuses and its recommendations. IMPORT_SCREENSHOTS=<dir> keeps the form at desktop and phone width.
 */
const SHOTS = process.env.IMPORT_SCREENSHOTS;
const ME = 'Менеджер Soul KG';

let page: Page;
let baseUrl: string;
let ctx: AppContext;
useBrowserApp((app) => {
  ({ page, baseUrl } = app);
  ctx = app.server.ctx;
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

  it('pulls a connected Evolution account’s history from the import page with live progress and a report', async () => {
    const jid = '996700555666@s.whatsapp.net';
    const records = Array.from({ length: 30 }, (_, i) =>
      evolutionMessageRecord({ id: `WEBPULL${i}`, remoteJid: jid, fromMe: i % 2 === 1, text: `сообщение ${i}`, timestamp: 1_763_771_103 + i, pushName: i % 2 ? null : 'Асель' }),
    );
    // The gateway answers the first message pages with 429 and Retry-After: the run is seen in progress meanwhile.
    const fake = await startFakeEvolution({
      apiKey: 'web-pull-key',
      instance: 'webpull',
      chats: [{ remoteJid: jid, name: 'Асель' }, { remoteJid: '996700555667@s.whatsapp.net' }],
      contacts: [{ remoteJid: jid, pushName: 'Асель' }],
      messagesByJid: { [jid]: records },
      failFirst: [{ route: 'findMessages', status: 429, times: 2, retryAfter: '1' }],
    });
    try {
      const org = await ctx.db.selectFrom('organizations').select('id').orderBy('created_at').executeTakeFirstOrThrow();
      await ctx.db
        .insertInto('channel_accounts')
        .values({ organization_id: org.id, channel: 'evolution', name: 'Salon WhatsApp (Evolution)', settings: JSON.stringify({ baseUrl: fake.url, instanceName: 'webpull' }), secrets_encrypted: ctx.secrets.seal(JSON.stringify({ apiKey: 'web-pull-key' })), webhook_secret: 'web-pull-secret' })
        .execute();
      await page.goto(`${baseUrl}/imports`);
      // Logged in already when the test before ran; alone (-t), log in first.
      await page.getByTestId('evolution-pull').or(page.getByTestId('login-email')).first().waitFor();
      if (await page.getByTestId('login-email').isVisible()) await logIn(page, baseUrl, { path: '/imports' });
      const row = page.getByTestId('evolution-pull').locator('li', { hasText: 'Salon WhatsApp (Evolution)' });
      await row.getByTestId('evolution-pull-api').click();
      const progress = page.getByTestId('import-progress');
      await progress.waitFor({ timeout: 10_000 });
      await expect.poll(() => progress.textContent(), { timeout: 10_000 }).toContain('/ 2');
      const report = page.getByTestId('import-report');
      await report.waitFor({ timeout: 30_000 });
      expect(await report.getByTestId('import-report-messages').locator('dd').textContent()).toBe('30');
      expect(await report.getByTestId('import-report-messages-imported').locator('dd').textContent()).toBe('30');
      expect(await page.getByTestId('import-error').count()).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('the owner edits a stage’s description in Settings → Pipelines; too long is refused before saving', async () => {
    await page.goto(`${baseUrl}/settings/pipelines`);
    await page.getByTestId('pipeline-settings').or(page.getByTestId('login-email')).first().waitFor();
    if (await page.getByTestId('login-email').isVisible()) await logIn(page, baseUrl, { path: '/settings/pipelines' });
    await page.getByTestId('pipeline-settings-pipeline').selectOption({ label: 'Sales' });
    const warmed = page.getByTestId('stage-description-warmed');
    await expect.poll(() => warmed.inputValue()).toContain('Interested and engaged');
    await warmed.fill('x'.repeat(501));
    await page.getByTestId('stage-descriptions-save').click();
    await page.getByText('At most 500 characters').waitFor();
    const text = 'Asks about prices and dates of a course, but no offer was sent yet.';
    await warmed.fill(text);
    await page.getByTestId('stage-descriptions-save').click();
    await page.getByTestId('stage-descriptions-saved').waitFor();
    const stage = await ctx.db.selectFrom('pipeline_stages').select('description').where('key', '=', 'warmed').executeTakeFirstOrThrow();
    expect(stage.description).toBe(text);
  });

  it('on a phone the campaigns list is cards and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const lang of ['ru', 'en']) {
        await page.evaluate((l) => window.localStorage.setItem('parley.lang', l), lang);
        await page.goto(`${baseUrl}/campaigns`);
        const row = page.getByTestId('campaign-row').first();
        await row.waitFor();
        expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('block');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/campaigns-${lang}-390.png`, fullPage: true });
      }
    } finally {
      await page.evaluate(() => window.localStorage.setItem('parley.lang', 'en'));
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
