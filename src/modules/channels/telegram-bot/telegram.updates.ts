import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount, MediaInfo } from '../../../platform/db/schema.ts';
import type { InboundMessage } from '../channel-adapter.ts';
import { ingestInboundMessage } from '../inbound.service.ts';
import { isRec, str, type Rec } from '../provider-http.ts';

/** The update kinds a bot asks for (webhook `allowed_updates` and `getUpdates`). */
export const TELEGRAM_ALLOWED_UPDATES = ['message'];

function mediaOf(message: Rec): MediaInfo | null {
  const caption = str(message.caption) ?? null;
  if (Array.isArray(message.photo) && message.photo.length > 0) return { type: 'image', caption, omitted: true };
  const file = (key: string) => (isRec(message[key]) ? (message[key] as Rec) : null);
  const document = file('document');
  if (document) return { type: 'document', mimeType: str(document.mime_type) ?? null, fileName: str(document.file_name) ?? null, caption, omitted: true };
  const video = file('video') ?? file('video_note') ?? file('animation');
  if (video) return { type: 'video', mimeType: str(video.mime_type) ?? null, caption, omitted: true };
  const voice = file('voice');
  if (voice) return { type: 'voice', mimeType: str(voice.mime_type) ?? null, omitted: true };
  const audio = file('audio');
  if (audio) return { type: 'audio', mimeType: str(audio.mime_type) ?? null, fileName: str(audio.file_name) ?? null, caption, omitted: true };
  if (file('sticker')) return { type: 'sticker', omitted: true };
  if (file('contact')) return { type: 'contact', omitted: true };
  if (file('location') || file('venue')) return { type: 'location', omitted: true };
  return null;
}

function mediaText(message: Rec, media: MediaInfo): string {
  if (media.type === 'contact' && isRec(message.contact)) {
    return [str(message.contact.first_name), str(message.contact.last_name), str(message.contact.phone_number)].filter(Boolean).join(' ');
  }
  if (media.type === 'location') {
    const venue = isRec(message.venue) ? message.venue : null;
    const location = isRec(message.location) ? message.location : venue && isRec(venue.location) ? venue.location : {};
    return (venue ? [str(venue.title), str(venue.address)].filter(Boolean).join(', ') : '') || `${location.latitude},${location.longitude}`;
  }
  return media.caption ?? '';
}

/** The file_id of a message's file (the largest size of a photo), for `getFile`. */
function fileIdOf(message: Rec, media: MediaInfo): string | null {
  if (media.type === 'image' && Array.isArray(message.photo)) {
    const sizes = message.photo.filter(isRec);
    const largest = sizes.reduce<Rec | null>((best, size) => (!best || Number(size.width ?? 0) * Number(size.height ?? 0) >= Number(best.width ?? 0) * Number(best.height ?? 0) ? size : best), null);
    return largest ? (str(largest.file_id) ?? null) : null;
  }
  for (const key of ['document', 'video', 'video_note', 'animation', 'voice', 'audio', 'sticker']) {
    const part = message[key];
    if (isRec(part) && str(part.file_id)) return str(part.file_id)!;
  }
  return null;
}

/**
 * A Bot API `Update` → an inbound message, or null for what the inbox does not show (service messages,
 * channel posts without an author, edits).
 */
export function inboundFromUpdate(update: unknown): InboundMessage | null {
  if (!isRec(update) || !isRec(update.message)) return null;
  const message = update.message;
  const chat = isRec(message.chat) ? message.chat : null;
  const from = isRec(message.from) ? message.from : null;
  if (!chat || !from || typeof message.message_id !== 'number' || chat.id === undefined) return null;
  const media = mediaOf(message);
  const text = str(message.text) ?? (media ? mediaText(message, media) : undefined);
  if (text === undefined) return null;
  const name = [str(from.first_name), str(from.last_name)].filter(Boolean).join(' ') || null;
  const isGroup = chat.type !== 'private';
  return {
    externalChatId: String(chat.id),
    externalMessageId: String(message.message_id),
    from: { telegramId: String(from.id), telegramUsername: str(from.username) ?? null, name },
    text,
    media,
    mediaSource: media && (() => {
      const fileId = fileIdOf(message, media);
      return fileId ? { fileId } : null;
    })(),
    sentAt: typeof message.date === 'number' && message.date > 0 ? new Date(message.date * 1000) : new Date(),
    isGroup,
    chatTitle: isGroup ? (str(chat.title) ?? null) : null,
  };
}

export async function ingestTelegramUpdate(db: Db, account: ChannelAccount, update: unknown): Promise<'stored' | 'duplicate' | 'ignored'> {
  const inbound = inboundFromUpdate(update);
  if (!inbound) return 'ignored';
  const result = await ingestInboundMessage(db, account, inbound);
  return result.isDuplicate ? 'duplicate' : 'stored';
}
