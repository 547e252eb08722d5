import type { Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface BusinessProfilesTable {
  organization_id: string;
  brief: Json<unknown>;
  scoring: Json<unknown>;
  /** The business-type preset chosen (engine/business-presets.ts); null before one was. */
  business_type: string | null;
  completed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AnalysisPromptsTable {
  id: Generated<string>;
  organization_id: string;
  version: number;
  text: string;
  source: 'generated' | 'template' | 'edited';
  provider: string | null;
  model: string | null;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

export interface AnalysisRunsTable {
  id: Generated<string>;
  organization_id: string;
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed'>;
  params: JsonDefault;
  total: Generated<number>;
  done: Generated<number>;
  stats: Json | null;
  error: string | null;
  created_by_user_id: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DialogAnalysesTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  contact_id: string;
  lead_id: string;
  run_id: string | null;
  is_current: Generated<boolean>;
  funnel_stage: string;
  score: number;
  interest_level: 'hot' | 'warm' | 'cold';
  breakdown: JsonDefault<Array<{ label: string; points: number }>>;
  niche: string | null;
  role: string | null;
  budget: string | null;
  qualification: JsonDefault<Array<{ question: string; answer: string | null }>>;
  qualification_complete: Generated<boolean>;
  signals: JsonDefault<string[]>;
  summary: Generated<string>;
  next_action: Generated<string>;
  language: string | null;
  provider: string;
  model: string;
  fallback_reason: string | null;
  prompt_version: number | null;
  incoming_count: Generated<number>;
  message_count: Generated<number>;
  last_message_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AnalysisExclusionsTable {
  organization_id: string;
  conversation_id: string;
  created_at: CreatedAt;
}

/** What a person set on a lead by hand; null columns follow the analysis. */
export interface LeadOverridesTable {
  organization_id: string;
  lead_id: string;
  score: number | null;
  interest_level: 'hot' | 'warm' | 'cold' | null;
  updated_by_user_id: string | null;
  updated_at: UpdatedAt;
}

/** A manual change of interest or stage, kept with the dialog as it was: a labelled example for the organization. */
export interface AnalysisCorrectionsTable {
  id: Generated<string>;
  organization_id: string;
  lead_id: string | null;
  conversation_id: string | null;
  field: 'interest' | 'stage';
  value: string;
  previous: string | null;
  messages: JsonDefault<Array<{ from: 'client' | 'business'; text: string; at?: string }>>;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

/** The organization's own dialog model, retrained from the shipped examples plus its corrections. */
export interface OrgDialogModelsTable {
  organization_id: string;
  version: number;
  model: Json<unknown>;
  corrections: Generated<number>;
  agreement_before: Json<unknown> | null;
  agreement_after: Json<unknown> | null;
  trained_at: Timestamp;
}

/** The tables the analysis module owns: only its own files name them in SQL. */
export interface AnalysisTables {
  business_profiles: BusinessProfilesTable;
  analysis_prompts: AnalysisPromptsTable;
  lead_overrides: LeadOverridesTable;
  analysis_corrections: AnalysisCorrectionsTable;
  org_dialog_models: OrgDialogModelsTable;
  analysis_runs: AnalysisRunsTable;
  dialog_analyses: DialogAnalysesTable;
  analysis_exclusions: AnalysisExclusionsTable;
}
