import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChats, readWhatsAppChats, ImportSourceError } from '../../src/modules/imports/index.ts';
import { authorsOf } from '../../src/modules/imports/engine/import-types.ts';
import { fixturePath, fixturesAvailable, whatsappFixtureNames } from '../helpers/shared-fixtures.ts';
import { createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
const work = mkdtempSync(join(tmpdir(), 'parley-wa-'));

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Messages per fixture, as counted by reading each file by hand (see the parser's fixture tests). */
const EXPECTED_MESSAGES: Record<string, number> = {
  'whatsapp_chat_analytics_4A_11M.txt': 14,
  'whatsapp_chat_visualiser_demo-log.txt': 113,
  'whatsapp_chatminer_bracket_mmddyy_24hrs.txt': 9,
  'whatsapp_chatminer_ddmmyy_24hrs.txt': 9,
  'whatsapp_chatminer_mmddyyyy_12hrs.txt': 9,
  'whatsapp_whats_json_arabic_ios.txt': 23,
  'whatsapp_whats_json_calendar_gregorian_ios.txt': 25,
  'whatsapp_whats_json_calendar_japanese_ios.txt': 28,
  'whatsapp_whats_json_czech_ios.txt': 23,
  'whatsapp_whats_json_deutch_android_media.txt': 41,
  'whatsapp_whats_json_english_android.txt': 60,
  'whatsapp_whats_json_english_ios.txt': 23,
  'whatsapp_whats_json_french_ios.txt': 23,
  'whatsapp_whats_json_indonesian_ios.txt': 23,
  'whatsapp_whats_json_italian_ios.txt': 23,
  'whatsapp_whats_json_japanese_ios.txt': 23,
  'whatsapp_whats_json_russian_android.txt': 60,
  'whatsapp_whats_json_thai_ios.txt': 23,
  'whatsapp_whatstk_pokemon.txt': 20,
};

async function countRows(organizationId: string) {
  const [contacts, messages, conversations] = await Promise.all(
    (['contacts', 'messages', 'conversations'] as const).map((table) =>
      t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow(),
    ),
  );
  return { contacts: Number(contacts!.n), messages: Number(messages!.n), conversations: Number(conversations!.n) };
}

describe.skipIf(!fixturesAvailable)('WhatsApp export import', () => {
  it.each(whatsappFixtureNames())('%s imports every message, and a second run adds nothing', async (name) => {
    const org = await createTestOrg(t);
    const { chats } = await readWhatsAppChats(fixturePath(name), { timeZone: 'UTC' });
    const chat = chats[0]!;
    const authors = authorsOf(chat);
    const me = authors[0]!;
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me });
    expect(report.errors).toEqual([]);
    expect(report.messages).toBe(EXPECTED_MESSAGES[name]);
    expect(report.messagesImported).toBe(EXPECTED_MESSAGES[name]);
    expect(report.contacts).toBe(authors.length - 1);
    expect(report.firstMessageAt! <= report.lastMessageAt!).toBe(true);
    const rows = await countRows(org.organizationId);
    expect(rows).toMatchObject({ messages: EXPECTED_MESSAGES[name], conversations: 1, contacts: authors.length - 1 });

    const outbound = await t.ctx.db.selectFrom('messages').select('author_name').where('organization_id', '=', org.organizationId).where('direction', '=', 'outbound').execute();
    expect(outbound.every((m) => m.author_name === me)).toBe(true);

    const again = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me });
    expect(again).toMatchObject({ imported: 0, skippedDuplicates: authors.length - 1, messagesImported: 0, messagesSkippedDuplicates: EXPECTED_MESSAGES[name] });
    expect(await countRows(org.organizationId)).toEqual(rows);
  });

  it('a group chat is one group conversation whose authors each become a contact, with a lead each', async () => {
    const org = await createTestOrg(t);
    const { chats } = await readWhatsAppChats(fixturePath('whatsapp_whatstk_pokemon.txt'), { timeZone: 'Europe/Berlin' });
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: 'Ash Ketchum' });
    const conversation = await t.ctx.db.selectFrom('conversations').selectAll().where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(conversation.is_group).toBe(true);
    expect(conversation.contact_id).toBeNull();
    expect(report.contacts).toBeGreaterThan(1);
    expect(report.stages).toEqual({ new_lead: report.contacts });
    const leads = await t.ctx.db.selectFrom('lead_stage_history').select('source').where('organization_id', '=', org.organizationId).execute();
    expect(leads).toHaveLength(report.contacts);
    expect(leads.every((l) => l.source === 'import')).toBe(true);
    // Wall-clock times of the export are read in the organization's zone: 13:23 in Berlin (CEST) is 11:23 UTC.
    expect(report.firstMessageAt).toBe('2016-04-15T13:04:00.000Z');
  });

  it('dry run reports the same figures and writes nothing', async () => {
    const org = await createTestOrg(t);
    const { chats } = await readWhatsAppChats(fixturePath('whatsapp_whats_json_russian_android.txt'), { timeZone: 'UTC' });
    const before = await countRows(org.organizationId);
    const dry = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: 'Dmitry S', dryRun: true });
    expect(await countRows(org.organizationId)).toEqual(before);
    const real = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: 'Dmitry S' });
    expect({ ...dry, durationMs: 0, dryRun: false }).toEqual({ ...real, durationMs: 0 });
  });

  it('without --me, the author shared by most chats is "us"; languages are detected per contact', async () => {
    const org = await createTestOrg(t);
    const folder = mkdtempSync(join(work, 'folder-'));
    copyFileSync(fixturePath('whatsapp_whats_json_english_android.txt'), join(folder, 'WhatsApp Chat with Elon.txt'));
    writeFileSync(
      join(folder, 'WhatsApp Chat with Айгуль.txt'),
      ['01.02.2024, 10:00 - Айгуль: Здравствуйте! Сколько стоит маникюр с покрытием?', '01.02.2024, 10:05 - Dmitry S: 1200 сом, есть окно завтра', '01.02.2024, 10:06 - Айгуль: Запишите меня на завтра, пожалуйста'].join('\n'),
    );
    const { chats } = await readWhatsAppChats(folder, { timeZone: 'Asia/Bishkek' });
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp' });
    expect(report.errors).toEqual([]);
    expect(report.contacts).toBe(2);
    const contacts = await t.ctx.db.selectFrom('contacts').select(['display_name', 'language']).where('organization_id', '=', org.organizationId).orderBy('display_name').execute();
    expect(contacts).toEqual([
      { display_name: 'Elon', language: 'en' },
      { display_name: 'Айгуль', language: 'ru' },
    ]);
  });

  it('an interrupted import, run again, completes the rest and duplicates nothing', async () => {
    const org = await createTestOrg(t);
    const { chats } = await readWhatsAppChats(fixturePath('whatsapp_whats_json_english_android.txt'), { timeZone: 'UTC' });
    await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: 'Dmitry S' });
    // As if the run had died part-way: the newest 25 messages never made it.
    const newest = await t.ctx.db.selectFrom('messages').select('id').where('organization_id', '=', org.organizationId).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(25).execute();
    await t.ctx.db.deleteFrom('messages').where('id', 'in', newest.map((m) => m.id)).execute();
    const rerun = await importChats(t.ctx.db, (await readWhatsAppChats(fixturePath('whatsapp_whats_json_english_android.txt'), { timeZone: 'UTC' })).chats, {
      organizationId: org.organizationId,
      source: 'whatsapp',
      me: 'Dmitry S',
    });
    expect(rerun).toMatchObject({ messagesImported: 25, messagesSkippedDuplicates: 35, imported: 0 });
    expect((await countRows(org.organizationId)).messages).toBe(60);
  });

  it('--limit imports the first chats; the next run brings the others', async () => {
    const org = await createTestOrg(t);
    const folder = mkdtempSync(join(work, 'limit-'));
    copyFileSync(fixturePath('whatsapp_whats_json_english_android.txt'), join(folder, 'WhatsApp Chat with Elon.txt'));
    copyFileSync(fixturePath('whatsapp_whats_json_russian_android.txt'), join(folder, 'WhatsApp Chat with Илон.txt'));
    const read = async () => (await readWhatsAppChats(folder, { timeZone: 'UTC' })).chats;
    const first = await importChats(t.ctx.db, await read(), { organizationId: org.organizationId, source: 'whatsapp', me: 'Dmitry S', limit: 1 });
    expect(first).toMatchObject({ chats: 1, messagesImported: 60 });
    const all = await importChats(t.ctx.db, await read(), { organizationId: org.organizationId, source: 'whatsapp', me: 'Dmitry S' });
    expect(all).toMatchObject({ chats: 2, messagesImported: 60, messagesSkippedDuplicates: 60 });
  });

  it('a single chat with no way to tell "us" is reported, not guessed', async () => {
    const org = await createTestOrg(t);
    const { chats } = await readWhatsAppChats(fixturePath('whatsapp_whats_json_english_android.txt'), { timeZone: 'UTC' });
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp' });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.reason).toMatch(/cannot tell which/);
    expect((await countRows(org.organizationId)).messages).toBe(0);
  });

  it('a broken line is reported with its place and the rest imports', async () => {
    const org = await createTestOrg(t);
    const file = join(work, 'WhatsApp Chat with Bob.txt');
    writeFileSync(file, ['12/03/2024, 10:00 - Bob: hi', '12/03/2024, 10:01 - Me: hello Bob', '99/99/2024, 10:02 - Bob: broken date', '12/03/2024, 10:03 - Bob: still here'].join('\n'));
    const { chats } = await readWhatsAppChats(file, { timeZone: 'UTC' });
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: 'Me' });
    expect(report.messagesImported).toBe(3);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ chat: 'WhatsApp Chat with Bob.txt', line: 3 });
  });

  it.each([
    ['an empty file', 'empty.txt', Buffer.alloc(0), /empty/],
    ['binary garbage', 'garbage.txt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /UTF-8|no WhatsApp messages/],
    ['a 50 MB single line', 'one-line.txt', Buffer.alloc(50 * 1024 * 1024, 'a'), /no WhatsApp messages/],
    ['wrong encoding (UTF-16 without BOM)', 'utf16.txt', Buffer.from('12/03/2024, 10:00 - Bob: hi\n', 'utf16le'), /UTF-8|no WhatsApp messages/],
  ])('%s gives a clear error and writes nothing', async (_label, fileName, bytes, message) => {
    const org = await createTestOrg(t);
    const file = join(work, fileName);
    writeFileSync(file, bytes);
    const error = await readWhatsAppChats(file, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportSourceError);
    expect((error as Error).message).toMatch(message);
    expect((await countRows(org.organizationId)).messages).toBe(0);
  });

  it('a truncated zip gives a clear error', async () => {
    const zip = new JSZip();
    zip.file('_chat.txt', '[12/03/2024, 10:00:00] Bob: hi\n'.repeat(2000));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const file = join(work, 'WhatsApp Chat - Bob.zip');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readWhatsAppChats(file, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportSourceError);
    expect((error as Error).message).toMatch(/zip/i);
  });
});

describe.skipIf(!fixturesAvailable)('media placeholders in imported WhatsApp history', () => {
  it.each(['whatsapp_whats_json_russian_android.txt', 'whatsapp_whats_json_english_ios.txt', 'whatsapp_whats_json_deutch_android_media.txt'])(
    '%s: a media message keeps only its caption as text; the placeholder is said once, by the attachment',
    async (name) => {
      const org = await createTestOrg(t);
      const { chats } = await readWhatsAppChats(fixturePath(name), { timeZone: 'UTC' });
      await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'whatsapp', me: authorsOf(chats[0]!)[0]! });
      const media = await t.ctx.db.selectFrom('messages').select(['body', 'media']).where('organization_id', '=', org.organizationId).where('kind', '=', 'media').execute();
      expect(media.length).toBeGreaterThan(3);
      for (const message of media) {
        expect(message.body).not.toMatch(/<[^<>]*>|omitted|weggelaten|file attached|Datei angehängt/i);
        if (message.media!.type !== 'location') expect(message.body).toBe(message.media!.caption && message.media!.caption !== message.media!.fileName ? message.media!.caption : '');
      }
      expect(media.some((message) => message.media!.omitted)).toBe(true);
    },
  );
});
