import { readTelegramExportFile, TelegramExportError, type TelegramExport } from '../telegram/index.ts';
import type { ImportChat } from '../engine/import-types.ts';
import { ImportSourceError } from './source-error.ts';

const SKIPPED_TYPES = new Set(['saved_messages', 'private_channel', 'public_channel']);

/**
 * Reads a Telegram Desktop export (one chat, or a whole account) into chats. Saved messages and channels
 * are skipped; the account owner's messages are ours; authors keep their Telegram ids, and phones come
 * from the export's contact list where a name matches.
 */
export async function readTelegramChats(path: string): Promise<{ chats: ImportChat[]; failures: { file: string; reason: string }[] }> {
  let exported: TelegramExport;
  try {
    exported = await readTelegramExportFile(path);
  } catch (error) {
    if (error instanceof TelegramExportError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw new ImportSourceError((error as Error).message);
    throw error;
  }
  const phoneByName = new Map(
    exported.contacts.filter((c) => c.phone).map((c) => [`${c.firstName} ${c.lastName}`.trim().toLowerCase(), c.phone!]),
  );
  const ownerId = exported.owner?.id ?? null;
  const chats: ImportChat[] = [];
  const failures: { file: string; reason: string }[] = [];
  for (const chat of exported.chats) {
    if (SKIPPED_TYPES.has(chat.type)) continue;
    if (chat.messages.length === 0) {
      if (chat.problems.length) failures.push({ file: chat.name ?? chat.id, reason: chat.problems.map((p) => p.reason).join('; ') });
      continue;
    }
    const authorAddresses: NonNullable<ImportChat['authorAddresses']> = {};
    for (const message of chat.messages) {
      if (!message.author || !message.authorId?.startsWith('user')) continue;
      authorAddresses[message.author] = { telegramId: message.authorId.slice(4), phone: phoneByName.get(message.author.toLowerCase()) ?? null };
    }
    chats.push({
      key: `tg:${chat.id}`,
      title: chat.name,
      isGroup: chat.isGroup,
      origin: chat.name ?? `chat ${chat.id}`,
      authorAddresses,
      problems: chat.problems.map((p) => ({ line: p.index >= 0 ? p.index + 1 : null, reason: p.reason })),
      messages: chat.messages.map((m) => ({
        timestamp: m.timestamp,
        author: m.kind === 'system' ? null : m.author,
        authorId: m.authorId,
        ...(ownerId && m.kind !== 'system' ? { isFromMe: m.authorId === ownerId } : {}),
        text: m.text,
        kind: m.kind,
        media: m.media ? { type: m.media.type, fileName: m.media.fileName ?? null, omitted: m.media.omitted } : null,
        sourceId: `${chat.id}:${m.id}`,
        line: m.index + 1,
      })),
    });
  }
  if (chats.length === 0 && failures.length === 0) throw new ImportSourceError('the export holds no personal or group chats with messages');
  return { chats, failures };
}
