import { TelegramExportError } from './errors.ts';
import { jsonErrorPosition } from './json-position.ts';
import type {
  TelegramChat,
  TelegramChatProblem,
  TelegramContact,
  TelegramExport,
  TelegramMedia,
  TelegramMediaType,
  TelegramMessage,
  TelegramOwner,
} from './types.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const nonEmpty = (v: unknown): string | null => {
  const s = str(v)?.trim();
  return s ? s : null;
};

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/**
 * JSON.parse with a TelegramExportError naming the position. `source` names the input in the message.
 * A leading BOM is ignored; an HTML export gets a hint to re-export as JSON.
 */
export function parseJsonText(text: string, source = 'input'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new TelegramExportError(`${source}: empty file, expected Telegram Desktop's result.json`);
  if (/^\s*</.test(body)) {
    throw new TelegramExportError(
      `${source}: this looks like an HTML export (messages.html); re-export from Telegram Desktop with format "Machine-readable JSON"`,
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const m = /position (\d+)/.exec(message);
    const position = m?.[1] !== undefined ? Number(m[1]) : jsonErrorPosition(body);
    const where = position === null ? '' : (() => {
      const { line, column } = lineColumn(body, position);
      return ` at line ${line}, column ${column} (position ${position})`;
    })();
    throw new TelegramExportError(`${source}: invalid JSON${where}: ${message}`);
  }
}

/** Rich text: a string, or an array of strings and `{ type, text }` entities (bold, link, mention, …). */
export function flattenText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return null;
  let out = '';
  for (const part of value) {
    if (typeof part === 'string') out += part;
    else if (isObject(part) && typeof part.text === 'string') out += part.text;
    else return null;
  }
  return out;
}

/**
 * `date_unixtime` (seconds, string or number) when present; else `date`, a wall-clock 'YYYY-MM-DDTHH:mm:ss' with no
 * zone, written in the exporting computer's local time. The zone is not recorded anywhere in the export, so it is read
 * as UTC — exports made before `date_unixtime` existed (Telegram Desktop < 3.x) may be off by the exporter's UTC offset.
 */
export function telegramTimestamp(raw: Json): Date | null {
  const unix = raw.date_unixtime;
  if ((typeof unix === 'string' && /^\d+$/.test(unix.trim())) || (typeof unix === 'number' && Number.isFinite(unix))) {
    return new Date(Number(unix) * 1000);
  }
  const date = raw.date;
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(date)) {
    const d = new Date(`${date}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Placeholders Telegram writes instead of a path when the file was not exported. */
const OMITTED_FILE = /^\(File (?:not included|exceeds maximum size|unavailable)/i;

function fileInfo(path: string | null, explicitName: string | null): { fileName?: string; omitted: boolean } {
  if (path !== null && OMITTED_FILE.test(path)) return explicitName ? { fileName: explicitName, omitted: true } : { omitted: true };
  const base = path?.split(/[\\/]/).pop() || null;
  const fileName = explicitName ?? base;
  return fileName ? { fileName, omitted: false } : { omitted: path === null };
}

const MEDIA_TYPES: Record<string, TelegramMediaType> = {
  voice_message: 'voice',
  video_message: 'video', // round video
  video_file: 'video',
  animation: 'video', // GIFs are exported as MP4
  audio_file: 'audio',
  sticker: 'sticker',
};

function detectMedia(raw: Json): TelegramMedia | undefined {
  if (raw.photo !== undefined) return { type: 'image', ...fileInfo(str(raw.photo), null) };
  const mediaType = str(raw.media_type);
  if (raw.file !== undefined || mediaType !== null) {
    const type = (mediaType !== null ? MEDIA_TYPES[mediaType] : undefined) ?? (mediaType !== null ? 'other' : 'document');
    return { type, ...fileInfo(str(raw.file), nonEmpty(raw.file_name)) };
  }
  if (raw.contact_information !== undefined || raw.contact_vcard !== undefined) {
    const vcard = str(raw.contact_vcard);
    return { type: 'contact', ...(vcard === null ? { omitted: false } : fileInfo(vcard, null)) };
  }
  if (raw.location_information !== undefined || raw.place_name !== undefined) return { type: 'location', omitted: false };
  if (raw.poll !== undefined || raw.game_title !== undefined || raw.invoice_information !== undefined || raw.dice !== undefined) {
    return { type: 'other', omitted: false };
  }
  return undefined;
}

function names(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => str(v) ?? 'a deleted account').join(', ') : '';
}

/** Readable text of a service message (`action`), without the actor (that is `author`). */
export function serviceText(raw: Json): string {
  const action = str(raw.action) ?? 'unknown action';
  const title = nonEmpty(raw.title);
  const quoted = (s: string | null) => (s ? ` "${s}"` : '');
  switch (action) {
    case 'joined_telegram':
      return 'joined Telegram';
    case 'create_group':
      return `created group${quoted(title)}`;
    case 'create_channel':
      return `created channel${quoted(title)}`;
    case 'migrate_to_supergroup':
    case 'migrate_from_group':
      return 'converted the group to a supergroup';
    case 'invite_members':
      return `added ${names(raw.members) || 'members'}`;
    case 'remove_members':
      return `removed ${names(raw.members) || 'members'}`;
    case 'join_group_by_link':
      return 'joined the group via invite link';
    case 'join_group_by_request':
      return 'joined the group (request approved)';
    case 'edit_group_title':
      return `changed the group name to${quoted(title)}`;
    case 'edit_group_photo':
      return 'changed the group photo';
    case 'delete_group_photo':
      return 'removed the group photo';
    case 'pin_message':
      return 'pinned a message';
    case 'phone_call':
    case 'group_call': {
      const what = action === 'group_call' ? 'video chat' : 'call';
      if (raw.discard_reason === 'missed') return `missed ${what}`;
      if (raw.discard_reason === 'busy') return `declined ${what} (busy)`;
      const seconds = typeof raw.duration_seconds === 'number' ? raw.duration_seconds : typeof raw.duration === 'number' ? raw.duration : null;
      return seconds === null ? what : `${what} (${seconds} s)`;
    }
    case 'invite_to_group_call':
      return `invited ${names(raw.members) || 'members'} to the video chat`;
    case 'clear_history':
      return 'cleared the history';
    case 'take_screenshot':
      return 'took a screenshot';
    case 'score_in_game':
      return `scored ${str(raw.score) ?? ''} in a game`.replace('  ', ' ');
    case 'send_payment':
      return 'sent a payment';
    case 'set_messages_ttl':
      return 'changed the auto-delete timer';
    case 'set_chat_theme':
      return 'changed the chat theme';
    case 'topic_created':
      return `created topic${quoted(title)}`;
    case 'allow_sending_messages':
      return 'allowed the bot to message them';
    default:
      return action.replace(/_/g, ' ');
  }
}

function authorId(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return `user${value}`; // very old exports: a bare number
  return nonEmpty(value);
}

type MessageOutcome = { ok: true; message: TelegramMessage } | { ok: false; reason: string };

export function parseMessage(raw: unknown, index: number): MessageOutcome {
  if (!isObject(raw)) return { ok: false, reason: `not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})` };
  const timestamp = telegramTimestamp(raw);
  if (!timestamp) {
    return { ok: false, reason: `no valid date (date_unixtime ${JSON.stringify(raw.date_unixtime)}, date ${JSON.stringify(raw.date)})` };
  }
  const id: number | string = typeof raw.id === 'number' || typeof raw.id === 'string' ? raw.id : index;
  if (raw.type === 'service') {
    return {
      ok: true,
      message: { index, id, timestamp, author: str(raw.actor), authorId: authorId(raw.actor_id), text: serviceText(raw), kind: 'system' },
    };
  }
  if (raw.type !== undefined && raw.type !== 'message') return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type)}` };
  const text = raw.text === undefined ? (flattenText(raw.text_entities) ?? '') : flattenText(raw.text);
  if (text === null) return { ok: false, reason: 'text is neither a string nor a rich-text array' };
  const media = detectMedia(raw);
  // A shared contact or a poll with no caption: their content is the text.
  const contact = isObject(raw.contact_information)
    ? [joinName(raw.contact_information.first_name, raw.contact_information.last_name), nonEmpty(raw.contact_information.phone_number)]
        .filter(Boolean)
        .join(' ')
    : '';
  const fallbackText = (isObject(raw.poll) ? nonEmpty(raw.poll.question) : null) ?? (contact || null);
  const message: TelegramMessage = {
    index,
    id,
    timestamp,
    author: str(raw.from),
    authorId: authorId(raw.from_id),
    text: text === '' && fallbackText ? fallbackText : text,
    kind: media ? 'media' : 'text',
  };
  if (media) message.media = media;
  return { ok: true, message };
}

const GROUP_TYPES = new Set(['private_group', 'private_supergroup', 'public_supergroup']);

export function parseChat(raw: unknown, position: number): TelegramChat | null {
  if (!isObject(raw)) return null;
  const type = nonEmpty(raw.type) ?? 'unknown';
  const chat: TelegramChat = {
    id: str(raw.id) ?? `chat-${position}`,
    name: str(raw.name),
    type,
    isPersonal: type === 'personal_chat',
    isGroup: GROUP_TYPES.has(type),
    messages: [],
    problems: [],
  };
  const problems: TelegramChatProblem[] = chat.problems;
  if (!Array.isArray(raw.messages)) {
    problems.push({ index: -1, reason: 'chat has no "messages" array' });
    return chat;
  }
  raw.messages.forEach((item: unknown, index: number) => {
    const outcome = parseMessage(item, index);
    if (outcome.ok) chat.messages.push(outcome.message);
    else problems.push({ index, reason: outcome.reason });
  });
  return chat;
}

function joinName(first: unknown, last: unknown): string | null {
  const name = [nonEmpty(first), nonEmpty(last)].filter(Boolean).join(' ');
  return name || null;
}

function accountOwner(info: unknown): TelegramOwner | null {
  if (!isObject(info)) return null;
  const userId = str(info.user_id);
  return {
    id: userId === null ? null : /^\d+$/.test(userId) ? `user${userId}` : userId,
    name: joinName(info.first_name, info.last_name),
    phone: nonEmpty(info.phone_number),
  };
}

/**
 * Owner of a single-chat export: in a personal chat between two people, the author who is not the other party
 * (the chat is named after them, and its id is their user id). Null when it cannot be told.
 */
function singleChatOwner(chat: TelegramChat): TelegramOwner | null {
  const authors = new Map<string, { id: string | null; name: string | null }>();
  for (const m of chat.messages) {
    if (m.kind === 'system' || (m.author === null && m.authorId === null)) continue;
    const key = m.authorId ?? `name:${m.author}`;
    if (!authors.has(key)) authors.set(key, { id: m.authorId, name: m.author });
  }
  if (authors.size !== 2) return null;
  const other = `user${chat.id}`;
  const candidates = [...authors.values()].filter((a) => a.id !== other && a.name !== chat.name);
  const owner = candidates.length === 1 ? candidates[0] : undefined;
  return owner ? { id: owner.id, name: owner.name, phone: null } : null;
}

function parseContacts(section: unknown): TelegramContact[] {
  if (!isObject(section) || !Array.isArray(section.list)) return [];
  const contacts: TelegramContact[] = [];
  for (const raw of section.list) {
    if (!isObject(raw)) continue;
    const contact: TelegramContact = {
      firstName: str(raw.first_name)?.trim() ?? '',
      lastName: str(raw.last_name)?.trim() ?? '',
      phone: nonEmpty(raw.phone_number),
    };
    if (!contact.firstName && !contact.lastName && !contact.phone) continue;
    const date = telegramTimestamp(raw);
    if (date) contact.date = date;
    contacts.push(contact);
  }
  return contacts;
}

function chatList(section: unknown): unknown[] | null {
  if (Array.isArray(section)) return section;
  if (isObject(section) && Array.isArray(section.list)) return section.list;
  return null;
}

/**
 * Reads a Telegram Desktop "Export chat history" / "Export Telegram data" result.json, already parsed (a string is
 * parsed as JSON text). Single chat: `{ name, type, id, messages }`. Full account: `{ personal_information?,
 * contacts?: { list }, chats: { list }, left_chats?: { list } }` — a contacts-only account export is accepted too.
 * Throws TelegramExportError when the shape is not an export; malformed messages are listed in each chat's `problems`.
 */
export function parseTelegramExport(json: unknown): TelegramExport {
  const data = typeof json === 'string' ? parseJsonText(json) : json;
  if (!isObject(data)) {
    const what = Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data;
    throw new TelegramExportError(`not a Telegram Desktop export: expected a JSON object, got ${what}`);
  }

  if (Array.isArray(data.messages)) {
    const chat = parseChat(data, 0)!;
    return { kind: 'single', owner: singleChatOwner(chat), chats: [chat], contacts: [] };
  }

  const chats = chatList(data.chats);
  const left = chatList(data.left_chats) ?? [];
  const hasContacts = isObject(data.contacts) && Array.isArray(data.contacts.list);
  if (chats === null && !hasContacts) {
    if (data.messages !== undefined) throw new TelegramExportError('not a Telegram Desktop export: "messages" is not an array');
    if (data.chats !== undefined) throw new TelegramExportError('not a Telegram Desktop export: "chats" has no "list" array');
    const keys = Object.keys(data).slice(0, 10).map((k) => JSON.stringify(k)).join(', ');
    throw new TelegramExportError(
      `not a Telegram Desktop export: expected "messages" (a single chat) or "chats.list" (a full account export); found keys ${keys || '(none)'}`,
    );
  }
  const parsed = [...(chats ?? []), ...left]
    .map((raw, i) => parseChat(raw, i))
    .filter((c): c is TelegramChat => c !== null);
  return { kind: 'account', owner: accountOwner(data.personal_information), chats: parsed, contacts: parseContacts(data.contacts) };
}
