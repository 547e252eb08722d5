import type { CampaignSender } from '../../src/modules/campaigns/campaign-sender.ts';
import type { TestApp } from './test-app.ts';

/**
 * Lets what is due at the current (manual) time happen: three rounds of the job runner (outbox, jobs) each followed
 * by the campaign sender's passes, so a send, its receipt and what that receipt starts all land.
 */
export async function runCampaignRounds(t: TestApp, sender: CampaignSender): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await t.runner.runUntilIdle();
    await sender.runUntilIdle();
  }
}
