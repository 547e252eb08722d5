/**
 * Cross-check against the maintained `whatsapp-chat-parser` library (dev dependency, test-only): where it reads a
 * fixture, our parser must agree with it message by message, and every difference must be one of the documented
 * improvements. Where it fails (Arabic iOS, Japanese era, time before date, Buddhist years) we say so.
 */
import { parseString, type Message } from 'whatsapp-chat-parser';
import { describe, expect, it } from 'vitest';
import { parseWhatsAppExport, type WhatsAppParseResult } from './index.ts';
import { stripMarks } from './normalize.ts';
import { fixturesAvailable, fixturesSkipMessage, readFixture, whatsappFixtureNames } from '../../../../test/helpers/shared-fixtures.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** The library builds dates with the process's local time zone: read them back the same way. */
function wallClock(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

type Difference = 'system message the library attributes to a name' | 'author with no space after the colon';

function compare(lib: Message[], ours: WhatsAppParseResult): Difference[] {
  expect(ours.messages).toHaveLength(lib.length);
  const differences: Difference[] = [];
  ours.messages.forEach((m, i) => {
    const l = lib[i]!;
    expect(m.localTime, `message ${i}`).toBe(wallClock(l.date));
    const libAuthor = l.author === null ? null : stripMarks(l.author).trim();
    const libText = stripMarks(l.message).replace(/\s+$/, '');
    if (libAuthor === m.author) {
      expect(m.text, `message ${i}`).toBe(libText);
    } else if (m.author === null && m.kind === 'system') {
      differences.push('system message the library attributes to a name');
      expect(m.text).toBe(libText);
    } else if (libAuthor === null && libText === `${m.author}:${m.text}`) {
      differences.push('author with no space after the colon');
    } else {
      throw new Error(`message ${i}: library author ${JSON.stringify(libAuthor)}, ours ${JSON.stringify(m.author)}`);
    }
  });
  return differences;
}

const LIBRARY_READS_NOTHING = ['whatsapp_whats_json_arabic_ios.txt', 'whatsapp_whats_json_calendar_japanese_ios.txt'];

describe.skipIf(!fixturesAvailable)(`whatsapp-chat-parser parity on the fixtures${fixturesAvailable ? '' : ` (${fixturesSkipMessage})`}`, () => {
  it.each(whatsappFixtureNames())('%s', (name) => {
    const text = readFixture(name);
    const ours = parseWhatsAppExport(text);
    if (LIBRARY_READS_NOTHING.includes(name)) {
      expect(parseString(text)).toEqual([]);
      expect(ours.messages.length).toBeGreaterThan(20);
      return;
    }
    // Give the library the date order we detected (its own guess differs on 4A_11M, see below).
    const lib = parseString(text, { daysFirst: ours.dateOrder === 'DMY' });
    const differences = compare(lib, ours);
    for (const d of differences) {
      expect(['system message the library attributes to a name', 'author with no space after the colon']).toContain(d);
    }
    if (name.startsWith('whatsapp_chatminer_')) expect(differences).toEqual(['author with no space after the colon']);
  });

  it('4A_11M ("12/9/20", nothing > 12): the library guesses day-first, we read the en-US M/d/yy pattern', () => {
    const text = readFixture('whatsapp_chat_analytics_4A_11M.txt');
    expect(wallClock(parseString(text)[0]!.date).slice(0, 10)).toBe('2020-09-12');
    expect(parseWhatsAppExport(text).messages[0]!.localTime.slice(0, 10)).toBe('2020-12-09');
  });
});

describe('where the library falls short (synthetic)', () => {
  it('time before the date', () => {
    const text = '[21:41:35, 27/03/2022] Bob: hi\n[21:42:00, 27/03/2022] Ann: yo';
    expect(parseString(text)).toEqual([]);
    expect(parseWhatsAppExport(text).messages.map((m) => m.localTime)).toEqual(['2022-03-27T21:41:35', '2022-03-27T21:42:00']);
  });

  it('U+202F before PM: not a shortfall — the library reads it too (JS \\s matches U+202F)', () => {
    const text = '[3/27/22, 9:41:35\u202FPM] Bob: hi\n[3/28/22, 12:00:01\u202FAM] Bob: yo';
    const lib = parseString(text);
    expect(lib.map((m) => wallClock(m.date))).toEqual(['2022-03-27T21:41:35', '2022-03-28T00:00:01']);
    expect(parseWhatsAppExport(text).messages.map((m) => m.localTime)).toEqual(lib.map((m) => wallClock(m.date)));
  });

  it('Buddhist-era years', () => {
    const text = '[27/3/2565 21:41:35] Bob: hi';
    expect(parseString(text)[0]!.date.getFullYear()).toBe(2565);
    expect(parseWhatsAppExport(text).messages[0]!.localTime).toBe('2022-03-27T21:41:35');
  });
});
