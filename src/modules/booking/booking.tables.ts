import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Numeric, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface BookingServicesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  category: string | null;
  duration_minutes: number;
  price: Numeric;
  currency: string;
  is_active: Generated<boolean>;
  source: Generated<string>;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Working hours per weekday in the organization's time zone: { mon: [['09:00', '18:00']], … }. */
export type WorkingHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>>;

export interface BookingStaffTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  working_hours: JsonDefault<WorkingHours>;
  is_active: Generated<boolean>;
  source: Generated<string>;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingStaffServicesTable {
  organization_id: string;
  staff_id: string;
  service_id: string;
}

export type VisitStatus = 'completed' | 'no_show' | 'cancelled';

export type AppointmentStatus = 'booked' | 'completed' | 'cancelled' | 'no_show';

export interface BookingVisitsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  service_id: string;
  staff_id: string | null;
  start_at: Timestamp;
  price_paid: Numeric;
  currency: string;
  status: Generated<VisitStatus>;
  source: Generated<string>;
  external_id: string | null;
  fingerprint: string;
  import_id: string | null;
  created_at: CreatedAt;
}

export interface BookingAppointmentsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  service_id: string;
  staff_id: string;
  start_at: Timestamp;
  end_at: Timestamp;
  price: Numeric;
  currency: string;
  status: Generated<AppointmentStatus>;
  source: Generated<string>;
  external_id: string | null;
  comment: string | null;
  visit_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  cancelled_at: Timestamp | null;
}

export interface BookingSettingsTable {
  organization_id: string;
  provider: Generated<'builtin' | 'yclients'>;
  slot_step_minutes: Generated<number>;
  min_lead_minutes: Generated<number>;
  yclients: Json<{ companyId: string; baseUrl: string }> | null;
  secrets_encrypted: string | null;
  last_sync: Json<unknown> | null;
  updated_at: UpdatedAt;
}

export interface BookingVisitImportsTable {
  id: Generated<string>;
  organization_id: string;
  file_name: string | null;
  report: Json<unknown>;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

/** A local calendar date, 'YYYY-MM-DD' (the organization's zone). */
type LocalDate = ColumnType<string, string, string>;

export type TimeOffKind = 'vacation' | 'day_off';

export interface BookingStaffTimeOffTable {
  id: Generated<string>;
  organization_id: string;
  staff_id: string;
  kind: TimeOffKind;
  starts_on: LocalDate;
  /** Inclusive. */
  ends_on: LocalDate;
  note: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The tables the booking module owns: only its own files name them in SQL. */
export interface BookingTables {
  booking_staff_time_off: BookingStaffTimeOffTable;
  booking_services: BookingServicesTable;
  booking_staff: BookingStaffTable;
  booking_staff_services: BookingStaffServicesTable;
  booking_visits: BookingVisitsTable;
  booking_appointments: BookingAppointmentsTable;
  booking_settings: BookingSettingsTable;
  booking_visit_imports: BookingVisitImportsTable;
}
