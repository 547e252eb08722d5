import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { Contact } from '../../platform/db/schema.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';
import { normalizePhone } from './phone.ts';
import type { CreateContactInput, UpdateContactInput } from './contacts.schemas.ts';

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function composeDisplayName(parts: {
  displayName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  email?: string | null;
  telegramUsername?: string | null;
}): string {
  const name = [parts.firstName, parts.lastName].filter(Boolean).join(' ').trim();
  return (
    parts.displayName?.trim() ||
    name ||
    parts.phone ||
    (parts.telegramUsername ? `@${parts.telegramUsername}` : null) ||
    parts.email ||
    'Unknown'
  );
}

async function organizationRegion(db: DbOrTx, organizationId: string): Promise<string> {
  const org = await db.selectFrom('organizations').select('default_region').where('id', '=', organizationId).executeTakeFirst();
  return org?.default_region ?? 'KG';
}

function phoneOrThrow(raw: string, region: string): string {
  const { e164, problem } = normalizePhone(raw, region);
  if (!e164) throw new AppError('BAD_REQUEST', `phone "${raw}" is ${problem}`, [{ field: 'body.phone', message: problem ?? 'invalid' }]);
  return e164;
}

async function assertCompany(db: DbOrTx, organizationId: string, companyId: string | null | undefined): Promise<void> {
  if (!companyId) return;
  const company = await db.selectFrom('companies').select('id').where('organization_id', '=', organizationId).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw new AppError('BAD_REQUEST', 'company not found', [{ field: 'body.companyId', message: 'no such company' }]);
}

async function assertUniqueAddress(db: DbOrTx, organizationId: string, field: 'phone_e164' | 'telegram_id', value: string | null | undefined, exceptId?: string) {
  if (!value) return;
  let query = db.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where(field, '=', value);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) {
    const apiField = field === 'phone_e164' ? 'body.phone' : 'body.telegramId';
    throw conflict(`another contact already has this ${field === 'phone_e164' ? 'phone' : 'Telegram id'}`, apiField);
  }
}

export async function createContact(db: Db, organizationId: string, input: CreateContactInput, source = 'manual'): Promise<Contact> {
  const region = await organizationRegion(db, organizationId);
  const phone = input.phone ? phoneOrThrow(input.phone, region) : null;
  await assertCompany(db, organizationId, input.companyId);
  await assertUniqueAddress(db, organizationId, 'phone_e164', phone);
  await assertUniqueAddress(db, organizationId, 'telegram_id', input.telegramId);
  return db.transaction().execute(async (tx) => {
    const contact = await tx
      .insertInto('contacts')
      .values({
        organization_id: organizationId,
        first_name: input.firstName ?? null,
        last_name: input.lastName ?? null,
        display_name: composeDisplayName({ ...input, phone }),
        phone_e164: phone,
        phone_raw: input.phone ?? null,
        email: input.email ?? null,
        telegram_id: input.telegramId ?? null,
        telegram_username: input.telegramUsername ?? null,
        language: input.language ?? null,
        tags: dedupeTags(input.tags ?? []),
        custom_fields: JSON.stringify(input.customFields ?? {}),
        company_id: input.companyId ?? null,
        source,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(tx, { organizationId, type: 'contact.created', subjectType: 'contact', subjectId: contact.id, payload: { source } });
    return contact;
  });
}

function dedupeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

export async function getContact(db: DbOrTx, organizationId: string, contactId: string): Promise<Contact> {
  const contact = await db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).where('id', '=', contactId).executeTakeFirst();
  if (!contact) throw notFound('contact');
  return contact;
}

export async function updateContact(db: Db, organizationId: string, contactId: string, input: UpdateContactInput, now: Date): Promise<Contact> {
  const current = await getContact(db, organizationId, contactId);
  const region = await organizationRegion(db, organizationId);
  const phone = input.phone === undefined ? current.phone_e164 : input.phone ? phoneOrThrow(input.phone, region) : null;
  await assertCompany(db, organizationId, input.companyId);
  await assertUniqueAddress(db, organizationId, 'phone_e164', input.phone === undefined ? null : phone, contactId);
  await assertUniqueAddress(db, organizationId, 'telegram_id', input.telegramId, contactId);
  const firstName = input.firstName === undefined ? current.first_name : input.firstName;
  const lastName = input.lastName === undefined ? current.last_name : input.lastName;
  const nameChanged = input.firstName !== undefined || input.lastName !== undefined;
  // A name that was derived (from the name parts, phone, username or email) follows those fields; a chosen one stays.
  const wasDerived =
    current.display_name ===
    composeDisplayName({ firstName: current.first_name, lastName: current.last_name, phone: current.phone_e164, telegramUsername: current.telegram_username, email: current.email });
  const derivedName = composeDisplayName({
    firstName,
    lastName,
    phone,
    telegramUsername: input.telegramUsername === undefined ? current.telegram_username : input.telegramUsername,
    email: input.email === undefined ? current.email : input.email,
  });
  const displayName = input.displayName ?? (nameChanged || wasDerived ? derivedName : current.display_name);
  const optOut =
    input.optedOut === undefined
      ? {}
      : input.optedOut
        ? { opted_out_at: current.opted_out_at ?? now, opt_out_reason: input.optOutReason ?? current.opt_out_reason ?? 'manual' }
        : { opted_out_at: null, opt_out_reason: null };
  return db.transaction().execute(async (tx) => {
    const contact = await tx
      .updateTable('contacts')
      .set({
        first_name: firstName,
        last_name: lastName,
        display_name: displayName,
        phone_e164: phone,
        ...(input.phone !== undefined ? { phone_raw: input.phone } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.telegramId !== undefined ? { telegram_id: input.telegramId } : {}),
        ...(input.telegramUsername !== undefined ? { telegram_username: input.telegramUsername } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.tags !== undefined ? { tags: dedupeTags(input.tags) } : {}),
        ...(input.customFields !== undefined ? { custom_fields: JSON.stringify({ ...current.custom_fields, ...input.customFields }) } : {}),
        ...(input.companyId !== undefined ? { company_id: input.companyId } : {}),
        ...optOut,
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', contactId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.optedOut !== undefined && input.optedOut !== (current.opted_out_at !== null)) {
      await recordEvent(tx, {
        organizationId,
        type: input.optedOut ? 'contact.opted_out' : 'contact.opted_in',
        subjectType: 'contact',
        subjectId: contactId,
        payload: { reason: contact.opt_out_reason },
      });
    }
    return contact;
  });
}

export async function deleteContact(db: Db, organizationId: string, contactId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('contacts').where('organization_id', '=', organizationId).where('id', '=', contactId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('contact');
    await recordEvent(tx, { organizationId, type: 'contact.deleted', subjectType: 'contact', subjectId: contactId, payload: {} });
  });
}

export async function listContacts(
  db: DbOrTx,
  organizationId: string,
  query: { cursor?: string; limit: number; q?: string; tag?: string; optedOut?: 'true' | 'false'; companyId?: string },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('contacts')
    .selectAll()
    .select(sql<string>`created_at::text`.as('sort_key'))
    .where('organization_id', '=', organizationId);
  if (query.q) {
    const pattern = likePattern(query.q);
    const digits = query.q.replace(/\D/g, '');
    // A number typed the local way (`0700 123 456`) has digits that are not in its E.164 form.
    const e164 = digits.length >= 6 ? normalizePhone(query.q, await organizationRegion(db, organizationId)).e164 : null;
    builder = builder.where((eb) =>
      eb.or([
        eb('display_name', 'ilike', pattern),
        eb('email', 'ilike', pattern),
        eb('telegram_username', 'ilike', likePattern(query.q!.replace(/^@/, ''))),
        ...(digits.length >= 3 ? [eb('phone_e164', 'like', likePattern(digits))] : []),
        ...(e164 ? [eb('phone_e164', '=', e164)] : []),
      ]),
    );
  }
  if (query.tag) builder = builder.where(sql<boolean>`tags @> ARRAY[${query.tag}]::text[]`);
  if (query.optedOut) builder = builder.where('opted_out_at', query.optedOut === 'true' ? 'is not' : 'is', null);
  if (query.companyId) builder = builder.where('company_id', '=', query.companyId);
  if (cursor) builder = builder.where(sql<boolean>`(created_at, id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toContactDto, (row) => ({ value: row.sort_key, id: row.id }));
}

export function toContactDto(contact: Contact) {
  return {
    id: contact.id,
    displayName: contact.display_name,
    firstName: contact.first_name,
    lastName: contact.last_name,
    phone: contact.phone_e164,
    email: contact.email,
    telegramId: contact.telegram_id,
    telegramUsername: contact.telegram_username,
    language: contact.language,
    tags: contact.tags,
    customFields: contact.custom_fields,
    companyId: contact.company_id,
    source: contact.source,
    optedOut: contact.opted_out_at !== null,
    optedOutAt: iso(contact.opted_out_at),
    optOutReason: contact.opt_out_reason,
    lastMessageAt: iso(contact.last_message_at),
    createdAt: iso(contact.created_at)!,
    updatedAt: iso(contact.updated_at)!,
  };
}

export interface ContactAddress {
  phone?: string | null;
  telegramId?: string | null;
  telegramUsername?: string | null;
  email?: string | null;
  name?: string | null;
}

/**
 * Finds the contact behind an address (phone first, then Telegram id, then username, then email) or
 * creates it. Used by inbound messages and imports; a concurrent insert of the same phone is absorbed.
 */
export async function upsertContactByAddress(
  db: DbOrTx,
  organizationId: string,
  address: ContactAddress,
  source: string,
): Promise<{ contact: Contact; isNew: boolean }> {
  const region = await organizationRegion(db, organizationId);
  const phone = address.phone ? normalizePhone(address.phone, region).e164 : null;
  const existing = await findContactByAddress(db, organizationId, { ...address, phone });
  if (existing) return { contact: existing, isNew: false };
  const inserted = await db
    .insertInto('contacts')
    .values({
      organization_id: organizationId,
      display_name: composeDisplayName({ displayName: address.name, phone, telegramUsername: address.telegramUsername, email: address.email }),
      first_name: address.name?.split(/\s+/)[0] ?? null,
      last_name: address.name?.split(/\s+/).slice(1).join(' ') || null,
      phone_e164: phone,
      phone_raw: address.phone ?? null,
      telegram_id: address.telegramId ?? null,
      telegram_username: address.telegramUsername ?? null,
      email: address.email ?? null,
      source,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    await recordEvent(db, { organizationId, type: 'contact.created', subjectType: 'contact', subjectId: inserted.id, payload: { source } });
    return { contact: inserted, isNew: true };
  }
  const raced = await findContactByAddress(db, organizationId, { ...address, phone });
  if (!raced) throw new Error('contact upsert lost a race and could not find the winner');
  return { contact: raced, isNew: false };
}

/** The contact behind an address (phone in E.164 first, then Telegram id, username, email), if any. */
export async function findContactByAddress(db: DbOrTx, organizationId: string, address: ContactAddress): Promise<Contact | undefined> {
  const base = () => db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId);
  if (address.phone) {
    const hit = await base().where('phone_e164', '=', address.phone).executeTakeFirst();
    if (hit) return hit;
  }
  if (address.telegramId) {
    const hit = await base().where('telegram_id', '=', address.telegramId).executeTakeFirst();
    if (hit) return hit;
  }
  if (address.telegramUsername) {
    const hit = await base()
      .where(sql<boolean>`lower(telegram_username) = ${address.telegramUsername.toLowerCase()}`)
      .executeTakeFirst();
    if (hit) return hit;
  }
  if (address.email) {
    const hit = await base().where(sql<boolean>`lower(email) = ${address.email.toLowerCase()}`).executeTakeFirst();
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Gives a name to a contact known only by an address (a channel's address book said who it is), and never
 * overrides a name someone chose or typed. Returns whether the contact was renamed.
 */
export async function nameUnnamedContact(db: DbOrTx, organizationId: string, address: ContactAddress, name: string, now: Date): Promise<boolean> {
  const trimmed = name.trim();
  if (!trimmed) return false;
  const region = await organizationRegion(db, organizationId);
  const phone = address.phone ? normalizePhone(address.phone, region).e164 : null;
  const contact = await findContactByAddress(db, organizationId, { ...address, phone });
  if (!contact || contact.first_name || contact.last_name) return false;
  const unnamed = composeDisplayName({ phone: contact.phone_e164, telegramUsername: contact.telegram_username, email: contact.email });
  if (contact.display_name !== unnamed) return false;
  const [firstName, ...rest] = trimmed.split(/\s+/);
  const result = await db
    .updateTable('contacts')
    .set({ display_name: trimmed, first_name: firstName ?? null, last_name: rest.join(' ') || null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', contact.id)
    .where('display_name', '=', unnamed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A contact with its company's name, domain and custom fields, as a batch (campaign sending renders many at once). */
export async function listContactsWithCompany(db: DbOrTx, organizationId: string, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('contacts')
    .leftJoin('companies', (join) => join.onRef('companies.id', '=', 'contacts.company_id').onRef('companies.organization_id', '=', 'contacts.organization_id'))
    .selectAll('contacts')
    .select(['companies.name as company_name', 'companies.domain as company_domain', 'companies.custom_fields as company_custom_fields'])
    .where('contacts.organization_id', '=', organizationId)
    .where('contacts.id', 'in', contactIds)
    .execute();
}

/**
 * Records an opt-out the contact asked for (an opt-out reply), once, with its event; usable inside the caller's
 * transaction. Returns whether the contact was not opted out before.
 */
export async function markContactOptedOut(db: DbOrTx, organizationId: string, contactId: string, reason: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('contacts')
    .set({ opted_out_at: now, opt_out_reason: reason, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', contactId)
    .where('opted_out_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await recordEvent(db, { organizationId, type: 'contact.opted_out', subjectType: 'contact', subjectId: contactId, payload: { reason } });
  return true;
}
