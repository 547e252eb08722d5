import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;
import type { SendWindow } from './engine/quiet-hours.ts';

export interface OutreachSettingsTable {
  organization_id: string;
  send_window: ColumnType<SendWindow | null, SendWindow | string | null | undefined, SendWindow | string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Per sending account: its limits, its own send window, and the counters every send moves (the sending budget). */
export interface AccountSendBudgetTable {
  channel_account_id: string;
  organization_id: string;
  limits: Json<unknown> | null;
  warmup_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  next_slot_at: ColumnType<Date, Date | string | undefined, Date | string>;
  blocked_until: Timestamp | null;
  hour_start: Timestamp | null;
  hour_count: Generated<number>;
  day_start: Timestamp | null;
  day_count: Generated<number>;
  reply_waiting_since: Timestamp | null;
  single_waiting_since: Timestamp | null;
  send_window: ColumnType<unknown, unknown, unknown> | null;
  updated_at: UpdatedAt;
}

/** The outreach module's own tables. */
export interface OutreachTables {
  account_send_budget: AccountSendBudgetTable;
  outreach_settings: OutreachSettingsTable;
}
