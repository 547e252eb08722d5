import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_TEST_PASSWORD, hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';

/**
 * The foundation's end-to-end journey in real headless Chromium against a real server (API, built UI,
 * job loop, embedded database): log in, find a contact, write to them, answer as the contact in the
 * sandbox, and see the answer arrive live in the conversation.
 */
let page: Page;
let baseUrl: string;

useBrowserApp((app) => {
  ({ page, baseUrl } = app);
});

describe.skipIf(!hasChromium)('sandbox journey in Chromium', () => {
  it('rejects a wrong password with the API message', async () => {
    await logIn(page, baseUrl, { password: 'wrong-password' });
    await expectText(page, 'email or password is incorrect');
  });

  it('logs in, searches contacts, writes to a customer, answers as the customer, sees it arrive', async () => {
    await page.getByTestId('login-password').fill(DEMO_TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-search').fill('Токтогулова');
    await page.getByTestId('contact-row').filter({ hasText: 'Айгуль' }).first().waitFor();
    await expect.poll(() => page.getByTestId('contact-row').count(), { timeout: 10_000 }).toBe(1);

    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Айгуль' }).first().click();
    await page.getByTestId('message-bubble').filter({ hasText: 'Запишите меня на 15:30' }).waitFor();
    const text = `Напоминаем о записи ${Date.now()}`;
    await page.getByTestId('composer-input').fill(text);
    await page.getByTestId('composer-send').click();
    await page.getByTestId('message-bubble').filter({ hasText: text }).waitFor();
    await expect.poll(async () => page.getByTestId('message-bubble').filter({ hasText: text }).getAttribute('data-status'), { timeout: 15_000 }).toMatch(/sent|delivered|read/);

    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-conversation').filter({ hasText: 'Айгуль' }).first().click();
    await page.getByText(text).first().waitFor();
    const reply = `Спасибо, приду! ${Date.now()}`;
    await page.getByTestId('sandbox-input').fill(reply);
    await page.getByTestId('sandbox-send').click();

    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Айгуль' }).first().click();
    const arrived = page.getByTestId('message-bubble').filter({ hasText: reply });
    await arrived.waitFor({ timeout: 15_000 });
    expect(await arrived.getAttribute('data-direction')).toBe('inbound');
  });

  it('a new customer writing in from the sandbox appears as a contact with a conversation', async () => {
    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('sandbox-new-name').fill('Новый Клиент');
    await page.getByTestId('sandbox-new-phone').fill('0555 123 987');
    await page.getByTestId('sandbox-new-text').fill('Здравствуйте, есть свободное время завтра?');
    await page.getByTestId('sandbox-new-send').click();
    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Новый Клиент' }).first().waitFor({ timeout: 15_000 });
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-search').fill('555123987');
    await page.getByTestId('contact-row').filter({ hasText: 'Новый Клиент' }).first().waitFor();
  });
});

async function expectText(p: Page, text: string) {
  await p.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}
