import { call, type TestApp } from './test-app.ts';

/**
 * Starts a campaign the way a person does: the pre-launch check, then the start with its confirm token. A check
 * that refuses (a started campaign, a blocking problem) is returned as the answer.
 */
export async function confirmedStart(t: TestApp, auth: { cookie?: string; token?: string }, campaignId: string) {
  const check = await call(t, auth, 'POST', `/api/campaigns/${campaignId}/prelaunch`);
  if (check.status !== 200) return check;
  return call(t, auth, 'POST', `/api/campaigns/${campaignId}/start`, { confirmToken: check.body.confirmToken });
}
