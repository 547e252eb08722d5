import type { Api } from 'telegram';
import { GramApi, gramjsPassword } from './gramjs.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { recordEvent } from '../../events/index.ts';
import { ChannelError, type AdapterContext, type ChannelProviderState } from '../channel-adapter.ts';
import { assertNotConnectedElsewhere, openCredentials, requireCredential, sealCredentials } from '../channel-credentials.ts';
import { connectClient, type TelegramUserClient } from './telegram-user.client.ts';
import { floodWaitSeconds, rpcErrorName } from './telegram-user.errors.ts';
import { markedId, rememberPeers } from './telegram-user.peers.ts';
import type { TelegramClientPool } from './telegram-user.pool.ts';

/**
 * Logging a Telegram user account in, as a Telegram app does: `auth.sendCode` to the phone, `auth.signIn`
 * with the code and, when the account has a cloud password, `auth.checkPassword` with its SRP proof (the
 * password itself never leaves this process). Between the steps the half-made session is kept sealed with
 * the account's credentials, so the next step may run in any process; the finished StringSession is sealed
 * the same way and never returned or logged.
 */
export type LoginStep = 'awaiting_code' | 'awaiting_password' | 'open';

export interface LoginResult {
  step: LoginStep;
  /** How Telegram delivered the code: app, sms, call, flash_call, email… */
  codeType?: string | null;
  passwordHint?: string | null;
}

/** Digits only, as Telegram apps send the number to auth.sendCode. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

function codeTypeOf(type: Api.auth.TypeSentCodeType): string {
  return type.className.replace(/^auth\.SentCodeType/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Telegram's answer to a login step → a 4xx that names the field to fix. */
export function loginError(error: unknown, field: string): never {
  if (error instanceof AppError) throw error;
  const seconds = floodWaitSeconds(error);
  if (seconds !== null) throw new AppError('RATE_LIMITED', `Telegram asks to wait ${seconds} s before trying again`, [{ field, message: `wait ${seconds} s` }]);
  const name = rpcErrorName(error);
  switch (name) {
    case 'API_ID_INVALID':
    case 'API_ID_PUBLISHED_FLOOD':
      throw new AppError('UNPROCESSABLE', `Telegram rejected the api_id / api_hash pair (${name}); copy both from my.telegram.org`, [{ field: 'body.config.apiId', message: 'rejected by Telegram' }]);
    case 'PHONE_NUMBER_INVALID':
    case 'PHONE_NUMBER_UNOCCUPIED':
      throw new AppError('UNPROCESSABLE', `Telegram does not know this phone number (${name})`, [{ field: 'body.config.phone', message: 'not a Telegram account' }]);
    case 'PHONE_NUMBER_BANNED':
      throw new AppError('UNPROCESSABLE', 'Telegram has banned this phone number', [{ field: 'body.config.phone', message: 'banned by Telegram' }]);
    case 'PHONE_NUMBER_FLOOD':
      throw new AppError('RATE_LIMITED', 'Telegram received too many code requests for this number; try again later', [{ field: 'body.config.phone', message: 'too many codes requested' }]);
    case 'PHONE_CODE_INVALID':
    case 'PHONE_CODE_EMPTY':
      throw new AppError('UNPROCESSABLE', 'the code is wrong', [{ field: 'body.code', message: 'wrong code' }]);
    case 'PHONE_CODE_EXPIRED':
    case 'PHONE_CODE_HASH_EMPTY':
      throw new AppError('UNPROCESSABLE', 'the code has expired: ask Telegram for a new one', [{ field: 'body.code', message: 'expired' }]);
    case 'PASSWORD_HASH_INVALID':
      throw new AppError('UNPROCESSABLE', 'the password is wrong', [{ field: 'body.password', message: 'wrong password' }]);
    case 'SRP_ID_INVALID':
    case 'SRP_PASSWORD_CHANGED':
      throw new AppError('UNPROCESSABLE', 'the password check expired; enter the password again', [{ field: 'body.password', message: 'try again' }]);
  }
  const detail = name ?? (error instanceof Error ? error.message : String(error));
  throw new AppError('UNPROCESSABLE', `Telegram could not be reached or refused the login: ${detail}`, [{ field, message: 'login failed' }]);
}

export interface CodeRequest {
  session: string;
  phoneCodeHash: string;
  codeType: string | null;
  client: TelegramUserClient;
}

/** Connects with a fresh session and asks Telegram to send the login code. */
export async function requestLoginCode(pool: TelegramClientPool, input: { apiId: number; apiHash: string; phone: string }): Promise<CodeRequest> {
  const client = pool.factory({ session: '', apiId: input.apiId, apiHash: input.apiHash });
  try {
    await connectClient(client);
    const sent = await client.invoke(
      new GramApi.auth.SendCode({ phoneNumber: phoneDigits(input.phone), apiId: input.apiId, apiHash: input.apiHash, settings: new GramApi.CodeSettings({}) }),
    );
    if (!(sent instanceof GramApi.auth.SentCode)) {
      throw new AppError('UNPROCESSABLE', 'Telegram logged the number in without a code; start the login again', [{ field: 'body.config.phone', message: 'unexpected answer' }]);
    }
    return { session: String(client.session.save() ?? ''), phoneCodeHash: sent.phoneCodeHash, codeType: codeTypeOf(sent.type), client };
  } catch (error) {
    await client.destroy().catch(() => undefined);
    loginError(error, 'body.config.phone');
  }
}

interface LoginRecord {
  credentials: Record<string, string>;
  status?: 'active' | 'disconnected';
  providerState: ChannelProviderState;
  settings?: Record<string, unknown>;
  address?: string | null;
  reason?: string;
}

/** Stores a login step: credentials sealed, state for the UI, and the status event when it changes. */
export async function saveLogin(db: Db, account: ChannelAccount, context: AdapterContext, record: LoginRecord): Promise<ChannelAccount> {
  return db.transaction().execute(async (tx) => {
    const status = record.status && record.status !== account.status && account.status !== 'paused' ? record.status : undefined;
    const updated = await tx
      .updateTable('channel_accounts')
      .set({
        secrets_encrypted: sealCredentials(context.secrets, record.credentials),
        provider_state: JSON.stringify({ ...record.providerState, updatedAt: context.now.toISOString() }),
        ...(record.settings ? { settings: JSON.stringify({ ...account.settings, ...record.settings }) } : {}),
        ...(record.address ? { address: record.address } : {}),
        ...(status ? { status } : {}),
        updated_at: context.now,
      })
      .where('id', '=', account.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (status) {
      await recordEvent(tx, {
        organizationId: account.organization_id,
        type: `channel_account.${status}`,
        subjectType: 'channel_account',
        subjectId: account.id,
        payload: record.reason ? { reason: record.reason } : {},
      });
    }
    return updated;
  });
}

/** The login's sealed state, checked against the step the caller is at. */
function loginCredentials(account: ChannelAccount, context: AdapterContext, step: 'awaiting_code' | 'awaiting_password') {
  if (account.channel !== 'telegram_user') {
    throw new AppError('UNPROCESSABLE', 'this is not a Telegram user account', [{ field: 'params.accountId', message: 'not a Telegram user account' }]);
  }
  let credentials: Record<string, string>;
  try {
    credentials = openCredentials(context.secrets, account);
  } catch (error) {
    throw new AppError('UNPROCESSABLE', error instanceof Error ? error.message : 'no stored credentials', [{ field: 'params.accountId', message: 'start the login again' }]);
  }
  if (credentials.loginStep !== step) {
    const message = credentials.loginStep ? `the login is at the ${credentials.loginStep} step` : 'no login is in progress: ask for a code first';
    throw new AppError('CONFLICT', message, [{ field: step === 'awaiting_code' ? 'body.code' : 'body.password', message: 'not expected now' }]);
  }
  return { credentials, session: requireCredential(credentials, 'session'), apiHash: requireCredential(credentials, 'apiHash') };
}

/**
 * Ends the account's authorized session on Telegram's side (auth.logOut), so it does not linger in the
 * account's "Active sessions"; best effort, bounded in time, and the local client is closed either way.
 */
export async function logOutSession(pool: TelegramClientPool, account: ChannelAccount, context: AdapterContext): Promise<void> {
  try {
    const credentials = openCredentials(context.secrets, account);
    if (credentials.session && !credentials.loginStep && credentials.apiHash) {
      const { client } = await pool.open(account, credentials.session, credentials.apiHash);
      await Promise.race([client.invoke(new GramApi.auth.LogOut()), new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
  } catch {
    // A session already revoked or unreadable credentials: nothing left to end.
  }
  await pool.release(account.id);
}

/** Sends a new code to an existing account (expired code, revoked session, another phone after a config change). */
export async function restartLogin(db: Db, pool: TelegramClientPool, account: ChannelAccount, context: AdapterContext): Promise<{ account: ChannelAccount; result: LoginResult }> {
  let apiHash: string;
  try {
    apiHash = requireCredential(openCredentials(context.secrets, account), 'apiHash');
  } catch {
    throw new AppError('UNPROCESSABLE', 'the api_hash cannot be read; enter it again in the account config', [{ field: 'body.config.apiHash', message: 'required' }]);
  }
  const settings = account.settings as { apiId?: number; phone?: string };
  if (!settings.apiId || !settings.phone) throw new AppError('UNPROCESSABLE', 'the account has no api_id or phone; reconnect it', [{ field: 'body.config', message: 'incomplete' }]);
  await logOutSession(pool, account, context);
  const sent = await requestLoginCode(pool, { apiId: settings.apiId, apiHash, phone: settings.phone });
  pool.adopt(account.id, sent.client, sent.session);
  const updated = await saveLogin(db, account, context, {
    credentials: { apiHash, session: sent.session, phoneCodeHash: sent.phoneCodeHash, loginStep: 'awaiting_code' },
    status: 'disconnected',
    providerState: { connection: 'awaiting_code', detail: null, codeType: sent.codeType },
    reason: 'login started',
  });
  return { account: updated, result: { step: 'awaiting_code', codeType: sent.codeType } };
}

async function loginClient(pool: TelegramClientPool, account: ChannelAccount, session: string, apiHash: string): Promise<TelegramUserClient> {
  try {
    return (await pool.open(account, session, apiHash)).client;
  } catch (error) {
    loginError(error, 'params.accountId');
  }
}

export async function submitLoginCode(db: Db, pool: TelegramClientPool, account: ChannelAccount, code: string, context: AdapterContext): Promise<{ account: ChannelAccount; result: LoginResult }> {
  const { credentials, session, apiHash } = loginCredentials(account, context, 'awaiting_code');
  const client = await loginClient(pool, account, session, apiHash);
  const phone = phoneDigits(String((account.settings as { phone?: string }).phone ?? ''));
  let authorization: Api.auth.TypeAuthorization;
  try {
    authorization = await client.invoke(new GramApi.auth.SignIn({ phoneNumber: phone, phoneCodeHash: requireCredential(credentials, 'phoneCodeHash'), phoneCode: code }));
  } catch (error) {
    if (rpcErrorName(error) !== 'SESSION_PASSWORD_NEEDED') loginError(error, 'body.code');
    // The account has a cloud password: the same session goes on to the password step.
    let hint: string | null = null;
    try {
      hint = (await client.invoke(new GramApi.account.GetPassword())).hint ?? null;
    } catch (passwordError) {
      loginError(passwordError, 'body.code');
    }
    const updated = await saveLogin(db, account, context, {
      credentials: { apiHash, session, loginStep: 'awaiting_password' },
      providerState: { connection: 'awaiting_password', detail: null, passwordHint: hint },
    });
    return { account: updated, result: { step: 'awaiting_password', passwordHint: hint } };
  }
  return { account: await finishLogin(db, pool, account, client, authorization, apiHash, context), result: { step: 'open' } };
}

export async function submitLoginPassword(
  db: Db,
  pool: TelegramClientPool,
  account: ChannelAccount,
  password: string,
  context: AdapterContext,
): Promise<{ account: ChannelAccount; result: LoginResult }> {
  const { session, apiHash } = loginCredentials(account, context, 'awaiting_password');
  const client = await loginClient(pool, account, session, apiHash);
  let authorization: Api.auth.TypeAuthorization;
  try {
    // A fresh SRP challenge each time: srp_B and srp_id are single-use.
    const challenge = await client.invoke(new GramApi.account.GetPassword());
    const proof = await gramjsPassword().computeCheck(challenge, password);
    authorization = await client.invoke(new GramApi.auth.CheckPassword({ password: proof }));
  } catch (error) {
    loginError(error, 'body.password');
  }
  return { account: await finishLogin(db, pool, account, client, authorization, apiHash, context), result: { step: 'open' } };
}

async function finishLogin(
  db: Db,
  pool: TelegramClientPool,
  account: ChannelAccount,
  client: TelegramUserClient,
  authorization: Api.auth.TypeAuthorization,
  apiHash: string,
  context: AdapterContext,
): Promise<ChannelAccount> {
  if (!(authorization instanceof GramApi.auth.Authorization) || !(authorization.user instanceof GramApi.User)) {
    throw new AppError('UNPROCESSABLE', 'this phone number has no Telegram account yet: sign up in a Telegram app first', [{ field: 'body.code', message: 'sign-up required' }]);
  }
  const user = authorization.user;
  const userId = markedId('user', user.id);
  // One Telegram account, one channel account: two would each receive (and store) every message.
  await assertNotConnectedElsewhere(db, 'telegram_user', { userId }, account.id, 'body.code');
  const session = String(client.session.save() ?? '');
  if (!session) throw new ChannelError('TEMPORARY', 'the Telegram client produced no session to keep');
  pool.adopt(account.id, client, session);
  pool.renew(account.id, session);
  const address = user.username ? `@${user.username}` : user.phone ? `+${user.phone}` : null;
  const updated = await saveLogin(db, account, context, {
    credentials: { apiHash, session },
    status: 'active',
    providerState: { connection: 'open', detail: null },
    settings: { userId, username: user.username ?? null },
    address,
    reason: 'logged in',
  });
  await rememberPeers(db, updated, [user], context.now);
  return updated;
}
