import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { authOf } from '../../../platform/http/auth.ts';
import { ZAccountParams } from '../channels.schemas.ts';
import { getAccountHealth, getHealthThresholds, setHealthThresholds } from './account-health.service.ts';
import { DEFAULT_HEALTH_THRESHOLDS } from './health-rules.ts';

const ZThresholds = z.object({
  autoPause: z.boolean(),
  hourlyFailureRatio: z.number(),
  hourlyMinSends: z.number().int(),
  invalidRatio24h: z.number(),
  minSends24h: z.number().int(),
  rateLimitedPerHour: z.number().int(),
  pauseOnAuthRevoked: z.boolean(),
});

const ZThresholdsPatch = z.strictObject({
  autoPause: z.boolean().nullable().optional().describe('Pause accounts automatically (false: the health card only warns)'),
  hourlyFailureRatio: z.number().gt(0).max(1).nullable().optional().describe('Share of failed sends in the last hour that pauses (0.2 = 20 %)'),
  hourlyMinSends: z.number().int().min(1).max(100_000).nullable().optional().describe('Sends in the hour before the failure share counts'),
  invalidRatio24h: z.number().gt(0).max(1).nullable().optional().describe('Share of unreachable recipients in 24 h that pauses'),
  minSends24h: z.number().int().min(1).max(1_000_000).nullable().optional().describe('Sends in 24 h before the unreachable share counts'),
  rateLimitedPerHour: z.number().int().min(1).max(10_000).nullable().optional().describe('Rate-limit answers (429, FLOOD_WAIT) in an hour that pause'),
  pauseOnAuthRevoked: z.boolean().nullable().optional().describe('Pause at once when the channel revokes the session or bans the number'),
});

const ZSettings = z.object({
  thresholds: ZThresholds.describe('What applies: the defaults with the organization’s overrides'),
  overrides: ZThresholds.partial(),
  defaults: ZThresholds,
});

const ZCounts = {
  sent: z.number().int(),
  failed: z.number().int(),
  recipient_invalid: z.number().int(),
  rate_limited: z.number().int(),
  auth_revoked: z.number().int(),
  rejected: z.number().int(),
};

const ZAccountHealth = z.object({
  accountId: z.string(),
  accountStatus: z.enum(['active', 'paused', 'disconnected']),
  status: z.enum(['healthy', 'warning', 'paused']),
  reasons: z.array(
    z.object({
      code: z.enum(['failure_ratio', 'invalid_recipients', 'rate_limited', 'auth_revoked', 'paused_by_person', 'disconnected']),
      level: z.enum(['warning', 'pause']),
      window: z.enum(['1h', '24h']).nullable(),
      value: z.number().nullable(),
      threshold: z.number().nullable(),
    }),
  ),
  pausedAutomatically: z.boolean(),
  pausedAt: z.string().nullable(),
  resumedAt: z.string().nullable(),
  hours: z.array(z.object({ hourStart: z.string(), ...ZCounts })).describe('The last 24 hours, oldest first, one bucket per UTC hour'),
  totals: z.object(ZCounts).describe('Sums of the 24 hourly buckets'),
  warmup: z.object({
    day: z.number().int().nullable().describe('Day of the campaign warm-up curve (null: the account has no warm-up)'),
    daysSinceFirstSend: z.number().int().nullable(),
    firstSendAt: z.string().nullable(),
    totalSent: z.number().int(),
    totalAttempts: z.number().int(),
    level: z.number().int().nullable().describe('Warm-up level: rises after a healthy day, drops on blocks, spam reports and failure bursts (null: no warm-up)'),
    topLevel: z.number().int().nullable().describe('The level at which the allowance reaches the daily cap'),
    levelChangedAt: z.string().nullable(),
    levelChange: z.enum(['healthy', 'hold', 'failure_burst', 'reported', 'blocked']).nullable().describe('Why the level last moved'),
  }),
  today: z.object({
    sent: z.number().int().describe('Sends from the account today, every feature counted (the sending budget)'),
    sentThisHour: z.number().int(),
    allowed: z.number().int().nullable().describe('Today’s cap from the daily cap and the warm-up level (null: unlimited)'),
    hourlyCap: z.number().int().nullable(),
    paceSeconds: z.number().nullable(),
  }),
  risk: z
    .object({
      score: z.number().int().describe('0 (calm) to 100: how likely the channel is to restrict the number, over 7 days'),
      level: z.enum(['low', 'medium', 'high']),
      factors: z.array(
        z.object({
          code: z.enum(['opt_outs', 'no_replies', 'blocks', 'reports', 'failures', 'unreachable', 'rate_limits']),
          points: z.number().int(),
          value: z.number(),
        }),
      ),
    })
    .describe('The risk score and what adds to it, largest first'),
  thresholds: ZThresholds,
});

/** Account health: per-account send signals, status and reasons, and the organization's pause thresholds. */
export async function accountHealthRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['channels'];
  const admin = { minRole: 'admin' as const };

  app.get(
    '/api/channel-accounts/:accountId/sending-health',
    {
      schema: {
        tags,
        summary: 'Sending health of an account: status and reasons, the last 24 hours of send outcomes, warm-up and today’s allowance',
        params: ZAccountParams,
        response: { 200: ZAccountHealth },
      },
    },
    async (request) => getAccountHealth(db, authOf(request).organizationId, request.params.accountId, clock.now()),
  );

  app.get('/api/channel-health/settings', { config: admin, schema: { tags, summary: 'Thresholds that pause a sending account', response: { 200: ZSettings } } }, async (request) => ({
    ...(await getHealthThresholds(db, authOf(request).organizationId)),
    defaults: DEFAULT_HEALTH_THRESHOLDS,
  }));

  app.put(
    '/api/channel-health/settings',
    {
      config: admin,
      schema: { tags, summary: 'Change the pause thresholds; a field set to null returns to its default', body: ZThresholdsPatch, response: { 200: ZSettings } },
    },
    async (request) => ({
      ...(await setHealthThresholds(db, authOf(request).organizationId, request.body, clock.now())),
      defaults: DEFAULT_HEALTH_THRESHOLDS,
    }),
  );
}
