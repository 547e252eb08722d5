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
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 14),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  JOBS_CONCURRENCY: z.coerce.number().int().positive().max(64).default(4),
  JOBS_POLL_MS: z.coerce.number().int().positive().default(500),
  DEMO_PASSWORD: z.string().min(8).default('parley-demo'),
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
  };
}
