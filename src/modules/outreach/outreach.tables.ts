import type { ColumnType } from 'kysely';
import type { SendWindow } from './engine/quiet-hours.ts';

/** The outreach module's own tables (account_send_budget is still declared with the campaigns' tables). */
export interface OutreachSettingsTable {
  organization_id: string;
  send_window: ColumnType<SendWindow | null, SendWindow | string | null | undefined, SendWindow | string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OutreachTables {
  outreach_settings: OutreachSettingsTable;
}
