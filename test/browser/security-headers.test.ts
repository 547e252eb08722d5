import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, useBrowserApp, logIn } from '../helpers/browser-app.ts';

/**
 * The built web UI under its Content-Security-Policy in real Chromium: pages with charts (Recharts) and forms work,
 * nothing is blocked, the page refuses to be framed, and a change made from another origin with the session
 * cookie is refused.
 */
let page: Page;
let baseUrl: string;
const violations: string[] = [];

useBrowserApp(async (app) => {
  ({ page, baseUrl } = app);
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to load: CSP ${event.violatedDirective} ${event.blockedURI}`));
  });
});

describe.skipIf(!hasChromium)('the web UI under its Content-Security-Policy', () => {
  it('serves the UI with a CSP and frame protection', async () => {
    const response = await page.goto(`${baseUrl}/login`);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response!.headers()['x-frame-options']).toBe('DENY');
  });

  it('logs in and renders pages with charts and forms without a single CSP violation', async () => {
    await logIn(page, baseUrl, { path: '/login' });
    await page.getByTestId('nav-reactivation').click();
    await page.getByTestId('reactivation-page').waitFor();
    await page.getByTestId('reactivation-tab-dashboard').click();
    await page.getByTestId('reactivation-dashboard').waitFor();
    await page.locator('.recharts-surface').first().waitFor({ timeout: 20_000 });
    for (const path of ['/leads', '/contacts', '/imports', '/settings']) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
  });

  it('changes made through the UI pass the same-origin check; the same request from another origin is refused', async () => {
    await page.goto(`${baseUrl}/contacts`);
    const own = await page.evaluate(async () => (await fetch('/api/notifications/read-all', { method: 'POST' })).status);
    expect(own).toBe(200);
    const foreign = await page.request.post(`${baseUrl}/api/notifications/read-all`, { headers: { origin: 'http://127.0.0.1:1' } });
    expect(foreign.status()).toBe(403);
  });
});
