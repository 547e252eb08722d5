import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { ReactivationSettings } from './reactivation-settings.service.ts';

/**
 * Attribution (seed 003 part 4, edge case 4 "already booked directly"): a client who was sent an offer and then
 * booked by another way (phoned, the booking system, the front desk) within `attributionWindowDays` of the offer
 * counts as brought back by it — the attempt becomes `booked` with `booked_directly`, the appointment's price is its
 * revenue, and the client's reactivation closes as `booked_direct`. One set-based statement per organization: for
 * each appointment made after an unattributed sent offer of the same client, the latest such offer takes it.
 */
export async function attributeDirectBookings(db: DbOrTx, organizationId: string, settings: Pick<ReactivationSettings, 'attributionWindowDays'>, now: Date): Promise<number> {
  const windowMs = settings.attributionWindowDays * 86_400_000;
  const since = new Date(now.getTime() - windowMs);
  const matched = await sql<{ attempt_id: string; campaign_id: string }>`
    WITH candidates AS (
      SELECT DISTINCT ON (ap.id) ap.id AS appointment_id, a.id AS attempt_id, a.client_campaign_id, ap.price, a.discount_percent
      FROM booking_appointments ap
      JOIN reactivation_attempts a ON a.organization_id = ap.organization_id AND a.contact_id = ap.contact_id
      WHERE ap.organization_id = ${organizationId}
        AND ap.status IN ('booked', 'completed')
        AND ap.source <> 'reactivation'
        AND a.status IN ('sent', 'replied', 'expired')
        AND a.sent_at IS NOT NULL AND a.sent_at >= ${since}
        AND ap.created_at > a.sent_at AND ap.created_at <= a.sent_at + make_interval(days => ${settings.attributionWindowDays})
        AND ap.created_at <= ${now}
        AND NOT EXISTS (SELECT 1 FROM reactivation_attempts x WHERE x.organization_id = ap.organization_id AND x.booked_appointment_id = ap.id)
      ORDER BY ap.id, a.sent_at DESC
    ), one_per_attempt AS (
      SELECT DISTINCT ON (attempt_id) * FROM candidates ORDER BY attempt_id, appointment_id
    )
    UPDATE reactivation_attempts a SET
      status = 'booked', booked_directly = true, booked_appointment_id = o.appointment_id, revenue = o.price, updated_at = ${now}
    FROM one_per_attempt o
    WHERE a.organization_id = ${organizationId} AND a.id = o.attempt_id
    RETURNING a.id AS attempt_id, a.client_campaign_id AS campaign_id`.execute(db);
  if (matched.rows.length === 0) return 0;
  await sql`
    UPDATE reactivation_campaigns c SET
      status = 'booked_direct', appointment_id = a.booked_appointment_id, revenue = a.revenue,
      next_attempt_at = NULL, closed_at = coalesce(c.closed_at, ${now}), updated_at = ${now}
    FROM reactivation_attempts a
    WHERE c.organization_id = ${organizationId} AND a.organization_id = ${organizationId}
      AND a.id IN (${sql.join(matched.rows.map((r) => r.attempt_id))}) AND c.id = a.client_campaign_id
      AND c.status NOT IN ('booked', 'opted_out')`.execute(db);
  return matched.rows.length;
}
