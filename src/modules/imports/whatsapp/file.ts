import { open, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { openCheckedZip } from '../../../platform/zip.ts';
import { parseWhatsAppExport } from './parse.ts';
import type { WhatsAppParseOptions, WhatsAppParseResult } from './types.ts';

export interface WhatsAppExportFile {
  chatName: string;
  result: WhatsAppParseResult;
  /** Paths inside the .zip of every file other than the chat text (media); [] for a .txt. */
  mediaFiles: string[];
}

/** "WhatsApp Chat with X" and its translations (file names of the export, without extension). */
const CHAT_NAME_PATTERNS: RegExp[] = [
  /^WhatsApp Chat with (.+)$/i, // en (Android)
  /^WhatsApp Chat - (.+)$/i, // en (iOS .zip)
  /^Чат WhatsApp с (.+)$/i, // ru
  /^Чат WhatsApp із (.+)$/i, // uk
  /^WhatsApp[- ]Chat mit (.+)$/i, // de
  /^WhatsApp-chat met (.+)$/i, // nl
  /^Chat de WhatsApp con (.+)$/i, // es
  /^Conversa do WhatsApp com (.+)$/i, // pt
  /^Discussion WhatsApp avec (.+)$/i, // fr
  /^Chat WhatsApp con (.+)$/i, // it
  /^Chat WhatsApp dengan (.+)$/i, // id
  /^Konverzace WhatsApp s (.+)$/i, // cs
  /^Czat WhatsApp z (.+)$/i, // pl
  /^(.+) ile WhatsApp Sohbeti$/i, // tr
  /^(.+)とのWhatsAppトーク$/i, // ja
  /^แชท WhatsApp กับ (.+)$/i, // th
  /^دردشة WhatsApp مع (.+)$/i, // ar
  // any other language: "<words> WhatsApp <word> NAME" or "WhatsApp <words> - NAME"
  /^[^\s]*\s?WhatsApp\s?[^\s]*\s(?:with|mit|met|с|со|з|con|com|avec|dengan|s|se|z|ze|med|kanssa|-|–)\s+(.+)$/i,
];

/** Chat name from an export's file name ("WhatsApp Chat with Elon Musk.txt" → "Elon Musk"). */
export function chatNameFromFileName(fileName: string): string {
  const base = basename(fileName).replace(/\.(?:txt|zip)$/i, '').trim();
  for (const re of CHAT_NAME_PATTERNS) {
    const m = re.exec(base);
    if (m?.[1]) return m[1].trim();
  }
  return base;
}

/** UTF-16 when the text starts with its BOM, else UTF-8. */
export function textEncodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder(textEncodingOf(bytes)).decode(bytes); // strips the BOM; invalid bytes become U+FFFD
}

/** A chat name for a plain .txt export: an unzipped iOS ".../WhatsApp Chat - Elon Musk/_chat.txt" → its folder. */
export function chatNameForTextFile(path: string): string {
  const named = /^_chat\.txt$/i.test(basename(path)) && basename(dirname(path)) !== '' ? basename(dirname(path)) : path;
  return chatNameFromFileName(named);
}

export function isZip(bytes: Uint8Array, path: string): boolean {
  return /\.zip$/i.test(path) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
}

const IGNORED_ENTRY = /(?:^|\/)(?:__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;

/** The chat text inside an export .zip: `_chat.txt` (iOS), else `WhatsApp … .txt` (Android), else the only .txt. */
function pickChatEntry(names: string[]): string | undefined {
  const txt = names.filter((n) => /\.txt$/i.test(n));
  const byBase = (re: RegExp) => txt.filter((n) => re.test(basename(n))).sort((a, b) => a.length - b.length)[0];
  return byBase(/^_chat\.txt$/i) ?? byBase(/whatsapp/i) ?? (txt.length === 1 ? txt[0] : undefined);
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a WhatsApp export from disk: a `.txt`, or a `.zip` (with or without media; recognised by extension or by
 * its PK signature). The chat name comes from the chat text's file name unless that is iOS's generic `_chat.txt`,
 * then from the zip's name (or, for an unzipped `_chat.txt`, from its folder's name).
 * Throws if the file cannot be read or a zip holds no chat text; content problems are in `result.problems`.
 */
export async function readWhatsAppExportFile(path: string, options: WhatsAppParseOptions = {}): Promise<WhatsAppExportFile> {
  if (!isZip(await readHead(path), path)) {
    const bytes = new Uint8Array(await readFile(path));
    return { chatName: chatNameForTextFile(path), result: parseWhatsAppExport(decode(bytes), options), mediaFiles: [] };
  }

  // Sizes and ratios are checked before anything is inflated (a zip bomb is refused, not unpacked).
  const zip = await openCheckedZip(path);
  let text: string;
  let files: string[];
  let chatEntry: string | undefined;
  try {
    files = zip.fileNames().filter((name) => !IGNORED_ENTRY.test(name));
    chatEntry = pickChatEntry(files);
    if (!chatEntry) throw new Error(`${basename(path)}: no chat text (_chat.txt or "WhatsApp Chat … .txt") found in the zip`);
    text = decode(await zip.read(chatEntry));
  } finally {
    zip.close();
  }
  const chatName = /^_chat\.txt$/i.test(basename(chatEntry)) ? chatNameFromFileName(path) : chatNameFromFileName(chatEntry);
  return {
    chatName,
    result: parseWhatsAppExport(text, options),
    mediaFiles: files.filter((name) => name !== chatEntry),
  };
}
