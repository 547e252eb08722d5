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

export type { Logger };
