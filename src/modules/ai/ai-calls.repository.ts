import type { DbOrTx } from '../../platform/db/client.ts';
import type { AiResult } from './ai-provider.ts';

/** Records one AI call (tokens, cost, latency, fallback) for an organization; returns the row id. */
export async function recordAiCall(db: DbOrTx, organizationId: string, result: AiResult<unknown>, task: string): Promise<string> {
  const row = await db
    .insertInto('ai_calls')
    .values({
      organization_id: organizationId,
      task,
      provider: result.provider,
      model: result.model,
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      cost_usd: result.costUsd.toFixed(6),
      latency_ms: Math.max(0, Math.round(result.latencyMs)),
      fallback_reason: result.fallbackReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
