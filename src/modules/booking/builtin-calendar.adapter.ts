import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getOrganization } from '../orgs/index.ts';
import {
  SlotUnavailableError,
  type AdapterAppointment,
  type AdapterBooking,
  type AdapterClient,
  type AdapterService,
  type AdapterSlot,
  type AdapterStaff,
  type AdapterVisit,
  type BookingAdapter,
} from './booking-adapter.ts';
import { getBookingSettings } from './booking-settings.service.ts';
import { recordBookingEvent } from './booking-events.ts';
import { getService, listServices, listStaff } from './catalog.service.ts';
import { computeFreeSlots, isWithinWorkingHours, type StaffSchedule } from './engine/free-slots.ts';
import { timeOffIntervals } from './time-off.service.ts';
import type { DbOrTx } from '../../platform/db/client.ts';

/**
 * The built-in calendar: the booking tables are the source of truth. Free slots are the staff's working hours
 * minus their booked appointments, walked in the organization's slot step; a booking re-checks its slot under a
 * lock on the staff row, so two bookings of the same time cannot both succeed.
 */
export class BuiltinCalendarAdapter implements BookingAdapter {
  readonly provider = 'builtin' as const;

  constructor(
    private readonly db: Db,
    private readonly organizationId: string,
    private readonly clock: Clock,
  ) {}

  async listServices(): Promise<AdapterService[]> {
    return (await listServices(this.db, this.organizationId)).map((s) => ({
      id: s.id,
      name: s.name,
      category: s.category,
      durationMinutes: s.duration_minutes,
      price: Number(s.price),
      currency: s.currency,
      staffIds: s.staff_ids,
    }));
  }

  async listStaff(): Promise<AdapterStaff[]> {
    return (await listStaff(this.db, this.organizationId)).map((s) => ({ id: s.id, name: s.name, workingHours: s.working_hours, serviceIds: s.service_ids }));
  }

  async listVisits(since: Date): Promise<AdapterVisit[]> {
    const rows = await this.db
      .selectFrom('booking_visits as v')
      .innerJoin('contacts as c', 'c.id', 'v.contact_id')
      .select(['v.id', 'v.contact_id', 'c.display_name', 'c.phone_e164', 'v.service_id', 'v.staff_id', 'v.start_at', 'v.price_paid', 'v.status'])
      .where('v.organization_id', '=', this.organizationId)
      .where('v.start_at', '>=', since)
      .orderBy('v.start_at')
      .orderBy('v.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      client: { id: r.contact_id, name: r.display_name, phone: r.phone_e164 },
      serviceId: r.service_id,
      staffId: r.staff_id,
      startAt: r.start_at,
      pricePaid: Number(r.price_paid),
      status: r.status,
    }));
  }

  async listAppointments(from: Date, to: Date): Promise<AdapterAppointment[]> {
    const rows = await this.db
      .selectFrom('booking_appointments as a')
      .innerJoin('contacts as c', 'c.id', 'a.contact_id')
      .select(['a.id', 'a.contact_id', 'c.display_name', 'c.phone_e164', 'a.service_id', 'a.staff_id', 'a.start_at', 'a.end_at', 'a.price'])
      .where('a.organization_id', '=', this.organizationId)
      .where('a.status', '=', 'booked')
      .where('a.start_at', '>=', from)
      .where('a.start_at', '<', to)
      .orderBy('a.start_at')
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      client: { id: r.contact_id, name: r.display_name, phone: r.phone_e164 },
      serviceId: r.service_id,
      staffId: r.staff_id,
      startAt: r.start_at,
      endAt: r.end_at,
      price: Number(r.price),
    }));
  }

  async freeSlots(query: { serviceId: string; staffId?: string; from: Date; to: Date }): Promise<AdapterSlot[]> {
    const service = await getService(this.db, this.organizationId, query.serviceId);
    const [settings, organization] = await Promise.all([getBookingSettings(this.db, this.organizationId), getOrganization(this.db, this.organizationId)]);
    const staff = await this.staffDoing(query.serviceId, query.staffId);
    if (staff.length === 0) return [];
    const staffIds = staff.map((s) => s.staffId);
    const widerFrom = new Date(query.from.getTime() - 86_400_000);
    const widerTo = new Date(query.to.getTime() + 86_400_000);
    const [busy, away] = await Promise.all([
      this.busyIntervals(staffIds, widerFrom, widerTo),
      timeOffIntervals(this.db, this.organizationId, staffIds, widerFrom, widerTo, organization.timezone),
    ]);
    const schedules: StaffSchedule[] = staff.map((s) => ({ ...s, busy: [...(busy.get(s.staffId) ?? []), ...(away.get(s.staffId) ?? [])] }));
    const slots = computeFreeSlots(
      {
        timezone: organization.timezone,
        from: query.from,
        to: query.to,
        durationMinutes: service.duration_minutes,
        stepMinutes: settings.slotStepMinutes,
        notBefore: new Date(this.clock.now().getTime() + settings.minLeadMinutes * 60_000),
      },
      schedules,
    );
    return slots.map((s) => ({ serviceId: query.serviceId, staffId: s.staffId, startAt: s.start, endAt: s.end }));
  }

  async book(slot: AdapterSlot, client: AdapterClient, options: { comment?: string | null; source?: string } = {}): Promise<AdapterBooking> {
    const service = await getService(this.db, this.organizationId, slot.serviceId);
    const [settings, organization] = await Promise.all([getBookingSettings(this.db, this.organizationId), getOrganization(this.db, this.organizationId)]);
    const end = new Date(slot.startAt.getTime() + service.duration_minutes * 60_000);
    const contact = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('organization_id', '=', this.organizationId)
      .where('id', '=', client.contactId)
      .executeTakeFirst();
    if (!contact) throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact in this organization' }]);
    return this.db.transaction().execute(async (tx) => {
      await this.assertSlotFree(tx, { serviceId: slot.serviceId, staffId: slot.staffId, startAt: slot.startAt, endAt: end }, organization.timezone, settings.minLeadMinutes);
      const now = this.clock.now();
      const row = await tx
        .insertInto('booking_appointments')
        .values({
          organization_id: this.organizationId,
          contact_id: client.contactId,
          service_id: slot.serviceId,
          staff_id: slot.staffId,
          start_at: slot.startAt,
          end_at: end,
          price: service.price,
          currency: service.currency,
          source: options.source ?? 'manual',
          comment: options.comment ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'start_at', 'end_at'])
        .executeTakeFirstOrThrow();
      await recordBookingEvent(tx, this.organizationId, 'booking.created', row.id, {
        contactId: client.contactId,
        serviceId: slot.serviceId,
        staffId: slot.staffId,
        startAt: row.start_at.toISOString(),
        endAt: row.end_at.toISOString(),
        source: options.source ?? 'manual',
      });
      return { id: row.id, startAt: row.start_at, endAt: row.end_at };
    });
  }

  /** Moves a booked appointment to another start (and staff member), with the same checks as a new booking. */
  async move(appointmentId: string, to: { staffId: string; startAt: Date }): Promise<void> {
    const [settings, organization] = await Promise.all([getBookingSettings(this.db, this.organizationId), getOrganization(this.db, this.organizationId)]);
    await this.db.transaction().execute(async (tx) => {
      const appointment = await tx
        .selectFrom('booking_appointments')
        .select(['id', 'service_id', 'start_at', 'end_at', 'status', 'staff_id', 'contact_id'])
        .where('organization_id', '=', this.organizationId)
        .where('id', '=', appointmentId)
        .forUpdate()
        .executeTakeFirst();
      if (!appointment) throw notFound('appointment');
      if (appointment.status !== 'booked') throw new AppError('UNPROCESSABLE', `the appointment is ${appointment.status}, not booked`);
      const endAt = new Date(to.startAt.getTime() + (appointment.end_at.getTime() - appointment.start_at.getTime()));
      await this.assertSlotFree(tx, { serviceId: appointment.service_id, staffId: to.staffId, startAt: to.startAt, endAt, ignoreAppointmentId: appointmentId }, organization.timezone, settings.minLeadMinutes);
      await tx
        .updateTable('booking_appointments')
        .set({ staff_id: to.staffId, start_at: to.startAt, end_at: endAt, updated_at: this.clock.now() })
        .where('organization_id', '=', this.organizationId)
        .where('id', '=', appointmentId)
        .execute();
      await recordBookingEvent(tx, this.organizationId, 'booking.moved', appointmentId, {
        contactId: appointment.contact_id,
        serviceId: appointment.service_id,
        staffId: to.staffId,
        startAt: to.startAt.toISOString(),
        endAt: endAt.toISOString(),
        previousStartAt: appointment.start_at.toISOString(),
      });
    });
  }

  /** The checks every booking passes, under a lock on the staff row (it serialises bookings of one staff member across processes). */
  private async assertSlotFree(
    tx: DbOrTx,
    slot: { serviceId: string; staffId: string; startAt: Date; endAt: Date; ignoreAppointmentId?: string },
    timezone: string,
    minLeadMinutes: number,
  ): Promise<void> {
    const staff = await tx
      .selectFrom('booking_staff')
      .select(['id', 'working_hours', 'is_active'])
      .where('organization_id', '=', this.organizationId)
      .where('id', '=', slot.staffId)
      .forUpdate()
      .executeTakeFirst();
    if (!staff || !staff.is_active) throw new AppError('BAD_REQUEST', 'staff member not found', [{ field: 'body.staffId', message: 'no such active staff member' }]);
    const doesService = await tx
      .selectFrom('booking_staff_services')
      .select('staff_id')
      .where('staff_id', '=', slot.staffId)
      .where('service_id', '=', slot.serviceId)
      .executeTakeFirst();
    if (!doesService) throw new AppError('BAD_REQUEST', 'this staff member does not do this service', [{ field: 'body.staffId', message: 'does not do the service' }]);
    if (slot.startAt.getTime() < this.clock.now().getTime() + minLeadMinutes * 60_000) throw new SlotUnavailableError('the slot starts too soon (minimum lead time)');
    if (!isWithinWorkingHours(staff.working_hours, timezone, slot.startAt, slot.endAt)) throw new SlotUnavailableError('the slot is outside the working hours');
    const away = (await timeOffIntervals(tx, this.organizationId, [slot.staffId], slot.startAt, slot.endAt, timezone)).get(slot.staffId) ?? [];
    if (away.some((block) => block.start < slot.endAt && block.end > slot.startAt)) throw new SlotUnavailableError('the staff member is on vacation or a day off then');
    let clash = tx
      .selectFrom('booking_appointments')
      .select('id')
      .where('organization_id', '=', this.organizationId)
      .where('staff_id', '=', slot.staffId)
      .where('status', '=', 'booked')
      .where('start_at', '<', slot.endAt)
      .where('end_at', '>', slot.startAt);
    if (slot.ignoreAppointmentId) clash = clash.where('id', '<>', slot.ignoreAppointmentId);
    if (await clash.executeTakeFirst()) throw new SlotUnavailableError('the slot is already taken');
  }

  async cancel(appointmentId: string): Promise<void> {
    const now = this.clock.now();
    const result = await this.db
      .updateTable('booking_appointments')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where('organization_id', '=', this.organizationId)
      .where('id', '=', appointmentId)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('booked appointment');
  }

  private async staffDoing(serviceId: string, staffId?: string): Promise<Array<Omit<StaffSchedule, 'busy'>>> {
    let query = this.db
      .selectFrom('booking_staff as st')
      .innerJoin('booking_staff_services as ss', 'ss.staff_id', 'st.id')
      .select(['st.id', 'st.working_hours'])
      .where('st.organization_id', '=', this.organizationId)
      .where('st.is_active', '=', true)
      .where('ss.service_id', '=', serviceId);
    if (staffId) query = query.where('st.id', '=', staffId);
    return (await query.execute()).map((r) => ({ staffId: r.id, workingHours: r.working_hours }));
  }

  private async busyIntervals(staffIds: string[], from: Date, to: Date) {
    const rows = await this.db
      .selectFrom('booking_appointments')
      .select(['staff_id', 'start_at', 'end_at'])
      .where('organization_id', '=', this.organizationId)
      .where('staff_id', 'in', staffIds)
      .where('status', '=', 'booked')
      .where('start_at', '<', to)
      .where('end_at', '>', from)
      .execute();
    const busy = new Map<string, Array<{ start: Date; end: Date }>>();
    for (const row of rows) {
      const list = busy.get(row.staff_id) ?? [];
      list.push({ start: row.start_at, end: row.end_at });
      busy.set(row.staff_id, list);
    }
    return busy;
  }
}
