import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface PipelinesTable {
  id: Generated<string>;
  organization_id: string;
  key: string;
  name: string;
  is_default: Generated<boolean>;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PipelineStagesTable {
  id: Generated<string>;
  organization_id: string;
  pipeline_id: string;
  key: string;
  name: string;
  position: number;
  kind: Generated<'open' | 'won' | 'lost'>;
  base_score: number | null;
  /** What the stage means, for the stage classifier (import `--use-llm`). */
  description: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LeadsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  pipeline_id: string;
  stage_id: string;
  owner_user_id: string | null;
  title: string | null;
  /** numeric comes back from the driver as a string to keep precision. */
  value: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  currency: string | null;
  score: number | null;
  interest_level: 'hot' | 'warm' | 'cold' | null;
  source: Generated<string>;
  autopilot: Generated<boolean>;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LeadStageHistoryTable {
  id: Generated<string>;
  organization_id: string;
  lead_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  changed_by_user_id: string | null;
  source: Generated<string>;
  reason: string | null;
  created_at: CreatedAt;
}

export type Pipeline = Selectable<PipelinesTable>;

export type PipelineStage = Selectable<PipelineStagesTable>;

export type Lead = Selectable<LeadsTable>;

export interface LeadNotesTable {
  id: Generated<string>;
  organization_id: string;
  lead_id: string;
  author_user_id: string | null;
  body: string;
  created_at: CreatedAt;
}

/** The tables the pipelines module owns: only its own files name them in SQL. */
export interface PipelinesTables {
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  leads: LeadsTable;
  lead_stage_history: LeadStageHistoryTable;
  lead_notes: LeadNotesTable;
}
