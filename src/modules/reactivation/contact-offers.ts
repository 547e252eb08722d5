import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import { listServices } from '../booking/index.ts';

/** A contact's reactivation offers (one per service they were invited back for), newest first. */
export async function reactivationOffersOfContact(db: DbOrTx, organizationId: string, contactId: string, limit = 20) {
  const rows = await db
    .selectFrom('reactivation_campaigns')
    .select(['id', 'service_id', 'status', 'attempt', 'last_attempt_at', 'next_attempt_at', 'closed_at', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const names = new Map((await listServices(db, organizationId, { includeInactive: true })).map((service) => [service.id, service.name]));
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    service: { id: row.service_id, name: names.get(row.service_id) ?? '' },
    attempt: row.attempt,
    // The date a person cares about: when it was last offered, or when the next try goes out, or when it was queued.
    date: iso(row.last_attempt_at ?? row.next_attempt_at ?? row.created_at)!,
    closedAt: iso(row.closed_at),
  }));
}
