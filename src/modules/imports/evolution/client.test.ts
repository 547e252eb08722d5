import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../test/fakes/fake-clock.ts';
import { evolutionMessageRecord, startFakeEvolution, type FakeEvolution, type FakeEvolutionOptions } from '../../../../test/fakes/evolution-server.ts';
import { EvolutionClient, EvolutionError, parseRetryAfter } from './client.ts';
import type { EvolutionClientOptions, EvolutionMessage } from './types.ts';

const API_KEY = 'test-key';
const INSTANCE = 'shop main';
const ANA = '5511912345678@s.whatsapp.net';
const TEAM = '120363000000000000@g.us';
const LID = '123456789012345@lid';
const T0 = Date.UTC(2024, 0, 1) / 1000;

let server: FakeEvolution | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(extra: Partial<FakeEvolutionOptions> = {}, clientOptions: Partial<EvolutionClientOptions> = {}) {
  server = await startFakeEvolution({ apiKey: API_KEY, instance: INSTANCE, ...extra });
  const clock = fakeClock(1_000_000);
  const client = new EvolutionClient({ baseUrl: server.url + '/', apiKey: API_KEY, instance: INSTANCE, requestsPerSecond: 50, clock, ...clientOptions });
  return { server, client, clock };
}

async function collect(it: AsyncIterable<EvolutionMessage>): Promise<EvolutionMessage[]> {
  const out: EvolutionMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}

function anaHistory(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    evolutionMessageRecord({ id: `M${String(i).padStart(4, '0')}`, remoteJid: ANA, fromMe: i % 3 === 0, text: `message ${i}`, timestamp: T0 + i * 60, pushName: 'Ana' }),
  );
}

describe('EvolutionClient against the fake Evolution server', () => {
  it('pages through 250 messages of a chat in pages of 100: all 250, once, newest first', async () => {
    const other = evolutionMessageRecord({ id: 'T1', remoteJid: TEAM, fromMe: false, text: 'other chat', timestamp: T0 + 30, pushName: 'Bea', participant: ANA });
    const { client, server } = await setup({ messagesByJid: { [ANA]: anaHistory(250), [TEAM]: [other] } });
    const got = await collect(client.iterateMessages(ANA, 100));

    expect(got).toHaveLength(250);
    expect(new Set(got.map((m) => m.id)).size).toBe(250);
    expect(got.map((m) => m.id)).toEqual(Array.from({ length: 250 }, (_, i) => `M${String(249 - i).padStart(4, '0')}`));
    expect(got.every((m) => m.remoteJid === ANA)).toBe(true);
    expect(got[0]).toMatchObject({ text: 'message 249', pushName: 'Ana', fromMe: true, kind: 'text', timestamp: new Date((T0 + 249 * 60) * 1000) });

    const pages = server.requests.filter((r) => r.path.startsWith('/chat/findMessages/'));
    expect(pages).toHaveLength(3);
    expect(pages.map((r) => r.body)).toEqual([1, 2, 3].map((page) => ({ where: { key: { remoteJid: ANA } }, page, offset: 100, limit: 100 })));
    expect(pages[0]!.path).toBe('/chat/findMessages/shop%20main');
  });

  it('stops after an exactly full last page and on an empty chat', async () => {
    const { client, server } = await setup({ messagesByJid: { [ANA]: anaHistory(200) } });
    expect(await collect(client.iterateMessages(ANA, 100))).toHaveLength(200);
    expect(server.requests).toHaveLength(2);
    expect(await collect(client.iterateMessages(LID, 100))).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('skips reactions and protocol messages inside the pages', async () => {
    const reaction = { key: { remoteJid: ANA, fromMe: false, id: 'R1' }, pushName: 'Ana', message: { reactionMessage: { text: '👍', key: { id: 'M0001' } } }, messageType: 'reactionMessage', messageTimestamp: T0 + 5000 };
    const { client } = await setup({ messagesByJid: { [ANA]: [...anaHistory(3), reaction] } });
    expect((await collect(client.iterateMessages(ANA, 2))).map((m) => m.id)).toEqual(['M0002', 'M0001', 'M0000']);
  });

  it('lists contacts and chats (groups flagged, @lid kept, phone from @s.whatsapp.net)', async () => {
    const { client, server } = await setup({
      contacts: [
        { remoteJid: ANA, pushName: 'Ana', profilePicUrl: 'https://pps.example/ana.jpg' },
        { remoteJid: LID, pushName: null },
      ],
      chats: [{ remoteJid: ANA, pushName: 'Ana' }, { remoteJid: TEAM, name: 'Team' }, { remoteJid: LID }],
      messagesByJid: { [ANA]: anaHistory(2) },
    });
    expect(await client.findContacts()).toEqual([
      { remoteJid: ANA, pushName: 'Ana', profilePicUrl: 'https://pps.example/ana.jpg', phone: '5511912345678', isGroup: false },
      { remoteJid: LID, pushName: null, phone: null, isGroup: false },
    ]);
    expect(await client.findChats()).toEqual([
      { remoteJid: ANA, name: 'Ana', isGroup: false, phone: '5511912345678', lastMessageAt: new Date((T0 + 60) * 1000) },
      { remoteJid: TEAM, name: 'Team', isGroup: true, phone: null },
      { remoteJid: LID, isGroup: false, phone: null },
    ]);
    expect(await client.connectionState()).toBe('open');

    for (const r of server.requests) {
      expect(r.headers.apikey).toBe(API_KEY);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /chat/findContacts/shop%20main',
      'POST /chat/findChats/shop%20main',
      'GET /instance/connectionState/shop%20main',
    ]);
  });

  it('a wrong api key → EvolutionError AUTH, without retries', async () => {
    const { client, server, clock } = await setup({}, { apiKey: 'wrong', maxRetries: 3 });
    const err = await client.findChats().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvolutionError);
    expect(err).toMatchObject({ code: 'AUTH', status: 401 });
    expect(server.requests).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it('an unknown instance → NOT_FOUND, without retries', async () => {
    const { server } = await setup();
    const client = new EvolutionClient({ baseUrl: server.url, apiKey: API_KEY, instance: 'nope', clock: fakeClock() });
    await expect(client.connectionState()).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(server.requests).toHaveLength(1);
  });

  it('429 with Retry-After, then success: waits what the server asked', async () => {
    const { client, server, clock } = await setup({
      contacts: [{ remoteJid: ANA, pushName: 'Ana' }],
      failFirst: [{ route: 'findContacts', status: 429, times: 1, retryAfter: '3' }],
    });
    expect(await client.findContacts()).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(clock.waits).toContain(3000);
    expect(clock.waits.filter((w) => w >= 500)).toEqual([3000]); // no exponential backoff on top
  });

  it('503 twice, then success: exponential backoff 500 ms, 1000 ms', async () => {
    const { client, server, clock } = await setup({
      messagesByJid: { [ANA]: anaHistory(5) },
      failFirst: [{ route: 'findMessages', status: 503, times: 2 }],
    });
    expect(await collect(client.iterateMessages(ANA, 100))).toHaveLength(5);
    expect(server.requests).toHaveLength(3);
    expect(clock.waits.filter((w) => w >= 500)).toEqual([500, 1000]);
  });

  it('gives up after maxRetries with TEMPORARY / RATE_LIMITED', async () => {
    const { server, clock } = await setup({
      failFirst: [
        { route: 'findChats', status: 502, times: 10 },
        { route: 'findContacts', status: 429, times: 10, retryAfter: '1' },
      ],
    });
    const client = new EvolutionClient({ baseUrl: server.url, apiKey: API_KEY, instance: INSTANCE, clock, maxRetries: 2 });
    await expect(client.findChats()).rejects.toMatchObject({ code: 'TEMPORARY', status: 502 });
    expect(server.requests).toHaveLength(3);
    await expect(client.findContacts()).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(server.requests).toHaveLength(6);
  });

  it('retries network errors, then reports TEMPORARY', async () => {
    const { server } = await setup();
    const url = server.url;
    await server.close();
    const clock = fakeClock();
    const client = new EvolutionClient({ baseUrl: url, apiKey: API_KEY, instance: INSTANCE, clock, maxRetries: 2 });
    await expect(client.connectionState()).rejects.toMatchObject({ code: 'TEMPORARY' });
    expect(clock.waits.filter((w) => w >= 500)).toEqual([500, 1000]);
  });

  it('times out a hanging server via AbortSignal.timeout', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const client = new EvolutionClient({ baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY, instance: INSTANCE, timeoutMs: 20, maxRetries: 1, fetchImpl: hanging, clock: fakeClock() });
    await expect(client.connectionState()).rejects.toMatchObject({ code: 'TEMPORARY', message: expect.stringContaining('timed out') });
  });

  it('paces requests: with requestsPerSecond=5, six calls wait 200 ms between starts', async () => {
    const { client, clock } = await setup({}, { requestsPerSecond: 5 });
    for (let i = 0; i < 6; i++) await client.connectionState();
    expect(clock.waits).toEqual([200, 200, 200, 200, 200]);
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1000);
  });

  it('rejects malformed answers as BAD_RESPONSE', async () => {
    const bad: typeof fetch = async () => new Response(JSON.stringify({ messages: { nope: true } }), { status: 200 });
    const client = new EvolutionClient({ baseUrl: 'http://x', apiKey: API_KEY, instance: INSTANCE, fetchImpl: bad, clock: fakeClock() });
    await expect(collect(client.iterateMessages(ANA))).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(client.findChats()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    const notJson: typeof fetch = async () => new Response('<html>', { status: 200 });
    const c2 = new EvolutionClient({ baseUrl: 'http://x', apiKey: API_KEY, instance: INSTANCE, fetchImpl: notJson, clock: fakeClock() });
    await expect(c2.connectionState()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', Date.UTC(2025, 0, 1))).toBe(10_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('later', 0)).toBeNull();
  });
});
