import { ChannelError } from '../channel-adapter.ts';

/**
 * The RPC error name GramJS carries (`errorMessage`), e.g. PHONE_CODE_INVALID. Its dedicated classes
 * (FloodWaitError…) put a sentence there instead and keep the number in `seconds`.
 */
export function rpcErrorName(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  const name = (error as { errorMessage?: unknown }).errorMessage;
  return typeof name === 'string' && /^[A-Z][A-Z0-9_]*$/.test(name) ? name : null;
}

/**
 * Seconds Telegram asks us to wait: FLOOD_WAIT_X, FLOOD_PREMIUM_WAIT_X, SLOWMODE_WAIT_X (GramJS turns the
 * first into FloodWaitError with `seconds`, and keeps the name in `errorMessage` for the others).
 */
export function floodWaitSeconds(error: unknown): number | null {
  if (error && typeof error === 'object' && typeof (error as { seconds?: unknown }).seconds === 'number') return (error as { seconds: number }).seconds;
  const match = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|FLOOD_TEST_PHONE_WAIT|SLOWMODE_WAIT)_(\d+)$/.exec(rpcErrorName(error) ?? '');
  return match ? Number(match[1]) : null;
}

const SESSION_GONE = new Set([
  'AUTH_KEY_UNREGISTERED',
  'AUTH_KEY_INVALID',
  'AUTH_KEY_DUPLICATED',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
  'PHONE_NUMBER_BANNED',
]);

const RECIPIENT_GONE = new Set([
  'PEER_ID_INVALID',
  'USER_ID_INVALID',
  'INPUT_USER_DEACTIVATED',
  'USER_IS_BLOCKED',
  'YOU_BLOCKED_USER',
  'USER_PRIVACY_RESTRICTED',
  'PRIVACY_PREMIUM_REQUIRED',
  'USERNAME_NOT_OCCUPIED',
  'USERNAME_INVALID',
  'CHAT_WRITE_FORBIDDEN',
  'CHAT_RESTRICTED',
  'CHANNEL_PRIVATE',
  'CHANNEL_INVALID',
  'CHAT_ID_INVALID',
  'USER_BANNED_IN_CHANNEL',
  'CHAT_ADMIN_REQUIRED',
  'CHAT_GUEST_SEND_FORBIDDEN',
]);

/** Spam limitation of the account itself: it cannot write to strangers for a while. */
const PEER_FLOOD_WAIT_MS = 60 * 60_000;

/** GramJS's message when a request is made on a client whose connection is down: nothing left the process. */
const NOT_CONNECTED = /cannot send requests while disconnected|not connected|connection closed|disconnected/i;

/**
 * An MTProto failure → the sending rules (see ChannelErrorCode). Unrecognised failures stay plain Errors:
 * the request may have reached Telegram, so the outcome is unknown.
 */
export function mtprotoError(error: unknown, what: string): Error {
  if (error instanceof ChannelError) return error;
  const name = rpcErrorName(error);
  const seconds = floodWaitSeconds(error);
  if (seconds !== null) {
    // GramJS's FloodWaitError says only "FLOOD" in errorMessage; the reason keeps Telegram's own spelling.
    const reason = name && /_\d+$/.test(name) ? name : `FLOOD_WAIT_${seconds}`;
    return new ChannelError('RATE_LIMITED', `${what}: Telegram asks to wait ${seconds} s (${reason})`, Math.max(1, seconds) * 1000, reason);
  }
  if (name === 'PEER_FLOOD') {
    return new ChannelError('RATE_LIMITED', `${what}: Telegram limits this account's messages to strangers (PEER_FLOOD)`, PEER_FLOOD_WAIT_MS, 'PEER_FLOOD');
  }
  if (name && SESSION_GONE.has(name)) return new ChannelError('AUTH_REVOKED', `${what}: the Telegram session is no longer valid (${name}); log in again`, undefined, name);
  if (name && RECIPIENT_GONE.has(name)) return new ChannelError('RECIPIENT_INVALID', `${what}: ${name}`, undefined, name);
  if (name && /^(MESSAGE_TOO_LONG|MESSAGE_EMPTY|MEDIA_EMPTY|MEDIA_INVALID|WEBPAGE_CURL_FAILED|WEBPAGE_MEDIA_EMPTY|PHOTO_INVALID_DIMENSIONS|EXTERNAL_URL_INVALID|ENTITY_BOUNDS_INVALID)$/.test(name)) {
    return new ChannelError('REJECTED', `${what}: ${name}`, undefined, name);
  }
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  if (name && typeof code === 'number') {
    // Telegram's error classes: 400 bad request, 401 unauthorized, 403 forbidden, 420 flood, 5xx internal.
    if (code === 400) return new ChannelError('REJECTED', `${what}: ${name}`, undefined, name);
    if (code === 401) return new ChannelError('AUTH_REVOKED', `${what}: the Telegram session is no longer valid (${name}); log in again`, undefined, name);
    if (code === 403) return new ChannelError('RECIPIENT_INVALID', `${what}: ${name}`, undefined, name);
    if (code === 420) return new ChannelError('RATE_LIMITED', `${what}: ${name}`, 60_000, name);
    if (code >= 500) return new ChannelError('TEMPORARY', `${what}: Telegram server error ${name}`, undefined, name);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!name && NOT_CONNECTED.test(message)) return new ChannelError('TEMPORARY', `${what}: not connected to Telegram`, undefined, 'disconnected');
  // A -503 "Timeout" or a dropped connection: the request may have been executed.
  return new Error(`${what}: ${name ?? message}`);
}
