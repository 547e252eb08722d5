import { normalizePhone } from '../../contacts/index.ts';
import { authorsOf, type ImportChat } from './import-types.ts';

export function normalizeAuthor(name: string): string {
  return name.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A WhatsApp author shown as a number ("+996 700 123 456") rather than a saved name. */
export function phoneOfAuthor(author: string, region: string): string | null {
  if (!/^[+\d][\d\s().-]{5,}$/.test(author.trim())) return null;
  return normalizePhone(author, region).e164;
}

export interface MeMatcher {
  isMe(author: string | null, chat: ImportChat): boolean;
  /** How "me" was decided, for the report. */
  basis: string;
}

/**
 * Which author is "us": `--me` (a name or a phone) when given; else a name of the organization's own
 * accounts and users; else the author present in most chats; else, per chat, the author who is not
 * the chat's title (a WhatsApp export is named after the other side).
 */
export function resolveMe(chats: ImportChat[], region: string, options: { me?: string | null; ownNames?: string[] }): MeMatcher {
  const matcherFor = (names: string[], basis: string): MeMatcher => {
    const normalized = new Set(names.map(normalizeAuthor));
    const phones = new Set(names.map((n) => phoneOfAuthor(n, region)).filter((p): p is string => p !== null));
    return {
      basis,
      isMe: (author) => author !== null && (normalized.has(normalizeAuthor(author)) || phones.has(phoneOfAuthor(author, region) ?? '\u0000')),
    };
  };
  if (options.me) return matcherFor([options.me], `--me ${options.me}`);

  const authorsPerChat = chats.map((chat) => new Set(authorsOf(chat).map(normalizeAuthor)));
  const own = (options.ownNames ?? []).filter(Boolean);
  const ownHit = own.filter((name) => authorsPerChat.some((authors) => authors.has(normalizeAuthor(name))));
  if (ownHit.length > 0) return matcherFor(ownHit, `organization account or user name (${ownHit.join(', ')})`);

  const counts = new Map<string, number>();
  for (const authors of authorsPerChat) for (const author of authors) counts.set(author, (counts.get(author) ?? 0) + 1);
  const [top, second] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (top && top[1] > 1 && (!second || top[1] > second[1])) return matcherFor([top[0]], `author present in most chats (${top[1]})`);

  return {
    basis: 'the author who is not the chat title',
    isMe(author, chat) {
      if (author === null || chat.isGroup || !chat.title) return false;
      const authors = new Set(authorsOf(chat).map(normalizeAuthor));
      const title = normalizeAuthor(chat.title);
      return authors.has(title) && normalizeAuthor(author) !== title;
    },
  };
}
