import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export type ChannelType = 'sandbox' | 'evolution' | 'whatsapp_cloud' | 'telegram_bot' | 'telegram_user';

export interface ChannelAccountsTable {
  id: Generated<string>;
  organization_id: string;
  channel: ChannelType;
  name: string;
  address: string | null;
  status: Generated<'active' | 'paused' | 'disconnected'>;
  settings: JsonDefault;
  secrets_encrypted: string | null;
  webhook_secret: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** What the provider last said about the connection (see ChannelProviderState in the channels module). */
  provider_state: JsonDefault;
}

/** Telegram bots in polling mode: the getUpdates offset and a lease so one process polls a bot at a time. */
export interface ChannelPollsTable {
  channel_account_id: string;
  organization_id: string;
  /** bigint: a decimal string from node-postgres, a number from PGlite; read it with Number(). */
  update_offset: ColumnType<string | number, string | number | undefined, string | number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  next_poll_at: ColumnType<Date, Date | string | undefined, Date | string>;
  failures: Generated<number>;
  last_error: string | null;
  last_polled_at: Timestamp | null;
}

export type ChannelAccount = Selectable<ChannelAccountsTable>;

export interface SandboxDeliveriesTable {
  id: Generated<string>;
  organization_id: string;
  channel_account_id: string;
  client_ref: string;
  external_chat_id: string;
  text: string;
  created_at: CreatedAt;
}

/** Peers a Telegram user account has seen, with the access_hash MTProto needs to address them again. */
export interface TelegramUserPeersTable {
  channel_account_id: string;
  organization_id: string;
  /** Marked id: "123" a user, "-123" a basic group, "-100123" a channel or supergroup. */
  peer_id: string;
  kind: 'user' | 'chat' | 'channel';
  access_hash: string | null;
  username: string | null;
  phone: string | null;
  title: string | null;
  broadcast: Generated<boolean>;
  updated_at: UpdatedAt;
}

export interface TelegramGroupMembersTable {
  organization_id: string;
  channel_account_id: string;
  telegram_chat_id: string;
  chat_title: string | null;
  peer_type: Generated<'chat' | 'channel'>;
  contact_id: string;
  created_at: CreatedAt;
}

export interface ChannelSendSignalsTable {
  organization_id: string;
  channel_account_id: string;
  hour_start: Timestamp;
  sent: Generated<number>;
  failed: Generated<number>;
  recipient_invalid: Generated<number>;
  rate_limited: Generated<number>;
  auth_revoked: Generated<number>;
  rejected: Generated<number>;
}

export interface ChannelAccountHealthTable {
  channel_account_id: string;
  organization_id: string;
  first_send_at: Timestamp | null;
  total_sent: Generated<number>;
  total_attempts: Generated<number>;
  paused_at: Timestamp | null;
  pause_reasons: Json<unknown> | null;
  resumed_at: Timestamp | null;
  resume_baseline: Json<unknown> | null;
  updated_at: UpdatedAt;
}

export interface ChannelHealthSettingsTable {
  organization_id: string;
  thresholds: JsonDefault<Record<string, unknown>>;
  updated_at: UpdatedAt;
}

/** The tables the channels module owns: only its own files name them in SQL. */
export interface ChannelsTables {
  channel_accounts: ChannelAccountsTable;
  channel_polls: ChannelPollsTable;
  sandbox_deliveries: SandboxDeliveriesTable;
  telegram_user_peers: TelegramUserPeersTable;
  telegram_group_members: TelegramGroupMembersTable;
  channel_send_signals: ChannelSendSignalsTable;
  channel_account_health: ChannelAccountHealthTable;
  channel_health_settings: ChannelHealthSettingsTable;
  telegram_member_reads: TelegramMemberReadsTable;
}

/** A Telegram group's members being read into a campaign audience in the background, with its progress. */
export interface TelegramMemberReadsTable {
  id: Generated<string>;
  organization_id: string;
  channel_account_id: string;
  group_id: string;
  group_title: string | null;
  filters: JsonDefault;
  status: Generated<'queued' | 'running' | 'completed' | 'cancelled' | 'failed'>;
  cancel_requested: Generated<boolean>;
  total: number | null;
  read_count: Generated<number>;
  kept_count: Generated<number>;
  created_count: Generated<number>;
  retry_after_seconds: number | null;
  error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}
