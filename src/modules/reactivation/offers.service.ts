import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { recordAiCall } from '../ai/index.ts';
import { getBusinessProfile } from '../analysis/index.ts';
import { findFreeSlots, type FreeSlot } from '../booking/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { buildOfferRequest, offerMentionsSlots, renderOfferTemplate, type OfferContext, type OfferSlot } from './engine/offer-message.ts';
import { WEEKDAY_NAMES, type ClientPreferences, type TimeOfDay } from './engine/preferences.ts';
import { rankSlots, type RankedSlot } from './engine/slot-ranking.ts';

/** What the generator and the tracker need to know about the organization, read once per run or reply. */
export interface OfferEnvironment {
  organizationId: string;
  timezone: string;
  language: 'ru' | 'en';
  currency: string;
  business: { name: string; tone: string; description: string };
}

export async function offerEnvironment(db: DbOrTx, organizationId: string): Promise<OfferEnvironment> {
  const [organization, profile] = await Promise.all([getOrganization(db, organizationId), getBusinessProfile(db, organizationId)]);
  return {
    organizationId,
    timezone: organization.timezone,
    language: organization.locale.startsWith('ru') ? 'ru' : 'en',
    currency: organization.currency,
    // The business profile speaks for the business once someone filled it in; until then, the organization's name.
    business: profile.completedAt
      ? { name: profile.brief.business.name || organization.name, tone: profile.brief.signals.toneOfVoice, description: profile.brief.business.description }
      : { name: organization.name, tone: '', description: '' },
  };
}

export function toOfferSlot(slot: RankedSlot): OfferSlot {
  return { start: slot.startAt.toISOString(), end: slot.endAt.toISOString(), staffId: slot.staffId, staffName: slot.staffName, score: slot.score, explanation: slot.explanation.summary };
}

/**
 * The offer text: the model's when a model is configured and its text still names every slot's time; the template's
 * otherwise (no key, the model failed, or it dropped a slot). Every model call is recorded like the other AI calls.
 */
export async function generateOffer(ctx: Pick<AppContext, 'db' | 'ai'>, organizationId: string, context: OfferContext): Promise<{ message: string; source: 'ai' | 'template' }> {
  const { provider, mode } = await ctx.ai.providerFor(ctx.db, organizationId);
  if (mode === 'llm') {
    const request = buildOfferRequest(context);
    try {
      const result = await provider.generateJson(request);
      await recordAiCall(ctx.db, organizationId, result, request.task);
      const message = result.value.message.trim();
      if (result.provider === 'openai' && message && offerMentionsSlots(message, context)) return { message, source: 'ai' };
    } catch {
      // the template below answers
    }
  }
  return { message: renderOfferTemplate(context), source: 'template' };
}

/**
 * A new offer to a client the reactivation already wrote to (fresh times for an attempt whose slots passed, other
 * times after the client's answer): the contact's first name and the service's name and price are read here, the
 * attempt gives the rest; the staff named is the first slot's.
 */
export async function generateOfferForAttempt(
  ctx: Pick<AppContext, 'db' | 'ai'>,
  env: OfferEnvironment,
  offer: { contactId: string; serviceId: string; visits: number; attemptNumber: number; discountPercent: number; slots: OfferSlot[]; followUpReason?: string },
): Promise<{ message: string; source: 'ai' | 'template' }> {
  const { db } = ctx;
  const [contact, service] = await Promise.all([
    db.selectFrom('contacts').select(['first_name', 'display_name']).where('organization_id', '=', env.organizationId).where('id', '=', offer.contactId).executeTakeFirstOrThrow(),
    db.selectFrom('booking_services').select(['name', 'price']).where('organization_id', '=', env.organizationId).where('id', '=', offer.serviceId).executeTakeFirstOrThrow(),
  ]);
  return generateOffer(ctx, env.organizationId, {
    language: env.language,
    timezone: env.timezone,
    business: env.business,
    client: { firstName: contact.first_name ?? contact.display_name, visits: offer.visits, lastVisitAt: null, daysSinceLastVisit: null },
    service: { name: service.name, price: service.price == null ? null : Number(service.price), currency: env.currency },
    staff: offer.slots[0] ? { name: offer.slots[0].staffName } : null,
    attemptNumber: offer.attemptNumber,
    discountPercent: offer.discountPercent,
    slots: offer.slots,
    followUpReason: offer.followUpReason,
  });
}

/** Preferences with the client's own words applied ("evenings", "only Saturdays"): certain, so they dominate. */
export function withOverrides(prefs: ClientPreferences, overrides: { timeOfDay?: TimeOfDay | null; weekdays?: number[] | null; staffId?: string | null } | null): ClientPreferences {
  if (!overrides) return prefs;
  const next = structuredClone(prefs);
  if (overrides.timeOfDay) next.timeOfDay = { ...next.timeOfDay, value: overrides.timeOfDay, confidence: 1, share: 1 };
  if (overrides.weekdays?.length) next.weekdays = { value: overrides.weekdays.map((d) => WEEKDAY_NAMES[d - 1]!), share: 1, confidence: 1 };
  if (overrides.staffId) next.staff = { staffId: overrides.staffId, share: 1, confidence: 1 };
  return next;
}

export interface SlotRequest {
  serviceId: string;
  staffId?: string;
  excludeStaffIds?: string[];
  prefs: ClientPreferences;
  /** Hard filters from the client's words: only these local times of day / ISO weekdays (when any slot fits). */
  onlyTimeOfDay?: TimeOfDay | null;
  onlyWeekdays?: number[] | null;
  /** The earliest start worth offering: the send time plus time to answer. */
  notBefore?: Date;
  /** Slots already offered to someone else today: avoided while others exist. */
  taken?: Set<string>;
  limit: number;
  horizonDays: number;
}

export const slotKey = (slot: { staffId: string; startAt?: Date; start?: string }) => `${slot.staffId}@${slot.startAt ? slot.startAt.toISOString() : slot.start}`;

function localBucket(date: Date, zone: string): TimeOfDay {
  const local = DateTime.fromJSDate(date, { zone });
  const minute = local.hour * 60 + local.minute;
  return minute < 720 ? 'morning' : minute < 1020 ? 'afternoon' : 'evening';
}

/** Free slots of a service from the booking system, filtered and ranked for one client. */
export async function findOfferSlots(
  ctx: Pick<AppContext, 'db' | 'secrets' | 'clock'>,
  env: OfferEnvironment,
  request: SlotRequest,
  pool?: FreeSlot[],
): Promise<OfferSlot[]> {
  const now = ctx.clock.now();
  let slots = pool ?? (await findFreeSlots(ctx, env.organizationId, { serviceId: request.serviceId, staffId: request.staffId, from: now, to: new Date(now.getTime() + request.horizonDays * 86_400_000) }));
  if (request.notBefore) slots = slots.filter((s) => s.startAt >= request.notBefore!);
  if (request.staffId) slots = slots.filter((s) => s.staffId === request.staffId);
  if (request.excludeStaffIds?.length) slots = slots.filter((s) => !request.excludeStaffIds!.includes(s.staffId));
  const narrow = (filter: (s: FreeSlot) => boolean) => {
    const kept = slots.filter(filter);
    if (kept.length > 0) slots = kept;
  };
  if (request.onlyTimeOfDay) narrow((s) => localBucket(s.startAt, env.timezone) === request.onlyTimeOfDay);
  if (request.onlyWeekdays?.length) narrow((s) => request.onlyWeekdays!.includes(DateTime.fromJSDate(s.startAt, { zone: env.timezone }).weekday));
  if (request.taken?.size) narrow((s) => !request.taken!.has(slotKey(s)));
  return rankSlots(slots, request.prefs, { timezone: env.timezone, limit: request.limit }).map(toOfferSlot);
}
