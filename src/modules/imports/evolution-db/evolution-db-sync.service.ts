import type { Db } from '../../../platform/db/client.ts';
import type { SecretBox } from '../../../platform/crypto.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { getChannelAccount, handleEvolutionWebhook } from '../../channels/index.ts';
import { ImportSourceError } from '../sources/source-error.ts';
import { connectEvolutionDb, findEvolutionInstance, readEvolutionDbContacts, readEvolutionDbMessages, toEvolutionRecord, type EvolutionSql } from './evolution-db.reader.ts';

export interface EvolutionDbSyncResult {
  instance: string;
  contactsNamed: number;
  messagesRead: number;
  messagesStored: number;
  /** Already there — from the webhook, the REST pull or an earlier sync. */
  messagesAlreadyPresent: number;
  ignored: number;
  cursor: { timestamp: number; id: string } | null;
}

/**
 * Reads an Evolution channel account's messages from the gateway's own database into that account's conversations,
 * through the same code as its webhook: a message the webhook (or an earlier sync) stored has the same WhatsApp key
 * id in the same chat and is skipped. Incremental: only rows after the account's cursor are read, and the cursor
 * advances after every page, so an interrupted sync resumes where it stopped.
 */
export async function syncEvolutionDbAccount(
  db: Db,
  input: { organizationId: string; channelAccountId: string; sql: EvolutionSql; instanceName: string; now: Date; onProgress?: (read: number) => void },
): Promise<EvolutionDbSyncResult> {
  const account = await getChannelAccount(db, input.organizationId, input.channelAccountId);
  if (account.channel !== 'evolution') throw new ImportSourceError('the account is not an Evolution API account');
  const instance = await findEvolutionInstance(input.sql, input.instanceName);
  const state = await db
    .selectFrom('evolution_db_syncs')
    .select(['cursor_timestamp', 'cursor_id'])
    .where('organization_id', '=', input.organizationId)
    .where('channel_account_id', '=', account.id)
    .executeTakeFirst();
  let cursor = state?.cursor_timestamp != null && state.cursor_id ? { timestamp: Number(state.cursor_timestamp), id: state.cursor_id } : null;
  const result: EvolutionDbSyncResult = { instance: instance.name, contactsNamed: 0, messagesRead: 0, messagesStored: 0, messagesAlreadyPresent: 0, ignored: 0, cursor };

  const nameContacts = async () => {
    const contacts = await readEvolutionDbContacts(input.sql, instance.id);
    if (contacts.length) result.contactsNamed += (await handleEvolutionWebhook(db, account, { event: 'contacts.upsert', data: contacts }, input.now)).stored;
  };
  // Names go to contacts that exist: before the messages (known ones) and after them (the ones the messages created).
  await nameContacts();
  for await (const rows of readEvolutionDbMessages(input.sql, instance.id, cursor)) {
    const outcome = await handleEvolutionWebhook(db, account, { event: 'messages.set', data: { messages: rows.map(toEvolutionRecord) } }, input.now);
    result.messagesRead += rows.length;
    result.messagesStored += outcome.stored;
    result.messagesAlreadyPresent += outcome.duplicates;
    result.ignored += outcome.ignored;
    const last = rows[rows.length - 1]!;
    cursor = { timestamp: Number(last.messageTimestamp), id: last.id };
    result.cursor = cursor;
    await saveCursor(db, input.organizationId, account.id, cursor);
    input.onProgress?.(result.messagesRead);
  }
  if (result.messagesStored > 0) await nameContacts();
  return result;
}

async function saveCursor(db: Db, organizationId: string, accountId: string, cursor: { timestamp: number; id: string }) {
  await db
    .updateTable('evolution_db_syncs')
    .set({ cursor_timestamp: cursor.timestamp, cursor_id: cursor.id, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .execute();
}

export interface EvolutionDbSyncSettings {
  channelAccountId: string;
  instanceName: string;
  /** Minutes between automatic syncs; null: only when asked. */
  intervalMinutes: number | null;
  hasDbUrl: boolean;
  lastSyncAt: string | null;
  lastResult: EvolutionDbSyncResult | null;
  lastError: string | null;
}

type SyncRow = { channel_account_id: string; instance_name: string; interval_minutes: number | null; last_sync_at: Date | null; last_result: unknown; last_error: string | null };

function toSettings(row: SyncRow | undefined, accountId: string, defaultInstance: string): EvolutionDbSyncSettings {
  return {
    channelAccountId: accountId,
    instanceName: row?.instance_name ?? defaultInstance,
    intervalMinutes: row?.interval_minutes ?? null,
    hasDbUrl: Boolean(row),
    lastSyncAt: row?.last_sync_at ? new Date(row.last_sync_at).toISOString() : null,
    lastResult: (row?.last_result as EvolutionDbSyncResult | null) ?? null,
    lastError: row?.last_error ?? null,
  };
}

async function evolutionAccount(db: Db, organizationId: string, accountId: string) {
  const account = await getChannelAccount(db, organizationId, accountId);
  if (account.channel !== 'evolution') throw new AppError('BAD_REQUEST', 'only an Evolution API account reads from the Evolution database', [{ field: 'params.accountId', message: 'not an Evolution API account' }]);
  return account;
}

export async function getEvolutionDbSync(db: Db, organizationId: string, accountId: string): Promise<EvolutionDbSyncSettings> {
  const account = await evolutionAccount(db, organizationId, accountId);
  const row = await db.selectFrom('evolution_db_syncs').selectAll().where('organization_id', '=', organizationId).where('channel_account_id', '=', accountId).executeTakeFirst();
  return toSettings(row, accountId, String((account.settings as { instanceName?: string }).instanceName ?? ''));
}

/** Saves where the account's gateway database is and how often to read it; the URL is sealed and never shown again. */
export async function saveEvolutionDbSync(
  db: Db,
  secrets: SecretBox,
  organizationId: string,
  accountId: string,
  input: { dbUrl?: string; instanceName?: string; intervalMinutes: number | null },
): Promise<EvolutionDbSyncSettings> {
  const account = await evolutionAccount(db, organizationId, accountId);
  const existing = await db.selectFrom('evolution_db_syncs').select('db_url_sealed').where('organization_id', '=', organizationId).where('channel_account_id', '=', accountId).executeTakeFirst();
  if (!existing && !input.dbUrl) throw new AppError('BAD_REQUEST', 'give the Evolution database URL', [{ field: 'body.dbUrl', message: 'required the first time' }]);
  const instanceName = input.instanceName ?? String((account.settings as { instanceName?: string }).instanceName ?? '');
  if (!instanceName) throw new AppError('BAD_REQUEST', 'give the instance name', [{ field: 'body.instanceName', message: 'required' }]);
  const sealed = input.dbUrl ? secrets.seal(input.dbUrl) : existing!.db_url_sealed;
  await db
    .insertInto('evolution_db_syncs')
    .values({ organization_id: organizationId, channel_account_id: accountId, db_url_sealed: sealed, instance_name: instanceName, interval_minutes: input.intervalMinutes })
    .onConflict((oc) => oc.column('channel_account_id').doUpdateSet({ db_url_sealed: sealed, instance_name: instanceName, interval_minutes: input.intervalMinutes, updated_at: new Date() }))
    .execute();
  return getEvolutionDbSync(db, organizationId, accountId);
}

/** Runs one sync of a configured account and records its outcome (the periodic task and "sync now" both call this). */
export async function runEvolutionDbSync(db: Db, secrets: SecretBox, organizationId: string, accountId: string, now: Date, onProgress?: (read: number) => void): Promise<EvolutionDbSyncResult> {
  const row = await db.selectFrom('evolution_db_syncs').selectAll().where('organization_id', '=', organizationId).where('channel_account_id', '=', accountId).executeTakeFirst();
  if (!row) throw notFound('Evolution database settings');
  const sql = connectEvolutionDb(secrets.open(row.db_url_sealed));
  try {
    const result = await syncEvolutionDbAccount(db, { organizationId, channelAccountId: accountId, sql, instanceName: row.instance_name, now, onProgress });
    await db.updateTable('evolution_db_syncs').set({ last_sync_at: now, last_result: JSON.stringify(result), last_error: null }).where('channel_account_id', '=', accountId).execute();
    return result;
  } catch (error) {
    await db.updateTable('evolution_db_syncs').set({ last_sync_at: now, last_error: (error as Error).message }).where('channel_account_id', '=', accountId).execute();
    throw error;
  } finally {
    await sql.close();
  }
}

/** Accounts whose periodic sync is due. */
export async function dueEvolutionDbSyncs(db: Db, now: Date) {
  const rows = await db.selectFrom('evolution_db_syncs').select(['organization_id', 'channel_account_id', 'interval_minutes', 'last_sync_at']).where('interval_minutes', 'is not', null).execute();
  return rows.filter((r) => !r.last_sync_at || now.getTime() - new Date(r.last_sync_at).getTime() >= r.interval_minutes! * 60_000);
}

/** For the CLI: make sure the account has a row to keep its cursor in, with the URL it was given. */
export async function ensureEvolutionDbSyncRow(db: Db, secrets: SecretBox, organizationId: string, accountId: string, dbUrl: string, instanceName: string) {
  await db
    .insertInto('evolution_db_syncs')
    .values({ organization_id: organizationId, channel_account_id: accountId, db_url_sealed: secrets.seal(dbUrl), instance_name: instanceName, interval_minutes: null })
    .onConflict((oc) => oc.column('channel_account_id').doUpdateSet({ db_url_sealed: secrets.seal(dbUrl), instance_name: instanceName, updated_at: new Date() }))
    .execute();
}
