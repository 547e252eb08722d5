/** Contact fields a column can be mapped to. */
export type CsvContactField = 'firstName' | 'lastName' | 'fullName' | 'phone' | 'email' | 'telegram' | 'company' | 'tags' | 'language';

/** Explicit column mapping: field → header name (exact, or equal once case, spaces and punctuation are ignored). */
export type CsvColumnMapping = Partial<Record<CsvContactField, string>>;

export interface CsvContactRow {
  /** 1-based line where the record starts (a quoted field may span several lines). */
  line: number;
  firstName: string | null;
  lastName: string | null;
  /** The full-name column; else first (+ middle) + last joined with spaces; null when there is no name at all. */
  fullName: string | null;
  /** Raw, as written (first value of a Google " ::: " list). */
  phone: string | null;
  email: string | null;
  /** Without "@" / "https://t.me/". */
  telegramUsername: string | null;
  company: string | null;
  tags: string[];
  language: string | null;
  /** Every other non-empty cell, keyed by header name (other phone/e-mail columns included). */
  customFields: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  /** In English; `code` and `params` say the same for a client to word in its reader's language. */
  reason: string;
  code: 'csv_unterminated_quote' | 'csv_unreadable_line' | 'csv_field_count' | 'csv_no_identity';
  params?: Record<string, string>;
}

export type CsvFormat = 'google' | 'hubspot' | 'outlook' | 'generic' | 'custom';

export interface CsvContactsResult {
  delimiter: string;
  format: CsvFormat;
  /** Field → header name (for phone/e-mail: the preferred of the columns used; 'middleName' when one is used). */
  mapping: Record<string, string>;
  rows: CsvContactRow[];
  problems: CsvProblem[];
}

export interface CsvParseOptions {
  mapping?: CsvColumnMapping;
  /** Force the delimiter instead of detecting it from the header line among , ; TAB |. */
  delimiter?: string;
}
