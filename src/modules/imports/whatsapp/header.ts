/**
 * Recognises the date/time header that starts every message line of a WhatsApp export, and turns the
 * written date into Gregorian components once the file's date order is known.
 *
 * Shapes accepted (on a line already cleaned of marks, with native digits made ASCII):
 *   [DATE, TIME] rest        iOS: `[3/27/22, 21:41:35]`, `[3/27/22 21.41.35]`, `[18/3/2022, 2:56:00 م]`
 *   DATE, TIME - rest        Android: `27/03/2022, 21:41 - `, `27-03-2022 21:41 - `, `12/30/2021, 10:01 p. m. - `
 *   DATE TIME: rest          old iOS without brackets: `27.03.22 21:41:35: `
 *   and each of them with the time before the date: `[21:41:35, 27/03/2022]`, `21:41, 27/03/2022 - `.
 * DATE is three numbers separated by `/`, `.` or `-` (optional spaces); a year may carry a Japanese era
 * prefix (`R4` = Reiwa 4 = 2022, also H/S/T/M and 令和/平成/昭和/大正/明治) or a Buddhist-era suffix (`BE`, `พ.ศ.`).
 * TIME is `H:MM[:SS]` or `H.MM[.SS]` with an optional AM/PM marker before or after it
 * (`AM`, `p.m.`, `a. m.`, `ص`/`م`, `午前`/`午後`, `上午`/`下午`, `오전`/`오후`).
 */

import type { DateOrder } from './types.ts';

const ERA = '(?:[RHSTM]|令和|平成|昭和|大正|明治)';
const COMP = `(${ERA}?\\d{1,4})`;
const DSEP = '\\s?[./-]\\s?';
const DATE = `${COMP}${DSEP}${COMP}${DSEP}${COMP}\\.?(?:\\s?(BE|B\\.E\\.|พ\\.ศ\\.))?`; // 4 groups
const AMPM = '(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?|ص|م|午前|午後|上午|下午|오전|오후)';
const TIME = `(?:${AMPM}\\s?)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:\\s?${AMPM})?`; // 5 groups
const JOIN = '(?:\\s*,\\s*|\\s+)(?:(?:à|a las|às|um|at|alle|klo\\.?|kl\\.)\\s+)?';
const BRACKET_END = '\\s?\\](?:\\s+|$)';
const PLAIN_END = '(?:\\s?[-–]\\s+|\\s?[-–]$|:\\s+)';

interface Shape {
  re: RegExp;
  timeFirst: boolean;
}

const SHAPES: Shape[] = [
  { re: new RegExp(`^\\[\\s?${DATE}${JOIN}${TIME}${BRACKET_END}`, 'i'), timeFirst: false },
  { re: new RegExp(`^${DATE}${JOIN}${TIME}${PLAIN_END}`, 'i'), timeFirst: false },
  { re: new RegExp(`^\\[\\s?${TIME}${JOIN}${DATE}${BRACKET_END}`, 'i'), timeFirst: true },
  { re: new RegExp(`^${TIME}${JOIN}${DATE}${PLAIN_END}`, 'i'), timeFirst: true },
];

/**
 * Something that starts like a header but may not be a valid one: a date followed closely by an hour and a
 * ':' / '.' (`27/03/2022, 21:4x - …`, `[3/27/22, 21:41:35 Bob: …` without its ']'), or a time followed by a date.
 * "12/03/2022 is the deadline" in a message body is not header-like; "12/03/2022 10:00 meeting" is.
 */
const HEADER_LIKE = new RegExp(
  `^\\[?\\s?(?:${ERA}?\\d{1,4}${DSEP}\\d{1,4}${DSEP}${ERA}?\\d{1,4}\\.?(?:,|\\s)[^\\n\\d]{0,10}\\d{1,2}\\s?[:.]|(?:${AMPM}\\s?)?\\d{1,2}[:.]\\d{2}[^\\n]{0,16}?\\d{1,4}${DSEP}\\d{1,4}${DSEP}${ERA}?\\d{1,4})`,
  'i',
);

const QUICK_START = /^[\s[\d]|^[RHSTMrhstm]\d|^(?:令和|平成|昭和|大正|明治|午前|午後|上午|下午|오전|오후|[ap]\.?\s?m)/i;

export interface RawHeader {
  /** Offset in the line where the text after the header starts. */
  end: number;
  /** The three date components as written (ASCII digits, era prefix kept). */
  parts: [string, string, string];
  /** The date separator used ('/', '.', '-'). */
  separator: string;
  buddhistMarker: boolean;
  hour: number;
  minute: number;
  second: number;
  meridiem: 'am' | 'pm' | null;
  bracketed: boolean;
  timeFirst: boolean;
}

function meridiemOf(token: string | undefined): 'am' | 'pm' | null {
  if (!token) return null;
  const t = token.toLowerCase().replace(/[\s.]/g, '');
  if (t === 'am' || t === 'ص' || t === '午前' || t === '上午' || t === '오전') return 'am';
  if (t === 'pm' || t === 'م' || t === '午後' || t === '下午' || t === '오후') return 'pm';
  return null;
}

const enum Code {
  Tab = 9,
  Space = 32,
  Dash = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Comma = 44,
  OpenBracket = 91,
  CloseBracket = 93,
  EnDash = 0x2013,
}

function isDigit(code: number): boolean {
  return code >= Code.Zero && code <= Code.Nine;
}

/** Whitespace as RegExp `\s` sees it, beyond space and tab. */
const OTHER_WHITESPACE = /\s/;

/** Index after the run of ASCII digits starting at `from` (at most `max`), or -1 when there are none or too many. */
/** The number written in ASCII digits s[from..to) (the caller checked they are digits). */
function digitsValue(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - Code.Zero;
  return n;
}

function digitsEnd(s: string, from: number, max: number): number {
  let i = from;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i === from || i - from > max ? -1 : i;
}

/** Index after the whitespace run at `from`; -1 when it holds whitespace other than space/tab (left to the RegExp). */
function blankEnd(s: string, from: number): number {
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === Code.Space || c === Code.Tab) continue;
    if (c > 127 || c < 32 ? OTHER_WHITESPACE.test(s[i]!) : false) return -1;
    break;
  }
  return i;
}

/**
 * The common shapes without a RegExp: `27/03/2022, 21:41 - ` (Android) and `[27/03/2022, 21:41:35] ` (iOS) —
 * ASCII digits, one separator, no era, marker or AM/PM. Returns the same header the SHAPES would, or undefined
 * when the line is anything else (then the RegExps decide, so this only ever takes a shortcut).
 */
function matchCommonHeader(s: string): RawHeader | undefined {
  const bracketed = s.charCodeAt(0) === Code.OpenBracket;
  const start = bracketed ? 1 : 0;
  const e1 = digitsEnd(s, start, 4);
  if (e1 < 0) return undefined;
  const sep = s.charCodeAt(e1);
  if (sep !== Code.Slash && sep !== Code.Dot && sep !== Code.Dash) return undefined;
  const e2 = digitsEnd(s, e1 + 1, 4);
  if (e2 < 0 || s.charCodeAt(e2) !== sep) return undefined;
  const e3 = digitsEnd(s, e2 + 1, 4);
  if (e3 < 0) return undefined;
  let i = e3;
  if (s.charCodeAt(i) === Code.Comma) i++;
  if (s.charCodeAt(i) !== Code.Space) return undefined;
  const hourStart = i + 1;
  const hourEnd = digitsEnd(s, hourStart, 2);
  if (hourEnd < 0) return undefined;
  const timeSep = s.charCodeAt(hourEnd);
  if (timeSep !== Code.Colon && timeSep !== Code.Dot) return undefined;
  const minuteEnd = digitsEnd(s, hourEnd + 1, 2);
  if (minuteEnd !== hourEnd + 3) return undefined;
  let second = 0;
  i = minuteEnd;
  let c = s.charCodeAt(i);
  if ((c === Code.Colon || c === Code.Dot) && digitsEnd(s, i + 1, 2) === i + 3) {
    second = digitsValue(s, i + 1, i + 3);
    i += 3;
    c = s.charCodeAt(i);
  }
  let end: number;
  if (bracketed) {
    if (c !== Code.CloseBracket) return undefined;
    end = blankEnd(s, i + 1);
    if (end < 0 || (end === i + 1 && end !== s.length)) return undefined;
  } else {
    if (c === Code.Space) c = s.charCodeAt(++i);
    if (c !== Code.Dash && c !== Code.EnDash) return undefined;
    end = blankEnd(s, i + 1);
    if (end < 0 || (end === i + 1 && end !== s.length)) return undefined;
  }
  return {
    end,
    parts: [s.slice(start, e1), s.slice(e1 + 1, e2), s.slice(e2 + 1, e3)],
    separator: s[e1]!,
    buddhistMarker: false,
    hour: digitsValue(s, hourStart, hourEnd),
    minute: digitsValue(s, hourEnd + 1, minuteEnd),
    second,
    meridiem: null,
    bracketed,
    timeFirst: false,
  };
}

export function matchHeader(ascii: string): RawHeader | null {
  if (!QUICK_START.test(ascii)) return null;
  const common = matchCommonHeader(ascii);
  if (common) return common;
  return matchHeaderByShapes(ascii);
}

function group(m: RegExpExecArray, i: number): string | undefined {
  return m[i];
}

/** The header as the SHAPES RegExps read it (exported for the test that checks the shortcut against it). */
export function matchHeaderByShapes(ascii: string): RawHeader | null {
  for (const shape of SHAPES) {
    const m = shape.re.exec(ascii);
    if (!m) continue;
    const first = shape.timeFirst ? 5 : 0;
    const time = shape.timeFirst ? 0 : 4;
    const d1 = group(m, first + 1);
    const d2 = group(m, first + 2);
    const d3 = group(m, first + 3);
    const be = group(m, first + 4);
    const ap1 = group(m, time + 1);
    const h = group(m, time + 2);
    const mi = group(m, time + 3);
    const s = group(m, time + 4);
    const ap2 = group(m, time + 5);
    if (d1 === undefined || d2 === undefined || d3 === undefined || h === undefined || mi === undefined) continue;
    const separator = /\d\s?([./-])/.exec(m[0].slice(m[0].indexOf(d1)))?.[1] ?? '/';
    return {
      end: m[0].length,
      parts: [d1, d2, d3],
      separator,
      buddhistMarker: be !== undefined,
      hour: Number(h),
      minute: Number(mi),
      second: s === undefined ? 0 : Number(s),
      meridiem: meridiemOf(ap1 ?? ap2),
      bracketed: ascii.startsWith('['),
      timeFirst: shape.timeFirst,
    };
  }
  return null;
}

export function looksLikeHeader(ascii: string): boolean {
  return QUICK_START.test(ascii) && HEADER_LIKE.test(ascii);
}

const ERA_BASE: Record<string, number> = {
  R: 2018, 令和: 2018, // Reiwa 1 = 2019
  H: 1988, 平成: 1988, // Heisei 1 = 1989
  S: 1925, 昭和: 1925, // Showa 1 = 1926
  T: 1911, 大正: 1911, // Taisho 1 = 1912
  M: 1867, 明治: 1867, // Meiji 1 = 1868
};

/** Is this component written as a year (4 digits or an era-prefixed number)? */
export function isYearLike(part: string): boolean {
  return /^\D/.test(part) || part.length >= 3;
}

const BUDDHIST_OFFSET = 543;

/**
 * Gregorian year from a written year:
 * - era-prefixed (`R4`) → era base + n;
 * - 4 digits ≥ 2400, or any year marked `BE`/`พ.ศ.` → Buddhist era, minus 543 (2565 → 2022);
 * - 2 digits → 2000 + yy, except 52–99, which cannot be Gregorian WhatsApp years and are read as the Buddhist
 *   years 2552–2599 (→ 2009–2056), as Thai phones on the Buddhist calendar write them;
 * - otherwise as written.
 */
export function gregorianYear(part: string, buddhistMarker: boolean): number | null {
  const era = /^([A-Za-z]|令和|平成|昭和|大正|明治)(\d{1,2})$/.exec(part);
  if (era) {
    const base = ERA_BASE[era[1]!.toUpperCase()];
    const n = Number(era[2]);
    return base === undefined || n < 1 ? null : base + n;
  }
  if (!/^\d+$/.test(part)) return null;
  const n = Number(part);
  if (part.length <= 2) {
    if (buddhistMarker || n >= 52) return 2500 + n - BUDDHIST_OFFSET;
    return 2000 + n;
  }
  if (part.length === 3) return null;
  if (buddhistMarker || n >= 2400) return n - BUDDHIST_OFFSET;
  return n;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  const y = year >= 0 && year <= 99 ? 1900 + year : year; // as Date.UTC reads two-digit years
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** The last answer per order: consecutive messages nearly always share their date, so most calls are a lookup. */
interface LastDate {
  a: string;
  b: string;
  c: string;
  marker: boolean;
  result: CivilDate | string;
}
const lastDate: Record<DateOrder, LastDate | null> = { DMY: null, MDY: null, YMD: null };

/** Gregorian components for a header under a date order, or a reason why it is not a valid date (callers must not mutate it). */
export function resolveDate(parts: [string, string, string], buddhistMarker: boolean, order: DateOrder): CivilDate | string {
  const last = lastDate[order];
  if (last !== null && last.a === parts[0] && last.b === parts[1] && last.c === parts[2] && last.marker === buddhistMarker) return last.result;
  const result = computeDate(parts, buddhistMarker, order);
  lastDate[order] = { a: parts[0], b: parts[1], c: parts[2], marker: buddhistMarker, result };
  return result;
}

function computeDate(parts: [string, string, string], buddhistMarker: boolean, order: DateOrder): CivilDate | string {
  const [a, b, c] = parts;
  const [y, m, d] = order === 'YMD' ? [a, b, c] : order === 'DMY' ? [c, b, a] : [c, a, b];
  if (!/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return `date ${parts.join('/')} does not fit the file's ${order} order`;
  const year = gregorianYear(y, buddhistMarker);
  if (year === null) return `unreadable year "${y}"`;
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12) return `month ${month} is out of range (${order} order)`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} is out of range for ${year}-${String(month).padStart(2, '0')} (${order} order)`;
  return { year, month, day };
}

export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
}

export function resolveTime(h: RawHeader): ClockTime | string {
  let hour = h.hour;
  if (h.meridiem && hour <= 12) {
    if (h.meridiem === 'am' && hour === 12) hour = 0;
    else if (h.meridiem === 'pm' && hour < 12) hour += 12;
  }
  if (hour > 23 || h.minute > 59 || h.second > 59) return `time ${h.hour}:${h.minute}:${h.second} is out of range`;
  return { hour, minute: h.minute, second: h.second };
}
