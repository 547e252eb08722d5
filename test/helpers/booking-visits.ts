import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../src/platform/db/client.ts';

/**
 * A client's past visits to one service with one staff member, written straight into booking_visits as a sync from
 * the booking system would leave them (paid in KGS, each with its own fingerprint).
 */
export async function insertVisits(
  db: DbOrTx,
  visit: { organizationId: string; contactId: string; serviceId: string; staffId: string; pricePaid: number },
  starts: Date[],
): Promise<void> {
  await db
    .insertInto('booking_visits')
    .values(
      starts.map((start) => ({
        organization_id: visit.organizationId,
        contact_id: visit.contactId,
        service_id: visit.serviceId,
        staff_id: visit.staffId,
        start_at: start,
        price_paid: visit.pricePaid,
        currency: 'KGS',
        fingerprint: randomUUID(),
      })),
    )
    .execute();
}
