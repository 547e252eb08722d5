import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { evolutionMessageRecord, evolutionWebhookEnvelope, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-server.ts';
import { cloudMessageWebhook, signCloudWebhook, startFakeWhatsAppCloud, type FakeCloud } from '../fakes/whatsapp-cloud-server.ts';
import { fakeSpeechOf, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';
import { loadDialog } from '../../src/modules/conversations/conversation-dialogs.ts';

/**
 * Inbound media (issues 6 and 8): each channel's file is downloaded by the `media.download` job through the real
 * adapter against the provider's fake, stored, served by `GET /api/media/:id`, and voice notes are transcribed
 * through the fake OpenAI-compatible `/audio/transcriptions` when the organization has a speech-to-text model.
 */

const EVO_KEY = 'evo-media-key-0123456789';
const INSTANCE = 'media-shop';
const BOT_TOKEN = '7000000002:AAE_fake-media-bot-token-0123456789';
const CLOUD_TOKEN = 'EAAG-fake-media-token';
const CLOUD_SECRET = 'cloud-media-app-secret';
const PHONE_NUMBER_ID = '109876543210987';
const PUBLIC_URL = 'https://crm.example.test';
const MAX_BYTES = 64 * 1024;

let t: TestApp;
let org: TestOrg;
let offlineOrg: TestOrg;
let evo: FakeEvolution;
let bot: FakeTelegram;
let cloud: FakeCloud;
let ai: FakeOpenAi;
let evoAccountId: string;
let evoHook: string;
let botHook: string;
let botSecret: string;
let cloudHook: string;

const as = (o: TestOrg = org) => ({ cookie: o.cookie });

async function runDue() {
  for (let i = 0; i < 12; i++) {
    await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
    await t.runner.runUntilIdle();
    const pending = await t.ctx.db.selectFrom('jobs').select('id').where('status', 'in', ['pending', 'running']).where('task', 'like', 'media.%').execute();
    if (pending.length === 0) return;
  }
}

async function messageByExternalId(externalId: string) {
  return t.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();
}

async function messageDto(o: TestOrg, externalId: string) {
  const row = await messageByExternalId(externalId);
  const list = await call(t, as(o), 'GET', `/api/conversations/${row.conversation_id}/messages`);
  return list.body.items.find((m: { id: string }) => m.id === row.id);
}

function voiceBytes(said: string): Buffer {
  // An Ogg page header followed by the fake's "speech" marker: the fake transcriber reads what follows SPEECH:.
  return Buffer.concat([Buffer.from('OggS\0\x02', 'binary'), Buffer.alloc(32, 7), Buffer.from(`SPEECH:${said}`, 'utf8')]);
}

async function evolutionVoice(o: { accountHook: string }, id: string, phone: string, bytes: Buffer) {
  evo.addMedia(id, { bytes, mimetype: 'audio/ogg; codecs=opus', mediaType: 'audioMessage' });
  const record = evolutionMessageRecord({ id, remoteJid: `${phone}@s.whatsapp.net`, fromMe: false, media: { type: 'audio', ptt: true }, timestamp: new Date(), pushName: 'Client' });
  const response = await t.app.inject({ method: 'POST', url: o.accountHook, payload: evolutionWebhookEnvelope('messages.upsert', INSTANCE, record) });
  expect(response.statusCode).toBe(200);
}

beforeAll(async () => {
  evo = await startFakeEvolution({ apiKey: EVO_KEY, instance: INSTANCE, instanceExists: false });
  bot = await startFakeTelegram({ token: BOT_TOKEN, username: 'media_bot' });
  cloud = await startFakeWhatsAppCloud({ accessToken: CLOUD_TOKEN, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '+996 555 010 001' });
  ai = await startFakeOpenAi({
    respond: () => ({ content: '{}' }),
    transcribe: (request) =>
      request.model === 'no-such-model'
        ? { status: 404, body: { error: { message: 'The model `no-such-model` does not exist', type: 'invalid_request_error', code: 'model_not_found' } } }
        : { text: fakeSpeechOf(request.bytes) },
  });
  t = await createTestApp({ config: { PUBLIC_URL, TELEGRAM_BOT_API_URL: bot.url, WHATSAPP_GRAPH_URL: cloud.url, CHANNEL_HTTP_TIMEOUT_MS: 2500, MEDIA_MAX_BYTES: MAX_BYTES } });
  org = await createTestOrg(t);
  offlineOrg = await createTestOrg(t);

  const evoAccount = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: evo.url, apiKey: EVO_KEY, instanceName: INSTANCE } });
  expect(evoAccount.status).toBe(201);
  evoAccountId = evoAccount.body.id;
  evoHook = (await call(t, as(), 'GET', `/api/channel-accounts/${evoAccountId}/webhook`)).body.path;
  await t.app.inject({ method: 'POST', url: evoHook, payload: evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200 }) });

  const botAccount = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Bot', config: { botToken: BOT_TOKEN } });
  expect(botAccount.status).toBe(201);
  const botInfo = await call(t, as(), 'GET', `/api/channel-accounts/${botAccount.body.id}/webhook`);
  botHook = botInfo.body.path;
  botSecret = botInfo.body.secret;

  const cloudAccount = await call(t, as(), 'POST', '/api/channel-accounts', {
    channel: 'whatsapp_cloud',
    name: 'Cloud',
    config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: CLOUD_TOKEN, appSecret: CLOUD_SECRET },
  });
  expect(cloudAccount.status).toBe(201);
  cloudHook = (await call(t, as(), 'GET', `/api/channel-accounts/${cloudAccount.body.id}/webhook`)).body.path;

  const settings = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: ai.baseURL, model: 'fake-chat', apiKey: 'sk-fake', transcriptionModel: 'whisper-1' });
  expect(settings.status).toBe(200);
  expect(settings.body.transcriptionModel).toBe('whisper-1');
});
afterAll(async () => {
  await t?.close();
  await Promise.all([evo?.close(), bot?.close(), cloud?.close(), ai?.close()]);
});

describe('voice notes through Evolution', () => {
  it('inbound voice → queued download → stored → served with its type → transcribed → read by the analysis', async () => {
    const bytes = voiceBytes('Здравствуйте, хочу записаться на маникюр в субботу');
    await evolutionVoice({ accountHook: evoHook }, 'VOICE-1', '996700111001', bytes);
    // The webhook answers before anything is downloaded: the file waits for the job loop.
    const pending = await messageDto(org, 'VOICE-1');
    expect(pending.media).toMatchObject({ type: 'voice', download: 'pending' });
    expect(pending.media.mediaId ?? null).toBeNull();
    expect(evo.requests.filter((r) => r.path.startsWith('/chat/getBase64FromMediaMessage'))).toHaveLength(0);

    await runDue();
    const download = evo.requests.filter((r) => r.path === `/chat/getBase64FromMediaMessage/${INSTANCE}`);
    expect(download).toHaveLength(1);
    expect(download[0]!.body).toMatchObject({ message: { key: { id: 'VOICE-1', remoteJid: '996700111001@s.whatsapp.net', fromMe: false } }, convertToMp4: false });

    const stored = await messageDto(org, 'VOICE-1');
    expect(stored.media).toMatchObject({ type: 'voice', download: 'stored', omitted: false, size: bytes.byteLength, mimeType: 'audio/ogg' });
    const file = await t.app.inject({ method: 'GET', url: `/api/media/${stored.media.mediaId}`, headers: { cookie: org.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('audio/ogg');
    expect(file.headers['content-disposition']).toMatch(/^inline/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(file.rawPayload, bytes)).toBe(0);

    expect(ai.transcriptions).toHaveLength(1);
    expect(ai.transcriptions[0]).toMatchObject({ model: 'whisper-1', fileName: 'voice.ogg', mimeType: 'audio/ogg' });
    expect(Buffer.compare(ai.transcriptions[0]!.bytes, bytes)).toBe(0);
    expect(ai.transcriptions[0]!.headers.authorization).toBe('Bearer sk-fake');
    expect(stored.media.transcript).toBe('Здравствуйте, хочу записаться на маникюр в субботу');

    const dialog = await loadDialog(t.ctx.db, org.organizationId, stored.conversationId, 20);
    expect(dialog.at(-1)!.text).toBe('[voice] Здравствуйте, хочу записаться на маникюр в субботу');
    const usage = await call(t, as(), 'GET', '/api/settings/ai/usage');
    expect(usage.body.byTask).toEqual(expect.arrayContaining([expect.objectContaining({ task: 'media.transcribe', calls: 1 })]));
  });

  it('a replayed webhook downloads nothing twice; a gateway outage is retried and the file stored once', async () => {
    const calls = () => evo.requests.filter((r) => r.path.startsWith('/chat/getBase64FromMediaMessage')).length;
    const before = calls();
    await evolutionVoice({ accountHook: evoHook }, 'VOICE-1', '996700111001', voiceBytes('again'));
    await runDue();
    expect(calls()).toBe(before);

    evo.failNext({ route: 'getBase64FromMediaMessage', status: 500, times: 2 });
    await evolutionVoice({ accountHook: evoHook }, 'VOICE-2', '996700111002', voiceBytes('после сбоя'));
    await runDue();
    expect(calls()).toBe(before + 3);
    const message = await messageDto(org, 'VOICE-2');
    expect(message.media).toMatchObject({ download: 'stored', transcript: 'после сбоя' });
    const files = await t.ctx.db.selectFrom('media_files').select('id').where('message_id', '=', message.id).execute();
    expect(files).toHaveLength(1);
  });

  it('a file the gateway no longer has is marked failed at once, not retried', async () => {
    const record = evolutionMessageRecord({ id: 'GONE-1', remoteJid: '996700111003@s.whatsapp.net', fromMe: false, media: { type: 'image' }, timestamp: new Date(), pushName: 'Client' });
    await t.app.inject({ method: 'POST', url: evoHook, payload: evolutionWebhookEnvelope('messages.upsert', INSTANCE, record) });
    await runDue();
    expect((await messageDto(org, 'GONE-1')).media).toMatchObject({ type: 'image', download: 'failed' });
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('task', '=', 'media.download').where('payload', '@>', JSON.stringify({ source: { id: 'GONE-1' } }) as never).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('Telegram Bot and WhatsApp Cloud media', () => {
  it('a photo and a document sent to the bot are fetched with getFile and served (inline image, attached document)', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 1)]);
    const pdf = Buffer.from('%PDF-1.4\n% price list\n%%EOF');
    bot.addFile('small-photo', { bytes: Buffer.alloc(10), path: 'photos/file_0.jpg' });
    bot.addFile('big-photo', { bytes: photo, path: 'photos/file_1.jpg' });
    bot.addFile('doc-1', { bytes: pdf, path: 'documents/file_2.pdf' });
    const from = { id: 770001, is_bot: false, first_name: 'Aibek' };
    const chat = { id: 770001, type: 'private', first_name: 'Aibek' };
    const date = Math.floor(Date.now() / 1000);
    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: botHook, headers: { 'x-telegram-bot-api-secret-token': botSecret }, payload: payload as object });
    expect(
      (await post({ update_id: 1, message: { message_id: 41, from, chat, date, caption: 'вот так', photo: [{ file_id: 'small-photo', file_unique_id: 's', width: 90, height: 90 }, { file_id: 'big-photo', file_unique_id: 'b', width: 1280, height: 960 }] } })).statusCode,
    ).toBe(200);
    expect((await post({ update_id: 2, message: { message_id: 42, from, chat, date, document: { file_id: 'doc-1', file_unique_id: 'd', file_name: 'Прайс.pdf', mime_type: 'application/pdf' } } })).statusCode).toBe(200);
    await runDue();

    expect(bot.calls.filter((c) => c.method === 'getFile').map((c) => c.body.file_id).sort()).toEqual(['big-photo', 'doc-1']);
    const image = await messageDto(org, '41');
    expect(image.media).toMatchObject({ type: 'image', download: 'stored', caption: 'вот так' });
    const imageFile = await t.app.inject({ method: 'GET', url: `/api/media/${image.media.mediaId}`, headers: { cookie: org.cookie } });
    expect(imageFile.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(imageFile.rawPayload, photo)).toBe(0);

    const doc = await messageDto(org, '42');
    expect(doc.media).toMatchObject({ type: 'document', download: 'stored', fileName: 'Прайс.pdf', mimeType: 'application/pdf' });
    const docFile = await t.app.inject({ method: 'GET', url: `/api/media/${doc.media.mediaId}`, headers: { cookie: org.cookie } });
    expect(docFile.headers['content-type']).toBe('application/pdf');
    expect(docFile.headers['content-disposition']).toBe(`attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('Прайс.pdf')}`);
    expect(docFile.rawPayload.toString()).toBe(pdf.toString());
    // An image the assistant cannot transcribe is not sent to speech-to-text.
    expect(ai.transcriptions.some((r) => r.mimeType === 'image/jpeg')).toBe(false);
  });

  it('a file over MEDIA_MAX_BYTES is not downloaded: the message says too_large', async () => {
    bot.addFile('huge', { bytes: Buffer.alloc(MAX_BYTES + 1, 2), path: 'documents/huge.bin' });
    const from = { id: 770002, is_bot: false, first_name: 'Big' };
    await t.app.inject({
      method: 'POST',
      url: botHook,
      headers: { 'x-telegram-bot-api-secret-token': botSecret },
      payload: { update_id: 3, message: { message_id: 43, from, chat: { id: 770002, type: 'private', first_name: 'Big' }, date: Math.floor(Date.now() / 1000), document: { file_id: 'huge', file_unique_id: 'h', file_name: 'huge.bin' } } },
    });
    await runDue();
    expect((await messageDto(org, '43')).media).toMatchObject({ download: 'too_large', size: MAX_BYTES + 1 });
    expect(bot.calls.filter((c) => c.method === 'file' && c.body.path === 'documents/huge.bin')).toHaveLength(0);
  });

  it('a Cloud API voice note: media id → URL → bytes with the bearer token, then transcribed', async () => {
    const bytes = voiceBytes('Можно перенести на понедельник?');
    cloud.addMedia('5550001112223334', { bytes, mimeType: 'audio/ogg' });
    const body = cloudMessageWebhook({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '996555777001',
      id: 'wamid.VOICE1',
      timestamp: new Date(),
      message: { type: 'audio', audio: { id: '5550001112223334', mime_type: 'audio/ogg; codecs=opus', voice: true, sha256: 'x' } },
    });
    const raw = JSON.stringify(body);
    const response = await t.app.inject({ method: 'POST', url: cloudHook, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signCloudWebhook(raw, CLOUD_SECRET) }, payload: raw });
    expect(response.statusCode).toBe(200);
    await runDue();
    const lookups = cloud.requests.filter((r) => r.path.endsWith('/5550001112223334') || r.path.startsWith('/whatsapp_business/attachments'));
    expect(lookups.map((r) => r.headers.authorization)).toEqual([`Bearer ${CLOUD_TOKEN}`, `Bearer ${CLOUD_TOKEN}`]);
    const message = await messageDto(org, 'wamid.VOICE1');
    expect(message.media).toMatchObject({ type: 'voice', download: 'stored', transcript: 'Можно перенести на понедельник?' });
  });
});

describe('offline organizations and tenancy', () => {
  it('without a speech-to-text endpoint the voice note is stored and playable, with no transcript', async () => {
    expect((await call(t, as(offlineOrg), 'GET', '/api/settings/ai')).body).toMatchObject({ mode: 'offline', transcriptionModel: null });
    const gateway = await startFakeEvolution({ apiKey: EVO_KEY, instance: 'offline-shop', instanceExists: false });
    try {
      const account = await call(t, as(offlineOrg), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: gateway.url, apiKey: EVO_KEY, instanceName: 'offline-shop' } });
      expect(account.status).toBe(201);
      const hook = (await call(t, as(offlineOrg), 'GET', `/api/channel-accounts/${account.body.id}/webhook`)).body.path;
      const bytes = voiceBytes('никто не расшифрует');
      gateway.addMedia('OFFLINE-1', { bytes, mimetype: 'audio/ogg; codecs=opus' });
      const record = evolutionMessageRecord({ id: 'OFFLINE-1', remoteJid: '996700222001@s.whatsapp.net', fromMe: false, media: { type: 'audio', ptt: true }, timestamp: new Date(), pushName: 'Client' });
      expect((await t.app.inject({ method: 'POST', url: hook, payload: evolutionWebhookEnvelope('messages.upsert', 'offline-shop', record) })).statusCode).toBe(200);
      const transcriptions = ai.transcriptions.length;
      await runDue();
      const message = await messageDto(offlineOrg, 'OFFLINE-1');
      expect(message.media).toMatchObject({ type: 'voice', download: 'stored' });
      expect(message.media.transcript ?? null).toBeNull();
      expect(ai.transcriptions.length).toBe(transcriptions);
      expect(await t.ctx.db.selectFrom('jobs').select('id').where('task', '=', 'media.transcribe').where('organization_id', '=', offlineOrg.organizationId).execute()).toHaveLength(0);
      const file = await t.app.inject({ method: 'GET', url: `/api/media/${message.media.mediaId}`, headers: { cookie: offlineOrg.cookie } });
      expect(file.statusCode).toBe(200);
      expect(Buffer.compare(file.rawPayload, bytes)).toBe(0);
      const dialog = await loadDialog(t.ctx.db, offlineOrg.organizationId, message.conversationId, 20);
      expect(dialog.at(-1)!.text).toBe('[voice]');
    } finally {
      await gateway.close();
    }
  });

  it('a transcription the endpoint refuses (4xx) is not retried and leaves the note without text', async () => {
    const refusing = ai.transcriptions.length;
    const settings = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: ai.baseURL, model: 'fake-chat', transcriptionModel: '' });
    expect(settings.status).toBe(400);
    expect(settings.body.error.fields[0].field).toBe('body.transcriptionModel');
    await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: ai.baseURL, model: 'fake-chat', transcriptionModel: 'no-such-model' });
    await evolutionVoice({ accountHook: evoHook }, 'VOICE-REFUSED', '996700111009', voiceBytes('unused'));
    await runDue();
    expect(ai.transcriptions.slice(refusing).map((r) => r.model)).toEqual(['no-such-model']);
    const message = await messageDto(org, 'VOICE-REFUSED');
    expect(message.media).toMatchObject({ download: 'stored' });
    expect(message.media.transcript ?? null).toBeNull();
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('job_key', '=', `transcribe:${message.media.mediaId}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: ai.baseURL, model: 'fake-chat', transcriptionModel: 'whisper-1' });
  });

  it('GET /api/media/:id is scoped to the organization and needs a session', async () => {
    const voice = await messageDto(org, 'VOICE-1');
    const mediaId = voice.media.mediaId as string;
    expect((await t.app.inject({ method: 'GET', url: `/api/media/${mediaId}`, headers: { cookie: offlineOrg.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/media/${mediaId}` })).statusCode).toBe(401);
    const bad = await call(t, as(), 'GET', '/api/media/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('params.mediaId');
  });
});
