import { AiProviderError, type AiProvider, type AiRequest, type AiResult } from './ai-provider.ts';

/** A deterministic, local implementation of one task: same request, same answer. */
export type OfflineTask<T = unknown> = (request: AiRequest<T>) => T;

export const OFFLINE_MODEL = 'parley-offline-1';

/**
 * The built-in offline provider: a registry of per-task deterministic functions. Its answers still go through the
 * request's Zod schema, so an offline implementation cannot drift from the contract unnoticed.
 */
export class OfflineProvider implements AiProvider {
  readonly name = 'offline';
  private readonly tasks = new Map<string, OfflineTask>();

  registerOfflineTask<T>(task: string, run: OfflineTask<T>): this {
    this.tasks.set(task, run as OfflineTask);
    return this;
  }

  has(task: string): boolean {
    return this.tasks.has(task);
  }

  async generateJson<T>(request: AiRequest<T>): Promise<AiResult<T>> {
    const run = this.tasks.get(request.task);
    if (!run) throw new Error(`no offline implementation for AI task "${request.task}"`);
    const started = performance.now();
    const value = request.schema.parse(run(request as AiRequest<unknown>));
    return {
      value,
      provider: 'offline',
      model: OFFLINE_MODEL,
      usage: { promptTokens: 0, completionTokens: 0 },
      costUsd: 0,
      latencyMs: Math.round(performance.now() - started),
    };
  }
}

/**
 * The provider the app uses: the configured one when there is a key, the offline one otherwise (`no_key`) and
 * whenever the configured one fails with an `AiProviderError` (`fallbackReason` = its code). A task with no offline
 * implementation rethrows the primary's error (or throws a plain Error when there is no primary).
 */
export function withOfflineFallback(primary: AiProvider | null, offline: OfflineProvider): AiProvider {
  return {
    name: primary ? `${primary.name}+offline` : 'offline',
    async generateJson<T>(request: AiRequest<T>): Promise<AiResult<T>> {
      if (!primary) {
        if (!offline.has(request.task)) {
          throw new Error(`no AI provider configured (no key) and no offline implementation for AI task "${request.task}"`);
        }
        return { ...(await offline.generateJson(request)), fallbackReason: 'no_key' };
      }
      const started = performance.now();
      try {
        return await primary.generateJson(request);
      } catch (error) {
        if (!(error instanceof AiProviderError) || !offline.has(request.task)) throw error;
        const result = await offline.generateJson(request);
        // Latency covers the failed primary attempt too: that is what the caller waited.
        return { ...result, latencyMs: Math.round(performance.now() - started), fallbackReason: error.code };
      }
    },
  };
}
