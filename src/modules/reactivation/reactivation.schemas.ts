import { z } from 'zod';
import { ZLocalDate } from '../../platform/http/query-schemas.ts';
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
  autoApprove: z.boolean(),
  channelAccountId: z.string().nullable(),
  sendWindow: z.object({ start: z.string(), end: z.string(), daysOfWeek: z.array(z.number()) }),
  maxAttempts: z.number(),
  attemptSpacingDays: z.number(),
  attributionWindowDays: z.number(),
  messageCost: z.number(),
  timeZone: z.string().describe('The organization’s time zone: dailyRunTime and sendWindow are local to it'),
  lastRunAt: z.string().nullable(),
});

const HM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, organization time zone)');

export const ZSendWindow = z
  .strictObject({
    start: HM,
    end: HM,
    daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe('ISO weekdays, 1 = Monday … 7 = Sunday'),
  })
  .refine((w) => w.start < w.end, { path: ['end'], message: 'must be after start' });

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
    autoApprove: z.boolean(),
    channelAccountId: z.uuid().nullable(),
    sendWindow: ZSendWindow,
    maxAttempts: z.number().int().min(1).max(10),
    attemptSpacingDays: z.number().int().min(1).max(90),
    attributionWindowDays: z.number().int().min(0).max(180),
    messageCost: z.number().min(0).max(1e6).describe('Cost of one message, in the currency of the services (for ROI)'),
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

// ── The sending half: queue, attempts, daily runs ("campaigns"), stats, analytics ─────────────────────────────

export const ATTEMPT_STATUSES = ['pending_review', 'approved', 'scheduled', 'sent', 'replied', 'booked', 'declined', 'opted_out', 'skipped', 'failed', 'expired'] as const;
export const REPLY_CLASSES = ['positive', 'negative', 'neutral'] as const;

export const ZOfferedSlot = z.object({
  start: z.string(),
  end: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  score: z.number(),
  explanation: z.string(),
});

export const ZAttempt = z.object({
  id: z.string(),
  campaignId: z.string().describe('The daily run that formed this attempt'),
  contact: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }),
  service: z.object({ id: z.string(), name: z.string() }),
  staff: z.object({ id: z.string(), name: z.string() }).nullable(),
  attemptNumber: z.number(),
  discountPercent: z.number(),
  slots: z.array(ZOfferedSlot),
  message: z.string(),
  messageSource: z.enum(['ai', 'template']),
  status: z.enum(ATTEMPT_STATUSES),
  scheduledAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  replyClass: z.enum(REPLY_CLASSES).nullable(),
  repliedAt: z.string().nullable(),
  bookedAppointmentId: z.string().nullable(),
  bookedDirectly: z.boolean(),
  revenue: z.number().nullable(),
  conversationId: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export const ZReply = z.object({
  id: z.string(),
  messageId: z.string(),
  body: z.string(),
  replyClass: z.enum(REPLY_CLASSES),
  intent: z.string(),
  source: z.enum(['ai', 'rules']),
  action: z.string(),
  receivedAt: z.string(),
});

export const ZAttemptDetail = ZAttempt.extend({ replies: z.array(ZReply) });

const ZDate = ZLocalDate;

export const ZQueueQuery = z.strictObject({ date: ZDate.optional().describe('Local date of the run; today by default') });
export const ZQueueResponse = z.object({ date: z.string(), campaignId: z.string().nullable(), items: z.array(ZAttempt) });
export const ZRunResponse = z.object({ date: z.string(), campaignId: z.string(), created: z.number() });

export const ZAttemptParams = z.strictObject({ attemptId: z.uuid() });
export const ZApproveAttempt = z.strictObject({ message: z.string().trim().min(1).max(4000).optional() });
export const ZEditAttempt = z.strictObject({ message: z.string().trim().min(1).max(4000) });

export const ZAttemptsQuery = z.strictObject({
  contactId: z.uuid().optional(),
  status: z.enum(ATTEMPT_STATUSES).optional(),
  campaignId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const ZStatusCounts = z.record(z.string(), z.number());

export const ZRunSummary = z.object({
  id: z.string(),
  date: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  trigger: z.enum(['schedule', 'manual']),
  created: z.number(),
  followups: z.number(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: ZStatusCounts.describe('Attempts of the run by status'),
});
export const ZRunDetail = ZRunSummary.extend({ items: z.array(ZAttempt) });
export const ZRunParams = z.strictObject({ reactivationCampaignId: z.uuid() });
export const ZRunsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(366).default(60) });

export const ZPeriodQuery = z
  .strictObject({
    from: ZDate.optional().describe('Local date, inclusive; 30 days back by default'),
    to: ZDate.optional().describe('Local date, inclusive; today by default'),
    interval: z.enum(['day', 'week']).default('day'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

export const ZStats = z.object({
  from: z.string(),
  to: z.string(),
  sent: z.number(),
  replied: z.number(),
  positive: z.number(),
  negative: z.number(),
  neutral: z.number(),
  optedOut: z.number(),
  booked: z.number(),
  bookedDirectly: z.number(),
  responseRate: z.number(),
  conversionRate: z.number(),
  optOutRate: z.number(),
  avgResponseMinutes: z.number().nullable(),
  revenue: z.number(),
  cost: z.number(),
  roi: z.number().nullable(),
});

export const ZAnalytics = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(['day', 'week']),
  series: z.array(z.object({ period: z.string(), sent: z.number(), replied: z.number(), booked: z.number(), optedOut: z.number(), revenue: z.number() })),
  bestSendTimes: z.array(z.object({ weekday: z.number(), hour: z.number(), sent: z.number(), replied: z.number(), responseRate: z.number() })),
  byService: z.array(z.object({ serviceId: z.string(), serviceName: z.string(), sent: z.number(), replied: z.number(), booked: z.number(), revenue: z.number(), conversionRate: z.number() })),
  targets: z.object({ conversionRate: z.number(), responseRate: z.number(), roi: z.number(), optOutRate: z.number() }),
});

export const ZAccountHealthResponse = z.object({
  configuredAccountId: z.string().nullable(),
  items: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      channel: z.string(),
      accountStatus: z.string(),
      status: z.enum(['healthy', 'warning', 'paused']),
      reasons: z.array(z.object({ code: z.string(), level: z.string(), window: z.string().nullable(), value: z.number().nullable(), threshold: z.number().nullable() })),
      today: z.object({ sent: z.number(), allowed: z.number().nullable(), hourlyCap: z.number().nullable(), paceSeconds: z.number().nullable() }),
      remainingToday: z.number().nullable(),
      usedForReactivation: z.boolean(),
    }),
  ),
});
