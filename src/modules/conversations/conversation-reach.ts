import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';

export interface AccountReach {
  /** People written to from the account since the moment. */
  contacted: number;
  /** Of those, how many wrote back after our first message. */
  replied: number;
  /** The contacts written to (the risk score asks the contacts module which of them opted out). */
  contactIds: string[];
}

/** Who one channel account wrote to since a moment and how many wrote back: the account's risk score reads this. */
export async function accountReachSince(db: DbOrTx, organizationId: string, accountId: string, since: Date): Promise<AccountReach> {
  const result = await sql<{ contacted: number | string; replied: number | string; contact_ids: string[] | null }>`
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
      array_agg(r.contact_id) FILTER (WHERE r.contact_id IS NOT NULL) AS contact_ids
    FROM reached r`.execute(db);
  const row = result.rows[0];
  return { contacted: Number(row?.contacted ?? 0), replied: Number(row?.replied ?? 0), contactIds: row?.contact_ids ?? [] };
}
