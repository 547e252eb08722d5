import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evolutionMessageRecord } from '../../../../test/fakes/evolution-server.ts';
import {
  normalizeEvolutionChat,
  normalizeEvolutionContact,
  normalizeEvolutionMessage,
  parseEvolutionTimestamp,
  phoneFromJid,
} from './evolution-records.ts';

const fixturesDir = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
const haveFixtures = existsSync(fixturesDir);
const fixture = (name: string): unknown => JSON.parse(readFileSync(fixturesDir + name, 'utf8'));

const key = { remoteJid: '5511912345678@s.whatsapp.net', fromMe: false, id: 'ABC' };
const rec = (message: unknown, extra: Record<string, unknown> = {}) => ({ key, pushName: 'Ana', message, messageTimestamp: 1700000000, ...extra });

describe.skipIf(!haveFixtures)('normalizeEvolutionMessage on the shared fixtures', () => {
  it('reads the messages.upsert webhook data', () => {
    const env = fixture('evolution_webhook_messages.upsert.json') as { data: unknown };
    const msg = normalizeEvolutionMessage(env.data);
    expect(msg).toEqual({
      id: '3AE99D6A1DBF3F9A0578',
      remoteJid: '558197088404@s.whatsapp.net',
      fromMe: true,
      participant: null,
      pushName: 'Nome do Remetente',
      timestamp: new Date(1763771103 * 1000),
      text: 'Texto da mensagem',
      kind: 'text',
      messageType: 'conversation',
    });
    expect(msg?.timestamp.toISOString()).toBe('2025-11-22T00:25:03.000Z');
  });

  it('reads the contacts.upsert webhook data', () => {
    const env = fixture('evolution_webhook_contacts.upsert.json') as { data: unknown[] };
    expect(env.data.map(normalizeEvolutionContact)).toEqual([
      {
        remoteJid: '558187885943@s.whatsapp.net',
        pushName: 'Nome do Contato',
        profilePicUrl: 'url-da-foto-ou-null',
        phone: '558187885943',
        isGroup: false,
      },
    ]);
  });
});

describe('normalizeEvolutionMessage', () => {
  it('reads extendedTextMessage text and group participants', () => {
    const m = normalizeEvolutionMessage({
      key: { remoteJid: '120363000000000000@g.us', fromMe: false, id: 'G1', participant: '5511900000001@s.whatsapp.net' },
      pushName: 'Bea',
      message: { extendedTextMessage: { text: 'see https://example.com' }, messageContextInfo: {} },
      messageType: 'extendedTextMessage',
      messageTimestamp: '1700000000',
    });
    expect(m).toMatchObject({ text: 'see https://example.com', kind: 'text', participant: '5511900000001@s.whatsapp.net' });
    expect(m?.timestamp).toEqual(new Date(1700000000_000));
  });

  it('accepts timestamps as number, string and protobuf Long', () => {
    const d = new Date(1700000000_000);
    expect(parseEvolutionTimestamp(1700000000)).toEqual(d);
    expect(parseEvolutionTimestamp('1700000000')).toEqual(d);
    expect(parseEvolutionTimestamp({ low: 1700000000, high: 0, unsigned: true })).toEqual(d);
    // A Long whose low half has the sign bit set (seconds ≥ 2^31, year 2038+).
    expect(parseEvolutionTimestamp({ low: -2147483648, high: 0, unsigned: false })).toEqual(new Date(2 ** 31 * 1000));
    expect(parseEvolutionTimestamp(1700000000_000)).toEqual(d); // already milliseconds
    expect(parseEvolutionTimestamp(null)).toBeNull();
    expect(parseEvolutionTimestamp('soon')).toBeNull();
    expect(normalizeEvolutionMessage(rec({ conversation: 'x' }, { messageTimestamp: undefined }))).toBeNull();
  });

  it('describes media without downloading it (image caption, voice note, document, sticker, contact, location)', () => {
    const ts = new Date('2024-05-01T10:00:00Z');
    const base = { remoteJid: key.remoteJid, fromMe: false, timestamp: ts, pushName: 'Ana' };
    const image = normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'I', media: { type: 'image', caption: 'our shop' } }));
    expect(image).toMatchObject({ kind: 'media', text: 'our shop', media: { type: 'image', mimeType: 'image/jpeg', caption: 'our shop', omitted: true } });
    expect(image?.timestamp).toEqual(ts);

    const voice = normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'V', media: { type: 'audio', ptt: true } }));
    expect(voice).toMatchObject({ kind: 'media', text: '', media: { type: 'voice', omitted: true } });
    const audio = normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'A', media: { type: 'audio', ptt: false } }));
    expect(audio?.media?.type).toBe('audio');

    const doc = normalizeEvolutionMessage(
      evolutionMessageRecord({ ...base, id: 'D', media: { type: 'document', fileName: 'quote.pdf', caption: 'the quote' } }),
    );
    expect(doc).toMatchObject({ text: 'the quote', media: { type: 'document', fileName: 'quote.pdf', mimeType: 'application/pdf' } });

    expect(normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'S', media: { type: 'sticker' } }))?.media?.type).toBe('sticker');
    expect(normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'C', media: { type: 'contact', displayName: 'Rui' } }))).toMatchObject({
      text: 'Rui',
      media: { type: 'contact' },
    });
    expect(
      normalizeEvolutionMessage(evolutionMessageRecord({ ...base, id: 'L', media: { type: 'location', latitude: -23.5, longitude: -46.6 } })),
    ).toMatchObject({ text: '-23.5,-46.6', media: { type: 'location' } });
    expect(normalizeEvolutionMessage(rec({ videoMessage: { mimetype: 'video/mp4', gifPlayback: true } }))?.media?.type).toBe('video');
  });

  it('unwraps ephemeral / view-once / document-with-caption wrappers', () => {
    expect(normalizeEvolutionMessage(rec({ ephemeralMessage: { message: { extendedTextMessage: { text: 'hi' } } } }))?.text).toBe('hi');
    expect(normalizeEvolutionMessage(rec({ viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg' } } } }))?.media?.type).toBe(
      'image',
    );
    expect(
      normalizeEvolutionMessage(rec({ documentWithCaptionMessage: { message: { documentMessage: { fileName: 'a.pdf', caption: 'c' } } } })),
    ).toMatchObject({ text: 'c', media: { type: 'document', fileName: 'a.pdf' } });
  });

  it('drops reactions, protocol messages and other non-chat records', () => {
    expect(
      normalizeEvolutionMessage(rec({ reactionMessage: { key: { id: 'X' }, text: '👍' } }, { messageType: 'reactionMessage' })),
    ).toBeNull();
    expect(normalizeEvolutionMessage(rec({ protocolMessage: { type: 'REVOKE', key: { id: 'X' } } }, { messageType: 'protocolMessage' }))).toBeNull();
    expect(normalizeEvolutionMessage(rec({ protocolMessage: { type: 0 } }))).toBeNull(); // no messageType field
    expect(normalizeEvolutionMessage(rec({ senderKeyDistributionMessage: {}, messageContextInfo: {} }))).toBeNull();
    expect(normalizeEvolutionMessage(rec({}))).toBeNull();
    expect(normalizeEvolutionMessage({ message: { conversation: 'no key' } })).toBeNull();
    expect(normalizeEvolutionMessage('nope')).toBeNull();
  });

  it('keeps group notifications as system messages and unknown content as "other" media', () => {
    expect(normalizeEvolutionMessage({ key, messageTimestamp: 1700000000, messageStubType: 27, messageStubParameters: ['5511@s.whatsapp.net'] })).toMatchObject({
      kind: 'system',
      text: '27 5511@s.whatsapp.net',
    });
    expect(normalizeEvolutionMessage(rec({ pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'yes' }, { optionName: 'no' }] } }))).toMatchObject({
      kind: 'text',
      text: 'Lunch?\n- yes\n- no',
    });
    expect(normalizeEvolutionMessage(rec({ someFutureMessage: { x: 1 } }))).toMatchObject({
      kind: 'media',
      media: { type: 'other', omitted: true },
      messageType: 'someFutureMessage',
    });
  });

  it('keeps @lid ids as-is and gives no phone for them', () => {
    const m = normalizeEvolutionMessage({ ...rec({ conversation: 'x' }), key: { ...key, remoteJid: '123456789012345@lid' } });
    expect(m?.remoteJid).toBe('123456789012345@lid');
    expect(phoneFromJid('123456789012345@lid')).toBeNull();
    expect(phoneFromJid('5511912345678@s.whatsapp.net')).toBe('5511912345678');
    expect(phoneFromJid('5511912345678:12@s.whatsapp.net')).toBe('5511912345678');
    expect(phoneFromJid('120363000000000000@g.us')).toBeNull();
  });
});

describe('normalizeEvolutionChat / normalizeEvolutionContact', () => {
  it('flags groups and reads the last message time', () => {
    expect(
      normalizeEvolutionChat({ id: 'c1', remoteJid: '120363000000000000@g.us', name: 'Team', lastMessage: { messageTimestamp: 1700000000 } }),
    ).toEqual({ remoteJid: '120363000000000000@g.us', name: 'Team', isGroup: true, phone: null, lastMessageAt: new Date(1700000000_000) });
    expect(normalizeEvolutionChat({ id: 'c2', remoteJid: '5511912345678@s.whatsapp.net', name: null, pushName: 'Ana' })).toEqual({
      remoteJid: '5511912345678@s.whatsapp.net',
      name: 'Ana',
      isGroup: false,
      phone: '5511912345678',
    });
    expect(normalizeEvolutionChat({ id: 'no-jid' })).toBeNull();
  });

  it('accepts v1 contacts ({ id, profilePictureUrl }) and null pictures', () => {
    expect(normalizeEvolutionContact({ id: '5511912345678@s.whatsapp.net', pushName: 'Ana', profilePictureUrl: 'https://x/y.jpg' })).toEqual({
      remoteJid: '5511912345678@s.whatsapp.net',
      pushName: 'Ana',
      profilePicUrl: 'https://x/y.jpg',
      phone: '5511912345678',
      isGroup: false,
    });
    expect(normalizeEvolutionContact({ remoteJid: '1@lid', pushName: null, profilePicUrl: null })).toEqual({
      remoteJid: '1@lid',
      pushName: null,
      phone: null,
      isGroup: false,
    });
  });
});
