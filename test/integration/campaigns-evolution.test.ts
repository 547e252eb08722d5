import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { runCampaignRounds } from '../helpers/campaign-rounds.ts';
import { evolutionMessageRecord, evolutionWebhookEnvelope, startFakeEvolution, type FakeEvolution } from '../fakes/evolution-server.ts';
import { CampaignSender, DEFAULT_SENDER_CONFIG } from '../../src/modules/campaigns/campaign-sender.ts';
import { ManualClock } from '../../src/platform/clock.ts';

/**
 * A campaign over a real channel adapter: the Evolution API client against the fake gateway. The gateway's
 * delivery and read receipts and the client's reply arrive as webhooks and show in the campaign's statistics.
 */

const API_KEY = 'evo-campaign-key-0123456789';
const INSTANCE = 'outreach-main';

let t: TestApp;
let org: TestOrg;
let fake: FakeEvolution;
let accountId: string;
let hookPath: string;
let sender: CampaignSender;
// The fake gateway stamps sends with the wall clock, so the test's clock starts there.
const clock = new ManualClock(new Date());
const as = () => ({ cookie: org.cookie });

async function webhook(body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: hookPath, payload: body });
  expect(response.statusCode).toBe(200);
  return response.json() as Record<string, number>;
}

const settle = () => runCampaignRounds(t, sender);

beforeAll(async () => {
  fake = await startFakeEvolution({ apiKey: API_KEY, instance: INSTANCE, instanceExists: false, notOnWhatsApp: ['996700333404'] });
  t = await createTestApp({ clock, config: { CAMPAIGNS_PACE_LOOKAHEAD_MS: 0, PUBLIC_URL: 'https://crm.example.test', CHANNEL_HTTP_TIMEOUT_MS: 2500 } });
  org = await createTestOrg(t);
  // The clock is the real time of day: quiet hours are widened so the test does not depend on it.
  expect((await call(t, as(), 'PUT', '/api/outreach/settings', { sendWindow: { start: '00:00', end: '24:00' } })).status).toBe(200);
  sender = new CampaignSender(t.ctx, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 });
  const created = await call(t, as(), 'POST', '/api/channel-accounts', { channel: 'evolution', name: 'Outreach WhatsApp', config: { baseUrl: fake.url, apiKey: API_KEY, instanceName: INSTANCE } });
  expect(created.status).toBe(201);
  accountId = created.body.id;
  hookPath = (await call(t, as(), 'GET', `/api/channel-accounts/${accountId}/webhook`)).body.path;
  fake.setState('open');
  await webhook(evolutionWebhookEnvelope('connection.update', INSTANCE, { instance: INSTANCE, state: 'open', statusReason: 200, wuid: '996555000111@s.whatsapp.net', profileName: 'Studio' }));
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('a campaign over Evolution API', () => {
  it('sends through the gateway; receipts and a reply from WhatsApp show in the statistics; an unknown number bounces', async () => {
    const phones = ['+996 700 333 001', '+996 700 333 002', '+996 700 333 404'];
    const contactIds: string[] = [];
    for (const [i, phone] of phones.entries()) {
      const contact = await call(t, as(), 'POST', '/api/contacts', { firstName: `Client${i + 1}`, phone });
      expect(contact.status).toBe(201);
      contactIds.push(contact.body.id);
    }
    const campaign = await call(t, as(), 'POST', '/api/campaigns', {
      name: 'WhatsApp outreach',
      channelAccountId: accountId,
      targetAudience: { contactIds },
      steps: [{ content: 'Hi {{ contact.first_name }}, we have new evening slots.' }, { content: 'Still interested, {{ contact.first_name }}?', delayHours: 48 }],
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect((await confirmedStart(t, as(), campaign.body.id)).status).toBe(200);
    // A WhatsApp account's default pace is one send per 30 seconds: the three take a few intervals.
    for (let i = 0; i < 5; i++) {
      clock.advance(30_000);
      await settle();
    }

    const sent = fake.sent.filter((s) => s.text?.includes('new evening slots'));
    expect(sent.map((s) => s.number).sort()).toEqual(['996700333001@s.whatsapp.net', '996700333002@s.whatsapp.net']);
    const [first, second] = ['996700333001', '996700333002'].map((n) => sent.find((s) => s.number.startsWith(n))!);

    const update = (keyId: string, jid: string, status: string) =>
      evolutionWebhookEnvelope('messages.update', INSTANCE, { keyId, remoteJid: jid, fromMe: true, participant: null, status, instanceId: 'x' }, clock.now());
    expect((await webhook(update(first!.id, first!.number, 'DELIVERY_ACK'))).receipts).toBe(1);
    expect((await webhook(update(first!.id, first!.number, 'READ'))).receipts).toBe(1);
    expect((await webhook(update(second!.id, second!.number, 'DELIVERY_ACK'))).receipts).toBe(1);
    const answer = evolutionMessageRecord({ id: 'WA-REPLY-1', remoteJid: first!.number, fromMe: false, text: 'Yes, Thursday evening please', timestamp: new Date(clock.now().getTime() + 1000), pushName: 'Client1' });
    expect((await webhook(evolutionWebhookEnvelope('messages.upsert', INSTANCE, answer))).stored).toBe(1);
    await settle();

    const stats = await call(t, as(), 'GET', `/api/campaigns/${campaign.body.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total: 3, sent: 2, delivered: 2, read: 1, replied: 1, bounced: 1 });
    const participants = await t.ctx.db.selectFrom('campaign_participants').select(['contact_id', 'status', 'last_error']).where('campaign_id', '=', campaign.body.id).execute();
    const byContact = new Map(participants.map((p) => [p.contact_id, p]));
    expect(byContact.get(contactIds[0]!)!.status).toBe('replied');
    expect(byContact.get(contactIds[1]!)!.status).toBe('delivered');
    expect(byContact.get(contactIds[2]!)).toMatchObject({ status: 'bounced' });
  });
});
