import type { MediaInfo } from '../../../platform/db/schema.ts';

/** One message of a chat, whatever the source, in the shape the importer writes. */
export interface ImportMessage {
  timestamp: Date;
  /** Author as written in the source (a name or a phone); null for system messages. */
  author: string | null;
  /** Stable id of the author in the source when it has one (Telegram `user123`, a WhatsApp JID). */
  authorId?: string | null;
  /** Set by sources that know it (Evolution `fromMe`); otherwise decided from `--me`. */
  isFromMe?: boolean;
  /** The text as the source wrote it (the duplicate fingerprint is made of it). */
  text: string;
  /**
   * What the thread shows when it differs from `text`: a WhatsApp media line without its "<Media omitted>"
   * placeholder (the attachment says that once, from `media`), only its caption.
   */
  shownText?: string;
  kind: 'text' | 'media' | 'system';
  media?: MediaInfo | null;
  /** Where the message sits in the source, for error reports. */
  line?: number;
  /** The source's own message id, when it has one (Telegram, Evolution); else a fingerprint is used. */
  sourceId?: string | null;
}

export interface ImportChat {
  /** Stable identity of the chat across re-imports of the same history. */
  key: string;
  title: string | null;
  isGroup: boolean;
  /** The whole history in memory — or empty when `stream` reads it in batches (large exports). */
  messages: ImportMessage[];
  stream?: ImportChatStream;
  /** Known addresses of authors: author → phone / Telegram id / username. */
  authorAddresses?: Record<string, { phone?: string | null; telegramId?: string | null; telegramUsername?: string | null }>;
  /** Lines or entries the source could not read; reported, never fatal. */
  problems: { line: number | null; reason: string }[];
  /** Which file or instance chat it came from, for the report. */
  origin: string;
}

/** A chat too large to hold in memory: its authors are known up front, its messages come in batches. */
export interface ImportChatStream {
  authors: string[];
  messageCount: number;
  batches(): AsyncIterable<ImportMessage[]>;
}

/** Authors of a chat, whether it is in memory or streamed. */
export function authorsOf(chat: ImportChat): string[] {
  if (chat.stream) return chat.stream.authors;
  return [...new Set(chat.messages.map((m) => m.author).filter((a): a is string => a !== null))];
}

export async function* messageBatchesOf(chat: ImportChat): AsyncIterable<ImportMessage[]> {
  if (chat.stream) yield* chat.stream.batches();
  else yield chat.messages;
}

/** A contact row of a CSV file; the CSV reader's row is the importer's input as is. */
export type { CsvContactRow as ImportContactRecord } from '../csv/types.ts';

/** Codes of the per-line reasons a client words in its reader's language (the English `reason` is always there too). */
export type ImportLineCode = 'csv_unterminated_quote' | 'csv_unreadable_line' | 'csv_field_count' | 'csv_no_identity' | 'phone_no_digits' | 'phone_not_a_number' | 'phone_invalid';

export interface ImportError {
  chat: string;
  line: number | null;
  reason: string;
  code?: ImportLineCode;
  params?: Record<string, string>;
}

export interface ImportReport {
  source: string;
  dryRun: boolean;
  chats: number;
  contacts: number;
  /** Contacts (or chats, for chat sources) written by this run. */
  imported: number;
  skippedDuplicates: number;
  updated: number;
  messages: number;
  messagesImported: number;
  messagesSkippedDuplicates: number;
  firstMessageAt: string | null;
  lastMessageAt: string | null;
  averageMessagesPerContact: number;
  errors: ImportError[];
  invalidPhones: { contact: string; phone: string; reason: string; code?: ImportLineCode; params?: Record<string, string> }[];
  stages: Record<string, number>;
  /** Stage key → its name in the pipeline the leads went into (absent in reports stored before it existed). */
  stageNames?: Record<string, string>;
  pipeline?: { id: string; name: string } | null;
  languages: Record<string, number>;
  durationMs: number;
}
