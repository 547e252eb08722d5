import { api, request } from '../../api.ts';

export interface Reason {
  code: string;
  points: number;
  value?: string | number | null;
}

export type ItemStatus = 'pending_review' | 'approved' | 'skipped' | 'sending' | 'sent' | 'failed' | 'replied' | 'converted' | 'no_reply' | 'expired' | 'cancelled';

export interface QueueItem {
  id: string;
  leadId: string;
  contactId: string;
  contactName: string;
  contactPhone: string | null;
  rank: number;
  priority: number;
  why: string;
  reasons: Reason[];
  stageKey: string;
  daysQuiet: number;
  message: string;
  messageSource: 'ai' | 'offline';
  edited: boolean;
  status: ItemStatus;
  slotStart: string;
  scheduledAt: string;
  conversationId: string | null;
  sentAt: string | null;
  repliedAt: string | null;
  replySeconds: number | null;
  optedOut: boolean;
  convertedAt: string | null;
  error: string | null;
}

export interface QueueInfo {
  id: string;
  date: string;
  status: 'forming' | 'ready' | 'failed';
  candidates: number;
  eligible: number;
  picked: number;
  allowance: number | null;
  scorer: string | null;
  scorerFallbackReason: string | null;
  minGapSeconds: number;
  error: string | null;
  formedAt?: string | null;
  /** Why nobody was picked, from the formation's own figures (null when someone was). */
  emptyReason?: {
    kind: 'no_quiet_leads' | 'none_eligible' | 'allowance_spent' | 'window_passed' | 'no_room';
    candidates: number;
    eligible: number;
    allowance: number | null;
    windowEnd: string | null;
  } | null;
}

export interface QueueResponse {
  date: string;
  timezone: string;
  queue: QueueInfo | null;
  items: QueueItem[];
  counts: Record<string, number>;
}

export interface Settings {
  enabled: boolean;
  formAt: string;
  daysOfWeek: number[];
  dailyLimit: number;
  channelAccountId: string | null;
  window: { start: string; end: string };
  slotMinutes: number;
  autoApprove: boolean;
  minDaysQuiet: number;
  maxDaysQuiet: number;
  recontactAfterDays: number;
  excludedStages: string[];
  minPriority: number;
  useAi: boolean;
  replyWindowDays: number;
  conversionWindowDays: number;
  templates: Record<string, string>;
}

export interface Dashboard {
  from: string;
  to: string;
  date: string;
  metrics: {
    sent: number;
    delivered: number;
    read: number;
    replied: number;
    replyRate: number | null;
    timeToFirstReply: { averageSeconds: number | null; medianSeconds: number | null };
    converted: number;
    conversionRate: number | null;
    optedOut: number;
  };
  daily: Array<{ date: string; queued: number; approved: number; skipped: number; sent: number; replied: number; converted: number }>;
  slots: Array<{ slot: string; planned: number; sent: number; replied: number }>;
}

export interface FormationStatus {
  date: string;
  status: 'none' | 'forming' | 'formed' | 'failed';
  queueId: string | null;
  requestedAt: string | null;
  formedAt: string | null;
  candidates: number | null;
  eligible: number | null;
  picked: number | null;
  scorer: string | null;
  error: string | null;
}

export interface StageTemplate {
  key: string;
  stageId: string | null;
  name: string;
  kind: string;
  pipelines: string[];
  excluded: boolean;
  template: string | null;
  defaultTemplate: string;
}

export interface TemplatesResponse {
  language: 'ru' | 'en';
  register: 'formal' | 'friendly';
  templates: StageTemplate[];
}

export interface TemplatePreview {
  text: string;
  language: 'ru' | 'en';
  lead: { id: string; name: string; stageKey: string; daysQuiet: number } | null;
}

export const keys = {
  queue: (date: string) => ['reengagement', 'queue', date] as const,
  status: (date: string) => ['reengagement', 'status', date] as const,
  templates: ['reengagement', 'templates'] as const,
  settings: ['reengagement', 'settings'] as const,
  dashboard: (days: number, date: string) => ['reengagement', 'dashboard', days, date] as const,
};

export const reengagementApi = {
  queue: (date: string, signal?: AbortSignal) => api.get<QueueResponse>('/api/reengagement/queue', { date }, { signal }),
  /** Asks for today's queue: 202 while the formation job runs (poll `status`), 200 when it is formed already. */
  run: () => api.post<{ date: string; formation: FormationStatus; statusUrl: string }>('/api/reengagement/queue/run'),
  status: (date: string, signal?: AbortSignal) => api.get<FormationStatus>('/api/reengagement/queue/status', { date }, { signal }),
  templates: (signal?: AbortSignal) => api.get<TemplatesResponse>('/api/reengagement/templates', undefined, { signal }),
  preview: (input: { content: string; stageKey?: string; stageId?: string; leadId?: string }, signal?: AbortSignal) =>
    request<TemplatePreview>('POST', '/api/reengagement/templates/preview', input, { signal }),
  approve: (id: string, text?: string) => api.post<QueueItem>(`/api/reengagement/items/${id}/approve`, text ? { text } : {}),
  skip: (id: string) => api.post<QueueItem>(`/api/reengagement/items/${id}/skip`),
  edit: (id: string, text: string) => api.patch<QueueItem>(`/api/reengagement/items/${id}`, { text }),
  approveAll: (date: string) => api.post<{ approved: number }>('/api/reengagement/items/approve', { date }),
  settings: (signal?: AbortSignal) => api.get<Settings>('/api/reengagement/settings', undefined, { signal }),
  saveSettings: (settings: Settings) => request<Settings>('PUT', '/api/reengagement/settings', settings),
  dashboard: (days: number, date: string, signal?: AbortSignal) => api.get<Dashboard>('/api/reengagement/dashboard', { days, date }, { signal }),
};
