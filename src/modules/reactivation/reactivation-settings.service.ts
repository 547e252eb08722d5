import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import type { BusinessType } from './engine/intervals.ts';
import type { UpdateReactivationSettingsInput } from './reactivation.schemas.ts';

export interface ReactivationSettings {
  isEnabled: boolean;
  businessType: BusinessType;
  /** Local time (organization time zone) of the daily run, "HH:MM". */
  dailyRunTime: string;
  /** Clients taken into reactivation per day. */
  dailyLimit: number;
  /** Clients who wrote or were written to within this many days are left alone. */
  recentContactDays: number;
  /** Clients overdue longer than this are considered gone, not lapsing. */
  maxOverdueDays: number;
  vipMinVisits: number;
  vipMinSpend: number | null;
  regularMinVisits: number;
  /** Returns (visit gaps) of a service needed before its history sets the interval. */
  serviceMinIntervals: number;
  /** Returns of one client needed before their own median sets their interval. */
  clientMinIntervals: number;
  /** How far ahead slots are offered. */
  slotHorizonDays: number;
  slotsPerClient: number;
  /** Offers go out without a person approving them. */
  autoApprove: boolean;
  /** The account offers are sent from; null = the first active account. */
  channelAccountId: string | null;
  /** Local hours and ISO weekdays (1 = Monday) offers may be sent in. */
  sendWindow: SendWindow;
  maxAttempts: number;
  attemptSpacingDays: number;
  /** A booking made directly within this many days of an offer counts for the campaign. */
  attributionWindowDays: number;
  /** Cost of one message (ROI). */
  messageCost: number;
  lastRunAt: Date | null;
}

export interface SendWindow {
  start: string;
  end: string;
  daysOfWeek: number[];
}

export const DEFAULT_REACTIVATION_SETTINGS: ReactivationSettings = {
  isEnabled: false,
  businessType: 'beauty_salon',
  dailyRunTime: '10:00',
  dailyLimit: 50,
  recentContactDays: 14,
  maxOverdueDays: 180,
  vipMinVisits: 10,
  vipMinSpend: null,
  regularMinVisits: 3,
  serviceMinIntervals: 5,
  clientMinIntervals: 3,
  slotHorizonDays: 7,
  slotsPerClient: 3,
  autoApprove: false,
  channelAccountId: null,
  sendWindow: { start: '10:00', end: '20:00', daysOfWeek: [1, 2, 3, 4, 5, 6] },
  maxAttempts: 3,
  attemptSpacingDays: 7,
  attributionWindowDays: 14,
  messageCost: 0,
  lastRunAt: null,
};

export async function getReactivationSettings(db: DbOrTx, organizationId: string): Promise<ReactivationSettings> {
  const row = await db.selectFrom('reactivation_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return { ...DEFAULT_REACTIVATION_SETTINGS };
  return {
    isEnabled: row.is_enabled,
    businessType: row.business_type as BusinessType,
    dailyRunTime: row.daily_run_time,
    dailyLimit: row.daily_limit,
    recentContactDays: row.recent_contact_days,
    maxOverdueDays: row.max_overdue_days,
    vipMinVisits: row.vip_min_visits,
    vipMinSpend: row.vip_min_spend == null ? null : Number(row.vip_min_spend),
    regularMinVisits: row.regular_min_visits,
    serviceMinIntervals: row.service_min_intervals,
    clientMinIntervals: row.client_min_intervals,
    slotHorizonDays: row.slot_horizon_days,
    slotsPerClient: row.slots_per_client,
    autoApprove: row.auto_approve,
    channelAccountId: row.channel_account_id,
    sendWindow: row.send_window,
    maxAttempts: row.max_attempts,
    attemptSpacingDays: row.attempt_spacing_days,
    attributionWindowDays: row.attribution_window_days,
    messageCost: Number(row.message_cost),
    lastRunAt: row.last_run_at,
  };
}

export async function saveReactivationSettings(db: DbOrTx, organizationId: string, input: UpdateReactivationSettingsInput, now: Date): Promise<ReactivationSettings> {
  const next = { ...(await getReactivationSettings(db, organizationId)), ...input };
  const values = {
    is_enabled: next.isEnabled,
    business_type: next.businessType,
    daily_run_time: next.dailyRunTime,
    daily_limit: next.dailyLimit,
    recent_contact_days: next.recentContactDays,
    max_overdue_days: next.maxOverdueDays,
    vip_min_visits: next.vipMinVisits,
    vip_min_spend: next.vipMinSpend,
    regular_min_visits: next.regularMinVisits,
    service_min_intervals: next.serviceMinIntervals,
    client_min_intervals: next.clientMinIntervals,
    slot_horizon_days: next.slotHorizonDays,
    slots_per_client: next.slotsPerClient,
    auto_approve: next.autoApprove,
    channel_account_id: next.channelAccountId,
    send_window: JSON.stringify(next.sendWindow),
    max_attempts: next.maxAttempts,
    attempt_spacing_days: next.attemptSpacingDays,
    attribution_window_days: next.attributionWindowDays,
    message_cost: next.messageCost,
    updated_at: now,
  };
  await db
    .insertInto('reactivation_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
  return getReactivationSettings(db, organizationId);
}

export function toSettingsDto(settings: ReactivationSettings, timeZone: string) {
  const { lastRunAt, ...rest } = settings;
  return { ...rest, timeZone, lastRunAt: iso(lastRunAt) };
}

/** Marks the daily run as done for the organization (the settings row is created with defaults when absent). */
export async function touchLastRun(db: DbOrTx, organizationId: string, now: Date): Promise<void> {
  await db
    .insertInto('reactivation_settings')
    .values({ organization_id: organizationId, last_run_at: now, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ last_run_at: now }))
    .execute();
}
