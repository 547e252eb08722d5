import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTelegramExport, readTelegramExportFile, TelegramExportError, type TelegramExport } from './index.ts';
import { fixturePath, fixturesAvailable, fixturesSkipMessage, readFixture } from '../../../../test/helpers/shared-fixtures.ts';

const DM = 'telegram_export_chat_analytics_DM_2A_7M.json';
const ACCOUNT = 'telegram_export_chatminer_batch_full_account.json';

const authorsOf = (e: TelegramExport, chat = 0) => [...new Set(e.chats[chat]!.messages.filter((m) => m.kind !== 'system').map((m) => m.author))];

describe.skipIf(!fixturesAvailable)(`Telegram fixtures${fixturesAvailable ? '' : ` (${fixturesSkipMessage})`}`, () => {
  it('reads the single personal chat (chat-analytics DM_2A_7M)', async () => {
    const e = await readTelegramExportFile(fixturePath(DM));
    expect(e.kind).toBe('single');
    expect(e.chats).toHaveLength(1);
    expect(e.contacts).toEqual([]);
    const chat = e.chats[0]!;
    expect(chat).toMatchObject({ id: '700000000', name: 'Bob', type: 'personal_chat', isPersonal: true, isGroup: false, problems: [] });
    expect(chat.messages).toHaveLength(8);
    expect(authorsOf(e)).toEqual(['Bob', 'Alice']);
    expect(e.owner).toEqual({ id: 'user300000000', name: 'Alice', phone: null });

    const kinds = chat.messages.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'system')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'media')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'text')).toHaveLength(4);

    const first = chat.messages[0]!;
    expect(first).toEqual({
      index: 0, id: 2675, timestamp: new Date('2019-07-05T16:55:32Z'), author: 'Bob', authorId: 'user700000000',
      text: 'joined Telegram', kind: 'system',
    });
    // rich text with a link, `date` only (read as UTC)
    expect(chat.messages[1]).toMatchObject({ id: 3644, text: 'https://google.com 👀', kind: 'text', timestamp: new Date('2019-07-12T16:55:32Z') });
    // date_unixtime only
    expect(chat.messages[3]).toMatchObject({ id: 3662, author: 'Bob', text: 'world?', timestamp: new Date(1652135033 * 1000) });
    expect(chat.messages[5]).toMatchObject({ kind: 'media', text: '', media: { type: 'image', omitted: true }, author: 'Alice' });
    expect(chat.messages[5]!.media).not.toHaveProperty('fileName');

    const last = chat.messages[7]!;
    // both present: date_unixtime wins (the `date` 2023-08-10T23:11:02 is the exporter's local time, UTC-3)
    expect(last).toEqual({
      index: 7, id: 3674, timestamp: new Date('2023-08-11T02:11:02Z'), author: 'Alice', authorId: 'user300000000',
      text: 'call (56 s)', kind: 'system',
    });
  });

  it('reads the full-account export (chat-miner batch)', async () => {
    const e = parseTelegramExport(JSON.parse(readFixture(ACCOUNT)));
    expect(e.kind).toBe('account');
    expect(e.owner).toBeNull();
    expect(e.contacts).toEqual([]);
    expect(e.chats).toHaveLength(1);
    const chat = e.chats[0]!;
    expect(chat).toMatchObject({ id: 'chat-0', name: 'Chatname', type: 'unknown', isPersonal: false, isGroup: false, problems: [] });
    expect(chat.messages).toHaveLength(2);
    expect(authorsOf(e)).toEqual(['Author 1', 'Author 2']);
    expect(chat.messages[0]).toEqual({
      index: 0, id: 0, timestamp: new Date(1544006350 * 1000), author: 'Author 1', authorId: null, text: 'Minimal Message', kind: 'text',
    });
    expect(chat.messages[1]).toMatchObject({ id: 1, timestamp: new Date('2018-12-05T10:49:24Z'), text: 'Link:https://telegram.org/', kind: 'text' });
    expect(chat.messages.filter((m) => m.kind !== 'text')).toHaveLength(0);
  });
});

const msg = (over: Record<string, unknown>) => ({ id: 1, type: 'message', date_unixtime: '1700000000', from: 'Ann', from_id: 'user1', text: 'hi', ...over });

describe('parseTelegramExport — synthetic', () => {
  it('flattens rich-text arrays (bold, links, mentions, text_link)', () => {
    const e = parseTelegramExport({
      name: 'Ann', type: 'personal_chat', id: 1,
      messages: [
        msg({
          text: [
            'Price: ',
            { type: 'bold', text: '100 $' },
            ', see ',
            { type: 'link', text: 'https://example.com/p' },
            ' or ',
            { type: 'text_link', text: 'our site', href: 'https://example.com' },
            ' cc ',
            { type: 'mention', text: '@bob' },
          ],
        }),
      ],
    });
    expect(e.chats[0]!.messages[0]!.text).toBe('Price: 100 $, see https://example.com/p or our site cc @bob');
  });

  it('turns service messages into readable system messages with the actor as author', () => {
    const e = parseTelegramExport({
      name: 'Team', type: 'private_group', id: 42,
      messages: [
        { id: 1, type: 'service', date: '2024-01-02T03:04:05', actor: 'Ann', actor_id: 'user1', action: 'create_group', title: 'Team', members: ['Ann', 'Bob'], text: '' },
        { id: 2, type: 'service', date: '2024-01-02T03:05:00', actor: 'Ann', actor_id: 'user1', action: 'invite_members', members: ['Cid', null], text: '' },
        { id: 3, type: 'service', date: '2024-01-02T03:06:00', actor: 'Bob', actor_id: 'user2', action: 'pin_message', message_id: 7, text: '' },
        { id: 4, type: 'service', date: '2024-01-02T03:07:00', actor: 'Bob', actor_id: 'user2', action: 'some_future_action', text: '' },
        { id: 5, type: 'service', date: '2024-01-02T03:08:00', actor: 'Ann', actor_id: 'user1', action: 'phone_call', discard_reason: 'missed', text: '' },
      ],
    });
    const chat = e.chats[0]!;
    expect(chat).toMatchObject({ isGroup: true, isPersonal: false });
    expect(chat.messages.map((m) => [m.kind, m.author, m.authorId, m.text])).toEqual([
      ['system', 'Ann', 'user1', 'created group "Team"'],
      ['system', 'Ann', 'user1', 'added Cid, a deleted account'],
      ['system', 'Bob', 'user2', 'pinned a message'],
      ['system', 'Bob', 'user2', 'some future action'],
      ['system', 'Ann', 'user1', 'missed call'],
    ]);
    expect(chat.messages[0]!.timestamp.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(e.owner).toBeNull(); // a group: the owner cannot be told
  });

  it('classifies media', () => {
    const e = parseTelegramExport({
      name: 'Ann', type: 'personal_chat', id: 1,
      messages: [
        msg({ file: 'voice_messages/audio_1@01-01-2024.ogg', media_type: 'voice_message', mime_type: 'audio/ogg', text: '' }),
        msg({ file: '(File not included. Change data exporting settings to download.)', media_type: 'video_file', text: 'caption' }),
        msg({ file: 'stickers/sticker.webp', media_type: 'sticker', sticker_emoji: '👍', text: '' }),
        msg({ file: 'files/price.pdf', file_name: 'Price list.pdf', mime_type: 'application/pdf', text: '' }),
        msg({ file: 'round_video_messages/file_1.mp4', media_type: 'video_message', text: '' }),
        msg({ file: 'video_files/a.mp4', media_type: 'animation', text: '' }),
        msg({ file: 'files/song.mp3', media_type: 'audio_file', text: '' }),
        msg({ photo: 'photos/photo_1@01-01-2024.jpg', width: 1, height: 1, text: 'look' }),
        msg({ contact_information: { first_name: 'Cid', last_name: '', phone_number: '+7 999 000 00 00' }, contact_vcard: 'contacts/contact_1.vcf', text: '' }),
        msg({ location_information: { latitude: 1, longitude: 2 }, text: '' }),
        msg({ poll: { question: 'Lunch?', answers: [] }, text: '' }),
      ],
    });
    expect(e.chats[0]!.messages.map((m) => [m.kind, m.media, m.text])).toEqual([
      ['media', { type: 'voice', fileName: 'audio_1@01-01-2024.ogg', omitted: false }, ''],
      ['media', { type: 'video', omitted: true }, 'caption'],
      ['media', { type: 'sticker', fileName: 'sticker.webp', omitted: false }, ''],
      ['media', { type: 'document', fileName: 'Price list.pdf', omitted: false }, ''],
      ['media', { type: 'video', fileName: 'file_1.mp4', omitted: false }, ''],
      ['media', { type: 'video', fileName: 'a.mp4', omitted: false }, ''],
      ['media', { type: 'audio', fileName: 'song.mp3', omitted: false }, ''],
      ['media', { type: 'image', fileName: 'photo_1@01-01-2024.jpg', omitted: false }, 'look'],
      ['media', { type: 'contact', fileName: 'contact_1.vcf', omitted: false }, 'Cid +7 999 000 00 00'],
      ['media', { type: 'location', omitted: false }, ''],
      ['media', { type: 'other', omitted: false }, 'Lunch?'],
    ]);
  });

  it('reports a malformed message in the middle and parses the rest', () => {
    const e = parseTelegramExport({
      name: 'Ann', type: 'personal_chat', id: 1,
      messages: [
        msg({ id: 1, text: 'one' }),
        msg({ id: 2, date_unixtime: undefined, date: 'yesterday', text: 'bad date' }),
        'not a message',
        msg({ id: 4, text: { weird: true } }),
        msg({ id: 5, from: 'Me', from_id: 'user9', text: 'five' }),
      ],
    });
    const chat = e.chats[0]!;
    expect(chat.messages.map((m) => [m.index, m.id, m.text])).toEqual([
      [0, 1, 'one'],
      [4, 5, 'five'],
    ]);
    expect(chat.problems.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(chat.problems[0]!.reason).toMatch(/no valid date/);
    expect(chat.problems[1]!.reason).toMatch(/not an object/);
    expect(chat.problems[2]!.reason).toMatch(/text/);
    expect(e.owner).toEqual({ id: 'user9', name: 'Me', phone: null });
  });

  it('reads the account shape: owner, contacts, chats and left chats', () => {
    const e = parseTelegramExport({
      about: 'Here is the data you requested.',
      personal_information: { user_id: 555, first_name: 'Olga', last_name: 'Ivanova', phone_number: '+7 900 111 22 33', username: '@olga' },
      contacts: {
        about: '…',
        list: [
          { user_id: 1, first_name: 'Ann', last_name: '', phone_number: '+7 900 000 00 01', date: '2020-01-01T10:00:00', date_unixtime: '1577872800' },
          { first_name: 'Bob', last_name: 'B', phone_number: '' },
          { first_name: '', last_name: '', phone_number: '' },
          'junk',
        ],
      },
      chats: {
        about: '…',
        list: [
          { name: 'Ann', type: 'personal_chat', id: 1, messages: [msg({ from: 'Olga', from_id: 'user555' })] },
          { name: 'Channel', type: 'public_channel', id: 9, messages: [] },
          { name: 'Broken', type: 'private_group', id: 10 },
        ],
      },
      left_chats: { list: [{ name: 'Old group', type: 'private_supergroup', id: 11, messages: [] }] },
    });
    expect(e.kind).toBe('account');
    expect(e.owner).toEqual({ id: 'user555', name: 'Olga Ivanova', phone: '+7 900 111 22 33' });
    expect(e.contacts).toEqual([
      { firstName: 'Ann', lastName: '', phone: '+7 900 000 00 01', date: new Date(1577872800 * 1000) },
      { firstName: 'Bob', lastName: 'B', phone: null },
    ]);
    expect(e.chats.map((c) => [c.id, c.name, c.type, c.isPersonal, c.isGroup, c.messages.length])).toEqual([
      ['1', 'Ann', 'personal_chat', true, false, 1],
      ['9', 'Channel', 'public_channel', false, false, 0],
      ['10', 'Broken', 'private_group', false, true, 0],
      ['11', 'Old group', 'private_supergroup', false, true, 0],
    ]);
    expect(e.chats[2]!.problems).toEqual([{ index: -1, reason: 'chat has no "messages" array' }]);
  });

  it('accepts a contacts-only account export', () => {
    const e = parseTelegramExport({ contacts: { list: [{ first_name: 'Ann', last_name: 'A', phone_number: '+1 555' }] } });
    expect(e).toMatchObject({ kind: 'account', owner: null, chats: [], contacts: [{ firstName: 'Ann', phone: '+1 555' }] });
  });

  it('throws a clear error for a JSON with neither messages nor chats', () => {
    expect(() => parseTelegramExport({ foo: 1, bar: [] })).toThrow(TelegramExportError);
    expect(() => parseTelegramExport({ foo: 1, bar: [] })).toThrow(/expected "messages" \(a single chat\) or "chats.list".*"foo", "bar"/);
    expect(() => parseTelegramExport([1, 2])).toThrow(/expected a JSON object, got an array/);
    expect(() => parseTelegramExport(null)).toThrow(/got null/);
    expect(() => parseTelegramExport({ messages: 'x' })).toThrow(/"messages" is not an array/);
  });

  it('parses a JSON string and names the position of a syntax error', () => {
    expect(parseTelegramExport('{"name":"A","type":"personal_chat","id":1,"messages":[]}').chats).toHaveLength(1);
    expect(() => parseTelegramExport('{\n  "name": "A",\n  "messages": [,]\n}')).toThrow(/invalid JSON at line 3, column 16 \(position 32\)/);
  });
});

describe('readTelegramExportFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-telegram-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports invalid JSON with the file name and position', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": "A", "messages": [\n  {"id": 1,}\n]}');
    const error = await readTelegramExportFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramExportError);
    expect((error as Error).message).toMatch(/^broken\.json: invalid JSON at line 2, column \d+ \(position \d+\)/);
  });

  it('reports a truncated file', async () => {
    const file = join(dir, 'truncated.json');
    writeFileSync(file, '{"name": "A", "messages": [');
    await expect(readTelegramExportFile(file)).rejects.toThrow(/truncated\.json: invalid JSON at line 1, column 28 \(position 27\)/);
  });

  it('reads an export folder (result.json inside), with a BOM', async () => {
    const folder = join(dir, 'ChatExport_2024-01-01');
    mkdirSync(folder);
    writeFileSync(join(folder, 'result.json'), `\ufeff${JSON.stringify({ name: 'A', type: 'personal_chat', id: 1, messages: [msg({})] })}`);
    const e = await readTelegramExportFile(folder);
    expect(e.chats[0]!.messages).toHaveLength(1);
  });

  it('points at the JSON format when given the HTML export, and names missing files', async () => {
    const file = join(dir, 'messages.html');
    writeFileSync(file, '<!DOCTYPE html><html></html>');
    await expect(readTelegramExportFile(file)).rejects.toThrow(/HTML export.*Machine-readable JSON/);
    await expect(readTelegramExportFile(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: cannot read the export: file not found/);
  });

  it('prefixes shape errors with the file name', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"hello": "world"}');
    await expect(readTelegramExportFile(file)).rejects.toThrow(/^other\.json: not a Telegram Desktop export/);
  });
});
