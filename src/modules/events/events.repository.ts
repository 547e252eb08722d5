import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';

export interface DomainEvent {
  organizationId: string;
  /** `<subject>.<past-tense verb>`, e.g. `message.received`, `lead.stage_changed`. */
  type: string;
  subjectType: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
}

export interface StoredEvent extends DomainEvent {
  id: string;
  createdAt: Date;
}

/** Writes to the outbox; call it with the transaction that makes the change, never after it. */
export async function recordEvent(db: DbOrTx, event: DomainEvent): Promise<void> {
  await db
    .insertInto('events')
    .values({
      organization_id: event.organizationId,
      type: event.type,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      payload: JSON.stringify(event.payload),
    })
    .execute();
}

/** Locks a batch of undispatched events for this transaction; other dispatchers skip them. */
export async function lockUndispatchedEvents(db: DbOrTx, limit: number): Promise<StoredEvent[]> {
  const result = await sql<{
    id: string;
    organization_id: string;
    type: string;
    subject_type: string;
    subject_id: string | null;
    payload: Record<string, unknown>;
    created_at: Date;
  }>`SELECT id, organization_id, type, subject_type, subject_id, payload, created_at
     FROM events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(db);
  return result.rows.map((row) => ({
    id: String(row.id),
    organizationId: row.organization_id,
    type: row.type,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

export async function markDispatched(db: DbOrTx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('events')
    .set({ dispatched_at: now })
    .where('id', 'in', ids as never[])
    .execute();
}

export function listEvents(db: DbOrTx, organizationId: string, options: { afterId?: string; types?: string[]; limit: number }) {
  let query = db
    .selectFrom('events')
    .select(['id', 'type', 'subject_type', 'subject_id', 'payload', 'created_at'])
    .where('organization_id', '=', organizationId);
  if (options.afterId) query = query.where('id', '>', options.afterId as never);
  if (options.types?.length) query = query.where('type', 'in', options.types);
  return query.orderBy('id').limit(options.limit).execute();
}
