import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleEvolutionWebhook } from '../../src/modules/channels/index.ts';
import { evolutionMessageRecord, evolutionWebhookEnvelope, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { call, createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';

/** The web's "pull history from Evolution API": a background run through the gateway's REST API, with progress. */

let t: TestApp;
let fake: FakeEvolution;
const API_KEY = 'pull-api-key';
const INSTANCE = 'salonpull';
const AIGUL = '996700111222@s.whatsapp.net';
const BEKA = '996700333444@s.whatsapp.net';
const base = 1_763_771_103;
// Beka's chat is longer than one findMessages page (100), so it is read page by page.
const bekaMessages = Array.from({ length: 130 }, (_, i) =>
  evolutionMessageRecord({ id: `BEKA${String(i).padStart(4, '0')}`, remoteJid: BEKA, fromMe: i % 2 === 1, text: `сообщение ${i}`, timestamp: base + 100 + i, pushName: i % 2 ? null : 'Бека' }),
);
const aigulMessages = [
  evolutionMessageRecord({ id: 'AIGUL0001', remoteJid: AIGUL, fromMe: false, text: 'Здравствуйте, можно на маникюр?', timestamp: base, pushName: 'Айгуль' }),
  evolutionMessageRecord({ id: 'AIGUL0002', remoteJid: AIGUL, fromMe: true, text: 'Да, завтра в 15:00', timestamp: base + 60, pushName: null }),
];

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeEvolution({
    apiKey: API_KEY,
    instance: INSTANCE,
    chats: [{ remoteJid: AIGUL, name: 'Айгуль' }, { remoteJid: BEKA }, { remoteJid: 'status@broadcast' }],
    contacts: [{ remoteJid: AIGUL, pushName: 'Айгуль' }, { remoteJid: BEKA, pushName: 'Бека' }],
    messagesByJid: { [AIGUL]: aigulMessages, [BEKA]: bekaMessages, 'status@broadcast': [evolutionMessageRecord({ id: 'STATUS1', remoteJid: 'status@broadcast', fromMe: false, text: 'status', timestamp: base, pushName: 'x' })] },
  });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

async function evolutionAccount(organizationId: string, apiKey = API_KEY) {
  return t.ctx.db
    .insertInto('channel_accounts')
    .values({
      organization_id: organizationId,
      channel: 'evolution',
      name: 'Salon WhatsApp',
      settings: JSON.stringify({ baseUrl: fake.url, instanceName: INSTANCE }),
      secrets_encrypted: t.ctx.secrets.seal(JSON.stringify({ apiKey })),
      webhook_secret: `secret-${organizationId}`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function messageCount(organizationId: string) {
  const row = await t.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/imports/evolution', () => {
  it('pulls every chat page by page in the background with progress and a report, never storing twice what the webhook delivered', async () => {
    const org = await createTestOrg(t);
    const as = { cookie: org.cookie };
    const account = await evolutionAccount(org.organizationId);
    // The webhook delivered Aigul's first message already.
    const delivered = await handleEvolutionWebhook(t.ctx.db, account, evolutionWebhookEnvelope('messages.upsert', INSTANCE, aigulMessages[0]), new Date());
    expect(delivered.stored).toBe(1);

    const started = await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: account.id });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ source: 'evolution', status: 'queued', fileName: 'Salon WhatsApp' });
    await t.runner.runUntilIdle();
    const run = await call(t, as, 'GET', `/api/imports/${started.body.id}`);
    expect(run.body.status, run.body.error).toBe('completed');
    expect(run.body.progress).toMatchObject({ chatsTotal: 2, chatsDone: 2, messagesRead: 132, messagesImported: 131 });
    expect(run.body.report).toMatchObject({ source: 'evolution', chats: 2, messages: 132, messagesImported: 131, messagesSkippedDuplicates: 1, errors: [] });
    expect(run.body.reportMarkdown).toContain('131');
    expect(await messageCount(org.organizationId)).toBe(132);
    // Beka's chat needed two findMessages pages; the status broadcast was never read.
    const pages = fake.requests.filter((r) => r.path === `/chat/findMessages/${INSTANCE}` && JSON.stringify(r.body).includes(BEKA));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.some((r) => JSON.stringify(r.body ?? '').includes('status@broadcast'))).toBe(false);
    // The contact got its WhatsApp name.
    const contacts = await call(t, as, 'GET', '/api/contacts?q=Бека');
    expect(contacts.body.items.map((c: { displayName: string }) => c.displayName)).toContain('Бека');

    // Pulling again stores nothing; a later webhook of a pulled message is a duplicate too.
    const again = await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: account.id, limit: 1 });
    await t.runner.runUntilIdle();
    const second = await call(t, as, 'GET', `/api/imports/${again.body.id}`);
    expect(second.body.report).toMatchObject({ chats: 1, messagesImported: 0, messagesSkippedDuplicates: 2 });
    const replay = await handleEvolutionWebhook(t.ctx.db, account, evolutionWebhookEnvelope('messages.upsert', INSTANCE, bekaMessages[5]), new Date());
    expect(replay).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await messageCount(org.organizationId)).toBe(132);
  });

  it('a gateway that refuses the key fails the run with the reason; bad fields are named; other organizations cannot pull', async () => {
    const org = await createTestOrg(t);
    const other = await createTestOrg(t);
    const as = { cookie: org.cookie };
    const wrongKey = await evolutionAccount(org.organizationId, 'wrong-key');
    const started = await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: wrongKey.id });
    await t.runner.runUntilIdle();
    const run = await call(t, as, 'GET', `/api/imports/${started.body.id}`);
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toMatch(/Evolution API: .*401/);

    expect((await call(t, as, 'POST', '/api/imports/evolution', {})).body.error.fields[0].field).toBe('body.channelAccountId');
    expect((await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: 'nope' })).body.error.fields[0].field).toBe('body.channelAccountId');
    const sandbox = await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: org.sandboxAccountId });
    expect(sandbox.status).toBe(400);
    expect(sandbox.body.error.fields[0].field).toBe('body.channelAccountId');
    const limit = await call(t, as, 'POST', '/api/imports/evolution', { channelAccountId: wrongKey.id, limit: 0 });
    expect(limit.body.error.fields[0].field).toBe('body.limit');
    const foreign = await call(t, { cookie: other.cookie }, 'POST', '/api/imports/evolution', { channelAccountId: wrongKey.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].field).toBe('body.channelAccountId');
  });
});
