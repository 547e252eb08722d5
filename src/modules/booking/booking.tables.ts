import type { ColumnType, Generated } from 'kysely';

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

/** The booking module's tables added after the first booking migration. */
export interface BookingTables {
  booking_staff_time_off: BookingStaffTimeOffTable;
}
