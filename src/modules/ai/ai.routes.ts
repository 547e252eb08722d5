import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { PING_TASK, ZPing } from './ai-service.ts';
import { aiUsage, deleteAiSettings, resolveAiSettings, saveAiSettings, toAiSettingsDto } from './ai-settings.service.ts';
import { recordAiCall } from './ai-calls.repository.ts';

const ZAiSettings = z.object({
  mode: z.enum(['offline', 'llm']),
  source: z.enum(['organization', 'environment', 'none']),
  baseUrl: z.string(),
  model: z.string(),
  hasKey: z.boolean(),
  timeoutMs: z.number().int(),
  concurrency: z.number().int(),
  promptPricePer1k: z.number(),
  completionPricePer1k: z.number(),
  transcriptionModel: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const ZSaveAiSettings = z
  .object({
    baseUrl: z.string().url().max(500),
    model: z.string().trim().min(1).max(200),
    apiKey: z.string().trim().min(1).max(1000).nullable().optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
    promptPricePer1k: z.number().min(0).max(1000).optional(),
    completionPricePer1k: z.number().min(0).max(1000).optional(),
    transcriptionModel: z.string().trim().min(1).max(200).nullable().optional().describe('Speech-to-text model for voice notes (e.g. whisper-1); null: off'),
  })
  .strict();

const ZUsage = z.object({
  since: z.string(),
  calls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  fallbacks: z.number(),
  byTask: z.array(z.object({ task: z.string(), calls: z.number(), promptTokens: z.number(), completionTokens: z.number(), costUsd: z.number(), fallbacks: z.number() })),
});

export async function aiRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, config, secrets, ai, clock } = ctx;
  const tags = ['ai'];
  const admin = { minRole: 'admin' as const };
  const current = async (organizationId: string) => toAiSettingsDto(await resolveAiSettings(db, config, secrets, organizationId));

  app.get('/api/settings/ai', { schema: { tags, summary: 'The AI provider this organization uses (the key is never returned)', response: { 200: ZAiSettings } } }, async (request) =>
    current(authOf(request).organizationId),
  );

  app.put('/api/settings/ai', { config: admin, schema: { tags, body: ZSaveAiSettings, response: { 200: ZAiSettings } } }, async (request) => {
    const { organizationId } = authOf(request);
    await saveAiSettings(db, secrets, organizationId, request.body, clock.now());
    return current(organizationId);
  });

  app.delete('/api/settings/ai', { config: admin, schema: { tags, summary: 'Back to the environment’s provider (or offline)', response: { 200: ZAiSettings } } }, async (request) => {
    const { organizationId } = authOf(request);
    await deleteAiSettings(db, organizationId);
    return current(organizationId);
  });

  app.post(
    '/api/settings/ai/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One small JSON call through the configured provider',
        response: { 200: z.object({ ok: z.boolean(), mode: z.enum(['offline', 'llm']), provider: z.string(), model: z.string(), latencyMs: z.number(), fallbackReason: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { organizationId } = authOf(request);
      const { provider, mode } = await ai.providerFor(db, organizationId);
      const result = await provider.generateJson({
        task: PING_TASK,
        system: 'You are a health check. Answer with JSON.',
        user: 'Reply with {"ok": true}.',
        schema: ZPing,
        jsonSchemaName: 'ping',
        maxTokens: 20,
      });
      await recordAiCall(db, organizationId, result, PING_TASK);
      return {
        ok: result.value.ok && (mode === 'offline' || !result.fallbackReason),
        mode,
        provider: result.provider,
        model: result.model,
        latencyMs: result.latencyMs,
        fallbackReason: result.fallbackReason ?? null,
      };
    },
  );

  app.get(
    '/api/settings/ai/usage',
    { schema: { tags, querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }), response: { 200: ZUsage } } },
    async (request) => aiUsage(db, authOf(request).organizationId, new Date(clock.now().getTime() - request.query.days * 86_400_000)),
  );
}
