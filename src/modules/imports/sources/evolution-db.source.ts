import { normalizeEvolutionMessage, phoneFromJid } from '../evolution/index.ts';
import type { ImportChat, ImportMessage } from '../engine/import-types.ts';
import { findEvolutionInstance, readEvolutionDbChats, readEvolutionDbContacts, readEvolutionDbMessages, toEvolutionRecord, type EvolutionSql } from '../evolution-db/evolution-db.reader.ts';

/**
 * Evolution API's database as an import source: the same chats, authors and message ids the REST pull produces
 * (chat key `evo:<instance>:<jid>`, each message its WhatsApp key id), so the two never store a message twice.
 */
export async function readEvolutionDbImportChats(sql: EvolutionSql, instanceName: string, { limit }: { limit?: number } = {}): Promise<{ chats: ImportChat[]; failures: { file: string; reason: string }[] }> {
  const instance = await findEvolutionInstance(sql, instanceName);
  const [contacts, chatRows] = await Promise.all([readEvolutionDbContacts(sql, instance.id), readEvolutionDbChats(sql, instance.id)]);
  const names = new Map(contacts.filter((c) => c.pushName).map((c) => [c.remoteJid, c.pushName!]));
  const titles = new Map(chatRows.filter((c) => c.name).map((c) => [c.remoteJid, c.name!]));
  const byChat = new Map<string, { messages: ImportMessage[]; authorAddresses: NonNullable<ImportChat['authorAddresses']> }>();
  const failures: { file: string; reason: string }[] = [];
  for await (const rows of readEvolutionDbMessages(sql, instance.id, null)) {
    for (const row of rows) {
      const message = normalizeEvolutionMessage(toEvolutionRecord(row));
      if (!message) {
        failures.push({ file: `message ${row.id}`, reason: 'not a message the importer can read' });
        continue;
      }
      if (message.remoteJid === 'status@broadcast') continue;
      let chat = byChat.get(message.remoteJid);
      if (!chat) {
        if (limit && byChat.size >= limit) continue;
        chat = { messages: [], authorAddresses: {} };
        byChat.set(message.remoteJid, chat);
      }
      const authorJid = message.fromMe ? null : (message.participant ?? message.remoteJid);
      const author = message.fromMe ? instanceName : (names.get(authorJid!) ?? message.pushName ?? phoneFromJid(authorJid!) ?? authorJid!);
      if (authorJid) chat.authorAddresses[author] = { phone: phoneFromJid(authorJid) };
      chat.messages.push({
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
  }
  const chats: ImportChat[] = [...byChat.entries()].map(([remoteJid, chat]) => ({
    key: `evo:${instanceName}:${remoteJid}`,
    title: titles.get(remoteJid) ?? names.get(remoteJid) ?? null,
    isGroup: remoteJid.endsWith('@g.us'),
    messages: chat.messages,
    authorAddresses: chat.authorAddresses,
    problems: [],
    origin: remoteJid,
  }));
  return { chats, failures };
}
