import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { CampaignRow } from './campaign-model.ts';
import { outboundBatchInsert, outboundBatchSettle } from '../outreach/index.ts';

/**
 * The sender's statements. Each batch is: one claim (participants, and for a limited account its budget row, in
 * the same statement), one statement recording the send rows with their outbound messages, the channel calls, and
 * one statement completing sends, messages and participants. Campaign sends write `messages` rows here, in the
 * batch statements, instead of one round trip per message through the conversations service: the columns are
 * the ones queueOutboundMessage writes.
 */

export interface DueCampaign extends CampaignRow {
  budget_limits: unknown;
  budget_send_window: unknown;
  warmup_started_at: Date | null;
  blocked_until: Date | null;
}

/** Active campaigns with at least one due participant (the only cross-organization query: the worker serves all). */
export async function listDueCampaigns(db: DbOrTx, now: Date): Promise<DueCampaign[]> {
  const result = await sql<DueCampaign>`
    SELECT c.*, b.limits AS budget_limits, b.send_window AS budget_send_window, b.warmup_started_at, b.blocked_until
    FROM campaigns c
    LEFT JOIN account_send_budget b ON b.channel_account_id = c.channel_account_id AND b.organization_id = c.organization_id
    WHERE c.status = 'active'
      AND EXISTS (SELECT 1 FROM campaign_participants p WHERE p.campaign_id = c.id AND p.next_send_at <= ${now})`.execute(db);
  return result.rows;
}

export interface ClaimedParticipant {
  id: string;
  contact_id: string;
  status: string;
  current_step: number;
  anchor_at: Date;
  first_sent_at: Date | null;
  last_sent_at: Date | null;
  replied_at: Date | null;
  last_reply_at: Date | null;
  attempts: number;
  conversation_id: string | null;
  /** For a paced account: when this batch's first slot is; participant i of the batch goes at slot_start + i × interval. */
  slot_start: Date | null;
}

const RETURNED = sql`p.id, p.contact_id, p.status, p.current_step, p.anchor_at, p.first_sent_at, p.last_sent_at, p.replied_at, p.last_reply_at, p.attempts, p.conversation_id`;

export interface ClaimScope {
  organizationId: string;
  campaignId: string;
  now: Date;
  leaseUntil: Date;
  token: string;
  limit: number;
}

/**
 * An account without limits: due participants in order, SKIP LOCKED, leased by moving next_send_at to the lease
 * end. The locking subquery is a materialised CTE: as a plain subquery of UPDATE … FROM it can be rescanned, and a
 * rescan skips the rows this very statement already updated and locks more. The rows are then updated by primary
 * key (`id = ANY(ARRAY(…))`, nothing else indexed in the condition) rather than by a join or with the campaign in
 * the condition: a freshly started campaign has no statistics yet, and the planner would then scan the whole
 * campaign, once or once per claimed row.
 */
export async function claimUnlimited(db: DbOrTx, scope: ClaimScope): Promise<ClaimedParticipant[]> {
  const result = await sql<ClaimedParticipant>`
    WITH due AS MATERIALIZED (
      SELECT id FROM campaign_participants
      WHERE campaign_id = ${scope.campaignId} AND next_send_at <= ${scope.now}
      ORDER BY next_send_at, id
      LIMIT ${scope.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE campaign_participants p
    SET next_send_at = ${scope.leaseUntil}, claim_token = ${scope.token}, updated_at = ${scope.now}
    WHERE p.id = ANY(ARRAY(SELECT id FROM due)) AND p.organization_id = ${scope.organizationId}
    RETURNING ${RETURNED}, NULL::timestamptz AS slot_start`.execute(db);
  return result.rows;
}

export interface BudgetScope extends ClaimScope {
  accountId: string;
  /** Slots are reserved up to this moment (now + lookahead). */
  horizon: Date;
  /** Minimum spacing of sends; 0 = no pace. */
  intervalMs: number;
  hourStart: Date;
  hourCap: number | null;
  dayStart: Date;
  dayCap: number | null;
  /** A reply that started waiting for the pace after this makes the claim take nothing (replies go first). */
  replyHeldSince: Date;
}

const NO_CAP = 2_000_000_000;

/**
 * An account with limits: in one statement, lock its budget row (SKIP LOCKED — another process claiming for the
 * same account makes this one take nothing), work out how many sends the pace and the hourly/daily caps allow,
 * claim at most that many due participants, and move the account's next free slot and counters past them. No
 * number of job processes can therefore send faster than the pace or beyond the caps.
 */
export async function claimWithBudget(db: DbOrTx, scope: BudgetScope): Promise<ClaimedParticipant[]> {
  const interval = scope.intervalMs;
  const result = await sql<ClaimedParticipant>`
    WITH budget AS MATERIALIZED (
      SELECT next_slot_at, blocked_until, reply_waiting_since, single_waiting_since,
             CASE WHEN hour_start = ${scope.hourStart}::timestamptz THEN hour_count ELSE 0 END AS hour_used,
             CASE WHEN day_start = ${scope.dayStart}::timestamptz THEN day_count ELSE 0 END AS day_used
      FROM account_send_budget
      WHERE channel_account_id = ${scope.accountId} AND organization_id = ${scope.organizationId}
      FOR UPDATE SKIP LOCKED
    ), allowance AS (
      SELECT greatest(next_slot_at, ${scope.now}::timestamptz) AS start, hour_used, day_used,
             greatest(0, least(
               ${scope.limit}::int,
               ${scope.hourCap ?? NO_CAP}::int - hour_used,
               ${scope.dayCap ?? NO_CAP}::int - day_used,
               CASE WHEN ${interval}::int <= 0 THEN ${scope.limit}::int
                    WHEN greatest(next_slot_at, ${scope.now}::timestamptz) > ${scope.horizon}::timestamptz THEN 0
                    ELSE floor(extract(epoch FROM (${scope.horizon}::timestamptz - greatest(next_slot_at, ${scope.now}::timestamptz))) * 1000 / ${interval}::int)::int + 1 END,
               CASE WHEN blocked_until > ${scope.now}::timestamptz THEN 0 ELSE ${scope.limit}::int END,
               CASE WHEN reply_waiting_since > ${scope.replyHeldSince}::timestamptz OR single_waiting_since > ${scope.replyHeldSince}::timestamptz THEN 0 ELSE ${scope.limit}::int END
             )) AS slots
      FROM budget
    ), picked AS MATERIALIZED (
      SELECT id FROM campaign_participants
      WHERE campaign_id = ${scope.campaignId} AND next_send_at <= ${scope.now}
      ORDER BY next_send_at, id
      LIMIT (SELECT coalesce(max(slots), 0) FROM allowance)
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE campaign_participants p
      SET next_send_at = ${scope.leaseUntil}, claim_token = ${scope.token}, updated_at = ${scope.now}
      WHERE p.id = ANY(ARRAY(SELECT id FROM picked)) AND p.organization_id = ${scope.organizationId}
      RETURNING ${RETURNED}
    ), counted AS (
      SELECT count(*)::int AS n FROM claimed
    ), bumped AS (
      UPDATE account_send_budget b SET
        next_slot_at = CASE WHEN ${interval}::int > 0 THEN a.start + (c.n * ${interval}::int) * interval '1 millisecond' ELSE b.next_slot_at END,
        hour_start = ${scope.hourStart}::timestamptz, hour_count = a.hour_used + c.n,
        day_start = ${scope.dayStart}::timestamptz, day_count = a.day_used + c.n,
        updated_at = ${scope.now}
      FROM allowance a, counted c
      WHERE b.channel_account_id = ${scope.accountId} AND c.n > 0
      RETURNING a.start
    )
    SELECT claimed.*, (SELECT start FROM bumped) AS slot_start FROM claimed`.execute(db);
  return result.rows;
}

export interface ExistingSend {
  id: string;
  participant_id: string;
  step_id: string;
  message_id: string;
  status: 'sending' | 'sent' | 'failed' | 'unknown';
  external_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  error: string | null;
}

export async function loadSends(db: DbOrTx, organizationId: string, participantIds: string[]): Promise<ExistingSend[]> {
  if (participantIds.length === 0) return [];
  return db
    .selectFrom('campaign_sends')
    .select(['id', 'participant_id', 'step_id', 'message_id', 'status', 'external_id', 'created_at', 'sent_at', 'error'])
    .where('organization_id', '=', organizationId)
    .where('participant_id', 'in', participantIds)
    .execute();
}

export interface NewSend {
  sendId: string;
  participantId: string;
  stepId: string;
  stepIndex: number;
  variant: string;
  messageId: string;
  conversationId: string;
  body: string;
}

/**
 * Records a batch of sends as 'sending' with their outbound messages (written by outreach's batch statement), in
 * one statement, before any channel call. A (participant, step) that already has a send row is left alone; the
 * returned ids are the sends recorded now.
 */
export async function recordSends(
  db: DbOrTx,
  scope: { organizationId: string; campaignId: string; accountId: string; authorName: string; now: Date },
  sends: NewSend[],
): Promise<Set<string>> {
  if (sends.length === 0) return new Set();
  const payload = JSON.stringify(
    sends.map((s) => ({ send_id: s.sendId, participant_id: s.participantId, step_id: s.stepId, step_index: s.stepIndex, variant: s.variant, message_id: s.messageId, conversation_id: s.conversationId, body: s.body })),
  );
  const result = await sql<{ send_id: string }>`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${payload}::jsonb)
        AS x(send_id uuid, participant_id uuid, step_id uuid, step_index int, variant text, message_id uuid, conversation_id uuid, body text)
    ), s AS (
      INSERT INTO campaign_sends (id, organization_id, campaign_id, participant_id, step_id, step_index, variant, channel_account_id, message_id, status, created_at)
      SELECT r.send_id, ${scope.organizationId}, ${scope.campaignId}, r.participant_id, r.step_id, r.step_index, r.variant, ${scope.accountId}, r.message_id, 'sending', ${scope.now}
      FROM r
      ON CONFLICT (participant_id, step_id) DO NOTHING
      RETURNING id
    ), recorded AS (
      SELECT r.message_id, r.conversation_id, r.body,
             jsonb_build_object('origin', 'campaign', 'campaignId', ${scope.campaignId}::text, 'stepId', r.step_id, 'participantId', r.participant_id) AS metadata
      FROM r JOIN s ON s.id = r.send_id
    ), m AS (${outboundBatchInsert({ organizationId: scope.organizationId, authorName: scope.authorName, now: scope.now }, 'recorded')})
    SELECT s.id AS send_id FROM s`.execute(db);
  return new Set(result.rows.map((r) => r.send_id));
}

export interface ParticipantResult {
  id: string;
  status: string;
  current_step: number;
  anchor_at: Date;
  next_send_at: Date | null;
  /** Set when a step went out (or may have) in this batch. */
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  finished: boolean;
  conversation_id: string | null;
  skipped: string[] | null;
}

export interface RowResult {
  id: string;
  status: string;
  external_id: string | null;
  sent_at: Date | null;
  error: string | null;
}

/**
 * Completes a batch in one statement (rows addressed by key arrays, so the plan never depends on statistics): send rows and messages get their outcome (or are removed when the channel
 * did not take the message), participants move on. A participant is only updated while it still carries this
 * claim's token (a stop, an opt-out or a lease taken over in the meantime wins); a participant the contact
 * wrote to during the claim is made due at once so the next claim sees the reply.
 */
export async function completeBatch(
  db: DbOrTx,
  scope: { organizationId: string; token: string; claimedAt: Date; now: Date },
  batch: { participants: ParticipantResult[]; sends: RowResult[]; messages: RowResult[]; removedSends: string[]; removedMessages: string[] },
): Promise<number> {
  const participants = JSON.stringify(batch.participants);
  const sends = JSON.stringify(batch.sends);
  const result = await sql`
    WITH pr AS (
      SELECT * FROM jsonb_to_recordset(${participants}::jsonb)
        AS x(id uuid, status text, current_step int, anchor_at timestamptz, next_send_at timestamptz, sent_at timestamptz, attempts int,
             last_error text, finished boolean, conversation_id uuid, skipped jsonb)
    ), su AS (
      SELECT * FROM jsonb_to_recordset(${sends}::jsonb) AS x(id uuid, status text, external_id text, sent_at timestamptz, error text)
    ), upd_sends AS (
      UPDATE campaign_sends s SET status = su.status, external_id = coalesce(su.external_id, s.external_id), sent_at = coalesce(su.sent_at, s.sent_at), error = su.error
      FROM su WHERE s.id = ANY(${batch.sends.map((r) => r.id)}::uuid[]) AND s.id = su.id AND s.organization_id = ${scope.organizationId}
      RETURNING 1
    ), del_sends AS (
      DELETE FROM campaign_sends WHERE organization_id = ${scope.organizationId} AND id = ANY(${batch.removedSends}::uuid[]) RETURNING 1
    ), ${outboundBatchSettle(scope.organizationId, batch.messages, batch.removedMessages)}
    UPDATE campaign_participants p SET
      status = CASE
        WHEN pr.status IN ('bounced', 'opted_out', 'stopped') THEN pr.status
        WHEN array_position(ARRAY['pending', 'sent', 'delivered', 'replied'], p.status) > array_position(ARRAY['pending', 'sent', 'delivered', 'replied'], pr.status) THEN p.status
        ELSE pr.status END,
      current_step = pr.current_step,
      anchor_at = pr.anchor_at,
      next_send_at = CASE WHEN pr.next_send_at IS NOT NULL AND p.last_reply_at > ${scope.claimedAt}::timestamptz THEN least(pr.next_send_at, ${scope.now}::timestamptz) ELSE pr.next_send_at END,
      last_sent_at = coalesce(pr.sent_at, p.last_sent_at),
      first_sent_at = coalesce(p.first_sent_at, pr.sent_at),
      attempts = pr.attempts,
      last_error = pr.last_error,
      finished_at = CASE WHEN pr.finished THEN ${scope.now}::timestamptz ELSE NULL END,
      conversation_id = coalesce(pr.conversation_id, p.conversation_id),
      metadata = CASE WHEN pr.skipped IS NULL THEN p.metadata ELSE jsonb_set(p.metadata, '{skipped}', coalesce(p.metadata -> 'skipped', '[]'::jsonb) || pr.skipped) END,
      claim_token = NULL,
      updated_at = ${scope.now}
    FROM pr
    WHERE p.id = ANY(${batch.participants.map((r) => r.id)}::uuid[]) AND p.id = pr.id
      AND p.organization_id = ${scope.organizationId} AND p.claim_token = ${scope.token}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Active campaigns none of whose participants has a step to come: they are completed. */
export async function completeFinishedCampaigns(db: DbOrTx, now: Date): Promise<Array<{ id: string; organization_id: string }>> {
  const result = await sql<{ id: string; organization_id: string }>`
    UPDATE campaigns c SET status = 'completed', completed_at = ${now}, completed_reason = 'finished', updated_at = ${now}
    WHERE c.status = 'active'
      AND NOT EXISTS (SELECT 1 FROM campaign_participants p WHERE p.campaign_id = c.id AND p.next_send_at IS NOT NULL)
    RETURNING c.id, c.organization_id`.execute(db);
  return result.rows;
}
