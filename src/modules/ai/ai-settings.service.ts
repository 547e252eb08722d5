import type { DbOrTx } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';

/** Where the endpoint an organization's AI calls go to is configured. */
export interface ResolvedAiSettings {
  mode: 'offline' | 'llm';
  source: 'organization' | 'environment' | 'none';
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  concurrency: number;
  promptPricePer1k: number;
  completionPricePer1k: number;
  /** Speech-to-text model for voice notes at the same endpoint; null: voice notes are not transcribed. */
  transcriptionModel: string | null;
  updatedAt: string | null;
}

export interface AiSettingsInput {
  baseUrl: string;
  model: string;
  /** Absent keeps the stored key; null removes it. */
  apiKey?: string | null;
  timeoutMs?: number;
  concurrency?: number;
  promptPricePer1k?: number;
  completionPricePer1k?: number;
  /** Absent keeps the stored model; null turns transcription off. */
  transcriptionModel?: string | null;
}

/**
 * The organization's own endpoint wins; without one, the environment's (`AI_*`, when it has a key); otherwise the
 * offline analyser. A stored endpoint without a key is a local server (Ollama, vLLM) that needs none.
 */
export async function resolveAiSettings(db: DbOrTx, config: Config, secrets: SecretBox, organizationId: string): Promise<ResolvedAiSettings> {
  const row = await db.selectFrom('ai_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (row) {
    return {
      mode: 'llm',
      source: 'organization',
      baseUrl: row.base_url,
      model: row.model,
      apiKey: row.api_key_encrypted ? secrets.open(row.api_key_encrypted) : null,
      timeoutMs: row.timeout_ms,
      concurrency: row.concurrency,
      promptPricePer1k: Number(row.prompt_price_per_1k),
      completionPricePer1k: Number(row.completion_price_per_1k),
      transcriptionModel: row.transcription_model ?? null,
      updatedAt: iso(row.updated_at),
    };
  }
  const envKey = config.AI_API_KEY?.trim() || null;
  return {
    mode: envKey ? 'llm' : 'offline',
    source: envKey ? 'environment' : 'none',
    baseUrl: config.AI_BASE_URL,
    model: config.AI_MODEL,
    apiKey: envKey,
    timeoutMs: config.AI_TIMEOUT_MS,
    concurrency: config.AI_CONCURRENCY,
    promptPricePer1k: config.AI_PROMPT_PRICE_PER_1K,
    completionPricePer1k: config.AI_COMPLETION_PRICE_PER_1K,
    transcriptionModel: envKey ? (config.AI_TRANSCRIPTION_MODEL ?? null) : null,
    updatedAt: null,
  };
}

/** What the API shows: never the key, only whether there is one. */
export function toAiSettingsDto(settings: ResolvedAiSettings) {
  const { apiKey, ...rest } = settings;
  return { ...rest, hasKey: apiKey !== null };
}

export async function saveAiSettings(db: DbOrTx, secrets: SecretBox, organizationId: string, input: AiSettingsInput, now: Date): Promise<void> {
  const values = {
    base_url: input.baseUrl.replace(/\/+$/, ''),
    model: input.model,
    ...(input.apiKey !== undefined ? { api_key_encrypted: input.apiKey === null ? null : secrets.seal(input.apiKey) } : {}),
    ...(input.timeoutMs !== undefined ? { timeout_ms: input.timeoutMs } : {}),
    ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
    ...(input.promptPricePer1k !== undefined ? { prompt_price_per_1k: input.promptPricePer1k } : {}),
    ...(input.completionPricePer1k !== undefined ? { completion_price_per_1k: input.completionPricePer1k } : {}),
    ...(input.transcriptionModel !== undefined ? { transcription_model: input.transcriptionModel } : {}),
    updated_at: now,
  };
  await db
    .insertInto('ai_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
}

export async function deleteAiSettings(db: DbOrTx, organizationId: string): Promise<void> {
  const result = await db.deleteFrom('ai_settings').where('organization_id', '=', organizationId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('AI settings');
}

/** Calls, tokens, cost and fallbacks of the last `days` days, in total and per task. */
export async function aiUsage(db: DbOrTx, organizationId: string, since: Date) {
  const rows = await db
    .selectFrom('ai_calls')
    .select((eb) => [
      'task',
      eb.fn.countAll<string>().as('calls'),
      eb.fn.sum<string>('prompt_tokens').as('prompt_tokens'),
      eb.fn.sum<string>('completion_tokens').as('completion_tokens'),
      eb.fn.sum<string>('cost_usd').as('cost_usd'),
      eb.fn.count<string>('fallback_reason').as('fallbacks'),
    ])
    .where('organization_id', '=', organizationId)
    .where('created_at', '>=', since)
    .groupBy('task')
    .orderBy('task')
    .execute();
  const byTask = rows.map((row) => ({
    task: row.task,
    calls: Number(row.calls),
    promptTokens: Number(row.prompt_tokens ?? 0),
    completionTokens: Number(row.completion_tokens ?? 0),
    costUsd: Number(row.cost_usd ?? 0),
    fallbacks: Number(row.fallbacks),
  }));
  const total = (key: 'calls' | 'promptTokens' | 'completionTokens' | 'costUsd' | 'fallbacks') => byTask.reduce((sum, row) => sum + row[key], 0);
  return {
    since: since.toISOString(),
    calls: total('calls'),
    promptTokens: total('promptTokens'),
    completionTokens: total('completionTokens'),
    costUsd: Math.round(total('costUsd') * 1e6) / 1e6,
    fallbacks: total('fallbacks'),
    byTask,
  };
}
