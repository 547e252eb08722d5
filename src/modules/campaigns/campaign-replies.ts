import { sql } from 'kysely';
import type { Tx, DbOrTx } from '../../platform/db/client.ts';
import type { EventSubscriber, StoredEvent } from '../events/index.ts';
import { markContactOptedOut } from '../contacts/index.ts';
import type { OutreachReplyPayload, ReplyListener } from '../outreach/index.ts';
import { DEFAULT_OPT_OUT_PHRASES, isOptOutMessage } from './engine/opt-out.ts';
import { enqueueLeadJobs } from './campaign-lead.job.ts';
import type { Clock } from '../../platform/clock.ts';

/** Outreach's reply listener of the campaigns module (`outreach.reply`): the participant of a contact who replied. */
export function campaignReplyListener(clock: Clock): ReplyListener {
  return (organizationId, reply, tx) => onReply(organizationId, reply, tx, clock.now());
}

/**
 * Outbox subscribers of the campaigns module, run in the dispatch transaction:
 * - `outreach.reply` (outreach's one reply event) from a participant's contact after we wrote to it: the participant is `replied` (the
 *   last send before the reply gets the reply too, for per-step and per-variant reply rates), an `on_reply` lead
 *   is queued, and a participant with a step still to come is made due at once so the sender decides — stopping
 *   the follow-ups, sending the `after_reply` step. An opt-out reply ("stop", "отписаться", …) opts the contact
 *   out and takes it out of every campaign.
 * - `message.delivered` / `message.read` / `message.failed` of a campaign message: the send row and the
 *   participant follow the receipt.
 * The sender checks for replies itself when it claims a participant, so a reply is never missed between the
 * event and the next send.
 */
export function campaignEventSubscriber(clock: Clock): EventSubscriber {
  return async (event, tx) => {
    if (event.type === 'contact.deleted' && event.subjectId) await removeDeletedContact(event.organizationId, event.subjectId, tx);
    else if (event.type === 'message.delivered' || event.type === 'message.read' || event.type === 'message.failed') await onReceipt(event, tx);
  };
}

/** A deleted contact leaves every campaign (participants carry no foreign key to contacts; see the migration). */
async function removeDeletedContact(organizationId: string, contactId: string, tx: Tx): Promise<void> {
  await tx.deleteFrom('campaign_participants').where('organization_id', '=', organizationId).where('contact_id', '=', contactId).execute();
}

export async function optOutPhrases(db: DbOrTx, organizationId: string): Promise<readonly string[]> {
  const row = await db.selectFrom('campaign_settings').select('opt_out_phrases').where('organization_id', '=', organizationId).executeTakeFirst();
  return row?.opt_out_phrases ?? DEFAULT_OPT_OUT_PHRASES;
}

/** A reply counts for every participant of the contact we had written to before it, whichever campaign it answers. */
async function onReply(organizationId: string, reply: OutreachReplyPayload, tx: Tx, now: Date): Promise<void> {
  const { contactId } = reply;
  // Only contacts a campaign has written to; anyone else's messages are none of this module's business.
  const reached = await tx
    .selectFrom('campaign_participants')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('last_sent_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (!reached) return;
  const at = new Date(reply.receivedAt);
  const text = reply.text;

  if (isOptOutMessage(text, await optOutPhrases(tx, organizationId))) {
    await markContactOptedOut(tx, organizationId, contactId, 'opt-out reply', now);
    const out = await sql<{ id: string; answered: boolean }>`
      UPDATE campaign_participants SET
        status = CASE WHEN status = 'bounced' THEN status ELSE 'opted_out' END,
        replied_at = CASE WHEN last_sent_at IS NOT NULL AND last_sent_at < ${at}::timestamptz THEN coalesce(replied_at, ${at}::timestamptz) ELSE replied_at END,
        last_reply_at = greatest(last_reply_at, ${at}::timestamptz),
        next_send_at = NULL, claim_token = NULL, finished_at = coalesce(finished_at, ${now}::timestamptz), updated_at = ${now}
      WHERE organization_id = ${organizationId} AND contact_id = ${contactId} AND status <> 'opted_out'
      RETURNING id, (last_sent_at IS NOT NULL AND last_sent_at < ${at}::timestamptz) AS answered`.execute(tx);
    // An opt-out is an answer too: it counts against the step that drew it.
    await creditReply(tx, organizationId, out.rows.filter((r) => r.answered).map((r) => r.id), at);
    return;
  }

  // A reply counts for participants we had written to before it.
  const replied = await sql<{ id: string; campaign_id: string; first_reply: boolean; lead_on_reply: boolean }>`
    WITH target AS (
      SELECT p.campaign_id, p.id, p.replied_at IS NULL AS first_reply
      FROM campaign_participants p
      WHERE p.organization_id = ${organizationId} AND p.contact_id = ${contactId}
        AND p.last_sent_at IS NOT NULL AND p.last_sent_at < ${at}::timestamptz
        AND p.status NOT IN ('opted_out', 'bounced')
      FOR UPDATE
    )
    UPDATE campaign_participants p SET
      status = CASE WHEN p.status IN ('pending', 'sent', 'delivered') THEN 'replied' ELSE p.status END,
      replied_at = coalesce(p.replied_at, ${at}::timestamptz),
      last_reply_at = greatest(p.last_reply_at, ${at}::timestamptz),
      next_send_at = CASE WHEN p.next_send_at IS NOT NULL AND p.claim_token IS NULL THEN least(p.next_send_at, ${now}::timestamptz) ELSE p.next_send_at END,
      updated_at = ${now}
    FROM target
    WHERE p.id = target.id
    RETURNING p.id, p.campaign_id, target.first_reply,
      EXISTS (SELECT 1 FROM campaigns c WHERE c.id = p.campaign_id AND c.lead_creation_settings ->> 'trigger' = 'on_reply') AS lead_on_reply`.execute(tx);
  if (replied.rows.length === 0) return;
  await creditReply(tx, organizationId, replied.rows.map((r) => r.id), at);
  for (const row of replied.rows.filter((r) => r.first_reply && r.lead_on_reply)) await enqueueLeadJobs(tx, organizationId, row.campaign_id, [row.id], now);
}

/** The reply is credited to the latest step sent to the participant before it (per-step and per-variant reply rates). */
async function creditReply(tx: Tx, organizationId: string, participantIds: string[], at: Date): Promise<void> {
  if (participantIds.length === 0) return;
  await sql`
    UPDATE campaign_sends s SET replied_at = ${at}::timestamptz
    FROM (
      SELECT DISTINCT ON (participant_id) id FROM campaign_sends
      WHERE organization_id = ${organizationId} AND participant_id = ANY(${participantIds}::uuid[]) AND created_at < ${at}::timestamptz AND status IN ('sent', 'unknown', 'sending')
      ORDER BY participant_id, created_at DESC
    ) latest
    WHERE s.id = latest.id AND s.replied_at IS NULL`.execute(tx);
}

async function onReceipt(event: StoredEvent, tx: Tx): Promise<void> {
  if (!event.subjectId) return;
  const at = event.createdAt;
  const organizationId = event.organizationId;
  const updated = await sql<{ participant_id: string; campaign_id: string }>`
    UPDATE campaign_sends SET
      delivered_at = CASE WHEN ${event.type} IN ('message.delivered', 'message.read') THEN coalesce(delivered_at, ${at}::timestamptz) ELSE delivered_at END,
      read_at = CASE WHEN ${event.type} = 'message.read' THEN coalesce(read_at, ${at}::timestamptz) ELSE read_at END,
      status = CASE WHEN ${event.type} = 'message.failed' THEN 'failed' ELSE status END,
      error = CASE WHEN ${event.type} = 'message.failed' THEN coalesce(error, 'the channel reported the message as failed') ELSE error END
    WHERE organization_id = ${organizationId}
      AND (participant_id, step_id) = (
        SELECT (m.metadata ->> 'participantId')::uuid, (m.metadata ->> 'stepId')::uuid FROM messages m
        WHERE m.organization_id = ${organizationId} AND m.id = ${event.subjectId} AND m.metadata ->> 'origin' = 'campaign')
      AND message_id = ${event.subjectId}
    RETURNING participant_id, campaign_id`.execute(tx);
  const send = updated.rows[0];
  if (!send) return;
  const { participant_id: participantId, campaign_id: campaignId } = send;
  if (event.type === 'message.failed') {
    // Undeliverable: no follow-ups (unless a batch holds the participant right now; its completion decides).
    await sql`
      UPDATE campaign_participants SET status = 'bounced', next_send_at = NULL, finished_at = ${at}::timestamptz, last_error = 'the channel reported the message as failed', updated_at = ${at}::timestamptz
      WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId} AND id = ${participantId} AND status IN ('pending', 'sent', 'delivered') AND claim_token IS NULL`.execute(tx);
  } else {
    await sql`
      UPDATE campaign_participants SET status = 'delivered', updated_at = ${at}::timestamptz
      WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId} AND id = ${participantId} AND status IN ('pending', 'sent')`.execute(tx);
  }
}
