import type { Generated } from 'kysely';
import type { CreatedAt, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface ReengagementSettingsTable {
  organization_id: string;
  settings: JsonDefault<Record<string, unknown>>;
  updated_at: UpdatedAt;
}

export interface ReengagementQueuesTable {
  id: Generated<string>;
  organization_id: string;
  queue_date: string;
  status: Generated<'forming' | 'ready' | 'failed'>;
  lease_until: Timestamp | null;
  channel_account_id: string | null;
  candidates: Generated<number>;
  eligible: Generated<number>;
  picked: Generated<number>;
  allowance: number | null;
  scorer: string | null;
  scorer_fallback_reason: string | null;
  window_start: Timestamp | null;
  window_end: Timestamp | null;
  slot_minutes: Generated<number>;
  min_gap_ms: Generated<number>;
  next_send_at: Timestamp | null;
  error: string | null;
  formed_at: Timestamp | null;
  created_at: CreatedAt;
}

export type ReengagementItemStatus = 'pending_review' | 'approved' | 'skipped' | 'sending' | 'sent' | 'failed' | 'replied' | 'converted' | 'no_reply' | 'expired' | 'cancelled';

export interface ReengagementItemsTable {
  id: Generated<string>;
  organization_id: string;
  queue_id: string;
  lead_id: string;
  contact_id: string;
  rank: number;
  priority: number;
  reasons: JsonDefault<Array<{ code: string; points: number; value?: string | number | null }>>;
  why: Generated<string>;
  stage_key: string;
  stage_position: number;
  days_quiet: number;
  message: string;
  generated_message: string;
  message_source: 'ai' | 'offline';
  status: ReengagementItemStatus;
  slot_start: Timestamp;
  scheduled_at: Timestamp;
  edited: Generated<boolean>;
  reviewed_by_user_id: string | null;
  reviewed_at: Timestamp | null;
  channel_account_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  sent_at: Timestamp | null;
  replied_at: Timestamp | null;
  reply_message_id: string | null;
  opted_out: Generated<boolean>;
  converted_at: Timestamp | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The tables the reengagement module owns: only its own files name them in SQL. */
export interface ReengagementTables {
  reengagement_settings: ReengagementSettingsTable;
  reengagement_queues: ReengagementQueuesTable;
  reengagement_items: ReengagementItemsTable;
}
