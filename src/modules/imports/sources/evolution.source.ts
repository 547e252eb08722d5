import { EvolutionClient, EvolutionError, phoneFromJid, type EvolutionClientOptions } from '../evolution/index.ts';
import type { ImportChat, ImportMessage } from '../engine/import-types.ts';
import { ImportSourceError } from './source-error.ts';

/**
 * Pulls the history of a connected Evolution API instance: its chats, each chat's messages (paged, paced
 * to the configured rate) and contact names. Status broadcasts are skipped. Messages keep their WhatsApp
 * ids, so a later pull adds only what is new.
 */
export async function readEvolutionChats(
  options: EvolutionClientOptions,
  { limit, onChat }: { limit?: number; onChat?: (done: number, total: number) => void } = {},
): Promise<{ chats: ImportChat[]; failures: { file: string; reason: string }[] }> {
  const client = new EvolutionClient(options);
  let state: string;
  try {
    state = await client.connectionState();
  } catch (error) {
    if (error instanceof EvolutionError) throw new ImportSourceError(`Evolution API: ${error.message}`);
    throw error;
  }
  if (state !== 'open') throw new ImportSourceError(`instance "${options.instance}" is not connected (state: ${state}); connect it first`);
  const [contacts, allChats] = await Promise.all([client.findContacts(), client.findChats()]);
  const names = new Map(contacts.filter((c) => c.pushName).map((c) => [c.remoteJid, c.pushName!]));
  const chatsToRead = allChats.filter((c) => c.remoteJid !== 'status@broadcast').slice(0, limit ?? Infinity);
  const chats: ImportChat[] = [];
  const failures: { file: string; reason: string }[] = [];
  for (const [index, chat] of chatsToRead.entries()) {
    try {
      const messages: ImportMessage[] = [];
      const authorAddresses: NonNullable<ImportChat['authorAddresses']> = {};
      for await (const message of client.iterateMessages(chat.remoteJid)) {
        const authorJid = message.fromMe ? null : (message.participant ?? message.remoteJid);
        const author = message.fromMe ? options.instance : (names.get(authorJid!) ?? message.pushName ?? phoneFromJid(authorJid!) ?? authorJid!);
        if (authorJid) authorAddresses[author] = { phone: phoneFromJid(authorJid) };
        messages.push({
          timestamp: message.timestamp,
          author: message.kind === 'system' ? null : author,
          authorId: authorJid,
          isFromMe: message.fromMe,
          text: message.text,
          kind: message.kind,
          media: message.media ? { type: message.media.type, mimeType: message.media.mimeType ?? null, fileName: message.media.fileName ?? null, caption: message.media.caption ?? null, omitted: true } : null,
          sourceId: message.id,
        });
      }
      // The API answers newest first; history is written oldest first.
      messages.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      chats.push({
        key: `evo:${options.instance}:${chat.remoteJid}`,
        title: chat.name ?? names.get(chat.remoteJid) ?? null,
        isGroup: chat.isGroup,
        messages,
        authorAddresses,
        problems: [],
        origin: chat.remoteJid,
      });
    } catch (error) {
      failures.push({ file: chat.remoteJid, reason: (error as Error).message });
    }
    onChat?.(index + 1, chatsToRead.length);
  }
  return { chats, failures };
}
