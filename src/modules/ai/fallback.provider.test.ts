import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.ts';
import { AiProviderError, type AiProvider, type AiRequest } from './ai-provider.ts';
import { OFFLINE_MODEL, OfflineProvider, withOfflineFallback } from './fallback.provider.ts';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.ts';

const Sentiment = z.object({ sentiment: z.enum(['positive', 'neutral', 'negative']), words: z.number().int() });
type Sentiment = z.infer<typeof Sentiment>;

const request = (user: string, task = 'message.sentiment'): AiRequest<Sentiment> => ({
  task,
  system: 'Classify the sentiment.',
  user,
  schema: Sentiment,
  jsonSchemaName: 'sentiment',
});

function offline(): OfflineProvider {
  return new OfflineProvider().registerOfflineTask<Sentiment>('message.sentiment', (req) => ({
    sentiment: /thank|great/i.test(req.user) ? 'positive' : 'neutral',
    words: req.user.split(/\s+/).filter(Boolean).length,
  }));
}

const failing = (code: AiProviderError['code']): AiProvider => ({
  name: 'failing',
  generateJson: () => Promise.reject(new AiProviderError(code, `simulated ${code}`)),
});

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('withOfflineFallback', () => {
  it('no key (no primary) → the offline value, deterministic, with fallbackReason no_key', async () => {
    const ai = withOfflineFallback(null, offline());
    const first = await ai.generateJson(request('Thank you, great service'));
    const second = await ai.generateJson(request('Thank you, great service'));
    expect(first.value).toEqual({ sentiment: 'positive', words: 4 });
    expect(second.value).toEqual(first.value);
    expect(first).toMatchObject({ provider: 'offline', model: OFFLINE_MODEL, costUsd: 0, fallbackReason: 'no_key' });
    expect(first.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
  });

  it('uses the primary when it answers', async () => {
    const primary: AiProvider = {
      name: 'stub',
      generateJson: async <T>() => ({
        value: { sentiment: 'negative', words: 1 } as T,
        provider: 'openai' as const,
        model: 'stub-1',
        usage: { promptTokens: 3, completionTokens: 2 },
        costUsd: 0.001,
        latencyMs: 5,
      }),
    };
    const result = await withOfflineFallback(primary, offline()).generateJson(request('meh'));
    expect(result).toMatchObject({ provider: 'openai', model: 'stub-1', value: { sentiment: 'negative', words: 1 } });
    expect(result.fallbackReason).toBeUndefined();
  });

  it.each(['timeout', 'rate_limited', 'server_error', 'invalid_json', 'schema_violation', 'network'] as const)(
    'primary failing with %s → offline value with that reason',
    async (code) => {
      const result = await withOfflineFallback(failing(code), offline()).generateJson(request('hello there'));
      expect(result).toMatchObject({ provider: 'offline', value: { sentiment: 'neutral', words: 2 }, fallbackReason: code });
    },
  );

  it('falls back for real when the OpenAI-compatible server returns malformed JSON', async () => {
    fake = await startFakeOpenAi({ respond: () => ({ content: 'Sure! Here is the JSON: {sentiment: positive' }) });
    const primary = new OpenAiCompatibleProvider({ baseURL: fake.baseURL, apiKey: 'k', model: 'm' });
    const result = await withOfflineFallback(primary, offline()).generateJson(request('great'));
    expect(result).toMatchObject({ provider: 'offline', fallbackReason: 'invalid_json', value: { sentiment: 'positive', words: 1 } });
    expect(fake.requests).toHaveLength(1);
  });

  it('a task with no offline implementation rethrows the primary error', async () => {
    const ai = withOfflineFallback(failing('timeout'), offline());
    await expect(ai.generateJson(request('x', 'unknown.task'))).rejects.toMatchObject({ name: 'AiProviderError', code: 'timeout' });
  });

  it('a task with no offline implementation and no key throws', async () => {
    await expect(withOfflineFallback(null, offline()).generateJson(request('x', 'unknown.task'))).rejects.toThrow(/unknown\.task/);
  });

  it('errors that are not AiProviderError (bugs) are rethrown, not masked', async () => {
    const broken: AiProvider = { name: 'broken', generateJson: () => Promise.reject(new TypeError('bug')) };
    await expect(withOfflineFallback(broken, offline()).generateJson(request('x'))).rejects.toThrow(TypeError);
  });

  it('an offline implementation that breaks the schema fails loudly', async () => {
    const bad = new OfflineProvider().registerOfflineTask('message.sentiment', () => ({ sentiment: 'ecstatic', words: 1 }));
    await expect(withOfflineFallback(null, bad).generateJson(request('x'))).rejects.toThrow();
  });
});
