import { z } from 'zod';

/**
 * The contract between Parley and whatever analyses a dialog (the offline analyser or a model): what the analyser
 * must answer. The score and hot/warm/cold are NOT part of it — they are computed from these facts by the
 * organization's scoring rules (scoring.ts), so they stay deterministic and configurable whoever analysed.
 * Strict JSON-schema output requires every key present: optional facts are `.nullable()`, never `.optional()`.
 */

/** Seed 001's funnel: the stage keys of the default ("consultation") pipeline. */
export const FUNNEL_STAGES = [
  'new_lead',
  'not_qualified',
  'qualified',
  'consultation_booked',
  'consultation_completed',
  'deal_closed',
  'deal_lost',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Facts the analyser reports as present in the dialog; scoring modifiers and the UI read them. */
export const CORE_SIGNALS = [
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
] as const;

/**
 * Facts the business-type presets score (a salon client names the service, the time, the master; a patient
 * describes symptoms; a student asks about the format). The trained model does not read them as features: it was
 * trained on CORE_SIGNALS, and its predictions must not move when a signal is added.
 */
export const BUSINESS_SIGNALS = ['service_named', 'time_named', 'specialist_named', 'returning_client', 'symptoms_described', 'format_asked', 'volume_named'] as const;

export const DIALOG_SIGNALS = [...CORE_SIGNALS, ...BUSINESS_SIGNALS] as const;
export type DialogSignal = (typeof DIALOG_SIGNALS)[number];

export const ZDialogAnalysisOutput = z.object({
  /** The client's business niche as a short lower-case key: medicine, infobusiness, beauty, education, retail, … or null. */
  niche: z.string().max(60).nullable(),
  /** The client's role as a short lower-case key: owner, manager, marketer, targetologist, smm, … or null. */
  role: z.string().max(60).nullable(),
  /** The budget the client named, verbatim (e.g. "50 000 ₽"), or null. */
  budget: z.string().max(120).nullable(),
  /** One entry per qualification question of the brief, in its order; answer null when the dialog does not tell. */
  qualification: z.array(z.object({ question: z.string().max(500), answer: z.string().max(500).nullable() })).max(20),
  funnelStage: z.enum(FUNNEL_STAGES),
  signals: z.array(z.enum(DIALOG_SIGNALS)).max(DIALOG_SIGNALS.length),
  /** Two short lines: who the client is and what they want; where the dialog stands. */
  summary: z.string().max(600),
  /** What the business should do next, one sentence. */
  nextAction: z.string().max(300),
  /** ISO 639-1 code of the client's language. */
  language: z.string().min(2).max(8),
});
export type DialogAnalysisOutput = z.infer<typeof ZDialogAnalysisOutput>;

/** One message of a dialog as analysers see it. */
export interface DialogMessage {
  from: 'client' | 'business';
  text: string;
  at?: string;
}

/** The organization's brief (seed 000's three onboarding steps); every field may be empty before onboarding. */
export const ZBusinessBrief = z.object({
  business: z.object({
    name: z.string().max(200),
    offer: z.string().max(2000),
    niche: z.string().max(200),
    description: z.string().max(4000),
  }),
  funnel: z.object({
    /** Stage keys of the pipeline the analysis moves leads through, with what each means for this business. */
    stages: z.array(z.object({ key: z.string().max(60), meaning: z.string().max(500) })).max(20),
    qualificationQuestions: z.array(z.string().min(1).max(500)).max(10),
    qualifiedWhen: z.string().max(2000),
  }),
  signals: z.object({
    hot: z.array(z.string().min(1).max(300)).max(20),
    cold: z.array(z.string().min(1).max(300)).max(20),
    toneOfVoice: z.string().max(1000),
    /** Target niches/roles the business wants (raise the score) or does not serve (lower it); free text. */
    notes: z.string().max(2000),
  }),
});
export type BusinessBrief = z.infer<typeof ZBusinessBrief>;

/** A scoring modifier: when the analysis' field matches one of the values, add the points (may be negative). */
export const ZScoringModifier = z.object({
  id: z.string().min(1).max(60),
  label: z.string().min(1).max(200),
  field: z.enum(['niche', 'role', 'signal']),
  values: z.array(z.string().min(1).max(60)).min(1).max(30),
  points: z.number().int().min(-100).max(100),
});
export type ScoringModifier = z.infer<typeof ZScoringModifier>;

/** Configurable per organization; base scores per stage come from the pipeline's stages (pipeline_stages.base_score). */
export const ZScoringRules = z.object({
  modifiers: z.array(ZScoringModifier).max(50),
  thresholds: z.object({ hot: z.number().int().min(1).max(100), warm: z.number().int().min(0).max(99) }),
  minIncoming: z.number().int().min(0).max(1000),
});
export type ScoringRules = z.infer<typeof ZScoringRules>;

export type InterestLevel = 'hot' | 'warm' | 'cold';

export interface ScoreBreakdownItem {
  label: string;
  points: number;
}

export interface ScoredAnalysis {
  score: number;
  interestLevel: InterestLevel;
  breakdown: ScoreBreakdownItem[];
  qualificationComplete: boolean;
}
