import type { WhatsAppMediaType } from '../whatsapp/types.ts';

export type EvolutionMediaType = WhatsAppMediaType;

export interface EvolutionClientOptions {
  /** e.g. `http://localhost:8080` (a trailing slash is fine). */
  baseUrl: string;
  /** Sent as the `apikey` header (global key or instance token). */
  apiKey: string;
  /** Instance name, appended to every route. */
  instance: string;
  /** Pacing: at most this many requests start per second (spacing of 1000/rps ms). Default 5. */
  requestsPerSecond?: number;
  /** Per-attempt timeout (AbortSignal.timeout). Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429/5xx/network errors/timeouts. Default 4. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry (capped by maxBackoffMs). Default 500 ms. */
  retryBaseMs?: number;
  /** Cap for backoff delays and for honoured Retry-After values. Default 60 000 ms. */
  maxBackoffMs?: number;
  fetchImpl?: typeof fetch;
  /** Clock used by pacing and backoff (tests inject a fake one). Default: Date.now / setTimeout. */
  clock?: Clock;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type EvolutionErrorCode = 'AUTH' | 'NOT_FOUND' | 'RATE_LIMITED' | 'TEMPORARY' | 'BAD_RESPONSE';

export interface EvolutionContact {
  remoteJid: string;
  pushName: string | null;
  profilePicUrl?: string;
  /** Digits of a `<digits>@s.whatsapp.net` JID; null for groups, `@lid` and other ids. */
  phone: string | null;
  isGroup: boolean;
}

export interface EvolutionChat {
  remoteJid: string;
  name?: string;
  isGroup: boolean;
  phone: string | null;
  lastMessageAt?: Date;
}

export interface EvolutionMedia {
  type: EvolutionMediaType;
  mimeType?: string;
  fileName?: string;
  caption?: string;
  /** The pull client never downloads media: only its description is kept. */
  omitted: true;
}

export interface EvolutionMessage {
  /** `key.id` (WhatsApp message id). */
  id: string;
  /** `key.remoteJid` as stored (groups `@g.us`, people `@s.whatsapp.net`, newer ids `@lid` kept as-is). */
  remoteJid: string;
  fromMe: boolean;
  /** Group author (`key.participant` or the record's `participant`); null in 1:1 chats. */
  participant: string | null;
  pushName: string | null;
  timestamp: Date;
  /** Conversation text or media caption; '' when there is none. */
  text: string;
  kind: 'text' | 'media' | 'system';
  media?: EvolutionMedia;
  /** Upstream message type (`messageType` field or the content key), for diagnostics. */
  messageType: string | null;
}
