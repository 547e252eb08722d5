import { describe, expect, it } from 'vitest';
import { mediaTypeFromFileName, parseWhatsAppExport } from './index.ts';

const lines = (...l: string[]) => l.join('\n');
const times = (text: string, options?: Parameters<typeof parseWhatsAppExport>[1]) =>
  parseWhatsAppExport(text, options).messages.map((m) => m.localTime);

describe('header shapes', () => {
  it('reads exports that put the time before the date', () => {
    const ios = parseWhatsAppExport(lines('[21:41:35, 27/03/2022] Bob: hi', '[09:05:00, 28/03/2022] Alice: hello'));
    expect(ios.problems).toEqual([]);
    expect(ios.messages.map((m) => [m.localTime, m.author, m.text])).toEqual([
      ['2022-03-27T21:41:35', 'Bob', 'hi'],
      ['2022-03-28T09:05:00', 'Alice', 'hello'],
    ]);
    expect(ios.dateOrder).toBe('DMY');

    const android = parseWhatsAppExport(lines('21:41, 27/03/2022 - Bob: hi', 'second line', '9:41 PM, 3/28/22 - Alice: yo'), { dateOrder: 'DMY' });
    expect(android.messages[0]).toMatchObject({ localTime: '2022-03-27T21:41:00', text: 'hi\nsecond line' });
    expect(android.problems).toEqual([{ line: 3, message: expect.stringContaining('month 28'), text: '9:41 PM, 3/28/22 - Alice: yo' }]);

    expect(times(lines('9:41 PM, 3/27/22 - Bob: x', '12:01 AM, 3/28/22 - Bob: y'))).toEqual(['2022-03-27T21:41:00', '2022-03-28T00:01:00']);
  });

  it('accepts U+202F (and NBSP) before AM/PM', () => {
    const result = parseWhatsAppExport(
      lines(
        '[3/27/22, 9:41:35\u202FPM] Bob: hi',
        '\u200E[3/28/22, 12:00:01\u202FAM] Bob: \u200Eimage omitted',
        '3/29/22, 7:05\u202Fam - Alice: android',
        '3/30/22, 7:05\u00A0p.\u00A0m. - Alice: nbsp',
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => m.localTime)).toEqual(['2022-03-27T21:41:35', '2022-03-28T00:00:01', '2022-03-29T07:05:00', '2022-03-30T19:05:00']);
    expect(result.messages[1]).toMatchObject({ kind: 'media', text: 'image omitted', media: { type: 'image', omitted: true } });
  });

  it('reads a 12-hour export (US Android) including 12 AM / 12 PM', () => {
    const result = parseWhatsAppExport(
      lines(
        '1/5/23, 12:05 AM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
        '1/5/23, 12:30 PM - Ann: lunch?',
        '1/5/23, 1:15 PM - Ben: sure',
        '1/5/23, 11:59 PM - Ann: night',
        '1/6/23, 9:00 AM - Ben: morning',
      ),
    );
    expect(result.dateOrder).toBe('MDY'); // nothing > 12; unpadded M/d/yy is the en-US pattern
    expect(result.messages.map((m) => m.localTime)).toEqual([
      '2023-01-05T00:05:00',
      '2023-01-05T12:30:00',
      '2023-01-05T13:15:00',
      '2023-01-05T23:59:00',
      '2023-01-06T09:00:00',
    ]);
    expect(result.messages[0]).toMatchObject({ kind: 'system', author: null });
    expect(result.authors).toEqual(['Ann', 'Ben']);
    expect(result.isGroup).toBe(false);
  });

  it('reads other date shapes: year first, old iOS without brackets, Korean/Japanese meridiem prefixes', () => {
    expect(parseWhatsAppExport('2022-03-27 21:41 - Bob: x')).toMatchObject({ dateOrder: 'YMD', messages: [{ localTime: '2022-03-27T21:41:00' }] });
    expect(times('27.03.22 21:41:35: Bob: x')).toEqual(['2022-03-27T21:41:35']);
    expect(times('[2022/03/27 午後9:41:35] Bob: x')).toEqual(['2022-03-27T21:41:35']);
    expect(times('2022. 3. 27. 오후 9:41 - Bob: x')).toEqual(['2022-03-27T21:41:00']);
  });

  it('converts Japanese era and Buddhist era years', () => {
    expect(times(lines('[3/27/R4, 21:41:35] Bob: a', '[1/7/R5, 08:00:00] Bob: b', '[4/30/H31, 10:00:00] Bob: c'))).toEqual([
      '2022-03-27T21:41:35',
      '2023-01-07T08:00:00',
      '2019-04-30T10:00:00',
    ]);
    expect(times('[R4/3/27 21:41:35] Bob: year first')).toEqual(['2022-03-27T21:41:35']);
    expect(times('[令和4/3/27 21:41:35] Bob: kanji era')).toEqual(['2022-03-27T21:41:35']);
    expect(times(lines('[27/3/2565 21:41:35] Bob: a', '[1/1/2566 00:00:00] Bob: b'))).toEqual(['2022-03-27T21:41:35', '2023-01-01T00:00:00']);
    expect(times('27/3/2565 BE, 21:41 - Bob: marked')).toEqual(['2022-03-27T21:41:00']);
    expect(times('[27/3/65 21:41:35] Bob: two-digit Buddhist year')).toEqual(['2022-03-27T21:41:35']);
  });

  it('reads Arabic-Indic digits and keeps them in the text', () => {
    const result = parseWhatsAppExport('\u200F[٢٧\u200F/٣\u200F/٢٠٢٢، ٩:٤١:٣٥\u00A0ص] \u202A+996\u00A0700\u00A0123\u00A0456\u202C: \u200Fالساعة ٩');
    expect(result.messages[0]).toMatchObject({ localTime: '2022-03-27T09:41:35', author: '+996 700 123 456', text: 'الساعة ٩' });
  });
});

describe('file-level robustness', () => {
  it('reports a broken line in the middle and parses the rest', () => {
    const result = parseWhatsAppExport(
      lines(
        '27/03/2022, 21:41 - Bob: one',
        'still one',
        '27/03/2022, 21:4x - Bob: broken header',
        'belongs to the broken message',
        '27/03/2022, 21:42 - Alice: two',
        '31/02/2022, 21:43 - Alice: impossible date',
        '27/03/2022, 21:44 - Alice: three',
      ),
    );
    expect(result.messages.map((m) => [m.line, m.author, m.text])).toEqual([
      [1, 'Bob', 'one\nstill one'],
      [5, 'Alice', 'two'],
      [7, 'Alice', 'three'],
    ]);
    expect(result.messages.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(result.problems).toEqual([
      { line: 3, message: expect.stringContaining('could not be read'), text: '27/03/2022, 21:4x - Bob: broken header\nbelongs to the broken message' },
      { line: 6, message: expect.stringContaining('day 31'), text: '31/02/2022, 21:43 - Alice: impossible date' },
    ]);
  });

  it('reports text before the first message instead of dropping it', () => {
    const result = parseWhatsAppExport(lines('', 'garbage at the top', 'more', '27/03/2022, 21:41 - Bob: one'));
    expect(result.problems).toEqual([{ line: 2, message: 'text before the first message', text: 'garbage at the top\nmore' }]);
    expect(result.messages).toHaveLength(1);
  });

  it('handles BOM, CRLF, a missing final newline and trailing blank lines', () => {
    const result = parseWhatsAppExport('\uFEFF[3/27/22, 21:41:35] Bob: a\r\nmulti\r\n\r\n[3/27/22, 21:42:00] Ann: b\r\n\r\n');
    expect(result.messages.map((m) => [m.line, m.text])).toEqual([
      [1, 'a\nmulti'],
      [4, 'b'],
    ]);
    expect(parseWhatsAppExport('[3/27/22, 21:41:35] Bob: last line without newline').messages[0]!.text).toBe('last line without newline');
  });

  it('returns an empty result for empty input', () => {
    expect(parseWhatsAppExport('')).toEqual({ messages: [], authors: [], isGroup: false, dateOrder: 'DMY', problems: [] });
  });

  it('converts the wall-clock with the given IANA time zone (DST aware) and rejects unknown zones', () => {
    const text = lines('[1/15/22, 12:00:00] Bob: winter', '[7/15/22, 12:00:00] Bob: summer');
    expect(parseWhatsAppExport(text, { timeZone: 'America/New_York' }).messages.map((m) => m.timestamp.toISOString())).toEqual([
      '2022-01-15T17:00:00.000Z',
      '2022-07-15T16:00:00.000Z',
    ]);
    expect(parseWhatsAppExport(text, { timeZone: 'Asia/Bishkek' }).messages[0]!.localTime).toBe('2022-01-15T12:00:00');
    expect(() => parseWhatsAppExport(text, { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('date order', () => {
  it('a component > 12 anywhere in the file decides', () => {
    expect(parseWhatsAppExport(lines('01/02/2022, 10:00 - A: x', '13/02/2022, 10:00 - A: y')).dateOrder).toBe('DMY');
    expect(parseWhatsAppExport(lines('01/02/2022, 10:00 - A: x', '02/13/2022, 10:00 - A: y')).dateOrder).toBe('MDY');
  });

  it('then the order that keeps the messages chronological', () => {
    // DMY: 1 Feb, 5 Feb, 1 Mar — MDY would be 2 Jan, 2 May, 3 Jan (goes back).
    expect(parseWhatsAppExport(lines('01/02/2022, 10:00 - A: x', '05/02/2022, 10:00 - A: y', '01/03/2022, 10:00 - A: z')).dateOrder).toBe('DMY');
    // MDY: 2 Jan, 5 Jan, 1 Feb — DMY would be 1 Feb, 1 May, 2 Jan (goes back).
    expect(parseWhatsAppExport(lines('01/02/2022, 10:00 - A: x', '01/05/2022, 10:00 - A: y', '02/01/2022, 10:00 - A: z')).dateOrder).toBe('MDY');
  });

  it('then the locale hint, then the format signature (unpadded M/d/yy → MDY, otherwise DMY)', () => {
    const padded = '01/02/2022, 10:00 - A: x';
    expect(parseWhatsAppExport(padded).dateOrder).toBe('DMY');
    expect(parseWhatsAppExport(padded, { locale: 'en-US' }).dateOrder).toBe('MDY');
    expect(parseWhatsAppExport(padded, { locale: 'ru' }).dateOrder).toBe('DMY');
    expect(parseWhatsAppExport('1/2/22, 10:00 - A: x').dateOrder).toBe('MDY');
    expect(parseWhatsAppExport('1/2/22, 10:00 - A: x', { locale: 'es-ES' }).dateOrder).toBe('DMY');
    expect(parseWhatsAppExport('01.02.22, 10:00 - A: x').dateOrder).toBe('DMY');
    expect(parseWhatsAppExport('1/2/22, 10:00 - A: x', { dateOrder: 'DMY' }).messages[0]!.localTime).toBe('2022-02-01T10:00:00');
  });
});

describe('authors, system messages and media', () => {
  it('does not take a system phrase before ": " for an author', () => {
    const result = parseWhatsAppExport(
      lines('27/03/2022, 21:41 - Alice: hi', '27/03/2022, 21:42 - Alice changed the subject from "a" to "b: c"', '27/03/2022, 21:43 - Bob: I added salt: yes'),
    );
    expect(result.messages.map((m) => [m.kind, m.author, m.text])).toEqual([
      ['text', 'Alice', 'hi'],
      ['system', null, 'Alice changed the subject from "a" to "b: c"'],
      ['text', 'Bob', 'I added salt: yes'],
    ]);
    expect(result.isGroup).toBe(true);
  });

  it('reads iOS group events written under the group name', () => {
    const result = parseWhatsAppExport(lines('[1/2/22, 10:00:00] Team: \u200EAlice added Bob', '[1/2/22, 10:01:00] Bob: I added the milk'));
    expect(result.messages.map((m) => [m.kind, m.author])).toEqual([
      ['system', null],
      ['text', 'Bob'],
    ]);
    expect(result.authors).toEqual(['Bob']);
    expect(result.isGroup).toBe(true);
  });

  it('reads attachments and placeholders with captions', () => {
    const { messages } = parseWhatsAppExport(
      lines(
        '[3/27/22, 21:41:35] Bob: \u200E<attached: 00000012-PHOTO-2022-03-27-21-41-55.jpg>',
        '[3/27/22, 21:41:36] Bob: \u200E<attached: 00000013-AUDIO-2022-03-27-21-41-56.opus>',
        '[3/27/22, 21:41:37] Bob: \u200E<attached: 00000014-Invoice.pdf>',
        'the invoice',
        '[3/27/22, 21:41:38] Bob: I think the image omitted was fine',
      ),
    );
    expect(messages.map((m) => m.media)).toEqual([
      { type: 'image', fileName: '00000012-PHOTO-2022-03-27-21-41-55.jpg', omitted: false },
      { type: 'voice', fileName: '00000013-AUDIO-2022-03-27-21-41-56.opus', omitted: false },
      { type: 'document', fileName: '00000014-Invoice.pdf', omitted: false, caption: 'the invoice' },
      undefined,
    ]);
    expect(messages[3]!.kind).toBe('text');

    const android = parseWhatsAppExport(lines('27/03/2022, 21:41 - Bob: IMG-20220327-WA0001.jpg (file attached)', 'nice pic', '27/03/2022, 21:42 - Bob: <Media omitted>'));
    expect(android.messages.map((m) => m.media)).toEqual([
      { type: 'image', fileName: 'IMG-20220327-WA0001.jpg', omitted: false, caption: 'nice pic' },
      { type: 'other', omitted: true },
    ]);

    // An unlisted language's "<… media …>" placeholder is media only as the whole line.
    const other = parseWhatsAppExport(lines('27/03/2022, 21:41 - Bob: <Media izostavljena>', '27/03/2022, 21:42 - Bob: follow my <social media>'));
    expect(other.messages.map((m) => m.kind)).toEqual(['media', 'text']);
  });

  it('guesses media types from WhatsApp file names and extensions', () => {
    expect(
      ['PTT-20220323-WA0000.opus', 'STK-20220323-WA0003.webp', 'IMG-1.jpg', 'VID-1.mp4', 'AUD-1.mp3', 'Alex.vcf', 'a.docx', '00000034-GIF-2022.mp4', 'x.bin'].map(
        mediaTypeFromFileName,
      ),
    ).toEqual(['voice', 'sticker', 'image', 'video', 'audio', 'contact', 'document', 'video', 'other']);
  });
});
