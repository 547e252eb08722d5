import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { describePlan, planColumns, type ColumnPlan } from './columns.ts';
import { CsvImportError } from './errors.ts';
import type { CsvContactRow, CsvContactsResult, CsvParseOptions, CsvProblem } from './types.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Bytes → text: UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is not importable. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvImportError(
      'not a UTF-8 text file: it holds bytes that are not valid UTF-8 (a binary file such as .xlsx, or a legacy encoding such as Windows-1251); save it as "CSV UTF-8"',
    );
  }
}

/** Rejects text that is really binary data (NULs, many control characters, many U+FFFD from a lossy decode). */
function assertText(text: string): void {
  const sample = text.slice(0, 65536);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) throw new CsvImportError('not a text CSV: the data contains NUL bytes (a binary file, or UTF-16 without a byte order mark)');
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd || c === 0x7f) bad++;
  }
  if (bad > 0 && bad / sample.length > 0.001) {
    throw new CsvImportError(`not a text CSV: ${bad} control or undecodable characters (binary data or a file that is not UTF-8); save it as "CSV UTF-8"`);
  }
}

/** The header line's delimiter: the candidate occurring most often outside quotes (ties: , ; TAB |); ',' if none. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: string = ',';
  let max = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > max) {
      best = d;
      max = counts.get(d)!;
    }
  }
  return best;
}

interface RawRecord {
  line: number;
  fields: string[];
}

/** Offsets where each physical line starts (CRLF, LF or CR). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

/** Thrown from on_record to stop csv-parse at a record that swallowed following lines. */
class Resync {
  constructor(readonly line: number) {}
}

/**
 * Every record with the line it starts on. csv-parse stops at the first broken record (and its own
 * skip_records_with_error resynchronises badly after a quote error), so a broken record is reported and parsing
 * restarts on the line after it (after the line where the error was found, for errors other than an unclosed quote).
 * A quoted field may hold line breaks, so a stray opening quote swallows the lines after it until some later quote:
 * a record that spans several lines yet has a different number of fields than the header is taken to be such a
 * stray quote — reported on its first line — and parsing restarts on the next line.
 */
function readRecords(text: string, delimiter: string, problems: CsvProblem[]): RawRecord[] {
  const starts = lineStarts(text);
  const lines = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length).replace(/[\r\n]+$/, ''));
  const blank = (line: number) => (lines[line - 1] ?? '') === '';
  const records: RawRecord[] = [];
  let from = 1;
  while (from <= starts.length) {
    const offset = from - 1;
    let next = from; // first line of the next record
    const skipBlank = () => {
      while (next <= starts.length && blank(next)) next++;
    };
    try {
      parse(text.slice(starts[from - 1]), {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        on_record: (fields: string[], context) => {
          skipBlank();
          const end = context.lines + offset;
          const expected = records[0]?.fields.length;
          if (end > next && expected !== undefined && fields.length !== expected) throw new Resync(next);
          records.push({ line: next, fields });
          next = end + 1;
          return null;
        },
      });
      break;
    } catch (error) {
      if (error instanceof Resync) {
        problems.push({ line: error.line, reason: 'unterminated quoted field (a " that is not closed on its line)', code: 'csv_unterminated_quote' });
        from = error.line + 1;
        continue;
      }
      if (!(error instanceof CsvError)) throw error;
      skipBlank();
      const errorLine = typeof error.lines === 'number' ? error.lines + offset : next;
      const reason =
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'unterminated quoted field (a " that is never closed)'
          : error.message.replace(/ at line \d+/, '');
      problems.push({ line: next, reason, code: error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'csv_unterminated_quote' : 'csv_unreadable_line' });
      from = error.code === 'CSV_QUOTE_NOT_CLOSED' ? next + 1 : Math.max(next, errorLine) + 1;
    }
  }
  return records;
}

function uniqueHeaders(fields: string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((raw, i) => {
    const base = raw.replace(/^\ufeff/, '').trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** "@name", "t.me/name", "https://telegram.me/name" → "name". */
function telegramUsername(value: string): string | null {
  const name = value
    .trim()
    .replace(/^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\//i, '')
    .replace(/^@/, '')
    .replace(/[/?#].*$/, '')
    .trim();
  return name || null;
}

/** Tag lists: Google's " ::: " (system groups "* myContacts" dropped, "* starred" → "starred"), else , ; |. */
function splitTags(value: string): string[] {
  const tags = value
    .split(/\s*(?::::|[,;|])\s*/)
    .map((t) => t.trim())
    .filter((t) => t !== '' && !/^\*\s*mycontacts$/i.test(t))
    .map((t) => t.replace(/^\*\s*/, ''));
  return [...new Set(tags)];
}

function buildRow(line: number, cells: string[], headers: string[], plan: ColumnPlan): CsvContactRow {
  const cell = (i: number | undefined) => (i === undefined ? null : cells[i]?.trim() || null);
  const used = new Set<number>();
  const take = (i: number | undefined) => {
    if (i !== undefined) used.add(i);
    return cell(i);
  };
  const customFields: Record<string, string> = {};

  // Phone / e-mail: the first non-empty column; a Google multi-value cell "a ::: b" gives its first value.
  const pick = (columns: number[]): string | null => {
    let value: string | null = null;
    for (const i of columns) {
      const v = cell(i);
      if (v === null || value !== null) continue;
      used.add(i);
      const [first, ...rest] = v.split(/\s*:::\s*/);
      value = first || null;
      if (rest.length > 0) customFields[headers[i]!] = rest.join(' ::: ');
    }
    return value;
  };

  const firstName = take(plan.single.firstName);
  const middleName = take(plan.single.middleName);
  const lastName = take(plan.single.lastName);
  const fullName = take(plan.single.fullName) ?? ([firstName, middleName, lastName].filter(Boolean).join(' ') || null);
  const phone = pick(plan.phones);
  const email = pick(plan.emails);
  const telegram = take(plan.single.telegram);
  const company = take(plan.single.company);
  const tags = take(plan.single.tags);
  const language = take(plan.single.language);

  cells.forEach((value, i) => {
    const v = value.trim();
    if (v !== '' && !used.has(i)) customFields[headers[i]!] = v;
  });
  return {
    line,
    firstName,
    lastName,
    fullName,
    phone,
    email,
    telegramUsername: telegram === null ? null : telegramUsername(telegram),
    company,
    tags: tags === null ? [] : splitTags(tags),
    language,
    customFields,
  };
}

/**
 * Parses a contacts CSV (Google Contacts, HubSpot, Outlook or any CSV with recognisable English/Russian headers).
 * Text may start with a BOM; bytes are decoded as UTF-8 (or UTF-16 with a BOM). Throws CsvImportError for an empty
 * file, binary data, a missing header or no usable column; broken rows are listed in `problems` and skipped.
 */
export function parseContactsCsv(input: string | Uint8Array, options: CsvParseOptions = {}): CsvContactsResult {
  let text = typeof input === 'string' ? input : decodeCsvBytes(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CsvImportError('empty file: expected a header line of column names and one contact per line');
  assertText(text);
  if (options.delimiter !== undefined && (options.delimiter === '' || /["\r\n]/.test(options.delimiter))) {
    throw new CsvImportError(`invalid delimiter ${JSON.stringify(options.delimiter)}`);
  }
  // Blank lines before the header are tolerated.
  const leading = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(text)![0];
  const delimiter = options.delimiter ?? detectDelimiter(text.slice(leading.length));

  const problems: CsvProblem[] = [];
  const records = readRecords(text, delimiter, problems);
  const header = records[0];
  if (!header || (problems[0] && problems[0].line < header.line)) {
    throw new CsvImportError(`cannot read the header line: ${problems[0]?.reason ?? 'no records'}`);
  }
  const headers = uniqueHeaders(header.fields);
  const plan = planColumns(headers, options.mapping);

  const rows: CsvContactRow[] = [];
  for (const { line, fields } of records.slice(1)) {
    if (fields.every((f) => f.trim() === '')) continue; // ",,,," — an empty row
    if (fields.length !== headers.length) {
      problems.push({ line, reason: `expected ${headers.length} fields, found ${fields.length}`, code: 'csv_field_count', params: { expected: String(headers.length), found: String(fields.length) } });
      continue;
    }
    const row = buildRow(line, fields, headers, plan);
    if (!row.fullName && !row.phone && !row.email && !row.telegramUsername) {
      problems.push({ line, reason: 'no name, phone, e-mail or Telegram username', code: 'csv_no_identity' });
      continue;
    }
    rows.push(row);
  }
  problems.sort((a, b) => a.line - b.line);
  return { delimiter, format: plan.format, mapping: describePlan(plan, headers), rows, problems };
}
