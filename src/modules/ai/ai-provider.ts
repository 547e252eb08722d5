import { z } from 'zod';

/**
 * One interface for every model call that must answer in JSON: the caller gives a Zod schema, the provider sends its
 * JSON Schema (`response_format: json_schema`, strict) and returns a value that passed the Zod schema.
 */

export type AiFailureCode = 'timeout' | 'rate_limited' | 'server_error' | 'invalid_json' | 'schema_violation' | 'network';
export type AiFallbackReason = 'no_key' | AiFailureCode;

export interface AiRequest<T> {
  /** Stable task name, e.g. 'dialog.analysis'; selects the offline implementation and is recorded per call. */
  task: string;
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** `json_schema.name` sent to the model (OpenAI: `^[a-zA-Z0-9_-]{1,64}$`). */
  jsonSchemaName: string;
  maxTokens?: number;
  temperature?: number;
}

export interface AiUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface AiResult<T> {
  value: T;
  provider: 'openai' | 'offline';
  model: string;
  usage: AiUsage;
  costUsd: number;
  /** Wall time of the whole call, retries and backoff included. */
  latencyMs: number;
  /** Set when the offline provider answered in place of the configured one. */
  fallbackReason?: AiFallbackReason;
}

export interface AiProvider {
  readonly name: string;
  generateJson<T>(request: AiRequest<T>): Promise<AiResult<T>>;
}

export class AiProviderError extends Error {
  override readonly name = 'AiProviderError';
  constructor(
    readonly code: AiFailureCode,
    message: string,
    /** HTTP status of the last attempt, when there was one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** JSON Schema for `response_format.json_schema.schema` (Zod 4), without the `$schema` dialect marker. */
export function toResponseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}
