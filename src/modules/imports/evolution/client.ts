/**
 * Evolution API (v2) history pull client: connection state, contacts, chats and paged messages of one instance.
 *
 * Every call carries the `apikey` header and `content-type: application/json`, starts no sooner than the pacer
 * allows, times out per attempt (AbortSignal.timeout) and is retried with exponential backoff on 429 / 5xx /
 * network errors / timeouts (a `Retry-After` header wins over the computed delay). 401/403/404 and other 4xx are
 * never retried.
 */

import { normalizeEvolutionChat, normalizeEvolutionContact, normalizeEvolutionMessage } from '../../channels/index.ts';
import { Pacer, systemClock } from './pacer.ts';
import type {
  Clock,
  EvolutionChat,
  EvolutionClientOptions,
  EvolutionContact,
  EvolutionErrorCode,
  EvolutionMessage,
} from './types.ts';

export class EvolutionError extends Error {
  override readonly name = 'EvolutionError';
  constructor(
    readonly code: EvolutionErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const DEFAULTS = { requestsPerSecond: 5, timeoutMs: 30_000, maxRetries: 4, retryBaseMs: 500, maxBackoffMs: 60_000 };
/** findMessages page size; upstream's default is 50. */
export const DEFAULT_MESSAGE_PAGE_SIZE = 100;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `Retry-After`: delay-seconds or an HTTP date → ms (null when absent/unreadable). */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - nowMs);
}

export interface MessagesPage {
  total: number;
  pages: number;
  currentPage: number;
  records: unknown[];
}

export class EvolutionClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly instance: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly pacer: Pacer;

  constructor(options: EvolutionClientOptions) {
    if (!options.baseUrl) throw new TypeError('EvolutionClient: baseUrl is required');
    if (!options.instance) throw new TypeError('EvolutionClient: instance is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.instance = options.instance;
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.maxRetries = Math.max(0, options.maxRetries ?? DEFAULTS.maxRetries);
    this.retryBaseMs = options.retryBaseMs ?? DEFAULTS.retryBaseMs;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULTS.maxBackoffMs;
    this.fetchImpl = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? systemClock;
    this.pacer = new Pacer(options.requestsPerSecond ?? DEFAULTS.requestsPerSecond, this.clock);
  }

  /** `open` | `connecting` | `close` (or whatever newer servers answer). */
  async connectionState(): Promise<'open' | 'connecting' | 'close' | string> {
    const body = await this.request('GET', `/instance/connectionState/${encodeURIComponent(this.instance)}`);
    const state = isRec(body) && isRec(body.instance) ? body.instance.state : isRec(body) ? body.state : undefined;
    if (typeof state !== 'string') throw new EvolutionError('BAD_RESPONSE', 'connectionState: no instance.state in the answer');
    return state;
  }

  async findContacts(): Promise<EvolutionContact[]> {
    const body = await this.request('POST', this.route('/chat/findContacts'), {});
    const rows = this.expectArray(body, 'findContacts');
    return rows.map(normalizeEvolutionContact).filter((c): c is EvolutionContact => c !== null);
  }

  async findChats(): Promise<EvolutionChat[]> {
    const body = await this.request('POST', this.route('/chat/findChats'), {});
    const rows = this.expectArray(body, 'findChats');
    return rows.map(normalizeEvolutionChat).filter((c): c is EvolutionChat => c !== null);
  }

  /** One raw page of `findMessages` for a chat (1-based `page`, `pageSize` sent as upstream's `offset`). */
  async findMessagesPage(remoteJid: string, page: number, pageSize: number): Promise<MessagesPage> {
    const body = await this.request('POST', this.route('/chat/findMessages'), {
      where: { key: { remoteJid } },
      page,
      offset: pageSize,
      limit: pageSize,
    });
    // v1 answered a bare array of records: one page holding everything.
    if (Array.isArray(body)) return { total: body.length, pages: 1, currentPage: 1, records: body };
    const env = isRec(body) ? body.messages : undefined;
    if (!isRec(env) || !Array.isArray(env.records)) {
      throw new EvolutionError('BAD_RESPONSE', 'findMessages: expected { messages: { records: [...] } }');
    }
    const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
    return {
      total: num(env.total, env.records.length),
      pages: num(env.pages, 1),
      currentPage: num(env.currentPage, page),
      records: env.records,
    };
  }

  /**
   * Every chat message of `remoteJid`, page after page, in the server's order (Evolution v2 sorts by
   * `messageTimestamp` descending: newest first). Ids already yielded are skipped, so messages shifted across a
   * page boundary by new arrivals during the pull are not repeated. Non-chat records (reactions, protocol
   * messages) are skipped.
   */
  async *iterateMessages(remoteJid: string, pageSize = DEFAULT_MESSAGE_PAGE_SIZE): AsyncIterable<EvolutionMessage> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const res = await this.findMessagesPage(remoteJid, page, pageSize);
      for (const record of res.records) {
        const msg = normalizeEvolutionMessage(record);
        if (!msg || seen.has(msg.id)) continue;
        seen.add(msg.id);
        yield msg;
      }
      if (res.records.length === 0 || res.records.length < pageSize || page >= res.pages) return;
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private route(prefix: string): string {
    return `${prefix}/${encodeURIComponent(this.instance)}`;
  }

  private expectArray(body: unknown, what: string): unknown[] {
    if (Array.isArray(body)) return body;
    // Tolerate wrappers some versions/proxies add.
    for (const k of ['records', 'data', 'contacts', 'chats']) {
      const v = isRec(body) ? body[k] : undefined;
      if (Array.isArray(v)) return v;
    }
    throw new EvolutionError('BAD_RESPONSE', `${what}: expected a JSON array`);
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.maxBackoffMs, this.retryBaseMs * 2 ** attempt);
  }

  /** One API call with pacing, timeout and retries; resolves with the parsed JSON body. */
  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = this.baseUrl + path;
    let lastError: EvolutionError | undefined;
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      await this.pacer.acquire();
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method,
          headers: { apikey: this.apiKey, 'content-type': 'application/json', accept: 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const reason = timedOut ? `timed out after ${this.timeoutMs} ms` : `network error: ${err instanceof Error ? err.message : String(err)}`;
        lastError = new EvolutionError('TEMPORARY', `${method} ${path}: ${reason}`);
        if (attempt < this.maxRetries) await this.clock.sleep(this.backoffMs(attempt));
        continue;
      }

      if (res.ok) {
        const text = await res.text();
        if (text.trim() === '') return null;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new EvolutionError('BAD_RESPONSE', `${method} ${path}: answer is not JSON`, res.status);
        }
      }

      const detail = await errorDetail(res);
      const msg = `${method} ${path}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}`;
      if (res.status === 401 || res.status === 403) throw new EvolutionError('AUTH', msg, res.status);
      if (res.status === 404) throw new EvolutionError('NOT_FOUND', msg, res.status);
      if (res.status === 429 || res.status >= 500) {
        lastError = new EvolutionError(res.status === 429 ? 'RATE_LIMITED' : 'TEMPORARY', msg, res.status);
        if (attempt < this.maxRetries) {
          const retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.clock.now());
          await this.clock.sleep(retryAfter !== null ? Math.min(retryAfter, this.maxBackoffMs) : this.backoffMs(attempt));
        }
        continue;
      }
      throw new EvolutionError('BAD_RESPONSE', msg, res.status);
    }
    throw lastError ?? new EvolutionError('TEMPORARY', `${method} ${path}: failed`);
  }
}

/** A short reason from an error body (`{ response: { message } }` upstream), never the whole body. */
async function errorDetail(res: Response): Promise<string> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    return '';
  }
  try {
    const j = JSON.parse(text) as unknown;
    const m = isRec(j) ? (isRec(j.response) ? j.response.message : (j.message ?? j.error)) : undefined;
    const s = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : '';
    return s.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
