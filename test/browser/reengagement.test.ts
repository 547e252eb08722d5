import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_OWNER_EMAIL } from '../../src/modules/demo/index.ts';
import { DEFAULT_REENGAGEMENT_SETTINGS, saveReengagementSettings } from '../../src/modules/reengagement/index.ts';
import { DEMO_TEST_PASSWORD, hasChromium, startBrowserApp, type BrowserApp } from '../helpers/browser-app.ts';

/**
 * The re-engagement review → send → reply path in real Chromium against a real server with its job loop: a lead
 * quiet for 400 days is picked when the queue is formed from the page, its generated message is edited and
 * approved, it goes out through the sandbox channel at its slot, the client answers in the sandbox, and the
 * queue and the dashboard show the reply.
 */
let app: BrowserApp;
let page: Page;
let baseUrl: string;
const NAME = 'Жаркынай Тишина';
const PHONE = '+996700404404';

beforeAll(async () => {
  if (!hasChromium) return;
  app = await startBrowserApp();
  ({ page, baseUrl } = app);
  const db = app.server.ctx.db;
  const org = await db.selectFrom('organizations').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const account = await db.selectFrom('channel_accounts').select('id').where('organization_id', '=', org.id).where('channel', '=', 'sandbox').executeTakeFirstOrThrow();
  const pipeline = await db.selectFrom('pipelines').select('id').where('organization_id', '=', org.id).where('is_default', '=', true).executeTakeFirstOrThrow();
  const stage = await db.selectFrom('pipeline_stages').select('id').where('pipeline_id', '=', pipeline.id).where('key', '=', 'qualified').executeTakeFirstOrThrow();
  const quietSince = new Date(Date.now() - 400 * 86_400_000);
  const contact = await db.insertInto('contacts').values({ organization_id: org.id, display_name: NAME, first_name: 'Жаркынай', phone_e164: PHONE, last_message_at: quietSince }).returning('id').executeTakeFirstOrThrow();
  const conversation = await db
    .insertInto('conversations')
    .values({ organization_id: org.id, channel: 'sandbox', channel_account_id: account.id, external_chat_id: `sandbox:${PHONE}`, contact_id: contact.id, last_message_at: quietSince })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('messages').values({ organization_id: org.id, conversation_id: conversation.id, direction: 'inbound', body: 'Сколько стоит окрашивание?', status: 'received', sent_at: quietSince }).execute();
  await db.insertInto('leads').values({ organization_id: org.id, contact_id: contact.id, pipeline_id: pipeline.id, stage_id: stage.id, score: 60, interest_level: 'warm', created_at: quietSince }).execute();
  // Only leads quiet for 399–401 days: the seeded one, none of the demo's.
  await saveReengagementSettings(db, org.id, { ...DEFAULT_REENGAGEMENT_SETTINGS, window: { start: '00:00', end: '24:00' }, minDaysQuiet: 399, maxDaysQuiet: 401 }, new Date());
});

afterAll(() => app?.close());

describe.skipIf(!hasChromium)('re-engagement queue in Chromium', () => {
  it('review → approve (edited) → sent through the sandbox → the client replies → shown as replied', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('login-email').fill(DEMO_OWNER_EMAIL);
    await page.getByTestId('login-password').fill(DEMO_TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-reengagement').click();
    await page.getByTestId('reeng-empty').waitFor();
    // Forming runs as a job: the request answers 202 at once and the page polls the formation status.
    const [run] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/reengagement/queue/run')), page.getByTestId('reeng-run').click()]);
    expect(run.status()).toBe(202);

    const item = page.getByTestId('reeng-item').filter({ hasText: NAME });
    await item.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('reeng-item').count()).toBe(1);
    expect(await item.getAttribute('data-status')).toBe('pending_review');
    expect(await item.getByTestId('reeng-item-message').textContent()).toContain('Жаркынай');
    const text = `Жаркынай, здравствуйте! Есть свободное время на окрашивание в эту субботу — записать вас? ${Date.now()}`;
    await item.getByTestId('reeng-item-edit').click();
    await item.getByTestId('reeng-item-text').fill(text);
    await item.getByTestId('reeng-item-save-approve').click();
    await expect.poll(() => page.getByTestId('reeng-item').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');

    // The job loop sends it at its slot (now) through the sandbox channel.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('reeng-item').first().waitFor();
          return page.getByTestId('reeng-item').first().getAttribute('data-status');
        },
        { timeout: 45_000, interval: 2000 },
      )
      .toBe('sent');

    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-conversation').filter({ hasText: 'Жаркынай' }).first().click();
    await page.getByText(text.slice(0, 40)).first().waitFor({ timeout: 15_000 });
    await page.getByTestId('sandbox-input').fill('Да, давайте в субботу в 12:00');
    await page.getByTestId('sandbox-send').click();

    await page.getByTestId('nav-reengagement').click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('reeng-item').first().waitFor();
          return page.getByTestId('reeng-item').first().getAttribute('data-status');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('replied');
    await page.getByTestId('reeng-item').first().getByText(/replied in/).waitFor();

    await page.getByTestId('reeng-tab-dashboard').click();
    await page.getByTestId('reeng-metric-replied').getByText('1', { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('reeng-metric-reply-rate').textContent()).toContain('100%');
  });

  it('edits a stage’s template with a live preview on a real lead; a template that does not render is shown under it', async () => {
    await page.getByTestId('reeng-tab-settings').click();
    const row = page.getByTestId('reeng-tpl-qualified');
    await row.waitFor();
    expect(await row.getByTestId('reeng-tpl-default').textContent()).toContain('{{ greeting }}');
    // The default, rendered on a lead of the stage, before anything is typed.
    await expect.poll(() => row.getByTestId('reeng-tpl-preview').getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    expect(await row.getByTestId('reeng-tpl-preview').textContent()).toMatch(/здравствуйте|Hello/i);

    await row.getByTestId('reeng-tpl-input').fill('{{ greeting }}Special offer for {{ name | nope }}');
    await row.getByTestId('reeng-tpl-error').waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('reeng-tpl-error').textContent()).toMatch(/nope/);
    await page.getByTestId('reeng-settings-save').click();
    await expect.poll(() => row.getByTestId('reeng-tpl-error').textContent()).toMatch(/nope/);
    expect(await page.getByTestId('reeng-tpl-new_lead').getByTestId('reeng-tpl-error').count()).toBe(0);

    await row.getByTestId('reeng-tpl-input').fill('{{ greeting }}Special offer, quiet for {{ days_quiet }} days');
    await expect.poll(() => row.getByTestId('reeng-tpl-preview').textContent(), { timeout: 10_000 }).toMatch(/Special offer, quiet for \d+ days$/);
    expect(await row.getByTestId('reeng-tpl-error').count()).toBe(0);
    await page.getByTestId('reeng-settings-save').click();
    await page.getByTestId('reeng-settings').getByText('Saved').waitFor();
    const org = await app.server.ctx.db.selectFrom('organizations').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    const saved = await app.server.ctx.db.selectFrom('reengagement_settings').select('settings').where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect((saved.settings as { templates: Record<string, string> }).templates).toEqual({ qualified: '{{ greeting }}Special offer, quiet for {{ days_quiet }} days' });
  });
});

describe.skipIf(!hasChromium)('autopilot FAQ in onboarding', () => {
  it('the last onboarding step edits the autopilot FAQ', async () => {
    const { createOrganization } = await import('../../src/modules/orgs/index.ts');
    const { organization } = await createOrganization(app.server.ctx.db, {
      slug: 'faq-studio',
      name: 'FAQ Studio',
      owner: { email: 'owner@faq.test', name: 'FAQ Owner', password: 'faq-owner-password' },
    });
    const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    const fresh = await context.newPage();
    await fresh.goto(`${baseUrl}/`);
    await fresh.getByTestId('login-email').fill('owner@faq.test');
    await fresh.getByTestId('login-password').fill('faq-owner-password');
    await fresh.getByTestId('login-submit').click();
    await fresh.getByTestId('onboarding').waitFor();
    await fresh.getByTestId('onboarding-next').click();
    await fresh.getByTestId('onboarding-next').click();
    const faq = fresh.getByTestId('onboarding-faq');
    await faq.waitFor();
    await faq.getByTestId('onboarding-faq-add').click();
    await faq.getByLabel('Question 1').fill('What are your opening hours?');
    await faq.getByLabel('Answer 1').fill('Every day from 9:00 to 21:00.');
    await faq.getByTestId('onboarding-faq-save').click();
    await faq.getByText('Saved').waitFor();
    const settings = await app.server.ctx.db.selectFrom('autopilot_settings').select('faq').where('organization_id', '=', organization.id).executeTakeFirstOrThrow();
    expect(settings.faq).toEqual([{ question: 'What are your opening hours?', answer: 'Every day from 9:00 to 21:00.' }]);
    await context.close();
  });
});
