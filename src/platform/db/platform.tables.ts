import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, JsonDefault, Timestamp, UpdatedAt } from './column-types.ts';

export interface JobsTable {
  id: ColumnType<string, never, never>;
  organization_id: string | null;
  task: string;
  payload: JsonDefault;
  job_key: string | null;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  finished_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  applied_at: CreatedAt;
}

export type Job = Selectable<JobsTable>;

/** The tables the platform module owns: only its own files name them in SQL. */
export interface PlatformTables {
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
}
