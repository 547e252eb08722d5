import type { DbOrTx } from '../../platform/db/client.ts';
import { isValidWindow, type SendWindow } from './engine/quiet-hours.ts';

/** The organization's send window for automated messages; null = the default 09:00–21:00. */
export async function getOrganizationSendWindow(db: DbOrTx, organizationId: string): Promise<SendWindow | null> {
  const row = await db.selectFrom('outreach_settings').select('send_window').where('organization_id', '=', organizationId).executeTakeFirst();
  const window = row?.send_window ?? null;
  return window && isValidWindow(window) ? window : null;
}

export async function setOrganizationSendWindow(db: DbOrTx, organizationId: string, window: SendWindow | null, now: Date): Promise<SendWindow | null> {
  const value = window === null ? null : JSON.stringify(window);
  await db
    .insertInto('outreach_settings')
    .values({ organization_id: organizationId, send_window: value, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ send_window: value, updated_at: now }))
    .execute();
  return getOrganizationSendWindow(db, organizationId);
}
