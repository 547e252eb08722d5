import { expect } from 'vitest';
import { call, type TestApp } from './test-app.ts';

/**
 * Every send from an account counts in one budget, a person's replies included, so a channel's default pace (30 s
 * between WhatsApp messages) would hold the next message of a test that sends several in a row. Channel tests that
 * are about the adapter, not the budget, lift the account's limits once.
 */
export async function liftSendingLimits(t: TestApp, auth: { cookie: string }, accountId: string): Promise<void> {
  const response = await call(t, auth, 'PUT', `/api/campaigns/agents/${accountId}/limits`, { paceSeconds: null, hourlyCap: null, dailyCap: null, warmup: null });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}
