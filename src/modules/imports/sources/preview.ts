import type { ImportChat } from '../engine/import-types.ts';
import { authorsOf } from '../engine/import-types.ts';
import { normalizeAuthor, resolveMe } from '../engine/identity.ts';
import { readWhatsAppChats } from './whatsapp.source.ts';

export interface AuthorsPreview {
  chats: Array<{ title: string | null; origin: string; isGroup: boolean; messages: number; authors: string[] }>;
  /** Every author, with the number of chats they wrote in; the likely "you" first. */
  authors: Array<{ name: string; chats: number }>;
  /** Who Parley would take for "you" without being told; null when it cannot tell. */
  suggestedMe: string | null;
  /** True when some chat cannot be imported unless "you" is named. */
  needsChoice: boolean;
  failures: Array<{ file: string; reason: string }>;
}

/** Reads the authors of WhatsApp exports (the first pass only) so the form can ask "which one is you". */
export async function previewWhatsAppAuthors(path: string, options: { timeZone: string; region: string; ownNames: string[] }): Promise<AuthorsPreview> {
  const { chats, failures } = await readWhatsAppChats(path, { timeZone: options.timeZone });
  return previewOfChats(chats, failures, options);
}

export function previewOfChats(chats: ImportChat[], failures: AuthorsPreview['failures'], options: { region: string; ownNames: string[] }): AuthorsPreview {
  const counts = new Map<string, { name: string; chats: number }>();
  for (const chat of chats) {
    for (const author of authorsOf(chat)) {
      const key = normalizeAuthor(author);
      const entry = counts.get(key) ?? { name: author, chats: 0 };
      entry.chats++;
      counts.set(key, entry);
    }
  }
  const matcher = resolveMe(chats, options.region, { ownNames: options.ownNames });
  // "You" as Parley would decide it: the same author across chats, or the one author of each chat who is not its title.
  const meNames = new Set<string>();
  let needsChoice = false;
  for (const chat of chats) {
    const authors = authorsOf(chat);
    const mine = authors.filter((a) => matcher.isMe(a, chat));
    mine.forEach((a) => meNames.add(normalizeAuthor(a)));
    if (!chat.isGroup && authors.length > 1 && mine.length === 0) needsChoice = true;
  }
  const suggestedKey = meNames.size === 1 ? [...meNames][0]! : null;
  const authors = [...counts.entries()]
    .sort((a, b) => Number(b[0] === suggestedKey) - Number(a[0] === suggestedKey) || b[1].chats - a[1].chats || a[1].name.localeCompare(b[1].name))
    .map(([, entry]) => entry);
  return {
    chats: chats.map((chat) => ({ title: chat.title, origin: chat.origin, isGroup: chat.isGroup, messages: chat.stream?.messageCount ?? chat.messages.length, authors: authorsOf(chat) })),
    authors,
    suggestedMe: suggestedKey ? counts.get(suggestedKey)!.name : null,
    needsChoice: needsChoice || meNames.size > 1,
    failures,
  };
}
