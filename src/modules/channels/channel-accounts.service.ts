import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { generateSecret } from '../../platform/security.ts';
import { iso } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';
import { adapterFor, type AdapterContext, type ChannelAdapter, type ChannelProviderState, type ChannelRegistry } from './channel-adapter.ts';
import { openCredentials, sealCredentials } from './channel-credentials.ts';
import { noteAccountResumed } from './account-health/account-health.service.ts';

/** What connecting a real channel needs besides the database: the adapters and the process context. */
export interface ChannelServices {
  channels: ChannelRegistry;
  context: AdapterContext;
}

export interface NewChannelAccount {
  channel: ChannelType;
  name: string;
  address?: string | null;
  settings?: Record<string, unknown>;
  /** Per-channel configuration, credentials included (validated against the adapter's schema). */
  config?: Record<string, unknown>;
}

/** Zod issues of a channel config as field errors under `body.config`. */
function configIssues(error: z.ZodError): AppError {
  const fields = error.issues.map((issue) => ({ field: ['body', 'config', ...issue.path.map(String)].join('.'), message: issue.message }));
  return new AppError('BAD_REQUEST', `Invalid channel configuration — ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
}

function realAdapter(services: ChannelServices | undefined, channel: ChannelType): ChannelAdapter & Required<Pick<ChannelAdapter, 'connect' | 'configSchema'>> {
  const adapter = services?.channels.get(channel);
  if (!services || !adapter?.connect || !adapter.configSchema) {
    throw new AppError('UNPROCESSABLE', `the ${channel} channel is not available yet`, [{ field: 'body.channel', message: 'not available' }]);
  }
  return adapter as ChannelAdapter & Required<Pick<ChannelAdapter, 'connect' | 'configSchema'>>;
}

/**
 * Creates a channel account. The sandbox needs nothing; a real channel is connected on the provider first
 * (instance created, credentials checked, webhook registered) and only then stored, credentials sealed.
 */
export async function createChannelAccount(db: Db, organizationId: string, input: NewChannelAccount, services?: ChannelServices): Promise<ChannelAccount> {
  if (input.channel === 'sandbox') {
    return db
      .insertInto('channel_accounts')
      .values({
        organization_id: organizationId,
        channel: input.channel,
        name: input.name,
        address: input.address ?? null,
        settings: JSON.stringify(input.settings ?? {}),
        webhook_secret: generateSecret('whk_'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const adapter = realAdapter(services, input.channel);
  if (input.config === undefined) throw new AppError('BAD_REQUEST', `the ${input.channel} channel needs a config`, [{ field: 'body.config', message: 'required' }]);
  const parsed = adapter.configSchema.safeParse(input.config);
  if (!parsed.success) throw configIssues(parsed.error);
  const accountId = randomUUID();
  const webhookSecret = generateSecret('whk_');
  const setup = await adapter.connect({ accountId, organizationId, webhookSecret, config: parsed.data, isReconnect: false }, services!.context);
  return db.transaction().execute(async (tx) => {
    const account = await tx
      .insertInto('channel_accounts')
      .values({
        id: accountId,
        organization_id: organizationId,
        channel: input.channel,
        name: input.name,
        address: input.address ?? setup.address ?? null,
        status: setup.status,
        settings: JSON.stringify(setup.settings),
        secrets_encrypted: sealCredentials(services!.context.secrets, setup.credentials),
        webhook_secret: webhookSecret,
        provider_state: JSON.stringify(setup.providerState),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(tx, { organizationId, type: `channel_account.${setup.status}`, subjectType: 'channel_account', subjectId: accountId, payload: { channel: input.channel } });
    return account;
  });
}

export async function getChannelAccount(db: DbOrTx, organizationId: string, accountId: string): Promise<ChannelAccount> {
  const account = await db
    .selectFrom('channel_accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw notFound('channel account');
  return account;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For webhooks, which arrive before we know the organization: the account id in the URL decides it. */
export async function findChannelAccountById(db: DbOrTx, accountId: string): Promise<ChannelAccount | undefined> {
  // A malformed id from the internet is simply unknown, never a database error.
  if (!UUID.test(accountId)) return undefined;
  return db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

export async function listChannelAccounts(db: DbOrTx, organizationId: string): Promise<ChannelAccount[]> {
  return db.selectFrom('channel_accounts').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
}

export async function updateChannelAccount(
  db: Db,
  organizationId: string,
  accountId: string,
  patch: { name?: string; status?: 'active' | 'paused'; settings?: Record<string, unknown>; config?: Record<string, unknown> },
  now: Date,
  services?: ChannelServices,
): Promise<ChannelAccount> {
  const current = await getChannelAccount(db, organizationId, accountId);
  const reconfigured = patch.config !== undefined ? await reconnect(current, patch.config, services) : null;
  return db.transaction().execute(async (tx) => {
    const nextStatus =
      patch.status ?? (reconfigured && (current.status === 'disconnected' || (reconfigured.resetsSession && current.status === 'active')) ? reconfigured.status : undefined);
    const account = await tx
      .updateTable('channel_accounts')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(nextStatus !== undefined ? { status: nextStatus } : {}),
        ...(patch.settings !== undefined || reconfigured ? { settings: JSON.stringify({ ...current.settings, ...patch.settings, ...reconfigured?.settings }) } : {}),
        ...(reconfigured
          ? {
              secrets_encrypted: sealCredentials(services!.context.secrets, reconfigured.credentials),
              provider_state: JSON.stringify({ ...current.provider_state, ...reconfigured.providerState }),
              ...(reconfigured.address && !current.address ? { address: reconfigured.address } : {}),
            }
          : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (nextStatus && nextStatus !== current.status) {
      await recordEvent(tx, { organizationId, type: `channel_account.${nextStatus}`, subjectType: 'channel_account', subjectId: accountId, payload: {} });
      if (nextStatus === 'active' && current.status === 'paused') await noteAccountResumed(tx, organizationId, accountId, now);
    }
    return account;
  });
}

/**
 * A config change (new token, another mode): the stored config with the patch on top is validated in full
 * and connected again; fields left out keep their stored values, credentials included.
 */
async function reconnect(account: ChannelAccount, patch: Record<string, unknown>, services: ChannelServices | undefined) {
  if (account.channel === 'sandbox') throw new AppError('BAD_REQUEST', 'the sandbox has no config; use settings', [{ field: 'body.config', message: 'not for the sandbox' }]);
  const adapter = realAdapter(services, account.channel);
  const fields = Object.keys(adapter.configSchema.shape);
  const stored: Record<string, unknown> = {};
  for (const field of fields) if (field in account.settings) stored[field] = account.settings[field];
  let credentials: Record<string, string> = {};
  try {
    credentials = openCredentials(services!.context.secrets, account);
  } catch {
    // Unreadable credentials must simply be entered again in this patch.
  }
  for (const field of adapter.credentialFields ?? []) if (credentials[field] !== undefined) stored[field] = credentials[field];
  const parsed = adapter.configSchema.safeParse({ ...stored, ...patch });
  if (!parsed.success) throw configIssues(parsed.error);
  return adapter.connect(
    { accountId: account.id, organizationId: account.organization_id, webhookSecret: account.webhook_secret, config: parsed.data, isReconnect: true },
    services!.context,
  );
}

/**
 * What a provider reported about the connection (Evolution's `connection.update`, a bot's webhook state).
 * The status changes only between active and disconnected, and never un-pauses an account an admin paused.
 */
export async function recordAccountConnection(
  db: DbOrTx,
  account: ChannelAccount,
  report: { status?: 'active' | 'disconnected'; providerState: ChannelProviderState; address?: string; reason?: string },
  now: Date,
): Promise<void> {
  const fresh = await db.selectFrom('channel_accounts').select(['status', 'address', 'provider_state']).where('id', '=', account.id).executeTakeFirst();
  if (!fresh) return;
  const status = report.status && fresh.status !== 'paused' && fresh.status !== report.status ? report.status : undefined;
  await db
    .updateTable('channel_accounts')
    .set({
      provider_state: JSON.stringify({ ...fresh.provider_state, ...report.providerState }),
      ...(status ? { status } : {}),
      ...(report.address && !fresh.address ? { address: report.address } : {}),
      updated_at: now,
    })
    .where('id', '=', account.id)
    .execute();
  if (status) {
    await recordEvent(db, {
      organizationId: account.organization_id,
      type: `channel_account.${status}`,
      subjectType: 'channel_account',
      subjectId: account.id,
      payload: report.reason ? { reason: report.reason } : {},
    });
  }
}

/**
 * The account-health rules stop an active account: the same status change and `channel_account.paused` event as
 * a person's pause, with the reasons. Only an active account is paused, so concurrent senders pause it once.
 */
export async function pauseAccountForHealth(db: DbOrTx, account: ChannelAccount, reasons: unknown[], now: Date): Promise<boolean> {
  const paused = await db
    .updateTable('channel_accounts')
    .set({ status: 'paused', updated_at: now })
    .where('organization_id', '=', account.organization_id)
    .where('id', '=', account.id)
    .where('status', '=', 'active')
    .returning('id')
    .executeTakeFirst();
  if (!paused) return false;
  await recordEvent(db, {
    organizationId: account.organization_id,
    type: 'channel_account.paused',
    subjectType: 'channel_account',
    subjectId: account.id,
    payload: { reason: 'account_health', reasons },
  });
  return true;
}

export async function markAccountDisconnected(db: DbOrTx, account: ChannelAccount, reason: string, now: Date): Promise<void> {
  await db.updateTable('channel_accounts').set({ status: 'disconnected', updated_at: now }).where('id', '=', account.id).execute();
  await recordEvent(db, {
    organizationId: account.organization_id,
    type: 'channel_account.disconnected',
    subjectType: 'channel_account',
    subjectId: account.id,
    payload: { reason },
  });
}

export async function deleteChannelAccount(db: Db, organizationId: string, accountId: string): Promise<void> {
  const result = await db.deleteFrom('channel_accounts').where('organization_id', '=', organizationId).where('id', '=', accountId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('channel account');
}

export function toChannelAccountDto(account: ChannelAccount) {
  const state = (account.provider_state ?? {}) as ChannelProviderState;
  return {
    id: account.id,
    channel: account.channel,
    name: account.name,
    address: account.address,
    status: account.status,
    settings: account.settings,
    hasCredentials: account.secrets_encrypted !== null,
    connection: state.connection ? { state: state.connection, detail: state.detail ?? null, updatedAt: state.updatedAt ?? null } : null,
    createdAt: iso(account.created_at)!,
  };
}
