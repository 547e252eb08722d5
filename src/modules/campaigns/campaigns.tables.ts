import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed';

export type ParticipantStatus = 'pending' | 'sent' | 'delivered' | 'replied' | 'bounced' | 'stopped' | 'opted_out';

export interface CampaignsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  status: Generated<CampaignStatus>;
  channel_account_id: string | null;
  schedule: Json<unknown> | null;
  target_audience: JsonDefault<unknown>;
  lead_creation_settings: Json<unknown> | null;
  settings: JsonDefault<unknown>;
  created_by_user_id: string | null;
  started_at: Timestamp | null;
  paused_at: Timestamp | null;
  completed_at: Timestamp | null;
  completed_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignTemplatesTable {
  id: Generated<string>;
  organization_id: string;
  campaign_id: string | null;
  name: string;
  channel: string | null;
  content: string;
  conditions: Json<unknown> | null;
  step_owned: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignStepsTable {
  id: Generated<string>;
  organization_id: string;
  campaign_id: string;
  order_index: number;
  template_id: string;
  delay_minutes: Generated<number>;
  trigger_type: Generated<'delay' | 'after_reply'>;
  conditions: Json<unknown> | null;
  variants: JsonDefault<unknown>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignParticipantsTable {
  id: Generated<string>;
  organization_id: string;
  campaign_id: string;
  contact_id: string;
  channel_account_id: string | null;
  conversation_id: string | null;
  status: Generated<ParticipantStatus>;
  current_step: Generated<number>;
  anchor_at: Timestamp;
  next_send_at: Timestamp | null;
  first_sent_at: Timestamp | null;
  last_sent_at: Timestamp | null;
  replied_at: Timestamp | null;
  last_reply_at: Timestamp | null;
  finished_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  claim_token: string | null;
  lead_id: string | null;
  metadata: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CampaignSendsTable {
  id: Generated<string>;
  organization_id: string;
  campaign_id: string;
  participant_id: string;
  step_id: string;
  step_index: number;
  variant: Generated<string>;
  channel_account_id: string | null;
  message_id: string;
  status: 'sending' | 'sent' | 'failed' | 'unknown';
  external_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  read_at: Timestamp | null;
  replied_at: Timestamp | null;
}

export interface CampaignAudienceMembersTable {
  campaign_id: string;
  organization_id: string;
  contact_id: string;
  source: Generated<string>;
  created_at: CreatedAt;
}

export interface CampaignSettingsTable {
  organization_id: string;
  opt_out_phrases: ColumnType<string[], string[], string[]>;
  updated_at: UpdatedAt;
}

/** The tables the campaigns module owns: only its own files name them in SQL. */
export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_templates: CampaignTemplatesTable;
  campaign_steps: CampaignStepsTable;
  campaign_participants: CampaignParticipantsTable;
  campaign_sends: CampaignSendsTable;
  campaign_audience_members: CampaignAudienceMembersTable;
  campaign_settings: CampaignSettingsTable;
}
