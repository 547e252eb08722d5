import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { streamWhatsAppExport, type WhatsAppMessage, type WhatsAppStream } from '../whatsapp/index.ts';
import { normalizeAuthor } from '../engine/identity.ts';
import type { ImportChat, ImportMessage } from '../engine/import-types.ts';
import { ImportSourceError } from './source-error.ts';
import { ZipLimitError } from '../../../platform/zip.ts';

/** Export files of a path: the file itself, or every .txt/.zip in a folder (one chat each). */
async function exportFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new ImportSourceError(`${path}: no such file or folder`);
  });
  if (!info.isDirectory()) return [path];
  const entries = (await readdir(path)).filter((name) => /\.(txt|zip)$/i.test(name)).sort();
  if (entries.length === 0) throw new ImportSourceError(`${basename(path)}: the folder holds no .txt or .zip WhatsApp exports`);
  return entries.map((name) => join(path, name));
}

/**
 * Reads WhatsApp "Export chat" files into chats. A file that cannot be read is reported and skipped when
 * there are others; a single unusable file stops the run with a clear reason.
 */
export async function readWhatsAppChats(path: string, options: { timeZone: string }): Promise<{ chats: ImportChat[]; failures: { file: string; reason: string }[] }> {
  const files = await exportFiles(path);
  const chats: ImportChat[] = [];
  const failures: { file: string; reason: string }[] = [];
  for (const file of files) {
    try {
      chats.push(await readOne(file, options.timeZone));
    } catch (error) {
      failures.push({ file: basename(file), reason: (error as Error).message });
    }
  }
  if (chats.length === 0) throw new ImportSourceError(failures.map((f) => `${f.file}: ${f.reason}`).join('; '));
  return { chats, failures };
}

/**
 * One export as a chat. The file is streamed in two passes (authors and date order first, then the
 * messages in batches), so a million-message export stays within a few hundred MB; a .zip is read in memory.
 */
async function readOne(file: string, timeZone: string): Promise<ImportChat> {
  const info = await stat(file);
  if (info.size === 0) throw new ImportSourceError('the file is empty');
  let exported: WhatsAppStream;
  try {
    exported = await streamWhatsAppExport(file, { timeZone });
  } catch (error) {
    const reason = (error as Error).message;
    if (error instanceof ZipLimitError) throw new ImportSourceError(reason);
    throw new ImportSourceError(/zip|central directory|signature|corrupt|end of data/i.test(reason) ? `not a readable .zip archive (${reason})` : reason);
  }
  const { chatName } = exported;
  if (exported.messageCount === 0) {
    const replaced = exported.problems.reduce((n, p) => n + (p.text.match(/\uFFFD/g)?.length ?? 0), 0);
    throw new ImportSourceError(
      replaced > 0
        ? 'the file is not UTF-8 text (is it binary, or another encoding?); export the chat again from WhatsApp'
        : `no WhatsApp messages found (${exported.problems.length} unreadable lines); is this a WhatsApp "Export chat" file?`,
    );
  }
  const authorsKey = [...exported.authors].map(normalizeAuthor).sort().join('|');
  return {
    key: exported.isGroup ? `wa:group:${normalizeAuthor(chatName)}` : `wa:chat:${normalizeAuthor(chatName || authorsKey)}`,
    title: chatName || null,
    isGroup: exported.isGroup,
    origin: basename(file),
    problems: exported.problems.map((p) => ({ line: p.line, reason: `${p.message}: ${p.text.slice(0, 120)}` })),
    messages: [],
    stream: {
      authors: exported.authors,
      messageCount: exported.messageCount,
      async *batches() {
        for await (const batch of exported.batches()) yield batch.map(toImportMessage);
      },
    },
  };
}

/**
 * A media line shows only its caption: "<Media omitted>", "image omitted" or "IMG-1.jpg (file attached)" is
 * what the attachment already says. A location keeps its text (the address or link is the message).
 */
function shownText(m: WhatsAppMessage): { shownText?: string } {
  if (!m.media || m.media.type === 'location') return {};
  const caption = m.media.caption ?? '';
  return { shownText: caption === m.media.fileName ? '' : caption };
}

function toImportMessage(m: WhatsAppMessage): ImportMessage {
  return {
    timestamp: m.timestamp,
    author: m.author,
    text: m.text,
    ...shownText(m),
    kind: m.kind,
    line: m.line,
    media: m.media ? { type: m.media.type, fileName: m.media.fileName ?? null, caption: m.media.caption ?? null, omitted: m.media.omitted } : null,
  };
}
