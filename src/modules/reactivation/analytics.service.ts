import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { DbOrTx } from '../../platform/db/client.ts';
import { getOrganization } from '../orgs/index.ts';
import { getReactivationSettings } from './reactivation-settings.service.ts';

/**
 * Analytics of the offers (seed 003 part 5), over offers *sent* in the period (not those the channel refused) (local dates of the organization,
 * inclusive), each counted once with its outcome so far:
 * - response rate = replied / sent; conversion = booked (through the offer or directly within the attribution
 *   window) / sent; opt-out rate = opted out / sent;
 * - average response time = mean of (first reply − sent) over replied offers;
 * - revenue = the bookings' prices (after the offer's discount when booked through it); cost = sent × message cost;
 *   ROI = revenue / cost (null when messages cost nothing);
 * - best send times: response rate by local weekday and hour of sending.
 * The seed's targets are returned with them so the dashboard can draw reference lines.
 */
export const TARGETS = { conversionRate: 0.15, responseRate: 0.3, roi: 3, optOutRate: 0.05 };

export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
  timezone: string;
}

export async function periodOf(db: DbOrTx, organizationId: string, now: Date, query: { from?: string; to?: string }): Promise<Period> {
  const { timezone } = await getOrganization(db, organizationId);
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const to = query.to ? DateTime.fromISO(query.to, { zone: timezone }) : today;
  const from = query.from ? DateTime.fromISO(query.from, { zone: timezone }) : to.minus({ days: 29 });
  return { from: from.toISODate()!, to: to.toISODate()!, start: from.startOf('day').toJSDate(), end: to.plus({ days: 1 }).startOf('day').toJSDate(), timezone };
}

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0);
const money = (x: number) => Math.round(x * 100) / 100;

export async function reactivationStats(db: DbOrTx, organizationId: string, period: Period) {
  const settings = await getReactivationSettings(db, organizationId);
  const row = (
    await sql<{
      sent: string; replied: string; positive: string; negative: string; neutral: string; opted_out: string; booked: string; booked_directly: string; avg_minutes: string | null; revenue: string | null;
    }>`
      SELECT count(*) AS sent,
             count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE reply_class = 'positive') AS positive,
             count(*) FILTER (WHERE reply_class = 'negative') AS negative,
             count(*) FILTER (WHERE reply_class = 'neutral') AS neutral,
             count(*) FILTER (WHERE status = 'opted_out') AS opted_out,
             count(*) FILTER (WHERE status = 'booked') AS booked,
             count(*) FILTER (WHERE status = 'booked' AND booked_directly) AS booked_directly,
             avg(extract(epoch FROM replied_at - sent_at) / 60) FILTER (WHERE replied_at IS NOT NULL) AS avg_minutes,
             sum(revenue) FILTER (WHERE status = 'booked') AS revenue
      FROM reactivation_attempts
      WHERE organization_id = ${organizationId} AND sent_at >= ${period.start} AND sent_at < ${period.end} AND status <> 'failed'`.execute(db)
  ).rows[0]!;
  const sent = Number(row.sent);
  const revenue = money(Number(row.revenue ?? 0));
  const cost = money(sent * settings.messageCost);
  return {
    from: period.from,
    to: period.to,
    sent,
    replied: Number(row.replied),
    positive: Number(row.positive),
    negative: Number(row.negative),
    neutral: Number(row.neutral),
    optedOut: Number(row.opted_out),
    booked: Number(row.booked),
    bookedDirectly: Number(row.booked_directly),
    responseRate: rate(Number(row.replied), sent),
    conversionRate: rate(Number(row.booked), sent),
    optOutRate: rate(Number(row.opted_out), sent),
    avgResponseMinutes: row.avg_minutes == null ? null : Math.round(Number(row.avg_minutes) * 10) / 10,
    revenue,
    cost,
    roi: cost > 0 ? Math.round((revenue / cost) * 100) / 100 : null,
  };
}

export async function reactivationAnalytics(db: DbOrTx, organizationId: string, period: Period, interval: 'day' | 'week') {
  const zone = period.timezone;
  const [series, times, services] = await Promise.all([
    sql<{ period: string; sent: string; replied: string; booked: string; opted_out: string; revenue: string | null }>`
      SELECT to_char(date_trunc(${interval}, sent_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS period,
             count(*) AS sent,
             count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE status = 'booked') AS booked,
             count(*) FILTER (WHERE status = 'opted_out') AS opted_out,
             sum(revenue) FILTER (WHERE status = 'booked') AS revenue
      FROM reactivation_attempts
      WHERE organization_id = ${organizationId} AND sent_at >= ${period.start} AND sent_at < ${period.end} AND status <> 'failed'
      GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ weekday: number; hour: number; sent: string; replied: string }>`
      SELECT extract(isodow FROM sent_at AT TIME ZONE ${zone})::int AS weekday, extract(hour FROM sent_at AT TIME ZONE ${zone})::int AS hour,
             count(*) AS sent, count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied
      FROM reactivation_attempts
      WHERE organization_id = ${organizationId} AND sent_at >= ${period.start} AND sent_at < ${period.end} AND status <> 'failed'
      GROUP BY 1, 2`.execute(db),
    sql<{ service_id: string; service_name: string | null; sent: string; replied: string; booked: string; revenue: string | null }>`
      SELECT a.service_id, s.name AS service_name, count(*) AS sent,
             count(*) FILTER (WHERE a.replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE a.status = 'booked') AS booked,
             sum(a.revenue) FILTER (WHERE a.status = 'booked') AS revenue
      FROM reactivation_attempts a
      LEFT JOIN booking_services s ON s.organization_id = a.organization_id AND s.id = a.service_id
      WHERE a.organization_id = ${organizationId} AND a.sent_at >= ${period.start} AND a.sent_at < ${period.end} AND a.status <> 'failed'
      GROUP BY a.service_id, s.name ORDER BY count(*) DESC, s.name`.execute(db),
  ]);
  return {
    from: period.from,
    to: period.to,
    interval,
    series: series.rows.map((r) => ({ period: r.period, sent: Number(r.sent), replied: Number(r.replied), booked: Number(r.booked), optedOut: Number(r.opted_out), revenue: money(Number(r.revenue ?? 0)) })),
    bestSendTimes: times.rows
      .map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), sent: Number(r.sent), replied: Number(r.replied), responseRate: rate(Number(r.replied), Number(r.sent)) }))
      .sort((a, b) => b.responseRate - a.responseRate || b.sent - a.sent || a.weekday - b.weekday || a.hour - b.hour),
    byService: services.rows.map((r) => ({
      serviceId: r.service_id,
      serviceName: r.service_name ?? '',
      sent: Number(r.sent),
      replied: Number(r.replied),
      booked: Number(r.booked),
      revenue: money(Number(r.revenue ?? 0)),
      conversionRate: rate(Number(r.booked), Number(r.sent)),
    })),
    targets: TARGETS,
  };
}
