import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_OWNER_EMAIL } from '../../src/modules/demo/index.ts';
import { DEMO_TEST_PASSWORD, hasChromium, useBrowserApp, logIn, type BrowserApp } from '../helpers/browser-app.ts';

/**
 * The leads board with dialog analysis in real headless Chromium against a real server (API, built UI, job
 * loop, embedded database, the demo salon analysed offline): filter hot leads, open one, move it to another
 * stage from its panel and see the stage history grow, export the CSV; the AI provider settings in offline
 * mode; and no onboarding modal for an organization whose business profile is complete.
 */
const SHOTS = process.env.LEADS_SCREENSHOTS;
let app: BrowserApp;
let page: Page;
let baseUrl: string;

useBrowserApp((started) => {
  app = started;
  ({ page, baseUrl } = started);
});

describe.skipIf(!hasChromium)('leads board in Chromium', () => {
  it('logs in as the demo owner without the onboarding modal (the profile is complete)', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('login-email').fill(DEMO_OWNER_EMAIL);
    await page.getByTestId('login-password').fill(DEMO_TEST_PASSWORD);
    const profile = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/analysis/profile' && response.request().method() === 'GET');
    await page.getByTestId('login-submit').click();
    const answer = await profile;
    expect(answer.status()).toBe(200);
    expect((await answer.json()).completedAt).not.toBeNull();
    await page.getByTestId('nav-leads').waitFor();
    // Give the gate a moment to act on the answer before checking that it did not open the modal.
    await page.waitForTimeout(300);
    expect(await page.getByTestId('onboarding').count()).toBe(0);
  });

  let leadName = '';

  it('filters hot leads, opens one, changes its stage in the panel and sees the stage history update', async () => {
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('lead-row').first().waitFor({ timeout: 15_000 });
    await expect.poll(async () => Number(await page.getByTestId('stat-hot').locator('dd').textContent()), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByRole('group', { name: 'Interest' }).getByRole('button', { name: 'Hot' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('interestLevel')).toBe('hot');
    // Every row left is hot, and there is at least one.
    await expect
      .poll(async () => {
        const levels = await page.getByTestId('lead-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-level')));
        return levels.length > 0 && levels.every((level) => level === 'hot');
      }, { timeout: 10_000 })
      .toBe(true);

    const row = page.getByTestId('lead-row').first();
    const leadId = await row.getAttribute('data-lead-id');
    await row.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('lead')).toBe(leadId);
    const panel = page.getByTestId('lead-panel');
    await panel.waitFor();
    leadName = (await page.getByTestId('lead-panel-title').textContent()) ?? '';
    expect(leadName).not.toBe('');
    await panel.getByTestId('lead-analysis').waitFor();

    const history = panel.getByTestId('stage-history-item');
    await panel.getByTestId('stage-history').or(panel.getByText('The stage has not changed yet.')).first().waitFor();
    const before = await history.count();
    const stage = panel.getByLabel('Stage', { exact: true });
    const current = await stage.inputValue();
    const target = current === 'consultation_booked' ? 'qualified' : 'consultation_booked';
    await stage.selectOption(target);

    await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(before + 1);
    const targetLabel = target === 'consultation_booked' ? 'Consultation booked' : 'Qualified';
    expect(await history.first().textContent()).toContain(targetLabel);
    await expect.poll(() => stage.inputValue()).toBe(target);

    // Score, interest and breakdown agree after the manual change (issue 15): the breakdown's first line is the
    // new stage, its lines add up to the score, and the badge is the score's band.
    const breakdown = panel.getByTestId('score-breakdown');
    await expect.poll(async () => (await breakdown.locator('.breakdown-label').first().textContent()) ?? '', { timeout: 10_000 }).toContain(targetLabel);
    await expect
      .poll(
        async () => {
          const score = Number((await panel.getByTestId('lead-panel-score').textContent())?.replace(/\D/g, ''));
          const points = await breakdown.locator('.breakdown-points').evaluateAll((cells) =>
            cells.map((cell) => (cell.classList.contains('negative') ? -1 : 1) * Number(cell.textContent!.replace(/\D/g, ''))),
          );
          const level = await panel.locator('.lead-score-section [data-testid="interest-badge"]').getAttribute('data-level');
          const sum = Math.max(0, Math.min(100, points.reduce((a, b) => a + b, 0)));
          return { agrees: sum === score, level: level === (score >= 75 ? 'hot' : score >= 40 ? 'warm' : 'cold') };
        },
        { timeout: 10_000 },
      )
      .toEqual({ agrees: true, level: true });
    expect(await panel.getByText('No analyses yet.').count()).toBe(0);
    expect(await panel.getByTestId('lead-analyser').textContent()).not.toMatch(/offline|no_key/);
    if (SHOTS) {
      for (const [width, height] of [[1440, 900], [390, 844]] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${SHOTS}/lead-card-${width}x${height}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('lead')).toBeNull();
  });

  it('exports the leads as CSV: UTF-8 BOM, a header row, the lead', async () => {
    await page.getByTestId('filters-clear').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('interestLevel')).toBeNull();
    const link = page.getByRole('link', { name: 'Export CSV' });
    expect(await link.getAttribute('href')).toContain('lang=en');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/,/);
    expect(lines[0]!.toLowerCase()).toContain('score');
    expect(lines.some((line) => line.includes(leadName))).toBe(true);
  });

  it('shows the AI provider settings in offline mode', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-ai').click();
    const mode = page.getByTestId('ai-mode');
    await mode.waitFor();
    expect(await mode.getAttribute('data-mode')).toBe('offline');
    expect(await mode.textContent()).toBe('Offline');
    await page.getByTestId('ai-usage').waitFor();
    expect(await page.getByLabel('Model', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('ai-transcription-model').count()).toBe(1);
  });
});

describe.skipIf(!hasChromium)('onboarding in Chromium', () => {
  it('a new organization’s owner goes through the three steps and gets a generated analysis prompt', async () => {
    const { createOrganization } = await import('../../src/modules/orgs/index.ts');
    await createOrganization(app.server.ctx.db, {
      slug: 'fresh-clinic',
      name: 'Fresh Clinic Marketing',
      owner: { email: 'owner@fresh.test', name: 'Fresh Owner', password: 'fresh-owner-password' },
    });
    const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    const fresh = await context.newPage();
    await logIn(fresh, baseUrl, { email: 'owner@fresh.test', password: 'fresh-owner-password' });

    await fresh.getByTestId('onboarding').waitFor();
    await fresh.getByTestId('brief-name').fill('Fresh Clinic Marketing');
    await fresh.getByTestId('brief-niche').fill('Dental clinics');
    await fresh.getByTestId('onboarding-next').click();
    await fresh.getByTestId('brief-funnel').waitFor();
    await fresh.getByTestId('brief-qualified-when').fill('Owner of a clinic with a marketing budget');
    await fresh.getByTestId('onboarding-next').click();
    await fresh.getByTestId('brief-signals').waitFor();
    await fresh.getByTestId('brief-tone').fill('Warm and brief');
    await fresh.getByTestId('onboarding-finish').click();

    const prompt = fresh.getByTestId('onboarding-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Fresh Clinic Marketing');
    await fresh.getByTestId('onboarding-done').click();
    expect(await fresh.getByTestId('onboarding').count()).toBe(0);

    const org = await app.server.ctx.db.selectFrom('organizations').select('id').where('slug', '=', 'fresh-clinic').executeTakeFirstOrThrow();
    const profile = await app.server.ctx.db.selectFrom('business_profiles').select(['completed_at', 'brief']).where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(profile.completed_at).not.toBeNull();
    expect(JSON.stringify(profile.brief)).toContain('Warm and brief');
    const prompts = await app.server.ctx.db.selectFrom('analysis_prompts').select(['version', 'source']).where('organization_id', '=', org.id).execute();
    expect(prompts).toEqual([{ version: 1, source: 'template' }]);
    await context.close();
  });
});
