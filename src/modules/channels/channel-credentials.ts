import { sql } from 'kysely';
import type { SecretBox } from '../../platform/crypto.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { ChannelError } from './channel-adapter.ts';

/** Credentials are one JSON object per account, sealed with AES-256-GCM under the configured key. */
export function sealCredentials(secrets: SecretBox, credentials: Record<string, string>): string {
  return secrets.seal(JSON.stringify(credentials));
}

/**
 * The account's credentials in the clear, for one provider call. An unreadable value (another key, a
 * damaged row) is AUTH_REVOKED: the account stops sending until an admin enters the credentials again.
 */
export function openCredentials(secrets: SecretBox, account: ChannelAccount): Record<string, string> {
  if (!account.secrets_encrypted) throw new ChannelError('AUTH_REVOKED', 'the account has no stored credentials; enter them again');
  let parsed: unknown;
  try {
    parsed = JSON.parse(secrets.open(account.secrets_encrypted));
  } catch {
    throw new ChannelError('AUTH_REVOKED', 'the stored credentials cannot be decrypted (was SECRET_KEY changed?); enter them again');
  }
  if (!parsed || typeof parsed !== 'object') throw new ChannelError('AUTH_REVOKED', 'the stored credentials are damaged; enter them again');
  return parsed as Record<string, string>;
}

/** A credential the adapter cannot work without. */
export function requireCredential(credentials: Record<string, string>, name: string): string {
  const value = credentials[name];
  if (typeof value !== 'string' || value === '') throw new ChannelError('AUTH_REVOKED', `the account's ${name} is missing; enter it again`);
  return value;
}

/** Where the provider should post inbound events for an account; null until PUBLIC_URL is configured. */
export function publicWebhookUrl(publicUrl: string | undefined, path: string): string | null {
  return publicUrl ? `${publicUrl}${path}` : null;
}

export const webhookPaths = {
  evolution: (accountId: string, secret: string) => `/webhooks/evolution/${accountId}/${secret}`,
  whatsappCloud: (accountId: string) => `/webhooks/whatsapp-cloud/${accountId}`,
  telegramBot: (accountId: string) => `/webhooks/telegram/${accountId}`,
};

/**
 * One provider identity (a bot, a gateway instance, a Cloud API number) has one webhook, so it can back only
 * one account: connecting it twice would silently take the events away from the first account.
 */
export async function assertNotConnectedElsewhere(
  db: DbOrTx,
  channel: ChannelType,
  identity: Record<string, string>,
  exceptAccountId: string,
  field: string,
): Promise<void> {
  let query = db.selectFrom('channel_accounts').select('id').where('channel', '=', channel).where('id', '!=', exceptAccountId);
  for (const [key, value] of Object.entries(identity)) query = query.where(sql<boolean>`settings->>${key} = ${value}`);
  if (await query.executeTakeFirst()) {
    throw new AppError('CONFLICT', 'this provider account is already connected to another channel account; delete that one first', [
      { field, message: 'already connected' },
    ]);
  }
}
