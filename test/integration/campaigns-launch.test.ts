import { runCampaignRounds } from '../helpers/campaign-rounds.ts';
import { CampaignSender, DEFAULT_SENDER_CONFIG } from '../../src/modules/campaigns/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, ManualClock, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { createContact, createCompany } from '../../src/modules/contacts/index.ts';

/**
 * The launch that cannot embarrass the user (issue 13, seed 002 §6): the pre-launch check counts the audience
 * after exclusions per reason, renders three real messages, names a variable that would print empty and refuses
 * the start until it is fixed; the start needs the check's confirm token; `{{ business.name }}` is the sender's own
 * name; a test send reaches the sandbox.
 */
let t: TestApp;
let org: TestOrg;
let other: TestOrg;
// 23:50 in Bishkek (UTC+6): outside the default quiet-hours window.
const clock = new ManualClock(new Date('2026-03-10T17:50:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  org = await createTestOrg(t);
  other = await createTestOrg(t);
  await t.ctx.db.updateTable('organizations').set({ timezone: 'Asia/Bishkek', name: 'Lotus Nails' }).where('id', '=', org.organizationId).execute();
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown, o: TestOrg = org) => call(t, { cookie: o.cookie }, method, url, body);
let seq = 0;
const phone = () => `+996701${String(1_000_000 + ++seq).slice(1)}`;

async function campaign(content: string, extra: Record<string, unknown> = {}) {
  const response = await api('POST', '/api/campaigns', { name: `Spring ${++seq}`, channelAccountId: org.sandboxAccountId, steps: [{ content }], ...extra });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; steps: Array<{ id: string }> };
}

describe('pre-launch check', () => {
  it('counts the audience per exclusion reason on the sending channel', async () => {
    const db = t.ctx.db;
    const tag = 'spring-counts';
    const bot = await db
      .insertInto('channel_accounts')
      .values({ organization_id: org.organizationId, channel: 'telegram_bot', name: 'Salon bot', webhook_secret: 'whk_test_counts', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createContact(db, org.organizationId, { firstName: 'Reachable', telegramId: '7001', tags: [tag] });
    await createContact(db, org.organizationId, { firstName: 'Also', telegramId: '7002', tags: [tag] });
    await createContact(db, org.organizationId, { firstName: 'Phone only', phone: phone(), tags: [tag] });
    const gone = await createContact(db, org.organizationId, { firstName: 'Gone', telegramId: '7003', tags: [tag] });
    await api('PATCH', `/api/contacts/${gone.id}`, { optedOut: true });
    const written = await createContact(db, org.organizationId, { firstName: 'Written', telegramId: '7004', tags: [tag] });
    const earlier = await campaign('Hi {{ contact.first_name }}', { channelAccountId: bot.id, targetAudience: { contactIds: [written.id] } });
    await db
      .insertInto('campaign_participants')
      .values({ organization_id: org.organizationId, campaign_id: earlier.id, contact_id: written.id, channel_account_id: bot.id, status: 'sent', current_step: 1, anchor_at: clock.now() })
      .execute();

    const onlyNew = await campaign('Hi {{ contact.first_name }}', { channelAccountId: bot.id, targetAudience: { filters: { tags: [tag] }, onlyNew: true } });
    const check = await api('POST', `/api/campaigns/${onlyNew.id}/prelaunch`);
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.audience).toEqual({ selected: 5, excluded: { optedOut: 1, noAddress: 1, alreadyContacted: 1 }, alreadyContactedKept: 0, limitedBy: null, willJoin: 2 });
    expect(check.body.samples.map((s: { contactName: string }) => s.contactName)).toEqual(['Reachable', 'Also']);
    expect(check.body.samples[0].messages).toEqual([{ step: 0, text: 'Hi Reachable', emptyVariables: [] }]);

    const everyone = await campaign('Hi {{ contact.first_name }}', { channelAccountId: bot.id, targetAudience: { filters: { tags: [tag] } } });
    const all = (await api('POST', `/api/campaigns/${everyone.id}/prelaunch`)).body;
    expect(all.audience).toMatchObject({ excluded: { optedOut: 1, noAddress: 1, alreadyContacted: 0 }, alreadyContactedKept: 1, willJoin: 3 });
  });

  it('blocks a variable that prints empty, naming it; the API refuses the start with a 422', async () => {
    const db = t.ctx.db;
    const acme = await createCompany(db, org.organizationId, { name: 'Acme' });
    const withCompany = await createContact(db, org.organizationId, { firstName: 'Aida', phone: phone(), companyId: acme.id });
    const without = await Promise.all([1, 2].map((i) => createContact(db, org.organizationId, { firstName: `Bermet${i}`, phone: phone() })));
    const draft = await campaign('Весной в {{ company.name }} маникюр со скидкой, {{ contact.first_name }}!', {
      targetAudience: { contactIds: [withCompany.id, ...without.map((c) => c.id)] },
    });

    const check = await api('POST', `/api/campaigns/${draft.id}/prelaunch`);
    expect(check.status).toBe(200);
    expect(check.body.confirmToken).toBeNull();
    expect(check.body.problems).toEqual([
      { code: 'empty_variable', variable: 'company.name', steps: [0], recipients: 2, exampleContactId: expect.any(String), exampleContactName: expect.stringMatching(/^Bermet/) },
    ]);
    // The recipient the problem is about comes first among the rendered samples, with the hole visible.
    expect(check.body.samples[0].messages[0]).toMatchObject({ text: expect.stringMatching(/^Весной в {2}маникюр со скидкой, Bermet\d!$/), emptyVariables: ['company.name'] });
    expect(check.body.samples).toHaveLength(3);

    const start = await api('POST', `/api/campaigns/${draft.id}/start`, {});
    expect(start.status).toBe(422);
    expect(start.body.error.message).toContain('{{ company.name }} is empty for 2 recipients');
    expect(start.body.error.fields[0]).toMatchObject({ field: 'body.steps.0.content' });
    expect(start.body.error.message).toContain('business.name');
    expect((await api('GET', `/api/campaigns/${draft.id}`)).body.status).toBe('draft');

    // A default: filter fixes it.
    await api('PATCH', `/api/campaigns/${draft.id}/steps/${draft.steps[0]!.id}`, { content: 'Весной в {{ company.name | default: "нашем салоне" }} маникюр со скидкой, {{ contact.first_name }}!' });
    const fixed = await api('POST', `/api/campaigns/${draft.id}/prelaunch`);
    expect(fixed.body.problems).toEqual([]);
    expect(fixed.body.confirmToken).toEqual(expect.any(String));
  });

  it('business.name is the organization’s own name; the start needs the check’s token, and a later edit voids it', async () => {
    const contact = await createContact(t.ctx.db, org.organizationId, { firstName: 'Cholpon', phone: phone() });
    const draft = await campaign('Весной в {{ business.name }} маникюр со скидкой, {{ contact.first_name }}', { targetAudience: { contactIds: [contact.id] } });
    const check = (await api('POST', `/api/campaigns/${draft.id}/prelaunch`)).body;
    expect(check.samples[0].messages[0].text).toBe('Весной в Lotus Nails маникюр со скидкой, Cholpon');
    expect(check.business).toEqual({ name: 'Lotus Nails', phone: null, address: null });
    expect(check.problems).toEqual([]);
    // 23:50 local: the first send waits for the default window's opening at 09:00 in Bishkek.
    expect(check.window).toMatchObject({ start: '09:00', end: '21:00', timezone: 'Asia/Bishkek', source: 'default', firstSendAt: '2026-03-11T03:00:00.000Z' });
    expect(check.allowance).toMatchObject({ warmupLevel: null, today: null, daysNeeded: 1 });
    expect(check.hints).toEqual([]);

    const missing = await api('POST', `/api/campaigns/${draft.id}/start`);
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields[0].field).toBe('body.confirmToken');
    expect((await api('POST', `/api/campaigns/${draft.id}/start`, { confirmToken: 'guessed' })).status).toBe(409);
    const patched = await api('PATCH', `/api/campaigns/${draft.id}`, { status: 'active' });
    expect(patched.status).toBe(422);
    expect(patched.body.error.fields[0].field).toBe('body.status');

    await api('PATCH', `/api/campaigns/${draft.id}/steps/${draft.steps[0]!.id}`, { content: 'Весной в {{ business.name }} маникюр, {{ contact.first_name }}' });
    const stale = await api('POST', `/api/campaigns/${draft.id}/start`, { confirmToken: check.confirmToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('changed since the pre-launch check');

    const fresh = (await api('POST', `/api/campaigns/${draft.id}/prelaunch`)).body;
    const started = await api('POST', `/api/campaigns/${draft.id}/start`, { confirmToken: fresh.confirmToken });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'active', participants: 1 });
    expect((await api('POST', `/api/campaigns/${draft.id}/prelaunch`)).status).toBe(409);

    // The message that goes out at 09:00 local names the business, as the check showed.
    const before = clock.now();
    clock.set(new Date('2026-03-11T03:05:00Z'));
    await runCampaignRounds(t, new CampaignSender(t.ctx, { ...DEFAULT_SENDER_CONFIG, lookaheadMs: 0 }));
    const sent = await t.ctx.db
      .selectFrom('messages')
      .select('body')
      .where('organization_id', '=', org.organizationId)
      .where('direction', '=', 'outbound')
      .where('body', 'like', 'Весной в %')
      .execute();
    expect(sent.map((m) => m.body)).toEqual(['Весной в Lotus Nails маникюр, Cholpon']);
    clock.set(before);
  });

  it('says how many days the allowance needs and gives outreach hints', async () => {
    const db = t.ctx.db;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createContact(db, org.organizationId, { firstName: `D${i}`, phone: phone() })).id);
    const account = await db
      .insertInto('channel_accounts')
      .values({ organization_id: org.organizationId, channel: 'sandbox', name: 'Capped', webhook_secret: 'whk_test_capped', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await api('PUT', `/api/campaigns/agents/${account.id}/limits`, { dailyCap: 2 });
    const draft = await campaign('HELLO!!! Book now at https://lotus.example/book', { channelAccountId: account.id, targetAudience: { contactIds: ids } });
    const check = (await api('POST', `/api/campaigns/${draft.id}/prelaunch`)).body;
    // Nothing goes out before 09:00 tomorrow: 2 a day from then, 5 people → 3 sending days.
    expect(check.allowance).toMatchObject({ today: 2, sentToday: 0, leftToday: 2, daysNeeded: 3 });
    expect(check.hints.map((h: { code: string }) => h.code)).toEqual(['link_in_first_message', 'shouting', 'no_personalisation']);
  });
});

describe('test send', () => {
  it('sends the first message rendered for a real recipient to the sandbox, or refuses a bad number', async () => {
    const contact = await createContact(t.ctx.db, org.organizationId, { firstName: 'Dinara', phone: phone() });
    const draft = await campaign('Привет, {{ contact.first_name }}! Это {{ business.name }}.', { targetAudience: { contactIds: [contact.id] } });
    const sent = await api('POST', `/api/campaigns/${draft.id}/test-send`, { to: 'sandbox' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.text).toBe('Привет, Dinara! Это Lotus Nails.');
    await t.runner.runUntilIdle();
    const delivered = await t.ctx.db.selectFrom('sandbox_deliveries').select('text').where('client_ref', '=', sent.body.messageId).execute();
    expect(delivered.map((d) => d.text)).toEqual(['Привет, Dinara! Это Lotus Nails.']);
    // Nobody in the audience was written to.
    expect(await t.ctx.db.selectFrom('campaign_participants').select('id').where('campaign_id', '=', draft.id).execute()).toEqual([]);

    const bad = await api('POST', `/api/campaigns/${draft.id}/test-send`, { to: 'phone', phone: 'call me' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.phone');
    const toNumber = await api('POST', `/api/campaigns/${draft.id}/test-send`, { to: 'phone', phone: '+996 555 123 456' });
    expect(toNumber.status).toBe(202);
  });

  it('keeps other organizations out of the check and the test send', async () => {
    const draft = await campaign('Hi {{ contact.first_name }}');
    expect((await api('POST', `/api/campaigns/${draft.id}/prelaunch`, undefined, other)).status).toBe(404);
    expect((await api('POST', `/api/campaigns/${draft.id}/test-send`, { to: 'sandbox' }, other)).status).toBe(404);
    expect((await api('POST', `/api/campaigns/${draft.id}/start`, { confirmToken: 'x' }, other)).status).toBe(404);
  });
});
