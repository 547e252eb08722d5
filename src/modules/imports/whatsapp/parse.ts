import {
  detectMedia,
  isEncryptionNotice,
  isGroupSystemText,
  isMarkedNotice,
  isSystemPhraseBeforeColon,
} from './classify.ts';
import { looksLikeHeader, matchHeader, isYearLike, resolveDate, resolveTime, type CivilDate, type ClockTime, type RawHeader } from './header.ts';
import { asciiDigits, cleanLine, type CleanLine } from './normalize.ts';
import { ZoneConverter } from './zone.ts';
import type { DateOrder, WhatsAppMedia, WhatsAppMessage, WhatsAppParseOptions, WhatsAppParseProblem, WhatsAppParseResult } from './types.ts';

export interface MessageItem {
  kind: 'message';
  line: number;
  header: RawHeader;
  first: CleanLine;
  continuation: string[];
}

export interface BrokenItem {
  kind: 'broken';
  line: number;
  reason: string;
  lines: string[];
}

export type Item = MessageItem | BrokenItem;

/** Regions whose phones write month-first dates. */
const MDY_REGIONS = new Set(['US', 'PR', 'PH', 'FM', 'MH', 'PW', 'GU', 'AS', 'VI', 'UM', 'MP']);

function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

function dayKey(date: CivilDate, time: ClockTime): number {
  return ((date.year * 13 + date.month) * 32 + date.day) * 86_400 + time.hour * 3600 + time.minute * 60 + time.second;
}

/**
 * Running tallies for the day-first/month-first decision (rules below). Every rule only needs counts, a
 * previous sort key per order, or all/any flags, so headers can be added one at a time and nothing is kept:
 * the decision over a streamed file is exactly the one over the whole header list.
 */
export class DateOrderVotes {
  private count = 0;
  private yearFirst = 0;
  private invalidDmy = 0;
  private invalidMdy = 0;
  private backDmy = 0;
  private backMdy = 0;
  private previousDmy: number | null = null;
  private previousMdy: number | null = null;
  private allSlash = true;
  private someShortYear = false;
  private someUnpadded = false;

  add(h: RawHeader): void {
    this.count++;
    if (isYearLike(h.parts[0]) && !isYearLike(h.parts[2])) this.yearFirst++;
    const dmy = resolveDate(h.parts, h.buddhistMarker, 'DMY');
    const mdy = resolveDate(h.parts, h.buddhistMarker, 'MDY');
    if (typeof dmy === 'string') this.invalidDmy++;
    if (typeof mdy === 'string') this.invalidMdy++;
    const time = resolveTime(h);
    if (typeof time !== 'string') {
      if (typeof dmy !== 'string') {
        const key = dayKey(dmy, time);
        if (this.previousDmy !== null && key < this.previousDmy) this.backDmy++;
        this.previousDmy = key;
      }
      if (typeof mdy !== 'string') {
        const key = dayKey(mdy, time);
        if (this.previousMdy !== null && key < this.previousMdy) this.backMdy++;
        this.previousMdy = key;
      }
    }
    if (h.separator !== '/') this.allSlash = false;
    if (h.parts[2].length <= 2) this.someShortYear = true;
    if (h.parts[0].length === 1 || h.parts[1].length === 1) this.someUnpadded = true;
  }

  /** See decideDateOrder. */
  decide(options: Pick<WhatsAppParseOptions, 'dateOrder' | 'locale'> = {}): DateOrder {
    if (options.dateOrder) return options.dateOrder;
    if (this.count === 0) return 'DMY';
    if (this.yearFirst * 2 > this.count) return 'YMD';
    if (this.invalidDmy !== this.invalidMdy) return this.invalidDmy < this.invalidMdy ? 'DMY' : 'MDY';
    if (this.backDmy !== this.backMdy) return this.backDmy < this.backMdy ? 'DMY' : 'MDY';
    if (options.locale) {
      const region = regionOf(options.locale);
      if (region) return MDY_REGIONS.has(region) ? 'MDY' : 'DMY';
    }
    return this.allSlash && this.someShortYear && this.someUnpadded ? 'MDY' : 'DMY';
  }
}

/**
 * Day-first or month-first, decided per file (first rule that decides wins):
 * 1. `options.dateOrder` if given.
 * 2. Year first (4-digit or era-prefixed first component) in most headers → YMD.
 * 3. The order under which fewer dates are impossible (a first component > 12 rules out MDY, a second > 12 rules
 *    out DMY; 31/04 and the like count too).
 * 4. The order under which the messages go back in time fewer times (exports are chronological).
 * 5. `options.locale`: a US-style region (US, PH, PR, …; `en` alone maximises to en-US) → MDY, any other → DMY.
 * 6. The format's own signature: slash-separated dates with a 2-digit year and an unpadded day/month (`12/9/20`)
 *    are the en-US `M/d/yy` pattern (iOS and Android alike) → MDY. Everything else — zero-padded or 4-digit-year
 *    slash dates (`09/12/2020`, en-GB & co.), dotted (`09.12.2020`) and dashed (`09-12-2020`) dates, Android 24h
 *    exports in non-US locales — → DMY, the world-wide majority.
 */
export function decideDateOrder(headers: RawHeader[], options: Pick<WhatsAppParseOptions, 'dateOrder' | 'locale'> = {}): DateOrder {
  const votes = new DateOrderVotes();
  if (!options.dateOrder) for (const h of headers) votes.add(h);
  return votes.decide(options);
}

/** `Name: text` — the first ": " (or ":" at the end of the line) ends the author. */
const STRICT_AUTHOR = /^([^\n]+?):(?:\s|$)/;
/** `Name:text` (no space, e.g. `John Doe:.`), accepted only for a name already seen as an author. */
const LOOSE_AUTHOR = /^([^:\n]{1,100}):/;
const MAX_AUTHOR_LENGTH = 100;

/** Already normalised: no whitespace at either end, and none inside other than single spaces. */
const PLAIN_NAME = /^(?:[^\s]+ )*[^\s]+$/;

function normaliseName(name: string): string {
  return PLAIN_NAME.test(name) ? name : name.trim().replace(/\s+/g, ' ');
}

/**
 * Per-name answers that only depend on the name (authors repeat on every line of a chat): bounded, so a file
 * with endless distinct "names" (an unusual colon in every line) cannot grow it.
 */
const candidateCache = new Map<string, string | null>();
const CANDIDATE_CACHE_LIMIT = 10_000;

function candidateOf(rawName: string): string | null {
  let candidate = candidateCache.get(rawName);
  if (candidate !== undefined) return candidate;
  const name = normaliseName(rawName);
  candidate = name && name.length <= MAX_AUTHOR_LENGTH && !isSystemPhraseBeforeColon(name) ? name : null;
  if (candidateCache.size >= CANDIDATE_CACHE_LIMIT) candidateCache.clear();
  candidateCache.set(rawName, candidate);
  return candidate;
}

/** Drops trailing whitespace and blank lines (String#trimEnd: linear, unlike a /\s+$/ regex). */
function trimTrailingBlank(text: string): string {
  return text.trimEnd();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Shared by every one-line message until it gets a second line (one array less per message); never pushed to. */
const NO_CONTINUATION: string[] = [];

/** Line ends: CRLF, CR or LF. */
export const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Groups lines (fed one at a time, 1-based numbering) into message items and broken items (lines that look like
 * a header but are not one, or text before the first message). An item is handed to `onItem` once the line that
 * ends it (or `finish()`) arrives, so only one item is held at a time.
 */
export class ItemAssembler {
  private current: Item | null = null;
  private lineNumber = 0;

  constructor(private readonly onItem: (item: Item) => void) {}

  push(rawLine: string): void {
    const line = ++this.lineNumber;
    const cleaned = cleanLine(rawLine);
    const ascii = asciiDigits(cleaned.text);
    const header = matchHeader(ascii);
    const current = this.current;
    if (header) {
      this.flush();
      this.current = { kind: 'message', line, header, first: cleaned, continuation: NO_CONTINUATION };
    } else if (looksLikeHeader(ascii)) {
      this.flush();
      this.current = { kind: 'broken', line, reason: 'looks like a message header but its date/time/separator could not be read', lines: [cleaned.text] };
    } else if (current?.kind === 'message') {
      if (current.continuation === NO_CONTINUATION) current.continuation = [];
      current.continuation.push(cleaned.text);
    } else if (current?.kind === 'broken') {
      current.lines.push(cleaned.text);
    } else if (cleaned.text.trim() !== '') {
      this.current = { kind: 'broken', line, reason: 'text before the first message', lines: [cleaned.text] };
    }
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    const item = this.current;
    this.current = null;
    if (item) this.onItem(item);
  }
}

export function brokenItemProblem(item: BrokenItem): WhatsAppParseProblem {
  return { line: item.line, message: item.reason, text: trimTrailingBlank(item.lines.join('\n')) };
}

/** The name a message item offers as a known author (clean "Name: " prefix, not a system phrase), or null. */
export function knownAuthorCandidate(item: MessageItem): string | null {
  const m = STRICT_AUTHOR.exec(item.first.text.slice(item.header.end));
  return m ? candidateOf(m[1]!) : null;
}

export interface AuthorSplit {
  /** Normalised name before the colon. */
  name: string;
  /** Offset in the first line where the body starts if the name is accepted as the author. */
  bodyStart: number;
}

/** `Name: ` (or `Name:` for a loose match) after the header; the author only if the name is a known author. */
export function authorSplit(item: MessageItem): AuthorSplit | null {
  const rest = item.first.text.slice(item.header.end);
  const split = STRICT_AUTHOR.exec(rest) ?? LOOSE_AUTHOR.exec(rest);
  return split ? { name: normaliseName(split[1]!), bodyStart: item.header.end + split[0].length } : null;
}

export interface ItemBody {
  author: string | null;
  text: string;
  kind: WhatsAppMessage['kind'];
  media?: WhatsAppMedia;
}

/**
 * Author, text, kind and media of a message item, given its accepted author split (null: no author).
 * `systemOnly`: the caller only asks whether it is a system message and who wrote it (the streaming reader's first
 * pass), so media is looked for only where it decides that (a marked body) — `kind` may then say 'text' for media.
 */
export function classifyBody(item: MessageItem, accepted: AuthorSplit | null, systemOnly = false): ItemBody {
  const { header, first } = item;
  let author = accepted ? accepted.name : null;
  const bodyStart = accepted ? accepted.bodyStart : header.end;
  const body = first.text.slice(bodyStart);
  const messageText = trimTrailingBlank(item.continuation.length === 0 ? body : [body, ...item.continuation].join('\n'));
  const bodyMarked = first.markedAt.has(bodyStart) || (bodyStart > 0 && first.markedAt.has(bodyStart - 1));

  let kind: WhatsAppMessage['kind'] = 'text';
  let media: WhatsAppMedia | undefined;
  if (author === null) {
    kind = 'system';
  } else if (isEncryptionNotice(messageText)) {
    kind = 'system';
    author = null;
  } else if (systemOnly && !bodyMarked) {
    // Not a system message: only a marked body can be a notice.
  } else {
    const detected = detectMedia(messageText);
    if (detected) {
      kind = 'media';
      media = detected;
    } else if (bodyMarked && isMarkedNotice(messageText)) {
      kind = 'system';
      author = null;
    }
  }
  return media ? { author, text: messageText, kind, media } : { author, text: messageText, kind };
}

export interface ItemDateTime {
  date: CivilDate;
  time: ClockTime;
}

/** Whether the item's date and time can be read under `order` (itemDateTime without building its answer). */
export function itemDateReadable(item: MessageItem, order: DateOrder): boolean {
  const { header } = item;
  return typeof resolveDate(header.parts, header.buddhistMarker, order) !== 'string' && typeof resolveTime(header) !== 'string';
}

/** The item's date and time under `order`, or the problem to report when they cannot be read. */
export function itemDateTime(item: MessageItem, order: DateOrder): ItemDateTime | WhatsAppParseProblem {
  const { header } = item;
  const date = resolveDate(header.parts, header.buddhistMarker, order);
  const time = resolveTime(header);
  if (typeof date === 'string' || typeof time === 'string') {
    return {
      line: item.line,
      message: `could not read the date/time: ${typeof date === 'string' ? date : (time as string)}`,
      text: trimTrailingBlank([item.first.text, ...item.continuation].join('\n')),
    };
  }
  return { date, time };
}

let lastDay: CivilDate | null = null;
let lastDayText = '';

/** 'YYYY-MM-DD'; resolveDate hands out the same object for the same date, so consecutive messages reuse it. */
function localDay(date: CivilDate): string {
  if (date !== lastDay) {
    lastDay = date;
    lastDayText = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
  }
  return lastDayText;
}

export type ConvertedItem = { ok: true; message: WhatsAppMessage } | { ok: false; problem: WhatsAppParseProblem };

/**
 * Header → WhatsAppMessage: the one conversion used by `parseWhatsAppExport` and by the streaming reader.
 * `knownAuthors` is the whole file's set (see knownAuthorCandidate); `index` the message's 0-based position.
 */
export function convertItem(
  item: MessageItem,
  dateOrder: DateOrder,
  knownAuthors: ReadonlySet<string>,
  zone: ZoneConverter,
  index: number,
): ConvertedItem {
  const dateTime = itemDateTime(item, dateOrder);
  if (!('date' in dateTime)) return { ok: false, problem: dateTime };
  const { date, time } = dateTime;
  const split = authorSplit(item);
  const { author, text, kind, media } = classifyBody(item, split && knownAuthors.has(split.name) ? split : null);
  const localTime = `${localDay(date)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
  const timestamp = zone.toDate(date, time);
  const message: WhatsAppMessage = { index, line: item.line, timestamp, localTime, author, text, kind };
  if (media) message.media = media;
  return { ok: true, message };
}

/**
 * Parses the text of a WhatsApp "Export chat" file (Android or iOS, any locale). Never throws on content:
 * lines it cannot understand are returned in `problems`. Throws RangeError only for an unknown `timeZone`.
 */
export function parseWhatsAppExport(text: string, options: WhatsAppParseOptions = {}): WhatsAppParseResult {
  const zone = new ZoneConverter(options.timeZone ?? 'UTC');

  const problems: WhatsAppParseProblem[] = [];
  const messageItems: MessageItem[] = [];
  const assembler = new ItemAssembler((item) => {
    if (item.kind === 'message') messageItems.push(item);
    else problems.push(brokenItemProblem(item));
  });
  for (const line of text.split(LINE_BREAK)) assembler.push(line);
  assembler.finish();

  const dateOrder = decideDateOrder(
    messageItems.map((item) => item.header),
    options,
  );

  // Authors seen with a clean "Name: " prefix that is not itself a system phrase.
  const knownAuthors = new Set<string>();
  for (const item of messageItems) {
    const candidate = knownAuthorCandidate(item);
    if (candidate) knownAuthors.add(candidate);
  }

  const messages: WhatsAppMessage[] = [];
  for (const item of messageItems) {
    const converted = convertItem(item, dateOrder, knownAuthors, zone, messages.length);
    if (converted.ok) messages.push(converted.message);
    else problems.push(converted.problem);
  }

  const authors: string[] = [];
  const seen = new Set<string>();
  for (const m of messages) {
    if (m.author !== null && !seen.has(m.author)) {
      seen.add(m.author);
      authors.push(m.author);
    }
  }
  const isGroup = authors.length > 2 || messages.some((m) => m.kind === 'system' && isGroupSystemText(m.text));
  problems.sort((a, b) => a.line - b.line);
  return { messages, authors, isGroup, dateOrder, problems };
}
