import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChats, readEvolutionChats, readTelegramChats, runImport } from '../../src/modules/imports/index.ts';
import { fixturePath, fixturesAvailable } from '../helpers/shared-fixtures.ts';
import { evolutionMessageRecord, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { call, createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';
import { testDbKind } from '../helpers/test-database.ts';

let t: TestApp;
const dataDir = mkdtempSync(join(tmpdir(), 'parley-imports-'));

beforeAll(async () => {
  t = await createTestApp({ dataDir });
});
afterAll(() => t?.close());

async function count(table: 'contacts' | 'messages' | 'conversations' | 'companies', organizationId: string) {
  const row = await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.skipIf(!fixturesAvailable)('Telegram Desktop export', () => {
  it.each([
    ['telegram_export_chat_analytics_DM_2A_7M.json', 1],
    ['telegram_export_chatminer_batch_full_account.json', 0],
  ])('%s imports every chat and message; a second run adds nothing', async (name) => {
    const org = await createTestOrg(t);
    const { chats } = await readTelegramChats(fixturePath(name));
    const total = chats.reduce((n, c) => n + c.messages.length, 0);
    const authors = new Set(chats.flatMap((c) => c.messages.map((m) => m.author).filter(Boolean)));
    const me = [...authors][0] as string;
    const first = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'telegram', me });
    expect(first.messages).toBe(total);
    expect(first.messagesImported).toBe(total);
    expect(first.chats).toBe(chats.length);
    expect(await count('messages', org.organizationId)).toBe(total);
    const second = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'telegram', me });
    expect(second).toMatchObject({ imported: 0, messagesImported: 0, messagesSkippedDuplicates: total });
  });

  it('a file that is not JSON is a clear error', async () => {
    await expect(readTelegramChats(fixturePath('whatsapp_whats_json_english_ios.txt'))).rejects.toThrow(/JSON/i);
  });
});

describe.skipIf(!fixturesAvailable)('contacts CSV', () => {
  it('imports a Google Contacts export, skips it the second time, updates with --no-skip-duplicates', async () => {
    const org = await createTestOrg(t);
    const path = fixturePath('contacts_google_rolomind.csv');
    const first = await runImport(t.ctx.db, { organizationId: org.organizationId, source: 'csv', target: path });
    expect(first.contacts).toBeGreaterThan(0);
    expect(first.imported).toBe(first.contacts);
    const stored = await count('contacts', org.organizationId);
    expect(stored).toBe(first.imported);
    const contacts = await t.ctx.db.selectFrom('contacts').selectAll().where('organization_id', '=', org.organizationId).execute();
    // The fixture's numbers (+1-555-01xx) are fictional: reported, and the contacts imported by name and email.
    expect(first.invalidPhones.map((p) => p.phone)).toContain('+1-555-0123');
    const john = contacts.find((c) => c.email === 'john@example.com')!;
    expect(john).toMatchObject({ first_name: 'John', last_name: 'Doe', phone_e164: null, source: 'import:csv' });
    expect(john.company_id).not.toBeNull();
    expect(await count('companies', org.organizationId)).toBeGreaterThan(0);

    const second = await runImport(t.ctx.db, { organizationId: org.organizationId, source: 'csv', target: path });
    expect(second).toMatchObject({ imported: 0, skippedDuplicates: first.contacts });
    const third = await runImport(t.ctx.db, { organizationId: org.organizationId, source: 'csv', target: path, skipDuplicates: false });
    expect(third.updated).toBe(first.contacts);
    expect(await count('contacts', org.organizationId)).toBe(stored);
  });
});

describe('Evolution API pull (against a fake server speaking its wire format)', () => {
  let fake: FakeEvolution;
  const alice = '996700111222@s.whatsapp.net';
  const group = '120363025246125486@g.us';
  beforeAll(async () => {
    const base = Date.UTC(2026, 0, 10, 9, 0, 0) / 1000;
    fake = await startFakeEvolution({
      apiKey: 'evo-key',
      instance: 'salon',
      pageSize: 20,
      contacts: [{ remoteJid: alice, pushName: 'Alice Bishkek' }],
      chats: [{ remoteJid: alice, name: 'Alice Bishkek' }, { remoteJid: group, name: 'Salon regulars' }, { remoteJid: 'status@broadcast' }],
      messagesByJid: {
        [alice]: Array.from({ length: 45 }, (_, i) =>
          evolutionMessageRecord({ id: `A${i}`, remoteJid: alice, fromMe: i % 3 === 0, text: i % 3 === 0 ? `Ответ ${i}` : `Здравствуйте, вопрос номер ${i}`, timestamp: base + i * 60, pushName: i % 3 === 0 ? 'Salon' : 'Alice Bishkek' }),
        ),
        [group]: [
          evolutionMessageRecord({ id: 'G1', remoteJid: group, fromMe: false, participant: '996555000111@s.whatsapp.net', text: 'Привет всем', timestamp: base, pushName: 'Bob' }),
          evolutionMessageRecord({ id: 'G2', remoteJid: group, fromMe: false, participant: alice, text: 'Привет!', timestamp: base + 30, pushName: 'Alice Bishkek' }),
        ],
      },
    });
  });
  afterAll(() => fake?.close());

  it('pulls chats, contacts and messages, paced and paged, and a second pull adds nothing', async () => {
    const org = await createTestOrg(t);
    const options = { baseUrl: fake.url, apiKey: 'evo-key', instance: 'salon', requestsPerSecond: 50 };
    const { chats } = await readEvolutionChats(options);
    expect(chats).toHaveLength(2);
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'evolution' });
    expect(report.errors).toEqual([]);
    expect(report.messagesImported).toBe(47);
    const aliceContact = await t.ctx.db.selectFrom('contacts').selectAll().where('organization_id', '=', org.organizationId).where('phone_e164', '=', '+996700111222').executeTakeFirstOrThrow();
    expect(aliceContact.display_name).toBe('Alice Bishkek');
    const directions = await t.ctx.db
      .selectFrom('messages')
      .select(['direction', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', '=', org.organizationId)
      .groupBy('direction')
      .orderBy('direction')
      .execute();
    expect(directions.map((d) => [d.direction, Number(d.n)])).toEqual([
      ['inbound', 32],
      ['outbound', 15],
    ]);
    expect(fake.requests.every((r) => r.headers.apikey === 'evo-key')).toBe(true);
    const again = await importChats(t.ctx.db, (await readEvolutionChats(options)).chats, { organizationId: org.organizationId, source: 'evolution' });
    expect(again.messagesImported).toBe(0);
  });

  it('a wrong key stops the run with a clear error', async () => {
    await expect(readEvolutionChats({ baseUrl: fake.url, apiKey: 'wrong', instance: 'salon' })).rejects.toThrow(/Evolution API/);
  });
});

describe.skipIf(!fixturesAvailable)('upload over HTTP and the import job', () => {
  it('uploads an export, runs it in the job loop with progress, and reports; a garbage upload fails with the reason', async () => {
    const org = await createTestOrg(t);
    const body = readFileSync(fixturePath('whatsapp_whats_json_russian_android.txt'));
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/imports?source=whatsapp&fileName=${encodeURIComponent('WhatsApp Chat with Elon.txt')}&me=${encodeURIComponent('Dmitry S')}`,
      headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' },
      payload: body,
    });
    expect(upload.statusCode).toBe(202);
    const run = JSON.parse(upload.body);
    expect(run.status).toBe('queued');
    // The file waits in the database on PostgreSQL (any job process can take the run), on local disk with the
    // embedded database (one process), and is gone once the run finishes.
    expect(await t.ctx.db.selectFrom('import_files').select('run_id').where('run_id', '=', run.id).execute()).toHaveLength(testDbKind() === 'postgres' ? 1 : 0);
    await t.runner.runUntilIdle();
    expect(await t.ctx.db.selectFrom('import_files').select('run_id').where('run_id', '=', run.id).execute()).toHaveLength(0);
    const done = await call(t, { cookie: org.cookie }, 'GET', `/api/imports/${run.id}`);
    expect(done.body.status).toBe('completed');
    expect(done.body.report).toMatchObject({ messages: 60, messagesImported: 60, contacts: 1 });
    expect(done.body.reportMarkdown).toContain('Total messages**: 60');
    expect((await call(t, { cookie: org.cookie }, 'GET', '/api/imports')).body.items[0].id).toBe(run.id);
    const events = await call(t, { cookie: org.cookie }, 'GET', '/api/events?types=import.completed');
    expect(events.body.items).toHaveLength(1);

    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/imports?source=whatsapp&fileName=broken.zip',
      headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' },
      payload: Buffer.from('PK\u0003\u0004 this is not really a zip'),
    });
    const garbageRun = JSON.parse(garbage.body);
    await t.runner.runUntilIdle();
    const failed = await call(t, { cookie: org.cookie }, 'GET', `/api/imports/${garbageRun.id}`);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatch(/zip/i);
  });

  it('refuses JSON bodies, empty files and agents', async () => {
    const org = await createTestOrg(t);
    const json = await call(t, { cookie: org.cookie }, 'POST', '/api/imports?source=csv&fileName=a.csv', { a: 1 });
    expect(json.status).toBe(415);
    const empty = await t.app.inject({ method: 'POST', url: '/api/imports?source=csv&fileName=a.csv', headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    const badSource = await call(t, { cookie: org.cookie }, 'GET', '/api/imports?limit=0');
    expect(badSource.status).toBe(400);
  });
});

describe.skipIf(!fixturesAvailable)('parley import (CLI)', () => {
  it('prints one JSON report, and a second run imports nothing', async () => {
    const org = await createTestOrg(t);
    if (testDbKind() !== 'postgres') return; // the CLI opens the database itself; PGlite here is in-memory
    const env = { ...process.env, DATABASE_URL: t.testDb.url!, LOG_LEVEL: 'warn' };
    const args = ['bin/parley.mjs', 'import', 'whatsapp', fixturePath('whatsapp_whats_json_english_android.txt'), '--org', org.slug, '--me', 'Dmitry S', '--json'];
    const first = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    for (const key of ['chats', 'contacts', 'imported', 'skippedDuplicates', 'messages', 'firstMessageAt', 'lastMessageAt', 'errors', 'stages', 'languages']) expect(report).toHaveProperty(key);
    expect(report).toMatchObject({ chats: 1, contacts: 1, imported: 1, messages: 60 });
    const second = JSON.parse(spawnSync(process.execPath, args, { env, encoding: 'utf8' }).stdout);
    expect(second).toMatchObject({ imported: 0, skippedDuplicates: 1, messagesImported: 0 });
    const missing = spawnSync(process.execPath, ['bin/parley.mjs', 'import', 'whatsapp', '/nonexistent.txt', '--org', org.slug], { env, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
