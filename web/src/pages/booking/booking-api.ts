// The booking API as the Booking pages use it (docs/booking.md): connection, services, staff and their time off,
// appointments, and the visits CSV import with its preview.
import { api, request } from '../../api.ts';
import type { Page } from '../../types.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type WorkingHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface LastSync {
  status?: 'queued' | 'running' | 'succeeded' | 'failed';
  requestedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  counts?: Record<string, number>;
}

export interface BookingSettings {
  provider: 'builtin' | 'yclients';
  slotStepMinutes: number;
  minLeadMinutes: number;
  yclients: { companyId: string; baseUrl: string; hasPartnerToken: boolean; hasUserToken: boolean } | null;
  lastSync: LastSync | null;
}

export interface ConnectionTest {
  ok: boolean;
  provider: 'builtin' | 'yclients';
  services: number;
  staff: number;
  error: string | null;
}

export interface Service {
  id: string;
  name: string;
  category: string | null;
  durationMinutes: number;
  price: number;
  currency: string;
  isActive: boolean;
  source: string;
  staffIds: string[];
}

export interface Staff {
  id: string;
  name: string;
  workingHours: WorkingHours;
  isActive: boolean;
  source: string;
  serviceIds: string[];
}

export interface TimeOff {
  id: string;
  staffId: string;
  kind: 'vacation' | 'day_off';
  startsOn: string;
  endsOn: string;
  note: string | null;
}

export type AppointmentStatus = 'booked' | 'completed' | 'cancelled' | 'no_show';

export interface Appointment {
  id: string;
  contactId: string;
  contactName?: string | null;
  serviceId: string;
  staffId: string;
  startAt: string;
  endAt: string;
  price: number;
  currency: string;
  status: AppointmentStatus;
  comment: string | null;
}

export interface FreeSlot {
  serviceId: string;
  staffId: string;
  staffName: string;
  startAt: string;
  endAt: string;
}

export const VISIT_COLUMNS = ['phone', 'name', 'service', 'staff', 'date', 'time', 'price', 'status', 'category', 'duration'] as const;
export type VisitColumn = (typeof VISIT_COLUMNS)[number];
/** A header title per column; '' for "not in the file"; absent: detected by the server. */
export type ColumnChoice = Partial<Record<VisitColumn, string>>;

export interface VisitImportPreview {
  headers: string[];
  mapping: Record<VisitColumn, string | null>;
  lines: number;
  valid: number;
  badLines: number;
  sample: Array<{ line: number; phone: string; name: string | null; service: string; staff: string | null; startAt: string; price: number | null; status: string }>;
  errors: VisitLineProblem[];
}

export interface VisitImportReport {
  id: string;
  fileName: string | null;
  lines: number;
  imported: number;
  duplicates: number;
  badLines: number;
  contactsCreated: number;
  servicesCreated: number;
  staffCreated: number;
  errors: VisitLineProblem[];
}

export const bookingKeys = {
  settings: ['booking', 'settings'] as const,
  services: ['booking', 'services'] as const,
  staff: ['booking', 'staff'] as const,
  timeOff: ['booking', 'time-off'] as const,
  appointments: (from: string, to: string) => ['booking', 'appointments', from, to] as const,
};

/** The path with the column choices; an empty value ("not in this file") is kept, unlike withQuery. */
function withColumns(path: string, choice: ColumnChoice, fileName?: string): string {
  const params = new URLSearchParams();
  if (fileName) params.set('fileName', fileName);
  for (const [column, header] of Object.entries(choice)) params.set(`${column}Column`, header ?? '');
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Every page of a paged list (the calendar shows a week at most, so this stays small). */
async function all<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await api.get<Page<T>>(path, { ...query, limit: '200', ...(cursor ? { cursor } : {}) }, { signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const bookingApi = {
  settings: (signal?: AbortSignal) => api.get<BookingSettings>('/api/booking/settings', undefined, { signal }),
  saveSettings: (body: Record<string, unknown>) => request<BookingSettings>('PUT', '/api/booking/settings', body),
  testConnection: () => api.post<ConnectionTest>('/api/booking/settings/test'),
  syncNow: () => api.post<BookingSettings>('/api/booking/sync'),
  services: (signal?: AbortSignal) => api.get<{ items: Service[] }>('/api/booking/services', undefined, { signal }).then((r) => r.items),
  createService: (body: Record<string, unknown>) => api.post<Service>('/api/booking/services', body),
  updateService: (id: string, body: Record<string, unknown>) => api.patch<Service>(`/api/booking/services/${id}`, body),
  deleteService: (id: string) => api.delete<{ ok: true; archived: boolean }>(`/api/booking/services/${id}`),
  staff: (signal?: AbortSignal) => api.get<{ items: Staff[] }>('/api/booking/staff', undefined, { signal }).then((r) => r.items),
  createStaff: (body: Record<string, unknown>) => api.post<Staff>('/api/booking/staff', body),
  updateStaff: (id: string, body: Record<string, unknown>) => api.patch<Staff>(`/api/booking/staff/${id}`, body),
  deleteStaff: (id: string) => api.delete<{ ok: true; archived: boolean }>(`/api/booking/staff/${id}`),
  timeOff: (since: string, signal?: AbortSignal) => api.get<{ items: TimeOff[] }>('/api/booking/time-off', { since }, { signal }).then((r) => r.items),
  addTimeOff: (staffId: string, body: { kind: TimeOff['kind']; startsOn: string; endsOn: string; note?: string | null }) => api.post<TimeOff>(`/api/booking/staff/${staffId}/time-off`, body),
  deleteTimeOff: (staffId: string, id: string) => api.delete<{ ok: true }>(`/api/booking/staff/${staffId}/time-off/${id}`),
  appointments: (from: string, to: string, signal?: AbortSignal) => all<Appointment>('/api/booking/appointments', { from, to }, signal),
  freeSlots: (query: { serviceId: string; staffId?: string; from: string; to: string }, signal?: AbortSignal) =>
    api.get<{ items: FreeSlot[] }>('/api/booking/free-slots', query, { signal }).then((r) => r.items),
  book: (body: { contactId: string; serviceId: string; staffId: string; startAt: string; comment?: string | null }) => api.post<Appointment>('/api/booking/appointments', body),
  move: (id: string, body: { startAt: string; staffId?: string }) => api.post<Appointment>(`/api/booking/appointments/${id}/move`, body),
  cancel: (id: string) => api.post<Appointment>(`/api/booking/appointments/${id}/cancel`),
  complete: (id: string, status: 'completed' | 'no_show') => api.post<Appointment>(`/api/booking/appointments/${id}/complete`, { status }),
  previewVisits: (file: Blob, choice: ColumnChoice) => api.upload<VisitImportPreview>(withColumns('/api/booking/visit-imports/preview', choice), {}, file),
  importVisits: (file: Blob, choice: ColumnChoice, fileName: string) => api.upload<VisitImportReport>(withColumns('/api/booking/visit-imports', choice, fileName.slice(0, 255)), {}, file),
};

/** A skipped line of a visits CSV: `code` and `params` are worded in the reader's language; `reason` is the server's English. */
export interface VisitLineProblem {
  line: number;
  code?: 'phone_empty' | 'phone_invalid' | 'service_empty' | 'date_empty' | 'date_invalid' | 'date_future' | 'price_invalid' | 'status_invalid' | 'duration_invalid';
  params?: Record<string, string>;
  reason: string;
}
