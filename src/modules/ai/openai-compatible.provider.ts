import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { AiProviderError, toResponseJsonSchema, type AiProvider, type AiRequest, type AiResult } from './ai-provider.ts';
import { Semaphore } from './semaphore.ts';

export interface OpenAiCompatibleOptions {
  /** e.g. https://api.openai.com/v1, https://generativelanguage.googleapis.com/v1beta/openai, http://localhost:11434/v1 */
  baseURL: string;
  apiKey: string;
  model: string;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429 and 5xx. Default 3. */
  maxRetries?: number;
  /** First backoff step when the server gives no Retry-After; doubles per retry, with jitter. Default 500. */
  retryBaseDelayMs?: number;
  /** Upper bound for any single wait, Retry-After included. Default 20 000. */
  maxRetryDelayMs?: number;
  /** Calls in flight at once through this provider. Default 4. */
  concurrency?: number;
  /** USD per 1 000 prompt tokens. Default 0. */
  promptPricePer1k?: number;
  /** USD per 1 000 completion tokens. Default 0. */
  completionPricePer1k?: number;
  /** Test seam for the backoff wait. */
  sleep?: (ms: number) => Promise<void>;
}

interface Attempt {
  content: string | null;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Gemini's OpenAI endpoint, Ollama, vLLM) through the
 * official SDK. The SDK's own retries are off: this class retries 429/5xx itself (honouring Retry-After), so the
 * behaviour is the same across endpoints and visible to tests. Timeouts, network errors and bad answers are not
 * retried; they surface as `AiProviderError` for the fallback wrapper.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly semaphore: Semaphore;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: 0,
    });
    this.semaphore = new Semaphore(options.concurrency ?? 4);
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 20_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get model(): string {
    return this.options.model;
  }

  async generateJson<T>(request: AiRequest<T>): Promise<AiResult<T>> {
    const started = performance.now();
    const attempt = await this.withRetries(() => this.semaphore.run(() => this.complete(request)));
    const value = parseAnswer(attempt.content, request);
    return {
      value,
      provider: 'openai',
      model: attempt.model,
      usage: { promptTokens: attempt.promptTokens, completionTokens: attempt.completionTokens },
      costUsd: this.cost(attempt.promptTokens, attempt.completionTokens),
      latencyMs: Math.round(performance.now() - started),
    };
  }

  private cost(promptTokens: number, completionTokens: number): number {
    const usd =
      (promptTokens / 1000) * (this.options.promptPricePer1k ?? 0) +
      (completionTokens / 1000) * (this.options.completionPricePer1k ?? 0);
    return Math.round(usd * 1e6) / 1e6;
  }

  private async withRetries(call: () => Promise<Attempt>): Promise<Attempt> {
    for (let retry = 0; ; retry++) {
      try {
        return await call();
      } catch (error) {
        const failure = classify(error);
        const status = failure.status ?? 0;
        const retryable = status === 429 || status >= 500 || isDroppedConnection(error);
        if (!retryable || retry >= this.maxRetries) throw failure;
        const hinted = retryAfterMs(error instanceof APIError ? error.headers : undefined);
        const backoff = this.retryBaseDelayMs * 2 ** retry * (0.75 + Math.random() * 0.5);
        await this.sleep(Math.min(hinted ?? backoff, this.maxRetryDelayMs));
      }
    }
  }

  private async complete<T>(request: AiRequest<T>): Promise<Attempt> {
    const completion = await this.client.chat.completions.create({
      model: this.options.model,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: request.jsonSchemaName, schema: toResponseJsonSchema(request.schema), strict: true },
      },
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    });
    return {
      content: completion.choices[0]?.message.content ?? null,
      model: completion.model || this.options.model,
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    };
  }
}

function parseAnswer<T>(content: string | null, request: AiRequest<T>): T {
  if (content === null || content.trim() === '') throw new AiProviderError('invalid_json', `${request.task}: empty answer`);
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch (error) {
    throw new AiProviderError('invalid_json', `${request.task}: answer is not JSON`, undefined, { cause: error });
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new AiProviderError('schema_violation', `${request.task}: answer does not match ${request.jsonSchemaName}: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** Some OpenAI-compatible servers (older Ollama models) wrap JSON in a Markdown fence despite response_format. */
function stripCodeFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(content);
  return fenced?.[1] ?? content;
}

function classify(error: unknown): AiProviderError {
  if (error instanceof AiProviderError) return error;
  if (error instanceof APIConnectionTimeoutError) return new AiProviderError('timeout', 'request timed out', undefined, { cause: error });
  if (error instanceof APIConnectionError) return new AiProviderError('network', error.message, undefined, { cause: error });
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status === 429) return new AiProviderError('rate_limited', error.message, 429, { cause: error });
    if (error.status === 408) return new AiProviderError('timeout', error.message, 408, { cause: error });
    // Other 4xx (bad key, unknown model, schema rejected) are not retried; the union has no closer code.
    return new AiProviderError('server_error', error.message, error.status, { cause: error });
  }
  return new AiProviderError('network', error instanceof Error ? error.message : String(error), undefined, { cause: error });
}

/** `retry-after-ms` (OpenAI), else `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Codes of a connection the other side closed mid-request (a reused keep-alive socket): worth another try. */
const DROPPED_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** A request whose connection was dropped, unlike one that could not connect at all (refused, unknown host). */
function isDroppedConnection(error: unknown): boolean {
  if (!(error instanceof APIConnectionError) || error instanceof APIConnectionTimeoutError) return false;
  for (let cause: unknown = error.cause, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && DROPPED_CONNECTION.has(code)) return true;
  }
  return false;
}
