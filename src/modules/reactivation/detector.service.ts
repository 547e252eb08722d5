import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { ClientIntervalSource } from './engine/intervals.ts';
import type { Segment } from './engine/priority.ts';
import type { ReactivationSettings } from './reactivation-settings.service.ts';

/**
 * The inactivity detector (seed 003 part 1), one set-based query for the whole organization:
 * 1. for every client and every service with an active rule: the last completed visit and the client's own return
 *    gaps (window lag over the visits in time order), their count and median;
 * 2. the client's interval: the rule's manual value, else their own median when they have enough returns and the rule
 *    allows it, else the rule's interval — and due = last visit + interval;
 * 3. overdue = due ≤ now, and not gone for good (now < due + maxOverdueDays); one row per client — among the services
 *    the client has come back for at least once (a habit) before one-offs, the one most overdue relative to its
 *    interval, (now − last visit) / interval;
 * 4. exclusions, each a flag so the preview can count them: opted out; a booked appointment ahead; recently in
 *    contact (a conversation message or a reactivation attempt within recentContactDays); already in a campaign
 *    (an open reactivation campaign, one for the same service since the last visit — declined, unanswered or
 *    skipped: tried already — or a pending participant of an active outreach campaign);
 * 5. segment by completed visits and spend over all services (VIP → regular → new), order by segment, spend,
 *    days overdue, and take the daily limit.
 */

export interface Candidate {
  contactId: string;
  contactName: string;
  phone: string | null;
  serviceId: string;
  serviceName: string;
  segment: Segment;
  visits: number;
  spend: number;
  lastVisitAt: Date;
  intervalDays: number;
  intervalSource: ClientIntervalSource;
  dueAt: Date;
  overdueDays: number;
}

export interface DetectionResult {
  overdue: number;
  excluded: { optedOut: number; booked: number; recentlyContacted: number; inCampaign: number };
  eligible: number;
  candidates: Candidate[];
}

/** Statuses of a reactivation campaign in which the client counts as "in a campaign". */
export const OPEN_CAMPAIGN_STATUSES = ['queued', 'active', 'responded'] as const;

interface Row {
  contact_id: string;
  contact_name: string;
  phone_e164: string | null;
  service_id: string;
  service_name: string;
  last_visit_at: Date;
  interval_days: number;
  interval_source: ClientIntervalSource;
  due_at: Date;
  overdue_days: number;
  visits: string | number;
  spend: string | number;
  segment: Segment;
  n_overdue: string | number;
  n_opted_out: string | number;
  n_booked: string | number;
  n_recent: string | number;
  n_campaign: string | number;
  n_eligible: string | number;
}

export async function detectInactiveClients(
  db: DbOrTx,
  organizationId: string,
  options: { now: Date; settings: ReactivationSettings; limit: number | null },
): Promise<DetectionResult> {
  const { now, settings } = options;
  const recentSince = new Date(now.getTime() - settings.recentContactDays * 86_400_000);
  const vipSpend = settings.vipMinSpend;
  const query = sql<Row>`
    WITH rules AS (
      SELECT service_id, interval_days, interval_source, manual_interval_days, use_client_history
      FROM reactivation_rules
      WHERE organization_id = ${organizationId} AND is_active
    ),
    seq AS (
      SELECT v.contact_id, v.service_id, v.start_at,
             v.start_at - lag(v.start_at) OVER (PARTITION BY v.service_id, v.contact_id ORDER BY v.start_at) AS gap
      FROM booking_visits v
      JOIN rules ru ON ru.service_id = v.service_id
      WHERE v.organization_id = ${organizationId} AND v.status = 'completed' AND v.start_at <= ${now}::timestamptz
    ),
    per_client AS (
      SELECT contact_id, service_id, max(start_at) AS last_visit_at,
             count(gap) FILTER (WHERE gap >= interval '1 day' AND gap <= interval '730 days') AS gaps,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM gap) / 86400)
               FILTER (WHERE gap >= interval '1 day' AND gap <= interval '730 days') AS median_gap_days
      FROM seq
      GROUP BY contact_id, service_id
    ),
    chosen AS (
      SELECT pc.contact_id, pc.service_id, pc.last_visit_at, pc.gaps,
             CASE WHEN ru.manual_interval_days IS NOT NULL THEN ru.manual_interval_days
                  WHEN ru.use_client_history AND pc.gaps >= ${settings.clientMinIntervals} THEN greatest(1, round(pc.median_gap_days))::int
                  ELSE ru.interval_days END AS interval_days,
             CASE WHEN ru.manual_interval_days IS NOT NULL THEN 'manual'
                  WHEN ru.use_client_history AND pc.gaps >= ${settings.clientMinIntervals} THEN 'client_history'
                  ELSE ru.interval_source END AS interval_source
      FROM per_client pc
      JOIN rules ru ON ru.service_id = pc.service_id
    ),
    overdue AS (
      SELECT c.*, c.last_visit_at + make_interval(days => c.interval_days) AS due_at,
             extract(epoch FROM (${now}::timestamptz - c.last_visit_at)) / 86400 / c.interval_days AS ratio
      FROM chosen c
      WHERE c.last_visit_at + make_interval(days => c.interval_days) <= ${now}::timestamptz
        AND c.last_visit_at + make_interval(days => c.interval_days + ${settings.maxOverdueDays}) > ${now}::timestamptz
    ),
    picked AS (
      SELECT DISTINCT ON (contact_id) * FROM overdue ORDER BY contact_id, (gaps > 0) DESC, ratio DESC, service_id
    ),
    flagged AS (
      SELECT p.*, ct.display_name AS contact_name, ct.phone_e164,
             ct.opted_out_at IS NOT NULL AS opted_out,
             EXISTS (SELECT 1 FROM booking_appointments a
                     WHERE a.organization_id = ${organizationId} AND a.contact_id = p.contact_id AND a.status = 'booked' AND a.start_at > ${now}::timestamptz) AS booked,
             (EXISTS (SELECT 1 FROM conversations cv
                      WHERE cv.organization_id = ${organizationId} AND cv.contact_id = p.contact_id AND cv.last_message_at > ${recentSince}::timestamptz)
              OR EXISTS (SELECT 1 FROM reactivation_campaigns rc
                         WHERE rc.organization_id = ${organizationId} AND rc.contact_id = p.contact_id AND rc.last_attempt_at > ${recentSince}::timestamptz)) AS recently_contacted,
             (EXISTS (SELECT 1 FROM reactivation_campaigns rc
                      WHERE rc.organization_id = ${organizationId} AND rc.contact_id = p.contact_id
                        AND (rc.status IN ('queued', 'active', 'responded')
                             -- already tried for this service since the last visit (declined, no answer, skipped…)
                             OR (rc.service_id = p.service_id AND rc.created_at > p.last_visit_at)))
              OR EXISTS (SELECT 1 FROM campaign_participants cp JOIN campaigns cm ON cm.id = cp.campaign_id
                         WHERE cp.organization_id = ${organizationId} AND cp.contact_id = p.contact_id
                           AND cm.status = 'active' AND cp.status IN ('pending', 'sent', 'delivered'))) AS in_campaign
      FROM picked p
      JOIN contacts ct ON ct.id = p.contact_id AND ct.organization_id = ${organizationId}
    ),
    counted AS (
      SELECT f.*,
             count(*) OVER () AS n_overdue,
             count(*) FILTER (WHERE opted_out) OVER () AS n_opted_out,
             count(*) FILTER (WHERE booked) OVER () AS n_booked,
             count(*) FILTER (WHERE recently_contacted) OVER () AS n_recent,
             count(*) FILTER (WHERE in_campaign) OVER () AS n_campaign,
             count(*) FILTER (WHERE NOT (opted_out OR booked OR recently_contacted OR in_campaign)) OVER () AS n_eligible
      FROM flagged f
    ),
    eligible AS (
      SELECT * FROM counted WHERE NOT (opted_out OR booked OR recently_contacted OR in_campaign)
    ),
    stats AS (
      SELECT v.contact_id, count(*) AS visits, coalesce(sum(v.price_paid), 0) AS spend
      FROM booking_visits v
      WHERE v.organization_id = ${organizationId} AND v.status = 'completed' AND v.start_at <= ${now}::timestamptz
        AND v.contact_id IN (SELECT contact_id FROM eligible)
      GROUP BY v.contact_id
    ),
    segmented AS (
      SELECT e.*, s.visits, s.spend,
             CASE WHEN s.visits >= ${settings.vipMinVisits} OR (${vipSpend}::numeric IS NOT NULL AND s.spend >= ${vipSpend}::numeric) THEN 'vip'
                  WHEN s.visits >= ${settings.regularMinVisits} THEN 'regular'
                  ELSE 'new' END AS segment
      FROM eligible e
      JOIN stats s ON s.contact_id = e.contact_id
    )
    SELECT sg.contact_id, sg.contact_name, sg.phone_e164, sg.service_id, bs.name AS service_name, sg.last_visit_at,
           sg.interval_days, sg.interval_source, sg.due_at,
           floor(extract(epoch FROM (${now}::timestamptz - sg.due_at)) / 86400)::int AS overdue_days,
           sg.visits, sg.spend, sg.segment,
           sg.n_overdue, sg.n_opted_out, sg.n_booked, sg.n_recent, sg.n_campaign, sg.n_eligible
    FROM segmented sg
    JOIN booking_services bs ON bs.id = sg.service_id
    ORDER BY CASE sg.segment WHEN 'vip' THEN 0 WHEN 'regular' THEN 1 ELSE 2 END, sg.spend DESC, overdue_days DESC, sg.contact_id
    LIMIT ${options.limit}`;
  const { rows } = await query.execute(db);
  const first = rows[0];
  const counts = first
    ? {
        overdue: Number(first.n_overdue),
        excluded: { optedOut: Number(first.n_opted_out), booked: Number(first.n_booked), recentlyContacted: Number(first.n_recent), inCampaign: Number(first.n_campaign) },
        eligible: Number(first.n_eligible),
      }
    : await countExclusions(db, organizationId, options);
  return {
    ...counts,
    candidates: rows.map((r) => ({
      contactId: r.contact_id,
      contactName: r.contact_name,
      phone: r.phone_e164,
      serviceId: r.service_id,
      serviceName: r.service_name,
      segment: r.segment,
      visits: Number(r.visits),
      spend: Number(r.spend),
      lastVisitAt: r.last_visit_at,
      intervalDays: Number(r.interval_days),
      intervalSource: r.interval_source,
      dueAt: r.due_at,
      overdueDays: Number(r.overdue_days),
    })),
  };
}

/** When nobody is eligible the candidate query returns no row to read the counts from; count the exclusions alone. */
async function countExclusions(db: DbOrTx, organizationId: string, options: { now: Date; settings: ReactivationSettings }) {
  const { now, settings } = options;
  const recentSince = new Date(now.getTime() - settings.recentContactDays * 86_400_000);
  const { rows } = await sql<{ overdue: number; opted_out: number; booked: number; recent: number; campaign: number }>`
    WITH rules AS (
      SELECT service_id, interval_days, manual_interval_days, use_client_history FROM reactivation_rules WHERE organization_id = ${organizationId} AND is_active
    ),
    seq AS (
      SELECT v.contact_id, v.service_id, v.start_at,
             v.start_at - lag(v.start_at) OVER (PARTITION BY v.service_id, v.contact_id ORDER BY v.start_at) AS gap
      FROM booking_visits v JOIN rules ru ON ru.service_id = v.service_id
      WHERE v.organization_id = ${organizationId} AND v.status = 'completed' AND v.start_at <= ${now}::timestamptz
    ),
    per_client AS (
      SELECT contact_id, service_id, max(start_at) AS last_visit_at,
             count(gap) FILTER (WHERE gap >= interval '1 day' AND gap <= interval '730 days') AS gaps,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM gap) / 86400)
               FILTER (WHERE gap >= interval '1 day' AND gap <= interval '730 days') AS median_gap_days
      FROM seq GROUP BY contact_id, service_id
    ),
    chosen AS (
      SELECT pc.contact_id, pc.last_visit_at,
             CASE WHEN ru.manual_interval_days IS NOT NULL THEN ru.manual_interval_days
                  WHEN ru.use_client_history AND pc.gaps >= ${settings.clientMinIntervals} THEN greatest(1, round(pc.median_gap_days))::int
                  ELSE ru.interval_days END AS interval_days
      FROM per_client pc JOIN rules ru ON ru.service_id = pc.service_id
    ),
    overdue AS (
      SELECT DISTINCT contact_id FROM chosen c
      WHERE c.last_visit_at + make_interval(days => c.interval_days) <= ${now}::timestamptz
        AND c.last_visit_at + make_interval(days => c.interval_days + ${settings.maxOverdueDays}) > ${now}::timestamptz
    )
    SELECT count(*)::int AS overdue,
           count(*) FILTER (WHERE ct.opted_out_at IS NOT NULL)::int AS opted_out,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM booking_appointments a WHERE a.organization_id = ${organizationId} AND a.contact_id = o.contact_id AND a.status = 'booked' AND a.start_at > ${now}::timestamptz))::int AS booked,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conversations cv WHERE cv.organization_id = ${organizationId} AND cv.contact_id = o.contact_id AND cv.last_message_at > ${recentSince}::timestamptz)
                              OR EXISTS (SELECT 1 FROM reactivation_campaigns rc WHERE rc.organization_id = ${organizationId} AND rc.contact_id = o.contact_id AND rc.last_attempt_at > ${recentSince}::timestamptz))::int AS recent,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM reactivation_campaigns rc WHERE rc.organization_id = ${organizationId} AND rc.contact_id = o.contact_id AND rc.status IN ('queued', 'active', 'responded'))
                              OR EXISTS (SELECT 1 FROM campaign_participants cp JOIN campaigns cm ON cm.id = cp.campaign_id
                                         WHERE cp.organization_id = ${organizationId} AND cp.contact_id = o.contact_id AND cm.status = 'active' AND cp.status IN ('pending', 'sent', 'delivered')))::int AS campaign
    FROM overdue o JOIN contacts ct ON ct.id = o.contact_id AND ct.organization_id = ${organizationId}`.execute(db);
  const r = rows[0]!;
  return {
    overdue: Number(r.overdue),
    excluded: { optedOut: Number(r.opted_out), booked: Number(r.booked), recentlyContacted: Number(r.recent), inCampaign: Number(r.campaign) },
    eligible: 0,
  };
}
