// Shapes of the campaigns API (src/modules/campaigns/campaigns.schemas.ts) as the UI reads them.

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed';
export type ParticipantStatus = 'pending' | 'sent' | 'delivered' | 'replied' | 'bounced' | 'stopped' | 'opted_out';
export type AudienceSource = 'crm' | 'csv' | 'telegram_group';
export type StepTrigger = 'delay' | 'after_reply';
export type RuleField = 'first_name' | 'last_name' | 'email' | 'phone' | 'telegram_id' | 'company_name';
export type RuleOp = 'equals' | 'not_equals' | 'contains' | 'empty' | 'not_empty';

export const RULE_FIELDS: RuleField[] = ['first_name', 'last_name', 'email', 'phone', 'telegram_id', 'company_name'];
export const RULE_OPS: RuleOp[] = ['equals', 'not_equals', 'contains', 'empty', 'not_empty'];
export const PARTICIPANT_STATUSES: ParticipantStatus[] = ['pending', 'sent', 'delivered', 'replied', 'bounced', 'stopped', 'opted_out'];

export interface Schedule {
  timezone: string;
  workingHours: { start: string; end: string } | null;
  daysOfWeek: number[] | null;
  useContactTimezone: boolean;
  jitterMinutes: number;
}

export interface AudienceFilters {
  hasTelegram?: boolean | null;
  hasPhone?: boolean | null;
  hasEmail?: boolean | null;
  companyId?: string | null;
  pipelineId?: string | null;
  stageIds?: string[] | null;
  tags?: string[] | null;
  search?: string | null;
  language?: string | null;
  outreachStatus?: 'new' | 'in_outreach' | null;
}

export interface TargetAudience {
  source?: AudienceSource | null;
  filters?: AudienceFilters | null;
  contactIds?: string[] | null;
  limit?: number | null;
  onlyNew?: boolean | null;
  bdAccountId?: string | null;
  sendDelaySeconds?: number | null;
  telegramGroup?: { bdAccountId?: string | null; telegramChatId: string } | null;
}

export interface LeadCreation {
  trigger: 'on_first_send' | 'on_reply';
  pipelineId: string | null;
  stageId: string | null;
}

export interface ContactRule {
  field: RuleField;
  op: RuleOp;
  value?: string | null;
}

export interface StageRule {
  pipelineId: string;
  stageIds: string[];
}

export interface StepConditions {
  stopIfReplied?: boolean | null;
  contact?: ContactRule[] | null;
  inPipelineStage?: StageRule | null;
  notInPipelineStage?: StageRule | null;
}

export interface Step {
  id: string;
  order: number;
  templateId: string;
  content: string;
  trigger: StepTrigger;
  delayMinutes: number;
  delayHours: number;
  conditions: StepConditions | null;
  variants: Array<{ key: string; templateId: string; content: string; weight: number }>;
}

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  channelAccountId: string | null;
  schedule: Schedule | null;
  targetAudience: TargetAudience;
  leadCreationSettings: LeadCreation | null;
  settings: { stopOnReply: boolean; replyWindowHours: number };
  startedAt: string | null;
  pausedAt: string | null;
  completedAt: string | null;
  completedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignListItem extends Campaign {
  counts: { total: number; sent: number; replied: number; inProgress: number; replyRate: number | null };
}

export interface CampaignDetail extends Campaign {
  steps: Step[];
}

export interface Agent {
  id: string;
  name: string;
  channel: string;
  status: string;
  address: string | null;
  sentToday: number;
  activeCampaigns: number;
  limits: { paceSeconds: number | null; hourlyCap: number | null; dailyCap: number | null; warmup: { startDaily: number; dailyIncrease: number } | null };
  limitsAreDefault: boolean;
  todayAllowance: number | null;
  warmupDay: number | null;
  blockedUntil: string | null;
}

export interface PickerContact {
  id: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  telegramId: string | null;
  telegramUsername: string | null;
  outreachStatus: 'new' | 'in_outreach';
}

export interface AudiencePreview {
  matching: number;
  willJoin: number;
  channelAccountId: string;
  sample: Array<{ id: string; displayName: string; phone: string | null; telegramUsername: string | null }>;
}

export interface CsvReport {
  contactIds: string[];
  created: number;
  matched: number;
  skipped: Array<{ line: number; reason: string }>;
  listSize: number;
}

export interface GroupSource {
  bdAccountId: string;
  telegramChatId: string;
  title: string | null;
  peerType: 'chat' | 'channel';
  memberCount: number;
  sources: Array<'member_list' | 'chat_messages'>;
}

export interface Funnel {
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  bounced: number;
  stopped: number;
  optedOut: number;
  replyRate: number | null;
}

export interface VariantStats {
  key: string;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  replyRate: number | null;
}

export interface StepStats {
  stepId: string;
  order: number;
  trigger: string;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
  replyRate: number | null;
  variants: VariantStats[];
}

export interface CampaignStats extends Funnel {
  campaignId: string;
  status: CampaignStatus;
  messagesSent: number;
  messagesFailed: number;
  messagesUnknown: number;
  inProgress: number;
  finished: number;
  timeToFirstReply: { averageSeconds: number | null; medianSeconds: number | null };
  steps: StepStats[];
  daily: Array<{ date: string; sent: number; replied: number }>;
}

export interface Participant {
  id: string;
  contactId: string;
  contactName: string;
  contactPhone: string | null;
  status: ParticipantStatus;
  currentStep: number;
  nextSendAt: string | null;
  firstSentAt: string | null;
  lastSentAt: string | null;
  repliedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  leadId: string | null;
}
