import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatNameFromFileName, parseWhatsAppExport, readWhatsAppExportFile } from './index.ts';
import { fixturesAvailable, fixturesSkipMessage, readFixture } from '../../../../test/helpers/shared-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-whatsapp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeZip(name: string, entries: Record<string, string | Uint8Array>): Promise<string> {
  const zip = new JSZip();
  for (const [path, content] of Object.entries(entries)) zip.file(path, content);
  const path = join(dir, name);
  await writeFile(path, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  return path;
}

const IOS_CHAT = [
  '[3/27/22, 21:41:35] Elon Musk: \u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  '[3/27/22, 21:41:40] Dmitry S: Hello World',
  '\u200E[3/27/22, 21:41:55] Dmitry S: \u200E<attached: 00000003-PHOTO-2022-03-27-21-41-55.jpg>',
  '[3/27/22, 21:42:10] Elon Musk: nice',
].join('\r\n');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

describe('readWhatsAppExportFile', () => {
  it('reads an iOS .zip with _chat.txt and a media file', async () => {
    const path = await writeZip('WhatsApp Chat - Elon Musk.zip', {
      '_chat.txt': IOS_CHAT,
      '00000003-PHOTO-2022-03-27-21-41-55.jpg': JPEG,
      '__MACOSX/._chat.txt': 'resource fork',
    });
    const { chatName, result, mediaFiles } = await readWhatsAppExportFile(path);
    expect(chatName).toBe('Elon Musk');
    expect(mediaFiles).toEqual(['00000003-PHOTO-2022-03-27-21-41-55.jpg']);
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => [m.kind, m.author])).toEqual([
      ['system', null],
      ['text', 'Dmitry S'],
      ['media', 'Dmitry S'],
      ['text', 'Elon Musk'],
    ]);
    const photo = result.messages[2]!;
    expect(photo.media).toEqual({ type: 'image', fileName: '00000003-PHOTO-2022-03-27-21-41-55.jpg', omitted: false });
    expect(mediaFiles).toContain(photo.media!.fileName);
  });

  it('reads an Android .zip with "WhatsApp Chat with X.txt" in a folder and passes options through', async () => {
    const path = await writeZip('export.zip', {
      'WhatsApp Chat with Мария/WhatsApp Chat with Мария.txt': '23/03/2022, 13:33 - Мария: IMG-20220323-WA0001.jpg (file attached)\nподпись\n',
      'WhatsApp Chat with Мария/IMG-20220323-WA0001.jpg': JPEG,
    });
    const { chatName, result, mediaFiles } = await readWhatsAppExportFile(path, { timeZone: 'Asia/Bishkek' });
    expect(chatName).toBe('Мария');
    expect(mediaFiles).toEqual(['WhatsApp Chat with Мария/IMG-20220323-WA0001.jpg']);
    expect(result.messages[0]).toMatchObject({
      author: 'Мария',
      localTime: '2022-03-23T13:33:00',
      media: { type: 'image', fileName: 'IMG-20220323-WA0001.jpg', omitted: false, caption: 'подпись' },
    });
    expect(result.messages[0]!.timestamp.toISOString()).toBe('2022-03-23T07:33:00.000Z');
  });

  it('reads a .txt (UTF-8 BOM) and takes the chat name from the file name', async () => {
    const path = join(dir, 'Чат WhatsApp с Илон.txt');
    await writeFile(path, '\uFEFF' + '18.03.2022, 14:56 - Dmitry S: Hello\n18.03.2022, 15:10 - Илон: <Без медиафайлов>');
    const { chatName, result, mediaFiles } = await readWhatsAppExportFile(path);
    expect(chatName).toBe('Илон');
    expect(mediaFiles).toEqual([]);
    expect(result.authors).toEqual(['Dmitry S', 'Илон']);
    expect(result.messages[1]).toMatchObject({ kind: 'media', media: { type: 'other', omitted: true } });
  });

  it('names an unzipped iOS _chat.txt after its folder', async () => {
    await mkdir(join(dir, 'WhatsApp Chat - Elon Musk'), { recursive: true });
    const path = join(dir, 'WhatsApp Chat - Elon Musk', '_chat.txt');
    await writeFile(path, IOS_CHAT);
    const { chatName, result } = await readWhatsAppExportFile(path);
    expect(chatName).toBe('Elon Musk');
    expect(result.messages).toHaveLength(4);
  });

  it('rejects a zip without a chat text', async () => {
    const path = await writeZip('WhatsApp Chat - Nobody.zip', { 'IMG-1.jpg': JPEG, 'notes.md': 'x', 'a.txt': 'a', 'b.txt': 'b' });
    await expect(readWhatsAppExportFile(path)).rejects.toThrow(/no chat text/);
  });

  it.skipIf(!fixturesAvailable)(`gives the same result as parseWhatsAppExport for a fixture${fixturesAvailable ? '' : ` (${fixturesSkipMessage})`}`, async () => {
    const text = readFixture('whatsapp_whats_json_english_ios.txt');
    const path = join(dir, 'WhatsApp Chat with Elon Musk.txt');
    await writeFile(path, text);
    const fromTxt = await readWhatsAppExportFile(path);
    const fromZip = await readWhatsAppExportFile(await writeZip('WhatsApp Chat - Elon Musk.zip', { '_chat.txt': text }));
    expect(fromTxt.chatName).toBe('Elon Musk');
    expect(fromZip.chatName).toBe('Elon Musk');
    expect(fromTxt.result).toEqual(parseWhatsAppExport(text));
    expect(fromZip.result).toEqual(fromTxt.result);
  });
});

describe('chatNameFromFileName', () => {
  it.each([
    ['WhatsApp Chat with Elon Musk.txt', 'Elon Musk'],
    ['/tmp/x/WhatsApp Chat - Elon Musk.zip', 'Elon Musk'],
    ['Чат WhatsApp с Илон Маск.txt', 'Илон Маск'],
    ['WhatsApp-Chat mit Anna.txt', 'Anna'],
    ['WhatsApp-chat met Sven.txt', 'Sven'],
    ['Chat de WhatsApp con Ana.txt', 'Ana'],
    ['Conversa do WhatsApp com João.txt', 'João'],
    ['Discussion WhatsApp avec Léa.txt', 'Léa'],
    ['+996 700 123 456.txt', '+996 700 123 456'],
    ['_chat.txt', '_chat'],
  ])('%s → %s', (file, name) => {
    expect(chatNameFromFileName(file)).toBe(name);
  });
});
