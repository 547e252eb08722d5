import { z } from 'zod';

/** Every setting Parley reads from the environment, parsed once at boot. */
const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** json: one object a line (default in production); pretty: readable lines (default in development). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional().or(z.literal('').transform(() => undefined)),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 14),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Largest export accepted by `POST /api/imports` (bytes); it is streamed to a temporary file, never held in memory. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(256 * 1024 * 1024),
  /**
   * Whether to believe X-Forwarded-For: off (default) uses the connecting address; a number trusts that many proxy
   * hops; a comma-separated list of addresses/CIDR ranges trusts only those proxies.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((value, context): false | number | string[] => {
      if (value === '' || value === 'false' || value === '0') return false;
      if (/^\d+$/.test(value)) return Number(value);
      if (value === 'true') {
        context.addIssue({ code: 'custom', message: 'give the number of proxy hops or the proxy addresses, not "true" (any client could then fake its address)' });
        return z.NEVER;
      }
      const list = value.split(',').map((item) => item.trim()).filter(Boolean);
      const bad = list.find((item) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item));
      if (bad) {
        context.addIssue({ code: 'custom', message: `"${bad}" is not an IP address or CIDR range` });
        return z.NEVER;
      }
      return list;
    }),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  JOBS_CONCURRENCY: z.coerce.number().int().positive().max(64).default(4),
  JOBS_POLL_MS: z.coerce.number().int().positive().default(500),
  DEMO_PASSWORD: z.string().min(8).default('parley-demo'),
  /** Key for secrets at rest (channel credentials, AI keys): 64 hex characters or base64 of 32 bytes. */
  SECRET_KEY: z.string().min(32).optional(),
  /** Default AI provider for every organization without its own settings; no key means the offline analyser. */
  AI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  AI_API_KEY: z.string().optional(),
  AI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  AI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  AI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  AI_PROMPT_PRICE_PER_1K: z.coerce.number().min(0).default(0),
  AI_COMPLETION_PRICE_PER_1K: z.coerce.number().min(0).default(0),
  /** Speech-to-text model for voice notes at the environment's AI endpoint (e.g. whisper-1); unset: no transcription. */
  AI_TRANSCRIPTION_MODEL: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  /** Largest inbound media file Parley downloads and stores (bytes); bigger ones stay described only. */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Public base URL of this server (https://crm.example.com): channel webhooks are registered with providers under it. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+/, 'must be an http(s):// URL')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** WhatsApp Cloud API (Graph API) base URL and version; tests point the URL at a local fake. */
  WHATSAPP_GRAPH_URL: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v21.0').default('v21.0'),
  /** Telegram Bot API base URL (a self-hosted telegram-bot-api server works too). */
  TELEGRAM_BOT_API_URL: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').default('https://api.telegram.org'),
  /** How often bots in polling mode ask Telegram for updates. */
  TELEGRAM_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(1500),
  /** Per-request timeout for channel provider calls (send, connect, poll). */
  CHANNEL_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Campaign sender: participants per claimed batch, concurrent batches per process, claim lease. */
  CAMPAIGNS_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  CAMPAIGNS_LANES: z.coerce.number().int().min(1).max(16).default(2),
  CAMPAIGNS_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** How far ahead a paced account's send slots are reserved (0: only slots already due). */
  CAMPAIGNS_PACE_LOOKAHEAD_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

export type Config = z.infer<typeof ZConfig>;

export class ConfigError extends Error {}

/** Parses the environment; lists every bad key at once so a misconfigured deploy fails with one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(ZConfig.shape)) {
    if (env[key] !== undefined) input[key] = env[key];
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) input[key] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
  const parsed = ZConfig.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The config with secrets masked, for logging at boot. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    DATABASE_URL: config.DATABASE_URL?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    DEMO_PASSWORD: '***',
    SECRET_KEY: config.SECRET_KEY ? '***' : undefined,
    AI_API_KEY: config.AI_API_KEY ? '***' : undefined,
  };
}
