import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { runCampaignRounds } from '../helpers/campaign-rounds.ts';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiReply } from '../fakes/openai-server.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { CampaignSender, DEFAULT_SENDER_CONFIG } from '../../src/modules/campaigns/campaign-sender.ts';
import { createCompany, createContact } from '../../src/modules/contacts/index.ts';

/**
 * `{{ai.personalize}}` and "generate a variant" through a model: our real OpenAI-compatible client against a local
 * fake server speaking the Chat Completions wire format; a failing model falls back to the offline generator.
 */

let t: TestApp;
let org: TestOrg;
let fake: FakeOpenAi;
let failing = false;
let sender: CampaignSender;
const clock = new ManualClock(new Date('2026-04-06T08:00:00Z'));
const api = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => call(t, { cookie: org.cookie }, method, url, body);

function answer(body: Record<string, unknown>): FakeOpenAiReply {
  if (failing) return { status: 500, body: { error: { message: 'model overloaded', type: 'server_error' } } };
  const format = body.response_format as { json_schema: { name: string } };
  const messages = body.messages as Array<{ role: string; content: string }>;
  const input = JSON.parse(messages.at(-1)!.content) as Record<string, unknown>;
  if (format.json_schema.name === 'campaign_personalize') {
    const contact = input.contact as { company: string | null };
    return { content: JSON.stringify({ opener: `Loved what ${contact.company ?? 'you'} shared last week.` }), usage: { promptTokens: 200, completionTokens: 20 } };
  }
  if (format.json_schema.name === 'campaign_variant') {
    return { content: JSON.stringify({ content: `Hey {{ contact.first_name }}, one quick thing` }), usage: { promptTokens: 100, completionTokens: 15 } };
  }
  return { content: '{"ok": true}' };
}

const settle = () => runCampaignRounds(t, sender);

beforeAll(async () => {
  fake = await startFakeOpenAi({ respond: (body) => answer(body) });
  t = await createTestApp({ clock, config: { CAMPAIGNS_PACE_LOOKAHEAD_MS: 0 } });
  org = await createTestOrg(t);
  // Quiet hours have their own tests (outreach-simulation.test.ts): widened to the whole day here.
  expect((await api('PUT', '/api/outreach/settings', { sendWindow: { start: '00:00', end: '24:00' } })).status).toBe(200);
  sender = new CampaignSender(t.ctx, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 });
  const saved = await api('PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model', apiKey: 'sk-campaigns-test', timeoutMs: 5000 });
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('campaign AI through a model', () => {
  it('fills {{ai.personalize}} from the model in the preview and in the sent message, and records the call', async () => {
    const company = await createCompany(t.ctx.db, org.organizationId, { name: 'Bloom Studio' });
    const contact = await createContact(t.ctx.db, org.organizationId, { firstName: 'Dana', phone: '+996700555101', companyId: company.id });
    const content = 'Hi {{ contact.first_name }}! {{ ai.personalize }}';
    const created = await api('POST', '/api/campaigns', { name: 'Model opener', channelAccountId: org.sandboxAccountId, targetAudience: { contactIds: [contact.id] }, steps: [{ content }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const preview = await api('POST', `/api/campaigns/${created.body.id}/preview`, { contactId: contact.id, content });
    expect(preview.body).toMatchObject({ text: 'Hi Dana! Loved what Bloom Studio shared last week.', usesAi: true });
    expect(preview.body.aiSource).not.toBe('offline');

    expect((await confirmedStart(t, { cookie: org.cookie }, created.body.id)).status).toBe(200);
    await settle();
    const sent = await t.ctx.db.selectFrom('sandbox_deliveries').select('text').where('external_chat_id', '=', 'sandbox:+996700555101').execute();
    expect(sent.map((s) => s.text)).toEqual(['Hi Dana! Loved what Bloom Studio shared last week.']);
    const personalizeRequests = fake.requests.filter((r) => (r.body.response_format as { json_schema: { name: string } }).json_schema.name === 'campaign_personalize');
    expect(personalizeRequests.length).toBeGreaterThanOrEqual(2);
    const calls = await t.ctx.db.selectFrom('ai_calls').select(['task']).where('organization_id', '=', org.organizationId).where('task', '=', 'campaign.personalize').execute();
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });

  it('generates an A/B variant through the model, keeping the Liquid expressions', async () => {
    const created = await api('POST', '/api/campaigns', { name: 'Variant', channelAccountId: org.sandboxAccountId, targetAudience: { contactIds: [] }, steps: [{ content: 'Hi {{ contact.first_name }}' }] });
    const variant = await api('POST', `/api/campaigns/${created.body.id}/generate-variant`, { content: 'Hi {{ contact.first_name }}, quick question' });
    expect(variant.status).toBe(200);
    expect(variant.body.content).toBe('Hey {{ contact.first_name }}, one quick thing');
  });

  it('a failing model falls back to the offline opener, and the message still goes', async () => {
    failing = true;
    const contact = await createContact(t.ctx.db, org.organizationId, { firstName: 'Erlan', phone: '+996700555102' });
    const created = await api('POST', '/api/campaigns', {
      name: 'Model down',
      channelAccountId: org.sandboxAccountId,
      targetAudience: { contactIds: [contact.id] },
      steps: [{ content: 'Hi {{ contact.first_name }}! {{ ai.personalize }}' }],
    });
    expect((await confirmedStart(t, { cookie: org.cookie }, created.body.id)).status).toBe(200);
    await settle();
    const sent = await t.ctx.db.selectFrom('sandbox_deliveries').select('text').where('external_chat_id', '=', 'sandbox:+996700555102').execute();
    expect(sent.map((s) => s.text)).toEqual(['Hi Erlan! Hope your week is going well.']);
    failing = false;
  });
});
