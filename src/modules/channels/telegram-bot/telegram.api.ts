import { ChannelError, MediaTooLargeError, type FetchedMedia } from '../channel-adapter.ts';
import { downloadBytes, isRec, providerRequest, str } from '../provider-http.ts';

/**
 * Telegram Bot API calls: `POST {base}/bot<token>/<method>` with a JSON body, answered with
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`. The token is part of the
 * URL, so errors name the method only.
 */
export interface TelegramApiOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

export class TelegramApi {
  constructor(private readonly options: TelegramApiOptions) {}

  async call<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = this.options.timeoutMs): Promise<T> {
    const what = `Telegram ${method}`;
    const response = await providerRequest(`${this.options.baseUrl.replace(/\/+$/, '')}/bot${this.options.token}/${method}`, {
      method: 'POST',
      json: params,
      timeoutMs,
      what,
    });
    const body = isRec(response.body) ? response.body : {};
    if (response.status === 200 && body.ok === true) return body.result as T;
    throw telegramError(what, response.status, body);
  }

  /**
   * A method that carries a file (`sendPhoto`, `sendDocument`, `sendVoice`, …) as `multipart/form-data`: the other
   * parameters as form fields, the file as the method's file field with its name and type.
   */
  async callMultipart<T = unknown>(method: string, params: Record<string, string | number>, file: { field: string; bytes: Buffer; mimeType: string; fileName: string | null }): Promise<T> {
    const what = `Telegram ${method}`;
    const form = new FormData();
    for (const [key, value] of Object.entries(params)) form.append(key, String(value));
    form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.fileName ?? defaultFileName(file.field, file.mimeType));
    const response = await providerRequest(`${this.options.baseUrl.replace(/\/+$/, '')}/bot${this.options.token}/${method}`, {
      method: 'POST',
      form,
      // Uploading takes longer than a JSON call.
      timeoutMs: Math.max(this.options.timeoutMs, 60_000),
      what,
    });
    const body = isRec(response.body) ? response.body : {};
    if (response.status === 200 && body.ok === true) return body.result as T;
    throw telegramError(what, response.status, body);
  }

  /**
   * An inbound file: `getFile` → `{ file_path, file_size }`, then `GET {base}/file/bot<token>/<file_path>`.
   * The Bot API serves files up to 20 MB.
   */
  async downloadFile(fileId: string, maxBytes: number): Promise<FetchedMedia> {
    const file = await this.call<Record<string, unknown>>('getFile', { file_id: fileId });
    const path = isRec(file) ? str(file.file_path) : undefined;
    if (!path) throw new ChannelError('REJECTED', 'Telegram getFile: the file is not available for download', undefined, 'media_missing');
    const size = Number(file.file_size);
    if (Number.isFinite(size) && size > maxBytes) throw new MediaTooLargeError(size, maxBytes);
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/file/bot${this.options.token}/${path.split('/').map(encodeURIComponent).join('/')}`;
    const downloaded = await downloadBytes(url, { timeoutMs: this.options.timeoutMs, maxBytes, what: 'Telegram file download' });
    const contentType = downloaded.contentType && !/octet-stream/.test(downloaded.contentType) ? downloaded.contentType : null;
    return { bytes: downloaded.bytes, mimeType: contentType, fileName: path.split('/').pop() ?? null };
  }
}

/** Bot API failures → sending rules (see ChannelErrorCode). */
export function telegramError(what: string, status: number, body: Record<string, unknown>): ChannelError {
  const code = typeof body.error_code === 'number' ? body.error_code : status;
  const description = str(body.description) ?? `HTTP ${status}`;
  const parameters = isRec(body.parameters) ? body.parameters : {};
  const text = `${what}: ${description}`;
  if (code === 429) {
    const seconds = Number(parameters.retry_after);
    return new ChannelError('RATE_LIMITED', text, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000, '429');
  }
  if (code === 401 || code === 404) return new ChannelError('AUTH_REVOKED', `${what}: Telegram rejected the bot token (${description})`, undefined, String(code));
  // Blocked by the user, kicked from the group, deactivated account.
  if (code === 403) return new ChannelError('RECIPIENT_INVALID', text, undefined, '403');
  if (code === 400 && parameters.migrate_to_chat_id !== undefined) {
    return new ChannelError('RECIPIENT_INVALID', `${text} (the group is now the supergroup ${String(parameters.migrate_to_chat_id)})`, undefined, 'migrated');
  }
  if (code === 400 && /chat not found|user not found|peer_id_invalid|chat_id is empty/i.test(description)) {
    return new ChannelError('RECIPIENT_INVALID', text, undefined, '400');
  }
  if (code === 409) return new ChannelError('REJECTED', text, undefined, '409');
  if (code >= 500) return new ChannelError('TEMPORARY', text, undefined, String(code));
  return new ChannelError('REJECTED', text, undefined, String(code));
}

/** A name Telegram shows for a file sent without one (`voice.ogg`, `photo.jpeg`). */
function defaultFileName(field: string, mimeType: string): string {
  const extension = mimeType.split('/')[1]?.replace(/^.*[.+]/, '').replace('mpeg', 'mp3') || 'bin';
  return `${field}.${extension}`;
}
