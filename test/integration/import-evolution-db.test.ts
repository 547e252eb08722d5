import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvolutionWebhook } from '../../src/modules/channels/index.ts';
import { importChats } from '../../src/modules/imports/index.ts';
import { readEvolutionDbImportChats } from '../../src/modules/imports/sources/evolution-db.source.ts';
import { ensureEvolutionDbSyncRow, syncEvolutionDbAccount } from '../../src/modules/imports/evolution-db/evolution-db-sync.service.ts';
import { fixturePath, fixturesAvailable } from '../helpers/shared-fixtures.ts';
import { createEvolutionSourceDb, evolutionMessageRow, insertEvolutionRows, type EvolutionSourceDb } from '../helpers/evolution-db.ts';
import { call, createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';
import { testDbKind } from '../helpers/test-database.ts';

let t: TestApp;
let source: EvolutionSourceDb;
const INSTANCE_ID = 'clx0instance0000000000001';
const AIGUL = '996700111222@s.whatsapp.net';
const BEKA = '996700333444@s.whatsapp.net';

beforeAll(async () => {
  t = await createTestApp();
  source = await createEvolutionSourceDb();
  await source.sql.query(`INSERT INTO "Instance" (id, name, "ownerJid") VALUES ($1, 'salon-main', '996555000111@s.whatsapp.net')`, [INSTANCE_ID]);
  await source.sql.query(`INSERT INTO "Contact" (id, "remoteJid", "pushName", "instanceId") VALUES ('cc1', $1, 'Айгуль', $3), ('cc2', $2, 'Бека', $3)`, [AIGUL, BEKA, INSTANCE_ID]);
  await source.sql.query(`INSERT INTO "Chat" (id, "remoteJid", name, "instanceId") VALUES ('ch1', $1, 'Айгуль', $2)`, [AIGUL, INSTANCE_ID]);
  const base = 1_763_771_103;
  await insertEvolutionRows(source.sql, [
    evolutionMessageRow(INSTANCE_ID, { id: '3AE99D6A1DBF3F9A0001', jid: AIGUL, fromMe: false, text: 'Здравствуйте, можно на маникюр?', at: base, pushName: 'Айгуль' }),
    evolutionMessageRow(INSTANCE_ID, { id: '3AE99D6A1DBF3F9A0002', jid: AIGUL, fromMe: true, text: 'Да, завтра в 15:00', at: base + 60 }),
    evolutionMessageRow(INSTANCE_ID, { id: '3AE99D6A1DBF3F9A0003', jid: BEKA, fromMe: false, text: 'Сколько стоит стрижка?', at: base + 120, pushName: 'Бека' }),
    evolutionMessageRow(INSTANCE_ID, { id: '3AE99D6A1DBF3F9A0004', jid: 'status@broadcast', fromMe: false, text: 'status', at: base + 130 }),
  ]);
});
afterAll(async () => {
  await source?.drop();
  await t?.close();
});

async function count(table: 'messages' | 'conversations', organizationId: string) {
  const row = await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function evolutionAccount(organizationId: string) {
  return t.ctx.db
    .insertInto('channel_accounts')
    .values({ organization_id: organizationId, channel: 'evolution', name: 'Salon WhatsApp', settings: JSON.stringify({ baseUrl: 'http://127.0.0.1:9', instanceName: 'salon-main' }), webhook_secret: 'test-secret' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('Evolution API’s own PostgreSQL as a source', () => {
  it('imports contacts, chats and messages with the REST pull’s chat keys and message ids; a second run adds nothing', async () => {
    const org = await createTestOrg(t);
    const { chats, failures } = await readEvolutionDbImportChats(source.sql, 'salon-main');
    expect(failures).toEqual([]);
    expect(chats.map((c) => c.key).sort()).toEqual([`evo:salon-main:${AIGUL}`, `evo:salon-main:${BEKA}`]);
    const report = await importChats(t.ctx.db, chats, { organizationId: org.organizationId, source: 'evolution' });
    expect(report).toMatchObject({ chats: 2, contacts: 2, messages: 3, messagesImported: 3 });
    const ids = await t.ctx.db.selectFrom('messages').select('external_id').where('organization_id', '=', org.organizationId).execute();
    expect(ids.map((m) => m.external_id).sort()).toEqual(['src:3AE99D6A1DBF3F9A0001', 'src:3AE99D6A1DBF3F9A0002', 'src:3AE99D6A1DBF3F9A0003']);
    const again = await importChats(t.ctx.db, (await readEvolutionDbImportChats(source.sql, 'salon-main')).chats, { organizationId: org.organizationId, source: 'evolution' });
    expect(again).toMatchObject({ messagesImported: 0, messagesSkippedDuplicates: 3 });
  });

  it('an unknown instance names the ones there are', async () => {
    await expect(readEvolutionDbImportChats(source.sql, 'nope')).rejects.toThrow(/no instance "nope".*salon-main/);
  });

  it.skipIf(!fixturesAvailable)('syncs an Evolution account incrementally, never storing twice what its webhook already delivered', async () => {
    const org = await createTestOrg(t);
    const account = await evolutionAccount(org.organizationId);
    // The webhook delivered the first message already (the shared fixture's envelope, pointed at this chat).
    const envelope = JSON.parse(readFileSync(fixturePath('evolution_webhook_messages.upsert.json'), 'utf8'));
    envelope.data.key = { remoteJid: AIGUL, fromMe: false, id: '3AE99D6A1DBF3F9A0001' };
    envelope.data.message = { conversation: 'Здравствуйте, можно на маникюр?' };
    expect((await handleEvolutionWebhook(t.ctx.db, account, envelope, new Date())).stored).toBe(1);

    await ensureEvolutionDbSyncRow(t.ctx.db, t.ctx.secrets, org.organizationId, account.id, 'postgres://unused', 'salon-main');
    const first = await syncEvolutionDbAccount(t.ctx.db, { organizationId: org.organizationId, channelAccountId: account.id, sql: source.sql, instanceName: 'salon-main', now: new Date() });
    expect(first).toMatchObject({ messagesRead: 4, messagesStored: 2, messagesAlreadyPresent: 1, ignored: 1 });
    expect(await count('messages', org.organizationId)).toBe(3);
    expect(await count('conversations', org.organizationId)).toBe(2);
    // The contact got its name from the gateway's contact list.
    const contacts = await call(t, { cookie: org.cookie }, 'GET', '/api/contacts?q=Бека');
    expect(contacts.body.items.map((c: { displayName: string }) => c.displayName)).toContain('Бека');

    // Nothing new: the cursor skips everything read before.
    const second = await syncEvolutionDbAccount(t.ctx.db, { organizationId: org.organizationId, channelAccountId: account.id, sql: source.sql, instanceName: 'salon-main', now: new Date() });
    expect(second).toMatchObject({ messagesRead: 0, messagesStored: 0 });

    // A new message in the gateway's database arrives with the next sync; the same one by webhook afterwards is a duplicate.
    await insertEvolutionRows(source.sql, [evolutionMessageRow(INSTANCE_ID, { id: '3AE99D6A1DBF3F9A0009', jid: BEKA, fromMe: true, text: '800 сом', at: 1_763_771_500 })]);
    const third = await syncEvolutionDbAccount(t.ctx.db, { organizationId: org.organizationId, channelAccountId: account.id, sql: source.sql, instanceName: 'salon-main', now: new Date() });
    expect(third).toMatchObject({ messagesRead: 1, messagesStored: 1 });
    envelope.data.key = { remoteJid: BEKA, fromMe: true, id: '3AE99D6A1DBF3F9A0009' };
    envelope.data.message = { conversation: '800 сом' };
    const replay = await handleEvolutionWebhook(t.ctx.db, account, envelope, new Date());
    expect(replay.stored).toBe(0);
    expect(await count('messages', org.organizationId)).toBe(4);
  });

  it('CLI: parley import evolution-db <instance> --db-url, as an import and as an account sync', async () => {
    if (testDbKind() !== 'postgres') return; // the CLI opens both databases itself; PGlite here is in-memory
    const org = await createTestOrg(t);
    const env = { ...process.env, DATABASE_URL: t.testDb.url!, LOG_LEVEL: 'warn' };
    const run = (...extra: string[]) => spawnSync(process.execPath, ['bin/parley.mjs', 'import', 'evolution-db', 'salon-main', '--db-url', source.url!, '--org', org.slug, '--json', ...extra], { env, encoding: 'utf8' });
    const imported = run();
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ chats: 2, contacts: 2 });
    const account = await evolutionAccount(org.organizationId);
    const synced = run();
    expect(synced.status, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ account: account.name, messagesStored: 4 });
    const missing = spawnSync(process.execPath, ['bin/parley.mjs', 'import', 'evolution-db', 'salon-main', '--org', org.slug], { env: { ...env, EVOLUTION_DB_URL: '' }, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--db-url');
  });

  it('API: an admin saves the database (sealed, never shown) and an interval; sync now runs with progress and a report; other organizations see nothing', async () => {
    const org = await createTestOrg(t);
    const other = await createTestOrg(t);
    const account = await evolutionAccount(org.organizationId);
    const as = { cookie: org.cookie };
    const path = `/api/imports/evolution-db/${account.id}`;
    expect((await call(t, as, 'GET', path)).body).toMatchObject({ instanceName: 'salon-main', hasDbUrl: false, intervalMinutes: null });
    const noUrl = await call(t, as, 'PUT', path, { intervalMinutes: 15 });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.fields[0].field).toBe('body.dbUrl');
    const badUrl = await call(t, as, 'PUT', path, { dbUrl: 'mysql://x', intervalMinutes: 15 });
    expect(badUrl.body.error.fields[0].field).toBe('body.dbUrl');
    const tooOften = await call(t, as, 'PUT', path, { dbUrl: 'postgres://u:p@127.0.0.1/evo', intervalMinutes: 1 });
    expect(tooOften.body.error.fields[0].field).toBe('body.intervalMinutes');
    const url = source.url ?? 'postgres://evolution:secret@127.0.0.1:5432/evolution';
    const saved = await call(t, as, 'PUT', path, { dbUrl: url, intervalMinutes: 15 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ hasDbUrl: true, intervalMinutes: 15 });
    expect(JSON.stringify(saved.body)).not.toContain('postgres://');
    // Another organization holding the account id gets nothing.
    expect((await call(t, { cookie: other.cookie }, 'GET', path)).status).toBe(404);
    expect((await call(t, { cookie: other.cookie }, 'PUT', path, { dbUrl: url, intervalMinutes: 15 })).status).toBe(404);
    expect((await call(t, { cookie: other.cookie }, 'POST', `${path}/sync`)).status).toBe(404);
    // A sandbox account is not an Evolution account.
    expect((await call(t, as, 'GET', `/api/imports/evolution-db/${org.sandboxAccountId}`)).body.error.fields[0].field).toBe('params.accountId');

    if (!source.url) return; // PGlite: the source is an in-process database with no URL a job could open (covered above through the service)
    const started = await call(t, as, 'POST', `${path}/sync`);
    expect(started.status).toBe(202);
    await t.runner.runUntilIdle();
    const run = await call(t, as, 'GET', `/api/imports/${started.body.id}`);
    expect(run.body.status, run.body.error).toBe('completed');
    expect(run.body.report).toMatchObject({ source: 'evolution' });
    // The scheduled sync (interval saved above, never run yet) may run beside "sync now": together they store each message once.
    expect(await count('messages', org.organizationId)).toBe(4);
    expect((await call(t, as, 'GET', path)).body).toMatchObject({ lastError: null, lastSyncAt: expect.any(String) });
  });
});
