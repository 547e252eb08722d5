import type { Selectable } from 'kysely';
import type { CampaignsTable, CampaignStepsTable, CampaignTemplatesTable } from '../../platform/db/schema.ts';
import { iso } from '../../platform/http/pagination.ts';
import type { StepConditions } from './engine/conditions.ts';
import { DEFAULT_JITTER_MINUTES, type CampaignSchedule } from './engine/schedule.ts';
import type { SequenceStep } from './engine/sequence.ts';
import { compileTemplate } from './engine/render.ts';
import { isAlways, type SendWindow } from '../outreach/index.ts';
import type { TargetAudience } from './campaigns.schemas.ts';

export type CampaignRow = Selectable<CampaignsTable>;
export type TemplateRow = Selectable<CampaignTemplatesTable>;
export type StepRow = Selectable<CampaignStepsTable>;

export interface CampaignSettings {
  stopOnReply: boolean;
  replyWindowHours: number;
}

export interface LeadCreationSettings {
  trigger: 'on_first_send' | 'on_reply';
  pipelineId: string | null;
  stageId: string | null;
}

export interface StepVariant {
  key: string;
  templateId: string;
  weight: number;
}

export const DEFAULT_REPLY_WINDOW_HOURS = 72;

export function scheduleOf(row: Pick<CampaignRow, 'schedule'>): CampaignSchedule | null {
  const raw = row.schedule as Partial<CampaignSchedule> | null;
  if (!raw || typeof raw.timezone !== 'string') return null;
  return {
    timezone: raw.timezone,
    workingHours: raw.workingHours ?? null,
    daysOfWeek: raw.daysOfWeek ?? null,
    useContactTimezone: raw.useContactTimezone ?? false,
    jitterMinutes: raw.jitterMinutes ?? DEFAULT_JITTER_MINUTES,
  };
}

/**
 * The window the campaign actually sends in: its own working hours when it has them (the user chose), else the
 * quiet-hours rule — the account's or organization's send window (09:00–21:00 by default) in the recipient's zone
 * where known — on the campaign's days.
 */
export function sendingScheduleOf(row: Pick<CampaignRow, 'schedule'>, window: SendWindow, orgZone: string): CampaignSchedule | null {
  const own = scheduleOf(row);
  if (own?.workingHours) return own;
  if (isAlways(window)) return own;
  return {
    timezone: own?.timezone ?? orgZone,
    workingHours: { start: window.start, end: window.end },
    daysOfWeek: own?.daysOfWeek ?? null,
    useContactTimezone: true,
    jitterMinutes: own?.jitterMinutes ?? DEFAULT_JITTER_MINUTES,
  };
}

export function settingsOf(row: Pick<CampaignRow, 'settings'>): CampaignSettings {
  const raw = (row.settings ?? {}) as Partial<Record<keyof CampaignSettings, unknown>>;
  return {
    stopOnReply: typeof raw.stopOnReply === 'boolean' ? raw.stopOnReply : true,
    replyWindowHours: typeof raw.replyWindowHours === 'number' ? raw.replyWindowHours : DEFAULT_REPLY_WINDOW_HOURS,
  };
}

export function leadSettingsOf(row: Pick<CampaignRow, 'lead_creation_settings'>): LeadCreationSettings | null {
  const raw = row.lead_creation_settings as Partial<LeadCreationSettings> | null;
  if (!raw || (raw.trigger !== 'on_first_send' && raw.trigger !== 'on_reply')) return null;
  return { trigger: raw.trigger, pipelineId: raw.pipelineId ?? null, stageId: raw.stageId ?? null };
}

export function audienceOf(row: Pick<CampaignRow, 'target_audience'>): TargetAudience {
  return (row.target_audience ?? {}) as TargetAudience;
}

export function variantsOf(step: Pick<StepRow, 'variants' | 'template_id'>): StepVariant[] {
  const raw = Array.isArray(step.variants) ? (step.variants as StepVariant[]) : [];
  return raw.length > 0 ? raw : [{ key: 'A', templateId: step.template_id, weight: 1 }];
}

export function toSequenceStep(step: StepRow): SequenceStep {
  return {
    id: step.id,
    index: step.order_index,
    trigger: step.trigger_type,
    delayMinutes: step.delay_minutes,
    conditions: (step.conditions as StepConditions | null) ?? null,
  };
}

/** Drops keys whose value is null or undefined, so stored JSON holds only what was set. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export function toCampaignDto(row: CampaignRow) {
  const lead = leadSettingsOf(row);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    channelAccountId: row.channel_account_id,
    schedule: scheduleOf(row),
    targetAudience: { ...(audienceOf(row) as Record<string, unknown>), bdAccountId: row.channel_account_id },
    leadCreationSettings: lead,
    settings: settingsOf(row),
    createdByUserId: row.created_by_user_id,
    startedAt: iso(row.started_at),
    pausedAt: iso(row.paused_at),
    completedAt: iso(row.completed_at),
    completedReason: row.completed_reason,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function toTemplateDto(row: TemplateRow) {
  let usesAi = false;
  try {
    usesAi = compileTemplate(row.content).usesAi;
  } catch {
    // A stored template always compiled when saved; a later engine change must not break listing it.
  }
  return {
    id: row.id,
    campaignId: row.campaign_id,
    name: row.name,
    channel: row.channel,
    content: row.content,
    conditions: (row.conditions as Record<string, unknown> | null) ?? null,
    usesAi,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function toStepDto(step: StepRow, templates: Map<string, TemplateRow>) {
  const variants = variantsOf(step);
  return {
    id: step.id,
    order: step.order_index,
    templateId: step.template_id,
    content: templates.get(step.template_id)?.content ?? '',
    trigger: step.trigger_type,
    delayMinutes: step.delay_minutes,
    delayHours: Math.round((step.delay_minutes / 60) * 1000) / 1000,
    conditions: (step.conditions as Record<string, unknown> | null) ?? null,
    variants: variants.map((v) => ({ key: v.key, templateId: v.templateId, content: templates.get(v.templateId)?.content ?? '', weight: v.weight })),
  };
}
