import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { hasChromium, logIn, useBrowserApp, type BrowserApp } from '../helpers/browser-app.ts';
import { PNG_1X1 } from '../helpers/media-samples.ts';

/** Screenshots of the composer to look at; never committed. */
const SHOTS = 'tmp/screenshots';

/**
 * Two people in two browsers: the owner assigns a conversation to an agent, the agent sees it arrive without
 * reloading, writes a private note, answers with a saved reply and an image (the stored file is what the
 * channel sent), drafts a suggested reply, resolves it; the client's next message
 * reopens it for both of them.
 */
let app: BrowserApp;
let owner: Page;
let agent: Page;
let agentContext: BrowserContext;
const AGENT = { email: 'agent@inbox.test', password: 'agent-browser-password', name: 'Мира Агент' };

useBrowserApp(async (started) => {
  app = started;
  owner = app.page;
  agentContext = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  agent = await agentContext.newPage();
});

const json = async (page: Page, method: 'GET' | 'POST', path: string, data?: unknown) => {
  const response = method === 'GET' ? await page.request.get(`${app.baseUrl}${path}`) : await page.request.post(`${app.baseUrl}${path}`, { data, headers: { origin: app.baseUrl } });
  expect(response.status(), `${method} ${path}`).toBeLessThan(300);
  return response.json();
};

describe.skipIf(!hasChromium)('the inbox as a two-person workspace', () => {
  it('assign → live for the agent → note → saved reply → resolve → the client reopens it for both', async () => {
    await logIn(owner, app.baseUrl, { path: '/conversations' });
    await owner.getByTestId('conversation-item').first().waitFor();
    const agentUser = await json(owner, 'POST', '/api/users', { ...AGENT, role: 'agent' });
    await json(owner, 'POST', '/api/saved-replies', { shortcut: 'price', body: 'Здравствуйте, {{ contact.first_name }}! Стрижка стоит 800 сом.' });

    await logIn(agent, app.baseUrl, { path: '/conversations', email: AGENT.email, password: AGENT.password });
    await agent.getByTestId('inbox-tab-mine').click();
    await agent.getByTestId('inbox-status-filter').selectOption('open');

    // The owner gives Айгуль's conversation to the agent.
    await owner.getByTestId('conversation-item').filter({ hasText: 'Айгуль' }).first().click();
    const conversationId = owner.url().split('/conversations/')[1]!.split('?')[0]!;
    await owner.getByTestId('thread-assignee').selectOption(agentUser.id);

    // It appears in the agent's "Mine" list without a reload.
    const item = agent.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
    await item.waitFor({ timeout: 5000 });
    await item.click();

    // A private note, then a saved reply with / and Enter.
    await agent.getByTestId('composer-mode-note').click();
    await agent.getByTestId('composer-input').fill('Клиентка просила перезвонить после обеда');
    await agent.getByTestId('composer-send').click();
    await agent.getByTestId('thread-note').filter({ hasText: 'перезвонить после обеда' }).waitFor();
    await owner.getByTestId('thread-note').filter({ hasText: 'перезвонить после обеда' }).waitFor({ timeout: 5000 });

    await agent.getByTestId('composer-input').fill('/pri');
    await agent.getByTestId('saved-reply-option').first().waitFor();
    await agent.getByTestId('composer-input').press('Enter');
    await expect.poll(() => agent.getByTestId('composer-input').inputValue()).toBe('Здравствуйте, Айгуль! Стрижка стоит 800 сом.');
    await agent.getByTestId('composer-input').press('Enter');
    const sent = agent.getByTestId('message-bubble').filter({ hasText: 'Стрижка стоит 800 сом' });
    await sent.waitFor();
    await owner.getByTestId('message-bubble').filter({ hasText: 'Стрижка стоит 800 сом' }).waitFor({ timeout: 5000 });

    // An image chosen with the file picker: previewed, sent with a caption, shown to both.
    mkdirSync(SHOTS, { recursive: true });
    await agent.getByTestId('composer-file').setInputFiles({ name: 'nails.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await agent.getByTestId('composer-attachment').locator('img').waitFor();
    await agent.getByTestId('composer-input').fill('Вот наши работы');
    await agent.screenshot({ path: `${SHOTS}/composer-attachment-1440.png` });
    await agent.getByTestId('composer-send').click();
    await agent.getByTestId('message-bubble').filter({ hasText: 'Вот наши работы' }).locator('img').waitFor();
    await owner.getByTestId('message-bubble').filter({ hasText: 'Вот наши работы' }).waitFor({ timeout: 5000 });
    const messages = await json(owner, 'GET', `/api/conversations/${conversationId}/messages`);
    const image = messages.items.find((m: { body: string }) => m.body === 'Вот наши работы');
    await expect.poll(async () => (await json(owner, 'GET', `/api/conversations/${conversationId}/messages`)).items.find((m: { id: string }) => m.id === image.id).status).toBe('sent');
    expect(image.media).toMatchObject({ type: 'image', mimeType: 'image/png', download: 'stored' });
    const stored = await owner.request.get(`${app.baseUrl}/api/media/${image.media.mediaId}`);
    expect(Buffer.from(await stored.body()).equals(PNG_1X1)).toBe(true);

    // A suggested reply: drafted into the box (offline here, from the business profile), never sent by itself.
    await agent.getByTestId('composer-suggest').click();
    await expect.poll(() => agent.getByTestId('composer-input').inputValue()).toMatch(/^Здравствуйте, Айгуль!/);
    await agent.getByTestId('composer-suggested').waitFor();
    await agent.screenshot({ path: `${SHOTS}/composer-suggested-1440.png` });
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.screenshot({ path: `${SHOTS}/composer-suggested-390.png` });
    await agent.getByTestId('composer-file').setInputFiles({ name: 'nails.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await agent.getByTestId('composer-attachment').locator('img').waitFor();
    await agent.screenshot({ path: `${SHOTS}/composer-attachment-390.png` });
    await agent.setViewportSize({ width: 1440, height: 900 });
    await agent.getByTestId('composer-remove-attachment').click({ force: true });
    await agent.getByTestId('composer-input').fill('');

    // Resolved: both see it.
    await agent.getByTestId('thread-resolve').click();
    await expect.poll(() => agent.getByTestId('thread').getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => owner.getByTestId('thread').getAttribute('data-status'), { timeout: 5000 }).toBe('resolved');

    // The client writes again (through the sandbox): open again for both, without a reload.
    const conversation = await json(owner, 'GET', `/api/conversations/${conversationId}`);
    await json(owner, 'POST', `/api/sandbox/${conversation.channelAccountId}/inbound`, { text: 'А в субботу можно?', chatId: conversation.externalChatId });
    await expect.poll(() => agent.getByTestId('thread').getAttribute('data-status'), { timeout: 5000 }).toBe('open');
    await expect.poll(() => owner.getByTestId('thread').getAttribute('data-status'), { timeout: 5000 }).toBe('open');
    await agent.getByTestId('message-bubble').filter({ hasText: 'А в субботу можно?' }).waitFor({ timeout: 5000 });

    // Screenshots of the workspace (docs/inbox.md).
    await agent.screenshot({ path: 'docs/screenshots/inbox-1440.png' });
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.getByTestId('lead-side-panel').getByRole('button', { name: 'Close' }).click();
    await agent.screenshot({ path: 'docs/screenshots/inbox-390-thread.png' });
    await agent.goto(`${app.baseUrl}/conversations`);
    await agent.getByTestId('inbox-tab-all').click();
    await agent.getByTestId('conversation-item').first().waitFor();
    await agent.screenshot({ path: 'docs/screenshots/inbox-390-list.png' });
    await agentContext.close();
  });
});
