import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';

/** The campaigns a contact takes part in, newest first: where they are in each (steps sent of all) and how it stands. */
export async function campaignsOfContact(db: DbOrTx, organizationId: string, contactId: string, limit = 20) {
  const rows = await db
    .selectFrom('campaign_participants as p')
    .innerJoin('campaigns as c', (j) => j.onRef('c.id', '=', 'p.campaign_id').onRef('c.organization_id', '=', 'p.organization_id'))
    .select([
      'c.id as campaign_id',
      'c.name',
      'c.status as campaign_status',
      'p.status',
      'p.current_step',
      'p.last_sent_at',
      'p.created_at',
      sql<number>`(SELECT count(*)::int FROM campaign_steps s WHERE s.campaign_id = c.id AND s.organization_id = c.organization_id)`.as('steps'),
    ])
    .where('p.organization_id', '=', organizationId)
    .where('p.contact_id', '=', contactId)
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    campaignId: row.campaign_id,
    name: row.name,
    campaignStatus: row.campaign_status,
    status: row.status,
    step: Math.min(row.current_step, Number(row.steps)),
    steps: Number(row.steps),
    lastSentAt: iso(row.last_sent_at),
    joinedAt: iso(row.created_at)!,
  }));
}
