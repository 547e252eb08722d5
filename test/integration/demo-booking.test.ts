import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, login, ManualClock, type TestApp } from '../helpers/test-app.ts';
import { DEMO_OWNER_EMAIL, seedDemo } from '../../src/modules/demo/index.ts';

const NOW = new Date('2026-03-02T04:00:00Z');
const clock = new ManualClock(NOW);
let t: TestApp;
let cookie: string;

async function visitSignature(organizationId: string) {
  const rows = await t.ctx.db
    .selectFrom('booking_visits as v')
    .innerJoin('contacts as c', 'c.id', 'v.contact_id')
    .innerJoin('booking_services as s', 's.id', 'v.service_id')
    .select(['c.phone_e164', 's.name', 'v.start_at', 'v.status', 'v.price_paid'])
    .where('v.organization_id', '=', organizationId)
    .orderBy('v.start_at')
    .orderBy('c.phone_e164')
    .execute();
  return rows.map((r) => `${r.phone_e164} ${r.name} ${r.start_at.toISOString()} ${r.status} ${r.price_paid}`);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t?.close());

describe('demo salon calendar', () => {
  it('has services, staff with hours, a year of visits, bookings ahead and computed rules — the same every time', async () => {
    const started = performance.now();
    const first = await seedDemo(t.ctx.db, { password: 'demo-password-1', now: NOW, ai: t.ctx.ai });
    const seedMs = performance.now() - started;
    expect(first!.visits).toBeGreaterThan(250);
    const signature = await visitSignature(first!.organizationId);
    const second = await seedDemo(t.ctx.db, { password: 'demo-password-1', now: NOW, ai: t.ctx.ai, reset: true });
    expect(await visitSignature(second!.organizationId)).toEqual(signature);
    expect(seedMs).toBeLessThan(60_000);
    cookie = await login(t, DEMO_OWNER_EMAIL, 'demo-password-1');

    const services = (await call(t, { cookie }, 'GET', '/api/booking/services')).body.items;
    expect(services).toHaveLength(7);
    const staff = (await call(t, { cookie }, 'GET', '/api/booking/staff')).body.items;
    expect(staff.map((s: { name: string }) => s.name).sort()).toEqual(['Айгерим', 'Асель', 'Динара', 'Тимур']);
    expect(staff.every((s: { workingHours: object; serviceIds: string[] }) => Object.keys(s.workingHours).length >= 5 && s.serviceIds.length >= 2)).toBe(true);
    const oldest = new Date(signature[0]!.split(' ').at(-3)!);
    expect(NOW.getTime() - oldest.getTime()).toBeLessThanOrEqual(380 * 86_400_000);
    expect(NOW.getTime() - oldest.getTime()).toBeGreaterThan(300 * 86_400_000);
    const booked = (await call(t, { cookie }, 'GET', '/api/booking/appointments?status=booked')).body.items;
    expect(booked.length).toBeGreaterThanOrEqual(4);

    const rules = (await call(t, { cookie }, 'GET', '/api/reactivation/rules')).body.items;
    expect(rules).toHaveLength(7);
    expect(new Set(rules.map((r: { intervalSource: string }) => r.intervalSource)).has('historical')).toBe(true);
  });

  it('opens with clients on the reactivation list, each with preferences and slots', async () => {
    const preview = await call(t, { cookie }, 'GET', '/api/reactivation/candidates');
    expect(preview.status).toBe(200);
    expect(preview.body.items.length).toBeGreaterThanOrEqual(5);
    expect(preview.body.excluded.booked + preview.body.excluded.recentlyContacted + preview.body.excluded.optedOut).toBeGreaterThan(0);
    const withSlots = preview.body.items.filter((c: { slots: unknown[] }) => c.slots.length > 0);
    expect(withSlots.length).toBe(preview.body.items.length);
    expect(new Set(preview.body.items.map((c: { segment: string }) => c.segment)).size).toBeGreaterThanOrEqual(2);
  });

  it('has a draft outreach to the VIP clients, ready to start, whose messages render', async () => {
    const list = await call(t, { cookie }, 'GET', '/api/campaigns');
    expect(list.body.items).toHaveLength(1);
    const draft = list.body.items[0];
    expect(draft).toMatchObject({ status: 'draft' });
    const audience = await call(t, { cookie }, 'GET', `/api/campaigns/${draft.id}/audience/preview`);
    expect(audience.status).toBe(200);
    expect(audience.body.willJoin).toBeGreaterThanOrEqual(3);
    const steps = await call(t, { cookie }, 'GET', `/api/campaigns/${draft.id}/steps`);
    const stepList = (steps.body.items ?? steps.body) as Array<{ templateId?: string; content?: string }>;
    expect(stepList).toHaveLength(3);
    const rendered = await call(t, { cookie }, 'POST', `/api/campaigns/${draft.id}/preview`, { content: '{Здравствуйте|Добрый день}, {{ contact.first_name | default: "" }}!' });
    expect(rendered.status).toBe(200);
    expect(rendered.body.text).toMatch(/^(Здравствуйте|Добрый день), .+!$/);
  });
});
