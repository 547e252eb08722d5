/**
 * Evolution API (Baileys-style) records → Parley shapes.
 *
 * Message records look like the `messages.upsert` webhook `data`:
 * `{ key: { remoteJid, fromMe, id, participant? }, pushName, message: {...}, messageType, messageTimestamp }`.
 * Normalisation never throws: anything unusable (no id / jid / time, reactions, protocol messages) gives null.
 */

/** The media kinds of a WhatsApp message (the same names as the chat-export importer's). */
export type EvolutionMediaType = 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker' | 'contact' | 'location' | 'other';

export interface EvolutionContact {
  remoteJid: string;
  pushName: string | null;
  profilePicUrl?: string;
  /** Digits of a `<digits>@s.whatsapp.net` JID; null for groups, `@lid` and other ids. */
  phone: string | null;
  isGroup: boolean;
}

export interface EvolutionChat {
  remoteJid: string;
  name?: string;
  isGroup: boolean;
  phone: string | null;
  lastMessageAt?: Date;
}

export interface EvolutionMedia {
  type: EvolutionMediaType;
  mimeType?: string;
  fileName?: string;
  caption?: string;
  /** The pull client never downloads media: only its description is kept. */
  omitted: true;
}

export interface EvolutionMessage {
  /** `key.id` (WhatsApp message id). */
  id: string;
  /** `key.remoteJid` as stored (groups `@g.us`, people `@s.whatsapp.net`, newer ids `@lid` kept as-is). */
  remoteJid: string;
  fromMe: boolean;
  /** Group author (`key.participant` or the record's `participant`); null in 1:1 chats. */
  participant: string | null;
  pushName: string | null;
  timestamp: Date;
  /** Conversation text or media caption; '' when there is none. */
  text: string;
  kind: 'text' | 'media' | 'system';
  media?: EvolutionMedia;
  /** Upstream message type (`messageType` field or the content key), for diagnostics. */
  messageType: string | null;
}

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// JIDs

export function isGroupJid(jid: string): boolean {
  return jid.endsWith('@g.us');
}

/** `5511999999999@s.whatsapp.net` (optionally with a `:device` suffix) → `5511999999999`; anything else → null. */
export function phoneFromJid(jid: string): string | null {
  const m = /^(\d{5,20})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? m[1]! : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Timestamps

/**
 * `messageTimestamp` in seconds: a number, a numeric string, or a protobuf Long `{ low, high, unsigned? }`.
 * Values that are clearly milliseconds (> 1e11, i.e. after year 5138 in seconds) are taken as milliseconds.
 */
export function parseEvolutionTimestamp(v: unknown): Date | null {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v)) n = Number(v);
  else if (typeof v === 'bigint') n = Number(v);
  else if (isRec(v) && typeof v.low === 'number' && typeof v.high === 'number') {
    n = v.high * 2 ** 32 + (v.low >>> 0);
  } else if (typeof v === 'string') {
    const t = Date.parse(v); // ISO strings (chat updatedAt etc.)
    return Number.isNaN(t) ? null : new Date(t);
  }
  if (n === undefined || !Number.isFinite(n) || n <= 0) return null;
  const ms = n > 1e11 ? n : n * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** Content keys that are not chat messages: the record is dropped. */
const NOT_CHAT = new Set([
  'protocolMessage', // revoke / edit / ephemeral settings / history sync notifications
  'reactionMessage',
  'encReactionMessage',
  'pollUpdateMessage',
  'senderKeyDistributionMessage',
  'keepInChatMessage',
  'pinInChatMessage',
  'messageContextInfo',
]);

/** Wrappers whose `.message` holds the real content. */
const WRAPPERS = [
  'ephemeralMessage',
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'deviceSentMessage',
  'editedMessage',
] as const;

const MEDIA_KEYS: Record<string, EvolutionMediaType> = {
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
  locationMessage: 'location',
  liveLocationMessage: 'location',
};

function unwrap(message: Rec): Rec {
  let m = message;
  for (let depth = 0; depth < 5; depth++) {
    const w = WRAPPERS.find((k) => isRec(m[k]) && isRec((m[k] as Rec).message));
    if (!w) return m;
    m = (m[w] as Rec).message as Rec;
  }
  return m;
}

/** Content keys present in a message object (ignores `messageContextInfo` and empty values). */
function contentKeys(m: Rec): string[] {
  return Object.keys(m).filter((k) => k !== 'messageContextInfo' && m[k] !== null && m[k] !== undefined);
}

function pollText(p: Rec): string {
  const name = str(p.name) ?? '';
  const opts = Array.isArray(p.options) ? p.options.map((o) => (isRec(o) ? str(o.optionName) : undefined)).filter(Boolean) : [];
  return [name, ...opts.map((o) => `- ${o}`)].join('\n');
}

function interactiveText(m: Rec): string | undefined {
  const b = m.buttonsResponseMessage;
  if (isRec(b)) return str(b.selectedDisplayText) ?? str(b.selectedButtonId);
  const l = m.listResponseMessage;
  if (isRec(l)) return str(l.title) ?? (isRec(l.singleSelectReply) ? str(l.singleSelectReply.selectedRowId) : undefined);
  const t = m.templateButtonReplyMessage;
  if (isRec(t)) return str(t.selectedDisplayText) ?? str(t.selectedId);
  for (const k of ['pollCreationMessage', 'pollCreationMessageV2', 'pollCreationMessageV3']) {
    const p = m[k];
    if (isRec(p)) return pollText(p);
  }
  return undefined;
}

function describeMedia(key: string, body: Rec): { media: EvolutionMedia; text: string } {
  let type = MEDIA_KEYS[key] ?? 'other';
  if (key === 'audioMessage' && body.ptt === true) type = 'voice';
  const media: EvolutionMedia = { type, omitted: true };
  const mimeType = str(body.mimetype) ?? str(body.mimeType);
  if (mimeType) media.mimeType = mimeType;
  const fileName = str(body.fileName) ?? str(body.title);
  if (fileName && (type === 'document' || type === 'audio')) media.fileName = fileName;
  const caption = str(body.caption);
  if (caption) media.caption = caption;

  let text = caption ?? '';
  if (type === 'contact') text = str(body.displayName) ?? '';
  else if (type === 'location') {
    text = [str(body.name), str(body.address)].filter(Boolean).join(', ');
    if (!text && typeof body.degreesLatitude === 'number' && typeof body.degreesLongitude === 'number') {
      text = `${body.degreesLatitude},${body.degreesLongitude}`;
    }
  }
  return { media, text };
}

/**
 * One Evolution message record (REST `findMessages` record or webhook `messages.upsert` data) → EvolutionMessage,
 * or null when the record is not a chat message (reaction, protocol message, …) or lacks id / remoteJid / time.
 */
export function normalizeEvolutionMessage(record: unknown): EvolutionMessage | null {
  if (!isRec(record) || !isRec(record.key)) return null;
  const key = record.key;
  const id = str(key.id);
  const remoteJid = str(key.remoteJid);
  const timestamp = parseEvolutionTimestamp(record.messageTimestamp);
  if (!id || !remoteJid || !timestamp) return null;

  const messageType = str(record.messageType) ?? null;
  if (messageType && NOT_CHAT.has(messageType)) return null;

  const base = {
    id,
    remoteJid,
    fromMe: key.fromMe === true || key.fromMe === 'true',
    participant: str(key.participant) ?? str(record.participant) ?? null,
    pushName: str(record.pushName) ?? null,
    timestamp,
    messageType,
  };

  if (!isRec(record.message)) {
    // Group notifications (member added, subject changed, …) have no content, only WhatsApp's
    // notification type code (the `messageStubType` field) and its parameters.
    const notificationType = record.messageStubType;
    if (notificationType !== undefined && notificationType !== null) {
      const params = Array.isArray(record.messageStubParameters) ? record.messageStubParameters.filter((p) => typeof p === 'string') : [];
      return { ...base, kind: 'system', text: [String(notificationType), ...params].join(' ') };
    }
    return null;
  }

  const m = unwrap(record.message);
  const keys = contentKeys(m);
  if (keys.length === 0) return null;
  if (keys.every((k) => NOT_CHAT.has(k))) return null;

  const conversation = str(m.conversation);
  if (conversation !== undefined) return { ...base, kind: 'text', text: conversation };
  const ext = m.extendedTextMessage;
  if (isRec(ext) && typeof ext.text === 'string') return { ...base, kind: 'text', text: ext.text };

  for (const k of keys) {
    const body = m[k];
    if (k in MEDIA_KEYS && isRec(body)) {
      const { media, text } = describeMedia(k, body);
      return { ...base, kind: 'media', text, media };
    }
  }

  const interactive = interactiveText(m);
  if (interactive !== undefined) return { ...base, kind: 'text', text: interactive };

  const callLog = m.call ?? m.callLogMesssage ?? m.callLogMessage;
  if (callLog !== undefined) return { ...base, kind: 'system', text: 'call' };

  // Content we do not understand: keep it visible rather than silently dropping it.
  const first = keys.find((k) => !NOT_CHAT.has(k)) ?? 'unknown';
  return { ...base, kind: 'media', text: '', media: { type: 'other', omitted: true }, messageType: messageType ?? first };
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts and chats

/** v2 `{ remoteJid, pushName, profilePicUrl }`; v1 `{ id, pushName, profilePictureUrl }`. */
export function normalizeEvolutionContact(record: unknown): EvolutionContact | null {
  if (!isRec(record)) return null;
  const remoteJid = str(record.remoteJid) ?? str(record.id);
  if (!remoteJid || !remoteJid.includes('@')) return null;
  const contact: EvolutionContact = {
    remoteJid,
    pushName: str(record.pushName) ?? str(record.name) ?? null,
    phone: phoneFromJid(remoteJid),
    isGroup: isGroupJid(remoteJid),
  };
  const pic = str(record.profilePicUrl) ?? str(record.profilePictureUrl);
  if (pic) contact.profilePicUrl = pic;
  return contact;
}

/** v2 findChats row `{ id, remoteJid, name, pushName, updatedAt, lastMessage? }` (v1: `{ id: jid }`). */
export function normalizeEvolutionChat(record: unknown): EvolutionChat | null {
  if (!isRec(record)) return null;
  const remoteJid = str(record.remoteJid) ?? (str(record.id)?.includes('@') ? str(record.id) : undefined);
  if (!remoteJid) return null;
  const chat: EvolutionChat = { remoteJid, isGroup: isGroupJid(remoteJid), phone: phoneFromJid(remoteJid) };
  const name = str(record.name) ?? str(record.subject) ?? str(record.pushName);
  if (name) chat.name = name;
  const last = isRec(record.lastMessage) ? parseEvolutionTimestamp(record.lastMessage.messageTimestamp) : null;
  if (last) chat.lastMessageAt = last;
  return chat;
}
