import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { runCampaignRounds } from '../helpers/campaign-rounds.ts';
import { createContact } from '../../src/modules/contacts/index.ts';
import { createChannelAccount, updateChannelAccount } from '../../src/modules/channels/index.ts';
import { createLead, listPipelines } from '../../src/modules/pipelines/index.ts';
import { applyDeliveryReceipt } from '../../src/modules/conversations/index.ts';
import { CampaignSender, DEFAULT_SENDER_CONFIG } from '../../src/modules/campaigns/index.ts';
import { claimUnlimited, recordSends } from '../../src/modules/campaigns/campaign-sender.repository.ts';

/**
 * A campaign's whole life on the sandbox channel with a hand-driven clock: sequence timings, working hours across
 * a DST change, conditions, reply stop, after-reply step, opt-out, pause/resume/stop, completion, lead creation,
 * channel errors and crash recovery, the audience sources and the API's validation.
 */

const H = 3_600_000;
let t: TestApp;
let org: TestOrg;
let clock: ManualClock;
let sender: CampaignSender;
let phoneSeq = 0;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // Monday 09:00 in Berlin
  // The manual clock runs for months: the session must outlive it.
  t = await createTestApp({ clock, config: { CAMPAIGNS_PACE_LOOKAHEAD_MS: 0, SESSION_TTL_HOURS: 24 * 365 } });
  org = await createTestOrg(t);
  // These tests are about sequencing; quiet hours (outreach-simulation.test.ts) are widened to the whole day.
  expect((await api('PUT', '/api/outreach/settings', { sendWindow: { start: '00:00', end: '24:00' } })).status).toBe(200);
  sender = new CampaignSender(t.ctx, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => call(t, { cookie: org.cookie }, method, url, body);

/** Lets everything due at the current (manual) time happen: outbox, jobs, campaign passes. */
async function settle() {
  await runCampaignRounds(t, sender);
  await t.runner.runUntilIdle();
}

async function contacts(n: number, fields: (i: number) => Record<string, unknown> = () => ({})) {
  const made = [];
  for (let i = 0; i < n; i++) {
    phoneSeq++;
    made.push(await createContact(t.ctx.db, org.organizationId, { firstName: `C${phoneSeq}`, phone: `+996700${String(1_000_000 + phoneSeq).slice(1)}`, ...fields(i) }));
  }
  return made;
}

async function deliveriesTo(phone: string) {
  return t.ctx.db.selectFrom('sandbox_deliveries').select(['text', 'client_ref', 'created_at']).where('external_chat_id', '=', `sandbox:${phone}`).orderBy('created_at').orderBy('id').execute();
}

async function participant(campaignId: string, contactId: string) {
  return t.ctx.db.selectFrom('campaign_participants').selectAll().where('campaign_id', '=', campaignId).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
}

async function reply(phone: string, text: string) {
  const response = await api('POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { chatId: `sandbox:${phone}`, text });
  expect(response.status).toBe(201);
}

async function createCampaign(body: Record<string, unknown>) {
  const response = await api('POST', '/api/campaigns', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; steps: Array<{ id: string }> };
}

async function start(campaignId: string) {
  const response = await confirmedStart(t, { cookie: org.cookie }, campaignId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { participants: number; status: string };
}

describe('a campaign from start to completion', () => {
  it('sends the sequence on time, stops follow-ups on a reply, answers the reply, honours an opt-out, creates leads and completes', async () => {
    const [a, b, c, optedOut] = await contacts(4);
    await api('PATCH', `/api/contacts/${optedOut!.id}`, { optedOut: true });
    const pipeline = (await listPipelines(t.ctx.db, org.organizationId)).find((p) => p.is_default)!;
    const stage = pipeline.stages[1]!;
    const campaign = await createCampaign({
      name: 'Spring outreach',
      channelAccountId: org.sandboxAccountId,
      targetAudience: { contactIds: [a!.id, b!.id, c!.id, optedOut!.id] },
      leadCreationSettings: { trigger: 'on_reply', pipelineId: pipeline.id, stageId: stage.id },
      steps: [
        { content: 'Hi {{ contact.first_name | default: "there" }}! We opened in {{ company.name | default: "your area" }}.', delayHours: 0 },
        { content: 'Just following up, {{ contact.first_name }}.', delayHours: 48 },
        { content: 'Thanks for the answer — here is the link.', trigger: 'after_reply', delayMinutes: 30 },
      ],
    });
    expect(campaign.steps).toHaveLength(3);
    const started = await start(campaign.id);
    expect(started).toMatchObject({ participants: 3, status: 'active' });

    await settle();
    for (const contact of [a, b, c]) {
      const sent = await deliveriesTo(contact!.phone_e164!);
      expect(sent.map((d) => d.text)).toEqual([`Hi ${contact!.first_name}! We opened in your area.`]);
    }
    expect(await deliveriesTo(optedOut!.phone_e164!)).toHaveLength(0);
    expect((await participant(campaign.id, a!.id)).status).toBe('sent');

    // A answers an hour later: replied, the follow-up is dropped, the after-reply step comes 30 minutes after.
    clock.advance(1 * H);
    await reply(a!.phone_e164!, 'Sounds interesting, tell me more');
    await settle();
    const replied = await participant(campaign.id, a!.id);
    expect(replied.status).toBe('replied');
    expect(replied.current_step).toBe(2);
    expect(replied.next_send_at).toEqual(new Date(clock.now().getTime() + 30 * 60_000));
    clock.advance(30 * 60_000);
    await settle();
    expect((await deliveriesTo(a!.phone_e164!)).map((d) => d.text)).toEqual([`Hi ${a!.first_name}! We opened in your area.`, 'Thanks for the answer — here is the link.']);
    const lead = await t.ctx.db.selectFrom('leads').selectAll().where('contact_id', '=', a!.id).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ pipeline_id: pipeline.id, stage_id: stage.id, source: 'campaign' });
    expect((await participant(campaign.id, a!.id)).lead_id).toBe(lead.id);

    // Nothing more until the follow-up is due, 48 hours after the first send.
    clock.set(new Date('2026-03-04T07:59:00Z'));
    await settle();
    expect(await deliveriesTo(b!.phone_e164!)).toHaveLength(1);
    clock.set(new Date('2026-03-04T08:00:00Z'));
    await settle();
    expect((await deliveriesTo(b!.phone_e164!)).map((d) => d.text)).toEqual([`Hi ${b!.first_name}! We opened in your area.`, `Just following up, ${b!.first_name}.`]);
    expect(await deliveriesTo(a!.phone_e164!)).toHaveLength(2);

    // B opts out: the contact is opted out everywhere and leaves the campaign.
    clock.advance(H);
    await reply(b!.phone_e164!, 'Пожалуйста, не пишите мне больше');
    await settle();
    expect((await participant(campaign.id, b!.id)).status).toBe('opted_out');
    const contactB = await api('GET', `/api/contacts/${b!.id}`);
    expect(contactB.body).toMatchObject({ optedOut: true, optOutReason: 'opt-out reply' });

    // C never answers: after the reply window of the after-reply step the campaign is done.
    expect((await api('GET', `/api/campaigns/${campaign.id}`)).body.status).toBe('active');
    clock.advance(72 * H);
    await settle();
    const done = await api('GET', `/api/campaigns/${campaign.id}`);
    expect(done.body).toMatchObject({ status: 'completed', completedReason: 'finished' });
    expect((await participant(campaign.id, c!.id)).finished_at).not.toBeNull();
    expect(await deliveriesTo(c!.phone_e164!)).toHaveLength(2);

    const stats = await api('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total: 3, sent: 3, replied: 2, optedOut: 1, messagesSent: 6, inProgress: 0, finished: 3 });
    expect(stats.body.replyRate).toBeCloseTo(2 / 3, 3);
    expect(stats.body.timeToFirstReply.averageSeconds).toBeGreaterThan(0);
    expect(stats.body.steps.map((s: { sent: number; replied: number }) => [s.sent, s.replied])).toEqual([
      [3, 1],
      [2, 1],
      [1, 0],
    ]);
    expect(stats.body.daily.reduce((sum: number, d: { sent: number }) => sum + d.sent, 0)).toBe(6);

    const events = await t.ctx.db.selectFrom('events').select('type').where('subject_id', '=', campaign.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['campaign.created', 'campaign.started', 'campaign.completed']);
    const messages = await api('GET', `/api/conversations?contactId=${a!.id}`);
    expect(messages.body.items[0].lastMessagePreview).toBe('Thanks for the answer — here is the link.');
  });

  it('creates the lead on the first send when asked to', async () => {
    const [x] = await contacts(1);
    const campaign = await createCampaign({
      name: 'Leads on first send',
      targetAudience: { contactIds: [x!.id] },
      leadCreationSettings: { trigger: 'on_first_send' },
      steps: [{ content: 'Hello' }],
    });
    await start(campaign.id);
    await settle();
    const lead = await t.ctx.db.selectFrom('leads').selectAll().where('contact_id', '=', x!.id).executeTakeFirstOrThrow();
    expect(lead.source).toBe('campaign');
    expect((await participant(campaign.id, x!.id)).lead_id).toBe(lead.id);
  });
});

describe('schedule', () => {
  it('keeps to working hours in the campaign time zone across the end-of-March DST change', async () => {
    const [p] = await contacts(1);
    clock.set(new Date('2026-03-27T15:30:00Z')); // Friday 16:30 CET
    const campaign = await createCampaign({
      name: 'Working hours',
      schedule: { timezone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00' }, daysOfWeek: [1, 2, 3, 4, 5], jitterMinutes: 0 },
      targetAudience: { contactIds: [p!.id] },
      steps: [{ content: 'One' }, { content: 'Two', delayHours: 24 }],
    });
    await start(campaign.id);
    await settle();
    expect(await deliveriesTo(p!.phone_e164!)).toHaveLength(1);
    // Due Saturday 16:30: moved to Monday 09:00, which after the change is 07:00 UTC (CEST), not 08:00.
    expect((await participant(campaign.id, p!.id)).next_send_at).toEqual(new Date('2026-03-30T07:00:00Z'));
    clock.set(new Date('2026-03-30T06:59:00Z'));
    await settle();
    expect(await deliveriesTo(p!.phone_e164!)).toHaveLength(1);
    clock.set(new Date('2026-03-30T07:00:00Z'));
    await settle();
    expect((await deliveriesTo(p!.phone_e164!)).map((d) => d.text)).toEqual(['One', 'Two']);
  });

  it('a campaign started outside the window begins at the next opening, spread over the jitter', async () => {
    const audience = await contacts(10);
    clock.set(new Date('2026-03-28T12:00:00Z')); // Saturday
    const campaign = await createCampaign({
      name: 'Weekend start',
      schedule: { timezone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00' }, daysOfWeek: [1, 2, 3, 4, 5], jitterMinutes: 30 },
      targetAudience: { contactIds: audience.map((c) => c.id) },
      steps: [{ content: 'Monday hello' }],
    });
    await start(campaign.id);
    const rows = await t.ctx.db.selectFrom('campaign_participants').select('next_send_at').where('campaign_id', '=', campaign.id).execute();
    for (const row of rows) {
      expect(row.next_send_at!.getTime()).toBeGreaterThanOrEqual(new Date('2026-03-30T07:00:00Z').getTime());
      expect(row.next_send_at!.getTime()).toBeLessThan(new Date('2026-03-30T07:30:00Z').getTime());
    }
    await settle();
    expect(await deliveriesTo(audience[0]!.phone_e164!)).toHaveLength(0);
    clock.set(new Date('2026-03-30T07:30:00Z'));
    await settle();
    for (const contact of audience) expect(await deliveriesTo(contact.phone_e164!)).toHaveLength(1);
  });

  it("uses the contact's own time zone when asked", async () => {
    const [tokyo] = await contacts(1, () => ({ customFields: { timezone: 'Asia/Tokyo' } }));
    clock.set(new Date('2026-04-06T08:00:00Z')); // Monday: 10:00 Berlin, 17:00 Tokyo
    const campaign = await createCampaign({
      name: 'Contact zone',
      schedule: { timezone: 'Europe/Berlin', workingHours: { start: '09:00', end: '17:00' }, useContactTimezone: true, jitterMinutes: 0 },
      targetAudience: { contactIds: [tokyo!.id] },
      steps: [{ content: 'Konnichiwa' }],
    });
    await start(campaign.id);
    await settle();
    expect(await deliveriesTo(tokyo!.phone_e164!)).toHaveLength(0);
    // Tomorrow 09:00 in Tokyo = 00:00 UTC.
    expect((await participant(campaign.id, tokyo!.id)).next_send_at).toEqual(new Date('2026-04-07T00:00:00Z'));
  });
});

describe('conditions', () => {
  it('skips a step whose conditions do not hold, without sending, and times the next from the skip', async () => {
    clock.set(new Date('2026-04-13T08:00:00Z'));
    const pipeline = (await listPipelines(t.ctx.db, org.organizationId)).find((p) => p.is_default)!;
    const [leadStage, otherStage] = [pipeline.stages[0]!, pipeline.stages[2]!];
    const [qualified, noEmail, noLead, wrongStage] = await contacts(4, (i) => ({ email: i === 1 ? null : `c${phoneSeq + 1}@example.com`, lastName: i === 0 ? 'Qualified' : null }));
    await createLead(t.ctx.db, org.organizationId, { contactId: qualified!.id, pipelineId: pipeline.id, stageId: leadStage.id }, null);
    await createLead(t.ctx.db, org.organizationId, { contactId: noEmail!.id, pipelineId: pipeline.id, stageId: leadStage.id }, null);
    await createLead(t.ctx.db, org.organizationId, { contactId: wrongStage!.id, pipelineId: pipeline.id, stageId: otherStage.id }, null);
    const campaign = await createCampaign({
      name: 'Conditions',
      targetAudience: { contactIds: [qualified!.id, noEmail!.id, noLead!.id, wrongStage!.id] },
      steps: [
        {
          content: 'For qualified leads with an e-mail',
          conditions: { contact: [{ field: 'email', op: 'not_empty' }], inPipelineStage: { pipelineId: pipeline.id, stageIds: [leadStage.id] } },
        },
        { content: 'Everyone not in the other stage', delayHours: 1, conditions: { notInPipelineStage: { pipelineId: pipeline.id, stageIds: [otherStage.id] } } },
        { content: 'Only Qualified by name', delayHours: 1, conditions: { contact: [{ field: 'last_name', op: 'equals', value: 'qualified' }] } },
      ],
    });
    await start(campaign.id);
    await settle();
    expect((await deliveriesTo(qualified!.phone_e164!)).map((d) => d.text)).toEqual(['For qualified leads with an e-mail']);
    for (const contact of [noEmail, noLead, wrongStage]) expect(await deliveriesTo(contact!.phone_e164!)).toHaveLength(0);
    expect(((await participant(campaign.id, noEmail!.id)).metadata as { skipped: string[] }).skipped).toEqual([campaign.steps[0]!.id]);
    clock.advance(H);
    await settle();
    expect((await deliveriesTo(noEmail!.phone_e164!)).map((d) => d.text)).toEqual(['Everyone not in the other stage']);
    expect((await deliveriesTo(noLead!.phone_e164!)).map((d) => d.text)).toEqual(['Everyone not in the other stage']);
    expect(await deliveriesTo(wrongStage!.phone_e164!)).toHaveLength(0);
    clock.advance(H);
    await settle();
    expect((await deliveriesTo(qualified!.phone_e164!)).map((d) => d.text)).toEqual(['For qualified leads with an e-mail', 'Everyone not in the other stage', 'Only Qualified by name']);
    const skippedAll = await participant(campaign.id, wrongStage!.id);
    expect(skippedAll).toMatchObject({ status: 'stopped', next_send_at: null });
    const sends = await t.ctx.db.selectFrom('campaign_sends').select('step_index').where('campaign_id', '=', campaign.id).execute();
    expect(sends).toHaveLength(5);
  });
});

describe('controls', () => {
  it('pause holds every send, resume continues, stop completes at once', async () => {
    clock.set(new Date('2026-04-20T08:00:00Z'));
    const audience = await contacts(3);
    const campaign = await createCampaign({ name: 'Controls', targetAudience: { contactIds: audience.map((c) => c.id) }, steps: [{ content: 'First' }, { content: 'Second', delayHours: 2 }] });
    await start(campaign.id);
    expect((await api('POST', `/api/campaigns/${campaign.id}/pause`)).body.status).toBe('paused');
    await settle();
    for (const contact of audience) expect(await deliveriesTo(contact.phone_e164!)).toHaveLength(0);
    expect((await api('POST', `/api/campaigns/${campaign.id}/pause`)).status).toBe(409);
    expect((await api('POST', `/api/campaigns/${campaign.id}/start`)).status).toBe(409);
    expect((await api('PATCH', `/api/campaigns/${campaign.id}`, { status: 'active' })).body.status).toBe('active');
    await settle();
    for (const contact of audience) expect(await deliveriesTo(contact.phone_e164!)).toHaveLength(1);
    const stopped = await api('POST', `/api/campaigns/${campaign.id}/stop`);
    expect(stopped.body).toMatchObject({ status: 'completed', completedReason: 'stopped' });
    clock.advance(3 * H);
    await settle();
    for (const contact of audience) {
      expect(await deliveriesTo(contact.phone_e164!)).toHaveLength(1);
      expect((await participant(campaign.id, contact.id)).status).toBe('stopped');
    }
    const types = (await t.ctx.db.selectFrom('events').select('type').where('subject_id', '=', campaign.id).orderBy('id').execute()).map((e) => e.type);
    expect(types).toEqual(['campaign.created', 'campaign.started', 'campaign.paused', 'campaign.resumed', 'campaign.completed']);
    expect((await api('DELETE', `/api/campaigns/${campaign.id}`)).status).toBe(200);
  });
});

describe('sending account', () => {
  it('a deleted sending account pauses the campaign; another account can take over while paused', async () => {
    clock.set(new Date('2026-04-27T08:00:00Z'));
    const doomed = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Doomed' });
    const [p] = await contacts(1);
    const campaign = await createCampaign({ name: 'Account swap', channelAccountId: doomed.id, targetAudience: { contactIds: [p!.id] }, steps: [{ content: 'hello again' }] });
    await start(campaign.id);
    expect((await api('PATCH', `/api/campaigns/${campaign.id}`, { channelAccountId: org.sandboxAccountId })).status).toBe(409);
    expect((await api('DELETE', `/api/channel-accounts/${doomed.id}`)).status).toBe(200);
    await settle();
    expect((await api('GET', `/api/campaigns/${campaign.id}`)).body.status).toBe('paused');
    const patched = await api('PATCH', `/api/campaigns/${campaign.id}`, { channelAccountId: org.sandboxAccountId, status: 'active' });
    expect(patched.body).toMatchObject({ status: 'active', channelAccountId: org.sandboxAccountId });
    await settle();
    expect((await deliveriesTo(p!.phone_e164!)).map((d) => d.text)).toEqual(['hello again']);
  });
});

describe('channel errors and crashes', () => {
  it('bounces an invalid recipient, retries an outage with backoff, reschedules a rate limit', async () => {
    clock.set(new Date('2026-05-04T08:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Flaky', settings: { failMode: 'recipient_invalid' } });
    const [first, second] = await contacts(2);
    const invalid = await createCampaign({ name: 'Invalid', channelAccountId: account.id, targetAudience: { contactIds: [first!.id] }, steps: [{ content: 'x' }, { content: 'y', delayHours: 1 }] });
    await start(invalid.id);
    await settle();
    expect(await participant(invalid.id, first!.id)).toMatchObject({ status: 'bounced', next_send_at: null });
    expect((await t.ctx.db.selectFrom('campaign_sends').select(['status', 'error']).where('campaign_id', '=', invalid.id).execute())[0]).toMatchObject({ status: 'failed' });

    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'temporary' } }, clock.now());
    const outage = await createCampaign({ name: 'Outage', channelAccountId: account.id, targetAudience: { contactIds: [second!.id] }, steps: [{ content: 'after the outage' }] });
    await start(outage.id);
    await settle();
    const waiting = await participant(outage.id, second!.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.next_send_at!.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await t.ctx.db.selectFrom('campaign_sends').select('id').where('campaign_id', '=', outage.id).execute()).toHaveLength(0);

    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'rate_limited' } }, clock.now());
    clock.set(waiting.next_send_at!);
    await settle();
    const limited = await participant(outage.id, second!.id);
    expect(limited.attempts).toBe(1);
    expect(limited.next_send_at).toEqual(new Date(clock.now().getTime() + 30_000));
    const budget = await t.ctx.db.selectFrom('account_send_budget').selectAll().where('channel_account_id', '=', account.id).executeTakeFirstOrThrow();
    expect(budget.blocked_until).toEqual(limited.next_send_at);

    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'none' } }, clock.now());
    clock.advance(30_000);
    await settle();
    expect(await participant(outage.id, second!.id)).toMatchObject({ status: 'sent', attempts: 0 });
    expect((await deliveriesTo(second!.phone_e164!)).map((d) => d.text)).toEqual(['after the outage']);
  });

  it('a send whose outcome is unknown is reconciled with the channel and never sent twice', async () => {
    clock.set(new Date('2026-05-11T08:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Timeouts', settings: { failMode: 'timeout_after_accept' } });
    const [p] = await contacts(1);
    const campaign = await createCampaign({ name: 'Timeout', channelAccountId: account.id, targetAudience: { contactIds: [p!.id] }, steps: [{ content: 'exactly once' }] });
    await start(campaign.id);
    await settle();
    const send = await t.ctx.db.selectFrom('campaign_sends').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(send.status).toBe('sending');
    const later = await participant(campaign.id, p!.id);
    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'none' } }, clock.now());
    clock.set(later.next_send_at!);
    await settle();
    expect((await t.ctx.db.selectFrom('campaign_sends').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow()).status).toBe('sent');
    expect(await deliveriesTo(p!.phone_e164!)).toHaveLength(1);
    expect((await t.ctx.db.selectFrom('messages').select('status').where('id', '=', send.message_id).executeTakeFirstOrThrow()).status).toBe('sent');
  });

  it('a reply that stops a participant whose last send has an unknown outcome settles that send with the channel', async () => {
    clock.set(new Date('2026-05-12T08:00:00Z'));
    const account = await createChannelAccount(t.ctx.db, org.organizationId, { channel: 'sandbox', name: 'Flaky later', settings: { failMode: 'none' } });
    const [p] = await contacts(1);
    const campaign = await createCampaign({
      name: 'Orphan',
      channelAccountId: account.id,
      targetAudience: { contactIds: [p!.id] },
      steps: [{ content: 'first' }, { content: 'second', delayHours: 24 }, { content: 'third', delayHours: 24 }],
    });
    await start(campaign.id);
    await settle();
    expect((await deliveriesTo(p!.phone_e164!)).map((d) => d.text)).toEqual(['first']);
    // The second step reaches the channel, but the answer is lost: the send stays 'sending' and is due for a retry.
    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'timeout_after_accept' } }, clock.now());
    clock.advance(24 * H);
    await settle();
    const second = await t.ctx.db.selectFrom('campaign_sends').selectAll().where('campaign_id', '=', campaign.id).where('status', '=', 'sending').executeTakeFirstOrThrow();
    // The client answers before the retry: no more steps, and the interrupted one is settled, not left 'sending'.
    await updateChannelAccount(t.ctx.db, org.organizationId, account.id, { settings: { failMode: 'none' } }, clock.now());
    clock.advance(60_000);
    expect((await api('POST', `/api/sandbox/${account.id}/inbound`, { chatId: `sandbox:${p!.phone_e164}`, text: 'got both, thanks' })).status).toBe(201);
    await settle();
    clock.advance(3 * 24 * H);
    await settle();
    const sends = await t.ctx.db.selectFrom('campaign_sends').select(['id', 'status']).where('campaign_id', '=', campaign.id).execute();
    expect(sends.find((s) => s.id === second.id)?.status).toBe('sent');
    expect(sends.every((s) => s.status === 'sent')).toBe(true);
    expect((await deliveriesTo(p!.phone_e164!)).map((d) => d.text)).toEqual(['first', 'second']);
    expect((await participant(campaign.id, p!.id)).status).toBe('replied');
    expect((await t.ctx.db.selectFrom('messages').select('status').where('id', '=', second.message_id).executeTakeFirstOrThrow()).status).toBe('sent');
  });

  it('a worker that died after recording its batch: the lease ends, the batch is reconciled, nothing is lost or sent twice', async () => {
    clock.set(new Date('2026-05-18T08:00:00Z'));
    const audience = await contacts(6);
    const campaign = await createCampaign({ name: 'Crash', targetAudience: { contactIds: audience.map((c) => c.id) }, steps: [{ content: 'only once' }] });
    await start(campaign.id);
    // A "worker" claims three participants and records their sends, then dies before calling the channel.
    const claimed = await claimUnlimited(t.ctx.db, {
      organizationId: org.organizationId,
      campaignId: campaign.id,
      now: clock.now(),
      leaseUntil: new Date(clock.now().getTime() + 60_000),
      token: crypto.randomUUID(),
      limit: 3,
    });
    expect(claimed).toHaveLength(3);
    const steps = await t.ctx.db.selectFrom('campaign_steps').select('id').where('campaign_id', '=', campaign.id).execute();
    const conversations = new Map<string, string>();
    for (const p of claimed) {
      const conversation = await call(t, { cookie: org.cookie }, 'POST', '/api/conversations', { contactId: p.contact_id, channelAccountId: org.sandboxAccountId });
      conversations.set(p.id, conversation.body.id);
    }
    await recordSends(
      t.ctx.db,
      { organizationId: org.organizationId, campaignId: campaign.id, accountId: org.sandboxAccountId, authorName: 'Crash', now: clock.now() },
      claimed.map((p) => ({ sendId: crypto.randomUUID(), participantId: p.id, stepId: steps[0]!.id, stepIndex: 0, variant: 'A', messageId: crypto.randomUUID(), conversationId: conversations.get(p.id)!, body: 'only once' })),
    );
    await settle();
    // The other three went out; the dead worker's three wait for its lease.
    const sentBefore = await t.ctx.db.selectFrom('campaign_sends').select(['participant_id', 'status']).where('campaign_id', '=', campaign.id).execute();
    expect(sentBefore.filter((s) => s.status === 'sent')).toHaveLength(3);
    expect(sentBefore.filter((s) => s.status === 'sending')).toHaveLength(3);
    clock.advance(61_000);
    await settle();
    const after = await t.ctx.db.selectFrom('campaign_sends').select(['participant_id', 'status']).where('campaign_id', '=', campaign.id).execute();
    expect(after).toHaveLength(6);
    expect(after.every((s) => s.status === 'sent')).toBe(true);
    for (const contact of audience) expect(await deliveriesTo(contact.phone_e164!)).toHaveLength(1);
    expect((await api('GET', `/api/campaigns/${campaign.id}`)).body.status).toBe('completed');
  });
});

describe('audience sources', () => {
  it('counts an audience not saved yet as the editor changes its filters; nothing is written', async () => {
    const tag = `draft-${phoneSeq}`;
    await contacts(3, (i) => ({ tags: i < 2 ? [tag] : [] }));
    const campaign = await createCampaign({ name: 'Draft count', targetAudience: { filters: { tags: ['nobody-has-this'] } }, steps: [{ content: 'Hi' }] });
    const count = (targetAudience: unknown) => api('POST', `/api/campaigns/${campaign.id}/audience/preview`, { targetAudience });
    expect((await count({ filters: { tags: [tag] } })).body).toMatchObject({ matching: 2, willJoin: 2 });
    expect((await count({ filters: { tags: [tag] }, limit: 1 })).body).toMatchObject({ matching: 2, willJoin: 1 });
    // Without a draft it counts the saved audience, which did not change.
    expect((await api('POST', `/api/campaigns/${campaign.id}/audience/preview`, {})).body).toMatchObject({ matching: 0 });
    expect((await api('GET', `/api/campaigns/${campaign.id}/audience/preview`)).body).toMatchObject({ matching: 0 });
    // Bad input names the field.
    const bad = await count({ filters: { companyId: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.targetAudience.filters.companyId');
    expect((await api('POST', `/api/campaigns/${campaign.id}/audience/preview`, { targetAudience: { unknown: 1 } })).status).toBe(400);
  });

  it('CSV upload matches and creates contacts; the campaign sends to the list', async () => {
    clock.set(new Date('2026-06-01T08:00:00Z'));
    const [known] = await contacts(1, () => ({ email: 'known@example.com' }));
    const campaign = await createCampaign({ name: 'CSV', targetAudience: { source: 'csv' }, steps: [{ content: 'Hi {{ contact.first_name | default: "friend" }}' }] });
    const upload = await api('POST', `/api/campaigns/${campaign.id}/audience/from-csv`, {
      content: `name,phone,email,telegram_id\nKnown Person,,known@example.com,\nNew One,+996 555 123 456,,\nTg User,,,123456789\nNobody,,,\nBad Phone,12,,`,
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    expect(upload.body).toMatchObject({ created: 2, matched: 1, listSize: 3 });
    expect(upload.body.contactIds).toContain(known!.id);
    expect(upload.body.skipped.map((s: { line: number }) => s.line)).toEqual([5, 6]);
    const headerless = await api('POST', `/api/campaigns/${campaign.id}/audience/from-csv`, { content: '+996555123457;Ann\n+996555123458;Bob', hasHeader: false });
    expect(headerless.body).toMatchObject({ created: 2, listSize: 5 });
    const preview = await api('GET', `/api/campaigns/${campaign.id}/audience/preview`);
    expect(preview.body).toMatchObject({ matching: 5, willJoin: 5 });
    expect((await start(campaign.id)).participants).toBe(5);
    await settle();
    expect((await deliveriesTo('+996555123457')).map((d) => d.text)).toEqual(['Hi Ann']);
    expect((await api('POST', `/api/campaigns/${campaign.id}/audience/from-csv`, { content: 'phone\n+996555123459' })).status).toBe(409);
  });

  it('a Telegram group member list is an audience source', async () => {
    const stored = await api('POST', '/api/campaigns/group-sources/members', {
      bdAccountId: org.sandboxAccountId,
      telegramChatId: '-100777',
      title: 'Bishkek founders',
      members: [
        { telegramId: '5001', username: 'founder_one', phone: '+996555000501', firstName: 'Asel' },
        { telegramId: '5002', phone: '+996555000502', firstName: 'Timur' },
      ],
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({ stored: 2, created: 2 });
    const sources = await api('GET', '/api/campaigns/group-sources');
    expect(sources.body.items).toContainEqual(expect.objectContaining({ telegramChatId: '-100777', title: 'Bishkek founders', memberCount: 2, sources: ['member_list'] }));
    const ids = await api('GET', `/api/campaigns/group-sources/contacts?bdAccountId=${org.sandboxAccountId}&telegramChatId=-100777`);
    expect(ids.body.contactIds).toHaveLength(2);
    const campaign = await createCampaign({
      name: 'Group',
      targetAudience: { source: 'telegram_group', telegramGroup: { bdAccountId: org.sandboxAccountId, telegramChatId: '-100777' } },
      steps: [{ content: 'Hello {{ contact.first_name }}' }],
    });
    expect((await start(campaign.id)).participants).toBe(2);
    await settle();
    expect((await deliveriesTo('+996555000501')).map((d) => d.text)).toEqual(['Hello Asel']);
  });

  it('onlyNew leaves out anyone already in a campaign; filters select by tag and Telegram', async () => {
    const tagged = await contacts(3, (i) => ({ tags: ['webinar'], telegramUsername: i === 2 ? null : `webinar_${phoneSeq + 1}` }));
    const first = await createCampaign({ name: 'First touch', targetAudience: { contactIds: [tagged[0]!.id] }, steps: [{ content: 'a' }] });
    await start(first.id);
    const second = await createCampaign({ name: 'New only', targetAudience: { filters: { tags: ['webinar'], hasTelegram: true }, onlyNew: true }, steps: [{ content: 'b' }] });
    const preview = await api('GET', `/api/campaigns/${second.id}/audience/preview`);
    expect(preview.body.sample.map((s: { id: string }) => s.id)).toEqual([tagged[1]!.id]);
    expect((await start(second.id)).participants).toBe(1);
    const picker = await api('GET', `/api/campaigns/contacts-for-picker?outreachStatus=in_outreach&search=webinar&limit=10`);
    expect(picker.body.items.map((c: { id: string }) => c.id).sort()).toEqual([tagged[0]!.id, tagged[1]!.id].sort());
  });

  it('refuses to start without anyone to write to', async () => {
    const campaign = await createCampaign({ name: 'Empty', targetAudience: { filters: { tags: ['nobody-has-this'] } }, steps: [{ content: 'x' }] });
    const response = await api('POST', `/api/campaigns/${campaign.id}/start`);
    expect(response.status).toBe(422);
    expect(response.body.error.fields[0].field).toBe('body.targetAudience');
    expect((await api('GET', `/api/campaigns/${campaign.id}`)).body.status).toBe('draft');
  });
});

describe('content', () => {
  it('A/B variants are split by weight, spintax varies the wording, stats are per variant', async () => {
    clock.set(new Date('2026-06-08T08:00:00Z'));
    const audience = await contacts(40);
    const campaign = await createCampaign({
      name: 'A/B',
      targetAudience: { contactIds: audience.map((c) => c.id) },
      steps: [{ variants: [{ content: '{Hi|Hello} {{ contact.first_name }}, option A' }, { content: 'Hey {{ contact.first_name }}, option B' }] }],
    });
    await start(campaign.id);
    await settle();
    const texts = (await t.ctx.db.selectFrom('sandbox_deliveries').select('text').where('text', 'like', '%option%').execute()).map((d) => d.text);
    expect(texts.filter((x) => x.endsWith('option A')).length).toBeGreaterThan(5);
    expect(texts.filter((x) => x.endsWith('option B')).length).toBeGreaterThan(5);
    expect(texts.some((x) => x.startsWith('Hi '))).toBe(true);
    expect(texts.some((x) => x.startsWith('Hello '))).toBe(true);
    clock.advance(60_000);
    await reply(audience[0]!.phone_e164!, 'yes please');
    await settle();
    const stats = await api('GET', `/api/campaigns/${campaign.id}/stats`);
    const variants = stats.body.steps[0].variants;
    expect(variants.map((v: { key: string }) => v.key)).toEqual(['A', 'B']);
    expect(variants[0].sent + variants[1].sent).toBe(40);
    expect(variants[0].replied + variants[1].replied).toBe(1);
  });

  it('{{ai.personalize}} is filled by the offline generator without a model', async () => {
    const [p] = await contacts(1, () => ({ firstName: 'Aigerim' }));
    const campaign = await createCampaign({ name: 'AI', targetAudience: { contactIds: [p!.id] }, steps: [{ content: 'Hi {{ contact.first_name }}! {{ ai.personalize }}' }] });
    const preview = await api('POST', `/api/campaigns/${campaign.id}/preview`, { contactId: p!.id, content: 'Hi {{ contact.first_name }}! {{ ai.personalize }}' });
    expect(preview.body).toMatchObject({ text: 'Hi Aigerim! Hope your week is going well.', usesAi: true, aiSource: 'offline' });
    await start(campaign.id);
    await settle();
    expect((await deliveriesTo(p!.phone_e164!)).map((d) => d.text)).toEqual(['Hi Aigerim! Hope your week is going well.']);
    const variant = await api('POST', `/api/campaigns/${campaign.id}/generate-variant`, { content: 'Hi {{ contact.first_name }}, quick question' });
    expect(variant.body.content).toContain('{{ contact.first_name }}');
    expect(variant.body.content).not.toBe('Hi {{ contact.first_name }}, quick question');
  });

  it('a template that does not render is refused when saved, naming the field', async () => {
    const bad = await api('POST', '/api/campaigns', { name: 'Bad', steps: [{ content: 'ok' }, { content: 'Hi {{ contact.frist_name }}' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'body.steps.1.content', message: expect.stringContaining('contact.frist_name') }]);
    const campaign = await createCampaign({ name: 'Templates' });
    const template = await api('POST', `/api/campaigns/${campaign.id}/templates`, { name: 'T', content: 'Hi {{ contact.first_name | nope }}' });
    expect(template.status).toBe(400);
    expect(template.body.error.fields[0].field).toBe('body.content');
    const preset = await api('POST', '/api/campaigns/presets', { name: 'Intro', channel: 'sandbox', content: 'Hello {{ contact.first_name | default: "there" }}' });
    expect(preset.status).toBe(201);
    expect((await api('GET', '/api/campaigns/presets')).body.items.map((p: { id: string }) => p.id)).toContain(preset.body.id);
    const steps = await api('PUT', `/api/campaigns/${campaign.id}/steps`, { steps: [{ templateId: preset.body.id }, { content: 'Reply step', trigger: 'after_reply' }] });
    expect(steps.status).toBe(200);
    expect(steps.body.items.map((s: { trigger: string }) => s.trigger)).toEqual(['delay', 'after_reply']);
    expect((await api('DELETE', `/api/campaigns/presets/${preset.body.id}`)).status).toBe(409);
    expect((await api('PUT', `/api/campaigns/${campaign.id}/steps`, { steps: [{ content: 'x', trigger: 'after_reply' }] })).body.error.fields[0].field).toBe('body.steps.0.trigger');
    const unknown = await api('POST', '/api/campaigns', { name: 'x', targetAudience: { filters: { wat: true } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('body.targetAudience.filters.wat');
  });
});

describe('participants', () => {
  it('receipts mark sends delivered and read; one participant can be stopped; a deleted contact leaves; the list pages', async () => {
    clock.set(new Date('2026-06-15T08:00:00Z'));
    const audience = await contacts(3);
    const campaign = await createCampaign({ name: 'Participants', targetAudience: { contactIds: audience.map((c) => c.id) }, steps: [{ content: 'One' }, { content: 'Two', delayHours: 1 }] });
    await start(campaign.id);
    await settle();
    const send = await t.ctx.db.selectFrom('campaign_sends').selectAll().where('campaign_id', '=', campaign.id).where('participant_id', '=', (await participant(campaign.id, audience[0]!.id)).id).executeTakeFirstOrThrow();
    await t.ctx.db.transaction().execute(async (tx) => {
      await applyDeliveryReceipt(tx, org.organizationId, org.sandboxAccountId, send.external_id!, 'delivered', clock.now());
      await applyDeliveryReceipt(tx, org.organizationId, org.sandboxAccountId, send.external_id!, 'read', clock.now());
    });
    await settle();
    expect((await participant(campaign.id, audience[0]!.id)).status).toBe('delivered');
    const stats = await api('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats.body).toMatchObject({ delivered: 1, read: 1 });
    expect(stats.body.steps[0]).toMatchObject({ sent: 3, delivered: 1, read: 1 });

    const second = await participant(campaign.id, audience[1]!.id);
    expect((await api('POST', `/api/campaigns/${campaign.id}/participants/${second.id}/stop`)).status).toBe(200);
    expect((await api('DELETE', `/api/contacts/${audience[2]!.id}`)).status).toBe(200);
    await settle();
    expect(await t.ctx.db.selectFrom('campaign_participants').select('id').where('contact_id', '=', audience[2]!.id).execute()).toHaveLength(0);
    clock.advance(1 * H);
    await settle();
    expect(await deliveriesTo(audience[0]!.phone_e164!)).toHaveLength(2);
    expect(await deliveriesTo(audience[1]!.phone_e164!)).toHaveLength(1);
    const page = await api('GET', `/api/campaigns/${campaign.id}/participants?limit=1`);
    expect(page.body.items).toHaveLength(1);
    const rest = await api('GET', `/api/campaigns/${campaign.id}/participants?limit=5&cursor=${page.body.nextCursor}`);
    expect([...page.body.items, ...rest.body.items].map((p: { status: string }) => p.status).sort()).toEqual(['delivered', 'stopped']);
    const sends = await api('GET', `/api/campaigns/${campaign.id}/sends?stepId=${campaign.steps[1]!.id}`);
    expect(sends.body.items.map((x: { contactId: string }) => x.contactId)).toEqual([audience[0]!.id]);
  });
});

describe('agents', () => {
  it('lists sending accounts with what they sent today and their limits; limits can be set', async () => {
    const agents = await api('GET', '/api/campaigns/agents');
    const sandbox = agents.body.items.find((a: { id: string }) => a.id === org.sandboxAccountId);
    expect(sandbox).toMatchObject({ channel: 'sandbox', limitsAreDefault: true, todayAllowance: null });
    expect(sandbox.sentToday).toBeGreaterThan(0);
    const updated = await api('PUT', `/api/campaigns/agents/${org.sandboxAccountId}/limits`, { paceSeconds: 5, dailyCap: 100, warmup: { startDaily: 10, dailyIncrease: 5 }, restartWarmup: true });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ limitsAreDefault: false, limits: { paceSeconds: 5, hourlyCap: null, dailyCap: 100, warmup: { startDaily: 10, dailyIncrease: 5 } }, warmupDay: 0 });
    const reset = await api('PUT', `/api/campaigns/agents/${org.sandboxAccountId}/limits`, { useChannelDefaults: true });
    expect(reset.body.limitsAreDefault).toBe(true);
  });
});

describe('campaign list', () => {
  it('shows each campaign with its participant counts and reply rate', async () => {
    const [a, b] = await contacts(2);
    const running = await createCampaign({
      name: 'Listed outreach',
      channelAccountId: org.sandboxAccountId,
      targetAudience: { contactIds: [a!.id, b!.id] },
      steps: [{ content: 'Hello {{ contact.first_name }}' }, { content: 'Following up', delayHours: 48 }],
    });
    const draft = await createCampaign({ name: 'Listed draft', channelAccountId: org.sandboxAccountId });
    await start(running.id);
    await settle();
    clock.advance(1 * H);
    await reply(a!.phone_e164!, 'Yes, interested');
    await settle();

    const list = await api('GET', '/api/campaigns?limit=200');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(running.id)).toMatchObject({ status: 'active', counts: { total: 2, sent: 2, replied: 1, inProgress: 1, replyRate: 0.5 } });
    expect(byId.get(draft.id)).toMatchObject({ status: 'draft', counts: { total: 0, sent: 0, replied: 0, inProgress: 0, replyRate: null } });
    const drafts = await api('GET', '/api/campaigns?status=draft&limit=200');
    expect(drafts.body.items.every((c: { status: string; counts: { total: number } }) => c.status === 'draft' && c.counts.total === 0)).toBe(true);
  });
});
