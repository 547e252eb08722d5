import { describe, expect, it } from 'vitest';
import { parseWhatsAppExport, type DateOrder, type WhatsAppMessage, type WhatsAppParseResult } from './index.ts';
import { fixturesAvailable, fixturesSkipMessage, readFixture, whatsappFixtureNames } from '../../../../test/helpers/shared-fixtures.ts';

interface Expected {
  line: number;
  author: string | null;
  localTime: string;
  text: string;
}

interface FixtureSpec {
  count: number;
  text: number;
  media: number;
  system: number;
  /** Messages whose text spans several lines. */
  multiLine: number;
  dateOrder: DateOrder;
  isGroup: boolean;
  authors: string[];
  /** Media types; '+file' marks an attached/named file (omitted: false). */
  mediaTypes: Record<string, number>;
  systemLines: number[];
  first: Expected;
  last: Expected;
}

const EN_NOTICE = 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.';
const EN_NOTICE_TAP = `${EN_NOTICE} Tap to learn more.`;
const LOREM_FIRST: Expected = { line: 1, author: 'John Doe', localTime: '2019-01-01T11:25:00', text: 'Lorem ipsum dolor sit amet.' };
const LOREM_LAST: Expected = {
  line: 10,
  author: 'John Doe',
  localTime: '2021-12-30T22:01:00',
  text: 'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
};
const CHATMINER = {
  count: 9, text: 7, media: 0, system: 2, multiLine: 2, isGroup: true,
  authors: ['John Doe', 'Jahn Doe', 'John-John Doe', 'John Doe 🤓', '🤓'],
  mediaTypes: {}, systemLines: [6, 7], first: LOREM_FIRST, last: LOREM_LAST,
};
/** whats_json iOS exports: the same 23-message conversation in every language. */
const IOS_MEDIA = { image: 4, video: 3, audio: 1, contact: 1, sticker: 2, document: 3, 'location+file': 2 };
const whatsJsonIos = (first: string, firstTime: string, last: string): FixtureSpec => ({
  count: 23, text: 6, media: 16, system: 1, multiLine: 0, dateOrder: 'MDY', isGroup: false,
  authors: ['Dmitry S', 'Elon Musk'], mediaTypes: IOS_MEDIA, systemLines: [1],
  first: { line: 1, author: null, localTime: firstTime, text: first },
  last: { line: 23, author: 'Dmitry S', localTime: '2022-03-27T21:56:45', text: last },
});
const ANDROID_MEDIA = { other: 27, 'location+file': 3, 'contact+file': 2 };

const SPECS: Record<string, FixtureSpec> = {
  'whatsapp_chat_analytics_4A_11M.txt': {
    count: 14, text: 11, media: 0, system: 3, multiLine: 0, dateOrder: 'MDY', isGroup: true,
    authors: ['Bob', 'Eve', 'Alice', 'Mallory', 'Trent'], mediaTypes: {}, systemLines: [1, 2, 3],
    first: { line: 1, author: null, localTime: '2020-12-09T23:55:00', text: EN_NOTICE_TAP },
    last: { line: 14, author: 'Trent', localTime: '2020-12-09T23:56:00', text: 'heh' },
  },
  'whatsapp_chat_visualiser_demo-log.txt': {
    count: 113, text: 101, media: 11, system: 1, multiLine: 1, dateOrder: 'MDY', isGroup: true,
    authors: ['John', 'Alice', 'Peter'], mediaTypes: { other: 11 }, systemLines: [1],
    first: { line: 1, author: null, localTime: '2022-10-29T18:00:00', text: EN_NOTICE_TAP },
    last: { line: 119, author: 'John', localTime: '2022-11-17T17:16:00', text: 'Damn this needs to be in the word filtering' },
  },
  'whatsapp_chatminer_bracket_mmddyy_24hrs.txt': { ...CHATMINER, dateOrder: 'MDY' },
  'whatsapp_chatminer_ddmmyy_24hrs.txt': { ...CHATMINER, dateOrder: 'DMY' },
  'whatsapp_chatminer_mmddyyyy_12hrs.txt': { ...CHATMINER, dateOrder: 'MDY' },
  'whatsapp_whats_json_arabic_ios.txt': {
    ...whatsJsonIos(
      'الرسائل والمكالمات مشفرة تمامًا بين الطرفين، بحيث لا يستطيع أحد خارج هذه الدردشة، ولا حتى شركة واتساب نفسها، قراءتها أو الاستماع إليها.',
      '2022-03-18T14:56:00',
      'موقع: https://maps.google.com/?q=34.800600,28.100155',
    ),
    dateOrder: 'DMY',
    authors: ['Dmitry S', '+40 521 028 61 88'],
  },
  'whatsapp_whats_json_calendar_gregorian_ios.txt': {
    count: 25, text: 6, media: 16, system: 3, multiLine: 0, dateOrder: 'MDY', isGroup: false,
    authors: ['Dmitry S', 'Elon Musk'], mediaTypes: IOS_MEDIA, systemLines: [1, 24, 25],
    first: { line: 1, author: null, localTime: '2022-03-18T14:56:01', text: EN_NOTICE },
    last: { line: 25, author: null, localTime: '2023-01-07T23:32:30', text: 'Your security code with Elon changed. Tap to learn more.' },
  },
  'whatsapp_whats_json_calendar_japanese_ios.txt': {
    count: 28, text: 7, media: 18, system: 3, multiLine: 0, dateOrder: 'MDY', isGroup: false,
    authors: ['Dmitry S', 'Elon Musk'], mediaTypes: { ...IOS_MEDIA, video: 4, audio: 2 }, systemLines: [1, 24, 25],
    first: { line: 1, author: null, localTime: '2022-03-18T14:56:01', text: EN_NOTICE },
    last: { line: 28, author: 'Dmitry S', localTime: '2023-01-12T15:35:15', text: 'audio omitted' },
  },
  'whatsapp_whats_json_czech_ios.txt': whatsJsonIos(
    'Zprávy a hovory jsou opatřeny koncovým šifrováním. Nikdo, kdo není přímým účastníkem této konverzace, ji nemůže sledovat ani poslouchat. Dokonce ani WhatsApp.',
    '2022-03-18T14:56:00',
    'Poloha: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whats_json_deutch_android_media.txt': {
    count: 41, text: 16, media: 24, system: 1, multiLine: 9, dateOrder: 'DMY', isGroup: false,
    authors: ['Dmitry S', 'Elon'],
    mediaTypes: { other: 9, document: 3, 'voice+file': 1, 'location+file': 3, 'contact+file': 2, 'sticker+file': 4, 'video+file': 2 },
    systemLines: [1],
    first: {
      line: 1, author: null, localTime: '2022-03-23T13:31:00',
      text: 'Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.',
    },
    last: { line: 51, author: 'Dmitry S', localTime: '2023-01-07T23:32:00', text: 'Gemiste spraakoproep' },
  },
  'whatsapp_whats_json_english_android.txt': {
    count: 60, text: 27, media: 32, system: 1, multiLine: 1, dateOrder: 'DMY', isGroup: false,
    authors: ['Dmitry S', 'Elon'], mediaTypes: ANDROID_MEDIA, systemLines: [1],
    first: { line: 1, author: null, localTime: '2022-03-23T13:31:00', text: EN_NOTICE_TAP },
    last: { line: 62, author: 'Dmitry S', localTime: '2023-01-07T23:32:00', text: 'Missed voice call' },
  },
  'whatsapp_whats_json_english_ios.txt': whatsJsonIos(EN_NOTICE, '2022-03-18T14:56:01', 'Location: https://maps.google.com/?q=51.5021456,-0.127397'),
  'whatsapp_whats_json_french_ios.txt': whatsJsonIos(
    'Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.',
    '2022-03-18T14:56:00',
    'Localisation: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whats_json_indonesian_ios.txt': whatsJsonIos(
    'Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.',
    '2022-03-18T14:56:01',
    'Lokasi: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whats_json_italian_ios.txt': whatsJsonIos(
    'I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat, nemmeno WhatsApp, può leggerne o ascoltarne il contenuto.',
    '2022-03-18T14:56:00',
    'Posizione: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whats_json_japanese_ios.txt': whatsJsonIos(
    'メッセージと通話はエンドツーエンド暗号化されています。チャットの参加者以外は、たとえWhatsAppでも読んだり聞いたりすることはできません。',
    '2022-03-18T14:56:00',
    '位置情報: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whats_json_russian_android.txt': {
    count: 60, text: 27, media: 32, system: 1, multiLine: 1, dateOrder: 'DMY', isGroup: false,
    authors: ['Dmitry S', 'Elon'], mediaTypes: ANDROID_MEDIA, systemLines: [1],
    first: {
      line: 1, author: null, localTime: '2022-03-23T13:31:00',
      text: 'Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не могут прочитать ваши сообщения или прослушать звонки. Нажмите, чтобы узнать подробнее.',
    },
    last: { line: 62, author: 'Dmitry S', localTime: '2023-01-07T23:32:00', text: 'Пропущенный аудиозвонок' },
  },
  'whatsapp_whats_json_thai_ios.txt': whatsJsonIos(
    'ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง ผู้ที่ไม่ได้อยู่ในแชทนี้จะไม่สามารถอ่านหรือฟังได้แม้แต่ WhatsApp เอง',
    '2022-03-18T14:56:01',
    'ตำแหน่งที่ตั้ง: https://maps.google.com/?q=51.5021456,-0.127397',
  ),
  'whatsapp_whatstk_pokemon.txt': {
    count: 20, text: 18, media: 0, system: 2, multiLine: 0, dateOrder: 'DMY', isGroup: true,
    authors: ['Ash Ketchum', 'Brock', 'Misty', 'Prof. Oak', 'Jessie & James', 'Raichu', 'Meowth', 'Wobbuffet'],
    mediaTypes: {}, systemLines: [1, 2],
    first: { line: 1, author: null, localTime: '2016-04-15T15:04:00', text: EN_NOTICE },
    last: { line: 20, author: 'Wobbuffet', localTime: '2016-10-31T12:23:00', text: 'Wo-bbu-ffet' },
  },
};

const INVISIBLE = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00A0\u202F]/;

function pick(m: WhatsAppMessage | undefined): Expected | undefined {
  return m && { line: m.line, author: m.author, localTime: m.localTime, text: m.text };
}

function mediaTypes(result: WhatsAppParseResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of result.messages) {
    if (!m.media) continue;
    const key = m.media.type + (m.media.omitted ? '' : '+file');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const parsed = new Map<string, WhatsAppParseResult>();
function parse(name: string): WhatsAppParseResult {
  let result = parsed.get(name);
  if (!result) {
    result = parseWhatsAppExport(readFixture(name));
    parsed.set(name, result);
  }
  return result;
}

describe.skipIf(!fixturesAvailable)(`WhatsApp fixtures${fixturesAvailable ? '' : ` (${fixturesSkipMessage})`}`, () => {
  it('has a spec for every whatsapp_*.txt fixture', () => {
    expect(whatsappFixtureNames()).toEqual(Object.keys(SPECS).sort());
  });

  describe.each(Object.entries(SPECS))('%s', (name, spec) => {
    it('parses every message with no problems', () => {
      const result = parse(name);
      expect(result.problems).toEqual([]);
      expect(result.messages).toHaveLength(spec.count);
      expect(result.messages.map((m) => m.index)).toEqual(result.messages.map((_, i) => i));
      expect(result.dateOrder).toBe(spec.dateOrder);
    });

    it('gets the first and the last message exactly', () => {
      const result = parse(name);
      expect(pick(result.messages[0])).toEqual(spec.first);
      expect(pick(result.messages.at(-1))).toEqual(spec.last);
    });

    it('counts text, media, system and multi-line messages', () => {
      const result = parse(name);
      const count = (kind: WhatsAppMessage['kind']) => result.messages.filter((m) => m.kind === kind).length;
      expect({ text: count('text'), media: count('media'), system: count('system') }).toEqual({
        text: spec.text,
        media: spec.media,
        system: spec.system,
      });
      expect(result.messages.filter((m) => m.text.includes('\n'))).toHaveLength(spec.multiLine);
      expect(mediaTypes(result)).toEqual(spec.mediaTypes);
      expect(result.messages.filter((m) => m.kind === 'system').map((m) => m.line)).toEqual(spec.systemLines);
    });

    it('finds the authors and whether it is a group', () => {
      const result = parse(name);
      expect(result.authors).toEqual(spec.authors);
      expect(result.isGroup).toBe(spec.isGroup);
      for (const m of result.messages) expect(m.author === null).toBe(m.kind === 'system');
    });

    it('leaves no invisible marks and converts wall-clock time as UTC by default', () => {
      const result = parse(name);
      for (const m of result.messages) {
        expect(m.author ?? '').not.toMatch(INVISIBLE);
        expect(m.text).not.toMatch(INVISIBLE);
        expect(m.timestamp.toISOString()).toBe(`${m.localTime}.000Z`);
      }
    });
  });

  describe('dates beyond the Gregorian/ASCII case', () => {
    it('Arabic iOS: Arabic-Indic digits, RLM marks, "،" and م/ص give Gregorian day-first dates', () => {
      const { messages } = parse('whatsapp_whats_json_arabic_ios.txt');
      expect(messages[0]!.timestamp.toISOString()).toBe('2022-03-18T14:56:00.000Z'); // [١٨‏/٣‏/٢٠٢٢، ٢:٥٦:٠٠ م]
      expect(messages[1]!.timestamp.toISOString()).toBe('2022-03-27T21:41:35.000Z'); // ٩:٤١:٣٥ م
      expect(messages.every((m) => m.localTime.startsWith('2022-03-'))).toBe(true);
      // Phone-number author: U+202A/U+202C stripped, NBSPs made spaces.
      expect(messages[20]).toMatchObject({ line: 21, author: '+40 521 028 61 88', kind: 'text', text: 'تم حذف هذه الرسالة.' });
      // Native digits inside message text stay as written.
      expect(messages[12]).toMatchObject({
        kind: 'media',
        text: 'Resume-Dmitry-Starkov.pdf • صفحتان ٢ لم يتم إدراج المستند',
        media: { type: 'document', fileName: 'Resume-Dmitry-Starkov.pdf', omitted: true },
      });
    });

    it('Japanese imperial era: R4 = 2022, R5 = 2023, same wall-clock as the Gregorian export', () => {
      const era = parse('whatsapp_whats_json_calendar_japanese_ios.txt').messages;
      const gregorian = parse('whatsapp_whats_json_calendar_gregorian_ios.txt').messages;
      expect(era[0]!.timestamp.toISOString()).toBe('2022-03-18T14:56:01.000Z'); // [3/18/R4, 14:56:01]
      expect(era[24]!.timestamp.toISOString()).toBe('2023-01-07T23:32:30.000Z'); // [1/7/R5, 23:32:30]
      expect(era[27]!.timestamp.toISOString()).toBe('2023-01-12T15:35:15.000Z'); // [1/12/R5, 15:35:15]
      // The two exports were taken moments apart: same dates, seconds may differ by one.
      for (const [i, g] of gregorian.entries()) {
        expect(era[i]!.localTime.slice(0, 10)).toBe(g.localTime.slice(0, 10));
        expect(Math.abs(era[i]!.timestamp.getTime() - g.timestamp.getTime())).toBeLessThanOrEqual(1000);
      }
    });

    it('Thai iOS: Gregorian years (the fixture writes 3/27/22), and the same export in Buddhist-era years', () => {
      const thai = readFixture('whatsapp_whats_json_thai_ios.txt');
      const { messages } = parse('whatsapp_whats_json_thai_ios.txt');
      expect(messages[0]!.timestamp.toISOString()).toBe('2022-03-18T14:56:01.000Z');
      expect(messages[22]!.timestamp.toISOString()).toBe('2022-03-27T21:56:45.000Z');

      // The fixture has no BE years; rewrite it the way a phone on the Buddhist calendar writes them.
      const buddhist4 = thai.replace(/\[(\d{1,2})\/(\d{1,2})\/22 /g, '[$2/$1/2565 ');
      const buddhist2 = thai.replace(/\[(\d{1,2})\/(\d{1,2})\/22 /g, '[$2/$1/65 ');
      const buddhistMarked = thai.replace(/\[(\d{1,2})\/(\d{1,2})\/22 /g, '[$2/$1/2565 BE ');
      expect(buddhist4).toContain('[27/3/2565 21:41:35]');
      for (const variant of [buddhist4, buddhist2, buddhistMarked]) {
        const result = parseWhatsAppExport(variant);
        expect(result.problems).toEqual([]);
        expect(result.dateOrder).toBe('DMY');
        expect(result.messages.map((m) => m.localTime)).toEqual(messages.map((m) => m.localTime));
      }
    });

    it('12-hour Spanish-style "a. m." / "p. m." including 00:08 a. m. and 12:10 p. m.', () => {
      const { messages } = parse('whatsapp_chatminer_mmddyyyy_12hrs.txt');
      expect(messages.map((m) => m.localTime)).toEqual([
        '2019-01-01T11:25:00',
        '2019-01-20T11:23:00',
        '2019-01-30T20:49:00',
        '2020-06-10T15:55:00',
        '2020-06-20T00:08:00',
        '2020-06-30T09:10:00',
        '2021-12-10T10:10:00',
        '2021-12-20T12:10:00',
        '2021-12-30T22:01:00',
      ]);
      // The three chatminer files are the same chat in three formats.
      for (const other of ['whatsapp_chatminer_ddmmyy_24hrs.txt', 'whatsapp_chatminer_bracket_mmddyy_24hrs.txt']) {
        expect(parse(other).messages.map(pick)).toEqual(messages.map(pick));
      }
    });

    it('Indonesian iOS: dots in the time ([3/27/22 21.41.35])', () => {
      expect(parse('whatsapp_whats_json_indonesian_ios.txt').messages[1]!.localTime).toBe('2022-03-27T21:41:35');
    });

    it('converts with a caller-given time zone', () => {
      const { messages } = parseWhatsAppExport(readFixture('whatsapp_whats_json_english_android.txt'), { timeZone: 'Asia/Bishkek' });
      expect(messages[0]!.localTime).toBe('2022-03-23T13:31:00');
      expect(messages[0]!.timestamp.toISOString()).toBe('2022-03-23T07:31:00.000Z');
    });
  });

  describe('messages, media and system lines', () => {
    it('joins continuation lines (poll, foursquare venue, captions)', () => {
      const poll = parse('whatsapp_chat_visualiser_demo-log.txt').messages.find((m) => m.line === 14);
      expect(poll).toMatchObject({
        author: 'Peter',
        kind: 'text',
        text: 'POLL:\nWhat is your favorite book?\nOPTION: 1984 (1 vote)\nOPTION: The Great Gatsby (1 vote)\nOPTION: To Kill a Mockingbird\nOPTION: Other',
      });
      const venue = parse('whatsapp_whats_json_english_android.txt').messages.find((m) => m.line === 39);
      expect(venue).toMatchObject({
        kind: 'media',
        text: 'Pimlico Gardens\nLondon, United Kingdom\nhttps://foursquare.com/v/4e89af95e5fa82ad4c0aa03b',
        media: { type: 'location', omitted: false },
      });
      const dutch = parse('whatsapp_whats_json_deutch_android_media.txt').messages;
      expect(dutch.find((m) => m.line === 45)).toMatchObject({
        kind: 'media',
        text: '<Media weggelaten>\nImage with caption',
        media: { type: 'other', omitted: true, caption: 'Image with caption' },
      });
      expect(dutch.find((m) => m.line === 35)?.media).toEqual({
        type: 'document',
        fileName: 'Resume-Dmitry-Starkov.pdf',
        omitted: true,
        caption: 'Resume-Dmitry-Starkov.pdf',
      });
      expect(dutch.find((m) => m.line === 24)?.text).toBe('Çalış Plajı\nFethiye, Muğla\nhttps://foursquare.com/v/4dea6dacd22da22d4ed36317');
    });

    it('reads attached files (Android, LRM before the name) with their type', () => {
      const byLine = new Map(parse('whatsapp_whats_json_deutch_android_media.txt').messages.map((m) => [m.line, m]));
      expect(byLine.get(7)?.media).toEqual({ type: 'voice', fileName: 'PTT-20220323-WA0000.opus', omitted: false });
      expect(byLine.get(10)?.media).toEqual({ type: 'contact', fileName: 'Alex.vcf', omitted: false });
      expect(byLine.get(11)?.media).toEqual({ type: 'sticker', fileName: 'STK-20220323-WA0003.webp', omitted: false });
      expect(byLine.get(23)?.media).toEqual({ type: 'video', fileName: 'VID-20220327-WA0001.mp4', omitted: false });
      expect(byLine.get(7)?.text).toBe('PTT-20220323-WA0000.opus (bestand bijgevoegd)');
      const russian = parse('whatsapp_whats_json_russian_android.txt').messages;
      expect(russian.find((m) => m.line === 13)?.media).toEqual({ type: 'contact', fileName: 'Alex.vcf', omitted: false });
      expect(russian.filter((m) => m.text === '<Без медиафайлов>').every((m) => m.kind === 'media' && m.media?.omitted)).toBe(true);
    });

    it('reads iOS "… omitted" placeholders in every fixture language, with document names', () => {
      const expected = ['image', 'image', 'video', 'audio', 'location', 'contact', 'sticker', 'sticker', 'document', 'document', 'document', 'image', 'video', 'image', 'video', 'location'];
      for (const name of Object.keys(SPECS).filter((n) => /whats_json_.*_ios/.test(n) && !n.includes('calendar'))) {
        const media = parse(name).messages.filter((m) => m.kind === 'media');
        expect(media.map((m) => m.media!.type), name).toEqual(expected);
        expect(media.map((m) => m.media!.fileName).filter(Boolean), name).toEqual(['Some file.txt', 'Resume-Dmitry-Starkov.pdf', 'Template.docx']);
      }
    });

    it('treats iOS notices written under the contact name as system messages', () => {
      const { messages } = parse('whatsapp_whats_json_calendar_gregorian_ios.txt');
      expect(messages[23]).toMatchObject({ kind: 'system', author: null, text: 'Your security code with Elon changed. Tap to learn more.' });
      const pokemon = parse('whatsapp_whatstk_pokemon.txt').messages;
      expect(pokemon[0]).toMatchObject({ kind: 'system', author: null }); // "Pokemon Chat: Messages and calls are end-to-end encrypted."
    });

    it('reads group events and odd author names', () => {
      const group = parse('whatsapp_chat_analytics_4A_11M.txt').messages;
      expect(group.slice(0, 3).map((m) => [m.kind, m.author, m.text])).toEqual([
        ['system', null, EN_NOTICE_TAP],
        ['system', null, 'Alice created group "Some cool group chat"'],
        ['system', null, 'Alice added you'],
      ]);
      expect(group[11]!.text).toBe('👩🏻\u200D⚖️'); // ZWJ is not a direction mark: kept
      const chatminer = parse('whatsapp_chatminer_ddmmyy_24hrs.txt').messages;
      expect(chatminer[1]).toMatchObject({ author: 'John Doe', text: '.' }); // "John Doe:." — no space after the colon
      expect(chatminer[3]).toMatchObject({ author: 'John-John Doe', text: 'Lorem ipsum : dolor sit amet.' });
      expect(chatminer[4]).toMatchObject({ kind: 'system', text: '+12 345 578 created group "Groupname"' });
      expect(chatminer[7]).toMatchObject({ author: '🤓', text: 'Lorem ipsum 🤓' });
    });
  });
});
