import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { ChannelError } from '../channel-adapter.ts';
import { openCredentials, requireCredential } from '../channel-credentials.ts';
import type { SecretBox } from '../../../platform/crypto.ts';
import { connectClient, type TelegramClientFactory, type TelegramUserClient } from './telegram-user.client.ts';

interface PoolEntry {
  client: TelegramUserClient;
  /** The sealed session the client was made from: a new login replaces the client. */
  session: string;
  /** Whether this process's update handler is attached (only the process holding the account's lease listens). */
  listening: boolean;
}

/**
 * One live MTProto client per account and process, created on first use and kept: a connection is a TCP
 * session with its own encryption handshake, far too costly to open per message. It is destroyed when the
 * account is paused, deleted or logged in again, and when the process closes.
 */
export class TelegramClientPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly opening = new Map<string, Promise<PoolEntry>>();

  constructor(readonly factory: TelegramClientFactory) {}

  /** The account's client, connected; AUTH_REVOKED when the account has no session (never logged in, or logged out). */
  async client(account: ChannelAccount, secrets: SecretBox): Promise<TelegramUserClient> {
    return (await this.entry(account, secrets)).client;
  }

  async entry(account: ChannelAccount, secrets: SecretBox): Promise<PoolEntry> {
    const credentials = openCredentials(secrets, account);
    if (!credentials.session || credentials.loginStep) {
      throw new ChannelError('AUTH_REVOKED', 'the Telegram account is not logged in: finish the login with the code Telegram sent', undefined, 'not_logged_in');
    }
    return this.open(account, credentials.session, requireCredential(credentials, 'apiHash'));
  }

  /** A client for a session (a login in progress too), reusing the live one when it is that session's. */
  async open(account: ChannelAccount, session: string, apiHash: string): Promise<PoolEntry> {
    const current = this.entries.get(account.id);
    if (current && current.session === session) {
      if (!current.client.connected) await connectClient(current.client);
      return current;
    }
    const pending = this.opening.get(account.id);
    if (pending) return pending;
    const opening = (async () => {
      if (current) await this.release(account.id);
      const client = this.factory({ session, apiId: Number((account.settings as { apiId?: unknown }).apiId), apiHash });
      try {
        await connectClient(client);
      } catch (error) {
        await client.destroy().catch(() => undefined);
        throw error;
      }
      const entry: PoolEntry = { client, session, listening: false };
      this.entries.set(account.id, entry);
      return entry;
    })();
    this.opening.set(account.id, opening);
    try {
      return await opening;
    } finally {
      this.opening.delete(account.id);
    }
  }

  /** Keeps a client made outside the pool (a login) as the account's live client. */
  adopt(accountId: string, client: TelegramUserClient, session: string): void {
    const current = this.entries.get(accountId);
    if (current && current.client !== client) void current.client.destroy().catch(() => undefined);
    this.entries.set(accountId, { client, session, listening: current?.client === client ? current.listening : false });
  }

  /** Records the session a live client now saves (it changes after a login). */
  renew(accountId: string, session: string): void {
    const current = this.entries.get(accountId);
    if (current) current.session = session;
  }

  isListening(accountId: string): boolean {
    return this.entries.get(accountId)?.listening ?? false;
  }

  has(accountId: string): boolean {
    return this.entries.has(accountId);
  }

  accountIds(): string[] {
    return [...this.entries.keys()];
  }

  async release(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    await entry.client.destroy().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.accountIds().map((id) => this.release(id)));
  }
}
