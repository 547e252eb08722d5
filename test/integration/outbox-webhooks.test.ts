import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { signWebhookBody } from '../../src/modules/events/index.ts';

interface Delivery {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  answeredWith: number;
}

/** A webhook receiver on 127.0.0.1 that records every request and can answer with failures first. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  /** Per path: statuses to answer with before falling back to 200. */
  private readonly scripted = new Map<string, number[]>();
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        const status = this.scripted.get(path)?.shift() ?? 200;
        let body: unknown = null;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
        this.deliveries.push({ path, method: request.method ?? '', headers: request.headers, rawBody, body, answeredWith: status });
        response.statusCode = status;
        response.end(status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  answer(path: string, ...statuses: number[]): void {
    this.scripted.set(path, statuses);
  }

  /** Requests to a path in arrival order. Deliveries run concurrently, so arrival order is not event order. */
  at(path: string): Delivery[] {
    return this.deliveries.filter((d) => d.path === path);
  }

  /** Requests to a path in event order (by the event id in the body), which is what a consumer should sort by. */
  byEvent(path: string): Delivery[] {
    return this.at(path).sort((x, y) => Number(x.body.id) - Number(y.body.id));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let t: TestApp;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  await receiver.stop();
});

const as = (o: TestOrg) => ({ cookie: o.cookie });

async function subscribe(o: TestOrg, path: string, eventTypes: string[]) {
  // Dispatch what happened before the subscription, so each test sees only its own events.
  await t.runner.runUntilIdle();
  const response = await call(t, as(o), 'POST', '/api/webhooks', { url: receiver.url(path), eventTypes });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.secret).toMatch(/^whsec_/);
  return response.body as { id: string; secret: string; url: string; eventTypes: string[]; isActive: boolean };
}

async function webhookJobs(endpointId: string) {
  return t.ctx.db.selectFrom('jobs').selectAll().where('task', '=', 'webhook.deliver').where('job_key', 'like', `webhook:${endpointId}:%`).execute();
}

/** The retry is scheduled in the future with backoff; bring it forward instead of waiting. */
async function makeDue(endpointId: string) {
  await t.ctx.db
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000) })
    .where('job_key', 'like', `webhook:${endpointId}:%`)
    .where('status', '=', 'pending')
    .execute();
}

describe('webhook delivery', () => {
  it('delivers a subscribed event once, signed, with type, data and subject', async () => {
    const org = await createTestOrg(t);
    const hook = await subscribe(org, '/signed', ['contact.created']);
    expect(hook).toMatchObject({ eventTypes: ['contact.created'], isActive: true });
    const listed = await call(t, as(org), 'GET', '/api/webhooks');
    expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([hook.id]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);

    const contact = await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Webhook', phone: '0700 500 001' });
    expect(contact.status).toBe(201);
    expect(receiver.at('/signed')).toHaveLength(0); // nothing is sent from the request itself

    await t.runner.runUntilIdle();
    const deliveries = receiver.at('/signed');
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries as [Delivery];
    expect(delivery.method).toBe('POST');
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.headers['x-parley-event']).toBe('contact.created');
    expect(delivery.headers['x-parley-signature']).toBe(signWebhookBody(hook.secret, delivery.rawBody));
    expect(delivery.headers['x-parley-signature']).not.toBe(signWebhookBody('whsec_wrong', delivery.rawBody));
    expect(delivery.body).toMatchObject({
      type: 'contact.created',
      organizationId: org.organizationId,
      subject: { type: 'contact', id: contact.body.id },
      data: { source: 'manual' },
    });
    expect(delivery.body.id).toMatch(/^\d+$/);
    expect(delivery.headers['x-parley-delivery']).toBe(`${hook.id}:${delivery.body.id}`);

    // The delivered event is the one /api/events shows.
    const events = await call(t, as(org), 'GET', '/api/events?types=contact.created');
    expect(events.body.items.find((e: { id: string }) => e.id === delivery.body.id)).toMatchObject({ subject: { id: contact.body.id } });

    // Running again delivers nothing more.
    await t.runner.runUntilIdle();
    expect(receiver.at('/signed')).toHaveLength(1);
    const [job] = await webhookJobs(hook.id);
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a failing endpoint with backoff and delivers exactly once when it recovers', async () => {
    const org = await createTestOrg(t);
    const hook = await subscribe(org, '/flaky', ['contact.created']);
    receiver.answer('/flaky', 500, 500);
    await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Flaky' });

    await t.runner.runUntilIdle();
    expect(receiver.at('/flaky').map((d) => d.answeredWith)).toEqual([500]);
    let [job] = await webhookJobs(hook.id);
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job!.last_error).toMatch(/500/);
    // Scheduled after a backoff, not immediately (attempt 1 waits about a second).
    expect(job!.run_at.getTime() - job!.updated_at.getTime()).toBeGreaterThanOrEqual(750);

    await makeDue(hook.id);
    await t.runner.runUntilIdle();
    expect(receiver.at('/flaky').map((d) => d.answeredWith)).toEqual([500, 500]);
    const afterSecond = (await webhookJobs(hook.id))[0]!;
    expect(afterSecond).toMatchObject({ status: 'pending', attempts: 2 });
    // Backoff grows: attempt 2 waits about two seconds.
    expect(afterSecond.run_at.getTime() - afterSecond.updated_at.getTime()).toBeGreaterThanOrEqual(1500);

    await makeDue(hook.id);
    await t.runner.runUntilIdle();
    const attempts = receiver.at('/flaky');
    expect(attempts.map((d) => d.answeredWith)).toEqual([500, 500, 200]);
    // Every attempt carried the same event, delivery id and a valid signature.
    expect(new Set(attempts.map((d) => d.rawBody)).size).toBe(1);
    expect(new Set(attempts.map((d) => d.headers['x-parley-delivery'])).size).toBe(1);
    for (const attempt of attempts) expect(attempt.headers['x-parley-signature']).toBe(signWebhookBody(hook.secret, attempt.rawBody));
    [job] = await webhookJobs(hook.id);
    expect(job).toMatchObject({ status: 'done', attempts: 3, last_error: null });

    await makeDue(hook.id);
    await t.runner.runUntilIdle();
    expect(receiver.at('/flaky').filter((d) => d.answeredWith === 200)).toHaveLength(1);
  });

  it('an endpoint that answers 410 Gone is switched off', async () => {
    const org = await createTestOrg(t);
    const hook = await subscribe(org, '/gone', []);
    receiver.answer('/gone', 410);
    await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Gone 1' });
    await t.runner.runUntilIdle();
    expect(receiver.at('/gone')).toHaveLength(1);
    const listed = await call(t, as(org), 'GET', '/api/webhooks');
    expect(listed.body.items.find((w: { id: string }) => w.id === hook.id).isActive).toBe(false);
    await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Gone 2' });
    await t.runner.runUntilIdle();
    expect(receiver.at('/gone')).toHaveLength(1);
  });

  it('a deleted endpoint receives nothing more', async () => {
    const org = await createTestOrg(t);
    const hook = await subscribe(org, '/deleted', []);
    await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Before delete' });
    expect((await call(t, as(org), 'DELETE', `/api/webhooks/${hook.id}`)).status).toBe(200);
    await t.runner.runUntilIdle();
    expect(receiver.at('/deleted')).toHaveLength(0);
    expect((await call(t, as(org), 'DELETE', `/api/webhooks/${hook.id}`)).status).toBe(404);
  });
});

describe('who receives what', () => {
  it('an endpoint of another organization receives nothing', async () => {
    const a = await createTestOrg(t);
    const b = await createTestOrg(t);
    const hookA = await subscribe(a, '/tenant-a', []);
    const hookB = await subscribe(b, '/tenant-b', []);
    const contact = await call(t, as(a), 'POST', '/api/contacts', { firstName: 'Private to A' });
    await call(t, as(a), 'PATCH', `/api/contacts/${contact.body.id}`, { optedOut: true });
    await t.runner.runUntilIdle();

    expect(receiver.byEvent('/tenant-a').map((d) => d.body.type)).toEqual(['contact.created', 'contact.opted_out']);
    expect(receiver.at('/tenant-b')).toEqual([]);
    for (const d of receiver.at('/tenant-a')) {
      expect(d.body.organizationId).toBe(a.organizationId);
      expect(d.headers['x-parley-signature']).toBe(signWebhookBody(hookA.secret, d.rawBody));
    }

    // B's own event reaches B only, signed with B's secret.
    await call(t, as(b), 'POST', '/api/contacts', { firstName: 'Private to B' });
    await t.runner.runUntilIdle();
    expect(receiver.at('/tenant-b')).toHaveLength(1);
    const [toB] = receiver.at('/tenant-b') as [Delivery];
    expect(toB.body.organizationId).toBe(b.organizationId);
    expect(toB.headers['x-parley-signature']).toBe(signWebhookBody(hookB.secret, toB.rawBody));
    expect(receiver.at('/tenant-a')).toHaveLength(2);
  });

  it('event types that are not subscribed are not delivered; an empty list means all', async () => {
    const org = await createTestOrg(t);
    await subscribe(org, '/only-created', ['contact.created']);
    await subscribe(org, '/opt-outs', ['contact.opted_out', 'contact.opted_in']);
    await subscribe(org, '/everything', []);

    const contact = await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Subscriber' });
    await call(t, as(org), 'PATCH', `/api/contacts/${contact.body.id}`, { tags: ['x'] });
    await call(t, as(org), 'PATCH', `/api/contacts/${contact.body.id}`, { optedOut: true, optOutReason: 'STOP' });
    await call(t, as(org), 'DELETE', `/api/contacts/${contact.body.id}`);
    await t.runner.runUntilIdle();

    expect(receiver.at('/only-created').map((d) => d.headers['x-parley-event'])).toEqual(['contact.created']);
    expect(receiver.at('/opt-outs').map((d) => d.headers['x-parley-event'])).toEqual(['contact.opted_out']);
    expect(receiver.byEvent('/everything').map((d) => d.headers['x-parley-event'])).toEqual(['contact.created', 'contact.opted_out', 'contact.deleted']);
    expect(receiver.at('/opt-outs')[0]!.body.data).toEqual({ reason: 'STOP' });
  });

  it('lists the event types and refuses a subscription to an unknown one, naming the field', async () => {
    const org = await createTestOrg(t);
    const types = await call(t, as(org), 'GET', '/api/events/types');
    expect(types.body.items).toEqual(expect.arrayContaining(['contact.created', 'message.received', 'lead.stage_changed']));
    const refused = await call(t, as(org), 'POST', '/api/webhooks', { url: receiver.url('/typo'), eventTypes: ['contact.craeted'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].field).toBe('body.eventTypes.0');
  });

  it('in-process subscribers see every event once, in the dispatch transaction', async () => {
    const seen: string[] = [];
    const local = await createTestApp({ subscribers: [async (event) => void seen.push(`${event.type}:${event.subjectId}`)] });
    try {
      const org = await createTestOrg(local);
      const contact = await call(local, as(org), 'POST', '/api/contacts', { firstName: 'Subscribed' });
      await local.runner.runUntilIdle();
      await local.runner.runUntilIdle();
      expect(seen.filter((s) => s === `contact.created:${contact.body.id}`)).toHaveLength(1);
      const pending = await local.ctx.db.selectFrom('events').select('id').where('dispatched_at', 'is', null).execute();
      expect(pending).toEqual([]);
    } finally {
      await local.close();
    }
  });
});

describe('/api/events', () => {
  it('pages forward with after=<id>, oldest first, and filters by type', async () => {
    const org = await createTestOrg(t);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await call(t, as(org), 'POST', '/api/contacts', { firstName: `Event ${i}` })).body.id);
    await call(t, as(org), 'PATCH', `/api/contacts/${created[0]}`, { optedOut: true });

    const all = await call(t, as(org), 'GET', '/api/events?limit=500');
    expect(all.status).toBe(200);
    const ids: string[] = all.body.items.map((e: { id: string }) => e.id);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(all.body.lastId).toBe(ids.at(-1));
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));

    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: any = await call(t, as(org), 'GET', `/api/events?limit=3${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      if (page.body.items.length === 0) {
        expect(page.body.lastId).toBe(after);
        break;
      }
      paged.push(...page.body.items.map((e: { id: string }) => e.id));
      expect(page.body.lastId).toBe(page.body.items.at(-1).id);
      after = page.body.lastId;
    }
    expect(paged).toEqual(ids);

    // A poller holding the last id sees only what happens next.
    await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Later' });
    const next = await call(t, as(org), 'GET', `/api/events?after=${after}`);
    expect(next.body.items.map((e: { type: string }) => e.type)).toEqual(['contact.created']);

    const typed = await call(t, as(org), 'GET', '/api/events?types=contact.opted_out,contact.deleted');
    expect(typed.body.items.map((e: { type: string; subject: { id: string } }) => [e.type, e.subject.id])).toEqual([['contact.opted_out', created[0]]]);

    // Another organization's events never show, whatever the cursor.
    const other = await createTestOrg(t);
    const foreign = await call(t, as(other), 'GET', '/api/events?after=0&limit=500');
    expect(foreign.body.items.map((e: { id: string }) => e.id).filter((id: string) => ids.includes(id))).toEqual([]);
  });
});
