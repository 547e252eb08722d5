import type { DbOrTx } from '../../platform/db/client.ts';
import { optedOutSinceSql } from './contact-sql.ts';

/** How many of these contacts opted out at or after `since`. */
export async function countOptedOutSince(db: DbOrTx, organizationId: string, contactIds: readonly string[], since: Date): Promise<number> {
  if (contactIds.length === 0) return 0;
  const result = await optedOutSinceSql(contactIds, organizationId, since).execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
