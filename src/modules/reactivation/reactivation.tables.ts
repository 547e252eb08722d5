import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, NullableNumeric, Numeric, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface ReactivationSettingsTable {
  organization_id: string;
  is_enabled: Generated<boolean>;
  business_type: Generated<string>;
  daily_run_time: Generated<string>;
  daily_limit: Generated<number>;
  recent_contact_days: Generated<number>;
  max_overdue_days: Generated<number>;
  vip_min_visits: Generated<number>;
  vip_min_spend: NullableNumeric;
  regular_min_visits: Generated<number>;
  service_min_intervals: Generated<number>;
  client_min_intervals: Generated<number>;
  slot_horizon_days: Generated<number>;
  slots_per_client: Generated<number>;
  last_run_at: Timestamp | null;
  updated_at: UpdatedAt;
  auto_approve: Generated<boolean>;
  channel_account_id: string | null;
  send_window: JsonDefault<{ start: string; end: string; daysOfWeek: number[] }>;
  max_attempts: Generated<number>;
  attempt_spacing_days: Generated<number>;
  attribution_window_days: Generated<number>;
  message_cost: Numeric;
}

export type IntervalSource = 'manual' | 'historical' | 'ai' | 'default';

export interface ReactivationRulesTable {
  id: Generated<string>;
  organization_id: string;
  service_id: string;
  is_active: Generated<boolean>;
  manual_interval_days: number | null;
  historical_interval_days: number | null;
  historical_sample: Generated<number>;
  ai_interval_days: number | null;
  ai_reasoning: string | null;
  ai_model: string | null;
  default_interval_days: number;
  interval_days: number;
  interval_source: IntervalSource;
  use_client_history: Generated<boolean>;
  attempt_discounts: ColumnType<number[], number[] | undefined, number[]>;
  computed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ReactivationCampaignStatus = 'queued' | 'active' | 'responded' | 'booked' | 'booked_direct' | 'declined' | 'opted_out' | 'no_response' | 'cancelled';

export interface ReactivationCampaignsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  service_id: string;
  rule_id: string | null;
  status: Generated<ReactivationCampaignStatus>;
  segment: 'vip' | 'regular' | 'new';
  overdue_days: Generated<number>;
  interval_days: number;
  interval_source: string;
  attempt: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  preferences: Json<unknown> | null;
  offered_slots: JsonDefault<unknown>;
  appointment_id: string | null;
  revenue: NullableNumeric;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_at: Timestamp | null;
}

export interface ReactivationRunsTable {
  id: Generated<string>;
  organization_id: string;
  run_date: ColumnType<string, string, string>;
  status: Generated<'running' | 'done' | 'failed'>;
  trigger: Generated<'schedule' | 'manual'>;
  created: Generated<number>;
  followups: Generated<number>;
  error: string | null;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
}

export type ReactivationAttemptStatus = 'pending_review' | 'approved' | 'scheduled' | 'sent' | 'replied' | 'booked' | 'declined' | 'opted_out' | 'skipped' | 'failed' | 'expired';

export interface ReactivationAttemptsTable {
  id: Generated<string>;
  organization_id: string;
  run_id: string;
  client_campaign_id: string;
  contact_id: string;
  service_id: string;
  staff_id: string | null;
  attempt_number: number;
  discount_percent: Generated<number>;
  slots: JsonDefault<unknown>;
  message: string;
  message_source: 'ai' | 'template';
  status: ReactivationAttemptStatus;
  scheduled_at: Timestamp | null;
  send_claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
  channel_account_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  reply_class: 'positive' | 'negative' | 'neutral' | null;
  replied_at: Timestamp | null;
  booked_appointment_id: string | null;
  booked_directly: Generated<boolean>;
  revenue: NullableNumeric;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ReactivationRepliesTable {
  id: Generated<string>;
  organization_id: string;
  attempt_id: string;
  message_id: string;
  body: string;
  reply_class: 'positive' | 'negative' | 'neutral';
  intent: string;
  source: 'ai' | 'rules';
  action: string;
  received_at: Timestamp;
  created_at: CreatedAt;
}

/** The tables the reactivation module owns: only its own files name them in SQL. */
export interface ReactivationTables {
  reactivation_settings: ReactivationSettingsTable;
  reactivation_rules: ReactivationRulesTable;
  reactivation_campaigns: ReactivationCampaignsTable;
  reactivation_runs: ReactivationRunsTable;
  reactivation_attempts: ReactivationAttemptsTable;
  reactivation_replies: ReactivationRepliesTable;
}
