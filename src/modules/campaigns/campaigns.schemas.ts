import { z } from 'zod';
import { CONTACT_RULE_FIELDS, CONTACT_RULE_OPS } from './engine/conditions.ts';
import { isValidZone, parseHm } from './engine/schedule.ts';
import { ZSendWindow } from '../outreach/index.ts';

const ZHm = z.string().refine((v) => parseHm(v) !== null, 'must be HH:MM (00:00–24:00)');
const ZChannelType = z.enum(['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user']);

export const ZCampaignStatus = z.enum(['draft', 'active', 'paused', 'completed']);
export const ZParticipantStatus = z.enum(['pending', 'sent', 'delivered', 'replied', 'bounced', 'stopped', 'opted_out']);

export const ZSchedule = z.strictObject({
  timezone: z.string().max(64).refine(isValidZone, 'must be an IANA time zone such as Europe/Berlin'),
  workingHours: z.strictObject({ start: ZHm, end: ZHm }).nullable().optional().describe('Local sending hours; end before start runs past midnight'),
  daysOfWeek: z
    .array(z.number().int().min(0).max(7))
    .max(8)
    .nullable()
    .optional()
    .describe('ISO weekdays: 1 = Monday … 7 = Sunday (0 = Sunday too); empty or null = every day'),
  useContactTimezone: z.boolean().nullable().optional().describe("Use the contact's time zone (custom field `timezone`) when it has a valid one"),
  jitterMinutes: z.number().int().min(0).max(240).nullable().optional().describe('Sends moved to the next opening spread over this many minutes (default 20)'),
});

export const ZAudienceFilters = z.strictObject({
  hasTelegram: z.boolean().nullable().optional(),
  hasPhone: z.boolean().nullable().optional(),
  hasEmail: z.boolean().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  pipelineId: z.uuid().nullable().optional().describe('Contacts with a lead in this pipeline'),
  stageIds: z.array(z.uuid()).max(50).nullable().optional().describe('…at one of these stages'),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).nullable().optional().describe('Contacts with any of these tags'),
  search: z.string().trim().max(200).nullable().optional(),
  language: z.string().regex(/^[a-z]{2,3}$/).nullable().optional(),
  outreachStatus: z.enum(['new', 'in_outreach']).nullable().optional().describe('new: never in a campaign; in_outreach: in one'),
});

/** Seed 002 §4 format, with `source` choosing between CRM filters, the uploaded CSV list and a Telegram group. */
export const ZTargetAudience = z.strictObject({
  source: z.enum(['crm', 'csv', 'telegram_group']).nullable().optional().describe('crm (default): filters or contactIds; csv: the uploaded list; telegram_group'),
  filters: ZAudienceFilters.nullable().optional(),
  contactIds: z.array(z.uuid()).max(20_000).nullable().optional().describe('Exactly these contacts (CRM source)'),
  limit: z.number().int().min(1).max(10_000_000).nullable().optional(),
  onlyNew: z.boolean().nullable().optional().describe('Skip contacts already in any campaign of the organization'),
  bdAccountId: z.uuid().nullable().optional().describe('Sending channel account (default: the first active one)'),
  sendDelaySeconds: z.number().int().min(0).max(86_400).nullable().optional().describe('Pace: at least this many seconds between two sends'),
  telegramGroup: z
    .strictObject({ bdAccountId: z.uuid().nullable().optional(), telegramChatId: z.string().trim().min(1).max(100) })
    .nullable()
    .optional(),
});

/** An audience as the editor holds it before saving, to count it (POST …/audience/preview). */
export const ZAudienceDraft = z.strictObject({
  targetAudience: ZTargetAudience.nullable().optional(),
  channelAccountId: z.uuid().nullable().optional(),
});

export const ZAudiencePreview = z.object({
  matching: z.number(),
  willJoin: z.number(),
  channelAccountId: z.string(),
  sample: z.array(z.object({ id: z.string(), displayName: z.string(), phone: z.string().nullable(), telegramUsername: z.string().nullable() })),
});

export const ZLeadCreation = z.strictObject({
  trigger: z.enum(['on_first_send', 'on_reply']),
  pipelineId: z.uuid().nullable().optional().describe('Default pipeline when absent'),
  stageId: z.uuid().nullable().optional().describe("The pipeline's first stage when absent (seed: default_stage_id)"),
});

export const ZCampaignSettings = z.strictObject({
  stopOnReply: z.boolean().nullable().optional().describe('A reply stops the follow-ups (default true); a step can override with conditions.stopIfReplied'),
  replyWindowHours: z.number().int().min(1).max(24 * 60).nullable().optional().describe('How long an after_reply step waits for a reply (default 72)'),
});

const ZPipelineRule = z.strictObject({ pipelineId: z.uuid(), stageIds: z.array(z.uuid()).min(1).max(50) });

export const ZStepConditions = z.strictObject({
  stopIfReplied: z.boolean().nullable().optional(),
  contact: z
    .array(
      z
        .strictObject({ field: z.enum(CONTACT_RULE_FIELDS), op: z.enum(CONTACT_RULE_OPS), value: z.string().max(500).nullable().optional() })
        .refine((rule) => rule.op === 'empty' || rule.op === 'not_empty' || (rule.value ?? '') !== '', { message: 'value is required for this op', path: ['value'] }),
    )
    .max(20)
    .nullable()
    .optional(),
  inPipelineStage: ZPipelineRule.nullable().optional(),
  notInPipelineStage: ZPipelineRule.nullable().optional(),
});

const ZContent = z.string().min(1).max(4000);

export const ZVariantInput = z.strictObject({
  key: z.string().regex(/^[A-Z]$/, 'a capital letter').nullable().optional(),
  templateId: z.uuid().nullable().optional(),
  content: ZContent.nullable().optional(),
  weight: z.number().int().min(0).max(100).nullable().optional(),
});

export const ZStepInput = z.strictObject({
  id: z.uuid().nullable().optional().describe('An existing step to keep (PUT …/steps)'),
  templateId: z.uuid().nullable().optional(),
  content: ZContent.nullable().optional().describe("The message; stored as the step's own template"),
  delayHours: z.number().min(0).max(24 * 365).nullable().optional(),
  delayMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
  trigger: z.enum(['delay', 'after_reply']).nullable().optional(),
  conditions: ZStepConditions.nullable().optional(),
  variants: z.array(ZVariantInput).min(2).max(10).nullable().optional().describe('A/B: two or more messages with weights; replaces templateId/content'),
});

export const ZCreateCampaign = z.strictObject({
  name: z.string().trim().min(1).max(200),
  channelAccountId: z.uuid().nullable().optional().describe('Same as targetAudience.bdAccountId'),
  schedule: ZSchedule.nullable().optional(),
  targetAudience: ZTargetAudience.nullable().optional(),
  leadCreationSettings: ZLeadCreation.nullable().optional(),
  settings: ZCampaignSettings.nullable().optional(),
  steps: z.array(ZStepInput).max(20).nullable().optional(),
});

export const ZUpdateCampaign = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  channelAccountId: z.uuid().nullable().optional(),
  schedule: ZSchedule.nullable().optional(),
  targetAudience: ZTargetAudience.nullable().optional(),
  leadCreationSettings: ZLeadCreation.nullable().optional(),
  settings: ZCampaignSettings.nullable().optional(),
  status: z.enum(['active', 'paused', 'completed']).optional().describe('active = start or resume, paused = pause, completed = stop'),
});

export const ZCreateTemplate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  channel: ZChannelType.nullable().optional(),
  content: ZContent,
  conditions: ZStepConditions.nullable().optional(),
});
export const ZUpdateTemplate = ZCreateTemplate.partial();

export const ZReplaceSteps = z.strictObject({ steps: z.array(ZStepInput).max(20) });

export const ZCampaignParams = z.strictObject({ campaignId: z.uuid() });
export const ZTemplateParams = z.strictObject({ campaignId: z.uuid(), templateId: z.uuid() });
export const ZPresetParams = z.strictObject({ templateId: z.uuid() });
export const ZStepParams = z.strictObject({ campaignId: z.uuid(), stepId: z.uuid() });
export const ZParticipantParams = z.strictObject({ campaignId: z.uuid(), participantId: z.uuid() });
export const ZAccountParams = z.strictObject({ accountId: z.uuid() });

export const ZListCampaignsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: ZCampaignStatus.optional(),
});

export const ZListParticipantsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: ZParticipantStatus.optional(),
});

export const ZListSendsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  stepId: z.uuid().optional(),
  status: z.enum(['sending', 'sent', 'failed', 'unknown']).optional(),
});

export const ZPickerQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  outreachStatus: z.enum(['new', 'in_outreach']).optional(),
  search: z.string().trim().max(200).optional(),
  bdAccountId: z.uuid().optional().describe('Only contacts reachable on this account (default: with a Telegram id, as in the seed)'),
});

export const ZFromCsv = z.strictObject({
  content: z.string().min(1).max(900_000),
  hasHeader: z.boolean().nullable().optional().describe('Default true; without a header the columns are recognised by their values'),
});

export const ZGroupContactsQuery = z.strictObject({
  bdAccountId: z.uuid(),
  telegramChatId: z.string().trim().min(1).max(100),
});

export const ZStoreGroupMembers = z.strictObject({
  bdAccountId: z.uuid(),
  telegramChatId: z.string().trim().min(1).max(100),
  title: z.string().trim().max(200).nullable().optional(),
  peerType: z.enum(['chat', 'channel']).nullable().optional(),
  members: z
    .array(
      z.strictObject({
        telegramId: z.string().regex(/^-?\d{1,20}$/, 'must be a numeric Telegram id').nullable().optional(),
        username: z.string().trim().regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram username').nullable().optional(),
        phone: z.string().trim().max(40).nullable().optional(),
        firstName: z.string().trim().max(100).nullable().optional(),
        lastName: z.string().trim().max(100).nullable().optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export const ZPreview = z.strictObject({
  content: ZContent.nullable().optional(),
  templateId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional().describe('A real contact; the sample contact when absent'),
});

export const ZGenerateVariant = z.strictObject({
  content: ZContent.nullable().optional(),
  templateId: z.uuid().nullable().optional(),
  instructions: z.string().trim().max(500).nullable().optional(),
});

export const ZAccountLimitsInput = z.strictObject({
  paceSeconds: z.number().min(0).max(86_400).nullable().optional().describe('At least this many seconds between two sends of the account; null = none'),
  hourlyCap: z.number().int().min(1).max(1_000_000).nullable().optional(),
  dailyCap: z.number().int().min(1).max(10_000_000).nullable().optional(),
  warmup: z
    .strictObject({ startDaily: z.number().int().min(1).max(100_000), dailyIncrease: z.number().int().min(0).max(100_000) })
    .nullable()
    .optional()
    .describe('Daily allowance of a new account: startDaily on the first day, growing by dailyIncrease a day, up to dailyCap'),
  restartWarmup: z.boolean().nullable().optional(),
  useChannelDefaults: z.boolean().nullable().optional().describe('Forget custom limits and use the defaults of the channel'),
  sendWindow: ZSendWindow.nullable().optional().describe('The account’s own quiet hours (send window of automated messages); null = the organization’s'),
});

export const ZCampaignOrgSettings = z.strictObject({
  optOutPhrases: z.array(z.string().trim().min(1).max(100)).max(200).nullable().optional().describe('null restores the defaults'),
});

// --- responses ---

const ZScheduleOut = z.object({
  timezone: z.string(),
  workingHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  daysOfWeek: z.array(z.number()).nullable(),
  useContactTimezone: z.boolean(),
  jitterMinutes: z.number(),
});

export const ZTemplate = z.object({
  id: z.string(),
  campaignId: z.string().nullable(),
  name: z.string(),
  channel: z.string().nullable(),
  content: z.string(),
  conditions: z.record(z.string(), z.unknown()).nullable(),
  usesAi: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZStep = z.object({
  id: z.string(),
  order: z.number(),
  templateId: z.string(),
  content: z.string(),
  trigger: z.enum(['delay', 'after_reply']),
  delayMinutes: z.number(),
  delayHours: z.number(),
  conditions: z.record(z.string(), z.unknown()).nullable(),
  variants: z.array(z.object({ key: z.string(), templateId: z.string(), content: z.string(), weight: z.number() })),
});

export const ZCampaign = z.object({
  id: z.string(),
  name: z.string(),
  status: ZCampaignStatus,
  channelAccountId: z.string().nullable(),
  schedule: ZScheduleOut.nullable(),
  targetAudience: z.record(z.string(), z.unknown()),
  leadCreationSettings: z.object({ trigger: z.string(), pipelineId: z.string().nullable(), stageId: z.string().nullable() }).nullable(),
  settings: z.object({ stopOnReply: z.boolean(), replyWindowHours: z.number() }),
  createdByUserId: z.string().nullable(),
  startedAt: z.string().nullable(),
  pausedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  completedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCampaignListItem = ZCampaign.extend({
  counts: z
    .object({ total: z.number(), sent: z.number(), replied: z.number(), inProgress: z.number(), replyRate: z.number().nullable() })
    .describe('Participants: all, reached (first step sent), replied, with a step still to come; reply rate = replied / reached'),
});

export const ZCampaignDetail = ZCampaign.extend({ templates: z.array(ZTemplate), steps: z.array(ZStep) });

export const ZParticipant = z.object({
  id: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  channelAccountId: z.string().nullable(),
  conversationId: z.string().nullable(),
  status: ZParticipantStatus,
  currentStep: z.number(),
  nextSendAt: z.string().nullable(),
  firstSentAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  leadId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const ZSend = z.object({
  id: z.string(),
  participantId: z.string(),
  contactId: z.string(),
  stepId: z.string(),
  stepIndex: z.number(),
  variant: z.string(),
  messageId: z.string(),
  status: z.string(),
  externalId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
});

const ZFunnel = z.object({
  total: z.number(),
  pending: z.number(),
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
  replied: z.number(),
  bounced: z.number(),
  stopped: z.number(),
  optedOut: z.number(),
  replyRate: z.number().nullable(),
});

export const ZStats = ZFunnel.extend({
  campaignId: z.string(),
  status: ZCampaignStatus,
  messagesSent: z.number(),
  messagesFailed: z.number(),
  messagesUnknown: z.number(),
  inProgress: z.number().describe('Participants with a step still to come'),
  finished: z.number(),
  timeToFirstReply: z.object({ averageSeconds: z.number().nullable(), medianSeconds: z.number().nullable() }),
  steps: z.array(
    z.object({
      stepId: z.string(),
      order: z.number(),
      trigger: z.string(),
      sent: z.number(),
      delivered: z.number(),
      read: z.number(),
      replied: z.number(),
      failed: z.number(),
      replyRate: z.number().nullable(),
      variants: z.array(z.object({ key: z.string(), sent: z.number(), delivered: z.number(), read: z.number(), replied: z.number(), replyRate: z.number().nullable() })),
    }),
  ),
  daily: z.array(z.object({ date: z.string(), sent: z.number(), replied: z.number() })),
});

export const ZAccountLimits = z.object({
  paceSeconds: z.number().nullable(),
  hourlyCap: z.number().nullable(),
  dailyCap: z.number().nullable(),
  warmup: z.object({ startDaily: z.number(), dailyIncrease: z.number() }).nullable(),
});

export const ZAgent = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  status: z.string(),
  address: z.string().nullable(),
  sentToday: z.number(),
  activeCampaigns: z.number(),
  limits: ZAccountLimits,
  limitsAreDefault: z.boolean(),
  todayAllowance: z.number().nullable().describe('Sends still allowed today (daily cap with warm-up), null = unlimited'),
  warmupDay: z.number().nullable(),
  blockedUntil: z.string().nullable(),
  sendWindow: z.object({ start: z.string(), end: z.string() }).nullable().describe('The account’s own send window; null = the organization’s'),
});

export const ZPickerContact = z.object({
  id: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  telegramId: z.string().nullable(),
  telegramUsername: z.string().nullable(),
  outreachStatus: z.enum(['new', 'in_outreach']),
});

export type CreateCampaignInput = z.infer<typeof ZCreateCampaign>;
export type UpdateCampaignInput = z.infer<typeof ZUpdateCampaign>;
export type StepInput = z.infer<typeof ZStepInput>;
export type TargetAudience = z.infer<typeof ZTargetAudience>;
export type ScheduleInput = z.infer<typeof ZSchedule>;
export type LeadCreationInput = z.infer<typeof ZLeadCreation>;
export type CampaignSettingsInput = z.infer<typeof ZCampaignSettings>;
export type AccountLimitsInput = z.infer<typeof ZAccountLimitsInput>;
