import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { analysePreferences, type ClientPreferences, type VisitAggregate } from './engine/preferences.ts';

interface AggregateRow {
  contact_id: string;
  visits: string | number;
  morning: string | number;
  afternoon: string | number;
  evening: string | number;
  weekdays: Array<string | number>;
  median_minute: number | null;
  last_visit_at: Date;
  gap_count: string | number | null;
  gap_mean: number | null;
  gap_median: number | null;
  gap_stddev: number | null;
  staff_total: string | number | null;
  staff: Array<[string, number]> | null;
  services: Array<[string, number]> | null;
}

/**
 * Per-client visit aggregates in one SQL pass over completed visits (local time of day and weekday in the
 * organization's zone, gaps between consecutive visits, the top staff and services), for the given clients or for
 * every client of the organization when `contactIds` is null. Returns the analysed preferences per contact.
 */
export async function analyseClientPreferences(
  db: DbOrTx,
  organizationId: string,
  options: { contactIds: string[] | null; timezone: string; now: Date },
): Promise<Map<string, ClientPreferences>> {
  if (options.contactIds && options.contactIds.length === 0) return new Map();
  const only = options.contactIds ? sql`AND contact_id = ANY(${options.contactIds}::uuid[])` : sql``;
  const { rows } = await sql<AggregateRow>`
    WITH v AS (
      SELECT contact_id, staff_id, service_id, start_at,
             (extract(hour FROM start_at AT TIME ZONE ${options.timezone}) * 60 + extract(minute FROM start_at AT TIME ZONE ${options.timezone}))::int AS minute,
             extract(isodow FROM start_at AT TIME ZONE ${options.timezone})::int AS dow,
             extract(epoch FROM start_at - lag(start_at) OVER (PARTITION BY contact_id ORDER BY start_at)) / 86400 AS gap
      FROM booking_visits
      WHERE organization_id = ${organizationId} AND status = 'completed' AND start_at <= ${options.now}::timestamptz ${only}
    ),
    base AS (
      SELECT contact_id, count(*) AS visits,
             count(*) FILTER (WHERE minute < 720) AS morning,
             count(*) FILTER (WHERE minute >= 720 AND minute < 1020) AS afternoon,
             count(*) FILTER (WHERE minute >= 1020) AS evening,
             ARRAY[count(*) FILTER (WHERE dow = 1), count(*) FILTER (WHERE dow = 2), count(*) FILTER (WHERE dow = 3), count(*) FILTER (WHERE dow = 4),
                   count(*) FILTER (WHERE dow = 5), count(*) FILTER (WHERE dow = 6), count(*) FILTER (WHERE dow = 7)] AS weekdays,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY minute) AS median_minute,
             max(start_at) AS last_visit_at,
             count(gap) FILTER (WHERE gap >= 1) AS gap_count,
             avg(gap) FILTER (WHERE gap >= 1) AS gap_mean,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap >= 1) AS gap_median,
             stddev_samp(gap) FILTER (WHERE gap >= 1) AS gap_stddev,
             count(staff_id) AS staff_total
      FROM v GROUP BY contact_id
    ),
    by_staff AS (
      SELECT contact_id, staff_id, count(*) AS n,
             row_number() OVER (PARTITION BY contact_id ORDER BY count(*) DESC, staff_id) AS rank
      FROM v WHERE staff_id IS NOT NULL GROUP BY contact_id, staff_id
    ),
    by_service AS (
      SELECT contact_id, service_id, count(*) AS n,
             row_number() OVER (PARTITION BY contact_id ORDER BY count(*) DESC, service_id) AS rank
      FROM v GROUP BY contact_id, service_id
    ),
    top_staff AS (
      SELECT contact_id, json_agg(json_build_array(staff_id, n) ORDER BY rank) AS staff FROM by_staff WHERE rank <= 3 GROUP BY contact_id
    ),
    top_services AS (
      SELECT contact_id, json_agg(json_build_array(service_id, n) ORDER BY rank) AS services FROM by_service WHERE rank <= 3 GROUP BY contact_id
    )
    SELECT b.*, ts.staff, tv.services
    FROM base b
    LEFT JOIN top_staff ts ON ts.contact_id = b.contact_id
    LEFT JOIN top_services tv ON tv.contact_id = b.contact_id`.execute(db);
  const result = new Map<string, ClientPreferences>();
  for (const row of rows) result.set(row.contact_id, analysePreferences(toAggregate(row)));
  return result;
}

function toAggregate(row: AggregateRow): VisitAggregate {
  const num = (v: string | number | null) => (v == null ? null : Number(v));
  return {
    visits: Number(row.visits),
    morning: Number(row.morning),
    afternoon: Number(row.afternoon),
    evening: Number(row.evening),
    weekdays: row.weekdays.map(Number),
    medianMinute: num(row.median_minute),
    staff: (row.staff ?? []).map(([staffId, count]) => ({ staffId, count: Number(count) })),
    staffTotal: Number(row.staff_total ?? 0),
    services: (row.services ?? []).map(([serviceId, count]) => ({ serviceId, count: Number(count) })),
    gaps: { count: Number(row.gap_count ?? 0), meanDays: num(row.gap_mean), medianDays: num(row.gap_median), stddevDays: num(row.gap_stddev) },
    lastVisitAt: row.last_visit_at,
  };
}
