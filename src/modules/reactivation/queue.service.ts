import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { ReactivationAttemptStatus } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, iso } from '../../platform/http/pagination.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import type { FreeSlot } from '../booking/index.ts';
import { findFreeSlots } from '../booking/index.ts';
import { detectInactiveClients } from './detector.service.ts';
import { discountFor, type OfferSlot } from './engine/offer-message.ts';
import { emptyPreferences, type ClientPreferences } from './engine/preferences.ts';
import { nextSendOpening, spreadSendTimes } from './engine/send-plan.ts';
import { findOfferSlots, generateOffer, generateOfferForAttempt, offerEnvironment, slotKey, withOverrides, type OfferEnvironment } from './offers.service.ts';
import { analyseClientPreferences } from './preferences.service.ts';
import { getReactivationSettings, touchLastRun, type ReactivationSettings } from './reactivation-settings.service.ts';
import { attributeDirectBookings } from './attribution.service.ts';
import { chooseSendingAccount, remainingAllowance } from './sending-account.ts';

export const REACTIVATION_SEND_TASK = 'reactivation.send';
export const REACTIVATION_RUN_TASK = 'reactivation.run';
/** Offered slots start at least this long after the offer goes out, so the client has time to answer. */
export const ANSWER_TIME_MS = 2 * 3_600_000;

export type Overrides = { timeOfDay?: 'morning' | 'afternoon' | 'evening' | null; weekdays?: number[] | null; staffId?: string | null };

export function localDate(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/** Enqueues the send of an approved or scheduled attempt at its time (one job per attempt). */
export async function enqueueSend(db: DbOrTx, organizationId: string, attemptId: string, at: Date): Promise<void> {
  await enqueueJob(db, REACTIVATION_SEND_TASK, { attemptId }, { organizationId, jobKey: `reactivation:send:${attemptId}`, runAt: at, maxAttempts: 20 });
}

interface Planned {
  sendAt: Date;
  campaignId: string;
  contactId: string;
  contactFirstName: string;
  serviceId: string;
  serviceName: string;
  price: number | null;
  attemptNumber: number;
  discount: number;
  prefs: ClientPreferences;
  slots: OfferSlot[];
  visits: number;
  lastVisitAt: Date | null;
}

/**
 * The daily run (seed 003 parts 1–3) for one organization and local date, safe to call from any number of
 * processes: the run row is unique per organization and date, and only the process that inserted it forms the
 * queue; a second call answers what the first created.
 * 1. bookings made directly after an offer are attributed first, so those clients are closed;
 * 2. follow-ups: clients whose last offer went unanswered for `attemptSpacingDays` get the next attempt (fresh
 *    slots, the next discount), or are closed `no_response` after `maxAttempts`;
 * 3. new clients from the detector fill the rest of the daily limit — and never more than the sending account may
 *    still send today;
 * 4. each offer gets the client's ranked slots (avoiding slots already offered today while others exist) and its
 *    message, and is `pending_review` or, with auto-approve, `scheduled` at a time spread over the send window.
 */
export async function formDailyQueue(ctx: AppContext, organizationId: string, options: { trigger: 'schedule' | 'manual' }): Promise<{ date: string; campaignId: string; created: number }> {
  const { db, clock } = ctx;
  const env = await offerEnvironment(db, organizationId);
  const now = clock.now();
  const date = localDate(now, env.timezone);
  const inserted = await db
    .insertInto('reactivation_runs')
    .values({ organization_id: organizationId, run_date: date, trigger: options.trigger, started_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'run_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db.selectFrom('reactivation_runs').select(['id', 'created', 'status']).where('organization_id', '=', organizationId).where('run_date', '=', date).executeTakeFirstOrThrow();
    if (existing.status !== 'failed') return { date, campaignId: existing.id, created: existing.created };
    const retried = await db.updateTable('reactivation_runs').set({ status: 'running', error: null, started_at: now }).where('id', '=', existing.id).where('status', '=', 'failed').returning('id').executeTakeFirst();
    if (!retried) return { date, campaignId: existing.id, created: existing.created };
  }
  const run = await db.selectFrom('reactivation_runs').select('id').where('organization_id', '=', organizationId).where('run_date', '=', date).executeTakeFirstOrThrow();
  try {
    const settings = await getReactivationSettings(db, organizationId);
    const { created, followups } = await buildQueue(ctx, env, settings, run.id, now);
    await db.updateTable('reactivation_runs').set({ status: 'done', created, followups, finished_at: clock.now() }).where('id', '=', run.id).execute();
    await touchLastRun(db, organizationId, now);
    return { date, campaignId: run.id, created };
  } catch (error) {
    await db.updateTable('reactivation_runs').set({ status: 'failed', error: (error as Error).message.slice(0, 1000), finished_at: clock.now() }).where('id', '=', run.id).execute();
    throw error;
  }
}

async function buildQueue(ctx: AppContext, env: OfferEnvironment, settings: ReactivationSettings, runId: string, now: Date): Promise<{ created: number; followups: number }> {
  const { db } = ctx;
  const organizationId = env.organizationId;
  await attributeDirectBookings(db, organizationId, settings, now);

  // Follow-ups that are due, and the ones that ran out of attempts.
  const due = await db
    .selectFrom('reactivation_campaigns as c')
    .innerJoin('contacts as ct', (j) => j.onRef('ct.id', '=', 'c.contact_id').onRef('ct.organization_id', '=', 'c.organization_id'))
    .innerJoin('booking_services as s', (j) => j.onRef('s.id', '=', 'c.service_id').onRef('s.organization_id', '=', 'c.organization_id'))
    .select(['c.id', 'c.contact_id', 'c.service_id', 'c.attempt', 'c.preferences', 'ct.first_name', 'ct.display_name', 'ct.opted_out_at', 's.name as service_name', 's.price'])
    .where('c.organization_id', '=', organizationId)
    .where('c.status', 'in', ['active', 'responded'])
    .where('c.next_attempt_at', '<=', now)
    .orderBy('c.next_attempt_at')
    .execute();
  const exhausted = due.filter((c) => c.attempt >= settings.maxAttempts || c.opted_out_at);
  const followups = due.filter((c) => !exhausted.includes(c));
  if (due.length > 0) {
    // The unanswered offer before a new one (or before giving up) has expired.
    await db
      .updateTable('reactivation_attempts')
      .set({ status: 'expired', updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('client_campaign_id', 'in', due.map((c) => c.id))
      .where('status', '=', 'sent')
      .execute();
  }
  for (const c of exhausted) {
    await db
      .updateTable('reactivation_campaigns')
      .set({ status: c.opted_out_at ? 'opted_out' : 'no_response', next_attempt_at: null, closed_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', c.id)
      .execute();
  }

  const account = await chooseSendingAccount(ctx, organizationId, settings, now);
  const allowance = account ? await remainingAllowance(db, organizationId, account.id, now) : null;
  const capacity = Math.max(0, Math.min(settings.dailyLimit, allowance ?? Number.POSITIVE_INFINITY));
  const takenFollowups = followups.slice(0, capacity);
  const newLimit = Math.max(0, capacity - takenFollowups.length);
  const detection = newLimit > 0 ? await detectInactiveClients(db, organizationId, { now, settings, limit: newLimit }) : { candidates: [] };

  const contactIds = [...takenFollowups.map((c) => c.contact_id), ...detection.candidates.map((c) => c.contactId)];
  const prefsByContact = contactIds.length ? await analyseClientPreferences(db, organizationId, { contactIds, timezone: env.timezone, now }) : new Map<string, ClientPreferences>();
  const serviceIds = [...new Set([...takenFollowups.map((c) => c.service_id), ...detection.candidates.map((c) => c.serviceId)])];
  const rules = serviceIds.length
    ? await db.selectFrom('reactivation_rules').select(['service_id', 'id', 'attempt_discounts']).where('organization_id', '=', organizationId).where('service_id', 'in', serviceIds).execute()
    : [];
  const ruleOf = new Map(rules.map((r) => [r.service_id, r]));
  const pools = new Map<string, Promise<FreeSlot[]>>();
  const poolFor = (serviceId: string) => {
    if (!pools.has(serviceId)) pools.set(serviceId, findFreeSlots(ctx, organizationId, { serviceId, from: now, to: new Date(now.getTime() + settings.slotHorizonDays * 86_400_000) }));
    return pools.get(serviceId)!;
  };
  const taken = new Set<string>();
  // Send times first: a client is offered only slots that start well after their message goes out.
  const pace = account?.paceSeconds ? account.paceSeconds * 1000 : 0;
  const hourly = account?.hourlyCap ? 3_600_000 / account.hourlyCap : 0;
  const times = spreadSendTimes(now, settings.sendWindow, env.timezone, takenFollowups.length + detection.candidates.length, Math.max(pace, hourly));
  let slotIndex = 0;
  const rankFor = async (serviceId: string, prefs: ClientPreferences) => {
    const sendAt = times[slotIndex++] ?? now;
    const slots = await findOfferSlots(ctx, env, { serviceId, prefs, taken, notBefore: new Date(sendAt.getTime() + ANSWER_TIME_MS), limit: settings.slotsPerClient, horizonDays: settings.slotHorizonDays }, await poolFor(serviceId));
    for (const s of slots) taken.add(slotKey(s));
    return slots;
  };

  const planned: Planned[] = [];
  for (const c of takenFollowups) {
    const overrides = (c.preferences as { overrides?: Overrides } | null)?.overrides ?? null;
    const prefs = withOverrides(prefsByContact.get(c.contact_id) ?? emptyPreferences(), overrides);
    const slots = await rankFor(c.service_id, prefs);
    if (slots.length === 0) {
      // Nothing free for a week: try again tomorrow.
      await db.updateTable('reactivation_campaigns').set({ next_attempt_at: new Date(now.getTime() + 86_400_000), updated_at: now }).where('id', '=', c.id).execute();
      continue;
    }
    const attemptNumber = c.attempt + 1;
    planned.push({
      sendAt: times[slotIndex - 1]!,
      campaignId: c.id,
      contactId: c.contact_id,
      contactFirstName: c.first_name ?? c.display_name,
      serviceId: c.service_id,
      serviceName: c.service_name,
      price: c.price == null ? null : Number(c.price),
      attemptNumber,
      discount: discountFor(ruleOf.get(c.service_id)?.attempt_discounts ?? [], attemptNumber),
      prefs,
      slots,
      visits: prefs.visits,
      lastVisitAt: null,
    });
  }
  const followupCount = planned.length;

  for (const cand of detection.candidates) {
    const prefs = prefsByContact.get(cand.contactId) ?? emptyPreferences();
    const slots = await rankFor(cand.serviceId, prefs);
    if (slots.length === 0) continue;
    const row = await db
      .insertInto('reactivation_campaigns')
      .values({
        organization_id: organizationId,
        contact_id: cand.contactId,
        service_id: cand.serviceId,
        rule_id: ruleOf.get(cand.serviceId)?.id ?? null,
        status: 'queued',
        segment: cand.segment,
        overdue_days: cand.overdueDays,
        interval_days: cand.intervalDays,
        interval_source: cand.intervalSource,
        preferences: JSON.stringify({ analysed: prefs }),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    const service = await db.selectFrom('booking_services').select('price').where('id', '=', cand.serviceId).executeTakeFirst();
    planned.push({
      sendAt: times[slotIndex - 1]!,
      campaignId: row.id,
      contactId: cand.contactId,
      contactFirstName: cand.contactName.split(' ')[0] ?? cand.contactName,
      serviceId: cand.serviceId,
      serviceName: cand.serviceName,
      price: service?.price == null ? null : Number(service.price),
      attemptNumber: 1,
      discount: discountFor(ruleOf.get(cand.serviceId)?.attempt_discounts ?? [], 1),
      prefs,
      slots,
      visits: cand.visits,
      lastVisitAt: cand.lastVisitAt,
    });
  }

  let created = 0;
  for (const p of planned) {
    const staffName = p.slots[0]?.staffName ?? null;
    const { message, source } = await generateOffer(ctx, organizationId, {
      language: env.language,
      timezone: env.timezone,
      business: env.business,
      client: {
        firstName: p.contactFirstName,
        visits: p.visits,
        lastVisitAt: iso(p.lastVisitAt),
        daysSinceLastVisit: p.lastVisitAt ? Math.floor((now.getTime() - p.lastVisitAt.getTime()) / 86_400_000) : null,
      },
      service: { name: p.serviceName, price: p.price, currency: env.currency },
      staff: staffName ? { name: staffName } : null,
      attemptNumber: p.attemptNumber,
      discountPercent: p.discount,
      slots: p.slots,
    });
    const status: ReactivationAttemptStatus = settings.autoApprove ? 'scheduled' : 'pending_review';
    const attempt = await db
      .insertInto('reactivation_attempts')
      .values({
        organization_id: organizationId,
        run_id: runId,
        client_campaign_id: p.campaignId,
        contact_id: p.contactId,
        service_id: p.serviceId,
        staff_id: p.slots[0]?.staffId ?? null,
        attempt_number: p.attemptNumber,
        discount_percent: p.discount,
        slots: JSON.stringify(p.slots),
        message,
        message_source: source,
        status,
        scheduled_at: p.sendAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!attempt) continue;
    created += 1;
    await db
      .updateTable('reactivation_campaigns')
      .set({ attempt: p.attemptNumber, next_attempt_at: null, offered_slots: JSON.stringify(p.slots), updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', p.campaignId)
      .execute();
    if (status === 'scheduled') await enqueueSend(db, organizationId, attempt.id, p.sendAt);
  }
  return { created, followups: Math.min(followupCount, created) };
}

// ── Review: approve, skip, edit ───────────────────────────────────────────────────────────────────────────────

async function attemptRow(db: DbOrTx, organizationId: string, attemptId: string) {
  const row = await db.selectFrom('reactivation_attempts').selectAll().where('organization_id', '=', organizationId).where('id', '=', attemptId).executeTakeFirst();
  if (!row) throw notFound('attempt');
  return row;
}

function mustBeWaiting(status: string, action: string) {
  if (!['pending_review', 'approved', 'scheduled'].includes(status)) {
    throw new AppError('UNPROCESSABLE', `the attempt is ${status}; only an offer not sent yet can be ${action}`, [{ field: 'params.attemptId', message: `attempt is ${status}` }]);
  }
}

export async function approveAttempt(ctx: AppContext, organizationId: string, attemptId: string, message: string | undefined): Promise<void> {
  const { db, clock } = ctx;
  const row = await attemptRow(db, organizationId, attemptId);
  mustBeWaiting(row.status, 'approved');
  const settings = await getReactivationSettings(db, organizationId);
  const env = await offerEnvironment(db, organizationId);
  const now = clock.now();
  const at = nextSendOpening(row.scheduled_at && row.scheduled_at > now ? row.scheduled_at : now, settings.sendWindow, env.timezone);
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('reactivation_attempts')
      .set({ status: 'approved', scheduled_at: at, ...(message ? { message } : {}), updated_at: now })
      .where('id', '=', attemptId)
      .where('organization_id', '=', organizationId)
      .where('status', 'in', ['pending_review', 'approved', 'scheduled'])
      .where('send_claimed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new AppError('CONFLICT', 'the attempt is being sent already', [{ field: 'params.attemptId', message: 'already sending' }]);
    await enqueueSend(tx, organizationId, attemptId, at);
  });
}

export async function skipAttempt(ctx: AppContext, organizationId: string, attemptId: string, reason: string): Promise<void> {
  const { db, clock } = ctx;
  const row = await attemptRow(db, organizationId, attemptId);
  mustBeWaiting(row.status, 'skipped');
  const now = clock.now();
  const updated = await db
    .updateTable('reactivation_attempts')
    .set({ status: 'skipped', reason, updated_at: now })
    .where('id', '=', attemptId)
    .where('organization_id', '=', organizationId)
    .where('send_claimed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw new AppError('CONFLICT', 'the attempt is being sent already', [{ field: 'params.attemptId', message: 'already sending' }]);
  await closeCampaignIfNothingSent(db, organizationId, row.client_campaign_id, now);
}

/** A client whose offer was skipped before anything went out leaves the campaign (the detector may take them again). */
export async function closeCampaignIfNothingSent(db: DbOrTx, organizationId: string, campaignId: string, now: Date, status: 'cancelled' | 'booked_direct' = 'cancelled'): Promise<void> {
  const sent = await db.selectFrom('reactivation_attempts').select('id').where('organization_id', '=', organizationId).where('client_campaign_id', '=', campaignId).where('sent_at', 'is not', null).executeTakeFirst();
  await db
    .updateTable('reactivation_campaigns')
    .set(sent ? { next_attempt_at: now, updated_at: now } : { status, closed_at: now, next_attempt_at: null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', campaignId)
    .where('status', 'in', ['queued', 'active', 'responded'])
    .execute();
}

export async function editAttempt(ctx: AppContext, organizationId: string, attemptId: string, message: string): Promise<void> {
  const row = await attemptRow(ctx.db, organizationId, attemptId);
  mustBeWaiting(row.status, 'edited');
  await ctx.db
    .updateTable('reactivation_attempts')
    .set({ message, updated_at: ctx.clock.now() })
    .where('id', '=', attemptId)
    .where('organization_id', '=', organizationId)
    .where('send_claimed_at', 'is', null)
    .execute();
}

// ── Reading: attempts, the queue, runs ────────────────────────────────────────────────────────────────────────

function attemptQuery(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('reactivation_attempts as a')
    .innerJoin('contacts as ct', (j) => j.onRef('ct.id', '=', 'a.contact_id').onRef('ct.organization_id', '=', 'a.organization_id'))
    .leftJoin('booking_services as s', (j) => j.onRef('s.id', '=', 'a.service_id').onRef('s.organization_id', '=', 'a.organization_id'))
    .leftJoin('booking_staff as st', (j) => j.onRef('st.id', '=', 'a.staff_id').onRef('st.organization_id', '=', 'a.organization_id'))
    .selectAll('a')
    .select(['ct.display_name as contact_name', 'ct.phone_e164 as contact_phone', 's.name as service_name', 'st.name as staff_name'])
    .where('a.organization_id', '=', organizationId);
}
type AttemptJoined = Awaited<ReturnType<ReturnType<typeof attemptQuery>['executeTakeFirstOrThrow']>>;

export function toAttemptDto(row: AttemptJoined) {
  return {
    id: row.id,
    campaignId: row.run_id,
    contact: { id: row.contact_id, name: row.contact_name, phone: row.contact_phone },
    service: { id: row.service_id, name: row.service_name ?? '' },
    staff: row.staff_id ? { id: row.staff_id, name: row.staff_name ?? '' } : null,
    attemptNumber: row.attempt_number,
    discountPercent: row.discount_percent,
    slots: row.slots as OfferSlot[],
    message: row.message,
    messageSource: row.message_source,
    status: row.status,
    scheduledAt: iso(row.scheduled_at),
    sentAt: iso(row.sent_at),
    replyClass: row.reply_class,
    repliedAt: iso(row.replied_at),
    bookedAppointmentId: row.booked_appointment_id,
    bookedDirectly: row.booked_directly,
    revenue: row.revenue == null ? null : Number(row.revenue),
    conversationId: row.conversation_id,
    reason: row.reason,
    createdAt: iso(row.created_at)!,
  };
}

export async function getQueue(db: DbOrTx, organizationId: string, date: string) {
  const run = await db.selectFrom('reactivation_runs').select('id').where('organization_id', '=', organizationId).where('run_date', '=', date).executeTakeFirst();
  if (!run) return { date, campaignId: null, items: [] };
  const rows = await attemptQuery(db, organizationId).where('a.run_id', '=', run.id).orderBy('a.scheduled_at').orderBy('a.id').execute();
  return { date, campaignId: run.id, items: rows.map(toAttemptDto) };
}

export async function getAttemptDetail(db: DbOrTx, organizationId: string, attemptId: string) {
  const row = await attemptQuery(db, organizationId).where('a.id', '=', attemptId).executeTakeFirst();
  if (!row) throw notFound('attempt');
  const replies = await db.selectFrom('reactivation_replies').selectAll().where('organization_id', '=', organizationId).where('attempt_id', '=', attemptId).orderBy('received_at').execute();
  return {
    ...toAttemptDto(row),
    replies: replies.map((r) => ({ id: r.id, messageId: r.message_id, body: r.body, replyClass: r.reply_class, intent: r.intent, source: r.source, action: r.action, receivedAt: iso(r.received_at)! })),
  };
}

export async function listAttempts(
  db: DbOrTx,
  organizationId: string,
  query: { contactId?: string; status?: ReactivationAttemptStatus; campaignId?: string; cursor?: string; limit: number },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let q = attemptQuery(db, organizationId);
  if (query.contactId) q = q.where('a.contact_id', '=', query.contactId);
  if (query.status) q = q.where('a.status', '=', query.status);
  if (query.campaignId) q = q.where('a.run_id', '=', query.campaignId);
  if (cursor) {
    // One row comparison, so the page index (organization_id, created_at DESC, id DESC) starts at the cursor.
    q = q.where(sql<boolean>`(a.created_at, a.id) < (${new Date(String(cursor.value))}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(toAttemptDto), nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.created_at.toISOString(), id: last.id }) : null };
}

async function countsByRun(db: DbOrTx, organizationId: string, runIds: string[]) {
  if (runIds.length === 0) return new Map<string, Record<string, number>>();
  const rows = await db
    .selectFrom('reactivation_attempts')
    .select(['run_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('organization_id', '=', organizationId)
    .where('run_id', 'in', runIds)
    .groupBy(['run_id', 'status'])
    .execute();
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const counts = out.get(r.run_id) ?? {};
    counts[r.status] = Number(r.n);
    out.set(r.run_id, counts);
  }
  return out;
}

type RunRow = { id: string; run_date: string | Date; status: 'running' | 'done' | 'failed'; trigger: 'schedule' | 'manual'; created: number; followups: number; error: string | null; started_at: Date; finished_at: Date | null };

function runDate(value: string | Date): string {
  return value instanceof Date ? DateTime.fromJSDate(value, { zone: 'UTC' }).toISODate()! : String(value).slice(0, 10);
}

function toRunDto(row: RunRow, counts: Record<string, number>) {
  return {
    id: row.id,
    date: runDate(row.run_date),
    status: row.status,
    trigger: row.trigger,
    created: row.created,
    followups: row.followups,
    error: row.error,
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
    counts,
  };
}

export async function listRuns(db: DbOrTx, organizationId: string, limit: number) {
  const rows = (await db.selectFrom('reactivation_runs').selectAll().where('organization_id', '=', organizationId).orderBy('run_date', 'desc').limit(limit).execute()) as RunRow[];
  const counts = await countsByRun(db, organizationId, rows.map((r) => r.id));
  return { items: rows.map((r) => toRunDto(r, counts.get(r.id) ?? {})) };
}

export async function getRun(db: DbOrTx, organizationId: string, runId: string) {
  const row = (await db.selectFrom('reactivation_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', runId).executeTakeFirst()) as RunRow | undefined;
  if (!row) throw notFound('reactivation campaign');
  const counts = await countsByRun(db, organizationId, [row.id]);
  const items = await attemptQuery(db, organizationId).where('a.run_id', '=', row.id).orderBy('a.scheduled_at').orderBy('a.id').execute();
  return { ...toRunDto(row, counts.get(row.id) ?? {}), items: items.map(toAttemptDto) };
}


/**
 * An offer held past its time (outside the window, a paused account, a review done late) may name slots that are
 * gone or too close: before it goes out, fresh slots are ranked and the message written again. Returns false when
 * nothing is free any more.
 */
export async function refreshStaleOffer(ctx: AppContext, organizationId: string, attemptId: string, now: Date): Promise<boolean> {
  const { db } = ctx;
  const attempt = await db.selectFrom('reactivation_attempts').selectAll().where('organization_id', '=', organizationId).where('id', '=', attemptId).executeTakeFirstOrThrow();
  const slots = attempt.slots as OfferSlot[];
  // Stale: a slot would start within the hour after sending.
  if (slots.length > 0 && slots.every((s) => new Date(s.start).getTime() >= now.getTime() + ANSWER_TIME_MS / 2)) return true;
  const limit = now.getTime() + ANSWER_TIME_MS;
  const [env, settings] = await Promise.all([offerEnvironment(db, organizationId), getReactivationSettings(db, organizationId)]);
  const campaign = await db.selectFrom('reactivation_campaigns').select('preferences').where('id', '=', attempt.client_campaign_id).executeTakeFirst();
  const overrides = (campaign?.preferences as { overrides?: Overrides } | null)?.overrides ?? null;
  const analysed = await analyseClientPreferences(db, organizationId, { contactIds: [attempt.contact_id], timezone: env.timezone, now });
  const prefs = withOverrides(analysed.get(attempt.contact_id) ?? emptyPreferences(), overrides);
  const fresh = await findOfferSlots(ctx, env, { serviceId: attempt.service_id, prefs, notBefore: new Date(limit), limit: settings.slotsPerClient, horizonDays: settings.slotHorizonDays });
  if (fresh.length === 0) return false;
  const { message, source } = await generateOfferForAttempt(ctx, env, {
    contactId: attempt.contact_id,
    serviceId: attempt.service_id,
    visits: prefs.visits,
    attemptNumber: attempt.attempt_number,
    discountPercent: attempt.discount_percent,
    slots: fresh,
  });
  await db
    .updateTable('reactivation_attempts')
    .set({ slots: JSON.stringify(fresh), staff_id: fresh[0]!.staffId, message, message_source: source, reason: 'the first slots passed before it could be sent: offered fresh ones', updated_at: now })
    .where('id', '=', attemptId)
    .where('send_claimed_at', 'is', null)
    .execute();
  return true;
}
