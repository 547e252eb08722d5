import {
  detectMedia,
  isEncryptionNotice,
  isGroupSystemText,
  isMarkedNotice,
  isSystemPhraseBeforeColon,
} from './classify.ts';
import { looksLikeHeader, matchHeader, isYearLike, resolveDate, resolveTime, type RawHeader } from './header.ts';
import { asciiDigits, cleanLine, type CleanLine } from './normalize.ts';
import { ZoneConverter } from './zone.ts';
import type { DateOrder, WhatsAppMessage, WhatsAppParseOptions, WhatsAppParseProblem, WhatsAppParseResult } from './types.ts';

interface MessageItem {
  kind: 'message';
  line: number;
  header: RawHeader;
  first: CleanLine;
  continuation: string[];
}

interface BrokenItem {
  kind: 'broken';
  line: number;
  reason: string;
  lines: string[];
}

type Item = MessageItem | BrokenItem;

/** Regions whose phones write month-first dates. */
const MDY_REGIONS = new Set(['US', 'PR', 'PH', 'FM', 'MH', 'PW', 'GU', 'AS', 'VI', 'UM', 'MP']);

function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

function sortKey(h: RawHeader, order: DateOrder): number | null {
  const date = resolveDate(h.parts, h.buddhistMarker, order);
  const time = resolveTime(h);
  if (typeof date === 'string' || typeof time === 'string') return null;
  return ((date.year * 13 + date.month) * 32 + date.day) * 86_400 + time.hour * 3600 + time.minute * 60 + time.second;
}

function backwardSteps(headers: RawHeader[], order: DateOrder): number {
  let steps = 0;
  let previous: number | null = null;
  for (const h of headers) {
    const key = sortKey(h, order);
    if (key === null) continue;
    if (previous !== null && key < previous) steps++;
    previous = key;
  }
  return steps;
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
  if (options.dateOrder) return options.dateOrder;
  if (headers.length === 0) return 'DMY';

  const yearFirst = headers.filter((h) => isYearLike(h.parts[0]) && !isYearLike(h.parts[2])).length;
  if (yearFirst * 2 > headers.length) return 'YMD';

  let invalidDmy = 0;
  let invalidMdy = 0;
  for (const h of headers) {
    if (typeof resolveDate(h.parts, h.buddhistMarker, 'DMY') === 'string') invalidDmy++;
    if (typeof resolveDate(h.parts, h.buddhistMarker, 'MDY') === 'string') invalidMdy++;
  }
  if (invalidDmy !== invalidMdy) return invalidDmy < invalidMdy ? 'DMY' : 'MDY';

  const backDmy = backwardSteps(headers, 'DMY');
  const backMdy = backwardSteps(headers, 'MDY');
  if (backDmy !== backMdy) return backDmy < backMdy ? 'DMY' : 'MDY';

  if (options.locale) {
    const region = regionOf(options.locale);
    if (region) return MDY_REGIONS.has(region) ? 'MDY' : 'DMY';
  }

  const usSignature =
    headers.every((h) => h.separator === '/') &&
    headers.some((h) => h.parts[2].length <= 2) &&
    headers.some((h) => h.parts[0].length === 1 || h.parts[1].length === 1);
  return usSignature ? 'MDY' : 'DMY';
}

/** `Name: text` — the first ": " (or ":" at the end of the line) ends the author. */
const STRICT_AUTHOR = /^([^\n]+?):(?:\s|$)/;
/** `Name:text` (no space, e.g. `John Doe:.`), accepted only for a name already seen as an author. */
const LOOSE_AUTHOR = /^([^:\n]{1,100}):/;
const MAX_AUTHOR_LENGTH = 100;

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Drops trailing whitespace and blank lines (String#trimEnd: linear, unlike a /\s+$/ regex). */
function trimTrailingBlank(text: string): string {
  return text.trimEnd();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Splits the text into message items and broken items (lines that look like a header but are not one). */
function scan(text: string, problems: WhatsAppParseProblem[]): Item[] {
  const items: Item[] = [];
  let current: Item | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const cleaned = cleanLine(lines[i]!);
    const ascii = asciiDigits(cleaned.text);
    const header = matchHeader(ascii);
    if (header) {
      current = { kind: 'message', line, header, first: cleaned, continuation: [] };
      items.push(current);
    } else if (looksLikeHeader(ascii)) {
      current = { kind: 'broken', line, reason: 'looks like a message header but its date/time/separator could not be read', lines: [cleaned.text] };
      items.push(current);
    } else if (current?.kind === 'message') {
      current.continuation.push(cleaned.text);
    } else if (current?.kind === 'broken') {
      current.lines.push(cleaned.text);
    } else if (cleaned.text.trim() !== '') {
      current = { kind: 'broken', line, reason: 'text before the first message', lines: [cleaned.text] };
      items.push(current);
    }
  }
  for (const item of items) {
    if (item.kind === 'broken') problems.push({ line: item.line, message: item.reason, text: trimTrailingBlank(item.lines.join('\n')) });
  }
  return items;
}

/**
 * Parses the text of a WhatsApp "Export chat" file (Android or iOS, any locale). Never throws on content:
 * lines it cannot understand are returned in `problems`. Throws RangeError only for an unknown `timeZone`.
 */
export function parseWhatsAppExport(text: string, options: WhatsAppParseOptions = {}): WhatsAppParseResult {
  const zone = new ZoneConverter(options.timeZone ?? 'UTC');

  const problems: WhatsAppParseProblem[] = [];
  const items = scan(text, problems);
  const messageItems = items.filter((item): item is MessageItem => item.kind === 'message');
  const dateOrder = decideDateOrder(
    messageItems.map((item) => item.header),
    options,
  );

  // Authors seen with a clean "Name: " prefix that is not itself a system phrase.
  const knownAuthors = new Set<string>();
  for (const item of messageItems) {
    const m = STRICT_AUTHOR.exec(item.first.text.slice(item.header.end));
    const candidate = m ? normaliseName(m[1]!) : '';
    if (candidate && candidate.length <= MAX_AUTHOR_LENGTH && !isSystemPhraseBeforeColon(candidate)) knownAuthors.add(candidate);
  }

  const messages: WhatsAppMessage[] = [];
  for (const item of messageItems) {
    const { header, first } = item;
    const date = resolveDate(header.parts, header.buddhistMarker, dateOrder);
    const time = resolveTime(header);
    if (typeof date === 'string' || typeof time === 'string') {
      problems.push({
        line: item.line,
        message: `could not read the date/time: ${typeof date === 'string' ? date : (time as string)}`,
        text: trimTrailingBlank([first.text, ...item.continuation].join('\n')),
      });
      continue;
    }

    const rest = first.text.slice(header.end);
    let author: string | null = null;
    let bodyStart = header.end;
    const strict = STRICT_AUTHOR.exec(rest);
    const loose = strict ? null : LOOSE_AUTHOR.exec(rest);
    const split = strict ?? loose;
    if (split && knownAuthors.has(normaliseName(split[1]!))) {
      author = normaliseName(split[1]!);
      bodyStart = header.end + split[0].length;
    }
    const body = first.text.slice(bodyStart);
    const messageText = trimTrailingBlank([body, ...item.continuation].join('\n'));
    const bodyMarked = first.markedAt.has(bodyStart) || (bodyStart > 0 && first.markedAt.has(bodyStart - 1));

    let kind: WhatsAppMessage['kind'] = 'text';
    let media: WhatsAppMessage['media'];
    if (author === null) {
      kind = 'system';
    } else if (isEncryptionNotice(messageText)) {
      kind = 'system';
      author = null;
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

    const localTime = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
    const timestamp = zone.toDate(date, time);
    const message: WhatsAppMessage = { index: messages.length, line: item.line, timestamp, localTime, author, text: messageText, kind };
    if (media) message.media = media;
    messages.push(message);
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
