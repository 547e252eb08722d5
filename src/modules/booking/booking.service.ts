import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { AppointmentStatus } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { getOrganization } from '../orgs/index.ts';
import { BookingProviderError, SlotUnavailableError, type BookingAdapter } from './booking-adapter.ts';
import { visitFingerprint } from './booking-contacts.ts';
import { getBookingSettings, openYClientsTokens } from './booking-settings.service.ts';
import type { CreateAppointmentInput, CreateVisitInput } from './booking.schemas.ts';
import { recordBookingEvent } from './booking-events.ts';
import { BuiltinCalendarAdapter } from './builtin-calendar.adapter.ts';
import { getService } from './catalog.service.ts';
import { YClientsAdapter } from './yclients/yclients.adapter.ts';
import { YClientsApi } from './yclients/yclients.api.ts';

/** What the booking module needs from the process: the database, the secret box (YClients tokens) and the clock. */
export interface BookingDeps {
  db: Db;
  secrets: SecretBox;
  clock: Clock;
}

/** The organization's booking system: the built-in calendar, or YClients when it is connected. */
export async function bookingAdapterFor(deps: BookingDeps, organizationId: string): Promise<BookingAdapter> {
  const settings = await getBookingSettings(deps.db, organizationId);
  if (settings.provider === 'builtin' || !settings.yclients) return new BuiltinCalendarAdapter(deps.db, organizationId, deps.clock);
  const tokens = openYClientsTokens(settings, deps.secrets);
  if (!tokens.partnerToken) throw new AppError('UNPROCESSABLE', 'YClients is selected but its partner token is missing; set it in the booking settings');
  const organization = await getOrganization(deps.db, organizationId);
  const api = new YClientsApi({ baseUrl: settings.yclients.baseUrl, companyId: settings.yclients.companyId, partnerToken: tokens.partnerToken, userToken: tokens.userToken });
  return new YClientsAdapter(api, organization.timezone, deps.clock);
}

export interface FreeSlot {
  serviceId: string;
  staffId: string;
  staffName: string;
  startAt: Date;
  endAt: Date;
}

/**
 * Free slots of one of our services (local ids in and out), from whichever booking system the organization uses.
 * Slots of staff we do not know locally (not synced yet) are left out.
 */
export async function findFreeSlots(deps: BookingDeps, organizationId: string, query: { serviceId: string; staffId?: string; from: Date; to: Date }): Promise<FreeSlot[]> {
  const adapter = await bookingAdapterFor(deps, organizationId);
  const service = await getService(deps.db, organizationId, query.serviceId);
  const staffRow = query.staffId ? await findStaffRow(deps.db, organizationId, query.staffId) : null;
  if (query.staffId && !staffRow) throw new AppError('BAD_REQUEST', 'staff member not found', [{ field: 'query.staffId', message: 'no such staff member' }]);
  if (adapter.provider === 'builtin') {
    const slots = await adapter.freeSlots(query);
    const names = await staffNames(deps.db, organizationId, slots.map((s) => s.staffId));
    return slots.map((s) => ({ ...s, staffName: names.get(s.staffId) ?? '' }));
  }
  if (service.source !== adapter.provider || !service.external_id) return [];
  if (staffRow && (staffRow.source !== adapter.provider || !staffRow.external_id)) return [];
  const slots = await adapter.freeSlots({ serviceId: service.external_id, staffId: staffRow?.external_id ?? undefined, from: query.from, to: query.to });
  if (slots.length === 0) return [];
  const local = await deps.db
    .selectFrom('booking_staff')
    .select(['id', 'name', 'external_id'])
    .where('organization_id', '=', organizationId)
    .where('source', '=', adapter.provider)
    .where('external_id', 'in', [...new Set(slots.map((s) => s.staffId))])
    .execute();
  const byExternal = new Map(local.map((r) => [r.external_id!, r]));
  return slots.flatMap((s) => {
    const staff = byExternal.get(s.staffId);
    return staff ? [{ serviceId: query.serviceId, staffId: staff.id, staffName: staff.name, startAt: s.startAt, endAt: s.endAt }] : [];
  });
}

async function findStaffRow(db: DbOrTx, organizationId: string, staffId: string) {
  return db.selectFrom('booking_staff').select(['id', 'name', 'source', 'external_id']).where('organization_id', '=', organizationId).where('id', '=', staffId).executeTakeFirst();
}

async function staffNames(db: DbOrTx, organizationId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('booking_staff').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ——— appointments ———

type AppointmentRow = {
  id: string;
  contact_id: string;
  service_id: string;
  staff_id: string;
  start_at: Date;
  end_at: Date;
  price: string;
  currency: string;
  status: AppointmentStatus;
  source: string;
  external_id: string | null;
  comment: string | null;
  visit_id: string | null;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
};

export function toAppointmentDto(row: AppointmentRow) {
  return {
    id: row.id,
    contactId: row.contact_id,
    serviceId: row.service_id,
    staffId: row.staff_id,
    startAt: iso(row.start_at)!,
    endAt: iso(row.end_at)!,
    price: Number(row.price),
    currency: row.currency,
    status: row.status,
    source: row.source,
    externalId: row.external_id,
    comment: row.comment,
    visitId: row.visit_id,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    cancelledAt: iso(row.cancelled_at),
  };
}

export async function getAppointment(db: DbOrTx, organizationId: string, appointmentId: string): Promise<AppointmentRow> {
  const row = await db.selectFrom('booking_appointments').selectAll().where('organization_id', '=', organizationId).where('id', '=', appointmentId).executeTakeFirst();
  if (!row) throw notFound('appointment');
  return row;
}

export async function listAppointments(
  db: DbOrTx,
  organizationId: string,
  query: { cursor?: string; limit: number; contactId?: string; staffId?: string; status?: AppointmentStatus; from?: string; to?: string },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('booking_appointments')
    .selectAll()
    .select(sql<string>`start_at::text`.as('sort_key'))
    .where('organization_id', '=', organizationId);
  if (query.contactId) builder = builder.where('contact_id', '=', query.contactId);
  if (query.staffId) builder = builder.where('staff_id', '=', query.staffId);
  if (query.status) builder = builder.where('status', '=', query.status);
  if (query.from) builder = builder.where('start_at', '>=', new Date(query.from));
  if (query.to) builder = builder.where('start_at', '<', new Date(query.to));
  if (cursor) builder = builder.where(sql<boolean>`(start_at, id) > (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('start_at').orderBy('id').limit(query.limit + 1).execute();
  // The client's name, so a calendar can show who comes without a request per appointment.
  const contactIds = [...new Set(rows.map((r) => r.contact_id))];
  const names = new Map(
    contactIds.length === 0
      ? []
      : (await db.selectFrom('contacts').select(['id', 'display_name']).where('organization_id', '=', organizationId).where('id', 'in', contactIds).execute()).map((c) => [c.id, c.display_name]),
  );
  return toPage(rows, query.limit, (row) => ({ ...toAppointmentDto(row), contactName: names.get(row.contact_id) ?? null }), (row) => ({ value: row.sort_key, id: row.id }));
}

/**
 * Books through the organization's booking system. The built-in calendar writes the row itself; for YClients the
 * booking is made there first and then recorded here with its record id, so the detector sees the client as booked.
 */
export async function createAppointment(
  deps: BookingDeps,
  organizationId: string,
  input: CreateAppointmentInput & { source?: string },
): Promise<AppointmentRow> {
  const { db } = deps;
  const contact = await db
    .selectFrom('contacts')
    .select(['id', 'display_name', 'phone_e164', 'email'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', input.contactId)
    .executeTakeFirst();
  if (!contact) throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact in this organization' }]);
  const service = await db.selectFrom('booking_services').selectAll().where('organization_id', '=', organizationId).where('id', '=', input.serviceId).executeTakeFirst();
  if (!service) throw new AppError('BAD_REQUEST', 'service not found', [{ field: 'body.serviceId', message: 'no such service in this organization' }]);
  const staff = await findStaffRow(db, organizationId, input.staffId);
  if (!staff) throw new AppError('BAD_REQUEST', 'staff member not found', [{ field: 'body.staffId', message: 'no such staff member in this organization' }]);
  const adapter = await bookingAdapterFor(deps, organizationId);
  const startAt = new Date(input.startAt);
  const endAt = new Date(startAt.getTime() + service.duration_minutes * 60_000);
  const client = { contactId: contact.id, name: contact.display_name, phone: contact.phone_e164, email: contact.email };
  try {
    if (adapter instanceof BuiltinCalendarAdapter) {
      const booked = await adapter.book({ serviceId: service.id, staffId: staff.id, startAt, endAt }, client, { comment: input.comment, source: input.source });
      return getAppointment(db, organizationId, booked.id);
    }
    if (service.source !== adapter.provider || !service.external_id || staff.source !== adapter.provider || !staff.external_id) {
      throw new AppError('UNPROCESSABLE', `this service or staff member is not in ${adapter.provider}; sync the booking system first`);
    }
    const booked = await adapter.book({ serviceId: service.external_id, staffId: staff.external_id, startAt, endAt }, client);
    const now = deps.clock.now();
    return await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('booking_appointments')
      .values({
        organization_id: organizationId,
        contact_id: contact.id,
        service_id: service.id,
        staff_id: staff.id,
        start_at: booked.startAt,
        end_at: booked.endAt,
        price: service.price,
        currency: service.currency,
        source: input.source ?? 'manual',
        external_id: booked.id,
        comment: input.comment ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordBookingEvent(tx, organizationId, 'booking.created', row.id, {
      contactId: row.contact_id,
      serviceId: row.service_id,
      staffId: row.staff_id,
      startAt: row.start_at.toISOString(),
      endAt: row.end_at.toISOString(),
      source: row.source,
    });
    return row;
    });
  } catch (error) {
    throw toAppError(error);
  }
}

function toAppError(error: unknown): unknown {
  if (error instanceof SlotUnavailableError) return new AppError('CONFLICT', `the slot is not free: ${error.message}`, [{ field: 'body.startAt', message: error.message }]);
  if (error instanceof BookingProviderError) return new AppError('UNPROCESSABLE', error.message);
  return error;
}

export async function cancelAppointment(deps: BookingDeps, organizationId: string, appointmentId: string): Promise<AppointmentRow> {
  const appointment = await getAppointment(deps.db, organizationId, appointmentId);
  if (appointment.status !== 'booked') throw new AppError('UNPROCESSABLE', `the appointment is ${appointment.status}, not booked`);
  if (appointment.external_id) {
    const adapter = await bookingAdapterFor(deps, organizationId);
    if (adapter.provider !== 'builtin') {
      try {
        await adapter.cancel(appointment.external_id);
      } catch (error) {
        throw toAppError(error);
      }
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const cancelled = await tx
      .updateTable('booking_appointments')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', appointmentId)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(cancelled.numUpdatedRows) > 0) {
      await recordBookingEvent(tx, organizationId, 'booking.cancelled', appointmentId, { contactId: appointment.contact_id, serviceId: appointment.service_id, startAt: appointment.start_at.toISOString() });
    }
  });
  return getAppointment(deps.db, organizationId, appointmentId);
}

/** The client came (a visit is recorded with the price paid) or did not. */
export async function completeAppointment(
  db: Db,
  organizationId: string,
  appointmentId: string,
  input: { status: 'completed' | 'no_show'; pricePaid?: number },
  now: Date,
): Promise<AppointmentRow> {
  const appointment = await getAppointment(db, organizationId, appointmentId);
  if (appointment.status !== 'booked') throw new AppError('UNPROCESSABLE', `the appointment is ${appointment.status}, not booked`);
  await db.transaction().execute(async (tx) => {
    const visit = await tx
      .insertInto('booking_visits')
      .values({
        organization_id: organizationId,
        contact_id: appointment.contact_id,
        service_id: appointment.service_id,
        staff_id: appointment.staff_id,
        start_at: appointment.start_at,
        price_paid: input.status === 'completed' ? (input.pricePaid ?? Number(appointment.price)) : 0,
        currency: appointment.currency,
        status: input.status,
        source: 'appointment',
        external_id: appointment.external_id,
        fingerprint: visitFingerprint('appointment', appointment.id),
      })
      .onConflict((oc) => oc.columns(['organization_id', 'fingerprint']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const completed = await tx
      .updateTable('booking_appointments')
      .set({ status: input.status, visit_id: visit?.id ?? null, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', appointmentId)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(completed.numUpdatedRows) > 0) {
      await recordBookingEvent(tx, organizationId, input.status === 'completed' ? 'booking.completed' : 'booking.no_show', appointmentId, {
        contactId: appointment.contact_id,
        serviceId: appointment.service_id,
        visitId: visit?.id ?? null,
        pricePaid: input.status === 'completed' ? (input.pricePaid ?? Number(appointment.price)) : 0,
      });
    }
  });
  return getAppointment(db, organizationId, appointmentId);
}

// ——— visits ———

type VisitRow = {
  id: string;
  contact_id: string;
  service_id: string;
  staff_id: string | null;
  start_at: Date;
  price_paid: string;
  currency: string;
  status: 'completed' | 'no_show' | 'cancelled';
  source: string;
  external_id: string | null;
  created_at: Date;
};

export function toVisitDto(row: VisitRow) {
  return {
    id: row.id,
    contactId: row.contact_id,
    serviceId: row.service_id,
    staffId: row.staff_id,
    startAt: iso(row.start_at)!,
    pricePaid: Number(row.price_paid),
    currency: row.currency,
    status: row.status,
    source: row.source,
    externalId: row.external_id,
    createdAt: iso(row.created_at)!,
  };
}

const VISIT_COLUMNS = ['id', 'contact_id', 'service_id', 'staff_id', 'start_at', 'price_paid', 'currency', 'status', 'source', 'external_id', 'created_at'] as const;

export async function getVisit(db: DbOrTx, organizationId: string, visitId: string): Promise<VisitRow> {
  const row = await db.selectFrom('booking_visits').select(VISIT_COLUMNS).where('organization_id', '=', organizationId).where('id', '=', visitId).executeTakeFirst();
  if (!row) throw notFound('visit');
  return row;
}

/** Newest first. */
export async function listVisits(
  db: DbOrTx,
  organizationId: string,
  query: { cursor?: string; limit: number; contactId?: string; serviceId?: string; staffId?: string; status?: VisitRow['status']; from?: string; to?: string },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('booking_visits')
    .select(VISIT_COLUMNS)
    .select(sql<string>`start_at::text`.as('sort_key'))
    .where('organization_id', '=', organizationId);
  if (query.contactId) builder = builder.where('contact_id', '=', query.contactId);
  if (query.serviceId) builder = builder.where('service_id', '=', query.serviceId);
  if (query.staffId) builder = builder.where('staff_id', '=', query.staffId);
  if (query.status) builder = builder.where('status', '=', query.status);
  if (query.from) builder = builder.where('start_at', '>=', new Date(query.from));
  if (query.to) builder = builder.where('start_at', '<', new Date(query.to));
  if (cursor) builder = builder.where(sql<boolean>`(start_at, id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('start_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toVisitDto, (row) => ({ value: row.sort_key, id: row.id }));
}

/** A visit typed in by hand; the same client, service and start twice is a conflict. */
export async function createVisit(db: Db, organizationId: string, input: CreateVisitInput): Promise<VisitRow> {
  const contact = await db.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', input.contactId).executeTakeFirst();
  if (!contact) throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact in this organization' }]);
  const service = await db.selectFrom('booking_services').select(['id', 'price', 'currency']).where('organization_id', '=', organizationId).where('id', '=', input.serviceId).executeTakeFirst();
  if (!service) throw new AppError('BAD_REQUEST', 'service not found', [{ field: 'body.serviceId', message: 'no such service in this organization' }]);
  if (input.staffId) {
    const staff = await db.selectFrom('booking_staff').select('id').where('organization_id', '=', organizationId).where('id', '=', input.staffId).executeTakeFirst();
    if (!staff) throw new AppError('BAD_REQUEST', 'staff member not found', [{ field: 'body.staffId', message: 'no such staff member in this organization' }]);
  }
  const startAt = new Date(input.startAt);
  const row = await db
    .insertInto('booking_visits')
    .values({
      organization_id: organizationId,
      contact_id: input.contactId,
      service_id: input.serviceId,
      staff_id: input.staffId ?? null,
      start_at: startAt,
      price_paid: input.status === 'completed' ? (input.pricePaid ?? Number(service.price)) : (input.pricePaid ?? 0),
      currency: service.currency,
      status: input.status,
      source: 'manual',
      fingerprint: visitFingerprint('visit', input.contactId, input.serviceId, startAt.toISOString()),
    })
    .onConflict((oc) => oc.columns(['organization_id', 'fingerprint']).doNothing())
    .returning(VISIT_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'this client already has a visit of this service at this time', [{ field: 'body.startAt', message: 'duplicate visit' }]);
  return row;
}

export async function deleteVisit(db: Db, organizationId: string, visitId: string): Promise<void> {
  const result = await db.deleteFrom('booking_visits').where('organization_id', '=', organizationId).where('id', '=', visitId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('visit');
}

/**
 * Moves a booked appointment to another time (and staff member). The built-in calendar re-checks the new slot under
 * its lock; YClients gets the new booking first and the old one cancelled after, so a refused time leaves it as it was.
 */
export async function moveAppointment(deps: BookingDeps, organizationId: string, appointmentId: string, input: { startAt: string; staffId?: string }): Promise<AppointmentRow> {
  const appointment = await getAppointment(deps.db, organizationId, appointmentId);
  if (appointment.status !== 'booked') throw new AppError('UNPROCESSABLE', `the appointment is ${appointment.status}, not booked`, [{ field: 'appointmentId', message: 'not booked' }]);
  const staff = await findStaffRow(deps.db, organizationId, input.staffId ?? appointment.staff_id);
  if (!staff) throw new AppError('BAD_REQUEST', 'staff member not found', [{ field: 'body.staffId', message: 'no such staff member in this organization' }]);
  const startAt = new Date(input.startAt);
  const adapter = await bookingAdapterFor(deps, organizationId);
  try {
    if (adapter instanceof BuiltinCalendarAdapter) {
      await adapter.move(appointmentId, { staffId: staff.id, startAt });
      return getAppointment(deps.db, organizationId, appointmentId);
    }
    const service = await getService(deps.db, organizationId, appointment.service_id);
    if (!service.external_id || !staff.external_id || staff.source !== adapter.provider) {
      throw new AppError('UNPROCESSABLE', `this service or staff member is not in ${adapter.provider}; sync the booking system first`, [{ field: 'body.staffId', message: 'not synced' }]);
    }
    const contact = await deps.db.selectFrom('contacts').select(['id', 'display_name', 'phone_e164', 'email']).where('organization_id', '=', organizationId).where('id', '=', appointment.contact_id).executeTakeFirstOrThrow();
    const endAt = new Date(startAt.getTime() + (appointment.end_at.getTime() - appointment.start_at.getTime()));
    const booked = await adapter.book(
      { serviceId: service.external_id, staffId: staff.external_id, startAt, endAt },
      { contactId: contact.id, name: contact.display_name, phone: contact.phone_e164, email: contact.email },
    );
    if (appointment.external_id) await adapter.cancel(appointment.external_id);
    await deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('booking_appointments')
        .set({ staff_id: staff.id, start_at: booked.startAt, end_at: booked.endAt, external_id: booked.id, updated_at: deps.clock.now() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', appointmentId)
        .execute();
      await recordBookingEvent(tx, organizationId, 'booking.moved', appointmentId, {
        contactId: appointment.contact_id,
        serviceId: appointment.service_id,
        staffId: staff.id,
        startAt: booked.startAt.toISOString(),
        endAt: booked.endAt.toISOString(),
        previousStartAt: appointment.start_at.toISOString(),
      });
    });
    return getAppointment(deps.db, organizationId, appointmentId);
  } catch (error) {
    throw toAppError(error);
  }
}

/** Asks the connected booking system for its services and staff: whether the saved settings work, in words a person can act on. */
export async function testBookingConnection(deps: BookingDeps, organizationId: string): Promise<{ ok: boolean; provider: 'builtin' | 'yclients'; services: number; staff: number; error: string | null }> {
  let adapter: BookingAdapter;
  try {
    adapter = await bookingAdapterFor(deps, organizationId);
  } catch (error) {
    return { ok: false, provider: 'yclients', services: 0, staff: 0, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const [services, staff] = await Promise.all([adapter.listServices(), adapter.listStaff()]);
    return { ok: true, provider: adapter.provider, services: services.length, staff: staff.length, error: null };
  } catch (error) {
    if (error instanceof BookingProviderError) return { ok: false, provider: adapter.provider, services: 0, staff: 0, error: error.message };
    throw error;
  }
}
