import type { Api } from 'telegram';
import type { Raw } from 'telegram/events/index.js';
import type { CustomFile } from 'telegram/client/uploads.js';
import { gramjs, gramjsLogger, gramjsSessions } from './gramjs.ts';
import { ChannelError } from '../channel-adapter.ts';

/**
 * The part of GramJS's TelegramClient the Telegram user adapter uses. Everything goes through `invoke` with
 * `Api.*` requests, so the adapter reads real `Api.*` results and updates; tests put a client speaking the
 * same objects behind this boundary, since MTProto cannot be served by a local fake over the network.
 */
export interface TelegramUserClient {
  connect(): Promise<unknown>;
  /** Closes the connection and GramJS's update loop for good. */
  destroy(): Promise<void>;
  readonly connected: boolean | undefined;
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
  /** With a `Raw` builder GramJS hands over each update, with `_entities` (users and chats of its envelope). */
  addEventHandler(callback: (update: RawUpdate) => unknown, event: Raw): void;
  session: { save(): string | void };
  /**
   * GramJS's `downloadMedia`: the file of a message (a photo's largest size, a document), fetched in parts from
   * whichever data center holds it; a Buffer when no output file is given.
   */
  downloadMedia(message: Api.Message, params?: Record<string, never>): Promise<Buffer | string | undefined>;
  /**
   * GramJS's `sendFile`: uploads the bytes in parts (`upload.saveFilePart`), then `messages.sendMedia` with an
   * uploaded photo or document (a voice note with `voiceNote`); answers the sent message.
   */
  sendFile(peer: Api.TypeInputPeer, params: SendFileParams): Promise<Api.Message>;
}

/** The part of GramJS's `SendFileInterface` Parley uses. */
export interface SendFileParams {
  file: CustomFile;
  caption?: string;
  forceDocument?: boolean;
  voiceNote?: boolean;
  workers?: number;
  /** false: the caption is plain text (GramJS parses Markdown by default). */
  parseMode?: false;
}

/** An update as GramJS dispatches it: the users and chats of its `Updates` envelope, keyed by marked peer id. */
export type RawUpdate = (Api.TypeUpdate | Api.TypeUpdates) & { _entities?: Map<string, Api.TypeUser | Api.TypeChat> };

export interface TelegramClientOptions {
  /** A saved StringSession; empty for a new login. */
  session: string;
  apiId: number;
  apiHash: string;
}

export type TelegramClientFactory = (options: TelegramClientOptions) => TelegramUserClient;

/** GramJS's connect() answers false instead of throwing when no data center could be reached. */
export async function connectClient(client: TelegramUserClient): Promise<void> {
  const result = await client.connect();
  if (result === false || client.connected === false) throw new ChannelError('TEMPORARY', 'cannot connect to Telegram', undefined, 'connect_failed');
}

/**
 * A GramJS client as Parley runs it: it never sleeps on FLOOD_WAIT itself (floodSleepThreshold 0), so the
 * wait reaches the dispatcher and the message is rescheduled instead of holding a worker; and it logs
 * nothing, since its debug lines can carry message contents.
 */
export const createGramJsClient: TelegramClientFactory = (options) => {
  const client = new (gramjs().TelegramClient)(new (gramjsSessions().StringSession)(options.session), options.apiId, options.apiHash, {
    // A few quick attempts: a login step waits on this in an HTTP request, and jobs retry on their own.
    connectionRetries: 2,
    timeout: 10,
    autoReconnect: true,
    floodSleepThreshold: 0,
    deviceModel: 'Parley CRM',
    systemVersion: `Node.js ${process.versions.node}`,
    appVersion: '0.1.0',
    baseLogger: new (gramjsLogger().Logger)(gramjsLogger().LogLevel.NONE),
  });
  const typed: TelegramUserClient = client;
  return typed;
};

export type { Raw, CustomFile };
