import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../platform/db/column-types.ts';

export interface AiCallsTable {
  id: Generated<string>;
  organization_id: string;
  task: string;
  provider: string;
  model: string;
  prompt_tokens: Generated<number>;
  completion_tokens: Generated<number>;
  /** numeric(12,6): read as a decimal string. */
  cost_usd: ColumnType<string, number | string | undefined, number | string>;
  latency_ms: Generated<number>;
  fallback_reason: string | null;
  created_at: CreatedAt;
}

export interface AiSettingsTable {
  organization_id: string;
  base_url: string;
  model: string;
  api_key_encrypted: string | null;
  timeout_ms: Generated<number>;
  concurrency: Generated<number>;
  prompt_price_per_1k: ColumnType<string, number | string | undefined, number | string>;
  completion_price_per_1k: ColumnType<string, number | string | undefined, number | string>;
  /** Speech-to-text model for voice notes (`/audio/transcriptions`); null: no transcription. */
  transcription_model: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: UpdatedAt;
}

/** The tables the ai module owns: only its own files name them in SQL. */
export interface AiTables {
  ai_calls: AiCallsTable;
  ai_settings: AiSettingsTable;
}
