import type { ColumnType, Generated } from 'kysely';

/** Tables of the warm-up levels (account health, channels module). */
export interface WarmupTables {
  channel_account_warmup: ChannelAccountWarmupTable;
}

export interface ChannelAccountWarmupTable {
  channel_account_id: string;
  organization_id: string;
  level: Generated<number>;
  curve_started_at: ColumnType<Date, Date | string, Date | string>;
  /** A local day as `YYYY-MM-DD`. */
  evaluated_through: ColumnType<string, string, string>;
  dropped_on: ColumnType<string | null, string | null | undefined, string | null>;
  changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  change_reason: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
