import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { localDate, organizationZone } from './queue-formation.service.ts';

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const num = (value: unknown) => Number(value ?? 0);

export function toQueueDto(row: {
  id: string;
  queue_date: string;
  status: string;
  channel_account_id: string | null;
  candidates: number;
  eligible: number;
  picked: number;
  allowance: number | null;
  scorer: string | null;
  scorer_fallback_reason: string | null;
  window_start: Date | null;
  window_end: Date | null;
  slot_minutes: number;
  min_gap_ms: number;
  error: string | null;
  formed_at: Date | null;
}) {
  return {
    id: row.id,
    date: row.queue_date,
    status: row.status as 'forming' | 'ready' | 'failed',
    channelAccountId: row.channel_account_id,
    candidates: row.candidates,
    eligible: row.eligible,
    picked: row.picked,
    allowance: row.allowance,
    scorer: row.scorer,
    scorerFallbackReason: row.scorer_fallback_reason,
    windowStart: iso(row.window_start),
    windowEnd: iso(row.window_end),
    slotMinutes: row.slot_minutes,
    minGapSeconds: Math.round(row.min_gap_ms / 1000),
    error: row.error,
    formedAt: iso(row.formed_at),
    emptyReason: emptyReason(row),
  };
}

/**
 * Why a formed queue picked nobody, read from what the formation recorded (never guessed): no quiet leads at all,
 * none of them eligible, the account's allowance for the day spent, or the day's window over when it was formed.
 */
export function emptyReason(row: { status: string; candidates: number; eligible: number; picked: number; allowance: number | null; window_end: Date | null; formed_at: Date | null }) {
  if (row.status !== 'ready' || row.picked > 0) return null;
  const figures = { candidates: row.candidates, eligible: row.eligible, allowance: row.allowance, windowEnd: iso(row.window_end) };
  if (row.candidates === 0) return { kind: 'no_quiet_leads' as const, ...figures };
  if (row.eligible === 0) return { kind: 'none_eligible' as const, ...figures };
  if (row.allowance === 0) return { kind: 'allowance_spent' as const, ...figures };
  if (row.window_end && row.formed_at && row.formed_at >= row.window_end) return { kind: 'window_passed' as const, ...figures };
  return { kind: 'no_room' as const, ...figures };
}

function itemsQuery(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('reengagement_items as i')
    .innerJoin('contacts as c', (join) => join.onRef('c.organization_id', '=', 'i.organization_id').onRef('c.id', '=', 'i.contact_id'))
    .leftJoin('messages as m', (join) => join.onRef('m.organization_id', '=', 'i.organization_id').onRef('m.id', '=', 'i.message_id'))
    .selectAll('i')
    .select(['c.display_name as contact_name', 'c.phone_e164 as contact_phone', 'm.status as message_status', 'm.delivered_at as message_delivered_at', 'm.read_at as message_read_at'])
    .where('i.organization_id', '=', organizationId);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['executeTakeFirstOrThrow']>>;

export function toItemDto(row: ItemRow) {
  return {
    id: row.id,
    queueId: row.queue_id,
    leadId: row.lead_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    rank: row.rank,
    priority: row.priority,
    why: row.why,
    reasons: row.reasons,
    stageKey: row.stage_key,
    daysQuiet: row.days_quiet,
    message: row.message,
    generatedMessage: row.generated_message,
    messageSource: row.message_source,
    edited: row.edited,
    status: row.status,
    slotStart: iso(row.slot_start)!,
    scheduledAt: iso(row.scheduled_at)!,
    reviewedAt: iso(row.reviewed_at),
    conversationId: row.conversation_id,
    messageId: row.message_id,
    messageStatus: row.message_status,
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.message_delivered_at),
    readAt: iso(row.message_read_at),
    repliedAt: iso(row.replied_at),
    replySeconds: row.replied_at && row.sent_at ? Math.round((row.replied_at.getTime() - row.sent_at.getTime()) / 1000) : null,
    optedOut: row.opted_out,
    convertedAt: iso(row.converted_at),
    error: row.error,
  };
}
export type ItemDto = ReturnType<typeof toItemDto>;

export async function getQueue(db: Db, organizationId: string, date: string | undefined, now: Date) {
  const zone = await organizationZone(db, organizationId);
  const day = date ?? localDate(now, zone);
  const queue = await db.selectFrom('reengagement_queues').selectAll().where('organization_id', '=', organizationId).where('queue_date', '=', day).executeTakeFirst();
  if (!queue) return { date: day, timezone: zone, queue: null, items: [] as ItemDto[], counts: {} as Record<string, number> };
  const rows = await itemsQuery(db, organizationId).where('i.queue_id', '=', queue.id).orderBy('i.scheduled_at').orderBy('i.rank').execute();
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return { date: day, timezone: zone, queue: toQueueDto(queue), items: rows.map(toItemDto), counts };
}

async function getItem(db: DbOrTx, organizationId: string, itemId: string) {
  const row = await itemsQuery(db, organizationId).where('i.id', '=', itemId).executeTakeFirst();
  if (!row) throw notFound('re-engagement item');
  return row;
}

const REVIEWABLE = ['pending_review', 'approved', 'skipped'] as const;

function notReviewable(status: string): AppError {
  return new AppError('CONFLICT', `the item is ${status.replace('_', ' ')}; only items not yet sent can be reviewed`, [{ field: 'params.itemId', message: `status ${status}` }]);
}

export async function reviewItem(
  db: Db,
  organizationId: string,
  itemId: string,
  action: { kind: 'approve'; text?: string } | { kind: 'skip' } | { kind: 'edit'; text: string },
  userId: string | null,
  now: Date,
) {
  const item = await getItem(db, organizationId, itemId);
  if (!(REVIEWABLE as readonly string[]).includes(item.status)) throw notReviewable(item.status);
  const text = action.kind === 'skip' ? undefined : action.text?.trim();
  const values = {
    ...(action.kind === 'approve' ? { status: 'approved' as const } : {}),
    ...(action.kind === 'skip' ? { status: 'skipped' as const } : {}),
    ...(text !== undefined && text !== item.message ? { message: text, edited: true } : {}),
    reviewed_by_user_id: userId,
    reviewed_at: now,
    updated_at: now,
  };
  // Guarded by the status read above, so a review never races the sender's claim.
  const updated = await db
    .updateTable('reengagement_items')
    .set(values)
    .where('organization_id', '=', organizationId)
    .where('id', '=', itemId)
    .where('status', 'in', [...REVIEWABLE])
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw notReviewable('already sending');
  return toItemDto(await getItem(db, organizationId, itemId));
}

/** Approves every pending item of the day's queue (or the given ones); returns how many were approved. */
export async function approveMany(db: Db, organizationId: string, input: { ids?: string[]; date?: string }, userId: string | null, now: Date) {
  let query = db
    .updateTable('reengagement_items')
    .set({ status: 'approved', reviewed_by_user_id: userId, reviewed_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'pending_review');
  if (input.ids) {
    if (input.ids.length === 0) return { approved: 0 };
    query = query.where('id', 'in', input.ids);
  } else {
    const zone = await organizationZone(db, organizationId);
    const day = input.date ?? localDate(now, zone);
    query = query.where('queue_id', 'in', db.selectFrom('reengagement_queues').select('id').where('organization_id', '=', organizationId).where('queue_date', '=', day));
  }
  const result = await query.executeTakeFirst();
  return { approved: Number(result.numUpdatedRows) };
}

/**
 * The dashboard: the campaign-stats metrics (sent, delivered, read, replied, reply rate, time to first reply) over
 * the last `days` days, conversions, per day queue size / sends / replies / conversions, and sends per slot of one day.
 */
export async function dashboard(db: Db, organizationId: string, input: { days: number; date?: string }, now: Date) {
  const zone = await organizationZone(db, organizationId);
  const today = localDate(now, zone);
  const day = input.date ?? today;
  const since = DateTime.fromISO(today, { zone }).minus({ days: input.days - 1 }).toISODate()!;
  const [metrics, daily, slots] = await Promise.all([
    sql<Record<string, unknown>>`
      SELECT count(*) FILTER (WHERE i.sent_at IS NOT NULL) AS sent,
             count(*) FILTER (WHERE m.delivered_at IS NOT NULL OR m.read_at IS NOT NULL OR m.status IN ('delivered', 'read')) AS delivered,
             count(*) FILTER (WHERE m.read_at IS NOT NULL OR m.status = 'read') AS read,
             count(*) FILTER (WHERE i.replied_at IS NOT NULL) AS replied,
             count(*) FILTER (WHERE i.converted_at IS NOT NULL) AS converted,
             count(*) FILTER (WHERE i.opted_out) AS opted_out,
             count(*) FILTER (WHERE i.status = 'failed') AS failed,
             count(*) FILTER (WHERE i.status = 'no_reply') AS no_reply,
             avg(extract(epoch FROM i.replied_at - i.sent_at)) FILTER (WHERE i.replied_at >= i.sent_at) AS avg_reply_s,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.replied_at - i.sent_at)) FILTER (WHERE i.replied_at >= i.sent_at) AS median_reply_s
      FROM reengagement_items i
      JOIN reengagement_queues q ON q.organization_id = i.organization_id AND q.id = i.queue_id
      LEFT JOIN messages m ON m.organization_id = i.organization_id AND m.id = i.message_id
      WHERE i.organization_id = ${organizationId} AND q.queue_date >= ${since} AND q.queue_date <= ${today}`.execute(db),
    sql<{ date: string; queued: unknown; approved: unknown; skipped: unknown; sent: unknown; replied: unknown; converted: unknown }>`
      SELECT q.queue_date AS date, count(i.id) AS queued,
             count(i.id) FILTER (WHERE i.reviewed_at IS NOT NULL AND i.status <> 'skipped') AS approved,
             count(i.id) FILTER (WHERE i.status = 'skipped') AS skipped,
             count(i.id) FILTER (WHERE i.sent_at IS NOT NULL) AS sent,
             count(i.id) FILTER (WHERE i.replied_at IS NOT NULL) AS replied,
             count(i.id) FILTER (WHERE i.converted_at IS NOT NULL) AS converted
      FROM reengagement_queues q
      LEFT JOIN reengagement_items i ON i.organization_id = q.organization_id AND i.queue_id = q.id
      WHERE q.organization_id = ${organizationId} AND q.queue_date >= ${since} AND q.queue_date <= ${today}
      GROUP BY q.queue_date ORDER BY q.queue_date`.execute(db),
    sql<{ slot: string; planned: unknown; sent: unknown; replied: unknown }>`
      SELECT to_char(i.slot_start AT TIME ZONE ${zone}, 'HH24:MI') AS slot, count(*) AS planned,
             count(*) FILTER (WHERE i.sent_at IS NOT NULL) AS sent,
             count(*) FILTER (WHERE i.replied_at IS NOT NULL) AS replied
      FROM reengagement_items i
      JOIN reengagement_queues q ON q.organization_id = i.organization_id AND q.id = i.queue_id
      WHERE i.organization_id = ${organizationId} AND q.queue_date = ${day} AND i.status NOT IN ('skipped', 'cancelled')
      GROUP BY 1 ORDER BY 1`.execute(db),
  ]);
  const m = metrics.rows[0] ?? {};
  const sent = num(m.sent);
  const replied = num(m.replied);
  const converted = num(m.converted);
  return {
    from: since,
    to: today,
    date: day,
    timezone: zone,
    metrics: {
      sent,
      delivered: num(m.delivered),
      read: num(m.read),
      replied,
      replyRate: rate(replied, sent),
      timeToFirstReply: {
        averageSeconds: m.avg_reply_s == null ? null : Math.round(Number(m.avg_reply_s)),
        medianSeconds: m.median_reply_s == null ? null : Math.round(Number(m.median_reply_s)),
      },
      converted,
      conversionRate: rate(converted, sent),
      optedOut: num(m.opted_out),
      failed: num(m.failed),
      noReply: num(m.no_reply),
    },
    daily: daily.rows.map((r) => ({ date: r.date, queued: num(r.queued), approved: num(r.approved), skipped: num(r.skipped), sent: num(r.sent), replied: num(r.replied), converted: num(r.converted) })),
    slots: slots.rows.map((r) => ({ slot: r.slot, planned: num(r.planned), sent: num(r.sent), replied: num(r.replied) })),
  };
}
