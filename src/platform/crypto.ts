import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest (channel credentials and sessions, AI provider keys): one key from
 * configuration (`SECRET_KEY`), a random IV per value, the auth tag checked on open so a tampered or
 * wrong-key value fails loudly instead of decrypting to garbage.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new Error('not a sealed secret');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** Accepts 64 hex characters or base64 of 32 bytes. */
export function parseSecretKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('SECRET_KEY must be 32 bytes: 64 hex characters or base64');
  return key;
}

let warned = false;

/**
 * The configured key; outside production a key derived from the data directory, so a local install works
 * with no setup and keeps reading its own secrets across restarts (a warning says it is not for production).
 */
export function secretBoxFromConfig(config: Config, logger?: Logger): SecretBox {
  if (config.SECRET_KEY) return new SecretBox(parseSecretKey(config.SECRET_KEY));
  if (config.NODE_ENV === 'production') throw new Error('SECRET_KEY is required in production (32 bytes, hex or base64)');
  if (!warned && logger) {
    warned = true;
    logger.info('SECRET_KEY is not set: secrets at rest use a key derived from DATA_DIR (fine for local use; production requires SECRET_KEY)');
  }
  return new SecretBox(createHash('sha256').update(`parley-dev-secret:${resolve(config.DATA_DIR)}`).digest());
}
