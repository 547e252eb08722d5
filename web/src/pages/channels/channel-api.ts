// Channel accounts as the channels API returns them, and the calls the Channels settings page makes.
import { api, request } from '../../api.ts';
import type { Channel } from '../../types.ts';

export type AccountChannel = Extract<Channel, 'sandbox' | 'evolution' | 'whatsapp_cloud' | 'telegram_bot' | 'telegram_user'>;

export const CHANNEL_TYPES: AccountChannel[] = ['sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user'];

export interface ChannelAccountDetail {
  id: string;
  channel: AccountChannel;
  name: string;
  address: string | null;
  status: 'active' | 'paused' | 'disconnected';
  settings: Record<string, unknown>;
  hasCredentials: boolean;
  connection: { state: string; detail: string | null; updatedAt: string | null } | null;
  createdAt: string;
}

export interface ChannelHealth {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

export type SendOutcomeCounts = Record<'sent' | 'failed' | 'recipient_invalid' | 'rate_limited' | 'auth_revoked' | 'rejected', number>;

export interface HealthReason {
  code: 'failure_ratio' | 'invalid_recipients' | 'rate_limited' | 'auth_revoked' | 'paused_by_person' | 'disconnected';
  level: 'warning' | 'pause';
  window: '1h' | '24h' | null;
  value: number | null;
  threshold: number | null;
}

/** GET /api/channel-accounts/:id/sending-health: what the health card shows. */
export interface AccountSendingHealth {
  accountId: string;
  accountStatus: ChannelAccountDetail['status'];
  status: 'healthy' | 'warning' | 'paused';
  reasons: HealthReason[];
  pausedAutomatically: boolean;
  pausedAt: string | null;
  resumedAt: string | null;
  hours: Array<{ hourStart: string } & SendOutcomeCounts>;
  totals: SendOutcomeCounts;
  warmup: {
    day: number | null;
    daysSinceFirstSend: number | null;
    firstSendAt: string | null;
    totalSent: number;
    totalAttempts: number;
    level: number | null;
    topLevel: number | null;
    levelChangedAt: string | null;
    levelChange: 'healthy' | 'hold' | 'failure_burst' | 'reported' | 'blocked' | null;
  };
  today: { sent: number; allowed: number | null; hourlyCap: number | null; paceSeconds: number | null };
  risk: { score: number; level: 'low' | 'medium' | 'high'; factors: RiskFactor[] };
}

export type RiskFactorCode = 'opt_outs' | 'no_replies' | 'blocks' | 'reports' | 'failures' | 'unreachable' | 'rate_limits';
export interface RiskFactor {
  code: RiskFactorCode;
  points: number;
  value: number;
}

export const sendingHealthKey = (id: string) => ['channel-accounts', id, 'sending-health'] as const;

export interface EvolutionQrAnswer {
  state: string;
  qr: { base64: string | null; code: string | null; pairingCode: string | null } | null;
}

export interface WebhookInfo {
  path: string;
  url: string | null;
  secretHeader: string | null;
  secret: string;
  verifyToken: string | null;
}

export interface TelegramLoginAnswer {
  step: 'awaiting_code' | 'awaiting_password' | 'open';
  codeType: string | null;
  passwordHint: string | null;
  account: ChannelAccountDetail;
}

export const accountsKey = ['channel-accounts'] as const;

/** The rules that pause a sending account (GET|PUT /api/channel-health/settings). */
export interface HealthThresholds {
  autoPause: boolean;
  hourlyFailureRatio: number;
  hourlyMinSends: number;
  invalidRatio24h: number;
  minSends24h: number;
  rateLimitedPerHour: number;
  pauseOnAuthRevoked: boolean;
}

export interface HealthSettings {
  thresholds: HealthThresholds;
  overrides: Partial<HealthThresholds>;
  defaults: HealthThresholds;
}

/** A field set to null returns to its default; a value the API refuses comes back as a 400 naming the field. */
export type HealthThresholdsPatch = { [K in keyof HealthThresholds]?: HealthThresholds[K] | null | string };

export const healthSettingsKey = ['channel-health', 'settings'] as const;

export const channelsApi = {
  list: () => api.get<{ items: ChannelAccountDetail[] }>('/api/channel-accounts'),
  create: (body: { channel: AccountChannel; name: string; config?: Record<string, unknown> }) => api.post<ChannelAccountDetail>('/api/channel-accounts', body),
  setStatus: (id: string, status: 'active' | 'paused') => api.patch<ChannelAccountDetail>(`/api/channel-accounts/${id}`, { status }),
  remove: (id: string) => api.delete<{ ok: true }>(`/api/channel-accounts/${id}`),
  health: (id: string) => api.get<ChannelHealth>(`/api/channel-accounts/${id}/health`),
  sendingHealth: (id: string) => api.get<AccountSendingHealth>(`/api/channel-accounts/${id}/sending-health`),
  qr: (id: string) => api.get<EvolutionQrAnswer>(`/api/channel-accounts/${id}/qr`),
  webhook: (id: string) => api.get<WebhookInfo>(`/api/channel-accounts/${id}/webhook`),
  telegramRestart: (id: string) => api.post<TelegramLoginAnswer>(`/api/channel-accounts/${id}/telegram/login`, {}),
  telegramCode: (id: string, code: string) => api.post<TelegramLoginAnswer>(`/api/channel-accounts/${id}/telegram/login/code`, { code }),
  healthSettings: () => api.get<HealthSettings>('/api/channel-health/settings'),
  saveHealthSettings: (patch: HealthThresholdsPatch) => request<HealthSettings>('PUT', '/api/channel-health/settings', patch),
  telegramPassword: (id: string, password: string) => api.post<TelegramLoginAnswer>(`/api/channel-accounts/${id}/telegram/login/password`, { password }),
};

/** Accounts waiting for a step of their connection: a QR scan (Evolution) or the login code / password (Telegram). */
export function pendingStep(account: ChannelAccountDetail): 'qr' | 'telegram_code' | 'telegram_password' | null {
  const state = account.connection?.state;
  if (account.channel === 'evolution' && account.status === 'disconnected') return 'qr';
  if (account.channel === 'telegram_user' && state === 'awaiting_code') return 'telegram_code';
  if (account.channel === 'telegram_user' && state === 'awaiting_password') return 'telegram_password';
  return null;
}
