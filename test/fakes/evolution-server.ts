/**
 * A local fake of the Evolution API v2 (self-hosted WhatsApp gateway) for tests, speaking the documented wire
 * format (see shared/fixtures/ROUTES.md):
 *
 * - `GET  /instance/connectionState/:instance` → `{ instance: { instanceName, state } }`
 * - `POST /chat/findChats/:instance`           → array of chat rows `{ id, remoteJid, name, pushName, updatedAt, lastMessage? }`
 * - `POST /chat/findContacts/:instance`        → array of `{ id, remoteJid, pushName, profilePicUrl, instanceId }`
 * - `POST /chat/findMessages/:instance`        → `{ messages: { total, pages, currentPage, records } }`, filtered by
 *   `where.key.remoteJid`, sorted by `messageTimestamp` descending (like upstream), paged by `page` (1-based) and
 *   `offset` (= page size, upstream's naming; default `pageSize` option, else 50).
 *
 * For the Evolution channel adapter it also plays the gateway side of a live instance:
 *
 * - `POST /instance/create`                      → creates the instance (`instanceExists: false` to start without it),
 *   keeps its webhook settings, answers `{ instance, hash, webhook, qrcode: { code, base64, count } }`
 * - `GET  /instance/connect/:instance`           → a new QR `{ pairingCode, code, base64, count }`, or `{ instance: { state: 'open' } }`
 * - `POST /webhook/set/:instance`                → `{ webhook: { enabled, url, events, … } }` stored as `webhook`
 * - `POST /message/sendText/:instance`           → `{ number, text }`; answers a Baileys record `{ key: { remoteJid, fromMe, id }, … }`
 * - `POST /message/sendMedia/:instance`          → `{ number, mediatype, media, caption?, fileName?, mimetype? }`, same answer;
 *   `media` is a URL or the file itself in base64 (decoded into the `sent` record's `bytes`)
 * - `POST /message/sendWhatsAppAudio/:instance`  → `{ number, audio }` (URL or base64): a voice note, same answer
 *   Sends to `notOnWhatsApp` numbers answer 400 `response.message: [{ jid, exists: false, number }]`; while the
 *   state is not `open` they answer 500 `Error: Connection Closed` (upstream's message). Accepted sends are in `sent`.
 *
 * - `POST /chat/getBase64FromMediaMessage/:instance` → `{ message: { key: { id } }, convertToMp4 }`; answers
 *   `{ mediaType, fileName, caption, size, mimetype, base64, buffer: null }` for media added with `addMedia`, 400 otherwise
 * - `DELETE /instance/delete/:instance` removes the instance; `webhook/set` with `enabled: false` turns the webhook off
 *
 * A wrong `apikey` header answers 401, an unknown instance 404 (upstream's error envelopes). `failFirst` makes the
 * first `times` calls of a route (matched against the route name, e.g. `findMessages`, or the full path) fail with
 * `status` (429s carry `Retry-After: 1`, or `retryAfter` when given). `delayFirst` accepts a send and then holds
 * the answer for `ms` (a client timeout after acceptance).
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEvolutionChat {
  remoteJid: string;
  name?: string | null;
  pushName?: string | null;
  updatedAt?: string;
}

export interface FakeEvolutionContact {
  remoteJid: string;
  pushName: string | null;
  profilePicUrl?: string | null;
}

export interface FakeEvolutionFailure {
  route: string;
  status: number;
  times: number;
  /** Retry-After header value for this failure (default '1' for 429, none otherwise). */
  retryAfter?: string;
}

export interface FakeEvolutionOptions {
  apiKey: string;
  instance: string;
  state?: 'open' | 'connecting' | 'close';
  chats?: FakeEvolutionChat[];
  messagesByJid?: Record<string, unknown[]>;
  contacts?: FakeEvolutionContact[];
  /** Page size used when the request carries no `offset`. Default 50 (upstream). */
  pageSize?: number;
  failFirst?: FakeEvolutionFailure[];
  /** false: the instance does not exist until `POST /instance/create` makes it. Default true. */
  instanceExists?: boolean;
  /** Names other instances already use on the gateway: creating them answers 403 "already in use". */
  takenNames?: string[];
  /** Numbers (digits) without WhatsApp: sends to them answer `exists: false`. */
  notOnWhatsApp?: string[];
  /** Accept the first `times` sends of a route, then hold the answer for `ms`. */
  delayFirst?: { route: string; times: number; ms: number }[];
}

export interface FakeEvolutionSent {
  id: string;
  route: 'sendText' | 'sendMedia' | 'sendWhatsAppAudio';
  number: string;
  text?: string;
  /** A URL the gateway fetched from (media sent by link). */
  media?: string;
  /** The file sent as base64, decoded. */
  bytes?: Buffer;
  mimetype?: string;
  fileName?: string;
  mediatype?: string;
  caption?: string;
  at: Date;
}

export interface FakeEvolutionRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeEvolution {
  url: string;
  requests: FakeEvolutionRequest[];
  /** Messages the gateway accepted, in order. */
  sent: FakeEvolutionSent[];
  /** The instance's webhook settings as last set by instance/create or webhook/set. */
  webhook: { url: string; events: string[]; byEvents: boolean; enabled: boolean } | null;
  state(): 'open' | 'connecting' | 'close';
  setState(state: 'open' | 'connecting' | 'close'): void;
  instanceExists(): boolean;
  /** Adds a failure for the next calls of a route (same matching as `failFirst`). */
  failNext(failure: FakeEvolutionFailure): void;
  /** Accepts the next sends of a route and holds their answers for `ms`. */
  delayNext(delay: { route: string; times: number; ms: number }): void;
  /** The file behind an inbound media message (by message key id), for getBase64FromMediaMessage. */
  addMedia(messageId: string, file: { bytes: Buffer; mimetype: string; fileName?: string; mediaType?: string }): void;
  close(): Promise<void>;
}

/** A webhook envelope as the gateway posts it (v2; see shared/fixtures/evolution_webhook_*.json). */
export function evolutionWebhookEnvelope(event: string, instance: string, data: unknown, at = new Date()): Record<string, unknown> {
  return {
    event,
    instance,
    data,
    destination: 'http://parley.test/webhooks/evolution',
    date_time: at.toISOString(),
    sender: '996700000000@s.whatsapp.net',
    server_url: 'http://evolution.test',
    apikey: null,
  };
}

type MediaSpec =
  | { type: 'image' | 'video' | 'sticker'; mimeType?: string; caption?: string }
  | { type: 'audio'; mimeType?: string; ptt?: boolean }
  | { type: 'document'; mimeType?: string; fileName?: string; caption?: string }
  | { type: 'contact'; displayName?: string }
  | { type: 'location'; latitude?: number; longitude?: number; name?: string };

export interface EvolutionMessageRecordInput {
  id: string;
  remoteJid: string;
  fromMe: boolean;
  text?: string;
  media?: MediaSpec;
  /** Date, or unix seconds. */
  timestamp: Date | number;
  pushName: string | null;
  participant?: string;
}

/** Builds a Baileys/Evolution message record shaped like the `messages.upsert` fixture's `data`. */
export function evolutionMessageRecord(input: EvolutionMessageRecordInput): Record<string, unknown> {
  const seconds = typeof input.timestamp === 'number' ? input.timestamp : Math.floor(input.timestamp.getTime() / 1000);
  const key: Record<string, unknown> = { remoteJid: input.remoteJid, fromMe: input.fromMe, id: input.id };
  if (input.participant) key.participant = input.participant;

  let message: Record<string, unknown>;
  let messageType: string;
  const media = input.media;
  if (!media) {
    messageType = 'conversation';
    message = { conversation: input.text ?? '' };
  } else {
    const caption = 'caption' in media ? (media.caption ?? input.text) : input.text;
    switch (media.type) {
      case 'image':
      case 'video':
      case 'sticker': {
        messageType = `${media.type}Message`;
        const defaults = { image: 'image/jpeg', video: 'video/mp4', sticker: 'image/webp' } as const;
        message = { [messageType]: { mimetype: media.mimeType ?? defaults[media.type], ...(caption ? { caption } : {}) } };
        break;
      }
      case 'audio':
        messageType = 'audioMessage';
        message = { audioMessage: { mimetype: media.mimeType ?? 'audio/ogg; codecs=opus', ptt: media.ptt ?? false, seconds: 7 } };
        break;
      case 'document':
        messageType = 'documentMessage';
        message = {
          documentMessage: {
            mimetype: media.mimeType ?? 'application/pdf',
            fileName: media.fileName ?? 'file.pdf',
            title: media.fileName ?? 'file.pdf',
            ...(caption ? { caption } : {}),
          },
        };
        break;
      case 'contact':
        messageType = 'contactMessage';
        message = { contactMessage: { displayName: media.displayName ?? 'Contact', vcard: 'BEGIN:VCARD\nVERSION:3.0\nEND:VCARD' } };
        break;
      case 'location':
        messageType = 'locationMessage';
        message = {
          locationMessage: {
            degreesLatitude: media.latitude ?? 0,
            degreesLongitude: media.longitude ?? 0,
            ...(media.name ? { name: media.name } : {}),
          },
        };
        break;
    }
  }
  return {
    key,
    pushName: input.pushName,
    message,
    messageType,
    messageTimestamp: seconds,
    instanceId: '00000000-0000-4000-8000-000000000000',
    source: 'android',
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function timestampOf(record: unknown): number {
  const t = isRec(record) ? record.messageTimestamp : undefined;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return Number(t) || 0;
  if (isRec(t) && typeof t.low === 'number' && typeof t.high === 'number') return t.high * 2 ** 32 + (t.low >>> 0);
  return 0;
}

function remoteJidOf(record: unknown): string | undefined {
  const key = isRec(record) ? record.key : undefined;
  return isRec(key) && typeof key.remoteJid === 'string' ? key.remoteJid : undefined;
}

/** Evolution's `media`/`audio` field: a URL it downloads, or the file as base64 (a data: URL prefix allowed). */
function readMedia(value: string | undefined): { media: string } | { bytes: Buffer } | null {
  if (!value) return null;
  if (/^https?:\/\//.test(value)) return { media: value };
  const data = value.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) return null;
  return { bytes: Buffer.from(data, 'base64') };
}

export async function startFakeEvolution(options: FakeEvolutionOptions): Promise<FakeEvolution> {
  const requests: FakeEvolutionRequest[] = [];
  const failures = (options.failFirst ?? []).map((f) => ({ ...f, left: f.times }));
  const delays = (options.delayFirst ?? []).map((d) => ({ ...d, left: d.times }));
  const sent: FakeEvolutionSent[] = [];
  let state: 'open' | 'connecting' | 'close' = options.state ?? 'open';
  let exists = options.instanceExists ?? true;
  let webhook: FakeEvolution['webhook'] = null;
  let qrCount = 0;
  let messageSeq = 0;
  const media = new Map<string, { bytes: Buffer; mimetype: string; fileName?: string; mediaType?: string }>();
  const nextQr = () => {
    qrCount += 1;
    return { pairingCode: null, code: `2@fake-qr-${qrCount},${options.instance}`, base64: `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB${qrCount}`, count: qrCount };
  };
  const readWebhook = (value: unknown) => {
    if (!isRec(value) || typeof value.url !== 'string') return;
    webhook = { url: value.url, events: Array.isArray(value.events) ? value.events.map(String) : [], byEvents: value.byEvents === true, enabled: value.enabled !== false };
  };
  const defaultPageSize = options.pageSize ?? 50;
  const created = '2025-01-01T00:00:00.000Z';

  // All records sorted newest first (stable for equal timestamps), like upstream's `orderBy messageTimestamp desc`.
  const allMessages = Object.entries(options.messagesByJid ?? {}).flatMap(([jid, records]) =>
    records.map((r, i) => ({ jid: remoteJidOf(r) ?? jid, record: r, ts: timestampOf(r), i })),
  );
  allMessages.sort((a, b) => b.ts - a.ts || b.i - a.i);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['invalid JSON body'] } });
        return;
      }
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, body, headers: { ...req.headers } });

    const isCreate = url.pathname === '/instance/create';
    const m = isCreate ? ['', 'instance', 'create', ''] : /^\/(instance|chat|message|webhook)\/([A-Za-z0-9]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) {
      send(res, 404, { status: 404, error: 'Not Found', response: { message: ['Cannot ' + req.method + ' ' + url.pathname] } });
      return;
    }
    const [, group, action, rawInstance] = m as unknown as [string, string, string, string];
    const routeName = `${group}/${action}`;

    if (req.headers.apikey !== options.apiKey) {
      send(res, 401, { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } });
      return;
    }
    const instance = isCreate ? (isRec(body) && typeof body.instanceName === 'string' ? body.instanceName : '') : decodeURIComponent(rawInstance);
    if (!isCreate && (instance !== options.instance || !exists)) {
      send(res, 404, { status: 404, error: 'Not Found', response: { message: [`The "${instance}" instance does not exist`] } });
      return;
    }

    const failure = failures.find((f) => f.left > 0 && (f.route === action || f.route === routeName || f.route === url.pathname));
    if (failure) {
      failure.left--;
      const retryAfter = failure.retryAfter ?? (failure.status === 429 ? '1' : undefined);
      send(res, failure.status, { status: failure.status, error: 'Injected failure', response: { message: 'try later' } }, retryAfter ? { 'retry-after': retryAfter } : {});
      return;
    }

    const expect = (method: string): boolean => {
      if (req.method === method) return true;
      send(res, 404, { status: 404, error: 'Not Found', response: { message: [`Cannot ${req.method} ${url.pathname}`] } });
      return false;
    };

    const accept = async (route: FakeEvolutionSent['route'], number: string, extra: Omit<FakeEvolutionSent, 'id' | 'route' | 'number' | 'at'>) => {
      const digits = number.replace(/@.*$/, '').replace(/\D/g, '');
      const jid = number.includes('@') ? number : `${digits}@s.whatsapp.net`;
      if ((options.notOnWhatsApp ?? []).includes(digits)) {
        send(res, 400, { status: 400, error: 'Bad Request', response: { message: [{ jid, exists: false, number }] } });
        return;
      }
      if (state !== 'open') {
        send(res, 500, { status: 500, error: 'Internal Server Error', response: { message: ['Error: Connection Closed'] } });
        return;
      }
      messageSeq += 1;
      const id = `3EB0${String(messageSeq).padStart(6, '0')}FAKE${Date.now().toString(16).toUpperCase()}`;
      const now = new Date();
      sent.push({ id, route, number, ...extra, at: now });
      const delay = delays.find((d) => d.left > 0 && d.route === route);
      if (delay) {
        delay.left--;
        await new Promise((resolve) => setTimeout(resolve, delay.ms));
        if (res.destroyed || res.writableEnded) return;
      }
      const message =
        route === 'sendText'
          ? { conversation: extra.text ?? '' }
          : route === 'sendWhatsAppAudio'
            ? { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } }
            : { [`${extra.mediatype ?? 'document'}Message`]: { url: extra.media, caption: extra.caption, mimetype: extra.mimetype } };
      send(res, 201, {
        key: { remoteJid: jid, fromMe: true, id },
        pushName: '',
        status: 'PENDING',
        message,
        messageType: route === 'sendText' ? 'conversation' : route === 'sendWhatsAppAudio' ? 'audioMessage' : `${extra.mediatype ?? 'document'}Message`,
        messageTimestamp: Math.floor(now.getTime() / 1000),
        instanceId: '00000000-0000-4000-8000-000000000000',
        source: 'unknown',
      });
    };
    const field = (name: string): string | undefined => (isRec(body) && typeof body[name] === 'string' ? (body[name] as string) : undefined);

    switch (routeName) {
      case 'instance/create': {
        if (!expect('POST')) return;
        if ((options.takenNames ?? []).includes(instance) || (instance === options.instance && exists)) {
          send(res, 403, { status: 403, error: 'Forbidden', response: { message: [`This name "${instance}" is already in use.`] } });
          return;
        }
        if (instance !== options.instance) {
          send(res, 500, { status: 500, error: 'Internal Server Error', response: { message: [`the fake gateway serves only the instance "${options.instance}"`] } });
          return;
        }
        exists = true;
        state = 'connecting';
        if (isRec(body)) readWebhook(body.webhook);
        send(res, 201, {
          instance: { instanceName: instance, instanceId: '00000000-0000-4000-8000-000000000000', integration: 'WHATSAPP-BAILEYS', status: 'connecting' },
          hash: 'FAKE-INSTANCE-TOKEN',
          webhook: webhook ?? {},
          settings: { rejectCall: false, groupsIgnore: false, alwaysOnline: false, readMessages: false, readStatus: false, syncFullHistory: false },
          qrcode: nextQr(),
        });
        return;
      }

      case 'instance/connect':
        if (!expect('GET')) return;
        if (state === 'open') send(res, 200, { instance: { instanceName: options.instance, state: 'open' } });
        else {
          state = 'connecting';
          send(res, 200, nextQr());
        }
        return;

      case 'webhook/set':
        if (!expect('POST')) return;
        if (isRec(body)) readWebhook(body.webhook);
        send(res, 201, { webhook: { instanceName: options.instance, ...(isRec(body) && isRec(body.webhook) ? body.webhook : {}) } });
        return;

      case 'message/sendText': {
        if (!expect('POST')) return;
        const number = field('number');
        const text = field('text');
        if (!number || text === undefined) {
          send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['number and text are required'] } });
          return;
        }
        await accept('sendText', number, { text });
        return;
      }

      case 'message/sendMedia': {
        if (!expect('POST')) return;
        const number = field('number');
        const mediatype = field('mediatype');
        if (!number || !mediatype || !['image', 'document', 'video', 'audio'].includes(mediatype)) {
          send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['number and a valid mediatype are required'] } });
          return;
        }
        const media = readMedia(field('media'));
        if (!media) {
          send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['Owned media must be a url or base64'] } });
          return;
        }
        await accept('sendMedia', number, { mediatype, ...media, caption: field('caption'), mimetype: field('mimetype'), fileName: field('fileName') });
        return;
      }

      case 'message/sendWhatsAppAudio': {
        if (!expect('POST')) return;
        const number = field('number');
        const audio = readMedia(field('audio'));
        if (!number || !audio) {
          send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['number and audio (a url or base64) are required'] } });
          return;
        }
        await accept('sendWhatsAppAudio', number, audio);
        return;
      }

      case 'chat/getBase64FromMediaMessage': {
        if (!expect('POST')) return;
        const message = isRec(body) && isRec(body.message) ? body.message : {};
        const key = isRec(message.key) ? message.key : {};
        const file = typeof key.id === 'string' ? media.get(key.id) : undefined;
        if (!file) {
          send(res, 400, { status: 400, error: 'Bad Request', response: { message: ['Message not found'] } });
          return;
        }
        send(res, 201, {
          mediaType: file.mediaType ?? 'audioMessage',
          fileName: file.fileName ?? null,
          caption: null,
          size: { fileLength: { low: file.bytes.byteLength, high: 0, unsigned: true } },
          mimetype: file.mimetype,
          base64: file.bytes.toString('base64'),
          buffer: null,
        });
        return;
      }

      case 'instance/delete':
        if (!expect('DELETE')) return;
        exists = false;
        webhook = null;
        send(res, 200, { status: 'SUCCESS', error: false, response: { message: 'Instance deleted' } });
        return;

      case 'instance/connectionState':
        if (!expect('GET')) return;
        send(res, 200, { instance: { instanceName: options.instance, state } });
        return;

      case 'chat/findContacts': {
        if (!expect('POST')) return;
        const where = isRec(body) && isRec(body.where) ? body.where : {};
        const rows = (options.contacts ?? [])
          .filter((c) => typeof where.remoteJid !== 'string' || c.remoteJid === where.remoteJid)
          .map((c, i) => ({
            id: `contact-${i + 1}`,
            remoteJid: c.remoteJid,
            pushName: c.pushName,
            profilePicUrl: c.profilePicUrl ?? null,
            createdAt: created,
            updatedAt: created,
            instanceId: '00000000-0000-4000-8000-000000000000',
          }));
        send(res, 200, rows);
        return;
      }

      case 'chat/findChats': {
        if (!expect('POST')) return;
        const rows = (options.chats ?? []).map((c, i) => {
          const last = allMessages.find((x) => x.jid === c.remoteJid);
          const lastRecord = last && isRec(last.record) ? last.record : undefined;
          return {
            id: `chat-${i + 1}`,
            remoteJid: c.remoteJid,
            name: c.name ?? null,
            labels: [],
            createdAt: created,
            updatedAt: c.updatedAt ?? created,
            pushName: c.pushName ?? null,
            profilePicUrl: null,
            unreadMessages: 0,
            lastMessage: lastRecord ? { id: `msg-${lastRecord.key && isRec(lastRecord.key) ? String(lastRecord.key.id) : ''}`, ...lastRecord } : undefined,
          };
        });
        send(res, 200, rows);
        return;
      }

      case 'chat/findMessages': {
        if (!expect('POST')) return;
        const q = isRec(body) ? body : {};
        const where = isRec(q.where) ? q.where : {};
        const key = isRec(where.key) ? where.key : {};
        const jid = typeof key.remoteJid === 'string' ? key.remoteJid : undefined;
        const offset = typeof q.offset === 'number' && q.offset > 0 ? Math.floor(q.offset) : defaultPageSize;
        const page = typeof q.page === 'number' && q.page > 0 ? Math.floor(q.page) : 1;
        const matching = allMessages.filter((x) => jid === undefined || x.jid === jid);
        const records = matching.slice(offset * (page - 1), offset * page).map((x) => x.record);
        send(res, 200, {
          messages: { total: matching.length, pages: Math.ceil(matching.length / offset), currentPage: page, records },
        });
        return;
      }

      default:
        send(res, 404, { status: 404, error: 'Not Found', response: { message: [`Cannot ${req.method} ${url.pathname}`] } });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { status: 500, error: 'Internal Server Error', response: { message: String(err) } });
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
    requests,
    sent,
    get webhook() {
      return webhook;
    },
    state: () => state,
    setState: (next) => {
      state = next;
    },
    instanceExists: () => exists,
    failNext: (failure) => void failures.push({ ...failure, left: failure.times }),
    delayNext: (delay) => void delays.push({ ...delay, left: delay.times }),
    addMedia: (messageId, file) => void media.set(messageId, file),
    /** Idempotent. */
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}
