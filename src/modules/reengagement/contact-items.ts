import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';

/** The re-engagement items a contact was picked for, newest first, with the day's queue they belong to. */
export async function reengagementItemsOfContact(db: DbOrTx, organizationId: string, contactId: string, limit = 20) {
  const rows = await db
    .selectFrom('reengagement_items as i')
    .innerJoin('reengagement_queues as q', (j) => j.onRef('q.id', '=', 'i.queue_id').onRef('q.organization_id', '=', 'i.organization_id'))
    .select(['i.id', 'i.status', 'i.why', 'i.days_quiet', 'i.scheduled_at', 'i.sent_at', 'q.queue_date', 'i.created_at'])
    .where('i.organization_id', '=', organizationId)
    .where('i.contact_id', '=', contactId)
    .orderBy('i.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    why: row.why,
    daysQuiet: row.days_quiet,
    queueDate: String(row.queue_date),
    scheduledAt: iso(row.scheduled_at)!,
    sentAt: iso(row.sent_at),
  }));
}
