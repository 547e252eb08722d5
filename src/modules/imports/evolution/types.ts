// The record shapes belong to the Evolution wire format, which the channels module reads (webhooks) and owns.
export type { EvolutionChat, EvolutionContact, EvolutionMedia, EvolutionMediaType, EvolutionMessage } from '../../channels/index.ts';

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
