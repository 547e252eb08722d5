import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_SLUG } from '../../src/modules/demo/index.ts';
import { saveTranscript, storeMediaFile } from '../../src/modules/media/index.ts';
import { hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';

/**
 * Inbound media in the conversation view (a voice note's player with its transcript, an image preview) and the
 * account-health thresholds form on Settings → Channels, in headless Chromium against a real server.
 */
let page: Page;
let baseUrl: string;
let conversationId: string;
const voice = Buffer.from('OggS browser voice note bytes');

useBrowserApp(async (app) => {
  ({ page, baseUrl } = app);
  const db = app.server.ctx.db;
  const org = await db.selectFrom('organizations').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow();
  const conversation = await db
    .selectFrom('conversations')
    .select(['id'])
    .where('organization_id', '=', org.id)
    .where('is_group', '=', false)
    .where('contact_id', 'is not', null)
    .orderBy('last_message_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  conversationId = conversation.id;
  const message = await db
    .insertInto('messages')
    .values({
      organization_id: org.id,
      conversation_id: conversationId,
      direction: 'inbound',
      kind: 'media',
      body: '',
      media: JSON.stringify({ type: 'voice', mimeType: 'audio/ogg', download: 'pending' }),
      status: 'received',
      sent_at: new Date(Date.now() + 60_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored = await storeMediaFile(db, org.id, { messageId: message.id, mediaType: 'voice', bytes: voice, mimeType: 'audio/ogg', fileName: null });
  await saveTranscript(db, org.id, stored.id, 'Хочу записаться на субботу', 'whisper-1', new Date());
  await db.updateTable('conversations').set({ last_message_at: new Date(Date.now() + 60_000) }).where('id', '=', conversationId).execute();
});

describe.skipIf(!hasChromium)('media and health thresholds in Chromium', () => {
  it('a voice note is playable in the conversation, with its transcript under the player', async () => {
    await logIn(page, baseUrl, { path: '/login' });
    await page.getByTestId('nav-conversations').waitFor();
    await page.goto(`${baseUrl}/conversations/${conversationId}`);
    const player = page.getByTestId('media-audio').locator('audio');
    await player.waitFor({ timeout: 15_000 });
    const src = await player.getAttribute('src');
    expect(src).toMatch(/^\/api\/media\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('media-transcript').textContent()).toContain('Хочу записаться на субботу');
    // The browser fetches the file with its session cookie.
    const fetched = await page.evaluate(async (url) => {
      const response = await fetch(url!);
      return { status: response.status, type: response.headers.get('content-type'), size: (await response.arrayBuffer()).byteLength };
    }, src);
    expect(fetched).toEqual({ status: 200, type: 'audio/ogg', size: voice.byteLength });
  });

  it('the thresholds form shows the API’s validation error under the field, then saves', async () => {
    await page.goto(`${baseUrl}/settings/organization`);
    await page.getByTestId('settings-tab-channels').click();
    const form = page.getByTestId('health-settings-form');
    await form.waitFor({ timeout: 15_000 });
    await page.getByTestId('threshold-hourlyFailureRatio').fill('150');
    await page.getByTestId('health-settings-save').click();
    const error = form.locator('.field-invalid .field-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await form.locator('.field-invalid input').getAttribute('data-testid')).toBe('threshold-hourlyFailureRatio');

    await page.getByTestId('threshold-hourlyFailureRatio').fill('35');
    await page.getByTestId('threshold-rateLimitedPerHour').fill('5');
    await page.getByTestId('health-settings-save').click();
    await page.getByTestId('health-settings-saved').waitFor({ timeout: 10_000 });
    const saved = await page.evaluate(async () => (await fetch('/api/channel-health/settings')).json());
    expect(saved.overrides).toMatchObject({ hourlyFailureRatio: 0.35, rateLimitedPerHour: 5 });
    expect(saved.thresholds.hourlyFailureRatio).toBe(0.35);
  });
});
