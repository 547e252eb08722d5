import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { formQueue } from '../../src/modules/reengagement/index.ts';
import { countSends } from '../../src/modules/outreach/index.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';

/**
 * The re-engagement queue over a seeded base of quiet leads on the sandbox channel, driven by a manual clock and the
 * job loop: the daily formation at the organization's local time (once, whatever the number of formers), the
 * exclusions, the pick size (hundreds of 1,000 when limits allow; exactly the remaining allowance when they bind),
 * slots spaced by the account's pace, the review flow, sending through the outbound path, replies, opt-outs,
 * conversions and the dashboard.
 */

let t: TestApp;
// Monday 2026-03-02 08:00 in Bishkek (UTC+6).
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const DAY = 86_400_000;

interface Seeded {
  leadIds: string[];
  excluded: Record<'optedOut' | 'closed' | 'recent' | 'autopilot' | 'campaign' | 'notInterested', Set<string>>;
}

/**
 * `count` leads of the default pipeline with a sandbox conversation whose last message is 3–62 days old, a third
 * with an analysis (signals), and known exclusions: every 50th opted out, every 7th in a won/lost stage, every 25th
 * written to yesterday, every 100th (+7) on autopilot with a recent autopilot reply, every 100th (+9) in an active
 * campaign, every 30th (+11) analysed as not interested.
 */
async function seedQuietLeads(org: TestOrg, count: number, prefix: string): Promise<Seeded> {
  const db = t.ctx.db;
  const now = clock.now();
  const pipeline = await db.selectFrom('pipelines').select('id').where('organization_id', '=', org.organizationId).where('is_default', '=', true).executeTakeFirstOrThrow();
  const stages = await db.selectFrom('pipeline_stages').select(['id', 'key']).where('pipeline_id', '=', pipeline.id).orderBy('position').execute();
  const stageOf = (g: number) => stages[g % 7]!;
  const contacts = await db
    .insertInto('contacts')
    .values(
      Array.from({ length: count }, (_, i) => ({
        organization_id: org.organizationId,
        display_name: `${prefix} Client ${i}`,
        phone_e164: `+99655${prefix.charCodeAt(0) % 10}${String(i).padStart(6, '0')}`,
        opted_out_at: i % 50 === 0 ? now : null,
      })),
    )
    .returning(['id', 'phone_e164'])
    .execute();
  const lastAt = (i: number) => new Date(now.getTime() - (i % 25 === 0 ? 1 : 3 + (i % 60)) * DAY);
  const conversations = await db
    .insertInto('conversations')
    .values(
      contacts.map((c, i) => ({
        organization_id: org.organizationId,
        channel: 'sandbox',
        channel_account_id: org.sandboxAccountId,
        external_chat_id: `sandbox:${c.phone_e164}`,
        contact_id: c.id,
        last_message_at: lastAt(i),
      })),
    )
    .returning(['id'])
    .execute();
  const messages = await db
    .insertInto('messages')
    .values(
      conversations.map((cv, i) => ({
        organization_id: org.organizationId,
        conversation_id: cv.id,
        direction: i % 3 === 0 ? ('inbound' as const) : ('outbound' as const),
        body: i % 3 === 0 ? 'Сколько стоит?' : 'Спасибо, ждём вас!',
        status: i % 3 === 0 ? ('received' as const) : ('sent' as const),
        sent_at: lastAt(i),
      })),
    )
    .returning(['id'])
    .execute();
  const leads = await db
    .insertInto('leads')
    .values(
      contacts.map((c, i) => ({
        organization_id: org.organizationId,
        contact_id: c.id,
        pipeline_id: pipeline.id,
        stage_id: stageOf(i).id,
        score: (i * 37) % 100,
        interest_level: (['hot', 'warm', 'cold'] as const)[i % 3],
        autopilot: i % 100 === 7,
        created_at: new Date(now.getTime() - 90 * DAY),
      })),
    )
    .returning(['id'])
    .execute();
  const analysed = leads.map((l, i) => ({ l, i })).filter(({ i }) => i % 3 === 1 || i % 30 === 11);
  await db
    .insertInto('dialog_analyses')
    .values(
      analysed.map(({ l, i }) => ({
        organization_id: org.organizationId,
        conversation_id: conversations[i]!.id,
        contact_id: contacts[i]!.id,
        lead_id: l.id,
        funnel_stage: stageOf(i).key,
        score: (i * 37) % 100,
        interest_level: 'warm' as const,
        signals: JSON.stringify(i % 30 === 11 ? ['not_interested'] : i % 2 ? ['price_asked'] : ['booking_requested', 'objection_time']),
        summary: `Client ${i} asked about a consultation`,
        next_action: 'Offer a time',
        provider: 'offline',
        model: 'parley-offline-1',
      })),
    )
    .execute();
  const autopilotIdx = leads.map((_, i) => i).filter((i) => i % 100 === 7);
  if (autopilotIdx.length) {
    await db
      .insertInto('autopilot_replies')
      .values(autopilotIdx.map((i) => ({ organization_id: org.organizationId, conversation_id: conversations[i]!.id, lead_id: leads[i]!.id, trigger_message_id: messages[i]!.id, outcome: 'replied' as const, reason: 'faq', created_at: new Date(now.getTime() - 4 * DAY) })))
      .execute();
  }
  const campaign = await db.insertInto('campaigns').values({ organization_id: org.organizationId, name: `${prefix} outreach`, status: 'paused', channel_account_id: org.sandboxAccountId }).returning('id').executeTakeFirstOrThrow();
  const campaignIdx = leads.map((_, i) => i).filter((i) => i % 100 === 9);
  if (campaignIdx.length) {
    await db
      .insertInto('campaign_participants')
      .values(campaignIdx.map((i) => ({ organization_id: org.organizationId, campaign_id: campaign.id, contact_id: contacts[i]!.id, anchor_at: now, status: 'sent' as const })))
      .execute();
  }
  const pick = (test: (i: number) => boolean) => new Set(leads.map((l, i) => ({ l, i })).filter(({ i }) => test(i)).map(({ l }) => l.id));
  return {
    leadIds: leads.map((l) => l.id),
    excluded: {
      optedOut: pick((i) => i % 50 === 0),
      closed: pick((i) => i % 7 >= 5),
      recent: pick((i) => i % 25 === 0),
      autopilot: pick((i) => i % 100 === 7),
      campaign: pick((i) => i % 100 === 9),
      notInterested: pick((i) => i % 30 === 11),
    },
  };
}

const SETTINGS = {
  enabled: true,
  formAt: '09:00',
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  dailyLimit: 1000,
  channelAccountId: null,
  window: { start: '10:00', end: '19:00' },
  slotMinutes: 30,
  autoApprove: false,
  minDaysQuiet: 3,
  maxDaysQuiet: 365,
  recontactAfterDays: 14,
  excludedStages: ['deal_closed', 'deal_lost'],
  minPriority: 10,
  useAi: true,
  replyWindowDays: 3,
  conversionWindowDays: 14,
  templates: {},
};

async function settle() {
  await t.runner.runUntilIdle();
  await t.runner.runUntilIdle();
}

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

describe('re-engagement queue over 1,000 quiet leads', () => {
  let org: TestOrg;
  let seeded: Seeded;
  const as = () => ({ cookie: org.cookie });
  type Item = { id: string; leadId: string; contactId: string; contactPhone: string; status: string; why: string; message: string; scheduledAt: string; slotStart: string; conversationId: string | null; repliedAt: string | null; replySeconds: number | null; optedOut: boolean };
  let items: Item[] = [];

  beforeAll(async () => {
    org = await createTestOrg(t);
    await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek' }).where('id', '=', org.organizationId).execute();
    seeded = await seedQuietLeads(org, 1000, 'A');
    const saved = await call(t, as(), 'PUT', '/api/reengagement/settings', SETTINGS);
    expect(saved.status).toBe(200);
  });

  it('forms nothing before the organization’s formation time', async () => {
    await settle();
    const queue = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(queue.body).toMatchObject({ date: '2026-03-02', queue: null, items: [] });
  });

  it('forms the day’s queue once at 09:00 local: hundreds of leads, each explained, none excluded', async () => {
    clock.set(new Date('2026-03-02T03:00:30Z'));
    await settle();
    await settle();
    const queue = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(queue.body.queue).toMatchObject({ status: 'ready', scorer: 'rules', date: '2026-03-02' });
    items = queue.body.items;
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(items.length).toBeLessThan(1000);
    expect(queue.body.queue.picked).toBe(items.length);
    const picked = new Set(items.map((i) => i.leadId));
    for (const [reason, set] of Object.entries(seeded.excluded)) {
      const leaked = [...set].filter((id) => picked.has(id));
      expect(leaked, reason).toEqual([]);
    }
    expect(items.every((i) => i.status === 'pending_review' && i.why.length > 0 && i.message.length > 0)).toBe(true);
    // Spread evenly over 10:00–19:00 Bishkek, in order.
    const times = items.map((i) => new Date(i.scheduledAt).getTime());
    expect(times[0]).toBe(new Date('2026-03-02T04:00:00Z').getTime());
    expect(Math.max(...times)).toBeLessThan(new Date('2026-03-02T13:00:00Z').getTime());
    const gaps = times.slice(1).map((x, i) => x - times[i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(items.every((i) => new Date(i.slotStart).getTime() <= new Date(i.scheduledAt).getTime())).toBe(true);
  });

  it('forming again the same day changes nothing', async () => {
    const again = await call(t, as(), 'POST', '/api/reengagement/queue/run');
    expect(again.status).toBe(200);
    expect(again.body.formation).toMatchObject({ date: '2026-03-02', status: 'formed', picked: items.length });
    await settle();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue')).body.items).toHaveLength(items.length);
  });

  it('review: approve (one edited), skip, edit; only approved items go out, at their slot, through the outbound path', async () => {
    const [first, second, third, fourth, fifth] = items;
    const edited = await call(t, as(), 'POST', `/api/reengagement/items/${first!.id}/approve`, { text: 'Edited by a person: still interested?' });
    expect(edited.body).toMatchObject({ status: 'approved', edited: true, message: 'Edited by a person: still interested?' });
    expect((await call(t, as(), 'POST', `/api/reengagement/items/${second!.id}/skip`)).body.status).toBe('skipped');
    const patched = await call(t, as(), 'PATCH', `/api/reengagement/items/${third!.id}`, { text: 'A better opening line' });
    expect(patched.body).toMatchObject({ status: 'pending_review', message: 'A better opening line' });
    const bulk = await call(t, as(), 'POST', '/api/reengagement/items/approve', { ids: [third!.id, fourth!.id, fifth!.id] });
    expect(bulk.body.approved).toBe(3);
    const bad = await call(t, as(), 'PATCH', `/api/reengagement/items/${third!.id}`, { text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.text');

    // 10:00: only the first item is due.
    clock.set(new Date(first!.scheduledAt));
    await settle();
    let queue = (await call(t, as(), 'GET', '/api/reengagement/queue')).body.items as Item[];
    const byId = () => new Map(queue.map((i) => [i.id, i]));
    expect(byId().get(first!.id)!.status).toBe('sent');
    expect(byId().get(third!.id)!.status).toBe('approved');
    // After the fifth slot: the approved ones are sent, the skipped and unreviewed ones are not.
    clock.set(new Date(new Date(fifth!.scheduledAt).getTime() + 1000));
    await settle();
    queue = (await call(t, as(), 'GET', '/api/reengagement/queue')).body.items as Item[];
    expect([first, third, fourth, fifth].map((i) => byId().get(i!.id)!.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(byId().get(second!.id)!.status).toBe('skipped');
    expect(queue.filter((i) => i.status === 'sent')).toHaveLength(4);
    const sent = byId().get(first!.id)!;
    const thread = await call(t, as(), 'GET', `/api/conversations/${sent.conversationId}/messages?limit=10`);
    const outbound = thread.body.items.filter((m: { direction: string }) => m.direction === 'outbound');
    // Queued on the normal outbound path (the dispatch job delivers it), by the re-engagement author.
    expect(outbound[0]).toMatchObject({ body: 'Edited by a person: still interested?', authorName: 'Re-engagement' });
    // Sent exactly once, whatever the number of ticks.
    await settle();
    const again = await call(t, as(), 'GET', `/api/conversations/${sent.conversationId}/messages?limit=10`);
    expect(again.body.items.filter((m: { body: string }) => m.body === 'Edited by a person: still interested?')).toHaveLength(1);
    // A sent item cannot be reviewed any more.
    expect((await call(t, as(), 'POST', `/api/reengagement/items/${first!.id}/skip`)).status).toBe(409);
  });

  it('tracks replies with the time to reply, and an opt-out reply opts the contact out', async () => {
    const [first, , third, fourth] = items;
    clock.advance(20 * 60_000);
    const reply = await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'Да, интересно! Когда можно прийти?', from: { phone: first!.contactPhone } });
    expect(reply.status).toBeLessThan(300);
    const stop = await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'стоп', from: { phone: third!.contactPhone } });
    expect(stop.status).toBeLessThan(300);
    await settle();
    const queue = new Map(((await call(t, as(), 'GET', '/api/reengagement/queue')).body.items as Item[]).map((i) => [i.id, i]));
    expect(queue.get(first!.id)).toMatchObject({ status: 'replied', optedOut: false });
    expect(queue.get(first!.id)!.replySeconds).toBeGreaterThan(20 * 60 - 1);
    expect(queue.get(third!.id)).toMatchObject({ status: 'replied', optedOut: true });
    const contact = await call(t, as(), 'GET', `/api/contacts/${third!.contactId}`);
    expect(contact.body.optedOut).toBe(true);
    expect(queue.get(fourth!.id)!.status).toBe('sent');
  });

  it('a client who writes before their message goes out is no longer quiet: the item is cancelled', async () => {
    const later = items[100]!;
    await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'Здравствуйте, я снова тут', from: { phone: later.contactPhone } });
    await settle();
    const queue = new Map(((await call(t, as(), 'GET', '/api/reengagement/queue')).body.items as Item[]).map((i) => [i.id, i]));
    expect(queue.get(later.id)!.status).toBe('cancelled');
  });

  it('counts a move to a later stage as a conversion, and the dashboard shows the campaign metrics', async () => {
    const fourth = items[3]!;
    const moved = await call(t, as(), 'PATCH', `/api/dialogs/leads/${fourth.leadId}`, { stageKey: 'deal_closed' });
    expect(moved.status).toBe(200);
    await settle();
    const queue = new Map(((await call(t, as(), 'GET', '/api/reengagement/queue')).body.items as Item[]).map((i) => [i.id, i]));
    expect(queue.get(fourth.id)!.status).toBe('converted');
    const dashboard = await call(t, as(), 'GET', '/api/reengagement/dashboard?days=7');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.metrics).toMatchObject({ sent: 4, replied: 2, replyRate: 0.5, converted: 1, optedOut: 1 });
    expect(dashboard.body.metrics.delivered).toBeGreaterThanOrEqual(0);
    expect(dashboard.body.metrics.timeToFirstReply.medianSeconds).toBeGreaterThan(0);
    const today = dashboard.body.daily.find((d: { date: string }) => d.date === '2026-03-02');
    expect(today).toMatchObject({ queued: items.length, sent: 4, replied: 2, converted: 1, skipped: 1 });
    expect(dashboard.body.slots[0]).toMatchObject({ slot: '10:00' });
    expect(dashboard.body.slots.reduce((s: number, x: { sent: number }) => s + x.sent, 0)).toBe(4);
  });

  it('after the reply window a send without a reply is no_reply; unreviewed items expire with the day', async () => {
    clock.set(new Date('2026-03-06T02:00:00Z'));
    await settle();
    const queue = await call(t, as(), 'GET', '/api/reengagement/queue?date=2026-03-02');
    const byStatus = queue.body.counts as Record<string, number>;
    expect(byStatus.no_reply).toBe(1);
    expect(byStatus.expired).toBe(items.length - 6);
    expect(byStatus.pending_review ?? 0).toBe(0);
    // Today's (Friday's) queue is not formed before 09:00; the leads picked on Monday are not picked again within 14 days.
    expect((await call(t, as(), 'GET', '/api/reengagement/queue')).body.queue).toBeNull();
  });

  it('rejects bad settings naming the field', async () => {
    const bad = await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, window: { start: '19:00', end: '10:00' }, slotMinutes: 1, templates: { qualified: '{{ name | nope }}' } });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.slotMinutes']));
    const bad2 = await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, window: { start: '19:00', end: '10:00' }, templates: { qualified: '{{ name | nope }}' } });
    expect(bad2.status).toBe(400);
    expect(bad2.body.error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['body.window.end', 'body.templates.qualified']));
  });

  it('lists one template per pipeline stage with the built-in default, and previews a template on a real lead', async () => {
    const saved = await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, templates: { qualified: '{{ greeting }}Own qualified text, {{ days_quiet }} days.' } });
    expect(saved.status).toBe(200);
    const list = await call(t, as(), 'GET', '/api/reengagement/templates');
    expect(list.status).toBe(200);
    const stages = await t.ctx.db.selectFrom('pipeline_stages').select('key').distinct().where('organization_id', '=', org.organizationId).execute();
    const byKey = new Map((list.body.templates as Array<{ key: string; template: string | null; defaultTemplate: string; stageId: string | null }>).map((row) => [row.key, row]));
    for (const { key } of stages) expect(byKey.get(key)?.defaultTemplate.length, key).toBeGreaterThan(0);
    expect(byKey.get('qualified')).toMatchObject({ template: '{{ greeting }}Own qualified text, {{ days_quiet }} days.' });
    expect(byKey.get('new_lead')?.template).toBeNull();
    expect(byKey.get('default')?.defaultTemplate).toContain('{{ greeting }}');

    const item = items[3]!;
    const onLead = await call(t, as(), 'POST', '/api/reengagement/templates/preview', { content: '{{ greeting }}{{ business }} / {{ stage }} / {{ days_quiet }}', leadId: item.leadId });
    expect(onLead.status).toBe(200);
    const contact = await t.ctx.db.selectFrom('contacts').select('display_name').where('id', '=', item.contactId).executeTakeFirstOrThrow();
    expect(onLead.body.lead).toMatchObject({ id: item.leadId, name: contact.display_name, daysQuiet: expect.any(Number) });
    expect(onLead.body.text).toMatch(new RegExp(`^Здравствуйте! .* / ${onLead.body.lead.stageKey} / ${onLead.body.lead.daysQuiet}$`));
    // Without a lead, a recent lead of the stage is used.
    const qualified = byKey.get('qualified')!;
    const onStage = await call(t, as(), 'POST', '/api/reengagement/templates/preview', { content: '{{ stage }}: {{ days_quiet }}', stageId: qualified.stageId });
    expect(onStage.status).toBe(200);
    expect(onStage.body.lead.stageKey).toBe('qualified');
    expect(onStage.body.text).toBe(`qualified: ${onStage.body.lead.daysQuiet}`);

    for (const content of ['{{ name | nope }}', '{% if name %}unclosed']) {
      const bad = await call(t, as(), 'POST', '/api/reengagement/templates/preview', { content, stageKey: 'qualified' });
      expect(bad.status, content).toBe(400);
      expect(bad.body.error.fields).toEqual([{ field: 'body.content', message: expect.any(String) }]);
    }
    const empty = await call(t, as(), 'POST', '/api/reengagement/templates/preview', { content: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('body.content');
    expect((await call(t, as(), 'POST', '/api/reengagement/templates/preview', { content: 'hi', leadId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await call(t, as(), 'PUT', '/api/reengagement/settings', SETTINGS)).status).toBe(200);
  });
});

describe('re-engagement queue when the account’s limits bind', () => {
  let org: TestOrg;
  const as = () => ({ cookie: org.cookie });

  beforeAll(async () => {
    clock.set(new Date('2026-03-09T02:00:00Z')); // Monday 08:00 Bishkek
    org = await createTestOrg(t);
    await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek' }).where('id', '=', org.organizationId).execute();
    const seeded = await seedQuietLeads(org, 400, 'B');
    // 20 re-engagement messages already went out through the account today (an earlier queue's late sends).
    const earlier = await t.ctx.db.insertInto('reengagement_queues').values({ organization_id: org.organizationId, queue_date: '2026-03-08', status: 'ready', channel_account_id: org.sandboxAccountId }).returning('id').executeTakeFirstOrThrow();
    const leads = await t.ctx.db.selectFrom('leads').select(['id', 'contact_id']).where('organization_id', '=', org.organizationId).where('id', 'in', seeded.leadIds.slice(1, 21)).execute();
    await t.ctx.db
      .insertInto('reengagement_items')
      .values(
        leads.map((lead, i) => ({
          organization_id: org.organizationId,
          queue_id: earlier.id,
          lead_id: lead.id,
          contact_id: lead.contact_id,
          rank: i + 1,
          priority: 30,
          stage_key: 'qualified',
          stage_position: 2,
          days_quiet: 5,
          message: 'Earlier follow-up',
          generated_message: 'Earlier follow-up',
          message_source: 'offline' as const,
          status: 'sent' as const,
          slot_start: '2026-03-08T12:00:00Z',
          scheduled_at: '2026-03-08T12:00:00Z',
          channel_account_id: org.sandboxAccountId,
          sent_at: '2026-03-09T00:30:00Z',
          created_at: '2026-03-08T03:00:00Z',
        })),
      )
      .execute();
    // Their dispatch counted them in the account's sending budget, which every sender reads.
    await countSends(t.ctx.db, { organizationId: org.organizationId, accountId: org.sandboxAccountId, count: 20, now: new Date('2026-03-09T00:30:00Z'), zone: 'Asia/Bishkek' });
    const limits = await call(t, as(), 'PUT', `/api/campaigns/agents/${org.sandboxAccountId}/limits`, { paceSeconds: 60, hourlyCap: 30, dailyCap: 120, warmup: null });
    expect(limits.status).toBe(200);
    expect((await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, enabled: false, autoApprove: true })).status).toBe(200);
  });

  it('picks exactly the remaining daily allowance, once, however many processes form it at the same time', async () => {
    clock.set(new Date('2026-03-09T03:30:00Z'));
    const results = await Promise.all([formQueue(t.ctx, org.organizationId), formQueue(t.ctx, org.organizationId), formQueue(t.ctx, org.organizationId)]);
    expect(results.filter((r) => r.formed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.queueId)).size).toBe(1);
    const queue = await call(t, as(), 'GET', '/api/reengagement/queue');
    // The daily cap is 120, of which 12 are kept for replies, and 20 went out today: exactly 88 are picked.
    expect(queue.body.queue).toMatchObject({ allowance: 88, picked: 88, minGapSeconds: 120 });
    expect(queue.body.queue.eligible).toBeGreaterThan(88);
    expect(queue.body.items).toHaveLength(88);
    expect(queue.body.items.every((i: { status: string }) => i.status === 'approved')).toBe(true);
    const times = queue.body.items.map((i: { scheduledAt: string }) => new Date(i.scheduledAt).getTime()) as number[];
    const gaps = times.slice(1).map((x, i) => x - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(120_000);
    const rows = await t.ctx.db.selectFrom('reengagement_items').select('lead_id').where('organization_id', '=', org.organizationId).execute();
    expect(rows).toHaveLength(108);
    expect(new Set(rows.map((r) => r.lead_id)).size).toBe(108);
  });

  it('sends at the account’s pace even when many items are due at once', async () => {
    // 11:00: every item of 10:00–11:00 is due (auto-approved), but the account sends one per 120 s.
    clock.set(new Date('2026-03-09T05:00:00Z'));
    await settle();
    await settle();
    const sentAt = async () =>
      (await t.ctx.db.selectFrom('reengagement_items').select('sent_at').where('organization_id', '=', org.organizationId).where('sent_at', '>', new Date('2026-03-09T03:00:00Z')).orderBy('sent_at').execute()).map((r) => r.sent_at!.getTime());
    expect(await sentAt()).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      await settle();
    }
    const times = await sentAt();
    expect(times).toHaveLength(3);
    expect(Math.min(...times.slice(1).map((x, i) => x - times[i]!))).toBeGreaterThanOrEqual(120_000);
  });
});

describe('re-engagement through the model (fake OpenAI-compatible server)', () => {
  let org: TestOrg;
  let fake: FakeOpenAi;
  let failRank = false;
  const as = () => ({ cookie: org.cookie });

  beforeAll(async () => {
    fake = await startFakeOpenAi({
      respond: (body) => {
        const format = body.response_format as { json_schema: { name: string } };
        const messages = body.messages as Array<{ content: string }>;
        const user = JSON.parse(messages[1]!.content) as { leads?: Array<{ ref: string }>; client?: string };
        if (format.json_schema.name === 'reengagement_rank') {
          if (failRank) return { status: 500, body: { error: { message: 'overloaded', type: 'server_error', code: null } } };
          // The model drops the rules' top lead and reverses the rest.
          const refs = user.leads!.map((l) => l.ref);
          return { content: JSON.stringify({ ranking: [{ ref: refs[0], keep: false, reason: 'said no politely' }, ...refs.slice(1).reverse().map((ref) => ({ ref, keep: true, reason: `model likes ${ref}` }))] }) };
        }
        return { content: JSON.stringify({ text: `AI follow-up for ${user.client}` }) };
      },
    });
    clock.set(new Date('2026-03-16T02:00:00Z')); // Monday 08:00 Bishkek
    org = await createTestOrg(t);
    await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek' }).where('id', '=', org.organizationId).execute();
    await seedQuietLeads(org, 60, 'C');
    expect((await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model', apiKey: 'sk-reengagement' })).status).toBeLessThan(300);
    expect((await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, enabled: false, dailyLimit: 10 })).status).toBe(200);
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('the model re-ranks and filters the shortlist, and writes each message once at formation', async () => {
    clock.set(new Date('2026-03-16T03:30:00Z'));
    const run = await call(t, as(), 'POST', '/api/reengagement/queue/run');
    expect(run.status).toBe(202);
    // The model is called by the formation job, not in the request.
    expect(fake.requests).toHaveLength(0);
    await t.runner.runUntilIdle();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body).toMatchObject({ status: 'formed', scorer: 'ai', picked: 10 });
    const formed = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(formed.body.queue).toMatchObject({ scorer: 'ai', picked: 10 });
    const rank = fake.requests.find((r) => (r.body.response_format as { json_schema: { name: string } }).json_schema.name === 'reengagement_rank')!;
    const shortlist = (JSON.parse((rank.body.messages as Array<{ content: string }>)[1]!.content) as { leads: Array<{ ref: string }> }).leads;
    expect(shortlist.length).toBeGreaterThan(10);
    const items = [...formed.body.items].sort((a: { rank: number }, b: { rank: number }) => a.rank - b.rank) as Array<{ why: string; message: string; messageSource: string; contactName: string }>;
    expect(items[0]!.why).toBe(`model likes ${shortlist.at(-1)!.ref}`);
    expect(items.every((i) => i.why !== 'said no politely')).toBe(true);
    expect(items.every((i) => i.messageSource === 'ai' && i.message === `AI follow-up for ${i.contactName}`)).toBe(true);
    const messageCalls = fake.requests.filter((r) => (r.body.response_format as { json_schema: { name: string } }).json_schema.name === 'reengagement_message');
    expect(messageCalls).toHaveLength(10);
    // The message request carries the dialog and the business profile.
    expect((messageCalls[0]!.body.messages as Array<{ content: string }>)[1]!.content).toMatch(/Сколько стоит|Спасибо, ждём вас/);
    // Reading, approving and sending never call the model again.
    await call(t, as(), 'POST', '/api/reengagement/items/approve', {});
    clock.set(new Date('2026-03-16T06:00:00Z'));
    await settle();
    expect(fake.requests).toHaveLength(11);
  });

  it('falls back to the rules ranking when the model fails', async () => {
    failRank = true;
    clock.set(new Date('2026-03-17T03:30:00Z'));
    expect((await call(t, as(), 'POST', '/api/reengagement/queue/run')).status).toBe(202);
    await t.runner.runUntilIdle();
    const formed = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(formed.body.queue).toMatchObject({ scorer: 'rules', scorerFallbackReason: 'server_error' });
    expect(formed.body.items.length).toBeGreaterThan(0);
  });
});

describe('forming the queue now runs in the background', () => {
  let org: TestOrg;
  const as = () => ({ cookie: org.cookie });
  const formJobs = async () =>
    (await t.ctx.db.selectFrom('jobs').select(['id', 'job_key']).where('task', '=', 'reengagement.form').where('organization_id', '=', org.organizationId).execute()).length;

  beforeAll(async () => {
    clock.set(new Date('2026-03-23T03:30:00Z')); // Monday 09:30 Bishkek
    org = await createTestOrg(t);
    await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek' }).where('id', '=', org.organizationId).execute();
    await seedQuietLeads(org, 40, 'D');
    expect((await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, enabled: false, dailyLimit: 15 })).status).toBe(200);
    // Without an account to send through the formation fails.
    await t.ctx.db.updateTable('channel_accounts').set({ status: 'disconnected' }).where('organization_id', '=', org.organizationId).execute();
  });

  it('answers 202 at once, once per day however many ask, and the status goes forming → failed with the reason', async () => {
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body).toMatchObject({ date: '2026-03-23', status: 'none', queueId: null });
    const asked = await Promise.all([1, 2, 3].map(() => call(t, as(), 'POST', '/api/reengagement/queue/run')));
    for (const response of asked) {
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ date: '2026-03-23', formation: { status: 'forming' }, statusUrl: '/api/reengagement/queue/status?date=2026-03-23' });
    }
    expect(await formJobs()).toBe(1);
    // Nothing was formed inside the requests.
    expect((await call(t, as(), 'GET', '/api/reengagement/queue')).body.queue).toBeNull();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status?date=2026-03-23')).body).toMatchObject({ status: 'forming', requestedAt: expect.any(String) });
    await settle();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body).toMatchObject({ status: 'failed', error: expect.stringMatching(/no channel account/) });
  });

  it('a failed queue is formed again on request (one retry job), and the status reports the counts', async () => {
    await t.ctx.db.updateTable('channel_accounts').set({ status: 'active' }).where('organization_id', '=', org.organizationId).execute();
    const [first, second] = await Promise.all([call(t, as(), 'POST', '/api/reengagement/queue/run'), call(t, as(), 'POST', '/api/reengagement/queue/run')]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(await formJobs()).toBe(2);
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body.status).toBe('forming');
    await settle();
    const status = await call(t, as(), 'GET', '/api/reengagement/queue/status');
    expect(status.body).toMatchObject({ status: 'formed', error: null, picked: 15, scorer: 'rules' });
    expect(status.body.eligible).toBeGreaterThanOrEqual(15);
    const queue = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(queue.body.queue).toMatchObject({ status: 'ready', picked: 15, id: status.body.queueId });
    expect(queue.body.items).toHaveLength(15);
    // Once formed, asking again is a 200 that changes nothing.
    const again = await call(t, as(), 'POST', '/api/reengagement/queue/run');
    expect(again.status).toBe(200);
    expect(again.body.formation).toMatchObject({ status: 'formed', picked: 15 });
    expect(await formJobs()).toBe(2);
  });

  it('a queue whose former died is reported failed, and asking again takes it over', async () => {
    clock.set(new Date('2026-03-24T03:30:00Z')); // Tuesday 09:30 Bishkek
    await t.ctx.db
      .insertInto('reengagement_queues')
      .values({ organization_id: org.organizationId, queue_date: '2026-03-24', status: 'forming', lease_until: new Date('2026-03-24T03:00:00Z') })
      .execute();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body).toMatchObject({ date: '2026-03-24', status: 'failed', error: expect.stringMatching(/interrupted/) });
    const asked = await call(t, as(), 'POST', '/api/reengagement/queue/run');
    expect(asked.status).toBe(202);
    expect(asked.body.formation.status).toBe('forming');
    await settle();
    expect((await call(t, as(), 'GET', '/api/reengagement/queue/status')).body).toMatchObject({ status: 'formed', error: null });
    expect((await call(t, as(), 'GET', '/api/reengagement/queue')).body.queue.status).toBe('ready');
  });

  it('formed after the day’s window it picks nobody and says so with its figures; widened, it is formed again', async () => {
    clock.set(new Date('2026-03-25T14:00:00Z')); // Wednesday 20:00 Bishkek, after the 10:00–19:00 window
    expect((await call(t, as(), 'POST', '/api/reengagement/queue/run')).status).toBe(202);
    await settle();
    const empty = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(empty.body.queue).toMatchObject({ status: 'ready', picked: 0 });
    expect(empty.body.queue.emptyReason).toMatchObject({ kind: 'window_passed', windowEnd: '2026-03-25T13:00:00.000Z' });
    expect(empty.body.queue.emptyReason.eligible).toBeGreaterThan(0);
    expect((await call(t, as(), 'PUT', '/api/reengagement/settings', { ...SETTINGS, enabled: false, dailyLimit: 5, window: { start: '10:00', end: '23:00' } })).status).toBe(200);
    const again = await call(t, as(), 'POST', '/api/reengagement/queue/run');
    expect(again.status).toBe(202);
    await settle();
    const formed = await call(t, as(), 'GET', '/api/reengagement/queue');
    expect(formed.body.queue).toMatchObject({ status: 'ready', picked: 5, emptyReason: null });
    expect(formed.body.items).toHaveLength(5);
    // With people in it, the queue is not formed a third time.
    expect((await call(t, as(), 'POST', '/api/reengagement/queue/run')).status).toBe(200);
  });

  it('the status rejects a malformed date naming the field', async () => {
    const status = await call(t, as(), 'GET', '/api/reengagement/queue/status?date=nope');
    expect(status.status).toBe(400);
    expect(status.body.error.fields[0].field).toBe('query.date');
  });
});
