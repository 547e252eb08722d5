import { DateTime } from 'luxon';
import type { Clock } from '../../../platform/clock.ts';
import type {
  AdapterAppointment,
  AdapterBooking,
  AdapterClient,
  AdapterService,
  AdapterSlot,
  AdapterStaff,
  AdapterVisit,
  BookingAdapter,
} from '../booking-adapter.ts';
import { BookingProviderError } from '../booking-adapter.ts';
import type { YClientsApi, YcRecord } from './yclients.api.ts';

/**
 * YClients as a booking system. Services, staff and visit records are read from its company API; free slots come from
 * its online-booking API (book_staff_seances finds the first day with free sessions, book_times lists each day); a
 * booking is an online booking (book_record) and a cancellation deletes the record. Dates are company-local: the
 * organization's time zone is taken to be the company's.
 */
export class YClientsAdapter implements BookingAdapter {
  readonly provider = 'yclients' as const;

  constructor(
    private readonly api: YClientsApi,
    private readonly timezone: string,
    private readonly clock: Clock,
  ) {}

  async listServices(): Promise<AdapterService[]> {
    const [services, categories] = await Promise.all([this.api.services(), this.api.serviceCategories().catch(() => [])]);
    const categoryTitle = new Map(categories.map((c) => [c.id, c.title]));
    return services
      .filter((s) => s.active === undefined || Boolean(s.active))
      .map((s) => ({
        id: String(s.id),
        name: s.title,
        category: (s.category_id != null ? categoryTitle.get(s.category_id) : undefined) ?? null,
        durationMinutes: Math.max(5, Math.round((s.duration ?? s.staff?.[0]?.seance_length ?? 3600) / 60)),
        price: Number(s.price_min ?? 0),
        currency: null,
        staffIds: (s.staff ?? []).map((st) => String(st.id)),
      }));
  }

  async listStaff(): Promise<AdapterStaff[]> {
    const [staff, services] = await Promise.all([this.api.staff(), this.api.services()]);
    const servicesOf = new Map<string, string[]>();
    for (const service of services) {
      for (const member of service.staff ?? []) {
        const list = servicesOf.get(String(member.id)) ?? [];
        list.push(String(service.id));
        servicesOf.set(String(member.id), list);
      }
    }
    return staff
      .filter((s) => !s.fired && !s.hidden)
      .map((s) => ({ id: String(s.id), name: s.name, workingHours: null, serviceIds: servicesOf.get(String(s.id)) ?? [] }));
  }

  async listVisits(since: Date): Promise<AdapterVisit[]> {
    const now = this.clock.now();
    const records = await this.api.records(this.localDate(since), this.localDate(now));
    const visits: AdapterVisit[] = [];
    for (const record of records) {
      const startAt = new Date(record.datetime);
      if (startAt < since) continue;
      const status = visitStatus(record);
      if (!status) continue;
      for (const service of record.services) {
        visits.push({
          id: `${record.id}:${service.id}`,
          client: clientOf(record),
          serviceId: String(service.id),
          staffId: record.staff_id ? String(record.staff_id) : null,
          startAt,
          pricePaid: status === 'completed' ? Number(service.cost ?? 0) : 0,
          status,
        });
      }
    }
    return visits;
  }

  async listAppointments(from: Date, to: Date): Promise<AdapterAppointment[]> {
    const records = await this.api.records(this.localDate(from), this.localDate(to));
    return records
      .filter((r) => !r.deleted && (r.visit_attendance ?? r.attendance ?? 0) !== 1 && (r.visit_attendance ?? r.attendance ?? 0) !== -1)
      .filter((r) => r.services.length > 0)
      .map((r) => ({ record: r, startAt: new Date(r.datetime) }))
      .filter(({ startAt }) => startAt >= from && startAt < to)
      .map(({ record, startAt }) => ({
        id: String(record.id),
        client: clientOf(record),
        serviceId: String(record.services[0]!.id),
        staffId: String(record.staff_id),
        startAt,
        endAt: new Date(startAt.getTime() + (record.seance_length ?? 3600) * 1000),
        price: record.services.reduce((sum, s) => sum + Number(s.cost ?? 0), 0),
      }));
  }

  async freeSlots(query: { serviceId: string; staffId?: string; from: Date; to: Date }): Promise<AdapterSlot[]> {
    const staffIds = query.staffId ? [query.staffId] : (await this.api.bookableStaff(query.serviceId)).filter((s) => s.bookable !== false).map((s) => String(s.id));
    const lastDate = this.localDate(new Date(query.to.getTime() - 1));
    const slots: AdapterSlot[] = [];
    for (const staffId of staffIds) {
      const nearest = await this.api.nearestSeances(staffId, query.serviceId, this.localIso(query.from));
      if (!nearest.seance_date || nearest.seance_date > lastDate) continue;
      let day = DateTime.fromISO(nearest.seance_date, { zone: this.timezone });
      const firstDay = DateTime.fromJSDate(query.from, { zone: this.timezone }).startOf('day');
      if (day < firstDay) day = firstDay;
      for (; day.toISODate()! <= lastDate; day = day.plus({ days: 1 })) {
        const date = day.toISODate()!;
        const seances = date === nearest.seance_date && nearest.seances.length > 0 ? nearest.seances : await this.api.bookTimes(staffId, date, query.serviceId);
        for (const seance of seances) {
          const startAt = new Date(seance.datetime);
          if (Number.isNaN(startAt.getTime())) throw new BookingProviderError(`YClients sent a session without a valid datetime: ${seance.datetime}`);
          if (startAt < query.from || startAt >= query.to) continue;
          slots.push({ serviceId: query.serviceId, staffId, startAt, endAt: new Date(startAt.getTime() + (seance.seance_length ?? 3600) * 1000) });
        }
      }
    }
    return slots.sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || a.staffId.localeCompare(b.staffId));
  }

  async book(slot: AdapterSlot, client: AdapterClient, options: { comment?: string | null } = {}): Promise<AdapterBooking> {
    if (!client.phone) throw new BookingProviderError('YClients books by phone: the contact has no phone number', 422);
    const created = await this.api.bookRecord({
      phone: client.phone,
      fullname: client.name,
      email: client.email ?? undefined,
      comment: options.comment ?? undefined,
      apiId: client.contactId,
      appointment: { serviceId: slot.serviceId, staffId: slot.staffId, datetime: this.localIso(slot.startAt) },
    });
    return { id: String(created.record_id), startAt: slot.startAt, endAt: slot.endAt };
  }

  async cancel(appointmentId: string): Promise<void> {
    await this.api.deleteRecord(appointmentId);
  }

  private localDate(date: Date): string {
    return DateTime.fromJSDate(date, { zone: this.timezone }).toISODate()!;
  }

  private localIso(date: Date): string {
    return DateTime.fromJSDate(date, { zone: this.timezone }).toISO({ suppressMilliseconds: true })!;
  }
}

function clientOf(record: YcRecord) {
  return { id: record.client ? String(record.client.id) : null, name: record.client?.name ?? null, phone: record.client?.phone ?? null };
}

/** A past record's outcome: came, did not come, deleted; null while it is still to come or not yet marked. */
function visitStatus(record: YcRecord): AdapterVisit['status'] | null {
  if (record.deleted) return 'cancelled';
  const attendance = record.visit_attendance ?? record.attendance ?? 0;
  if (attendance === 1) return 'completed';
  if (attendance === -1) return 'no_show';
  return null;
}
