// Shapes of the dialog-analysis API as the UI uses them (contract: docs/analysis.md).
import type { Lead } from './types.ts';

export type InterestLevel = 'hot' | 'warm' | 'cold';
export const INTEREST_LEVELS: readonly InterestLevel[] = ['hot', 'warm', 'cold'];

export interface BusinessBrief {
  business: { name: string; offer: string; niche: string; description: string };
  funnel: {
    stages: { key: string; meaning: string }[];
    qualificationQuestions: string[];
    qualifiedWhen: string;
  };
  signals: { hot: string[]; cold: string[]; toneOfVoice: string; notes: string };
}

export type ModifierField = 'niche' | 'role' | 'signal';
export const MODIFIER_FIELDS: readonly ModifierField[] = ['niche', 'role', 'signal'];

export interface ScoringModifier {
  id: string;
  label: string;
  field: ModifierField;
  values: string[];
  points: number;
}

export interface ScoringRules {
  modifiers: ScoringModifier[];
  thresholds: { hot: number; warm: number };
  minIncoming: number;
}

export type PromptSource = 'generated' | 'template' | 'edited';

export interface PromptVersion {
  id: string;
  version: number;
  text: string;
  source: PromptSource;
  provider: string | null;
  model: string | null;
  createdAt: string;
  createdByUserId: string | null;
}

export interface AnalysisProfile {
  brief: BusinessBrief;
  completedAt: string | null;
  scoring: ScoringRules;
  businessType: BusinessType | null;
  /** Parts a person changed since the business type's preset. */
  presetEdits: PresetPart[];
  currentPrompt: PromptVersion | null;
}

export interface AiSettings {
  mode: 'offline' | 'llm';
  source: 'organization' | 'environment' | 'none';
  baseUrl: string;
  model: string;
  hasKey: boolean;
  timeoutMs: number;
  concurrency: number;
  promptPricePer1k: number;
  completionPricePer1k: number;
  updatedAt?: string | null;
  /** Speech-to-text model for voice messages; null: voice messages are not transcribed. */
  transcriptionModel: string | null;
}

export interface AiTestResult {
  ok: boolean;
  mode?: 'offline' | 'llm';
  provider: string;
  model: string;
  latencyMs: number;
  fallbackReason: string | null;
}

export interface AiUsageSummary {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  fallbacks: number;
  byTask: { task: string; calls: number; costUsd: number }[];
}

export type AnalysisRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface AnalysisRunStats {
  total: number;
  analyzed: number;
  skipped: number;
  new_leads: number;
  hot: number;
  warm: number;
  cold: number;
  errors: number;
}

export interface AnalysisRun {
  id: string;
  status: AnalysisRunStatus;
  params: Record<string, unknown>;
  progress: { total: number; done: number } | null;
  stats: AnalysisRunStats | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The current analysis of a lead as GET /api/leads and GET /api/dialogs/analysis/:id carry it. */
export interface AnalysisSummary {
  id: string;
  conversationId: string;
  funnelStage: string;
  score: number;
  interestLevel: InterestLevel;
  breakdown: { label: string; points: number }[];
  niche: string | null;
  role: string | null;
  budget: string | null;
  qualification: { question: string; answer: string | null }[];
  qualificationComplete: boolean;
  signals: string[];
  summary: string;
  nextAction: string;
  language: string | null;
  provider: string;
  model: string;
  fallbackReason: string | null;
  promptVersion?: number | null;
  incomingCount: number;
  messageCount: number;
  lastMessageAt: string | null;
  analyzedAt: string;
}

/** One analysis of the conversation in the detail's history (the current one is marked). */
export interface AnalysisHistoryItem {
  id: string;
  conversationId: string;
  isCurrent?: boolean;
  funnelStage: string;
  score: number;
  interestLevel: InterestLevel;
  summary: string;
  provider: string;
  model: string;
  fallbackReason: string | null;
  messageCount: number;
  analyzedAt: string;
}

export interface AnalysisDetail extends AnalysisSummary {
  isCurrent?: boolean;
  lead?: BoardLead;
  history: AnalysisHistoryItem[];
}

export interface DialogStats {
  /** Leads matching the filters; `analysed` of them have an analysis. */
  total: number;
  analysed?: number;
  hot: number;
  warm: number;
  cold: number;
  averageScore: number | null;
  qualificationComplete: number;
  byStage: Record<string, number>;
  byNiche: Record<string, number>;
  byLanguage: Record<string, number>;
}

/** A lead as GET /api/leads lists it: the lead plus its contact's phone, conversation and current analysis. */
export interface BoardLead extends Lead {
  contactPhone: string | null;
  conversationId: string | null;
  lastMessageAt: string | null;
  channel?: string | null;
  channelAccountId?: string | null;
  channelAccountName?: string | null;
  analysis: AnalysisSummary | null;
}

export interface LeadNote {
  id: string;
  body: string;
  authorUserId: string | null;
  authorName: string | null;
  createdAt: string;
}

export interface StageHistoryEntry {
  id: string;
  fromStageId: string | null;
  toStageId: string;
  changedByUserId: string | null;
  source: string;
  reason: string | null;
  createdAt: string;
}

export const LEAD_SORTS = ['score_desc', 'score_asc', 'analyzed_desc', 'last_message_desc', 'created_desc'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

/** The filters shared by /leads, /dialogs/stats, /dialogs/analysis and /dialogs/export-csv. */
export interface LeadFilters {
  interestLevel?: InterestLevel;
  minScore?: number;
  funnelStage?: string;
  qualificationComplete?: 'true' | 'false';
  channelAccountId?: string;
  q?: string;
}

/** The signals an analyser may report (src/modules/analysis/engine/analysis-schema.ts). */
export const DIALOG_SIGNALS = [
  'price_asked',
  'budget_named',
  'role_named',
  'booking_requested',
  'booking_agreed',
  'visit_completed',
  'payment_made',
  'objection_price',
  'objection_time',
  'objection_trust',
  'competitor_mentioned',
  'not_interested',
  'no_reply_from_business',
  'positive_sentiment',
  'negative_sentiment',
  'service_named',
  'time_named',
  'specialist_named',
  'returning_client',
  'symptoms_described',
  'format_asked',
  'volume_named',
] as const;
export type DialogSignal = (typeof DIALOG_SIGNALS)[number];

/** Niche and role keys the offline analyser writes (src/modules/analysis/engine/lexicon.ts), for the scoring pickers. */
export const NICHE_KEYS = ['medicine', 'infobusiness', 'education', 'beauty', 'fitness', 'retail', 'food', 'realty', 'auto', 'services', 'tourism', 'legal', 'marketing'] as const;
export const ROLE_KEYS = ['owner', 'manager', 'marketer', 'targetologist', 'smm'] as const;

/** Business types with a preset (src/modules/analysis/engine/business-presets.ts). */
export const BUSINESS_TYPES = ['beauty_salon', 'clinic', 'education', 'b2b_services', 'infobusiness'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];
export type PresetPart = 'scoring' | 'stages' | 'questions' | 'signals';

export interface BusinessPreset {
  businessType: BusinessType;
  language: 'ru' | 'en';
  brief: { funnel: BusinessBrief['funnel']; signals: Pick<BusinessBrief['signals'], 'hot' | 'cold' | 'notes'> };
  scoring: ScoringRules;
}

/** The lead card's numbers, always adding up: score = Σ breakdown; interest by the bands unless a person chose it. */
export interface LeadCardScore {
  score: number;
  interestLevel: InterestLevel;
  breakdown: { label: string; points: number }[];
  interestOverridden: boolean;
  scoreOverridden: boolean;
}

export interface DialogModelStatus {
  source: 'organization' | 'shipped' | 'rules';
  version: number | null;
  trainedAt: string | null;
  corrections: number;
  pendingCorrections: number;
  before: Record<'interest' | 'stage', { n: number; agreement: number | null; macroF1: number | null }> | null;
  after: Record<'interest' | 'stage', { n: number; agreement: number | null; macroF1: number | null }> | null;
}
