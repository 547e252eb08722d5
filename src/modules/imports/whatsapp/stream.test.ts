import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatNameFromFileName, parseWhatsAppExport, readWhatsAppExportFile, streamWhatsAppExport, type WhatsAppMessage, type WhatsAppParseOptions } from './index.ts';
import { MAX_STREAM_PROBLEMS, readLines } from './stream.ts';
import { LINE_BREAK } from './parse.ts';
import { fixturePath, fixturesAvailable, fixturesSkipMessage, readFixture, whatsappFixtureNames } from '../../../../test/helpers/shared-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-whatsapp-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(batches: AsyncIterable<WhatsAppMessage[]>): Promise<{ messages: WhatsAppMessage[]; sizes: number[] }> {
  const messages: WhatsAppMessage[] = [];
  const sizes: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    messages.push(...batch);
  }
  return { messages, sizes };
}

/** Streams `path` and checks every field against the in-memory parser on `text`. */
async function expectSameAsInMemory(path: string, text: string, options: WhatsAppParseOptions = {}): Promise<void> {
  const expected = parseWhatsAppExport(text, options);
  const stream = await streamWhatsAppExport(path, options);
  expect(stream.dateOrder).toBe(expected.dateOrder);
  expect(stream.authors).toEqual(expected.authors);
  expect(stream.isGroup).toBe(expected.isGroup);
  expect(stream.problems).toEqual(expected.problems);
  expect(stream.messageCount).toBe(expected.messages.length);
  const { messages } = await collect(stream.batches());
  expect(messages).toEqual(expected.messages);
}

async function writeText(name: string, text: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe.skipIf(!fixturesAvailable)('streamWhatsAppExport on the shared fixtures', () => {
  if (!fixturesAvailable) it.skip(fixturesSkipMessage, () => {});
  const names = whatsappFixtureNames();

  it('finds the fixtures', () => {
    expect(names.length).toBeGreaterThan(10);
  });

  for (const name of names) {
    it(`${name}: same messages, authors, isGroup, dateOrder and problems as parseWhatsAppExport`, async () => {
      await expectSameAsInMemory(fixturePath(name), readFixture(name));
      await expectSameAsInMemory(fixturePath(name), readFixture(name), { timeZone: 'America/New_York', locale: 'en-US' });
    });

    it(`${name}: batchSize 7 concatenates to the same messages`, async () => {
      const expected = parseWhatsAppExport(readFixture(name)).messages;
      const stream = await streamWhatsAppExport(fixturePath(name));
      const { messages, sizes } = await collect(stream.batches(7));
      expect(messages).toEqual(expected);
      expect(sizes.slice(0, -1).every((n) => n === 7)).toBe(true);
      expect(sizes.at(-1) ?? 0).toBeLessThanOrEqual(7);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(stream.messageCount);
    });
  }

  it('gives the chat name readWhatsAppExportFile gives', async () => {
    const text = readFixture('whatsapp_whats_json_english_android.txt');
    const path = await writeText('WhatsApp Chat with Elon Musk.txt', text);
    const stream = await streamWhatsAppExport(path);
    expect(stream.chatName).toBe('Elon Musk');
    expect(stream.chatName).toBe((await readWhatsAppExportFile(path)).chatName);
    await mkdir(join(dir, 'WhatsApp Chat - Dmitry S'));
    const ios = await writeText('WhatsApp Chat - Dmitry S/_chat.txt', text);
    expect((await streamWhatsAppExport(ios)).chatName).toBe(chatNameFromFileName('WhatsApp Chat - Dmitry S'));
  });
});

const SMALL = [
  '\u200E[3/27/22, 21:41:35] Elon Musk: \u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  '[3/27/22, 21:41:40] Dmitry S:.',
  '[3/27/22, 21:41:41] Dmitry S: Hello World',
  'second line',
  '',
  '[3/27/22, 21:41:55] Dmitry S: \u200E<attached: 00000003-PHOTO-2022-03-27-21-41-55.jpg>',
  '[3/27/22, 21:42:10] Elon Musk: nice',
  '[3/27/22, 25:42:10] Elon Musk: impossible hour',
  '[3/27/22, 21:4x] broken header',
  'its continuation',
  '[3/28/22, 09:00:00] Elon Musk: bye',
];

describe('streamWhatsAppExport line ends and encodings', () => {
  const variants: Array<[string, string]> = [
    ['LF with a final newline', SMALL.join('\n') + '\n'],
    ['LF without a final newline', SMALL.join('\n')],
    ['CRLF with a final newline', SMALL.join('\r\n') + '\r\n'],
    ['CRLF without a final newline', SMALL.join('\r\n')],
    ['CR only', SMALL.join('\r')],
    ['blank lines at the end', SMALL.join('\n') + '\n\n\r\n  \n'],
    ['text before the first message', 'exported by someone\n\n' + SMALL.join('\n')],
  ];
  for (const [label, text] of variants) {
    it(`${label}: same as parseWhatsAppExport`, async () => {
      const path = await writeText(`${label.replace(/\W+/g, '_')}.txt`, text);
      await expectSameAsInMemory(path, text);
    });
  }

  it('strips a UTF-8 BOM, like readWhatsAppExportFile', async () => {
    const text = SMALL.join('\r\n');
    const path = await writeText('bom.txt', '\uFEFF' + text);
    await expectSameAsInMemory(path, text);
    const stream = await streamWhatsAppExport(path);
    expect((await collect(stream.batches())).messages).toEqual((await readWhatsAppExportFile(path)).result.messages);
  });

  it('reads UTF-16LE with a BOM', async () => {
    const text = SMALL.join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const path = await writeText('utf16.txt', bytes);
    await expectSameAsInMemory(path, text);
  });

  it('reports the impossible hour and the broken header, and skips the former from the count', async () => {
    const path = await writeText('problems.txt', SMALL.join('\n'));
    const stream = await streamWhatsAppExport(path);
    expect(stream.problems.map((p) => p.line)).toEqual([8, 9]);
    expect(stream.messageCount).toBe(6);
    expect(stream.authors).toEqual(['Dmitry S', 'Elon Musk']);
  });

  it('accepts a loose "Name:" seen before the name appears cleanly, as the in-memory parser does', async () => {
    const text = ['12/03/2022, 10:00 - Bob:.', '12/03/2022, 10:01 - Carol:x', '12/03/2022, 10:02 - Alice: hi', '12/03/2022, 10:03 - Bob: hey'].join('\n');
    const path = await writeText('loose.txt', text);
    await expectSameAsInMemory(path, text);
    const stream = await streamWhatsAppExport(path);
    expect(stream.authors).toEqual(['Bob', 'Alice']);
  });

  it('splits lines exactly like String#split across chunk boundaries (CR of a CRLF ending a 64 KiB chunk)', async () => {
    for (const offset of [65_535, 65_536, 65_534]) {
      const head = '12/03/2022, 10:00 - Bob: ' + 'a'.repeat(offset - 25);
      const text = head + '\r\n12/03/2022, 10:01 - Alice: é\r\rnext\n\r\n' + 'ü'.repeat(40_000) + '\r';
      const path = await writeText(`chunks-${offset}.txt`, text);
      const lines: string[] = [];
      for await (const chunk of readLines(path)) lines.push(...chunk);
      expect(lines).toEqual(text.split(LINE_BREAK));
      await expectSameAsInMemory(path, text);
    }
  });

  it('reads a .zip through the in-memory parser', async () => {
    const zip = new JSZip();
    zip.file('_chat.txt', SMALL.join('\n'));
    const path = await writeText('WhatsApp Chat - Elon Musk.zip', await zip.generateAsync({ type: 'uint8array' }));
    const stream = await streamWhatsAppExport(path);
    expect(stream.chatName).toBe('Elon Musk');
    expect((await collect(stream.batches(3))).messages).toEqual(parseWhatsAppExport(SMALL.join('\n')).messages);
  });

  it('throws RangeError for an unknown time zone, and for a bad batch size', async () => {
    const path = await writeText('zone.txt', SMALL.join('\n'));
    await expect(streamWhatsAppExport(path, { timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
    const stream = await streamWhatsAppExport(path);
    await expect(collect(stream.batches(0))).rejects.toThrow(RangeError);
  });

  it('caps the problems at MAX_STREAM_PROBLEMS', async () => {
    const lines = ['12/03/2022, 10:00 - Bob: hi'];
    for (let i = 0; i < MAX_STREAM_PROBLEMS + 50; i++) lines.push(`12/03/2022, 10:${i % 2 ? '99' : '98'} - Bob: bad minute`);
    const path = await writeText('many-problems.txt', lines.join('\n'));
    const stream = await streamWhatsAppExport(path);
    expect(stream.problems).toHaveLength(MAX_STREAM_PROBLEMS);
    expect(stream.problems).toEqual(parseWhatsAppExport(lines.join('\n')).problems.slice(0, MAX_STREAM_PROBLEMS));
    expect(stream.messageCount).toBe(1);
  });
});

/** Synthetic two-author chat: one message a minute from 2020-01-01 00:00, every 100th has a second line. */
function syntheticLine(i: number): string {
  const d = new Date(Date.UTC(2020, 0, 1) + i * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const header = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  const author = i % 2 === 0 ? 'Alice Example' : 'Bob Example';
  const body = i % 250 === 0 ? '<Media omitted>' : `message ${i} lorem ipsum dolor sit amet consectetur adipiscing`;
  return `${header} - ${author}: ${body}${i % 100 === 1 ? '\nsecond line' : ''}\n`;
}

/** global.gc without --expose-gc (V8 flag set at run time, function taken from a fresh context). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function writeSynthetic(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + 10_000); j++) chunk += syntheticLine(j);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('streamWhatsAppExport on a generated 200,000-message file', () => {
  const COUNT = 200_000;

  it('streams the right count, first and last message, with bounded memory', async () => {
    const path = join(dir, 'WhatsApp Chat with Bob Example.txt');
    await writeSynthetic(path, COUNT);
    const stream = await streamWhatsAppExport(path);
    expect(stream).toMatchObject({ chatName: 'Bob Example', dateOrder: 'DMY', authors: ['Alice Example', 'Bob Example'], isGroup: false, messageCount: COUNT, problems: [] });

    // Live heap (after a forced GC) sampled during pass 2, against the live heap of the whole array.
    const gc = exposeGc();
    const live = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = 0;
    let count = 0;
    let batches = 0;
    let first: WhatsAppMessage | undefined;
    let last: WhatsAppMessage | undefined;
    for await (const batch of stream.batches()) {
      first ??= batch[0];
      last = batch.at(-1);
      count += batch.length;
      if (++batches % 5 === 0) peak = Math.max(peak, live() - before);
    }

    expect(count).toBe(COUNT);
    expect(first).toEqual({ index: 0, line: 1, timestamp: new Date('2020-01-01T00:00:00Z'), localTime: '2020-01-01T00:00:00', author: 'Alice Example', text: '<Media omitted>', kind: 'media', media: { type: 'other', omitted: true } });
    const lastLocal = new Date(Date.UTC(2020, 0, 1) + (COUNT - 1) * 60_000).toISOString().slice(0, 19);
    expect(last).toMatchObject({ index: COUNT - 1, localTime: lastLocal, author: 'Bob Example', text: `message ${COUNT - 1} lorem ipsum dolor sit amet consectetur adipiscing`, kind: 'text' });
    expect(last!.line).toBe(202_000); // 199,999 earlier lines + 2,000 second lines (messages 1, 101, …, 199,901)
    first = last = undefined;

    const all: WhatsAppMessage[] = [];
    const base = live();
    for await (const batch of stream.batches()) all.push(...batch);
    const whole = live() - base;
    expect(all).toHaveLength(COUNT);
    console.log(`[whatsapp stream] 200k messages: live heap during pass 2 at most ${mib(peak)} MiB; the whole array holds ${mib(whole)} MiB`);
    // One 5,000-message batch is 2.5 % of the array; allow 20 % for luxon/zone caches and GC timing.
    expect(peak).toBeLessThan(whole / 5);
  }, 120_000);
});
