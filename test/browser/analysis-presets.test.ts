import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn, type BrowserApp } from '../helpers/browser-app.ts';

/**
 * Business-type presets (issue 15) in real headless Chromium: a new clinic picks "Clinic" in the onboarding and
 * sees the clinic's stage meanings and signals, then its scoring rules with signals named in words (no codes);
 * changing the type in Settings asks before it applies another preset. The demo salon scores like a salon.
 */
let app: BrowserApp;
let baseUrl: string;

useBrowserApp((started) => {
  app = started;
  ({ baseUrl } = started);
});

async function bodyText(page: Page): Promise<string> {
  return (await page.locator('main, [role="dialog"]').allTextContents()).join(' ');
}

describe.skipIf(!hasChromium)('business-type presets in Chromium', () => {
  it('onboarding picks "Clinic": the stages, signals and scoring rules shown are the clinic preset’s', async () => {
    const { createOrganization } = await import('../../src/modules/orgs/index.ts');
    await createOrganization(app.server.ctx.db, { slug: 'preset-clinic', name: 'Smile Clinic', owner: { email: 'owner@smile.test', name: 'Smile Owner', password: 'smile-owner-password' } });
    const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await logIn(page, baseUrl, { email: 'owner@smile.test', password: 'smile-owner-password' });

    await page.getByTestId('onboarding').waitFor();
    await page.getByTestId('business-type').selectOption('clinic');
    await page.getByTestId('brief-name').fill('Smile Clinic');
    await page.getByTestId('onboarding-next').click();
    const funnel = page.getByTestId('brief-funnel');
    await funnel.waitFor();
    const meanings = await funnel.locator('.stage-meaning input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(meanings).toContain('Appointment booked: the doctor, date and time are agreed.');
    const questions = await page.getByTestId('brief-questions').locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(questions[0]).toBe('What is bothering you, what are the symptoms?');
    await page.getByTestId('onboarding-next').click();
    const hot = await page.getByTestId('brief-hot').locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(hot).toContain('Describes symptoms and asks for an appointment');
    await page.getByTestId('onboarding-finish').click();
    await page.getByTestId('onboarding-done').click();

    await page.goto(`${baseUrl}/settings/scoring`);
    const rules = page.getByTestId('scoring-modifiers');
    await rules.waitFor();
    const labels = await rules.locator('tbody tr td:first-child input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(labels).toEqual(expect.arrayContaining(['Describes symptoms', 'Names a doctor or specialist', 'Booked an appointment']));
    expect(labels.join(' ')).not.toMatch(/SMM|infobusiness|targetologist/i);
    // Signals are named and explained in words, picked from a list — never typed as codes.
    const symptomsRow = rules.locator('tbody tr').filter({ has: page.locator('input[value="Describes symptoms"]') });
    await symptomsRow.getByTestId('values-picker').locator('summary').click();
    await expect.poll(() => symptomsRow.getByTestId('values-picker').textContent()).toContain('The patient describes symptoms or complaints');
    expect(await symptomsRow.getByRole('checkbox', { name: /Described symptoms/ }).isChecked()).toBe(true);
    expect(await page.locator('input[placeholder="budget_named"]').count()).toBe(0);
    const text = await bodyText(page);
    for (const code of ['symptoms_described', 'specialist_named', 'booking_agreed', 'consultation_booked']) expect(text).not.toContain(code);

    // Settings → Business profile: another type asks first, then applies the education preset.
    await page.goto(`${baseUrl}/settings/business-profile`);
    await page.getByTestId('business-type').selectOption('education');
    await page.getByTestId('business-type-dialog').waitFor();
    await page.getByTestId('business-type-apply').click();
    await expect.poll(async () => (await page.getByTestId('brief-questions').locator('input').first().inputValue())).toBe('Which course or subject are you interested in?');
    await page.goto(`${baseUrl}/settings/scoring`);
    await page.getByTestId('scoring-modifiers').waitFor();
    const educationLabels = await page.getByTestId('scoring-modifiers').locator('tbody tr td:first-child input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(educationLabels).toContain('Asks about the format');
    await context.close();
  });

  it('the demo salon’s rules are the salon preset’s, not info-business or SMM', async () => {
    const page = app.page;
    await logIn(page, baseUrl, { path: '/settings/scoring' });
    await page.getByTestId('scoring-modifiers').waitFor();
    const labels = await page.getByTestId('scoring-modifiers').locator('tbody tr td:first-child input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(labels).toEqual(expect.arrayContaining(['Запись на услугу', 'Называет мастера', 'Постоянный клиент']));
    expect(labels.join(' ')).not.toMatch(/SMM|инфобизнес|таргетолог|infobusiness/i);
  });
});
