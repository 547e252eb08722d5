/**
 * GramJS (the `telegram` package) builds every MTProto class when it is imported: about a second of start
 * time and 30 MiB that a Parley without a Telegram user account never needs. These accessors load it on
 * first use instead; the adapter's files import its types statically and its values through here.
 */
import { createRequire } from 'node:module';
import type * as Telegram from 'telegram';
import type * as TelegramEvents from 'telegram/events/index.js';
import type * as TelegramHelpers from 'telegram/Helpers.js';
import type * as TelegramLogger from 'telegram/extensions/Logger.js';
import type * as TelegramPassword from 'telegram/Password.js';
import type * as TelegramSessions from 'telegram/sessions/index.js';
import type * as TelegramUploads from 'telegram/client/uploads.js';

const requireCjs = createRequire(import.meta.url);

function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCjs(id) as T);
}

export const gramjs = onFirstUse<typeof Telegram>('telegram');
export const gramjsEvents = onFirstUse<typeof TelegramEvents>('telegram/events/index.js');
export const gramjsHelpers = onFirstUse<typeof TelegramHelpers>('telegram/Helpers.js');
export const gramjsLogger = onFirstUse<typeof TelegramLogger>('telegram/extensions/Logger.js');
export const gramjsPassword = onFirstUse<typeof TelegramPassword>('telegram/Password.js');
export const gramjsSessions = onFirstUse<typeof TelegramSessions>('telegram/sessions/index.js');
export const gramjsUploads = onFirstUse<typeof TelegramUploads>('telegram/client/uploads.js');

/** GramJS's `Api` namespace, loaded when a member is first read (`new GramApi.InputPeerSelf()`, `instanceof GramApi.User`). */
export const GramApi = new Proxy({} as typeof Telegram.Api, {
  get: (_target, key) => Reflect.get(gramjs().Api, key),
});
