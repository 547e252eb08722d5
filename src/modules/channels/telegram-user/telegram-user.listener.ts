import type { Api } from 'telegram';
import { GramApi, gramjsEvents } from './gramjs.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { ChannelError, type AdapterContext } from '../channel-adapter.ts';
import { findChannelAccountById, markAccountDisconnected } from '../channel-accounts.service.ts';
import { connectClient, type RawUpdate } from './telegram-user.client.ts';
import { readDialogs, importDialogHistory } from './telegram-user.dialogs.ts';
import { applyReadReceipt, ingestMtprotoMessage, messageOfUpdate, readReceiptOfUpdate } from './telegram-user.updates.ts';
import { mtprotoError } from './telegram-user.errors.ts';
import type { TelegramUserAdapter } from './telegram-user.adapter.ts';

/** A listening process holds the account for this long; a crashed process's lease simply expires. */
const LEASE_MS = 60_000;
/** The lease is renewed when less than this is left of it. */
const RENEW_BELOW_MS = 40_000;
/** How often a listening connection proves its session is still authorized (a revoked one gets no updates, silently). */
const SESSION_CHECK_MS = 10 * 60_000;
/** After a reconnect, dialogs active since the last message seen are read back (bounded). */
const CATCH_UP_DIALOGS = 20;
const CATCH_UP_MESSAGES = 50;

export interface ListenerOutcome {
  accountId: string;
  listening: boolean;
  caughtUp?: number;
  error?: string;
}

/**
 * Receiving for Telegram user accounts. MTProto pushes updates over the account's connection, so one
 * process per account keeps it open with an update handler: the account is leased in `channel_polls`
 * (as bots in polling mode are), and the other processes only send. Runs as part of the job runner's
 * channel polling task; clients of accounts that are no longer active are closed here too.
 */
export class TelegramUserListener {
  /** Lease expiry per account held by this process. */
  private readonly leases = new Map<string, number>();
  /** Date of the newest message seen per account, written back as the catch-up point. */
  private readonly lastSeen = new Map<string, number>();
  /** The catch-up point last written per account. */
  private readonly written = new Map<string, number>();
  /** When each listening account's session was last checked. */
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly adapter: TelegramUserAdapter,
    private readonly workerId: string,
  ) {}

  async run(db: Db, context: Omit<AdapterContext, 'db'>): Promise<ListenerOutcome[]> {
    const accounts = await db.selectFrom('channel_accounts').selectAll().where('channel', '=', 'telegram_user').where('status', '=', 'active').execute();
    const active = new Set(accounts.map((a) => a.id));
    for (const accountId of this.adapter.pool.accountIds()) {
      // A login in progress keeps its client (the account is not active yet); paused and deleted accounts do not.
      if (!active.has(accountId) && !(await this.isLoggingIn(db, accountId))) await this.stop(db, accountId);
    }
    const outcomes: ListenerOutcome[] = [];
    for (const account of accounts) outcomes.push(await this.keep(db, account, context));
    return outcomes;
  }

  private async isLoggingIn(db: Db, accountId: string): Promise<boolean> {
    const account = await findChannelAccountById(db, accountId);
    const state = (account?.provider_state as { connection?: string } | undefined)?.connection;
    return Boolean(account && account.status !== 'paused' && (state === 'awaiting_code' || state === 'awaiting_password'));
  }

  private async stop(db: Db, accountId: string): Promise<void> {
    await this.adapter.pool.release(accountId);
    this.checkedAt.delete(accountId);
    if (this.leases.delete(accountId)) {
      await db.updateTable('channel_polls').set({ locked_by: null, locked_until: null }).where('channel_account_id', '=', accountId).where('locked_by', '=', this.workerId).execute();
    }
  }

  private async lease(db: Db, account: ChannelAccount, now: Date): Promise<{ held: boolean; offset: number }> {
    const held = this.leases.get(account.id);
    if (held !== undefined && held - now.getTime() > RENEW_BELOW_MS) return { held: true, offset: 0 };
    await db
      .insertInto('channel_polls')
      .values({ channel_account_id: account.id, organization_id: account.organization_id, next_poll_at: now })
      .onConflict((oc) => oc.column('channel_account_id').doNothing())
      .execute();
    const until = new Date(now.getTime() + LEASE_MS);
    const row = await db
      .updateTable('channel_polls')
      .set({ locked_by: this.workerId, locked_until: until, last_polled_at: now })
      .where('channel_account_id', '=', account.id)
      .where((eb) => eb.or([eb('locked_by', '=', this.workerId), eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning(['update_offset'])
      .executeTakeFirst();
    if (!row) {
      this.leases.delete(account.id);
      return { held: false, offset: 0 };
    }
    this.leases.set(account.id, until.getTime());
    return { held: true, offset: Number(row.update_offset) };
  }

  private async keep(db: Db, account: ChannelAccount, context: Omit<AdapterContext, 'db'>): Promise<ListenerOutcome> {
    const now = context.now;
    const { held, offset } = await this.lease(db, account, now);
    if (!held) {
      // Another process listens now (this one's lease lapsed): stop receiving here, or messages arrive twice.
      if (this.adapter.pool.isListening(account.id)) await this.adapter.pool.release(account.id);
      return { accountId: account.id, listening: false };
    }
    const seen = this.lastSeen.get(account.id);
    if (seen !== undefined && seen !== this.written.get(account.id)) {
      await db.updateTable('channel_polls').set({ update_offset: seen }).where('channel_account_id', '=', account.id).where('locked_by', '=', this.workerId).execute();
      this.written.set(account.id, seen);
    }
    try {
      const entry = await this.adapter.pool.entry(account, context.secrets);
      if (!entry.client.connected) await connectClient(entry.client);
      if (entry.listening) {
        if (now.getTime() - (this.checkedAt.get(account.id) ?? 0) >= SESSION_CHECK_MS) {
          try {
            await entry.client.invoke(new GramApi.users.GetUsers({ id: [new GramApi.InputUserSelf()] }));
          } catch (error) {
            throw mtprotoError(error, 'Telegram users.getUsers');
          }
          this.checkedAt.set(account.id, now.getTime());
        }
        return { accountId: account.id, listening: true };
      }
      entry.client.addEventHandler((update: RawUpdate) => this.onUpdate(db, account.id, update, context), new (gramjsEvents().Raw)({}));
      entry.listening = true;
      this.checkedAt.set(account.id, now.getTime());
      const caughtUp = offset > 0 ? await this.catchUp(db, account, new Date(offset * 1000), { ...context, db }) : 0;
      await db.updateTable('channel_polls').set({ failures: 0, last_error: null }).where('channel_account_id', '=', account.id).execute();
      return { accountId: account.id, listening: true, caughtUp };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('channel_polls')
        .set((eb) => ({ failures: eb('failures', '+', 1), last_error: message.slice(0, 500) }))
        .where('channel_account_id', '=', account.id)
        .execute();
      if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') {
        await markAccountDisconnected(db, account, error.message, now);
        await this.stop(db, account.id);
      } else {
        context.logger.warn({ accountId: account.id, err: message }, 'telegram user account could not start listening');
      }
      return { accountId: account.id, listening: false, error: message };
    }
  }

  private async onUpdate(db: Db, accountId: string, update: RawUpdate, context: Omit<AdapterContext, 'db'>): Promise<void> {
    try {
      const account = await findChannelAccountById(db, accountId);
      if (!account || account.status !== 'active') return;
      const receipt = readReceiptOfUpdate(update);
      if (receipt) {
        await applyReadReceipt(db, account, receipt, new Date());
        return;
      }
      const selfId = (account.settings as { userId?: string | null }).userId ?? null;
      const message = messageOfUpdate(update, selfId);
      if (!message) return;
      await ingestMtprotoMessage(db, account, message, update._entities ?? new Map(), new Date());
      const seconds = Math.floor(message.date.getTime() / 1000);
      if (seconds > (this.lastSeen.get(accountId) ?? 0)) this.lastSeen.set(accountId, seconds);
    } catch (error) {
      // Never the update itself: it carries message text.
      context.logger.warn({ accountId, update: update.className, err: error instanceof Error ? error.message : String(error) }, 'telegram user update could not be stored');
    }
  }

  /**
   * Messages that arrived while no process listened: dialogs whose last message is newer than the last one
   * seen are read back from that point (storing is idempotent, so overlap is harmless).
   */
  private async catchUp(db: Db, account: ChannelAccount, since: Date, context: AdapterContext): Promise<number> {
    const client = await this.adapter.clientFor(account, context);
    const selfId = (account.settings as { userId?: string | null }).userId ?? null;
    const dialogs = await readDialogs(db, account, client, 100, context.now);
    let stored = 0;
    const recent = dialogs.filter((d) => d.lastMessageAt && new Date(d.lastMessageAt) > since && d.kind !== 'channel').slice(0, CATCH_UP_DIALOGS);
    for (const dialog of recent) {
      const result = await importDialogHistory(db, account, client, dialog.peerId, { limit: CATCH_UP_MESSAGES, sinceDate: since, selfId, now: context.now });
      stored += result.stored + result.own;
    }
    return stored;
  }
}
