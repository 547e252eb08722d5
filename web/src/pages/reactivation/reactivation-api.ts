// The reactivation API as the Reactivation page uses it: settings, service rules, today's candidates, the daily queue
// and its attempts, statistics, analytics and the sending account's health (docs/reactivation.md).
import { api, ApiError, request } from '../../api.ts';
import type { Page } from '../../types.ts';

export const BUSINESS_TYPES = ['beauty_salon', 'barbershop', 'nail_studio', 'spa', 'cosmetology', 'dental', 'medical', 'fitness', 'auto_service', 'pet_grooming', 'other'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export interface SendWindow {
  start: string;
  end: string;
  daysOfWeek: number[];
}

/**
 * GET /api/reactivation/settings. Every field the page knows is optional: the form shows and sends back exactly the
 * fields the server returns, so it follows the settings schema as it grows.
 */
export interface ReactivationSettings {
  isEnabled?: boolean;
  businessType?: BusinessType;
  dailyRunTime?: string;
  dailyLimit?: number;
  autoApprove?: boolean;
  channelAccountId?: string | null;
  sendWindow?: SendWindow | null;
  maxAttempts?: number;
  attemptSpacingDays?: number;
  attributionWindowDays?: number;
  messageCost?: number;
  recentContactDays?: number;
  maxOverdueDays?: number;
  vipMinVisits?: number;
  vipMinSpend?: number | null;
  regularMinVisits?: number;
  serviceMinIntervals?: number;
  clientMinIntervals?: number;
  slotHorizonDays?: number;
  slotsPerClient?: number;
  timeZone?: string;
  lastRunAt?: string | null;
  [key: string]: unknown;
}

export type IntervalSource = 'manual' | 'historical' | 'ai' | 'default';

export interface ReactivationRule {
  id: string;
  serviceId: string;
  serviceName: string;
  isActive: boolean;
  intervalDays: number;
  intervalSource: IntervalSource;
  candidates: {
    manualDays: number | null;
    historicalDays: number | null;
    historicalSample: number;
    aiDays: number | null;
    aiReasoning: string | null;
    aiModel: string | null;
    defaultDays: number;
  };
  useClientHistory: boolean;
  attemptDiscounts: number[];
  computedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RulePatch {
  manualIntervalDays?: number | null;
  isActive?: boolean;
  useClientHistory?: boolean;
  attemptDiscounts?: number[];
}

export interface SlotPart {
  score: number;
  weight: number;
  reason: string;
}

export interface SlotExplanation {
  staff: SlotPart;
  time: SlotPart & { timeOfDay: { score: number; slot: string; reason: string }; weekday: { score: number; slot: string; reason: string } };
  summary: string;
}

export interface RankedSlot {
  staffId: string;
  staffName: string;
  startAt: string;
  endAt: string;
  score: number;
  explanation: SlotExplanation;
}

export interface Candidate {
  contactId: string;
  contactName: string;
  phone: string | null;
  serviceId: string;
  serviceName: string;
  segment: 'vip' | 'regular' | 'new';
  visits: number;
  spend: number;
  lastVisitAt: string;
  intervalDays: number;
  intervalSource: IntervalSource | 'client_history';
  dueAt: string;
  overdueDays: number;
  preferences?: {
    staff: { staffId: string | null; staffName: string | null; share: number; confidence: number };
    timeOfDay: { value: 'morning' | 'afternoon' | 'evening' | null; confidence: number; typicalTime: string | null };
    weekdays: { value: string[]; confidence: number };
  };
  slots?: RankedSlot[];
  slotsError?: string;
}

export interface CandidatesPreview {
  generatedAt: string;
  dailyLimit: number;
  overdue: number;
  excluded: { optedOut: number; booked: number; recentlyContacted: number; inCampaign: number };
  eligible: number;
  items: Candidate[];
}

export const ATTEMPT_STATUSES = ['pending_review', 'approved', 'scheduled', 'sent', 'replied', 'booked', 'declined', 'opted_out', 'skipped', 'failed', 'expired'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** A slot offered in a message; the explanation is the slot finder's (an object) or its summary line. */
export interface OfferedSlot {
  start?: string;
  end?: string;
  startAt?: string;
  endAt?: string;
  staffId: string | null;
  staffName: string | null;
  score: number;
  explanation: SlotExplanation | string | null;
}

export interface Attempt {
  id: string;
  campaignId?: string;
  contact: { id: string; name: string | null; phone: string | null };
  service: { id: string; name: string };
  staff: { id: string; name: string } | null;
  attemptNumber: number;
  discountPercent: number;
  slots: OfferedSlot[];
  message: string | null;
  messageSource: 'ai' | 'template' | null;
  status: AttemptStatus;
  scheduledAt: string | null;
  sentAt: string | null;
  replyClass: 'positive' | 'negative' | 'neutral' | null;
  repliedAt: string | null;
  bookedAppointmentId: string | null;
  bookedDirectly?: boolean;
  revenue?: number | null;
  conversationId?: string | null;
  reason: string | null;
  createdAt?: string;
}

export interface AttemptReply {
  id: string;
  messageId: string;
  body: string;
  replyClass: 'positive' | 'negative' | 'neutral';
  intent: string;
  source: 'ai' | 'rules';
  action: string;
  receivedAt: string;
}

export interface AttemptDetail extends Attempt {
  replies: AttemptReply[];
}

export interface Queue {
  date: string;
  campaignId?: string | null;
  items: Attempt[];
}

export interface Stats {
  sent: number;
  replied: number;
  positive: number;
  negative: number;
  neutral: number;
  optedOut: number;
  booked: number;
  responseRate: number | null;
  conversionRate: number | null;
  optOutRate: number | null;
  avgResponseMinutes: number | null;
  revenue: number;
  cost: number;
  roi: number | null;
}

export interface AnalyticsPoint {
  period: string;
  sent: number;
  replied: number;
  booked: number;
  optedOut: number;
  revenue: number;
}

export interface SendTime {
  weekday: number;
  hour: number;
  sent: number;
  replied?: number;
  responseRate: number | null;
}

/** GET /api/reactivation/campaigns: the daily runs ("campaigns"), newest first. */
export interface RunSummary {
  id: string;
  date: string;
  status: 'running' | 'done' | 'failed';
  trigger: 'schedule' | 'manual';
  created: number;
  followups: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
}

/** GET /api/reactivation/account-health: every sending account, the one reactivation uses marked. */
export interface AccountHealth {
  configuredAccountId: string | null;
  items: Array<{
    accountId: string;
    name: string;
    channel: string;
    accountStatus: string;
    status: 'healthy' | 'warning' | 'paused';
    reasons: Array<{ code: string; level: string; value?: number | null; threshold?: number | null }>;
    today: { sent: number; allowed: number | null; hourlyCap: number | null; paceSeconds: number | null };
    remainingToday: number | null;
    usedForReactivation: boolean;
  }>;
}

export interface Analytics {
  series: AnalyticsPoint[];
  bestSendTimes: SendTime[];
  byService: Array<{ serviceId?: string; serviceName?: string; sent?: number; booked?: number; revenue?: number; [key: string]: unknown }>;
  targets: { conversionRate: number; responseRate: number; roi: number; optOutRate: number; [key: string]: number };
}

/** The seed's target figures, used when the analytics answer carries none. */
export const DEFAULT_TARGETS: Analytics['targets'] = { conversionRate: 0.15, responseRate: 0.3, roi: 3, optOutRate: 0.05 };

export const keys = {
  settings: ['reactivation', 'settings'] as const,
  rules: ['reactivation', 'rules'] as const,
  candidates: ['reactivation', 'candidates'] as const,
  queue: (date: string) => ['reactivation', 'queue', date] as const,
  attempts: (params: Record<string, unknown>) => ['reactivation', 'attempts', params] as const,
  stats: (from: string, to: string) => ['reactivation', 'stats', from, to] as const,
  analytics: (from: string, to: string, interval: string) => ['reactivation', 'analytics', from, to, interval] as const,
  accountHealth: ['reactivation', 'account-health'] as const,
  runs: ['reactivation', 'campaigns'] as const,
  attempt: (attemptId: string) => ['reactivation', 'attempt', attemptId] as const,
};

const base = '/api/reactivation';

export const reactivationApi = {
  settings: (signal?: AbortSignal) => api.get<ReactivationSettings>(`${base}/settings`, undefined, { signal }),
  saveSettings: (body: Partial<ReactivationSettings>) => request<ReactivationSettings>('PUT', `${base}/settings`, body),
  decideAll: (decision: 'approve' | 'skip', date: string) => api.post<{ date: string; changed: number; unchanged: number }>(`${base}/queue/${decision}-all`, { date }),
  rules: (signal?: AbortSignal) => api.get<{ items: ReactivationRule[] }>(`${base}/rules`, undefined, { signal }),
  createRule: (body: { serviceId: string } & RulePatch) => api.post<ReactivationRule>(`${base}/rules`, body),
  updateRule: (ruleId: string, body: RulePatch) => api.patch<ReactivationRule>(`${base}/rules/${ruleId}`, body),
  deleteRule: (ruleId: string) => api.delete<{ ok: true }>(`${base}/rules/${ruleId}`),
  recompute: (body: { refreshAi?: boolean } = {}) => api.post<{ items: ReactivationRule[] }>(`${base}/rules/recompute`, body),
  candidates: (signal?: AbortSignal) => api.get<CandidatesPreview>(`${base}/candidates`, { slots: 'true' }, { signal }),
  queue: (date: string, signal?: AbortSignal) => api.get<Queue>(`${base}/queue`, { date }, { signal }),
  runNow: () => api.post<{ date: string; campaignId?: string; created: number }>(`${base}/queue/run`, {}),
  approve: (attemptId: string, message?: string) => api.post<Attempt>(`${base}/attempts/${attemptId}/approve`, message === undefined ? {} : { message }),
  skip: (attemptId: string) => api.post<Attempt>(`${base}/attempts/${attemptId}/skip`, {}),
  edit: (attemptId: string, message: string) => api.patch<Attempt>(`${base}/attempts/${attemptId}`, { message }),
  attempts: (params: { status?: string; contactId?: string; campaignId?: string; cursor?: string }, signal?: AbortSignal) =>
    api.get<Page<Attempt>>(`${base}/attempts`, params, { signal }),
  runs: (signal?: AbortSignal) => api.get<{ items: RunSummary[] }>(`${base}/campaigns`, { limit: 14 }, { signal }),
  attempt: (attemptId: string, signal?: AbortSignal) => api.get<AttemptDetail>(`${base}/attempts/${attemptId}`, undefined, { signal }),
  stats: (from: string, to: string, signal?: AbortSignal) => api.get<Stats>(`${base}/stats`, { from, to }, { signal }),
  analytics: (from: string, to: string, interval: 'day' | 'week', signal?: AbortSignal) => api.get<Analytics>(`${base}/analytics`, { from, to, interval }, { signal }),
  accountHealth: (signal?: AbortSignal) => api.get<AccountHealth>(`${base}/account-health`, undefined, { signal }),
  services: (signal?: AbortSignal) => api.get<{ items: Array<{ id: string; name: string; isActive?: boolean; archivedAt?: string | null }> }>('/api/booking/services', undefined, { signal }),
};

/** True when the server does not have the route (yet): the page then shows what it can without it. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /^no route /.test(error.message);
}

/** The start and end of an offered slot whichever naming the server uses. */
export function slotTimes(slot: OfferedSlot | RankedSlot): { start: string; end: string } {
  const s = slot as OfferedSlot & Partial<RankedSlot>;
  return { start: s.startAt ?? s.start ?? '', end: s.endAt ?? s.end ?? '' };
}

export function explanationText(explanation: SlotExplanation | string | null | undefined): string {
  if (!explanation) return '';
  return typeof explanation === 'string' ? explanation : explanation.summary;
}
