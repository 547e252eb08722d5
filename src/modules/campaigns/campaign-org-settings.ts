import type { DbOrTx } from '../../platform/db/client.ts';
import { DEFAULT_OPT_OUT_PHRASES } from './engine/opt-out.ts';

/** The organization's campaign settings: its opt-out phrases (the defaults until it sets its own). */
export async function getCampaignOrgSettings(db: DbOrTx, organizationId: string) {
  const row = await db.selectFrom('campaign_settings').select('opt_out_phrases').where('organization_id', '=', organizationId).executeTakeFirst();
  return { optOutPhrases: row?.opt_out_phrases ?? [...DEFAULT_OPT_OUT_PHRASES], isDefault: !row };
}

/** null restores the defaults. */
export async function saveCampaignOrgSettings(db: DbOrTx, organizationId: string, phrases: string[] | null, now: Date) {
  if (phrases === null) {
    await db.deleteFrom('campaign_settings').where('organization_id', '=', organizationId).execute();
  } else {
    const unique = [...new Set(phrases.map((p) => p.trim()).filter(Boolean))];
    await db
      .insertInto('campaign_settings')
      .values({ organization_id: organizationId, opt_out_phrases: unique, updated_at: now })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet({ opt_out_phrases: unique, updated_at: now }))
      .execute();
  }
  return getCampaignOrgSettings(db, organizationId);
}
