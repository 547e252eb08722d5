import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { confirmedStart } from '../helpers/campaign-launch.ts';

/** The inbox side panel's view of a contact: the campaigns, offers, re-engagement items and analyses they are in. */
let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let contactId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  other = await createTestOrg(t);
});
afterAll(() => t?.close());

describe('GET /api/contacts/:contactId/overview', () => {
  it('is empty for a contact in nothing', async () => {
    const contact = await call(t, { cookie: org.cookie }, 'POST', '/api/contacts', { firstName: 'Пустой', phone: '+996 700 555 010' });
    const overview = await call(t, { cookie: org.cookie }, 'GET', `/api/contacts/${contact.body.id}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.body).toEqual({ campaigns: [], reactivationOffers: [], reengagementItems: [], analyses: [] });
  });

  it('lists the contact’s campaign (step and status), reactivation offer (service and status), re-engagement item and analyses, newest analysis first', async () => {
    const owner = { cookie: org.cookie };
    const contact = await call(t, owner, 'POST', '/api/contacts', { firstName: 'Айгуль', phone: '+996 700 555 011' });
    contactId = contact.body.id;
    const conversation = await call(t, owner, 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'Здравствуйте, сколько стоит стрижка? Хочу записаться на завтра', from: { name: 'Айгуль', phone: '+996 700 555 011' } });
    expect(conversation.status).toBe(201);
    const conversationId = conversation.body.conversationId as string;
    const contactOfConversation = (await call(t, owner, 'GET', `/api/conversations/${conversationId}`)).body.contact.id as string;
    contactId = contactOfConversation;

    const campaign = await call(t, owner, 'POST', '/api/campaigns', {
      name: 'Весенняя рассылка',
      channelAccountId: org.sandboxAccountId,
      targetAudience: { contactIds: [contactId] },
      steps: [{ content: 'Здравствуйте, {{ contact.first_name }}!' }, { content: 'Напоминаем о скидке' }],
    });
    expect(campaign.status).toBe(201);
    expect((await confirmedStart(t, owner, campaign.body.id)).status).toBeLessThan(300);

    const service = await call(t, owner, 'POST', '/api/booking/services', { name: 'Стрижка', durationMinutes: 60, price: 1000 });
    await t.ctx.db
      .insertInto('reactivation_campaigns')
      .values({ organization_id: org.organizationId, contact_id: contactId, service_id: service.body.id, segment: 'regular', interval_days: 30, interval_source: 'manual', status: 'active', last_attempt_at: new Date('2026-03-02T10:00:00Z') })
      .execute();

    for (let run = 0; run < 2; run++) {
      expect((await call(t, owner, 'POST', '/api/dialogs/analyze', { conversationIds: [conversationId], minIncoming: 0, force: true })).status).toBeLessThan(300);
      await t.runner.runUntilIdle();
    }
    const lead = await t.ctx.db.selectFrom('leads').select('id').where('organization_id', '=', org.organizationId).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    const queue = await t.ctx.db.insertInto('reengagement_queues').values({ organization_id: org.organizationId, queue_date: '2030-01-07', status: 'ready' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('reengagement_items')
      .values({
        organization_id: org.organizationId,
        queue_id: queue.id,
        lead_id: lead.id,
        contact_id: contactId,
        rank: 1,
        priority: 40,
        stage_key: 'new_lead',
        stage_position: 0,
        days_quiet: 9,
        why: 'Молчит 9 дней',
        message: 'Напомню о себе',
        generated_message: 'Напомню о себе',
        message_source: 'offline',
        status: 'approved',
        slot_start: '2030-01-07T10:00:00Z',
        scheduled_at: '2030-01-07T10:00:00Z',
      })
      .execute();

    const overview = await call(t, owner, 'GET', `/api/contacts/${contactId}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.body.campaigns).toEqual([expect.objectContaining({ campaignId: campaign.body.id, name: 'Весенняя рассылка', campaignStatus: 'active', steps: 2 })]);
    expect(overview.body.campaigns[0].step).toBeLessThanOrEqual(2);
    expect(overview.body.reactivationOffers).toEqual([expect.objectContaining({ status: 'active', service: { id: service.body.id, name: 'Стрижка' }, date: '2026-03-02T10:00:00.000Z' })]);
    expect(overview.body.reengagementItems).toEqual([expect.objectContaining({ status: 'approved', why: 'Молчит 9 дней', queueDate: '2030-01-07', scheduledAt: '2030-01-07T10:00:00.000Z' })]);
    expect(overview.body.analyses.length).toBeGreaterThanOrEqual(1);
    const [latest] = overview.body.analyses;
    expect(latest).toMatchObject({ conversationId, leadId: lead.id });
    expect(typeof latest.summary).toBe('string');
    expect(typeof latest.nextAction).toBe('string');
    const times = overview.body.analyses.map((a: { analyzedAt: string }) => a.analyzedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('answers 404 to another organization and 400 to a malformed id', async () => {
    expect((await call(t, { cookie: other.cookie }, 'GET', `/api/contacts/${contactId}/overview`)).status).toBe(404);
    const bad = await call(t, { cookie: org.cookie }, 'GET', '/api/contacts/not-a-uuid/overview');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('contactId');
  });
});
