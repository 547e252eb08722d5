import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';

export interface AccountReach {
  /** People written to from the account since the moment. */
  contacted: number;
  /** Of those, how many wrote back after our first message. */
  replied: number;
  /** Of those, how many opted out since. */
  optedOut: number;
}

/** How people answered what one channel account sent since a moment: the account's risk score reads this. */
export async function accountReachSince(db: DbOrTx, organizationId: string, accountId: string, since: Date): Promise<AccountReach> {
  const result = await sql<{ contacted: number | string; replied: number | string; opted_out: number | string }>`
    WITH reached AS (
      SELECT v.id, v.contact_id, min(m.sent_at) AS first_out
      FROM conversations v
      JOIN messages m ON m.organization_id = v.organization_id AND m.conversation_id = v.id
      WHERE v.organization_id = ${organizationId} AND v.channel_account_id = ${accountId} AND NOT v.is_group
        AND m.direction = 'outbound' AND m.sent_at >= ${since} AND m.status IN ('sent', 'delivered', 'read')
      GROUP BY v.id, v.contact_id
    )
    SELECT count(*) AS contacted,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM messages i WHERE i.organization_id = ${organizationId} AND i.conversation_id = r.id AND i.direction = 'inbound' AND i.sent_at > r.first_out)) AS replied,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM contacts c WHERE c.organization_id = ${organizationId} AND c.id = r.contact_id AND c.opted_out_at >= ${since})) AS opted_out
    FROM reached r`.execute(db);
  const row = result.rows[0];
  return { contacted: Number(row?.contacted ?? 0), replied: Number(row?.replied ?? 0), optedOut: Number(row?.opted_out ?? 0) };
}
