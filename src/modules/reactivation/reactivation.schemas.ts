import { z } from 'zod';
import { BUSINESS_TYPES } from './engine/intervals.ts';

export const ZReactivationSettings = z.object({
  isEnabled: z.boolean(),
  businessType: z.enum(BUSINESS_TYPES),
  dailyRunTime: z.string(),
  dailyLimit: z.number(),
  recentContactDays: z.number(),
  maxOverdueDays: z.number(),
  vipMinVisits: z.number(),
  vipMinSpend: z.number().nullable(),
  regularMinVisits: z.number(),
  serviceMinIntervals: z.number(),
  clientMinIntervals: z.number(),
  slotHorizonDays: z.number(),
  slotsPerClient: z.number(),
  lastRunAt: z.string().nullable(),
});

export const ZUpdateReactivationSettings = z
  .strictObject({
    isEnabled: z.boolean(),
    businessType: z.enum(BUSINESS_TYPES),
    dailyRunTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, organization time zone)'),
    dailyLimit: z.number().int().min(1).max(100_000),
    recentContactDays: z.number().int().min(0).max(365),
    maxOverdueDays: z.number().int().min(1).max(3650),
    vipMinVisits: z.number().int().min(1).max(10_000),
    vipMinSpend: z.number().min(0).max(1e12).nullable(),
    regularMinVisits: z.number().int().min(1).max(10_000),
    serviceMinIntervals: z.number().int().min(1).max(10_000),
    clientMinIntervals: z.number().int().min(1).max(1000),
    slotHorizonDays: z.number().int().min(1).max(60),
    slotsPerClient: z.number().int().min(1).max(5),
  })
  .partial()
  .refine((s) => s.regularMinVisits === undefined || s.vipMinVisits === undefined || s.regularMinVisits <= s.vipMinVisits, {
    path: ['regularMinVisits'],
    message: 'must not be above vipMinVisits',
  });
export type UpdateReactivationSettingsInput = z.infer<typeof ZUpdateReactivationSettings>;

const ZIntervalSource = z.enum(['manual', 'historical', 'ai', 'default']);

export const ZRule = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  isActive: z.boolean(),
  intervalDays: z.number(),
  intervalSource: ZIntervalSource.describe('Where intervalDays comes from: manual → historical → ai → default'),
  candidates: z.object({
    manualDays: z.number().nullable(),
    historicalDays: z.number().nullable(),
    historicalSample: z.number().describe('Client returns behind historicalDays'),
    aiDays: z.number().nullable(),
    aiReasoning: z.string().nullable(),
    aiModel: z.string().nullable(),
    defaultDays: z.number(),
  }),
  useClientHistory: z.boolean(),
  attemptDiscounts: z.array(z.number()),
  computedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ZDiscounts = z.array(z.number().int().min(0).max(90)).min(1).max(10).describe('Discount in percent at attempt 1, 2, 3…');

export const ZCreateRule = z.strictObject({
  serviceId: z.uuid(),
  manualIntervalDays: z.number().int().min(1).max(3650).nullable().optional(),
  isActive: z.boolean().optional(),
  useClientHistory: z.boolean().optional(),
  attemptDiscounts: ZDiscounts.optional(),
});
export type CreateRuleInput = z.infer<typeof ZCreateRule>;

export const ZUpdateRule = z.strictObject({
  manualIntervalDays: z.number().int().min(1).max(3650).nullable().optional().describe('null returns the rule to the automatic interval'),
  isActive: z.boolean().optional(),
  useClientHistory: z.boolean().optional(),
  attemptDiscounts: ZDiscounts.optional(),
});
export type UpdateRuleInput = z.infer<typeof ZUpdateRule>;

export const ZRecomputeRules = z.strictObject({
  refreshAi: z.boolean().default(false).describe('Ask the AI again even where it already answered'),
  useLlm: z.boolean().default(true).describe('false: the offline table answers the AI step'),
});

const ZConfidence = z.number().min(0).max(1);

export const ZPreferences = z.object({
  visits: z.number(),
  timeOfDay: z.object({ value: z.enum(['morning', 'afternoon', 'evening']).nullable(), share: z.number(), confidence: ZConfidence, typicalTime: z.string().nullable() }),
  weekdays: z.object({ value: z.array(z.string()), share: z.number(), confidence: ZConfidence }),
  staff: z.object({ staffId: z.string().nullable(), staffName: z.string().nullable(), share: z.number(), confidence: ZConfidence }),
  services: z.object({
    top: z.array(z.object({ serviceId: z.string(), serviceName: z.string(), count: z.number(), share: z.number() })),
    confidence: ZConfidence,
  }),
  regularity: z.object({
    label: z.enum(['regular', 'semi_regular', 'irregular', 'unknown']),
    medianIntervalDays: z.number().nullable(),
    meanIntervalDays: z.number().nullable(),
    variation: z.number().nullable(),
    confidence: ZConfidence,
  }),
});

export const ZRankedSlot = z.object({
  staffId: z.string(),
  staffName: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  score: z.number(),
  explanation: z.object({
    staff: z.object({ score: z.number(), weight: z.number(), reason: z.string() }),
    time: z.object({
      score: z.number(),
      weight: z.number(),
      timeOfDay: z.object({ score: z.number(), slot: z.string(), reason: z.string() }),
      weekday: z.object({ score: z.number(), slot: z.string(), reason: z.string() }),
    }),
    summary: z.string(),
  }),
});

export const ZCandidate = z.object({
  contactId: z.string(),
  contactName: z.string(),
  phone: z.string().nullable(),
  serviceId: z.string(),
  serviceName: z.string(),
  segment: z.enum(['vip', 'regular', 'new']),
  visits: z.number(),
  spend: z.number(),
  lastVisitAt: z.string(),
  intervalDays: z.number(),
  intervalSource: z.enum(['manual', 'client_history', 'historical', 'ai', 'default']),
  dueAt: z.string(),
  overdueDays: z.number(),
  preferences: ZPreferences.optional(),
  slots: z.array(ZRankedSlot).optional(),
  slotsError: z.string().optional(),
});

export const ZCandidatesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().describe('Defaults to the daily limit'),
  slots: z.enum(['true', 'false']).default('true').describe('Suggest slots for each candidate'),
});

export const ZCandidatesResponse = z.object({
  generatedAt: z.string(),
  dailyLimit: z.number(),
  overdue: z.number().describe('Clients overdue for an active rule before exclusions'),
  excluded: z.object({ optedOut: z.number(), booked: z.number(), recentlyContacted: z.number(), inCampaign: z.number() }),
  eligible: z.number(),
  items: z.array(ZCandidate),
});

export const ZRuleParams = z.strictObject({ ruleId: z.uuid() });
export const ZContactParams = z.strictObject({ contactId: z.uuid() });
