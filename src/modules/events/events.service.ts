import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound } from '../../platform/errors.ts';
import { generateSecret } from '../../platform/security.ts';
import { iso } from '../../platform/http/pagination.ts';
import { defineJob, enqueueJob, PermanentJobError } from '../../platform/jobs/job-queue.ts';
import { lockUndispatchedEvents, markDispatched, type StoredEvent } from './events.repository.ts';

/** In-process reaction to an event, run in the dispatch transaction (so a job it enqueues commits with it). */
export type EventSubscriber = (event: StoredEvent, tx: Tx) => Promise<void>;

export async function dispatchOutbox(db: Db, clock: Clock, subscribers: EventSubscriber[], batchSize = 100): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const events = await lockUndispatchedEvents(tx, batchSize);
    if (events.length === 0) return 0;
    const endpoints = await tx
      .selectFrom('webhook_endpoints')
      .select(['id', 'organization_id', 'event_types'])
      .where('is_active', '=', true)
      .where('organization_id', 'in', [...new Set(events.map((e) => e.organizationId))])
      .execute();
    for (const event of events) {
      for (const subscriber of subscribers) await subscriber(event, tx);
      for (const endpoint of endpoints) {
        const wants = endpoint.event_types.length === 0 || endpoint.event_types.includes(event.type);
        if (endpoint.organization_id !== event.organizationId || !wants) continue;
        await enqueueJob(
          tx,
          WEBHOOK_DELIVERY_TASK,
          { endpointId: endpoint.id, eventId: event.id },
          { organizationId: event.organizationId, jobKey: `webhook:${endpoint.id}:${event.id}`, maxAttempts: 12, runAt: clock.now() },
        );
      }
    }
    await markDispatched(tx, events.map((e) => e.id), clock.now());
    return events.length;
  });
}

export const WEBHOOK_DELIVERY_TASK = 'webhook.deliver';

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs one event to one endpoint, signed; a non-2xx answer or a network error retries with backoff. */
export const webhookDeliveryJob = defineJob({
  task: WEBHOOK_DELIVERY_TASK,
  payload: z.object({ endpointId: z.string(), eventId: z.string() }),
  leaseMs: 60_000,
  async handler({ payload, job, ctx }: { payload: { endpointId: string; eventId: string }; job: { organization_id: string | null }; ctx: { db: Db } }) {
    const endpoint = await ctx.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', payload.endpointId)
      .where('organization_id', '=', job.organization_id!)
      .executeTakeFirst();
    if (!endpoint || !endpoint.is_active) return;
    const event = await ctx.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', payload.eventId as never)
      .where('organization_id', '=', endpoint.organization_id)
      .executeTakeFirst();
    if (!event) throw new PermanentJobError('event no longer exists');
    const body = JSON.stringify({
      id: String(event.id),
      type: event.type,
      organizationId: event.organization_id,
      subject: { type: event.subject_type, id: event.subject_id },
      data: event.payload,
      createdAt: iso(event.created_at),
    });
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'x-parley-event': event.type,
        'x-parley-delivery': `${endpoint.id}:${event.id}`,
        'x-parley-signature': signWebhookBody(endpoint.secret, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 410) {
      await ctx.db.updateTable('webhook_endpoints').set({ is_active: false }).where('id', '=', endpoint.id).execute();
      return;
    }
    if (!response.ok) throw new Error(`webhook endpoint answered ${response.status}`);
  },
});

export async function createWebhookEndpoint(db: Db, organizationId: string, input: { url: string; eventTypes: string[] }) {
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ organization_id: organizationId, url: input.url, event_types: input.eventTypes, secret: generateSecret('whsec_') })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toWebhookDto(row), secret: row.secret };
}

export async function listWebhookEndpoints(db: Db, organizationId: string) {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
  return rows.map(toWebhookDto);
}

export async function deleteWebhookEndpoint(db: Db, organizationId: string, id: string): Promise<void> {
  const result = await db.deleteFrom('webhook_endpoints').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('webhook');
}

function toWebhookDto(row: { id: string; url: string; event_types: string[]; is_active: boolean; created_at: Date }) {
  return { id: row.id, url: row.url, eventTypes: row.event_types, isActive: row.is_active, createdAt: iso(row.created_at)! };
}
