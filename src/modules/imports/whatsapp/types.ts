export type DateOrder = 'DMY' | 'MDY' | 'YMD';

export type WhatsAppMediaType = 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker' | 'contact' | 'location' | 'other';

export interface WhatsAppMedia {
  type: WhatsAppMediaType;
  fileName?: string;
  /** true when the export only holds a placeholder ("<Media omitted>", "image omitted"); false when the file is named/attached. */
  omitted: boolean;
  caption?: string;
}

export interface WhatsAppMessage {
  /** 0-based order in the file. */
  index: number;
  /** 1-based line number where the message starts. */
  line: number;
  /** The wall-clock time converted with the caller's time zone (default UTC). */
  timestamp: Date;
  /** 'YYYY-MM-DDTHH:mm:ss' wall-clock as written in the export (Gregorian, 24h). */
  localTime: string;
  /** null for system messages; invisible direction marks stripped, NBSP/U+202F turned into spaces. */
  author: string | null;
  /** Multi-line text joined with '\n', invisible marks stripped, trailing blank lines dropped. */
  text: string;
  kind: 'text' | 'media' | 'system';
  media?: WhatsAppMedia;
}

export interface WhatsAppParseProblem {
  /** 1-based line number. */
  line: number;
  message: string;
  /** The text that could not be understood (marks stripped; continuation lines joined with '\n'). */
  text: string;
}

export interface WhatsAppParseResult {
  messages: WhatsAppMessage[];
  /** Distinct authors in first-appearance order. */
  authors: string[];
  isGroup: boolean;
  dateOrder: DateOrder;
  problems: WhatsAppParseProblem[];
}

export interface WhatsAppParseOptions {
  /** IANA time zone the wall-clock times are interpreted in. Default 'UTC'. */
  timeZone?: string;
  /** Force the date order instead of detecting it. */
  dateOrder?: DateOrder;
  /**
   * BCP 47 locale of the exporting phone, used only when the file itself cannot decide between
   * day-first and month-first (e.g. 'en-US' → MDY, 'ru' / 'en-GB' → DMY).
   */
  locale?: string;
}
