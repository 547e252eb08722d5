import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/platform/config.ts';

/** A production configuration for a bench process: silent, with the secret key production requires. */
export function benchConfig(overrides: Record<string, string | number> = {}) {
  return loadConfig({}, { NODE_ENV: 'production', LOG_LEVEL: 'silent', SECRET_KEY: randomBytes(32).toString('hex'), ...overrides });
}
