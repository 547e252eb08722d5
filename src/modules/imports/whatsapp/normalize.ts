/**
 * Text normalisation for WhatsApp exports.
 *
 * - Invisible direction/format marks are removed: U+200E LRM, U+200F RLM, U+202A–U+202E (embeddings/overrides),
 *   U+2066–U+2069 (isolates), U+061C ARABIC LETTER MARK and the BOM U+FEFF.
 * - NBSP (U+00A0), U+202F NARROW NO-BREAK SPACE and U+2007 FIGURE SPACE become plain spaces.
 * - For header matching only, native digits (Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai,
 *   full-width) become ASCII digits and the Arabic comma '،' becomes ','. That mapping is one UTF-16 unit to one,
 *   so offsets found in the ASCII copy are valid in the cleaned line and message text keeps its own digits.
 */

const MARK = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/;
const MARKS = new RegExp(MARK.source, 'g');
const SPACES = /[\u00A0\u202F\u2007]/g;
const ANY_SPECIAL = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00A0\u202F\u2007]/;
const ANY_NATIVE_DIGIT = /[\u060C\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF\u0E50-\u0E59\uFF10-\uFF19]/;

export function stripMarks(s: string): string {
  return s.replace(MARKS, '').replace(SPACES, ' ');
}

export interface CleanLine {
  /** The line with marks removed and special spaces made plain. */
  text: string;
  /** Offsets in `text` that had at least one mark removed right before them. */
  markedAt: ReadonlySet<number>;
}

const NO_MARKS: ReadonlySet<number> = new Set<number>();

function isMark(code: number): boolean {
  return (
    code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x061c || code === 0xfeff
  );
}

function isOddSpace(code: number): boolean {
  return code === 0x00a0 || code === 0x202f || code === 0x2007;
}

/** Like stripMarks, and remembers where marks stood (an iOS system/media body starts with U+200E). */
export function cleanLine(s: string): CleanLine {
  if (!ANY_SPECIAL.test(s)) return { text: s, markedAt: NO_MARKS };
  const markedAt = new Set<number>();
  const parts: string[] = [];
  let outLength = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x00a0) continue;
    const mark = isMark(code);
    if (!mark && !isOddSpace(code)) continue;
    if (i > from) {
      parts.push(s.slice(from, i));
      outLength += i - from;
    }
    if (mark) {
      markedAt.add(outLength);
    } else {
      parts.push(' ');
      outLength += 1;
    }
    from = i + 1;
  }
  if (from < s.length) parts.push(s.slice(from));
  return { text: parts.join(''), markedAt };
}

const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0xff10];

/** Length-preserving: native digits → ASCII, '،' → ','. */
export function asciiDigits(s: string): string {
  if (!ANY_NATIVE_DIGIT.test(s)) return s;
  let changed = false;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let mapped: string | null = null;
    if (code === 0x060c) mapped = ',';
    else if (code >= 0x0660) {
      for (const zero of DIGIT_ZEROS) {
        if (code >= zero && code <= zero + 9) {
          mapped = String.fromCharCode(0x30 + code - zero);
          break;
        }
      }
    }
    if (mapped !== null) changed = true;
    out.push(mapped ?? s[i]!);
  }
  return changed ? out.join('') : s;
}
