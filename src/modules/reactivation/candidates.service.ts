import type { DbOrTx } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { findFreeSlots, type BookingDeps, type FreeSlot } from '../booking/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { detectInactiveClients, type Candidate, type DetectionResult } from './detector.service.ts';
import { emptyPreferences, type ClientPreferences } from './engine/preferences.ts';
import { rankSlots, type RankedSlot } from './engine/slot-ranking.ts';
import { analyseClientPreferences } from './preferences.service.ts';
import { getReactivationSettings } from './reactivation-settings.service.ts';

export interface CandidatePreview extends Candidate {
  preferences: ClientPreferences;
  slots?: RankedSlot[];
  slotsError?: string;
}

/**
 * Today's reactivation list as it would go out: the detector's candidates (daily limit applied), each with their
 * preferences and, with `withSlots`, the best free slots of the overdue service ranked by those preferences. Free
 * slots are fetched once per service and shared by its candidates.
 */
export async function previewCandidates(
  deps: BookingDeps,
  organizationId: string,
  options: { limit?: number; withSlots: boolean },
): Promise<Omit<DetectionResult, 'candidates'> & { generatedAt: Date; dailyLimit: number; items: CandidatePreview[] }> {
  const { db, clock } = deps;
  const now = clock.now();
  const [settings, organization] = await Promise.all([getReactivationSettings(db, organizationId), getOrganization(db, organizationId)]);
  // The preview is a page of the UI: at most 500 even when the daily limit is higher.
  const detection = await detectInactiveClients(db, organizationId, { now, settings, limit: options.limit ?? Math.min(settings.dailyLimit, 500) });
  const preferences = await analyseClientPreferences(db, organizationId, { contactIds: detection.candidates.map((c) => c.contactId), timezone: organization.timezone, now });
  const items: CandidatePreview[] = detection.candidates.map((c) => ({ ...c, preferences: preferences.get(c.contactId) ?? emptyPreferences() }));
  if (options.withSlots) {
    const pools = new Map<string, Promise<FreeSlot[]>>();
    const to = new Date(now.getTime() + settings.slotHorizonDays * 86_400_000);
    for (const item of items) {
      if (!pools.has(item.serviceId)) pools.set(item.serviceId, findFreeSlots(deps, organizationId, { serviceId: item.serviceId, from: now, to }));
      try {
        const pool = await pools.get(item.serviceId)!;
        item.slots = rankSlots(pool, item.preferences, { timezone: organization.timezone, limit: settings.slotsPerClient });
      } catch (error) {
        // The booking system being down must not hide the list; the preview says why the slots are missing.
        item.slotsError = error instanceof Error ? error.message : String(error);
      }
    }
  }
  return { generatedAt: now, dailyLimit: settings.dailyLimit, overdue: detection.overdue, excluded: detection.excluded, eligible: detection.eligible, items };
}

/** Staff and service names for the ids preferences and slots mention. */
export async function namesFor(db: DbOrTx, organizationId: string, items: Array<{ preferences: ClientPreferences }>) {
  const staffIds = new Set<string>();
  const serviceIds = new Set<string>();
  for (const item of items) {
    if (item.preferences.staff.staffId) staffIds.add(item.preferences.staff.staffId);
    for (const s of item.preferences.services.top) serviceIds.add(s.serviceId);
  }
  const [staff, services] = await Promise.all([
    staffIds.size ? db.selectFrom('booking_staff').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', [...staffIds]).execute() : [],
    serviceIds.size ? db.selectFrom('booking_services').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', [...serviceIds]).execute() : [],
  ]);
  return { staff: new Map(staff.map((s) => [s.id, s.name])), services: new Map(services.map((s) => [s.id, s.name])) };
}

export function toPreferencesDto(prefs: ClientPreferences, names: { staff: Map<string, string>; services: Map<string, string> }) {
  return {
    ...prefs,
    staff: { ...prefs.staff, staffName: prefs.staff.staffId ? (names.staff.get(prefs.staff.staffId) ?? null) : null },
    services: { ...prefs.services, top: prefs.services.top.map((s) => ({ ...s, serviceName: names.services.get(s.serviceId) ?? '' })) },
  };
}

export function toRankedSlotDto(slot: RankedSlot) {
  return { ...slot, startAt: iso(slot.startAt)!, endAt: iso(slot.endAt)! };
}

export async function contactPreferences(db: DbOrTx, organizationId: string, contactId: string, now: Date): Promise<ClientPreferences> {
  const contact = await db.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', contactId).executeTakeFirst();
  if (!contact) throw notFound('contact');
  const organization = await getOrganization(db, organizationId);
  const prefs = await analyseClientPreferences(db, organizationId, { contactIds: [contactId], timezone: organization.timezone, now });
  return prefs.get(contactId) ?? emptyPreferences();
}
