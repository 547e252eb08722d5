import type { MediaInfo } from '../../../platform/db/schema.ts';
import { ChannelError, MediaTooLargeError, type FetchedMedia, type OutboundFile, type SentMessage } from '../channel-adapter.ts';

/** A file name's extension for a MIME type, for documents sent without a name. */
function extensionOf(mimeType: string): string {
  return mimeType.split('/')[1]?.replace(/^.*[.+]/, '').slice(0, 8) || 'bin';
}
import { isRec, providerRequest, retryAfterMs, str, type ProviderResponse } from '../provider-http.ts';

/**
 * The calls Parley makes to an Evolution API v2 gateway for one instance (routes: shared/fixtures/ROUTES.md).
 * Every call carries the `apikey` header; every route but `instance/create` ends with the instance name.
 */
export interface EvolutionGatewayOptions {
  baseUrl: string;
  apiKey: string;
  instance: string;
  timeoutMs: number;
}

export interface EvolutionQr {
  /** A data: URL of the QR image, ready for an <img>. */
  base64: string | null;
  /** The raw QR payload, for clients that draw the code themselves. */
  code: string | null;
  /** Pairing code, when the gateway offers phone-number pairing. */
  pairingCode: string | null;
}

export type EvolutionConnection = { state: string; qr: EvolutionQr | null };

/** The events Parley subscribes the instance's webhook to. */
export const EVOLUTION_WEBHOOK_EVENTS = ['MESSAGES_UPSERT', 'MESSAGES_UPDATE', 'CONNECTION_UPDATE', 'CONTACTS_UPSERT', 'CONTACTS_UPDATE', 'QRCODE_UPDATED'];

const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/** Upstream error envelope: `{ status, error, response: { message: string | (string | object)[] } }`. */
function messagesOf(body: unknown): unknown[] {
  const message = isRec(body) ? (isRec(body.response) ? body.response.message : (body.message ?? body.error)) : undefined;
  if (Array.isArray(message)) return message;
  return message === undefined || message === null ? [] : [message];
}

function describe(body: unknown): string {
  return messagesOf(body)
    .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
    .join('; ')
    .slice(0, 300);
}

/** The gateway says the number has no WhatsApp account: `[{ jid, exists: false, number }]`. */
function isNotOnWhatsApp(body: unknown): boolean {
  return messagesOf(body).some((m) => isRec(m) && m.exists === false);
}

function isConnectionClosed(body: unknown): boolean {
  return /connection closed|not connected|logged ?out/i.test(describe(body));
}

function qrOf(value: unknown): EvolutionQr | null {
  if (!isRec(value)) return null;
  const base64 = str(value.base64) ?? null;
  const code = str(value.code) ?? null;
  const pairingCode = str(value.pairingCode) ?? null;
  if (!base64 && !code && !pairingCode) return null;
  return { base64: base64 && !base64.startsWith('data:') ? `data:image/png;base64,${base64}` : base64, code, pairingCode };
}

function stateOf(body: unknown): string | undefined {
  if (!isRec(body)) return undefined;
  if (isRec(body.instance)) return str(body.instance.state) ?? str(body.instance.status);
  return str(body.state);
}

export class EvolutionGateway {
  private readonly baseUrl: string;

  constructor(private readonly options: EvolutionGatewayOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get instance(): string {
    return this.options.instance;
  }

  /** Creates the instance (Baileys), subscribes its webhook when Parley has a public URL, and returns the first QR code. */
  async createInstance(webhookUrl: string | null): Promise<EvolutionConnection> {
    const response = await this.call('POST', '/instance/create', 'Evolution instance/create', {
      instanceName: this.instance,
      integration: 'WHATSAPP-BAILEYS',
      qrcode: true,
      ...(webhookUrl ? { webhook: { enabled: true, url: webhookUrl, byEvents: false, base64: false, events: EVOLUTION_WEBHOOK_EVENTS } } : {}),
    });
    if (response.status === 403 || response.status === 409) {
      throw new ChannelError('REJECTED', `an instance named "${this.instance}" already exists on the gateway`, undefined, 'instance_exists');
    }
    this.assertOk(response, 'Evolution instance/create');
    const body = response.body;
    return { state: stateOf(body) ?? 'connecting', qr: qrOf(isRec(body) ? body.qrcode : null) };
  }

  async setWebhook(url: string): Promise<void> {
    const response = await this.call('POST', this.route('/webhook/set'), 'Evolution webhook/set', {
      webhook: { enabled: true, url, byEvents: false, base64: false, events: EVOLUTION_WEBHOOK_EVENTS },
    });
    this.assertOk(response, 'Evolution webhook/set');
  }

  /**
   * Turns the instance's webhook off (`enabled: false`), so a deleted account's gateway stops posting to Parley.
   * The instance and its WhatsApp session stay: they belong to whoever runs the gateway.
   */
  async disableWebhook(url: string | null): Promise<void> {
    const response = await this.call('POST', this.route('/webhook/set'), 'Evolution webhook/set', {
      webhook: { enabled: false, url: url ?? 'https://invalid.invalid/', byEvents: false, base64: false, events: EVOLUTION_WEBHOOK_EVENTS },
    });
    this.assertOk(response, 'Evolution webhook/set');
  }

  /** Starts (or continues) pairing: a QR code while connecting, none once the session is open. */
  async connect(): Promise<EvolutionConnection> {
    const response = await this.call('GET', this.route('/instance/connect'), 'Evolution instance/connect');
    this.assertOk(response, 'Evolution instance/connect');
    const qr = qrOf(response.body);
    return { state: qr ? 'connecting' : (stateOf(response.body) ?? 'connecting'), qr };
  }

  async connectionState(): Promise<string> {
    const response = await this.call('GET', this.route('/instance/connectionState'), 'Evolution instance/connectionState');
    this.assertOk(response, 'Evolution instance/connectionState');
    const state = stateOf(response.body);
    if (!state) throw new Error('Evolution instance/connectionState: no state in the answer');
    return state;
  }

  async sendText(number: string, text: string, now: Date): Promise<SentMessage> {
    const response = await this.call('POST', this.route('/message/sendText'), 'Evolution sendText', { number, text });
    return this.sentFrom(response, 'Evolution sendText', now);
  }

  /**
   * `sendMedia` takes the file as a URL the gateway downloads or as base64 (`media`); a stored file (`file`)
   * travels as base64, so the gateway never needs to reach Parley.
   */
  async sendMedia(number: string, media: MediaInfo, caption: string, now: Date, file?: OutboundFile | null): Promise<SentMessage> {
    if (!media.url && !file) throw new ChannelError('REJECTED', 'the media has no URL to send from', undefined, 'media_url_missing');
    const mediatype = media.type === 'image' || media.type === 'sticker' ? 'image' : media.type === 'video' ? 'video' : media.type === 'audio' || media.type === 'voice' ? 'audio' : media.type === 'document' || media.type === 'other' ? 'document' : null;
    if (!mediatype) throw new ChannelError('REJECTED', `${media.type} messages cannot be sent through Evolution's sendMedia`, undefined, 'media_unsupported');
    const mimetype = file?.mimeType ?? media.mimeType;
    const fileName = file?.fileName ?? media.fileName ?? (file && mediatype === 'document' ? `file.${extensionOf(file.mimeType)}` : null);
    const response = await this.call('POST', this.route('/message/sendMedia'), 'Evolution sendMedia', {
      number,
      mediatype,
      media: file ? file.bytes.toString('base64') : media.url,
      ...(mimetype ? { mimetype } : {}),
      ...(fileName ? { fileName } : {}),
      ...(caption ? { caption } : {}),
    });
    return this.sentFrom(response, 'Evolution sendMedia', now);
  }

  /**
   * `POST /message/sendWhatsAppAudio/{instance}` `{ number, audio }`: a voice note (push-to-talk), the audio as a
   * URL or base64; the gateway converts it to OGG/Opus for WhatsApp.
   */
  async sendVoiceNote(number: string, file: OutboundFile, now: Date): Promise<SentMessage> {
    const response = await this.call('POST', this.route('/message/sendWhatsAppAudio'), 'Evolution sendWhatsAppAudio', { number, audio: file.bytes.toString('base64') });
    return this.sentFrom(response, 'Evolution sendWhatsAppAudio', now);
  }

  /**
   * `POST /chat/getBase64FromMediaMessage/{instance}` `{ message: { key }, convertToMp4: false }`: the gateway
   * downloads and decrypts the file from WhatsApp and answers `{ mediaType, fileName, mimetype, base64, … }`.
   */
  async mediaOfMessage(key: { id: string; remoteJid: string; fromMe: boolean; participant?: string | null }, maxBytes: number): Promise<FetchedMedia> {
    const response = await this.call('POST', this.route('/chat/getBase64FromMediaMessage'), 'Evolution getBase64FromMediaMessage', {
      message: { key: { id: key.id, remoteJid: key.remoteJid, fromMe: key.fromMe, ...(key.participant ? { participant: key.participant } : {}) } },
      convertToMp4: false,
    });
    this.assertOk(response, 'Evolution getBase64FromMediaMessage');
    const body = isRec(response.body) ? response.body : {};
    const base64 = str(body.base64);
    if (!base64) throw new ChannelError('REJECTED', 'Evolution getBase64FromMediaMessage: no file in the answer', undefined, 'media_missing');
    const data = base64.replace(/^data:[^,]*,/, '');
    const approximate = Math.floor((data.length * 3) / 4);
    if (approximate > maxBytes + 2) throw new MediaTooLargeError(approximate, maxBytes);
    return { bytes: Buffer.from(data, 'base64'), mimeType: str(body.mimetype) ?? null, fileName: str(body.fileName) ?? null };
  }

  private route(prefix: string): string {
    return `${prefix}/${encodeURIComponent(this.instance)}`;
  }

  private call(method: 'GET' | 'POST', path: string, what: string, json?: unknown): Promise<ProviderResponse> {
    return providerRequest(this.baseUrl + path, { method, headers: { apikey: this.options.apiKey }, json, timeoutMs: this.options.timeoutMs, what });
  }

  private sentFrom(response: ProviderResponse, what: string, now: Date): SentMessage {
    this.assertOk(response, what);
    const key = isRec(response.body) && isRec(response.body.key) ? response.body.key : undefined;
    const id = key ? str(key.id) : undefined;
    // Accepted but unreadable: the message may well be out, so this is "outcome unknown", not a retry.
    if (!id) throw new Error(`${what}: the gateway accepted the request but sent no message id`);
    const seconds = isRec(response.body) ? Number(response.body.messageTimestamp) : NaN;
    return { externalId: id, sentAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now };
  }

  /** Maps a non-2xx answer to the sending rules (see ChannelErrorCode). */
  private assertOk(response: ProviderResponse, what: string): void {
    const { status, body } = response;
    if (status >= 200 && status < 300) return;
    const detail = describe(body);
    const message = `${what}: HTTP ${status}${detail ? ` — ${detail}` : ''}`;
    if (isNotOnWhatsApp(body)) throw new ChannelError('RECIPIENT_INVALID', `the number is not on WhatsApp (${what})`, undefined, 'not_on_whatsapp');
    if (status === 401 || status === 403) throw new ChannelError('AUTH_REVOKED', `${what}: the gateway rejected the API key`, undefined, String(status));
    if (status === 404) throw new ChannelError('AUTH_REVOKED', `${what}: instance "${this.instance}" does not exist on the gateway`, undefined, 'instance_missing');
    if (status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      throw new ChannelError('RATE_LIMITED', message, wait, '429');
    }
    // The gateway lost its WhatsApp connection before sending: nothing went out.
    if (status >= 500 || isConnectionClosed(body)) throw new ChannelError('TEMPORARY', message, undefined, isConnectionClosed(body) ? 'connection_closed' : String(status));
    throw new ChannelError('REJECTED', message, undefined, String(status));
  }
}
