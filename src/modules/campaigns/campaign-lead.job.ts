import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { createLead, findLeadForContact, getDefaultPipeline } from '../pipelines/index.ts';
import { leadSettingsOf } from './campaign-model.ts';

export const CAMPAIGN_LEAD_TASK = 'campaign.lead';

/** One job per participant (deduplicated by key), enqueued in the transaction that saw the first send or reply. */
export async function enqueueLeadJobs(db: DbOrTx, organizationId: string, campaignId: string, participantIds: string[], now: Date): Promise<void> {
  if (participantIds.length === 0) return;
  await db
    .insertInto('jobs')
    .values(
      participantIds.map((participantId) => ({
        task: CAMPAIGN_LEAD_TASK,
        payload: JSON.stringify({ campaignId, participantId }),
        organization_id: organizationId,
        job_key: `campaign-lead:${participantId}`,
        run_at: now,
        max_attempts: 5,
      })),
    )
    .onConflict((oc) => oc.column('job_key').doNothing())
    .execute();
}

/**
 * Lead creation (seed 002, lead_creation_settings): on the first send or the first reply, the contact gets a lead
 * at the configured stage of the campaign's pipeline — unless it already has an open lead there, which is linked.
 */
export const campaignLeadJob = defineJob({
  task: CAMPAIGN_LEAD_TASK,
  payload: z.object({ campaignId: z.string(), participantId: z.string() }),
  maxAttempts: 5,
  leaseMs: 60_000,
  async handler({ payload, job, ctx }: { payload: { campaignId: string; participantId: string }; job: Job; ctx: AppContext }) {
    const { db } = ctx;
    const organizationId = job.organization_id!;
    const row = await db
      .selectFrom('campaign_participants as p')
      .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
      .select(['p.id', 'p.contact_id', 'p.lead_id', 'c.name', 'c.lead_creation_settings'])
      .where('p.organization_id', '=', organizationId)
      .where('p.campaign_id', '=', payload.campaignId)
      .where('p.id', '=', payload.participantId)
      .executeTakeFirst();
    if (!row || row.lead_id) return;
    const settings = leadSettingsOf(row);
    if (!settings) return;
    const pipelineId = settings.pipelineId ?? (await getDefaultPipeline(db, organizationId)).id;
    const existing = await findLeadForContact(db, organizationId, row.contact_id, pipelineId);
    const lead =
      existing && existing.closed_at === null
        ? existing
        : await createLead(
            db,
            organizationId,
            {
              contactId: row.contact_id,
              pipelineId,
              stageId: settings.stageId ?? undefined,
              source: 'campaign',
              title: row.name,
              reason: settings.trigger === 'on_reply' ? `replied to campaign "${row.name}"` : `campaign "${row.name}" wrote first`,
            },
            null,
          );
    await db
      .updateTable('campaign_participants')
      .set({ lead_id: lead.id })
      .where('organization_id', '=', organizationId)
      .where('campaign_id', '=', payload.campaignId)
      .where('id', '=', row.id)
      .execute();
  },
});
