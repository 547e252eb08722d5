import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { getOrganization } from '../orgs/index.ts';
import { getCampaignRow, listSteps } from './campaigns.service.ts';
import { variantsOf } from './campaign-model.ts';
import { isValidZone } from './engine/schedule.ts';

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const num = (value: unknown) => Number(value ?? 0);

/**
 * Campaign statistics: the participant funnel (total → sent → delivered → read → replied, plus bounced,
 * stopped, opted out), reply rate over participants reached, time to first reply, per step and per A/B
 * variant, and sends and replies per day in the organization's time zone.
 */
export async function campaignStats(db: DbOrTx, organizationId: string, campaignId: string) {
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  const organization = await getOrganization(db, organizationId);
  const zone = isValidZone(organization.timezone) ? organization.timezone : 'UTC';
  const [participants, reach, bySend, steps, dailySent, dailyReplied] = await Promise.all([
    sql<Record<string, unknown>>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE first_sent_at IS NULL AND next_send_at IS NOT NULL AND status = 'pending') AS pending,
             count(*) FILTER (WHERE first_sent_at IS NOT NULL) AS sent,
             count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE status = 'bounced') AS bounced,
             count(*) FILTER (WHERE status = 'stopped') AS stopped,
             count(*) FILTER (WHERE status = 'opted_out') AS opted_out,
             count(*) FILTER (WHERE next_send_at IS NOT NULL) AS in_progress,
             avg(extract(epoch FROM replied_at - first_sent_at)) FILTER (WHERE replied_at >= first_sent_at) AS avg_reply_s,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM replied_at - first_sent_at)) FILTER (WHERE replied_at >= first_sent_at) AS median_reply_s
      FROM campaign_participants WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId}`.execute(db),
    sql<Record<string, unknown>>`
      SELECT count(DISTINCT participant_id) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
             count(DISTINCT participant_id) FILTER (WHERE read_at IS NOT NULL) AS read,
             count(*) FILTER (WHERE status = 'sent') AS messages_sent,
             count(*) FILTER (WHERE status = 'failed') AS messages_failed,
             count(*) FILTER (WHERE status = 'unknown') AS messages_unknown
      FROM campaign_sends WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId}`.execute(db),
    sql<{ step_id: string; variant: string; sent: unknown; delivered: unknown; read: unknown; replied: unknown; failed: unknown }>`
      SELECT step_id, variant,
             count(*) FILTER (WHERE status IN ('sent', 'unknown')) AS sent,
             count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
             count(*) FILTER (WHERE read_at IS NOT NULL) AS read,
             count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE status = 'failed') AS failed
      FROM campaign_sends WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId}
      GROUP BY step_id, variant`.execute(db),
    listSteps(db, organizationId, campaignId),
    sql<{ day: string; n: unknown }>`
      SELECT to_char(date_trunc('day', coalesce(sent_at, created_at) AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS day, count(*) AS n
      FROM campaign_sends WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId} AND status IN ('sent', 'unknown')
      GROUP BY 1`.execute(db),
    sql<{ day: string; n: unknown }>`
      SELECT to_char(date_trunc('day', replied_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS day, count(*) AS n
      FROM campaign_participants WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId} AND replied_at IS NOT NULL
      GROUP BY 1`.execute(db),
  ]);
  const p = participants.rows[0] ?? {};
  const r = reach.rows[0] ?? {};
  const sent = num(p.sent);
  const replied = num(p.replied);
  const days = new Map<string, { date: string; sent: number; replied: number }>();
  for (const row of dailySent.rows) days.set(row.day, { date: row.day, sent: num(row.n), replied: 0 });
  for (const row of dailyReplied.rows) {
    const day = days.get(row.day) ?? { date: row.day, sent: 0, replied: 0 };
    day.replied = num(row.n);
    days.set(row.day, day);
  }
  return {
    campaignId,
    status: campaign.status,
    total: num(p.total),
    pending: num(p.pending),
    sent,
    delivered: num(r.delivered),
    read: num(r.read),
    replied,
    bounced: num(p.bounced),
    stopped: num(p.stopped),
    optedOut: num(p.opted_out),
    replyRate: rate(replied, sent),
    messagesSent: num(r.messages_sent),
    messagesFailed: num(r.messages_failed),
    messagesUnknown: num(r.messages_unknown),
    inProgress: num(p.in_progress),
    finished: num(p.total) - num(p.in_progress),
    timeToFirstReply: {
      averageSeconds: p.avg_reply_s == null ? null : Math.round(Number(p.avg_reply_s)),
      medianSeconds: p.median_reply_s == null ? null : Math.round(Number(p.median_reply_s)),
    },
    steps: steps.map((step) => {
      const rows = bySend.rows.filter((row) => row.step_id === step.id);
      const total = (key: 'sent' | 'delivered' | 'read' | 'replied' | 'failed') => rows.reduce((sum, row) => sum + num(row[key]), 0);
      const keys = [...new Set([...variantsOf(step).map((v) => v.key), ...rows.map((row) => row.variant)])].sort();
      return {
        stepId: step.id,
        order: step.order_index,
        trigger: step.trigger_type,
        sent: total('sent'),
        delivered: total('delivered'),
        read: total('read'),
        replied: total('replied'),
        failed: total('failed'),
        replyRate: rate(total('replied'), total('sent')),
        variants: keys.map((key) => {
          const row = rows.find((x) => x.variant === key);
          return {
            key,
            sent: num(row?.sent),
            delivered: num(row?.delivered),
            read: num(row?.read),
            replied: num(row?.replied),
            replyRate: rate(num(row?.replied), num(row?.sent)),
          };
        }),
      };
    }),
    daily: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export interface CampaignListCounts {
  total: number;
  sent: number;
  replied: number;
  inProgress: number;
  replyRate: number | null;
}

/** Participant counts of a page of campaigns for the list (one grouped statement over their participants). */
export async function campaignListCounts(db: DbOrTx, organizationId: string, campaignIds: string[]): Promise<Map<string, CampaignListCounts>> {
  const counts = new Map<string, CampaignListCounts>();
  if (campaignIds.length === 0) return counts;
  const rows = await db
    .selectFrom('campaign_participants')
    .select([
      'campaign_id',
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) FILTER (WHERE first_sent_at IS NOT NULL)`.as('sent'),
      sql<string>`count(*) FILTER (WHERE replied_at IS NOT NULL)`.as('replied'),
      sql<string>`count(*) FILTER (WHERE next_send_at IS NOT NULL)`.as('in_progress'),
    ])
    .where('organization_id', '=', organizationId)
    .where('campaign_id', 'in', campaignIds)
    .groupBy('campaign_id')
    .execute();
  for (const row of rows) {
    const sent = num(row.sent);
    const replied = num(row.replied);
    counts.set(row.campaign_id, { total: num(row.total), sent, replied, inProgress: num(row.in_progress), replyRate: rate(replied, sent) });
  }
  return counts;
}

export async function listParticipants(db: DbOrTx, organizationId: string, campaignId: string, query: { cursor?: string; limit: number; status?: string }) {
  await getCampaignRow(db, organizationId, campaignId);
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('campaign_participants as p')
    .innerJoin('contacts as c', 'c.id', 'p.contact_id')
    .selectAll('p')
    .select(['c.display_name as contact_name', 'c.phone_e164 as contact_phone', sql<string>`p.created_at::text`.as('sort_key')])
    .where('p.organization_id', '=', organizationId)
    .where('p.campaign_id', '=', campaignId);
  if (query.status) builder = builder.where('p.status', '=', query.status as never);
  if (cursor) builder = builder.where(sql<boolean>`(p.created_at, p.id) > (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('p.created_at').orderBy('p.id').limit(query.limit + 1).execute();
  return toPage(
    rows,
    query.limit,
    (row) => ({
      id: row.id,
      contactId: row.contact_id,
      contactName: row.contact_name,
      contactPhone: row.contact_phone,
      channelAccountId: row.channel_account_id,
      conversationId: row.conversation_id,
      status: row.status,
      currentStep: row.current_step,
      nextSendAt: row.claim_token ? null : iso(row.next_send_at),
      firstSentAt: iso(row.first_sent_at),
      lastSentAt: iso(row.last_sent_at),
      repliedAt: iso(row.replied_at),
      finishedAt: iso(row.finished_at),
      attempts: row.attempts,
      lastError: row.last_error,
      leadId: row.lead_id,
      metadata: row.metadata,
      createdAt: iso(row.created_at)!,
    }),
    (row) => ({ value: row.sort_key, id: row.id }),
  );
}

export async function listSends(db: DbOrTx, organizationId: string, campaignId: string, query: { cursor?: string; limit: number; stepId?: string; status?: string }) {
  await getCampaignRow(db, organizationId, campaignId);
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('campaign_sends as s')
    .innerJoin('campaign_participants as p', 'p.id', 's.participant_id')
    .selectAll('s')
    .select(['p.contact_id', sql<string>`s.created_at::text`.as('sort_key')])
    .where('s.organization_id', '=', organizationId)
    .where('s.campaign_id', '=', campaignId);
  if (query.stepId) builder = builder.where('s.step_id', '=', query.stepId);
  if (query.status) builder = builder.where('s.status', '=', query.status as never);
  if (cursor) builder = builder.where(sql<boolean>`(s.created_at, s.id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(query.limit + 1).execute();
  return toPage(
    rows,
    query.limit,
    (row) => ({
      id: row.id,
      participantId: row.participant_id,
      contactId: row.contact_id,
      stepId: row.step_id,
      stepIndex: row.step_index,
      variant: row.variant,
      messageId: row.message_id,
      status: row.status,
      externalId: row.external_id,
      error: row.error,
      createdAt: iso(row.created_at)!,
      sentAt: iso(row.sent_at),
      deliveredAt: iso(row.delivered_at),
      readAt: iso(row.read_at),
      repliedAt: iso(row.replied_at),
    }),
    (row) => ({ value: row.sort_key, id: row.id }),
  );
}
