import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { Job, ReactivationAttemptStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob, enqueueJob } from '../../platform/jobs/job-queue.ts';
import { recordAiCall } from '../ai/index.ts';
import { createAppointment } from '../booking/index.ts';
import { optOutPhrases } from '../campaigns/campaign-replies.ts';
import { isOptOutMessage } from '../campaigns/engine/opt-out.ts';
import { markContactOptedOut } from '../contacts/index.ts';
import { getMessage } from '../conversations/index.ts';
import { queueOutboundMessage, type OutreachReplyPayload, type ReplyListener } from '../outreach/index.ts';
import { notify } from '../notifications/index.ts';
import type { EventSubscriber, StoredEvent } from '../events/index.ts';
import { formatSlot, type OfferSlot } from './engine/offer-message.ts';
import { emptyPreferences } from './engine/preferences.ts';
import { buildReplyRequest, classifyReplyOffline, matchSlotChoice, type ReplyQuestion, type ReplyReading } from './engine/reply-classifier.ts';
import { findOfferSlots, generateOfferForAttempt, offerEnvironment, withOverrides, type OfferEnvironment } from './offers.service.ts';
import { analyseClientPreferences } from './preferences.service.ts';
import type { Overrides } from './queue.service.ts';
import { getReactivationSettings, type ReactivationSettings } from './reactivation-settings.service.ts';

export const REACTIVATION_REPLY_TASK = 'reactivation.reply';

/** Outreach's reply listener of reactivation (`outreach.reply`): a reply after an offer queues the tracker. */
export function reactivationReplyListener(clock: Clock): ReplyListener {
  return (organizationId, reply, tx) => scheduleTracking(organizationId, reply, tx, clock.now());
}

/**
 * Outbox subscriber: a client's message (`outreach.reply`) after a reactivation offer to them went out queues the response tracker
 * for that message (one job per message). Runs in the dispatch transaction; the tracker runs as a job because it
 * may call the model and the booking system.
 */
export function reactivationEventSubscriber(clock: Clock): EventSubscriber {
  return async (event, tx) => {
    if (event.type === 'message.failed' && event.subjectId) await markFailed(event, tx, clock.now());
  };
}

/**
 * A message of the dialog after the offer (a booking confirmation, a re-offer, a question) did not go out: the booking
 * or the decision stands, but the client does not know it, so the team is told to write by hand.
 */
async function notifyFollowUpFailed(event: StoredEvent, tx: Tx, error: string): Promise<void> {
  const message = await tx
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .leftJoin('contacts as k', 'k.id', 'c.contact_id')
    .select(['m.conversation_id', 'm.body', 'k.display_name'])
    .where('m.organization_id', '=', event.organizationId)
    .where('m.id', '=', event.subjectId!)
    .where(sql<boolean>`m.metadata ->> 'reactivationAttemptId' IS NOT NULL`)
    .executeTakeFirst();
  if (!message) return;
  await notify(tx, event.organizationId, {
    kind: 'reactivation.message_failed',
    title: `A reactivation message to ${message.display_name ?? 'a client'} did not go out`,
    body: `${error}. Message: "${message.body.slice(0, 200)}". Please write to the client yourself.`,
    subjectType: 'conversation',
    subjectId: message.conversation_id,
    link: `/conversations/${message.conversation_id}`,
  });
}

/** The channel refused an offer the dispatcher tried to deliver: the attempt is `failed`, with the channel's reason. */
async function markFailed(event: StoredEvent, tx: Tx, now: Date): Promise<void> {
  const error = typeof event.payload.error === 'string' ? event.payload.error : 'the channel refused the message';
  const failed = await tx
    .updateTable('reactivation_attempts')
    .set({ status: 'failed', reason: error.slice(0, 500), updated_at: now })
    .where('organization_id', '=', event.organizationId)
    .where('message_id', '=', event.subjectId!)
    .where('status', '=', 'sent')
    .returning('client_campaign_id')
    .executeTakeFirst();
  if (!failed) return notifyFollowUpFailed(event, tx, error);
  // Nothing reached the client: the next run may try again (from another account when this one is unhealthy).
  await tx
    .updateTable('reactivation_campaigns')
    .set({ next_attempt_at: now, updated_at: now })
    .where('organization_id', '=', event.organizationId)
    .where('id', '=', failed.client_campaign_id)
    .where('status', 'in', ['active', 'responded'])
    .execute();
}

async function scheduleTracking(organizationId: string, reply: OutreachReplyPayload, tx: Tx, now: Date): Promise<void> {
  const { contactId, messageId } = reply;
  const offered = await tx
    .selectFrom('reactivation_attempts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['sent', 'replied'])
    .limit(1)
    .executeTakeFirst();
  if (!offered) return;
  await enqueueJob(tx, REACTIVATION_REPLY_TASK, { messageId }, { organizationId, jobKey: `reactivation:reply:${messageId}`, runAt: now, maxAttempts: 5 });
}

type Attempt = NonNullable<Awaited<ReturnType<typeof loadAttempt>>>;

async function loadAttempt(ctx: AppContext, organizationId: string, contactId: string, before: Date) {
  return ctx.db
    .selectFrom('reactivation_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['sent', 'replied'])
    .where('sent_at', '<=', before)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

interface Handling {
  ctx: AppContext;
  organizationId: string;
  env: OfferEnvironment;
  settings: ReactivationSettings;
  attempt: Attempt;
  now: Date;
  receivedAt: Date;
}

/**
 * The response tracker (seed 003 part 4) for one client message: opt-out phrases first (the contact is opted out
 * everywhere); then the reading — model or offline rules — and the action: book the chosen slot (the next offered
 * one is proposed when it was just taken), ask which slot when the client only said yes, close on a decline,
 * postpone on a holiday, re-offer for another service, another master or other times (their preferences changed —
 * kept for later attempts), attribute a booking the client says they made. The reply row is claimed per message
 * before anything is sent, so a retried job never answers twice.
 */
export const reactivationReplyJob = defineJob({
  task: REACTIVATION_REPLY_TASK,
  payload: z.object({ messageId: z.string() }),
  maxAttempts: 5,
  async handler({ payload, job, ctx }: { payload: { messageId: string }; job: Job; ctx: AppContext }) {
    const { db, clock } = ctx;
    const organizationId = job.organization_id!;
    const message = await getMessage(db, organizationId, payload.messageId).catch(() => null);
    if (!message || message.direction !== 'inbound' || !message.author_contact_id) return;
    const attempt = await loadAttempt(ctx, organizationId, message.author_contact_id, message.sent_at);
    if (!attempt) return;
    const now = clock.now();
    const text = message.body ?? '';
    const [env, settings] = await Promise.all([offerEnvironment(db, organizationId), getReactivationSettings(db, organizationId)]);
    const h: Handling = { ctx, organizationId, env, settings, attempt, now, receivedAt: message.sent_at };

    if (isOptOutMessage(text, await optOutPhrases(db, organizationId))) {
      if (!(await claimReply(h, message.id, text, { replyClass: 'negative', intent: 'opt_out', source: 'rules' }))) return;
      await markContactOptedOut(db, organizationId, attempt.contact_id, 'opt-out reply to a reactivation offer', now);
      await finish(h, 'opted_out', 'negative', 'opted_out', { reason: 'the client asked not to be written to' });
      await setAction(h, message.id, 'opted out');
      return;
    }

    const reading = await readReply(h, text);
    if (!(await claimReply(h, message.id, text, { replyClass: reading.reading.replyClass, intent: reading.reading.intent, source: reading.source }))) return;
    const action = await act(h, reading.reading);
    await setAction(h, message.id, action);
  },
});

async function claimReply(h: Handling, messageId: string, body: string, r: { replyClass: 'positive' | 'negative' | 'neutral'; intent: string; source: 'ai' | 'rules' }): Promise<boolean> {
  const row = await h.ctx.db
    .insertInto('reactivation_replies')
    .values({ organization_id: h.organizationId, attempt_id: h.attempt.id, message_id: messageId, body: body.slice(0, 4000), reply_class: r.replyClass, intent: r.intent, source: r.source, action: 'pending', received_at: h.receivedAt })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  // The first reply sets the response time; the class follows the latest reply.
  await h.ctx.db
    .updateTable('reactivation_attempts')
    .set((eb) => ({ replied_at: eb.fn.coalesce('replied_at', eb.val(h.receivedAt)), reply_class: r.replyClass, updated_at: h.now }))
    .where('id', '=', h.attempt.id)
    .execute();
  return true;
}

async function setAction(h: Handling, messageId: string, action: string) {
  await h.ctx.db.updateTable('reactivation_replies').set({ action: action.slice(0, 500) }).where('organization_id', '=', h.organizationId).where('message_id', '=', messageId).execute();
}

async function readReply(h: Handling, text: string): Promise<{ reading: ReplyReading; source: 'ai' | 'rules' }> {
  const { db, ai } = h.ctx;
  const [services, staff] = await Promise.all([
    db.selectFrom('booking_services').select('name').where('organization_id', '=', h.organizationId).where('is_active', '=', true).execute(),
    db.selectFrom('booking_staff').select('name').where('organization_id', '=', h.organizationId).where('is_active', '=', true).execute(),
  ]);
  const offeredService = await db.selectFrom('booking_services').select('name').where('id', '=', h.attempt.service_id).executeTakeFirst();
  const slots = h.attempt.slots as OfferSlot[];
  const question: ReplyQuestion = {
    text,
    language: h.env.language,
    timezone: h.env.timezone,
    now: h.now.toISOString(),
    offeredService: offeredService?.name ?? '',
    offeredStaff: slots[0]?.staffName ?? null,
    slots,
    services: services.map((s) => s.name),
    staff: staff.map((s) => s.name),
  };
  const { provider, mode } = await ai.providerFor(db, h.organizationId);
  if (mode === 'llm') {
    const request = buildReplyRequest(question);
    try {
      const result = await provider.generateJson(request);
      await recordAiCall(db, h.organizationId, result, request.task);
      if (result.provider === 'openai') {
        const reading = result.value;
        // The model's slot number is checked against the offer; the matcher fills it in when the model left it out.
        if (reading.slotNumber !== null && reading.slotNumber > slots.length) reading.slotNumber = null;
        if (reading.intent === 'book' && reading.slotNumber === null) {
          const index = matchSlotChoice(text, slots, h.env.timezone, h.now);
          if (index !== null) reading.slotNumber = index + 1;
        }
        return { reading, source: 'ai' };
      }
    } catch {
      // the rules below answer
    }
  }
  return { reading: classifyReplyOffline(question), source: 'rules' };
}

async function finish(
  h: Handling,
  status: ReactivationAttemptStatus,
  replyClass: 'positive' | 'negative' | 'neutral',
  campaignStatus: 'booked' | 'booked_direct' | 'declined' | 'opted_out' | 'responded' | 'cancelled',
  extra: { reason?: string; appointmentId?: string; revenue?: number | null; bookedDirectly?: boolean; nextAttemptAt?: Date | null } = {},
) {
  const { db } = h.ctx;
  const closes = campaignStatus !== 'responded';
  await db
    .updateTable('reactivation_attempts')
    .set({
      status,
      reply_class: replyClass,
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(extra.appointmentId ? { booked_appointment_id: extra.appointmentId, revenue: extra.revenue ?? null, booked_directly: extra.bookedDirectly ?? false } : {}),
      updated_at: h.now,
    })
    .where('id', '=', h.attempt.id)
    .execute();
  await db
    .updateTable('reactivation_campaigns')
    .set({
      status: campaignStatus,
      ...(closes ? { closed_at: h.now, next_attempt_at: null } : {}),
      ...(extra.nextAttemptAt !== undefined ? { next_attempt_at: extra.nextAttemptAt } : {}),
      ...(extra.appointmentId ? { appointment_id: extra.appointmentId, revenue: extra.revenue ?? null } : {}),
      updated_at: h.now,
    })
    .where('organization_id', '=', h.organizationId)
    .where('id', '=', h.attempt.client_campaign_id)
    .execute();
}

async function say(h: Handling, body: string) {
  if (!h.attempt.conversation_id) return;
  try {
    await queueOutboundMessage(h.ctx.db, h.organizationId, { conversationId: h.attempt.conversation_id, body, authorUserId: null, authorName: 'Reactivation', metadata: { reactivationAttemptId: h.attempt.id }, origin: 'reactivation_reply' }, h.now);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

const ru = (h: Handling) => h.env.language === 'ru';

async function act(h: Handling, reading: ReplyReading): Promise<string> {
  const slots = h.attempt.slots as OfferSlot[];
  switch (reading.intent) {
    case 'book': {
      if (reading.slotNumber === null) {
        const list = slots.map((s, i) => `${i + 1}) ${formatSlot(s.start, h.env.timezone, h.env.language)}`).join('; ');
        await say(h, ru(h) ? `Отлично! Какое время вам удобно: ${list}?` : `Great! Which time suits you: ${list}?`);
        await finish(h, 'replied', 'positive', 'responded');
        return 'asked which slot';
      }
      return book(h, slots, reading.slotNumber - 1);
    }
    case 'decline':
      await finish(h, 'declined', 'negative', 'declined', { reason: 'the client declined' });
      await say(h, ru(h) ? 'Поняли вас, спасибо! Будем рады видеть вас, когда захотите.' : 'Understood, thank you! You are always welcome.');
      return 'closed: declined';
    case 'postpone': {
      const days = reading.postponeDays ?? 14;
      const until = new Date(h.now.getTime() + days * 86_400_000);
      await finish(h, 'replied', 'neutral', 'responded', { reason: `postponed ${days} days: the client is away`, nextAttemptAt: until });
      await say(h, ru(h) ? 'Хорошо, напишем вам позже. Хорошего отдыха!' : 'Sure, we will write to you later. Have a good time!');
      return `postponed until ${until.toISOString().slice(0, 10)}`;
    }
    case 'already_booked': {
      const appointment = await h.ctx.db
        .selectFrom('booking_appointments')
        .select(['id', 'price', 'created_at'])
        .where('organization_id', '=', h.organizationId)
        .where('contact_id', '=', h.attempt.contact_id)
        .where('status', 'in', ['booked', 'completed'])
        .where('created_at', '>', h.attempt.sent_at!)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (appointment) {
        await finish(h, 'booked', 'positive', 'booked_direct', { appointmentId: appointment.id, revenue: appointment.price == null ? null : Number(appointment.price), bookedDirectly: true, reason: 'the client booked directly' });
        return 'attributed the direct booking';
      }
      await finish(h, 'replied', 'neutral', 'cancelled', { reason: 'the client says they booked elsewhere' });
      return 'closed: booked elsewhere';
    }
    case 'other_service':
    case 'other_staff':
    case 'change_time':
      return reoffer(h, reading);
    default:
      await finish(h, 'replied', reading.replyClass, 'responded', { reason: 'the client asked something: a person answers' });
      return 'left to a person';
  }
}

function discounted(price: string | null, discount: number): number | null {
  if (price == null) return null;
  return Math.round(Number(price) * (100 - discount)) / 100;
}

async function book(h: Handling, slots: OfferSlot[], index: number): Promise<string> {
  const slot = slots[index]!;
  try {
    const appointment = await createAppointment(h.ctx, h.organizationId, {
      contactId: h.attempt.contact_id,
      serviceId: h.attempt.service_id,
      staffId: slot.staffId,
      startAt: slot.start,
      comment: h.attempt.discount_percent > 0 ? `Reactivation offer, ${h.attempt.discount_percent}% off` : 'Reactivation offer',
      source: 'reactivation',
    });
    const revenue = discounted(appointment.price, h.attempt.discount_percent);
    await finish(h, 'booked', 'positive', 'booked', { appointmentId: appointment.id, revenue });
    const when = formatSlot(slot.start, h.env.timezone, h.env.language);
    await say(h, ru(h) ? `Записали вас ${when} к ${slot.staffName}. Ждём!` : `You are booked for ${when} with ${slot.staffName}. See you!`);
    return `booked slot ${index + 1}`;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
    // Taken meanwhile: offer what is free now, the same master and the client's preferences first.
    const prefs = await preferencesOf(h);
    const fresh = await findOfferSlots(h.ctx, h.env, { serviceId: h.attempt.service_id, prefs: withOverrides(prefs, { staffId: slot.staffId }), limit: h.settings.slotsPerClient, horizonDays: h.settings.slotHorizonDays });
    const next = fresh.filter((s) => !(s.staffId === slot.staffId && s.start === slot.start));
    if (next.length === 0) {
      await finish(h, 'replied', 'positive', 'responded', { reason: 'the chosen slot was taken and nothing else is free' });
      await say(h, ru(h) ? 'К сожалению, это время уже занято, а других свободных окон пока нет. Мы напишем, как только появятся.' : 'Sorry, that time was just taken and nothing else is free yet. We will write as soon as something opens up.');
      return 'slot taken, nothing else free';
    }
    await updateOffer(h, next, h.attempt.service_id, next[0]!.staffId, 'the chosen slot was taken; offered the next free ones');
    const list = next.map((s, i) => `${i + 1}) ${formatSlot(s.start, h.env.timezone, h.env.language)} (${s.staffName})`).join('; ');
    await say(h, ru(h) ? `Ой, это время только что заняли. Свободно: ${list}. Какое записать?` : `Sorry, that time was just taken. Free now: ${list}. Which one shall we book?`);
    return 'slot taken: offered the next free slots';
  }
}

async function preferencesOf(h: Handling) {
  const stored = await h.ctx.db.selectFrom('reactivation_campaigns').select('preferences').where('id', '=', h.attempt.client_campaign_id).executeTakeFirst();
  const overrides = (stored?.preferences as { overrides?: Overrides } | null)?.overrides ?? null;
  const analysed = await analyseClientPreferences(h.ctx.db, h.organizationId, { contactIds: [h.attempt.contact_id], timezone: h.env.timezone, now: h.now });
  return withOverrides(analysed.get(h.attempt.contact_id) ?? emptyPreferences(), overrides);
}

async function updateOffer(h: Handling, slots: OfferSlot[], serviceId: string, staffId: string | null, reason: string) {
  await h.ctx.db
    .updateTable('reactivation_attempts')
    .set({ slots: JSON.stringify(slots), service_id: serviceId, staff_id: staffId, status: 'replied', reason, updated_at: h.now })
    .where('id', '=', h.attempt.id)
    .execute();
  await h.ctx.db
    .updateTable('reactivation_campaigns')
    .set({ status: 'responded', offered_slots: JSON.stringify(slots), updated_at: h.now })
    .where('id', '=', h.attempt.client_campaign_id)
    .where('organization_id', '=', h.organizationId)
    .execute();
}

/** Edge cases 1, 2 and 7: another service, another master, other times — a new offer in the same dialog. */
async function reoffer(h: Handling, reading: ReplyReading): Promise<string> {
  const { db } = h.ctx;
  const offered = h.attempt.slots as OfferSlot[];
  let serviceId = h.attempt.service_id;
  let staffId: string | undefined;
  let excludeStaffIds: string[] | undefined;
  let reasonRu = '';
  let reasonEn = '';
  let reason = '';
  const prefs = await preferencesOf(h);
  let overrides: Overrides | null = null;

  if (reading.intent === 'other_service') {
    const service = reading.serviceName
      ? await db.selectFrom('booking_services').select(['id', 'name']).where('organization_id', '=', h.organizationId).where('is_active', '=', true).where('name', '=', reading.serviceName).executeTakeFirst()
      : undefined;
    if (!service) {
      await finish(h, 'replied', 'positive', 'responded', { reason: 'the client asked for another service: a person answers' });
      return 'another service, not recognised: left to a person';
    }
    serviceId = service.id;
    reason = `the client asked for another service: ${service.name}`;
    reasonRu = `время на «${service.name}»`;
    reasonEn = `times for ${service.name}`;
  } else if (reading.intent === 'other_staff') {
    const staff = reading.staffName
      ? await db.selectFrom('booking_staff').select(['id', 'name']).where('organization_id', '=', h.organizationId).where('is_active', '=', true).where('name', '=', reading.staffName).executeTakeFirst()
      : undefined;
    if (staff) {
      staffId = staff.id;
      overrides = { staffId: staff.id };
      reason = `the client wants another master: ${staff.name}`;
      reasonRu = `время у ${staff.name}`;
      reasonEn = `times with ${staff.name}`;
    } else {
      excludeStaffIds = [...new Set(offered.map((s) => s.staffId))];
      reason = 'the client wants another master';
      reasonRu = 'время у другого мастера';
      reasonEn = 'times with another master';
    }
  } else {
    overrides = { timeOfDay: reading.timeOfDay, weekdays: reading.weekdays };
    const parts = [reading.timeOfDay, reading.weekdays?.length ? `weekdays ${reading.weekdays.join(',')}` : null].filter(Boolean).join(', ');
    reason = `the client's preferences changed: ${parts}`;
    const todRu = { morning: 'утром', afternoon: 'днём', evening: 'вечером' } as const;
    const todEn = { morning: 'in the morning', afternoon: 'in the afternoon', evening: 'in the evening' } as const;
    reasonRu = `время ${reading.timeOfDay ? todRu[reading.timeOfDay] : 'в удобные вам дни'}`;
    reasonEn = `times ${reading.timeOfDay ? todEn[reading.timeOfDay] : 'on the days you asked for'}`;
  }

  if (overrides) {
    // Kept on the client's reactivation: later attempts rank slots with them too.
    const stored = await db.selectFrom('reactivation_campaigns').select('preferences').where('id', '=', h.attempt.client_campaign_id).executeTakeFirst();
    const current = (stored?.preferences as Record<string, unknown> | null) ?? {};
    const merged = { ...current, overrides: { ...((current.overrides as Overrides | undefined) ?? {}), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== null && v !== undefined)) } };
    await db.updateTable('reactivation_campaigns').set({ preferences: JSON.stringify(merged), updated_at: h.now }).where('id', '=', h.attempt.client_campaign_id).execute();
  }
  const ranked = withOverrides(prefs, overrides);
  const slots = await findOfferSlots(h.ctx, h.env, {
    serviceId,
    staffId,
    excludeStaffIds,
    prefs: ranked,
    onlyTimeOfDay: reading.intent === 'change_time' ? reading.timeOfDay : null,
    onlyWeekdays: reading.intent === 'change_time' ? reading.weekdays : null,
    limit: h.settings.slotsPerClient,
    horizonDays: Math.max(h.settings.slotHorizonDays, 14),
  });
  if (slots.length === 0) {
    await finish(h, 'replied', 'positive', 'responded', { reason: `${reason}; nothing free: a person answers` });
    await say(h, ru(h) ? 'Сейчас подходящих окон нет — администратор напишет вам, как только появятся.' : 'Nothing suitable is free right now — we will write as soon as something opens up.');
    return `${reason}: nothing free`;
  }
  const { message } = await generateOfferForAttempt(h.ctx, h.env, {
    contactId: h.attempt.contact_id,
    serviceId,
    visits: prefs.visits,
    attemptNumber: h.attempt.attempt_number,
    discountPercent: h.attempt.discount_percent,
    slots,
    followUpReason: ru(h) ? reasonRu : reasonEn,
  });
  await updateOffer(h, slots, serviceId, staffId ?? slots[0]!.staffId, reason);
  await db.updateTable('reactivation_attempts').set({ reply_class: 'positive' }).where('id', '=', h.attempt.id).execute();
  await say(h, message);
  return `re-offered: ${reason}`;
}
