// The builder's editable state and its conversion to and from the API's campaign and steps.
import type { CampaignPatch } from './campaignQueries.ts';
import type { CampaignDetail, LeadCreation, Schedule, StepConditions, StepTrigger, TargetAudience } from './campaign-types.ts';

export type DelayUnit = 'minutes' | 'hours' | 'days';

export interface VariantForm {
  key: string;
  content: string;
  weight: number;
}

export interface StepForm {
  /** Local identity for React keys (the server id is absent until saved). */
  uid: string;
  id: string | null;
  trigger: StepTrigger;
  delayAmount: number;
  delayUnit: DelayUnit;
  /** One entry: a plain message; two or more: an A/B test. */
  variants: VariantForm[];
  conditions: StepConditions;
}

export interface CampaignForm {
  name: string;
  channelAccountId: string | null;
  audience: TargetAudience;
  scheduleOn: boolean;
  schedule: Schedule;
  leadOn: boolean;
  lead: LeadCreation;
  stopOnReply: boolean;
  replyWindowHours: number;
}

const UNIT_MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };
let uidSeq = 0;
const uid = () => `step-${++uidSeq}`;

export function defaultSchedule(timezone: string): Schedule {
  return { timezone, workingHours: { start: '09:00', end: '18:00' }, daysOfWeek: [1, 2, 3, 4, 5], useContactTimezone: false, jitterMinutes: 20 };
}

export function formFromCampaign(campaign: CampaignDetail, orgTimezone: string): CampaignForm {
  return {
    name: campaign.name,
    channelAccountId: campaign.channelAccountId,
    audience: { source: 'crm', ...campaign.targetAudience },
    scheduleOn: campaign.schedule !== null,
    schedule: campaign.schedule ?? defaultSchedule(orgTimezone),
    leadOn: campaign.leadCreationSettings !== null,
    lead: campaign.leadCreationSettings ?? { trigger: 'on_reply', pipelineId: null, stageId: null },
    stopOnReply: campaign.settings.stopOnReply,
    replyWindowHours: campaign.settings.replyWindowHours,
  };
}

/** Nulls and empty lists dropped, so the stored audience stays what the user chose. */
export function cleanAudience(audience: TargetAudience): TargetAudience {
  const filters = Object.fromEntries(
    Object.entries(audience.filters ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
  );
  const source = audience.source ?? 'crm';
  return {
    source,
    filters: source === 'crm' && Object.keys(filters).length > 0 ? filters : null,
    contactIds: source === 'crm' ? (audience.contactIds ?? null) : null,
    limit: audience.limit ?? null,
    onlyNew: audience.onlyNew ?? null,
    sendDelaySeconds: audience.sendDelaySeconds ?? null,
    telegramGroup: source === 'telegram_group' ? (audience.telegramGroup ?? null) : null,
  };
}

export function patchFromForm(form: CampaignForm, draft: boolean): CampaignPatch {
  return {
    name: form.name,
    channelAccountId: form.channelAccountId,
    ...(draft ? { targetAudience: cleanAudience(form.audience) } : {}),
    schedule: form.scheduleOn ? form.schedule : null,
    leadCreationSettings: form.leadOn ? form.lead : null,
    settings: { stopOnReply: form.stopOnReply, replyWindowHours: form.replyWindowHours },
  };
}

function splitDelay(minutes: number): { delayAmount: number; delayUnit: DelayUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { delayAmount: minutes / 1440, delayUnit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { delayAmount: minutes / 60, delayUnit: 'hours' };
  return { delayAmount: minutes, delayUnit: 'minutes' };
}

export function newStep(first: boolean): StepForm {
  return {
    uid: uid(),
    id: null,
    trigger: 'delay',
    delayAmount: first ? 0 : 2,
    delayUnit: first ? 'minutes' : 'days',
    variants: [{ key: 'A', content: '', weight: 1 }],
    conditions: {},
  };
}

export function stepsFromCampaign(campaign: CampaignDetail): StepForm[] {
  return campaign.steps.map((step) => ({
    uid: uid(),
    id: step.id,
    trigger: step.trigger,
    ...splitDelay(step.delayMinutes),
    variants: step.variants.length > 1 ? step.variants.map((v) => ({ key: v.key, content: v.content, weight: v.weight })) : [{ key: 'A', content: step.content, weight: 1 }],
    conditions: step.conditions ?? {},
  }));
}

function cleanConditions(conditions: StepConditions): StepConditions | null {
  const out: StepConditions = {};
  if (conditions.stopIfReplied !== undefined && conditions.stopIfReplied !== null) out.stopIfReplied = conditions.stopIfReplied;
  if (conditions.contact && conditions.contact.length > 0) {
    out.contact = conditions.contact.map((rule) => (rule.op === 'empty' || rule.op === 'not_empty' ? { field: rule.field, op: rule.op } : rule));
  }
  if (conditions.inPipelineStage && conditions.inPipelineStage.stageIds.length > 0) out.inPipelineStage = conditions.inPipelineStage;
  if (conditions.notInPipelineStage && conditions.notInPipelineStage.stageIds.length > 0) out.notInPipelineStage = conditions.notInPipelineStage;
  return Object.keys(out).length > 0 ? out : null;
}

/** The body of PUT /api/campaigns/:id/steps. */
export function stepsToInput(steps: StepForm[]): unknown[] {
  return steps.map((step) => ({
    ...(step.id ? { id: step.id } : {}),
    trigger: step.trigger,
    delayMinutes: Math.round(step.delayAmount * UNIT_MINUTES[step.delayUnit]),
    conditions: cleanConditions(step.conditions),
    ...(step.variants.length > 1
      ? { variants: step.variants.map((v) => ({ key: v.key, content: v.content, weight: v.weight })) }
      : { content: step.variants[0]?.content ?? '' }),
  }));
}

/** Template errors of a PUT …/steps answer, by step index: `body.steps.1.variants.0.content` → step 1. */
export function stepErrors(fields: Array<{ field: string; message: string }>): Map<number, string> {
  const out = new Map<number, string>();
  for (const { field, message } of fields) {
    const match = /^body\.steps\.(\d+)(?:\.variants\.(\d+))?/.exec(field);
    if (!match) continue;
    const index = Number(match[1]);
    const variant = match[2] !== undefined ? `${String.fromCharCode(65 + Number(match[2]))}: ` : '';
    if (!out.has(index)) out.set(index, `${variant}${message}`);
  }
  return out;
}
