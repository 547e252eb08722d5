import { z } from 'zod';
import { ZBusinessBrief, ZScoringRules } from './engine/analysis-schema.ts';
import { ANALYSIS_BUSINESS_TYPES, PRESET_PARTS } from './engine/business-presets.ts';
import { LEAD_SORTS } from './lead-search.ts';
import { ZLead } from '../pipelines/pipelines.schemas.ts';

const ZLevel = z.enum(['hot', 'warm', 'cold']);
const ZBool = z.enum(['true', 'false']).transform((value) => value === 'true');
const ZStageKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a stage key (lower_snake_case)');

/** The filters seed 001 lists, shared by the analysis list, stats, the CSV export and the leads board. */
export const ZLeadFilterQuery = z.object({
  interestLevel: ZLevel.optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  maxScore: z.coerce.number().int().min(0).max(100).optional(),
  funnelStage: ZStageKey.optional(),
  qualificationComplete: ZBool.optional(),
  channelAccountId: z.uuid().optional(),
  instanceName: z.string().trim().min(1).max(200).optional().describe('Channel account name'),
  q: z.string().trim().min(1).max(200).optional().describe('Contact name, phone digits, summary or niche'),
});

export const ZLeadListQuery = z.strictObject({
  ...ZLeadFilterQuery.shape,
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  ownerUserId: z.uuid().optional(),
  sort: z.enum(LEAD_SORTS).default('created_desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAnalysisListQuery = z.strictObject({
  ...ZLeadFilterQuery.shape,
  sort: z.enum(LEAD_SORTS).default('score_desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZStatsQuery = z.strictObject({ ...ZLeadFilterQuery.shape, pipelineId: z.uuid().optional() });

export const ZExportQuery = z.strictObject({
  ...ZLeadFilterQuery.shape,
  pipelineId: z.uuid().optional(),
  sort: z.enum(LEAD_SORTS).default('score_desc'),
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
  lang: z.enum(['en', 'ru']).default('en'),
});

export const ZAnalyzeBody = z.strictObject({
  channelAccountId: z.uuid().optional(),
  instanceName: z.string().trim().min(1).max(200).optional(),
  userAccountId: z.string().max(100).optional().describe('Accepted for seed 001 compatibility; the organization comes from the credentials'),
  minIncoming: z.number().int().min(0).max(1000).optional(),
  maxDialogs: z.number().int().min(1).max(1_000_000).optional(),
  maxContacts: z.number().int().min(1).max(1_000_000).optional(),
  force: z.boolean().optional(),
  useLlm: z.boolean().optional().describe('false: the offline analyser even when a model is configured'),
  conversationIds: z.array(z.uuid()).min(1).max(1000).optional(),
});

const ZStats = z.object({
  total: z.number(),
  analyzed: z.number(),
  skipped: z.number(),
  new_leads: z.number(),
  hot: z.number(),
  warm: z.number(),
  cold: z.number(),
  errors: z.number(),
});

export const ZAnalysisRun = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  params: z.record(z.string(), z.unknown()),
  progress: z.object({ total: z.number(), done: z.number() }),
  stats: ZStats.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const ZQualification = z.array(z.object({ question: z.string(), answer: z.string().nullable() }));
const ZBreakdown = z.array(z.object({ label: z.string(), points: z.number() }));

export const ZAnalysisSummary = z.object({
  id: z.string(),
  conversationId: z.string(),
  funnelStage: z.string(),
  score: z.number(),
  interestLevel: ZLevel,
  breakdown: ZBreakdown,
  niche: z.string().nullable(),
  role: z.string().nullable(),
  budget: z.string().nullable(),
  qualification: ZQualification,
  qualificationComplete: z.boolean(),
  signals: z.array(z.string()),
  summary: z.string(),
  nextAction: z.string(),
  language: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  fallbackReason: z.string().nullable(),
  promptVersion: z.number().nullable(),
  incomingCount: z.number(),
  messageCount: z.number(),
  lastMessageAt: z.string().nullable(),
  analyzedAt: z.string(),
});

export const ZBoardLead = ZLead.extend({
  contactPhone: z.string().nullable(),
  conversationId: z.string().nullable(),
  channel: z.string().nullable(),
  channelAccountId: z.string().nullable(),
  channelAccountName: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  analysis: ZAnalysisSummary.nullable(),
});

export const ZDialogAnalysis = ZAnalysisSummary.extend({
  contactId: z.string(),
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  channel: z.string().nullable(),
  channelAccountId: z.string().nullable(),
  channelAccountName: z.string().nullable(),
  leadId: z.string(),
  leadStageKey: z.string(),
  leadScore: z.number().nullable(),
  leadInterestLevel: ZLevel.nullable(),
  autopilot: z.boolean(),
});

export const ZHistoryItem = z.object({
  id: z.string(),
  conversationId: z.string(),
  isCurrent: z.boolean(),
  funnelStage: z.string(),
  score: z.number(),
  interestLevel: ZLevel,
  summary: z.string(),
  provider: z.string(),
  model: z.string(),
  fallbackReason: z.string().nullable(),
  messageCount: z.number(),
  analyzedAt: z.string(),
});

export const ZAnalysisDetail = ZAnalysisSummary.extend({ isCurrent: z.boolean(), lead: ZBoardLead, history: z.array(ZHistoryItem) });

export const ZLeadStats = z.object({
  total: z.number(),
  analysed: z.number(),
  hot: z.number(),
  warm: z.number(),
  cold: z.number(),
  averageScore: z.number().nullable(),
  qualificationComplete: z.number(),
  byStage: z.record(z.string(), z.number()),
  byNiche: z.record(z.string(), z.number()),
  byLanguage: z.record(z.string(), z.number()),
});

export const ZCreateDialogLead = z.strictObject({
  contactId: z.uuid().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  stageKey: ZStageKey.optional(),
  interestLevel: ZLevel.optional(),
  score: z.number().int().min(0).max(100).optional(),
  note: z.string().trim().min(1).max(10_000).optional(),
});

export const ZPatchDialogLead = z.strictObject({
  stageKey: ZStageKey.optional(),
  interestLevel: ZLevel.nullable().optional(),
  score: z.number().int().min(0).max(100).nullable().optional(),
  autopilot: z.boolean().optional(),
  ownerUserId: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  value: z.number().min(0).max(1e12).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').nullable().optional(),
});

export const ZPromptVersion = z.object({
  id: z.string(),
  version: z.number(),
  text: z.string(),
  source: z.enum(['generated', 'template', 'edited']),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  createdByUserId: z.string().nullable(),
  createdAt: z.string(),
});

export const ZBusinessType = z.enum(ANALYSIS_BUSINESS_TYPES);
export const ZPresetLanguage = z.enum(['ru', 'en']);

export const ZProfile = z.object({
  brief: ZBusinessBrief,
  scoring: ZScoringRules,
  completedAt: z.string().nullable(),
  businessType: ZBusinessType.nullable(),
  presetEdits: z.array(z.enum(PRESET_PARTS)),
  currentPrompt: ZPromptVersion.nullable(),
});

export const ZBusinessPreset = z.object({
  businessType: ZBusinessType,
  language: ZPresetLanguage,
  brief: z.object({ funnel: ZBusinessBrief.shape.funnel, signals: ZBusinessBrief.shape.signals.pick({ hot: true, cold: true, notes: true }) }),
  scoring: ZScoringRules,
});
export const ZPresetQuery = z.strictObject({ lang: ZPresetLanguage.optional() });
export const ZSetBusinessType = z.strictObject({
  businessType: ZBusinessType,
  /** true: the preset replaces scoring rules, stage meanings, questions and signals; false: only the type changes. */
  applyPreset: z.boolean(),
  /** The preset's language; default the organization's. */
  language: ZPresetLanguage.optional(),
});

export const ZSaveProfile = z.strictObject({ brief: ZBusinessBrief, complete: z.boolean().optional() });
export const ZSavePrompt = z.strictObject({ text: z.string().trim().min(20).max(20_000) });

/** Thresholds must leave room for warm: hot above warm. */
export const ZSaveScoring = ZScoringRules.refine((rules) => rules.thresholds.hot > rules.thresholds.warm, {
  message: 'hot threshold must be above the warm threshold',
  path: ['thresholds', 'hot'],
}).refine((rules) => new Set(rules.modifiers.map((m) => m.id)).size === rules.modifiers.length, { message: 'modifier ids must be unique', path: ['modifiers'] });

export const ZRunParams = z.strictObject({ runId: z.uuid() });
export const ZAnalysisParams = z.strictObject({ analysisId: z.uuid() });
export const ZLeadIdParams = z.strictObject({ leadId: z.uuid() });
export const ZNoteParams = z.strictObject({ leadId: z.uuid(), noteId: z.uuid() });

export const ZLeadCard = z.object({
  score: z.number(),
  interestLevel: ZLevel,
  breakdown: ZBreakdown,
  interestOverridden: z.boolean(),
  scoreOverridden: z.boolean(),
});

const ZTaskAgreement = z.object({ n: z.number(), agreement: z.number().nullable(), macroF1: z.number().nullable() });
const ZAgreement = z.object({ interest: ZTaskAgreement, stage: ZTaskAgreement });

export const ZModelStatus = z.object({
  source: z.enum(['organization', 'shipped', 'rules']),
  version: z.number().nullable(),
  trainedAt: z.string().nullable(),
  corrections: z.number(),
  pendingCorrections: z.number(),
  before: ZAgreement.nullable(),
  after: ZAgreement.nullable(),
});

export const ZRetrainResult = z.object({
  version: z.number(),
  corrections: z.number(),
  examples: z.number(),
  before: ZAgreement,
  after: ZAgreement,
  trainedAt: z.string(),
});
