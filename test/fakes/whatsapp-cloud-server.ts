/**
 * A local fake of the WhatsApp Cloud API (Graph API) for one phone number, speaking the documented wire format:
 *
 * - `GET  /{version}/{phone-number-id}?fields=display_phone_number,verified_name` → `{ display_phone_number, verified_name, id }`
 * - `POST /{version}/{phone-number-id}/messages` → `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: 'wamid…' }] }`
 *   for `type` text / template / image / video / audio / document / sticker; media by `link` or by the `id` of an upload.
 * - `POST /{version}/{phone-number-id}/media` (multipart: `messaging_product=whatsapp`, `type` = the MIME type, `file`)
 *   → `{ id }`; kept in `uploads`, and a send by that id carries the file in its `sent` record.
 *
 * - `GET  /{version}/{media-id}` → `{ messaging_product, url, mime_type, sha256, file_size, id }` for media added with
 *   `addMedia`; the `url` (`/whatsapp_business/attachments/?mid=…`, Meta's lookaside shape) answers the bytes to the
 *   same bearer token only.
 *
 * Errors use Graph's envelope `{ error: { message, type, code, error_data?, fbtrace_id } }`: a wrong bearer token is
 * 401 with code 190, an unknown phone number id 400 with code 100. `failFirst` makes the first `times` sends fail
 * with the given HTTP status and Meta error code (e.g. 400/131047 re-engagement, 429/130429 throughput, 500/131000).
 *
 * Webhook bodies are built with `cloudMessageWebhook` / `cloudStatusWebhook` and signed with `signCloudWebhook`,
 * like Meta does (`X-Hub-Signature-256: sha256=` + HMAC-SHA256 of the raw body with the app secret).
 */

import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMultipart, parseMultipart, type MultipartBody } from './multipart.ts';

export interface FakeCloudFailure {
  status: number;
  code: number;
  times: number;
  message?: string;
}

export interface FakeCloudOptions {
  accessToken: string;
  phoneNumberId: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  failFirst?: FakeCloudFailure[];
}

export interface FakeCloudUpload {
  id: string;
  bytes: Buffer;
  /** The `type` form field (Meta requires it to be the file's MIME type). */
  mimeType: string;
  fileName: string;
}

export interface FakeCloudSent {
  id: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  /** The uploaded file a media message sent by id carries. */
  upload?: FakeCloudUpload;
  at: Date;
}

export interface FakeCloud {
  url: string;
  sent: FakeCloudSent[];
  uploads: FakeCloudUpload[];
  requests: { method: string; path: string; body: unknown; headers: Record<string, string | string[] | undefined> }[];
  /** Makes the next `times` sends fail with this status and Meta error code. */
  failNext(failure: FakeCloudFailure): void;
  /** A file customers "sent": its media id then answers on the media routes. */
  addMedia(mediaId: string, file: { bytes: Buffer; mimeType: string }): void;
  close(): Promise<void>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function graphError(res: ServerResponse, status: number, code: number, message: string, type = 'OAuthException'): void {
  send(res, status, { error: { message, type, code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AbCdEfFakeTrace' } });
}

export async function startFakeWhatsAppCloud(options: FakeCloudOptions): Promise<FakeCloud> {
  const sent: FakeCloudSent[] = [];
  const uploads: FakeCloudUpload[] = [];
  const requests: FakeCloud['requests'] = [];
  const failures = (options.failFirst ?? []).map((f) => ({ ...f, left: f.times }));
  let seq = 0;
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    let form: MultipartBody | null = null;
    if (isMultipart(req.headers['content-type'])) {
      form = await parseMultipart(req.headers['content-type']!, Buffer.concat(chunks));
      body = form.fields;
    } else if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        graphError(res, 400, 100, 'Invalid JSON', 'GraphMethodException');
        return;
      }
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, body, headers: { ...req.headers } });

    if (url.pathname === '/whatsapp_business/attachments/') {
      const file = media.get(url.searchParams.get('mid') ?? '');
      if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
        graphError(res, 401, 190, 'Error validating access token: Session has expired.');
        return;
      }
      if (!file) {
        graphError(res, 404, 100, 'media not found', 'GraphMethodException');
        return;
      }
      res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.bytes.byteLength });
      res.end(file.bytes);
      return;
    }
    const match = /^\/(v\d+\.\d+)\/(\d+)(\/messages|\/media)?$/.exec(url.pathname);
    if (!match) {
      graphError(res, 400, 2500, 'Unknown path components', 'OAuthException');
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      graphError(res, 401, 190, 'Error validating access token: Session has expired.');
      return;
    }
    const [, , phoneNumberId, route] = match;
    const messages = route === '/messages' ? route : undefined;
    const file = !messages && req.method === 'GET' ? media.get(phoneNumberId!) : undefined;
    if (file) {
      send(res, 200, {
        messaging_product: 'whatsapp',
        url: `${baseUrl}/whatsapp_business/attachments/?mid=${phoneNumberId}&ext=1700000000&hash=fake`,
        mime_type: file.mimeType,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        file_size: file.bytes.byteLength,
        id: phoneNumberId,
      });
      return;
    }
    if (phoneNumberId !== options.phoneNumberId) {
      graphError(res, 400, 100, `Unsupported get request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException');
      return;
    }

    if (route === '/media') {
      const file = form?.files.file;
      if (req.method !== 'POST' || !form || form.fields.messaging_product !== 'whatsapp' || !form.fields.type || !file) {
        graphError(res, 400, 100, '(#100) The parameter messaging_product, type and file are required.', 'OAuthException');
        return;
      }
      seq += 1;
      const upload = { id: String(1_000_000_000_000 + seq), bytes: file.bytes, mimeType: form.fields.type, fileName: file.name };
      uploads.push(upload);
      send(res, 200, { id: upload.id });
      return;
    }

    if (!messages) {
      if (req.method !== 'GET') {
        graphError(res, 400, 100, 'Unsupported post request.', 'GraphMethodException');
        return;
      }
      send(res, 200, { display_phone_number: options.displayPhoneNumber ?? '+1 555-010-0000', verified_name: options.verifiedName ?? 'Parley Test', id: phoneNumberId });
      return;
    }

    if (req.method !== 'POST' || !isRec(body)) {
      graphError(res, 400, 100, 'Unsupported request.', 'GraphMethodException');
      return;
    }
    if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || typeof body.type !== 'string') {
      graphError(res, 400, 100, '(#100) The parameter messaging_product, to and type are required.', 'OAuthException');
      return;
    }
    const type = body.type;
    const part = body[type];
    const valid =
      (type === 'text' && isRec(part) && typeof part.body === 'string' && part.body.length > 0) ||
      (type === 'template' && isRec(part) && typeof part.name === 'string' && isRec(part.language)) ||
      (['image', 'video', 'audio', 'document', 'sticker'].includes(type) && isRec(part) && (typeof part.link === 'string' || (typeof part.id === 'string' && uploads.some((u) => u.id === part.id))));
    if (!valid) {
      graphError(res, 400, 131009, `(#131009) Parameter value is not valid for type ${type}`, 'OAuthException');
      return;
    }
    const failure = failures.find((f) => f.left > 0);
    if (failure) {
      failure.left--;
      graphError(res, failure.status, failure.code, failure.message ?? `(#${failure.code}) injected failure`);
      return;
    }
    seq += 1;
    const id = `wamid.HBgLFAKE${String(seq).padStart(8, '0')}${Date.now().toString(36).toUpperCase()}`;
    const upload = isRec(part) && typeof part.id === 'string' ? uploads.find((u) => u.id === part.id) : undefined;
    sent.push({ id, to: body.to, type, body, ...(upload ? { upload } : {}), at: new Date() });
    send(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }] });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) graphError(res, 500, 1, String(err), 'OAuthException');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    uploads,
    requests,
    failNext: (failure) => void failures.push({ ...failure, left: failure.times }),
    addMedia: (mediaId, file) => void media.set(mediaId, file),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}

/** `X-Hub-Signature-256` for a raw webhook body. */
export function signCloudWebhook(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

function envelope(phoneNumberId: string, value: Rec): Rec {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '880480571844883',
        changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId }, ...value }, field: 'messages' }],
      },
    ],
  };
}

/** An inbound message webhook shaped like shared/fixtures/wa_cloud_pywa_message.json (`text` case). */
export function cloudMessageWebhook(input: { phoneNumberId: string; from: string; name?: string; id: string; text?: string; timestamp: Date; message?: Rec }): Rec {
  const message = input.message ?? { type: 'text', text: { body: input.text ?? '' } };
  return envelope(input.phoneNumberId, {
    contacts: [{ profile: { name: input.name ?? 'Customer' }, wa_id: input.from }],
    messages: [{ from: input.from, id: input.id, timestamp: String(Math.floor(input.timestamp.getTime() / 1000)), ...message }],
  });
}

/** A status webhook shaped like shared/fixtures/wa_cloud_bindambc_textMessageStatus*.json. */
export function cloudStatusWebhook(input: {
  phoneNumberId: string;
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
  timestamp: Date;
  clientRef?: string;
  error?: { code: number; title: string; details?: string };
}): Rec {
  return envelope(input.phoneNumberId, {
    statuses: [
      {
        id: input.id,
        status: input.status,
        timestamp: String(Math.floor(input.timestamp.getTime() / 1000)),
        recipient_id: input.recipient,
        ...(input.clientRef ? { biz_opaque_callback_data: input.clientRef } : {}),
        ...(input.status !== 'failed'
          ? { conversation: { id: '8eb644d2350611f3746e7f0985bddfc1', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'CBP', category: 'service' } }
          : {}),
        ...(input.error
          ? { errors: [{ code: input.error.code, title: input.error.title, message: input.error.title, error_data: { details: input.error.details ?? input.error.title } }] }
          : {}),
      },
    ],
  });
}
