import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { liftSendingLimits } from '../helpers/sending-limits.ts';
import { OGG_VOICE, PDF_ONE_PAGE, PNG_1X1, webmOpus } from '../helpers/media-samples.ts';
import { evolutionWebhookEnvelope, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-server.ts';
import { cloudMessageWebhook, signCloudWebhook, startFakeWhatsAppCloud, type FakeCloud } from '../fakes/whatsapp-cloud-server.ts';
import { FakeMtproto, type FakeUser } from '../fakes/telegram-user-client.ts';
import { createTelegramUserAdapter } from '../../src/modules/channels/index.ts';
import { KeyedPacer } from '../../src/modules/channels/pacer.ts';

/**
 * Attachments out (issue 14): a file uploaded in the composer is stored like inbound media, sent through the one
 * outbound path, and each channel adapter sends its bytes in the provider's wire format — asserted on what
 * arrived at the provider's fake.
 */

const EVO_KEY = 'evo-attach-key-0123456789';
const INSTANCE = 'attach-shop';
const BOT_TOKEN = '7000000003:AAE_fake-attach-bot-token-0123456789';
const CLOUD_TOKEN = 'EAAG-fake-attach-token';
const CLOUD_SECRET = 'cloud-attach-app-secret';
const PHONE_NUMBER_ID = '109876543210999';
const API_HASH = '0123456789abcdef0123456789abcdef';
const MAX_BYTES = 256 * 1024;
const self: FakeUser = { id: 7_100_001, accessHash: '9101', firstName: 'Aigul', username: 'aigul_attach', phone: '996700111999' };
const client: FakeUser = { id: 8_200_001, accessHash: '82001', firstName: 'Азамат', username: 'azamat_attach', phone: '996555010299' };

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let evo: FakeEvolution;
let bot: FakeTelegram;
let cloud: FakeCloud;
let mtproto: FakeMtproto;
const accounts: Record<'evolution' | 'bot' | 'cloud' | 'tgUser', string> = { evolution: '', bot: '', cloud: '', tgUser: '' };

const as = (o: TestOrg = org) => ({ cookie: o.cookie });

async function runDue() {
  for (let i = 0; i < 4; i++) {
    await t.ctx.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
    await t.runner.runUntilIdle();
  }
}

function upload(conversationId: string, bytes: Buffer, contentType: string, query = '', o: TestOrg = org) {
  return t.app.inject({
    method: 'POST',
    url: `/api/conversations/${conversationId}/attachments${query ? `?${query}` : ''}`,
    headers: { cookie: o.cookie, 'x-parley-client': 'test', 'content-type': contentType },
    payload: bytes,
  });
}

async function uploaded(conversationId: string, bytes: Buffer, contentType: string, query = '') {
  const response = await upload(conversationId, bytes, contentType, query);
  expect(response.statusCode, response.body).toBe(201);
  return JSON.parse(response.body) as { id: string; kind: string; mimeType: string; fileName: string | null; size: number; url: string };
}

async function sendFile(conversationId: string, mediaId: string, body?: string) {
  const response = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId }, ...(body ? { body } : {}) });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  await runDue();
  const messages = await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`);
  return messages.body.items.find((m: { id: string }) => m.id === response.body.id);
}

async function openConversation(contact: Record<string, unknown>, channelAccountId: string) {
  const created = await call(t, as(), 'POST', '/api/contacts', contact);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const conversation = await call(t, as(), 'POST', '/api/conversations', { contactId: created.body.id, channelAccountId });
  expect(conversation.status, JSON.stringify(conversation.body)).toBe(201);
  return conversation.body.id as string;
}

beforeAll(async () => {
  evo = await startFakeEvolution({ apiKey: EVO_KEY, instance: INSTANCE, instanceExists: false });
  bot = await startFakeTelegram({ token: BOT_TOKEN, username: 'attach_bot' });
  cloud = await startFakeWhatsAppCloud({ accessToken: CLOUD_TOKEN, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '+996 555 010 009' });
  mtproto = new FakeMtproto({ apiId: 1101, apiHash: API_HASH, self, code: '31415', users: [client] });
  t = await createTestApp({ config: { PUBLIC_URL: 'https://crm.example.test', TELEGRAM_BOT_API_URL: bot.url, WHATSAPP_GRAPH_URL: cloud.url, CHANNEL_HTTP_TIMEOUT_MS: 2500, MEDIA_MAX_BYTES: MAX_BYTES } });
  let pacedAt = Date.now();
  t.ctx.channels.set('telegram_user', createTelegramUserAdapter({ clientFactory: (options) => mtproto.factory(options), pacer: new KeyedPacer(() => pacedAt, async (ms) => void (pacedAt += ms)) }));
  org = await createTestOrg(t);
  other = await createTestOrg(t);

  const evoAccount = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'WA', config: { baseUrl: evo.url, apiKey: EVO_KEY, instanceName: INSTANCE } });
  accounts.evolution = evoAccount.body.id;
  evo.setState('open');
  const evoHook = (await call(t, as(), 'GET', `/api/channel-accounts/${accounts.evolution}/webhook`)).body.path;
  await t.app.inject({ method: 'POST', url: evoHook, payload: evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200 }) });
  accounts.bot = (await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_bot', name: 'Bot', config: { botToken: BOT_TOKEN } })).body.id;
  accounts.cloud = (await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'whatsapp_cloud', name: 'Cloud', config: { phoneNumberId: PHONE_NUMBER_ID, accessToken: CLOUD_TOKEN, appSecret: CLOUD_SECRET } })).body.id;
  accounts.tgUser = (await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'telegram_user', name: 'TG', config: { apiId: 1101, apiHash: API_HASH, phone: '+996 700 111 999' } })).body.id;
  expect((await call(t, as(), 'POST', `/api/channel-accounts/${accounts.tgUser}/telegram/login/code`, { code: '31415' })).status).toBe(200);
  for (const id of Object.values(accounts)) await liftSendingLimits(t, as(), id);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([evo?.close(), bot?.close(), cloud?.close()]);
});

describe('uploading a file to send', () => {
  let conversationId: string;
  beforeAll(async () => {
    conversationId = await openConversation({ firstName: 'Upload', phone: '+996 700 200 001' }, accounts.evolution);
  });

  it('stores it like inbound media, not yet on a message, and serves it for the preview', async () => {
    const file = await uploaded(conversationId, PNG_1X1, 'image/png', 'fileName=photo.png');
    expect(file).toMatchObject({ kind: 'image', mimeType: 'image/png', fileName: 'photo.png', size: PNG_1X1.length, url: `/api/media/${file.id}` });
    const row = await t.ctx.db.selectFrom('media_files').selectAll().where('id', '=', file.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organization_id: org.organizationId, conversation_id: conversationId, message_id: null, media_type: 'image' });
    const served = await t.app.inject({ method: 'GET', url: file.url, headers: { cookie: org.cookie } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('bad input is a 4xx naming the field: a type we do not send, bytes that are not what they claim, too large, JSON, empty', async () => {
    const exe = await upload(conversationId, Buffer.from('MZ\x90\x00'), 'application/x-msdownload');
    expect(exe.statusCode).toBe(415);
    expect(JSON.parse(exe.body).error.fields[0].field).toBe('headers.content-type');
    const fake = await upload(conversationId, Buffer.from('MZ\x90\x00 not a picture'), 'image/png');
    expect(fake.statusCode).toBe(400);
    expect(JSON.parse(fake.body).error.fields[0].field).toBe('body');
    const big = await upload(conversationId, Buffer.concat([PNG_1X1, Buffer.alloc(MAX_BYTES)]), 'image/png');
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body).error).toMatchObject({ fields: [{ field: 'body' }], message: expect.stringContaining('MEDIA_MAX_BYTES') });
    const json = await call(t, as(), 'POST', `/api/conversations/${conversationId}/attachments`, { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.error.fields[0].field).toBe('headers.content-type');
    const empty = await upload(conversationId, Buffer.alloc(0), 'image/png');
    expect(empty.statusCode).toBe(400);
    const stored = await t.ctx.db.selectFrom('media_files').select('id').where('conversation_id', '=', conversationId).execute();
    expect(stored).toHaveLength(1);
  });

  it('another organization cannot upload to the conversation nor send the file; a file goes out once, with its own conversation', async () => {
    expect((await upload(conversationId, PNG_1X1, 'image/png', '', other)).statusCode).toBe(404);
    const file = await uploaded(conversationId, PNG_1X1, 'image/png');
    const stranger = await call(t, as(other), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId: file.id } });
    expect(stranger.status).toBe(404);
    const elsewhere = await openConversation({ firstName: 'Elsewhere', phone: '+996 700 200 002' }, accounts.evolution);
    const wrong = await call(t, as(), 'POST', `/api/conversations/${elsewhere}/messages`, { media: { mediaId: file.id } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('body.media.mediaId');
    expect((await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId: file.id } })).status).toBe(202);
    const again = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId: file.id } });
    expect(again.status).toBe(400);
    expect(again.body.error.fields[0].field).toBe('body.media.mediaId');
    const unknown = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(400);
    await runDue();
  });
});

describe('Evolution API: base64 in sendMedia, voice notes through sendWhatsAppAudio', () => {
  it('an image with its caption: the bytes, type and caption arrive; the thread shows the stored file', async () => {
    const conversationId = await openConversation({ firstName: 'Айгерим', phone: '+996 700 300 001' }, accounts.evolution);
    const file = await uploaded(conversationId, PNG_1X1, 'image/png', 'fileName=nails.png');
    const message = await sendFile(conversationId, file.id, 'Вот наши работы');
    expect(message).toMatchObject({ status: 'sent', kind: 'media', body: 'Вот наши работы', media: { type: 'image', mediaId: file.id, mimeType: 'image/png', download: 'stored', caption: 'Вот наши работы' } });
    const sent = evo.sent.at(-1)!;
    expect(sent).toMatchObject({ route: 'sendMedia', number: '996700300001@s.whatsapp.net', mediatype: 'image', mimetype: 'image/png', fileName: 'nails.png', caption: 'Вот наши работы' });
    expect(sent.bytes!.equals(PNG_1X1)).toBe(true);
    expect(message.externalId).toBe(sent.id);
  });

  it('a voice note goes as a voice message; a voice note with text is refused naming body.body', async () => {
    const conversationId = await openConversation({ firstName: 'Voice', phone: '+996 700 300 002' }, accounts.evolution);
    const voice = await uploaded(conversationId, OGG_VOICE, 'audio/ogg', 'voice=true');
    expect(voice.kind).toBe('voice');
    const withText = await call(t, as(), 'POST', `/api/conversations/${conversationId}/messages`, { media: { mediaId: voice.id }, body: 'text' });
    expect(withText.status).toBe(400);
    expect(withText.body.error.fields[0].field).toBe('body.body');
    const message = await sendFile(conversationId, voice.id);
    expect(message).toMatchObject({ status: 'sent', media: { type: 'voice' } });
    const sent = evo.sent.at(-1)!;
    expect(sent.route).toBe('sendWhatsAppAudio');
    expect(sent.bytes!.equals(OGG_VOICE)).toBe(true);
  });
});

describe('WhatsApp Cloud API: upload to /PHONE_ID/media, then send by id', () => {
  async function customerWhoWrote(waId: string) {
    const raw = JSON.stringify(cloudMessageWebhook({ phoneNumberId: PHONE_NUMBER_ID, from: waId, name: 'Cloud client', id: `wamid.IN${waId}`, text: 'Здравствуйте!', timestamp: new Date() }));
    const path = (await call(t, as(), 'GET', `/api/channel-accounts/${accounts.cloud}/webhook`)).body.path;
    const response = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signCloudWebhook(raw, CLOUD_SECRET) }, payload: raw });
    expect(response.statusCode).toBe(200);
    const list = await call(t, as(), 'GET', `/api/conversations?channelAccountId=${accounts.cloud}`);
    return list.body.items.find((c: { externalChatId: string }) => c.externalChatId === waId).id as string;
  }

  it('a PDF: the file reaches the media endpoint with its type, then the message names the media id, the file name and the caption', async () => {
    const conversationId = await customerWhoWrote('996700400001');
    const file = await uploaded(conversationId, PDF_ONE_PAGE, 'application/pdf', 'fileName=%D0%9F%D1%80%D0%B0%D0%B9%D1%81.pdf');
    expect(file.fileName).toBe('Прайс.pdf');
    const message = await sendFile(conversationId, file.id, 'Прайс на март');
    expect(message.status).toBe('sent');
    const stored = cloud.uploads.at(-1)!;
    expect(stored).toMatchObject({ mimeType: 'application/pdf', fileName: 'Прайс.pdf' });
    expect(stored.bytes.equals(PDF_ONE_PAGE)).toBe(true);
    const sent = cloud.sent.at(-1)!;
    expect(sent.body).toMatchObject({ type: 'document', document: { id: stored.id, filename: 'Прайс.pdf', caption: 'Прайс на март' } });
    expect(sent.upload!.bytes.equals(PDF_ONE_PAGE)).toBe(true);
  });

  it('refuses before queuing what the Cloud API cannot send: a GIF as an image', async () => {
    const conversationId = await customerWhoWrote('996700400002');
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
    const response = await upload(conversationId, gif, 'image/gif');
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body).error.message).toContain('JPEG or PNG');
    const messages = await call(t, as(), 'GET', `/api/conversations/${conversationId}/messages`);
    expect(messages.body.items.filter((m: { direction: string }) => m.direction === 'outbound')).toEqual([]);
  });

  it('a voice note recorded as WebM is stored as OGG/Opus and sent as audio by id', async () => {
    const conversationId = await customerWhoWrote('996700400003');
    const voice = await uploaded(conversationId, webmOpus(30).webm, 'audio/webm;codecs=opus', 'voice=true&fileName=voice.webm');
    expect(voice).toMatchObject({ kind: 'voice', mimeType: 'audio/ogg', fileName: 'voice.ogg' });
    await sendFile(conversationId, voice.id);
    const sent = cloud.sent.at(-1)!;
    expect(sent.body).toMatchObject({ type: 'audio', audio: { id: cloud.uploads.at(-1)!.id } });
    expect(sent.upload!.mimeType).toBe('audio/ogg');
    expect(sent.upload!.bytes.subarray(0, 4).toString()).toBe('OggS');
  });
});

describe('Telegram bot: multipart sendPhoto / sendDocument / sendVoice', () => {
  it('sends the bytes in the method’s file field with the caption', async () => {
    const conversationId = await openConversation({ firstName: 'Бот', telegramId: '555000111' }, accounts.bot);
    const photo = await uploaded(conversationId, PNG_1X1, 'image/png');
    expect((await sendFile(conversationId, photo.id, 'Фото')).status).toBe('sent');
    expect(bot.sent.at(-1)).toMatchObject({ method: 'sendPhoto', chatId: '555000111', caption: 'Фото', upload: { type: 'image/png' } });
    expect(bot.sent.at(-1)!.upload!.bytes.equals(PNG_1X1)).toBe(true);

    const pdf = await uploaded(conversationId, PDF_ONE_PAGE, 'application/pdf', 'fileName=price.pdf');
    await sendFile(conversationId, pdf.id);
    expect(bot.sent.at(-1)).toMatchObject({ method: 'sendDocument', upload: { type: 'application/pdf', name: 'price.pdf' } });

    const voice = await uploaded(conversationId, OGG_VOICE, 'audio/ogg', 'voice=true');
    await sendFile(conversationId, voice.id);
    expect(bot.sent.at(-1)).toMatchObject({ method: 'sendVoice', upload: { type: 'audio/ogg', name: 'voice.ogg' } });
    expect(bot.sent.at(-1)!.upload!.bytes.equals(OGG_VOICE)).toBe(true);
  });
});

describe('Telegram user account: GramJS sendFile', () => {
  it('a photo and a voice note reach Telegram as uploaded files', async () => {
    const conversationId = await openConversation({ firstName: 'Азамат', telegramUsername: 'azamat_attach' }, accounts.tgUser);
    const photo = await uploaded(conversationId, PNG_1X1, 'image/png');
    expect((await sendFile(conversationId, photo.id, 'Наш салон')).status).toBe('sent');
    const sentPhoto = mtproto.sent.at(-1)!;
    expect(sentPhoto).toMatchObject({ method: 'sendFile', peerId: String(client.id), text: 'Наш салон', file: { name: 'photo.png', voiceNote: false, forceDocument: false } });
    expect(sentPhoto.file!.bytes.equals(PNG_1X1)).toBe(true);

    const voice = await uploaded(conversationId, OGG_VOICE, 'audio/ogg', 'voice=true');
    await sendFile(conversationId, voice.id);
    expect(mtproto.sent.at(-1)).toMatchObject({ method: 'sendFile', file: { name: 'voice.ogg', voiceNote: true } });
  });
});
