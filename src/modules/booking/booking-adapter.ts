import type { VisitStatus, WorkingHours } from '../../platform/db/schema.ts';

/**
 * One interface for every booking system (DESIGN: booking systems are adapters). Ids are the system's own: for the
 * built-in calendar they are our row ids, for YClients its numeric ids as strings. The booking service maps them to
 * our rows, so the rest of Parley only ever sees local ids.
 */
export interface BookingAdapter {
  readonly provider: 'builtin' | 'yclients';
  listServices(): Promise<AdapterService[]>;
  listStaff(): Promise<AdapterStaff[]>;
  /** Past visits (done, missed or cancelled) that started at or after `since`. */
  listVisits(since: Date): Promise<AdapterVisit[]>;
  /** Bookings still to come that start in [from, to). */
  listAppointments(from: Date, to: Date): Promise<AdapterAppointment[]>;
  /** Free start times of a service in [from, to), for one staff member or everyone who does the service. */
  freeSlots(query: { serviceId: string; staffId?: string; from: Date; to: Date }): Promise<AdapterSlot[]>;
  /** Books a slot for a client; throws SlotUnavailableError when the time is no longer free. */
  book(slot: AdapterSlot, client: AdapterClient): Promise<AdapterBooking>;
  cancel(appointmentId: string): Promise<void>;
}

export interface AdapterService {
  id: string;
  name: string;
  category: string | null;
  durationMinutes: number;
  price: number;
  currency: string | null;
  /** Staff who do this service, when the system lists them per service. */
  staffIds: string[];
}

export interface AdapterStaff {
  id: string;
  name: string;
  /** null when the system does not expose working hours (its free slots come from the system itself). */
  workingHours: WorkingHours | null;
  serviceIds: string[];
}

export interface AdapterClient {
  /** Our contact id (the built-in calendar stores it). */
  contactId: string;
  name: string;
  phone: string | null;
  email?: string | null;
}

export interface AdapterVisit {
  id: string;
  client: { id: string | null; name: string | null; phone: string | null };
  serviceId: string;
  staffId: string | null;
  startAt: Date;
  pricePaid: number;
  status: VisitStatus;
}

export interface AdapterAppointment {
  id: string;
  client: { id: string | null; name: string | null; phone: string | null };
  serviceId: string;
  staffId: string;
  startAt: Date;
  endAt: Date;
  price: number;
}

export interface AdapterSlot {
  serviceId: string;
  staffId: string;
  startAt: Date;
  endAt: Date;
}

export interface AdapterBooking {
  id: string;
  startAt: Date;
  endAt: Date;
}

export class SlotUnavailableError extends Error {
  override readonly name = 'SlotUnavailableError';
}

/** The booking system refused the call or could not be reached; `status` is its HTTP status when there was one. */
export class BookingProviderError extends Error {
  override readonly name = 'BookingProviderError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
