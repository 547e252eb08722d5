import pino, { type Logger, type LoggerOptions } from 'pino';

/** Paths that may hold credentials; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'api_key_encrypted',
  '*.api_key_encrypted',
  'accessToken',
  '*.accessToken',
  'appSecret',
  '*.appSecret',
  'botToken',
  '*.botToken',
  'apiHash',
  '*.apiHash',
  'session',
  '*.session',
  'phoneCodeHash',
  '*.phoneCodeHash',
  'credentials',
  '*.credentials',
  'secrets_encrypted',
  '*.secrets_encrypted',
  'webhook_secret',
  '*.webhook_secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export function loggerOptions(level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

export function createLogger(level: string, pretty = false): Logger {
  return pino(loggerOptions(level, pretty));
}

/**
 * How the process logs: readable lines in development (whatever the terminal), one JSON object a line in
 * production and tests (for log collectors); LOG_FORMAT overrides. Each request is one line, at debug level in
 * development (so the start-up banner is not buried) and at info level in production (the access log).
 */
export function logSettings(config: { NODE_ENV: string; LOG_FORMAT?: 'json' | 'pretty' }): { pretty: boolean; requestLevel: 'debug' | 'info' } {
  const pretty = config.LOG_FORMAT ? config.LOG_FORMAT === 'pretty' : config.NODE_ENV === 'development';
  return { pretty, requestLevel: config.NODE_ENV === 'production' ? 'info' : 'debug' };
}

export type { Logger };
