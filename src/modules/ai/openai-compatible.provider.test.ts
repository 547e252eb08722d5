import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from '../../../test/fakes/openai-server.ts';
import { AiProviderError, type AiRequest } from './ai-provider.ts';
import { OpenAiCompatibleProvider, retryAfterMs, type OpenAiCompatibleOptions } from './openai-compatible.provider.ts';

const Analysis = z.object({
  intent: z.enum(['buy', 'ask', 'other']),
  score: z.number().int().min(0).max(100),
  summary: z.string(),
});
type Analysis = z.infer<typeof Analysis>;

const request: AiRequest<Analysis> = {
  task: 'dialog.analysis',
  system: 'You analyse sales dialogs.',
  user: 'Client: how much is the premium plan?',
  schema: Analysis,
  jsonSchemaName: 'dialog_analysis',
  maxTokens: 300,
  temperature: 0,
};
const good: Analysis = { intent: 'ask', score: 62, summary: 'Asks for the premium price.' };

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(respond: FakeOpenAiOptions['respond'], options: Partial<OpenAiCompatibleOptions> = {}) {
  fake = await startFakeOpenAi({ respond });
  const provider = new OpenAiCompatibleProvider({
    baseURL: fake.baseURL,
    apiKey: 'sk-test-123',
    model: 'gpt-test',
    retryBaseDelayMs: 1,
    ...options,
  });
  return { fake, provider };
}

async function failure(promise: Promise<unknown>): Promise<AiProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiProviderError);
  return error as AiProviderError;
}

describe('OpenAiCompatibleProvider against a fake OpenAI-compatible server', () => {
  it('returns the validated value with usage and cost, sending model, json_schema response_format and the key', async () => {
    const { fake, provider } = await setup(() => ({ content: JSON.stringify(good), usage: { promptTokens: 1200, completionTokens: 300 } }), {
      promptPricePer1k: 0.5,
      completionPricePer1k: 1.5,
    });
    const result = await provider.generateJson(request);

    expect(result.value).toEqual(good);
    expect(result.provider).toBe('openai');
    expect(result.model).toBe('gpt-test');
    expect(result.usage).toEqual({ promptTokens: 1200, completionTokens: 300 });
    expect(result.costUsd).toBeCloseTo(1.2 * 0.5 + 0.3 * 1.5, 6);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.fallbackReason).toBeUndefined();

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-123');
    expect(sent.body.model).toBe('gpt-test');
    expect(sent.body.max_tokens).toBe(300);
    expect(sent.body.temperature).toBe(0);
    expect(sent.body.messages).toEqual([
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ]);
    expect(sent.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'dialog_analysis',
        strict: true,
        schema: {
          type: 'object',
          properties: {
            intent: { type: 'string', enum: ['buy', 'ask', 'other'] },
            score: { type: 'integer', minimum: 0, maximum: 100 },
            summary: { type: 'string' },
          },
          required: ['intent', 'score', 'summary'],
          additionalProperties: false,
        },
      },
    });
  });

  it('accepts JSON wrapped in a Markdown fence (some local models do that)', async () => {
    const { provider } = await setup(() => ({ content: '```json\n' + JSON.stringify(good) + '\n```' }));
    expect((await provider.generateJson(request)).value).toEqual(good);
  });

  it('malformed JSON → invalid_json, not retried', async () => {
    const { fake, provider } = await setup(() => ({ content: '{"intent": "ask", "score": 6' }));
    expect((await failure(provider.generateJson(request))).code).toBe('invalid_json');
    expect(fake.requests).toHaveLength(1);
  });

  it('empty content → invalid_json', async () => {
    const { provider } = await setup(() => ({ content: '' }));
    expect((await failure(provider.generateJson(request))).code).toBe('invalid_json');
  });

  it('valid JSON that violates the schema → schema_violation', async () => {
    const { provider } = await setup(() => ({ content: JSON.stringify({ intent: 'maybe', score: 140, summary: 'x' }) }));
    const error = await failure(provider.generateJson(request));
    expect(error.code).toBe('schema_violation');
    expect(error.message).toContain('dialog_analysis');
  });

  it('an answer slower than timeoutMs → timeout', async () => {
    const { provider } = await setup(() => ({ content: JSON.stringify(good), delayMs: 1_000 }), { timeoutMs: 200 });
    const started = Date.now();
    expect((await failure(provider.generateJson(request))).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('429 with retry-after: 0, then success → succeeds after 2 requests', async () => {
    const { fake, provider } = await setup((_body, index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }
        : { content: JSON.stringify(good) },
    );
    const result = await provider.generateJson(request);
    expect(result.value).toEqual(good);
    expect(fake.requests).toHaveLength(2);
  });

  it('honours retry-after on 429 through the sleep seam', async () => {
    const waits: number[] = [];
    const { provider } = await setup(
      (_body, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down' } } } : { content: JSON.stringify(good) }),
      { sleep: async (ms) => void waits.push(ms) },
    );
    await provider.generateJson(request);
    expect(waits).toEqual([2000]);
  });

  it('429 on every attempt → rate_limited after maxRetries + 1 requests', async () => {
    const { fake, provider } = await setup(() => ({ status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'nope' } } }), { maxRetries: 2 });
    expect((await failure(provider.generateJson(request))).code).toBe('rate_limited');
    expect(fake.requests).toHaveLength(3);
  });

  it('500 on every attempt → server_error after maxRetries + 1 requests', async () => {
    const { fake, provider } = await setup(() => ({ status: 500, body: { error: { message: 'boom', type: 'server_error' } } }), { maxRetries: 3 });
    const error = await failure(provider.generateJson(request));
    expect(error.code).toBe('server_error');
    expect(error.status).toBe(500);
    expect(fake.requests).toHaveLength(4);
  });

  it('a 401 is not retried', async () => {
    const { fake, provider } = await setup(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }));
    const error = await failure(provider.generateJson(request));
    expect(error.status).toBe(401);
    expect(fake.requests).toHaveLength(1);
  });

  it('a refused connection → network', async () => {
    const provider = new OpenAiCompatibleProvider({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k', model: 'm', maxRetries: 0 });
    expect((await failure(provider.generateJson(request))).code).toBe('network');
  });

  it('a connection dropped mid-request is tried again (a refused one is not)', async () => {
    const dropOnce = createServer((req, res) => {
      if (dropped++ === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(good) } }] }));
    });
    let dropped = 0;
    await new Promise<void>((resolve) => dropOnce.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = dropOnce.address() as AddressInfo;
      const provider = new OpenAiCompatibleProvider({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'k', model: 'm', retryBaseDelayMs: 1 });
      expect((await provider.generateJson(request)).value).toEqual(good);
      expect(dropped).toBe(2);
    } finally {
      await new Promise((resolve) => dropOnce.close(resolve));
    }
  });

  it('never has more than `concurrency` requests in flight', async () => {
    const { fake, provider } = await setup(() => ({ content: JSON.stringify(good), delayMs: 60 }), { concurrency: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, () => provider.generateJson(request)));
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 5 }, () => good));
    expect(fake.requests).toHaveLength(5);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
