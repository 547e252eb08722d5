import { createHash } from 'node:crypto';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { normalizePhone, upsertContactByAddress } from '../contacts/index.ts';

/** A stable short key of a visit's identity, so the same visit arriving twice (re-import, re-sync) is stored once. */
export function visitFingerprint(...parts: Array<string | number | null | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u001f'))
    .digest('base64url')
    .slice(0, 32);
}

export async function organizationRegion(db: DbOrTx, organizationId: string): Promise<string> {
  const row = await db.selectFrom('organizations').select('default_region').where('id', '=', organizationId).executeTakeFirst();
  return row?.default_region ?? 'KG';
}

/**
 * Contacts for a batch of clients known by phone (E.164): existing ones in one query, the missing ones created
 * (with their `contact.created` event) in one transaction. Returns phone → contact id and how many were created.
 */
export async function resolveContactsByPhone(
  db: Db,
  organizationId: string,
  clients: Array<{ phone: string; name: string | null }>,
  source: string,
): Promise<{ byPhone: Map<string, string>; created: number }> {
  const byPhone = new Map<string, string>();
  const names = new Map<string, string | null>();
  for (const client of clients) if (!names.has(client.phone) || (!names.get(client.phone) && client.name)) names.set(client.phone, client.name);
  const phones = [...names.keys()];
  for (let i = 0; i < phones.length; i += 5000) {
    const chunk = phones.slice(i, i + 5000);
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'phone_e164'])
      .where('organization_id', '=', organizationId)
      .where('phone_e164', 'in', chunk)
      .execute();
    for (const row of rows) byPhone.set(row.phone_e164!, row.id);
  }
  const missing = phones.filter((p) => !byPhone.has(p));
  if (missing.length === 0) return { byPhone, created: 0 };
  let created = 0;
  await db.transaction().execute(async (tx) => {
    for (const phone of missing) {
      const { contact, isNew } = await upsertContactByAddress(tx, organizationId, { phone, name: names.get(phone) ?? null }, source);
      byPhone.set(phone, contact.id);
      if (isNew) created++;
    }
  });
  return { byPhone, created };
}

export function toE164(raw: string | null | undefined, region: string): string | null {
  return normalizePhone(raw ?? null, region).e164;
}
