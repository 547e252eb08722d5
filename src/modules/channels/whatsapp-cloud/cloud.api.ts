import type { MediaInfo } from '../../../platform/db/schema.ts';
import { ChannelError, MediaTooLargeError, type FetchedMedia, type MessageTemplate, type OutboundFile, type SentMessage } from '../channel-adapter.ts';
import { downloadBytes, isRec, providerRequest, retryAfterMs, str, type ProviderResponse } from '../provider-http.ts';

/** The Graph API calls Parley makes for one WhatsApp Cloud API phone number. */
export interface CloudApiOptions {
  /** `https://graph.facebook.com` (configurable so tests use a local fake). */
  graphUrl: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs: number;
}

/** Meta error codes → sending rules. Codes not listed fall back on the HTTP status. */
const AUTH_CODES = new Set([0, 10, 102, 190, 368, 131005, 131031, 133010]);
const RECIPIENT_CODES = new Set([131021, 131026, 131050]);
const TEMPORARY_CODES = new Set([1, 2, 131000, 131016, 133004]);
/** Rate limits with the wait Meta's documentation suggests for each. */
const RATE_LIMIT_WAIT_MS = new Map<number, number>([
  [4, 15 * 60_000],
  [80007, 15 * 60_000],
  [130429, 60_000],
  [131048, 60 * 60_000],
  [131056, 10_000],
]);
/** Re-engagement: more than 24 hours since the customer last wrote. */
export const WINDOW_CLOSED_CODE = 131047;

export const WINDOW_CLOSED_MESSAGE =
  'outside the 24-hour customer-service window: WhatsApp only allows an approved template until the customer writes again — send a template';

export interface GraphError {
  code: number | null;
  message: string;
}

export function graphErrorOf(body: unknown): GraphError | null {
  const error = isRec(body) && isRec(body.error) ? body.error : null;
  if (!error) return null;
  const details = isRec(error.error_data) ? str(error.error_data.details) : undefined;
  const message = [str(error.message), details].filter(Boolean).join(' — ') || 'unknown error';
  return { code: typeof error.code === 'number' ? error.code : Number(error.code) || null, message: message.slice(0, 300) };
}

/** A Cloud API error (synchronous answer or a failed status) as a ChannelError. */
export function cloudError(status: number, error: GraphError | null, headers?: Headers): ChannelError {
  const code = error?.code ?? null;
  const text = `WhatsApp Cloud API error ${code ?? status}: ${error?.message ?? `HTTP ${status}`}`;
  const reason = String(code ?? status);
  if (code === WINDOW_CLOSED_CODE) return new ChannelError('REJECTED', `window_closed: ${WINDOW_CLOSED_MESSAGE}`, undefined, 'window_closed');
  if (code !== null && RATE_LIMIT_WAIT_MS.has(code)) return new ChannelError('RATE_LIMITED', text, RATE_LIMIT_WAIT_MS.get(code), reason);
  if (code !== null && (AUTH_CODES.has(code) || (code >= 200 && code <= 299))) return new ChannelError('AUTH_REVOKED', text, undefined, reason);
  if (code !== null && RECIPIENT_CODES.has(code)) return new ChannelError('RECIPIENT_INVALID', text, undefined, reason);
  if (code !== null && TEMPORARY_CODES.has(code)) return new ChannelError('TEMPORARY', text, undefined, reason);
  if (status === 429) return new ChannelError('RATE_LIMITED', text, retryAfterMs(headers?.get('retry-after') ?? null, Date.now()) ?? 60_000, reason);
  if (status === 401) return new ChannelError('AUTH_REVOKED', text, undefined, reason);
  if (status >= 500) return new ChannelError('TEMPORARY', text, undefined, reason);
  return new ChannelError('REJECTED', text, undefined, reason);
}

const MEDIA_TYPES: Partial<Record<MediaInfo['type'], 'image' | 'video' | 'audio' | 'document' | 'sticker'>> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  voice: 'audio',
  document: 'document',
  other: 'document',
  sticker: 'sticker',
};

export class CloudApi {
  constructor(private readonly options: CloudApiOptions) {}

  private url(path: string): string {
    return `${this.options.graphUrl.replace(/\/+$/, '')}/${this.options.version}/${path}`;
  }

  private call(method: 'GET' | 'POST', path: string, what: string, json?: unknown, form?: FormData): Promise<ProviderResponse> {
    return providerRequest(this.url(path), {
      method,
      headers: { authorization: `Bearer ${this.options.accessToken}` },
      json,
      form,
      timeoutMs: this.options.timeoutMs,
      what,
    });
  }

  /**
   * `POST /{version}/{phone-number-id}/media` (multipart: `messaging_product=whatsapp`, `type`, `file`) → `{ id }`:
   * the file is kept by Meta for 30 days and sent by that id. Nothing reaches the client yet, so a failure is
   * safe to retry.
   */
  async uploadMedia(file: OutboundFile): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.mimeType);
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.fileName ?? 'file');
    const response = await this.call('POST', `${encodeURIComponent(this.options.phoneNumberId)}/media`, 'WhatsApp Cloud media upload', undefined, form);
    if (response.status < 200 || response.status >= 300) {
      const error = cloudError(response.status, graphErrorOf(response.body), response.headers);
      throw error.code === 'REJECTED' ? error : new ChannelError(error.code === 'AUTH_REVOKED' ? 'AUTH_REVOKED' : error.code === 'RATE_LIMITED' ? 'RATE_LIMITED' : 'TEMPORARY', error.message, error.retryAfterMs, error.reason);
    }
    const id = isRec(response.body) ? str(response.body.id) : undefined;
    if (!id) throw new ChannelError('TEMPORARY', 'WhatsApp Cloud media upload: no media id in the answer', undefined, 'media_upload');
    return id;
  }

  /**
   * An inbound file: `GET /{version}/{media-id}` → `{ url, mime_type, file_size, … }`, then `GET url` with the
   * same bearer token (the URL is valid for a few minutes, so both happen in one job run).
   */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<FetchedMedia> {
    const response = await this.call('GET', `${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(this.options.phoneNumberId)}`, 'WhatsApp Cloud media');
    if (response.status !== 200) throw cloudError(response.status, graphErrorOf(response.body), response.headers);
    const body = isRec(response.body) ? response.body : {};
    const url = str(body.url);
    if (!url) throw new ChannelError('REJECTED', 'WhatsApp Cloud media: no download URL in the answer', undefined, 'media_missing');
    const size = Number(body.file_size);
    if (Number.isFinite(size) && size > maxBytes) throw new MediaTooLargeError(size, maxBytes);
    const file = await downloadBytes(url, { headers: { authorization: `Bearer ${this.options.accessToken}` }, timeoutMs: this.options.timeoutMs, maxBytes, what: 'WhatsApp Cloud media download' });
    return { bytes: file.bytes, mimeType: str(body.mime_type) ?? file.contentType, fileName: null };
  }

  /** The phone number's profile; checks the token and the id at once. */
  async phoneNumber(): Promise<{ displayPhoneNumber: string | null; verifiedName: string | null }> {
    const response = await this.call('GET', `${encodeURIComponent(this.options.phoneNumberId)}?fields=display_phone_number,verified_name`, 'WhatsApp Cloud phone number');
    if (response.status !== 200) throw cloudError(response.status, graphErrorOf(response.body), response.headers);
    const body = isRec(response.body) ? response.body : {};
    return { displayPhoneNumber: str(body.display_phone_number) ?? null, verifiedName: str(body.verified_name) ?? null };
  }

  /**
   * `POST /{version}/{phone-number-id}/messages`. Our message id travels as `biz_opaque_callback_data`, which
   * Meta echoes in every status webhook of the message, so a send whose answer was lost can still be matched.
   */
  async send(to: string, content: { text: string; media?: MediaInfo | null; file?: OutboundFile | null; template?: MessageTemplate | null }, clientRef: string, now: Date): Promise<SentMessage> {
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to, biz_opaque_callback_data: clientRef };
    let payload: Record<string, unknown>;
    if (content.template) {
      payload = {
        ...base,
        type: 'template',
        template: { name: content.template.name, language: { code: content.template.language }, ...(content.template.components ? { components: content.template.components } : {}) },
      };
    } else if (content.media) {
      const type = MEDIA_TYPES[content.media.type];
      if (!type) throw new ChannelError('REJECTED', `${content.media.type} messages cannot be sent as media through the Cloud API`, undefined, 'media_unsupported');
      if (!content.media.url && !content.file) throw new ChannelError('REJECTED', 'the media has no URL to send from', undefined, 'media_url_missing');
      // A stored file is uploaded first and sent by its media id; a link is fetched by Meta itself.
      const source = content.file ? { id: await this.uploadMedia(content.file) } : { link: content.media.url };
      const caption = content.media.caption ?? content.text;
      const fileName = content.file?.fileName ?? content.media.fileName;
      payload = {
        ...base,
        type,
        [type]: {
          ...source,
          ...(caption && type !== 'audio' && type !== 'sticker' ? { caption } : {}),
          ...(type === 'document' && fileName ? { filename: fileName } : {}),
        },
      };
    } else {
      payload = { ...base, type: 'text', text: { body: content.text, preview_url: false } };
    }
    const response = await this.call('POST', `${encodeURIComponent(this.options.phoneNumberId)}/messages`, 'WhatsApp Cloud send', payload);
    if (response.status < 200 || response.status >= 300) throw cloudError(response.status, graphErrorOf(response.body), response.headers);
    const messages = isRec(response.body) && Array.isArray(response.body.messages) ? response.body.messages : [];
    const id = isRec(messages[0]) ? str(messages[0].id) : undefined;
    // Accepted without an id: it may be out, so the outcome is unknown rather than retryable.
    if (!id) throw new Error('WhatsApp Cloud send: accepted without a message id');
    return { externalId: id, sentAt: now };
  }
}
