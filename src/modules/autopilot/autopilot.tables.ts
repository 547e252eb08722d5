import type { Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, UpdatedAt } from '../../platform/db/column-types.ts';

export interface AutopilotSettingsTable {
  organization_id: string;
  default_on: Generated<boolean>;
  faq: JsonDefault<Array<{ question: string; answer: string }>>;
  typing_delay_seconds: Generated<number>;
  working_hours: Json<{ start: string; end: string; daysOfWeek: number[] }> | null;
  handover_phrases: Json<string[]> | null;
  updated_at: UpdatedAt;
}

export interface AutopilotRepliesTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  lead_id: string | null;
  trigger_message_id: string;
  outcome: 'replied' | 'handed_over' | 'skipped';
  reason: string;
  reply_message_id: string | null;
  provider: string | null;
  model: string | null;
  fallback_reason: string | null;
  created_at: CreatedAt;
}

/** The tables the autopilot module owns: only its own files name them in SQL. */
export interface AutopilotTables {
  autopilot_settings: AutopilotSettingsTable;
  autopilot_replies: AutopilotRepliesTable;
}
