import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueueJob } from '../../platform/jobs/job-queue.ts';
import { getOrganization } from '../orgs/index.ts';
import { organizationRegion, resolveContactsByPhone, toE164, visitFingerprint } from './booking-contacts.ts';
import { getBookingSettings, recordSyncState } from './booking-settings.service.ts';
import { bookingAdapterFor, type BookingDeps } from './booking.service.ts';

export const BOOKING_SYNC_TASK = 'booking.sync';
const FIRST_SYNC_DAYS = 365;
const APPOINTMENT_HORIZON_DAYS = 90;
const CHUNK = 1000;

export interface SyncCounts {
  services: number;
  staff: number;
  visits: number;
  visitsSkipped: number;
  appointments: number;
  appointmentsCancelled: number;
  contactsCreated: number;
}

/** Queues a pull from the connected booking system; the job records its outcome in the booking settings. */
export async function requestBookingSync(db: DbOrTx, organizationId: string, now: Date): Promise<void> {
  const settings = await getBookingSettings(db, organizationId);
  if (settings.provider === 'builtin') throw new AppError('UNPROCESSABLE', 'the built-in calendar is the source of truth; there is nothing to sync');
  await recordSyncState(db, organizationId, { ...(settings.lastSync ?? {}), status: 'queued', requestedAt: now.toISOString() }, now);
  await enqueueJob(db, BOOKING_SYNC_TASK, { organizationId }, { organizationId, maxAttempts: 3, runAt: now });
}

/**
 * Pulls services, staff, visit history and upcoming bookings from the connected system into the booking tables
 * (source = the provider, its ids in external_id). Visits are fetched from the last sync (a year back the first
 * time) and stored by fingerprint, so re-running is harmless; local bookings of that system that no longer come back
 * for the next 90 days were cancelled there and are cancelled here.
 */
export async function syncFromProvider(deps: BookingDeps, organizationId: string): Promise<SyncCounts> {
  const { db, clock } = deps;
  const adapter = await bookingAdapterFor(deps, organizationId);
  if (adapter.provider === 'builtin') throw new AppError('UNPROCESSABLE', 'the built-in calendar is the source of truth; there is nothing to sync');
  const source = adapter.provider;
  const now = clock.now();
  const settings = await getBookingSettings(db, organizationId);
  const organization = await getOrganization(db, organizationId);
  const region = await organizationRegion(db, organizationId);
  const lastVisitsUntil = typeof settings.lastSync?.visitsUntil === 'string' ? new Date(settings.lastSync.visitsUntil) : null;
  // Two days of overlap: a record marked "came" a day late is picked up.
  const since = lastVisitsUntil ? new Date(lastVisitsUntil.getTime() - 2 * 86_400_000) : new Date(now.getTime() - FIRST_SYNC_DAYS * 86_400_000);

  const [services, staff] = await Promise.all([adapter.listServices(), adapter.listStaff()]);
  const serviceIds = new Map<string, string>();
  const staffIds = new Map<string, string>();
  await db.transaction().execute(async (tx) => {
    for (const service of services) {
      const values = {
        name: service.name.slice(0, 200),
        category: service.category,
        duration_minutes: Math.min(1440, Math.max(5, service.durationMinutes)),
        price: service.price,
        currency: service.currency ?? organization.currency,
        is_active: true,
        updated_at: now,
      };
      const row = await tx
        .insertInto('booking_services')
        .values({ organization_id: organizationId, source, external_id: service.id, ...values })
        .onConflict((oc) => oc.columns(['organization_id', 'source', 'external_id']).where('external_id', 'is not', null).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      serviceIds.set(service.id, row.id);
    }
    await tx
      .updateTable('booking_services')
      .set({ is_active: false, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('source', '=', source)
      .where('external_id', 'not in', [...serviceIds.keys(), ''])
      .execute();
    for (const member of staff) {
      const values = { name: member.name.slice(0, 200), is_active: true, updated_at: now, ...(member.workingHours ? { working_hours: JSON.stringify(member.workingHours) } : {}) };
      const row = await tx
        .insertInto('booking_staff')
        .values({ organization_id: organizationId, source, external_id: member.id, ...values })
        .onConflict((oc) => oc.columns(['organization_id', 'source', 'external_id']).where('external_id', 'is not', null).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      staffIds.set(member.id, row.id);
    }
    await tx
      .updateTable('booking_staff')
      .set({ is_active: false, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('source', '=', source)
      .where('external_id', 'not in', [...staffIds.keys(), ''])
      .execute();
    const localStaff = [...staffIds.values()];
    if (localStaff.length > 0) await tx.deleteFrom('booking_staff_services').where('organization_id', '=', organizationId).where('staff_id', 'in', localStaff).execute();
    const links = new Map<string, { organization_id: string; staff_id: string; service_id: string }>();
    const link = (staffExternal: string, serviceExternal: string) => {
      const staffId = staffIds.get(staffExternal);
      const serviceId = serviceIds.get(serviceExternal);
      if (staffId && serviceId) links.set(`${staffId}:${serviceId}`, { organization_id: organizationId, staff_id: staffId, service_id: serviceId });
    };
    for (const member of staff) for (const serviceExternal of member.serviceIds) link(member.id, serviceExternal);
    for (const service of services) for (const staffExternal of service.staffIds) link(staffExternal, service.id);
    if (links.size > 0) await tx.insertInto('booking_staff_services').values([...links.values()]).onConflict((oc) => oc.doNothing()).execute();
  });

  const [visits, appointments] = await Promise.all([
    adapter.listVisits(since),
    adapter.listAppointments(now, new Date(now.getTime() + APPOINTMENT_HORIZON_DAYS * 86_400_000)),
  ]);
  const clients = [...visits, ...appointments].flatMap((item) => {
    const phone = toE164(item.client.phone, region);
    return phone ? [{ phone, name: item.client.name }] : [];
  });
  const { byPhone, created: contactsCreated } = await resolveContactsByPhone(db, organizationId, clients, source);
  const contactOf = (client: { phone: string | null }) => {
    const phone = toE164(client.phone, region);
    return phone ? byPhone.get(phone) : undefined;
  };

  let visitsStored = 0;
  let visitsSkipped = 0;
  const visitRows = visits.flatMap((visit) => {
    const contactId = contactOf(visit.client);
    const serviceId = serviceIds.get(visit.serviceId);
    if (!contactId || !serviceId) {
      visitsSkipped++;
      return [];
    }
    return [
      {
        organization_id: organizationId,
        contact_id: contactId,
        service_id: serviceId,
        staff_id: visit.staffId ? (staffIds.get(visit.staffId) ?? null) : null,
        start_at: visit.startAt,
        price_paid: visit.pricePaid,
        currency: organization.currency,
        status: visit.status,
        source,
        external_id: visit.id,
        fingerprint: visitFingerprint(source, visit.id),
      },
    ];
  });
  for (let i = 0; i < visitRows.length; i += CHUNK) {
    const stored = await db
      .insertInto('booking_visits')
      .values(visitRows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['organization_id', 'fingerprint']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          price_paid: eb.ref('excluded.price_paid'),
          staff_id: eb.ref('excluded.staff_id'),
          start_at: eb.ref('excluded.start_at'),
        })),
      )
      .returning('id')
      .execute();
    visitsStored += stored.length;
  }

  let appointmentsStored = 0;
  const seen: string[] = [];
  for (const appointment of appointments) {
    const contactId = contactOf(appointment.client);
    const serviceId = serviceIds.get(appointment.serviceId);
    const staffId = staffIds.get(appointment.staffId);
    if (!contactId || !serviceId || !staffId) continue;
    seen.push(appointment.id);
    const values = { contact_id: contactId, service_id: serviceId, staff_id: staffId, start_at: appointment.startAt, end_at: appointment.endAt, price: appointment.price, updated_at: now };
    await db
      .insertInto('booking_appointments')
      .values({ organization_id: organizationId, ...values, currency: organization.currency, source, external_id: appointment.id, status: 'booked' })
      .onConflict((oc) => oc.columns(['organization_id', 'external_id']).where('external_id', 'is not', null).doUpdateSet(values))
      .execute();
    appointmentsStored++;
  }
  const cancelled = await db
    .updateTable('booking_appointments')
    .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'booked')
    .where('external_id', 'is not', null)
    .where('start_at', '>=', now)
    .where('start_at', '<', new Date(now.getTime() + APPOINTMENT_HORIZON_DAYS * 86_400_000))
    .where(sql<boolean>`NOT (external_id = ANY(${seen}::text[]))`)
    .executeTakeFirst();

  const counts: SyncCounts = {
    services: services.length,
    staff: staff.length,
    visits: visitsStored,
    visitsSkipped,
    appointments: appointmentsStored,
    appointmentsCancelled: Number(cancelled.numUpdatedRows),
    contactsCreated,
  };
  await recordSyncState(db, organizationId, { status: 'succeeded', provider: source, finishedAt: clock.now().toISOString(), visitsUntil: now.toISOString(), counts }, clock.now());
  return counts;
}
