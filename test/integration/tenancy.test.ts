import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';
import { listPipelines } from '../../src/modules/pipelines/index.ts';
import { notify } from '../../src/modules/notifications/index.ts';
import { storeMediaFile } from '../../src/modules/media/index.ts';

/**
 * Walks the whole route table as a user of organization B holding the ids of organization A's objects.
 * Every route that takes an id must answer 404 (not 200, not 403, not 500); every list must leak nothing;
 * and A's data must be unchanged afterwards. A new route with an unknown path parameter fails this test
 * until its parameter is added below — so no route can skip the check.
 */

let t: TestApp;
let a: TestOrg;
let b: TestOrg;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestOrg(t, { slug: 'tenant-a' });
  b = await createTestOrg(t, { slug: 'tenant-b' });
  const asA = { cookie: a.cookie };
  const company = await call(t, asA, 'POST', '/api/companies', { name: 'A Corp' });
  const contact = await call(t, asA, 'POST', '/api/contacts', { firstName: 'Secret', lastName: 'Client', phone: '+996 700 999 001', companyId: company.body.id });
  const conversation = await call(t, asA, 'POST', '/api/conversations', { contactId: contact.body.id, channelAccountId: a.sandboxAccountId });
  const message = await call(t, asA, 'POST', `/api/conversations/${conversation.body.id}/messages`, { body: 'private message of A' });
  await t.runner.runUntilIdle();
  const lead = await call(t, asA, 'POST', '/api/leads', { contactId: contact.body.id });
  const agent = await call(t, asA, 'POST', '/api/users', { email: 'agent-a@example.test', name: 'Agent A', password: 'agent-a-password', role: 'agent' });
  const token = await call(t, asA, 'POST', '/api/tokens', { name: 'A integration', role: 'agent' });
  const webhook = await call(t, asA, 'POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: [] });
  const pipeline = (await listPipelines(t.ctx.db, a.organizationId)).find((p) => p.is_default)!;
  const importRun = await t.ctx.db
    .insertInto('import_runs')
    .values({ organization_id: a.organizationId, source: 'csv', file_name: 'a-contacts.csv', status: 'completed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const note = await call(t, asA, 'POST', `/api/leads/${lead.body.id}/notes`, { body: 'note of A' });
  const run = await call(t, asA, 'POST', '/api/dialogs/analyze', { conversationIds: [conversation.body.id], minIncoming: 0 });
  await t.runner.runUntilIdle();
  const notificationId = await notify(t.ctx.db, a.organizationId, { kind: 'autopilot.handover', title: 'A needs a person' });
  const analysis = await t.ctx.db.selectFrom('dialog_analyses').select('id').where('organization_id', '=', a.organizationId).executeTakeFirstOrThrow();
  const campaign = await call(t, asA, 'POST', '/api/campaigns', {
    name: 'A outreach',
    channelAccountId: a.sandboxAccountId,
    targetAudience: { contactIds: [contact.body.id] },
    steps: [{ content: 'Secret offer for {{ contact.first_name }}' }],
  });
  const campaignTemplate = await call(t, asA, 'POST', `/api/campaigns/${campaign.body.id}/templates`, { name: 'A template', content: 'A follow-up' });
  const campaignStart = await confirmedStart(t, asA, campaign.body.id);
  const participant = await t.ctx.db.selectFrom('campaign_participants').select('id').where('campaign_id', '=', campaign.body.id).executeTakeFirstOrThrow();
  for (const response of [company, contact, conversation, message, lead, agent, token, webhook, note, run, campaign, campaignTemplate, campaignStart]) expect(response.status).toBeLessThan(300);
  Object.assign(ids, {
    companyId: company.body.id,
    contactId: contact.body.id,
    conversationId: conversation.body.id,
    messageId: message.body.id,
    leadId: lead.body.id,
    userId: agent.body.id,
    tokenId: token.body.token.id,
    webhookId: webhook.body.id,
    accountId: a.sandboxAccountId,
    pipelineId: pipeline.id,
    stageId: pipeline.stages[1]!.id,
    importId: importRun.id,
    noteId: note.body.id,
    runId: run.body.runId,
    analysisId: analysis.id,
    notificationId,
    // Telegram user account routes: a group (-100…) and a peer id; the account lookup answers 404 first.
    groupId: '-1004400001',
    peerId: '8100001',
    campaignId: campaign.body.id,
    templateId: campaignTemplate.body.id,
    stepId: campaign.body.steps[0].id,
    participantId: participant.id,
  });
  // Media (issues 6 and 8): a stored file of A's message, served by GET /api/media/:mediaId.
  const mediaFile = await storeMediaFile(t.ctx.db, a.organizationId, { messageId: message.body.id, mediaType: 'voice', bytes: Buffer.from('OggS secret voice of A'), mimeType: 'audio/ogg', fileName: null });
  ids.mediaId = mediaFile.id;
  // Booking and reactivation (issue 7): a service, staff member, visit, appointment, visit import and rule of A.
  const bookingService = await call(t, asA, 'POST', '/api/booking/services', { name: 'A haircut', durationMinutes: 60, price: 1000 });
  const bookingStaff = await call(t, asA, 'POST', '/api/booking/staff', { name: 'A master', workingHours: { mon: [['09:00', '18:00']] }, serviceIds: [bookingService.body.id] });
  const bookingVisit = await call(t, asA, 'POST', '/api/booking/visits', { contactId: ids.contactId, serviceId: bookingService.body.id, staffId: bookingStaff.body.id, startAt: '2025-06-02T10:00:00Z' });
  const appointment = await t.ctx.db
    .insertInto('booking_appointments')
    .values({ organization_id: a.organizationId, contact_id: ids.contactId!, service_id: bookingService.body.id, staff_id: bookingStaff.body.id, start_at: '2030-01-07T10:00:00Z', end_at: '2030-01-07T11:00:00Z', currency: 'USD' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const visitImport = await t.app.inject({
    method: 'POST',
    url: '/api/booking/visit-imports?fileName=a.csv',
    headers: { cookie: a.cookie, 'x-parley-client': 'test', 'content-type': 'text/csv' },
    payload: 'phone,name,service,date,price\n+996 700 999 001,Secret Client,A haircut,2025-06-09 10:00,1000\n',
  });
  const rule = await call(t, asA, 'POST', '/api/reactivation/rules', { serviceId: bookingService.body.id, manualIntervalDays: 30 });
  const timeOff = await call(t, asA, 'POST', `/api/booking/staff/${bookingStaff.body.id}/time-off`, { kind: 'vacation', startsOn: '2030-02-01', endsOn: '2030-02-10', note: 'Secret trip of A' });
  for (const response of [bookingService, bookingStaff, bookingVisit, rule, timeOff]) expect(response.status).toBeLessThan(300);
  expect(visitImport.statusCode).toBe(201);
  // A reactivation run ("campaign") of A with one offer.
  const reactivationRun = await t.ctx.db.insertInto('reactivation_runs').values({ organization_id: a.organizationId, run_date: '2026-03-02', status: 'done' }).returning('id').executeTakeFirstOrThrow();
  const clientCampaign = await t.ctx.db
    .insertInto('reactivation_campaigns')
    .values({ organization_id: a.organizationId, contact_id: ids.contactId!, service_id: bookingService.body.id, segment: 'new', interval_days: 30, interval_source: 'manual' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reactivationAttempt = await t.ctx.db
    .insertInto('reactivation_attempts')
    .values({ organization_id: a.organizationId, run_id: reactivationRun.id, client_campaign_id: clientCampaign.id, contact_id: ids.contactId!, service_id: bookingService.body.id, attempt_number: 1, message: 'Secret offer of A', message_source: 'template', status: 'pending_review' })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(ids, {
    reactivationCampaignId: reactivationRun.id,
    attemptId: reactivationAttempt.id,
    serviceId: bookingService.body.id,
    staffId: bookingStaff.body.id,
    visitId: bookingVisit.body.id,
    appointmentId: appointment.id,
    visitImportId: JSON.parse(visitImport.body).id,
    ruleId: rule.body.id,
    timeOffId: timeOff.body.id,
  });
  // Re-engagement (issue 8): a queue of A with one item for A's lead.
  const reQueue = await t.ctx.db
    .insertInto('reengagement_queues')
    .values({ organization_id: a.organizationId, queue_date: '2030-01-07', status: 'ready' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reItem = await t.ctx.db
    .insertInto('reengagement_items')
    .values({
      organization_id: a.organizationId,
      queue_id: reQueue.id,
      lead_id: ids.leadId!,
      contact_id: ids.contactId!,
      rank: 1,
      priority: 40,
      stage_key: 'new_lead',
      stage_position: 0,
      days_quiet: 9,
      message: 'Secret follow-up of A',
      generated_message: 'Secret follow-up of A',
      message_source: 'offline',
      status: 'pending_review',
      slot_start: '2030-01-07T10:00:00Z',
      scheduled_at: '2030-01-07T10:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(ids, { itemId: reItem.id });
  // Inbox (issue 14): a saved reply and a private note of A.
  const savedReply = await call(t, asA, 'POST', '/api/saved-replies', { shortcut: 'a-secret', body: 'Secret reply of A' });
  expect(savedReply.status).toBe(201);
  expect((await call(t, asA, 'POST', `/api/conversations/${ids.conversationId}/notes`, { body: 'Secret note of A' })).status).toBe(201);
  Object.assign(ids, { savedReplyId: savedReply.body.id });
  // Telegram group members read in the background (issue 16): a read of A's.
  const memberRead = await t.ctx.db
    .insertInto('telegram_member_reads')
    .values({ organization_id: a.organizationId, channel_account_id: a.sandboxAccountId, group_id: '-1004400001' })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(ids, { readId: memberRead.id });
  // Analysis business type (issue 15): A is a salon with the salon preset.
  expect((await call(t, asA, 'PUT', '/api/analysis/profile/business-type', { businessType: 'beauty_salon', applyPreset: true })).status).toBe(200);
});
afterAll(() => t?.close());

/** Valid bodies, so a request reaches the organization check instead of stopping at validation. */
function bodyFor(method: string, url: string): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  const bodies: Record<string, unknown> = {
    'POST /api/conversations/:conversationId/messages': { body: 'hello from B' },
    'POST /api/conversations/:conversationId/link-account': { channelAccountId: ids.accountId },
    'POST /api/sandbox/:accountId/inbound': { text: 'spoofed', from: { name: 'B' } },
    'POST /api/pipelines/:pipelineId/stages': { key: 'b_stage', name: 'B stage' },
    'PATCH /api/users/:userId': { role: 'admin' },
    'PATCH /api/leads/:leadId': { stageId: ids.stageId, title: 'taken by B' },
    'PATCH /api/dialogs/leads/:leadId': { stageKey: 'deal_closed', autopilot: true },
    'POST /api/leads/:leadId/notes': { body: 'note by B' },
    'PATCH /api/contacts/:contactId': { firstName: 'Hacked' },
    'PATCH /api/companies/:companyId': { name: 'Hacked' },
    'PATCH /api/channel-accounts/:accountId': { name: 'Hacked' },
    'PATCH /api/pipelines/:pipelineId': { name: 'Hacked' },
    'PATCH /api/pipelines/:pipelineId/stages/:stageId': { name: 'Hacked' },
    // Routes without a path id that take A's ids in the body.
    'POST /api/conversations': { contactId: ids.contactId, channelAccountId: ids.accountId },
    'POST /api/leads': { contactId: ids.contactId, pipelineId: ids.pipelineId, stageId: ids.stageId },
    'POST /api/contacts': { firstName: 'B', companyId: ids.companyId },
    'POST /api/dialogs/leads': { contactId: ids.contactId },
    'PATCH /api/booking/services/:serviceId': { name: 'Hacked' },
    'PATCH /api/booking/staff/:staffId': { name: 'Hacked' },
    'PATCH /api/reactivation/rules/:ruleId': { manualIntervalDays: 7 },
    'POST /api/booking/appointments': { contactId: ids.contactId, serviceId: ids.serviceId, staffId: ids.staffId, startAt: '2030-01-07T12:00:00Z' },
    'POST /api/booking/visits': { contactId: ids.contactId, serviceId: ids.serviceId, startAt: '2025-06-16T10:00:00Z' },
    'POST /api/booking/staff/:staffId/time-off': { kind: 'day_off', startsOn: '2030-03-01', endsOn: '2030-03-01' },
    'POST /api/booking/appointments/:appointmentId/move': { startAt: '2030-01-07T12:00:00Z' },
    'POST /api/reactivation/rules': { serviceId: ids.serviceId },
    'PATCH /api/reactivation/attempts/:attemptId': { message: 'Hacked' },
    'POST /api/reactivation/attempts/:attemptId/approve': { message: 'Hacked' },
    'PUT /api/reactivation/settings': { channelAccountId: ids.accountId },
    'POST /api/channel-accounts/:accountId/telegram/login/code': { code: '31415' },
    'POST /api/channel-accounts/:accountId/telegram/login/password': { password: 'taken by B' },
    'PATCH /api/campaigns/:campaignId': { name: 'Hacked' },
    'POST /api/campaigns/:campaignId/templates': { name: 'B template', content: 'hi' },
    'PATCH /api/campaigns/:campaignId/templates/:templateId': { name: 'Hacked' },
    'PATCH /api/campaigns/presets/:templateId': { name: 'Hacked' },
    'POST /api/campaigns/:campaignId/audience/from-csv': { content: 'phone\n+996700999002' },
    'POST /api/campaigns/:campaignId/preview': { content: 'hi' },
    'POST /api/campaigns/:campaignId/test-send': { to: 'sandbox' },
    'POST /api/campaigns/:campaignId/generate-variant': { content: 'hi' },
    'PUT /api/campaigns/:campaignId/steps': { steps: [] },
    'POST /api/campaigns/:campaignId/steps': { content: 'hi' },
    'PATCH /api/campaigns/:campaignId/steps/:stepId': { content: 'Hacked' },
    'PUT /api/campaigns/agents/:accountId/limits': { paceSeconds: 1 },
    'PATCH /api/reengagement/items/:itemId': { text: 'Hacked' },
    'POST /api/reengagement/items/:itemId/approve': { text: 'Hacked' },
    'POST /api/reengagement/items/approve': { ids: [ids.itemId] },
    'POST /api/conversations/:conversationId/assign': { assigneeUserId: null },
    'POST /api/conversations/:conversationId/status': { status: 'resolved' },
    'POST /api/conversations/:conversationId/notes': { body: 'note by B' },
    'PATCH /api/saved-replies/:savedReplyId': { body: 'Hacked' },
    'PUT /api/inbox/round-robin': { userIds: [ids.userId] },
    'PUT /api/imports/evolution-db/:accountId': { intervalMinutes: null },
    'PUT /api/analysis/profile/business-type': { businessType: 'clinic', applyPreset: true },
    'POST /api/imports/evolution': { channelAccountId: ids.accountId },
    'POST /api/campaigns': { name: 'B campaign', channelAccountId: ids.accountId, targetAudience: { contactIds: [ids.contactId] } },
  };
  return bodies[`${method} ${url}`] ?? {};
}

/** Required query parameters, so a request reaches the organization check instead of stopping at validation. */
const QUERIES: Record<string, string> = {
  'GET /api/channel-accounts/:accountId/telegram/search': '?q=salon',
};

function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_match, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`route ${url} has a path parameter "${name}" the tenancy test does not know: add an object of organization A for it`);
    return id;
  });
}

describe('organization isolation', () => {
  it('every route with an id of organization A answers 404 to organization B', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.url.includes(':'));
    expect(routes.length).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const route of routes) {
      for (const auth of [{ cookie: b.cookie }]) {
        const response = await call(t, auth, route.method as 'GET', fill(route.url) + (QUERIES[`${route.method} ${route.url}`] ?? ''), bodyFor(route.method, route.url));
        if (response.status !== 404) failures.push(`${route.method} ${route.url} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('routes without an id never return or accept organization A’s objects', async () => {
    // The live event stream never ends, so inject cannot read it; test/integration/inbox.test.ts checks its scoping.
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.includes(':') && !r.config.isPublic && r.url !== '/api/auth/logout' && r.url !== '/api/events/stream');
    const secrets = Object.values(ids);
    const failures: string[] = [];
    for (const route of routes) {
      const response = await call(t, { cookie: b.cookie }, route.method as 'GET', route.url, bodyFor(route.method, route.url));
      const text = JSON.stringify(response.body);
      if (response.status >= 500) failures.push(`${route.method} ${route.url} → ${response.status}`);
      if (route.method !== 'GET' && response.status < 300 && bodyFor(route.method, route.url) !== undefined && route.url.match(/conversations$|leads$/)) {
        failures.push(`${route.method} ${route.url} accepted A's ids → ${response.status}`);
      }
      for (const secret of secrets) if (text.includes(secret)) failures.push(`${route.method} ${route.url} leaked ${secret}`);
      if (['private message of A', 'Secret Client', 'Secret reply of A', 'Secret note of A'].some((content) => text.includes(content))) failures.push(`${route.method} ${route.url} leaked A's content`);
    }
    expect(failures).toEqual([]);
  });

  it('an API token of organization B is confined the same way', async () => {
    const token = await call(t, { cookie: b.cookie }, 'POST', '/api/tokens', { name: 'B token', role: 'admin' });
    const auth = { token: token.body.secret as string };
    for (const url of [`/api/contacts/${ids.contactId}`, `/api/conversations/${ids.conversationId}/messages`, `/api/leads/${ids.leadId}`]) {
      expect((await call(t, auth, 'GET', url)).status).toBe(404);
    }
    const contacts = await call(t, auth, 'GET', '/api/contacts');
    expect(JSON.stringify(contacts.body)).not.toContain(ids.contactId);
  });

  it('organization A’s data is unchanged after all of that', async () => {
    const asA = { cookie: a.cookie };
    const contact = await call(t, asA, 'GET', `/api/contacts/${ids.contactId}`);
    expect(contact.body).toMatchObject({ firstName: 'Secret', companyId: ids.companyId });
    expect((await call(t, asA, 'GET', `/api/companies/${ids.companyId}`)).body.name).toBe('A Corp');
    const lead = await call(t, asA, 'GET', `/api/leads/${ids.leadId}`);
    expect(lead.body.title).toBeNull();
    expect(lead.body.stageId).not.toBe(ids.stageId);
    const messages = await call(t, asA, 'GET', `/api/conversations/${ids.conversationId}/messages`);
    expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['private message of A']);
    expect((await call(t, asA, 'GET', `/api/users/${ids.userId}`)).body.role).toBe('agent');
    const tokens = await call(t, asA, 'GET', '/api/tokens');
    expect(tokens.body.items.find((x: { id: string }) => x.id === ids.tokenId).revokedAt).toBeNull();
    expect((await call(t, asA, 'GET', '/api/webhooks')).body.items).toHaveLength(1);
    expect((await call(t, asA, 'GET', `/api/channel-accounts/${ids.accountId}`)).body.name).toBe('Sandbox');
    const pipeline = await call(t, asA, 'GET', `/api/pipelines/${ids.pipelineId}`);
    expect(pipeline.body.stages.map((s: { key: string }) => s.key)).not.toContain('b_stage');
    expect(pipeline.body.name).not.toBe('Hacked');
    expect((await call(t, asA, 'GET', `/api/leads/${ids.leadId}/notes`)).body.items.map((n: { body: string }) => n.body)).toEqual(['note of A']);
    const campaign = await call(t, asA, 'GET', `/api/campaigns/${ids.campaignId}`);
    expect(campaign.body).toMatchObject({ name: 'A outreach', status: 'active' });
    expect(campaign.body.templates.find((x: { id: string }) => x.id === ids.templateId).name).toBe('A template');
    expect(campaign.body.steps.map((s: { content: string }) => s.content)).toEqual(['Secret offer for {{ contact.first_name }}']);
    expect((await call(t, asA, 'GET', `/api/campaigns/${ids.campaignId}/participants`)).body.items.map((p: { status: string }) => p.status)).toEqual(['pending']);
    const analysis = await call(t, asA, 'GET', `/api/dialogs/analysis/${ids.analysisId}`);
    expect(analysis.status).toBe(200);
    expect(analysis.body.lead.autopilot).toBe(false);
  });
});

describe('organization isolation: booking and reactivation', () => {
  it('organization A’s booking data and rules are unchanged', async () => {
    const asA = { cookie: a.cookie };
    expect((await call(t, asA, 'GET', `/api/booking/services/${ids.serviceId}`)).body).toMatchObject({ name: 'A haircut', isActive: true });
    expect((await call(t, asA, 'GET', `/api/booking/time-off?staffId=${ids.staffId}`)).body.items.map((x: { note: string }) => x.note)).toEqual(['Secret trip of A']);
    expect((await call(t, asA, 'GET', `/api/booking/staff/${ids.staffId}`)).body).toMatchObject({ name: 'A master', isActive: true });
    expect((await call(t, asA, 'GET', `/api/booking/visits/${ids.visitId}`)).status).toBe(200);
    expect((await call(t, asA, 'GET', `/api/booking/appointments/${ids.appointmentId}`)).body.status).toBe('booked');
    expect((await call(t, asA, 'GET', `/api/reactivation/rules/${ids.ruleId}`)).body).toMatchObject({ intervalDays: 30, intervalSource: 'manual' });
    expect((await call(t, asA, 'GET', '/api/booking/visits')).body.items).toHaveLength(2);
    const attempt = await call(t, asA, 'GET', `/api/reactivation/attempts/${ids.attemptId}`);
    expect(attempt.body).toMatchObject({ status: 'pending_review', message: 'Secret offer of A' });
    expect((await call(t, asA, 'GET', `/api/reactivation/campaigns/${ids.reactivationCampaignId}`)).body.items).toHaveLength(1);
    expect((await call(t, asA, 'GET', '/api/reactivation/settings')).body.channelAccountId).toBeNull();
  });
});

describe('organization isolation: re-engagement', () => {
  it('organization A’s queue item is unchanged and invisible to B', async () => {
    const item = await t.ctx.db.selectFrom('reengagement_items').selectAll().where('id', '=', ids.itemId!).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'pending_review', message: 'Secret follow-up of A', edited: false, reviewed_by_user_id: null });
    const queueOfB = await call(t, { cookie: b.cookie }, 'GET', '/api/reengagement/queue?date=2030-01-07');
    expect(queueOfB.body.items).toEqual([]);
    expect(JSON.stringify(queueOfB.body)).not.toContain('Secret follow-up of A');
  });

  it('B sees neither A’s formation status nor A’s templates, and cannot preview on A’s lead or stage', async () => {
    const asB = { cookie: b.cookie };
    await t.ctx.db
      .insertInto('reengagement_settings')
      .values({ organization_id: a.organizationId, settings: JSON.stringify({ templates: { default: 'Secret template of A {{ name }}' } }) })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet({ settings: JSON.stringify({ templates: { default: 'Secret template of A {{ name }}' } }) }))
      .execute();
    expect((await call(t, { cookie: a.cookie }, 'GET', '/api/reengagement/queue/status?date=2030-01-07')).body).toMatchObject({ status: 'formed', queueId: expect.any(String) });
    expect((await call(t, asB, 'GET', '/api/reengagement/queue/status?date=2030-01-07')).body).toMatchObject({ status: 'none', queueId: null });
    const templatesOfB = await call(t, asB, 'GET', '/api/reengagement/templates');
    expect(templatesOfB.status).toBe(200);
    expect(JSON.stringify(templatesOfB.body)).not.toContain('Secret template of A');
    expect((await call(t, asB, 'POST', '/api/reengagement/templates/preview', { content: '{{ name }}', leadId: ids.leadId })).status).toBe(404);
    const byStage = await call(t, asB, 'POST', '/api/reengagement/templates/preview', { content: '{{ name }}', stageId: ids.stageId });
    expect(byStage.status).toBe(400);
    expect(byStage.body.error.fields[0].field).toBe('body.stageId');
    // B's own preview never renders on A's lead.
    const own = await call(t, asB, 'POST', '/api/reengagement/templates/preview', { content: 'x {{ name }}' });
    expect(own.status).toBe(200);
    expect(own.body.lead?.id).not.toBe(ids.leadId);
    // B asking to form its queue enqueues a job of B only.
    const jobsOfA = async () => (await t.ctx.db.selectFrom('jobs').select('id').where('task', '=', 'reengagement.form').where('organization_id', '=', a.organizationId).execute()).length;
    const before = await jobsOfA();
    expect((await call(t, asB, 'POST', '/api/reengagement/queue/run')).status).toBe(202);
    expect(await jobsOfA()).toBe(before);
  });
});

describe('organization isolation: analysis business type', () => {
  it('B choosing the clinic preset leaves A a salon with the salon rules', async () => {
    const ofA = (await call(t, { cookie: a.cookie }, 'GET', '/api/analysis/profile')).body;
    expect(ofA.businessType).toBe('beauty_salon');
    expect(ofA.presetEdits).toEqual([]);
    expect(ofA.scoring.modifiers.map((m: { id: string }) => m.id)).toContain('master');
    const ofB = (await call(t, { cookie: b.cookie }, 'GET', '/api/analysis/profile')).body;
    expect(ofB.businessType).toBe('clinic');
  });
});
