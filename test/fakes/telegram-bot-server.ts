/**
 * A local fake of the Telegram Bot API for one bot, speaking its wire format: `POST /bot<token>/<method>` with a JSON
 * body, answered with `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`.
 *
 * - `getMe`, `setWebhook` (url, secret_token, allowed_updates), `deleteWebhook`, `getWebhookInfo`
 * - `getUpdates` (offset confirms earlier updates; 409 while a webhook is set, like Telegram)
 * - `sendMessage`, `sendPhoto`, `sendDocument`, `sendVideo`, `sendAudio`, `sendVoice`, `sendSticker`, `sendAnimation` → a
 *   `Message`; the file methods also take `multipart/form-data` with the file uploaded in its field (kept in `upload`)
 *
 * - `getFile` (file_id) → `{ file_id, file_unique_id, file_size, file_path }` for files added with `addFile`, whose
 *   bytes `GET /file/bot<token>/<file_path>` serves (failures for that route use the method name `file`)
 *
 * A wrong token answers 401 `Unauthorized`. Sends to `blockedChats` answer 403 `Forbidden: bot was blocked by the
 * user`. `failFirst` makes the first `times` calls of a method fail: 429 carries `parameters.retry_after`.
 * Every accepted send is in `sent` with its arrival time, so pacing can be checked.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMultipart, parseMultipart, type MultipartBody } from './multipart.ts';

export interface FakeTelegramFailure {
  method: string;
  times: number;
  status: number;
  retryAfter?: number;
}

export interface FakeTelegramOptions {
  token: string;
  botId?: number;
  username?: string;
  blockedChats?: string[];
  failFirst?: FakeTelegramFailure[];
}

export interface FakeTelegramSent {
  method: string;
  chatId: string;
  text?: string;
  file?: string;
  /** A file uploaded as multipart: its bytes, declared type and name. */
  upload?: { bytes: Buffer; type: string; name: string };
  caption?: string;
  messageId: number;
  at: number;
}

export interface FakeTelegram {
  url: string;
  sent: FakeTelegramSent[];
  calls: { method: string; body: Record<string, unknown>; at: number }[];
  webhook: { url: string; secretToken: string | null; allowedUpdates: string[] } | null;
  /** Queues an update for getUpdates (its update_id is assigned when absent). */
  pushUpdate(update: Record<string, unknown>): number;
  /** Makes the next `times` calls of a method fail. */
  failNext(failure: FakeTelegramFailure): void;
  /** A file a customer sent: `getFile` finds it by file_id and the file route serves its bytes. */
  addFile(fileId: string, file: { bytes: Buffer; path: string; contentType?: string }): void;
  close(): Promise<void>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const FILE_FIELDS: Record<string, string> = {
  sendPhoto: 'photo',
  sendDocument: 'document',
  sendVideo: 'video',
  sendAudio: 'audio',
  sendVoice: 'voice',
  sendSticker: 'sticker',
  sendAnimation: 'animation',
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: ServerResponse, code: number, description: string, parameters?: Rec): void {
  reply(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
}

export async function startFakeTelegram(options: FakeTelegramOptions): Promise<FakeTelegram> {
  const botId = options.botId ?? Number(options.token.split(':')[0]);
  const username = options.username ?? 'parley_test_bot';
  const sent: FakeTelegramSent[] = [];
  const calls: FakeTelegram['calls'] = [];
  const failures = (options.failFirst ?? []).map((f) => ({ ...f, left: f.times }));
  const queue: Rec[] = [];
  let nextUpdateId = 100_000;
  let messageSeq = 500;
  let webhook: FakeTelegram['webhook'] = null;
  const files = new Map<string, { bytes: Buffer; path: string; contentType?: string }>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute && req.method === 'GET') {
      calls.push({ method: 'file', body: { path: fileRoute[2] }, at: Date.now() });
      const fileFailure = failures.find((f) => f.left > 0 && f.method === 'file');
      if (fileFailure) {
        fileFailure.left--;
        fail(res, fileFailure.status, 'Internal Server Error');
        return;
      }
      const file = fileRoute[1] === options.token ? [...files.values()].find((f) => f.path === decodeURIComponent(fileRoute[2]!)) : undefined;
      if (!file) {
        fail(res, 404, 'Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream', 'content-length': file.bytes.byteLength });
      res.end(file.bytes);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Rec = {};
    let uploads: MultipartBody['files'] = {};
    if (isMultipart(req.headers['content-type'])) {
      const form = await parseMultipart(req.headers['content-type']!, Buffer.concat(chunks));
      body = { ...form.fields };
      uploads = form.files;
    } else if (raw) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        body = isRec(parsed) ? parsed : {};
      } catch {
        fail(res, 400, "Bad Request: can't parse JSON object");
        return;
      }
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) {
      fail(res, 404, 'Not Found');
      return;
    }
    const [, token, method] = match as unknown as [string, string, string];
    if (token !== options.token) {
      fail(res, 401, 'Unauthorized');
      return;
    }
    calls.push({ method, body, at: Date.now() });
    const failure = failures.find((f) => f.left > 0 && f.method === method);
    if (failure) {
      failure.left--;
      if (failure.status === 429) fail(res, 429, `Too Many Requests: retry after ${failure.retryAfter ?? 1}`, { retry_after: failure.retryAfter ?? 1 });
      else fail(res, failure.status, failure.status >= 500 ? 'Internal Server Error' : 'Bad Request: injected failure');
      return;
    }
    const ok = (result: unknown) => reply(res, 200, { ok: true, result });

    switch (method) {
      case 'getMe':
        ok({ id: botId, is_bot: true, first_name: 'Parley Test', username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
        return;
      case 'setWebhook':
        if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) {
          fail(res, 400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
          return;
        }
        webhook = { url: body.url, secretToken: typeof body.secret_token === 'string' ? body.secret_token : null, allowedUpdates: Array.isArray(body.allowed_updates) ? body.allowed_updates.map(String) : [] };
        ok(true);
        return;
      case 'deleteWebhook':
        webhook = null;
        ok(true);
        return;
      case 'getWebhookInfo':
        ok({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: webhook ? 0 : queue.length, ...(webhook ? { allowed_updates: webhook.allowedUpdates } : {}) });
        return;
      case 'getFile': {
        const file = typeof body.file_id === 'string' ? files.get(body.file_id) : undefined;
        if (!file) {
          fail(res, 400, 'Bad Request: invalid file_id');
          return;
        }
        ok({ file_id: body.file_id, file_unique_id: `u-${body.file_id}`, file_size: file.bytes.byteLength, file_path: file.path });
        return;
      }
      case 'getUpdates': {
        if (webhook) {
          fail(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
          return;
        }
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        // Like Telegram: asking with an offset confirms (forgets) every earlier update.
        while (queue.length > 0 && (queue[0]!.update_id as number) < offset) queue.shift();
        const limit = typeof body.limit === 'number' ? body.limit : 100;
        ok(queue.slice(0, limit));
        return;
      }
      default:
        break;
    }

    if (method === 'sendMessage' || method in FILE_FIELDS) {
      const chatId = body.chat_id === undefined ? '' : String(body.chat_id);
      if (!chatId) {
        fail(res, 400, 'Bad Request: chat_id is empty');
        return;
      }
      if ((options.blockedChats ?? []).includes(chatId)) {
        fail(res, 403, 'Forbidden: bot was blocked by the user');
        return;
      }
      const field = FILE_FIELDS[method];
      const upload = field ? uploads[field] : undefined;
      if (method === 'sendMessage' ? typeof body.text !== 'string' || body.text === '' : typeof body[field!] !== 'string' && !upload) {
        fail(res, 400, method === 'sendMessage' ? 'Bad Request: message text is empty' : `Bad Request: there is no ${field} in the request`);
        return;
      }
      messageSeq += 1;
      const now = Date.now();
      sent.push({
        method,
        chatId,
        messageId: messageSeq,
        at: now,
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(field && !upload ? { file: String(body[field]) } : {}),
        ...(upload ? { upload } : {}),
        ...(typeof body.caption === 'string' ? { caption: body.caption } : {}),
      });
      const chat = Number(chatId) < 0 ? { id: Number(chatId), type: 'supergroup', title: 'Group' } : { id: Number(chatId), type: 'private', first_name: 'Customer' };
      ok({
        message_id: messageSeq,
        from: { id: botId, is_bot: true, first_name: 'Parley Test', username },
        chat,
        date: Math.floor(now / 1000),
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(typeof body.caption === 'string' ? { caption: body.caption } : {}),
      });
      return;
    }
    fail(res, 404, 'Not Found: method not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, `Internal Server Error: ${String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    calls,
    get webhook() {
      return webhook;
    },
    failNext: (failure) => void failures.push({ ...failure, left: failure.times }),
    addFile: (fileId, file) => void files.set(fileId, file),
    pushUpdate(update) {
      const updateId = typeof update.update_id === 'number' ? update.update_id : (nextUpdateId += 1);
      queue.push({ ...update, update_id: updateId });
      return updateId;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}

/** A private-chat text `Update`, shaped like the entries of shared/fixtures/telegram_bot_update_*.json. */
export function telegramTextUpdate(input: {
  updateId?: number;
  messageId: number;
  chatId: number;
  from: { id: number; firstName: string; lastName?: string; username?: string };
  text: string;
  date: Date;
  chat?: Rec;
}): Record<string, unknown> {
  const from = { id: input.from.id, is_bot: false, first_name: input.from.firstName, ...(input.from.lastName ? { last_name: input.from.lastName } : {}), ...(input.from.username ? { username: input.from.username } : {}) };
  return {
    ...(input.updateId !== undefined ? { update_id: input.updateId } : {}),
    message: {
      message_id: input.messageId,
      from,
      chat: input.chat ?? { id: input.chatId, type: 'private', first_name: input.from.firstName, ...(input.from.username ? { username: input.from.username } : {}) },
      date: Math.floor(input.date.getTime() / 1000),
      text: input.text,
    },
  };
}
