import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { AiProvider } from './ai-provider.ts';
import { OfflineProvider, withOfflineFallback } from './fallback.provider.ts';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.ts';
import { resolveAiSettings, type ResolvedAiSettings } from './ai-settings.service.ts';

export interface ResolvedProvider {
  provider: AiProvider;
  settings: ResolvedAiSettings;
  /** 'llm' when calls go to a model (falling back offline on failure); 'offline' otherwise. */
  mode: 'offline' | 'llm';
}

/** The AI entry point of the process: per-organization provider resolution and the shared offline registry. */
export interface AiService {
  /** Modules register their deterministic offline implementations here at start-up. */
  readonly offline: OfflineProvider;
  /** `useLlm: false` forces the offline provider even when a model is configured. */
  providerFor(db: DbOrTx, organizationId: string, options?: { useLlm?: boolean }): Promise<ResolvedProvider>;
}

export const PING_TASK = 'ai.ping';
export const ZPing = z.object({ ok: z.boolean() });

export function createAiService(config: Config, secrets: SecretBox): AiService {
  const offline = new OfflineProvider().registerOfflineTask(PING_TASK, () => ({ ok: true }));
  const offlineOnly = withOfflineFallback(null, offline);
  // One client per distinct endpoint so its concurrency limit holds across the runs of this process.
  const clients = new Map<string, OpenAiCompatibleProvider>();

  function clientFor(settings: ResolvedAiSettings): OpenAiCompatibleProvider {
    const key = JSON.stringify([settings.baseUrl, settings.model, settings.apiKey, settings.timeoutMs, settings.concurrency, settings.promptPricePer1k, settings.completionPricePer1k]);
    let client = clients.get(key);
    if (!client) {
      client = new OpenAiCompatibleProvider({
        baseURL: settings.baseUrl,
        // Local servers (Ollama, vLLM) take any key; the SDK insists on a non-empty one.
        apiKey: settings.apiKey ?? 'no-key',
        model: settings.model,
        timeoutMs: settings.timeoutMs,
        concurrency: settings.concurrency,
        promptPricePer1k: settings.promptPricePer1k,
        completionPricePer1k: settings.completionPricePer1k,
      });
      clients.set(key, client);
    }
    return client;
  }

  return {
    offline,
    async providerFor(db, organizationId, options = {}) {
      const settings = await resolveAiSettings(db, config, secrets, organizationId);
      if (settings.mode === 'offline' || options.useLlm === false) return { provider: offlineOnly, settings, mode: 'offline' };
      return { provider: withOfflineFallback(clientFor(settings), offline), settings, mode: 'llm' };
    },
  };
}
