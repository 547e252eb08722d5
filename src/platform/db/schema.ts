import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OutreachTables } from '../../modules/outreach/outreach.tables.ts';

/** Timestamps are read as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string, T | string>;
type JsonDefault<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type Role = 'owner' | 'admin' | 'agent';
export type ChannelType = 'sandbox' | 'evolution' | 'whatsapp_cloud' | 'telegram_bot' | 'telegram_user';
export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';

export interface MediaInfo {
  type: 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker' | 'contact' | 'location' | 'other';
  mimeType?: string | null;
  fileName?: string | null;
  size?: number | null;
  url?: string | null;
  caption?: string | null;
  omitted?: boolean;
  /** The stored file (`media_files.id`, served by `GET /api/media/:id`) once `media.download` fetched it. */
  mediaId?: string | null;
  /** Inbound media the channel lets Parley fetch: `pending` until the download job ran, then stored or failed. */
  download?: 'pending' | 'stored' | 'failed' | 'too_large' | null;
  /** A voice note or audio message as text, when a speech-to-text endpoint is configured. */
  transcript?: string | null;
}

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  default_region: Generated<string>;
  timezone: Generated<string>;
  locale: Generated<string>;
  currency: Generated<string>;
  settings: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  locale: string | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  organization_id: string;
  user_id: string;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organization_id: string;
  created_by_user_id: string;
  name: string;
  role: Role;
  token_prefix: string;
  token_hash: string;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CompaniesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  domain: string | null;
  phone_e164: string | null;
  custom_fields: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ContactsTable {
  id: Generated<string>;
  organization_id: string;
  company_id: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  phone_e164: string | null;
  phone_raw: string | null;
  email: string | null;
  telegram_id: string | null;
  telegram_username: string | null;
  language: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  custom_fields: JsonDefault;
  source: Generated<string>;
  opted_out_at: Timestamp | null;
  opt_out_reason: string | null;
  last_message_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

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

export interface ConversationsTable {
  id: Generated<string>;
  organization_id: string;
  channel: ChannelType | 'whatsapp_export' | 'telegram_export';
  channel_account_id: string | null;
  external_chat_id: string;
  contact_id: string | null;
  is_group: Generated<boolean>;
  title: string | null;
  last_message_at: Timestamp | null;
  last_message_preview: string | null;
  last_inbound_at: Timestamp | null;
  unread_count: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessagesTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound';
  kind: Generated<'text' | 'media' | 'system'>;
  external_id: string | null;
  author_contact_id: string | null;
  author_user_id: string | null;
  author_name: string | null;
  body: Generated<string>;
  media: Json<MediaInfo> | null;
  status: MessageStatus;
  error: string | null;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
  delivered_at: Timestamp | null;
  read_at: Timestamp | null;
  metadata: JsonDefault;
  created_at: CreatedAt;
}

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

export interface EventsTable {
  id: ColumnType<string, never, never>;
  organization_id: string;
  type: string;
  subject_type: string;
  subject_id: string | null;
  payload: JsonDefault;
  created_at: CreatedAt;
  dispatched_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organization_id: string;
  url: string;
  secret: string;
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
}

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

export interface DB extends OutreachTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  companies: CompaniesTable;
  contacts: ContactsTable;
  channel_accounts: ChannelAccountsTable;
  channel_polls: ChannelPollsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  leads: LeadsTable;
  lead_stage_history: LeadStageHistoryTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
  sandbox_deliveries: SandboxDeliveriesTable;
  import_runs: ImportRunsTable;
  import_files: ImportFilesTable;
  ai_calls: AiCallsTable;
  business_profiles: BusinessProfilesTable;
  analysis_prompts: AnalysisPromptsTable;
  analysis_runs: AnalysisRunsTable;
  dialog_analyses: DialogAnalysesTable;
  analysis_exclusions: AnalysisExclusionsTable;
  lead_notes: LeadNotesTable;
  ai_settings: AiSettingsTable;
  media_files: MediaFilesTable;
  autopilot_settings: AutopilotSettingsTable;
  autopilot_replies: AutopilotRepliesTable;
  notifications: NotificationsTable;
  campaigns: CampaignsTable;
  campaign_templates: CampaignTemplatesTable;
  campaign_steps: CampaignStepsTable;
  campaign_participants: CampaignParticipantsTable;
  campaign_sends: CampaignSendsTable;
  account_send_budget: AccountSendBudgetTable;
  channel_send_signals: ChannelSendSignalsTable;
  channel_account_health: ChannelAccountHealthTable;
  channel_health_settings: ChannelHealthSettingsTable;
  campaign_audience_members: CampaignAudienceMembersTable;
  telegram_group_members: TelegramGroupMembersTable;
  telegram_user_peers: TelegramUserPeersTable;
  campaign_settings: CampaignSettingsTable;
  booking_services: BookingServicesTable;
  booking_staff: BookingStaffTable;
  booking_staff_services: BookingStaffServicesTable;
  booking_visits: BookingVisitsTable;
  booking_appointments: BookingAppointmentsTable;
  booking_settings: BookingSettingsTable;
  booking_visit_imports: BookingVisitImportsTable;
  reactivation_settings: ReactivationSettingsTable;
  reactivation_rules: ReactivationRulesTable;
  reactivation_campaigns: ReactivationCampaignsTable;
  reactivation_runs: ReactivationRunsTable;
  reengagement_settings: ReengagementSettingsTable;
  reengagement_queues: ReengagementQueuesTable;
  reengagement_items: ReengagementItemsTable;
  reactivation_attempts: ReactivationAttemptsTable;
  reactivation_replies: ReactivationRepliesTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type Contact = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type Company = Selectable<CompaniesTable>;
export type ChannelAccount = Selectable<ChannelAccountsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type Pipeline = Selectable<PipelinesTable>;
export type PipelineStage = Selectable<PipelineStagesTable>;
export type Lead = Selectable<LeadsTable>;
export type Job = Selectable<JobsTable>;

export interface SandboxDeliveriesTable {
  id: Generated<string>;
  organization_id: string;
  channel_account_id: string;
  client_ref: string;
  external_chat_id: string;
  text: string;
  created_at: CreatedAt;
}

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
  organization_id: string;
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  created_at: CreatedAt;
}

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

export interface BusinessProfilesTable {
  organization_id: string;
  brief: Json<unknown>;
  scoring: Json<unknown>;
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

export interface LeadNotesTable {
  id: Generated<string>;
  organization_id: string;
  lead_id: string;
  author_user_id: string | null;
  body: string;
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

export interface MediaFilesTable {
  id: Generated<string>;
  organization_id: string;
  message_id: string;
  media_type: string;
  mime_type: string;
  file_name: string | null;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  transcript: string | null;
  transcript_model: string | null;
  transcribed_at: Timestamp | null;
  created_at: CreatedAt;
}

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

export interface AccountSendBudgetTable {
  channel_account_id: string;
  organization_id: string;
  limits: Json<unknown> | null;
  warmup_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  next_slot_at: ColumnType<Date, Date | string | undefined, Date | string>;
  blocked_until: Timestamp | null;
  hour_start: Timestamp | null;
  hour_count: Generated<number>;
  day_start: Timestamp | null;
  day_count: Generated<number>;
  reply_waiting_since: Timestamp | null;
  send_window: Json<unknown> | null;
  updated_at: UpdatedAt;
}

export interface CampaignAudienceMembersTable {
  campaign_id: string;
  organization_id: string;
  contact_id: string;
  source: Generated<string>;
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

export interface CampaignSettingsTable {
  organization_id: string;
  opt_out_phrases: ColumnType<string[], string[], string[]>;
  updated_at: UpdatedAt;
}

/** numeric columns come back from the driver as decimal strings. */
type Numeric = ColumnType<string, string | number | undefined, string | number>;
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface BookingServicesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  category: string | null;
  duration_minutes: number;
  price: Numeric;
  currency: string;
  is_active: Generated<boolean>;
  source: Generated<string>;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Working hours per weekday in the organization's time zone: { mon: [['09:00', '18:00']], … }. */
export type WorkingHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>>;

export interface BookingStaffTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  working_hours: JsonDefault<WorkingHours>;
  is_active: Generated<boolean>;
  source: Generated<string>;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingStaffServicesTable {
  organization_id: string;
  staff_id: string;
  service_id: string;
}

export type VisitStatus = 'completed' | 'no_show' | 'cancelled';
export type AppointmentStatus = 'booked' | 'completed' | 'cancelled' | 'no_show';

export interface BookingVisitsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  service_id: string;
  staff_id: string | null;
  start_at: Timestamp;
  price_paid: Numeric;
  currency: string;
  status: Generated<VisitStatus>;
  source: Generated<string>;
  external_id: string | null;
  fingerprint: string;
  import_id: string | null;
  created_at: CreatedAt;
}

export interface BookingAppointmentsTable {
  id: Generated<string>;
  organization_id: string;
  contact_id: string;
  service_id: string;
  staff_id: string;
  start_at: Timestamp;
  end_at: Timestamp;
  price: Numeric;
  currency: string;
  status: Generated<AppointmentStatus>;
  source: Generated<string>;
  external_id: string | null;
  comment: string | null;
  visit_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  cancelled_at: Timestamp | null;
}

export interface BookingSettingsTable {
  organization_id: string;
  provider: Generated<'builtin' | 'yclients'>;
  slot_step_minutes: Generated<number>;
  min_lead_minutes: Generated<number>;
  yclients: Json<{ companyId: string; baseUrl: string }> | null;
  secrets_encrypted: string | null;
  last_sync: Json<unknown> | null;
  updated_at: UpdatedAt;
}

export interface BookingVisitImportsTable {
  id: Generated<string>;
  organization_id: string;
  file_name: string | null;
  report: Json<unknown>;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

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

export interface NotificationsTable {
  id: Generated<string>;
  organization_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  subject_type: string | null;
  subject_id: string | null;
  link: string | null;
  read_at: Timestamp | null;
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
