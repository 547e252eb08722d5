import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Timestamp } from '../../platform/db/column-types.ts';

export interface ImportRunsTable {
  id: Generated<string>;
  organization_id: string;
  source: 'whatsapp' | 'telegram' | 'evolution' | 'csv';
  status: Generated<'queued' | 'running' | 'completed' | 'failed'>;
  is_dry_run: Generated<boolean>;
  file_name: string | null;
  options: JsonDefault;
  progress: JsonDefault;
  report: Json | null;
  error: string | null;
  created_by_user_id: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ImportFilesTable {
  run_id: string;
  /** Uploads are stored in parts of a few MiB (0, 1, …) so no process holds a whole export in memory. */
  part: Generated<number>;
  organization_id: string;
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  created_at: CreatedAt;
}

/** The tables the imports module owns: only its own files name them in SQL. */
export interface ImportsTables {
  import_runs: ImportRunsTable;
  import_files: ImportFilesTable;
  evolution_db_syncs: EvolutionDbSyncsTable;
}

/** Evolution API's own database as a source for one Evolution channel account (seed 001). */
export interface EvolutionDbSyncsTable {
  channel_account_id: string;
  organization_id: string;
  db_url_sealed: string;
  instance_name: string;
  interval_minutes: number | null;
  cursor_timestamp: ColumnType<string | null, number | string | null, number | string | null>;
  cursor_id: string | null;
  last_sync_at: Timestamp | null;
  last_result: Json | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}
