import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { Company } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { normalizePhone } from './phone.ts';
import { likePattern } from './contacts.service.ts';

interface CompanyInput {
  name?: string;
  domain?: string | null;
  phone?: string | null;
  customFields?: Record<string, unknown>;
}

async function companyPhone(db: DbOrTx, organizationId: string, phone: string | null | undefined): Promise<string | null | undefined> {
  if (!phone) return phone;
  const org = await db.selectFrom('organizations').select('default_region').where('id', '=', organizationId).executeTakeFirstOrThrow();
  const { e164, problem } = normalizePhone(phone, org.default_region);
  if (!e164) throw new AppError('BAD_REQUEST', `phone is ${problem}`, [{ field: 'body.phone', message: problem ?? 'invalid' }]);
  return e164;
}

export async function createCompany(db: Db, organizationId: string, input: CompanyInput & { name: string }): Promise<Company> {
  return db
    .insertInto('companies')
    .values({
      organization_id: organizationId,
      name: input.name,
      domain: input.domain ?? null,
      phone_e164: (await companyPhone(db, organizationId, input.phone)) ?? null,
      custom_fields: JSON.stringify(input.customFields ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getCompany(db: DbOrTx, organizationId: string, companyId: string): Promise<Company> {
  const company = await db.selectFrom('companies').selectAll().where('organization_id', '=', organizationId).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('company');
  return company;
}

export async function updateCompany(db: Db, organizationId: string, companyId: string, input: CompanyInput, now: Date): Promise<Company> {
  const current = await getCompany(db, organizationId, companyId);
  const phone = await companyPhone(db, organizationId, input.phone);
  return db
    .updateTable('companies')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.domain !== undefined ? { domain: input.domain } : {}),
      ...(phone !== undefined ? { phone_e164: phone } : {}),
      ...(input.customFields !== undefined ? { custom_fields: JSON.stringify({ ...current.custom_fields, ...input.customFields }) } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', companyId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCompany(db: Db, organizationId: string, companyId: string): Promise<void> {
  const result = await db.deleteFrom('companies').where('organization_id', '=', organizationId).where('id', '=', companyId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('company');
}

export async function listCompanies(db: DbOrTx, organizationId: string, query: { cursor?: string; limit: number; q?: string }) {
  const cursor = decodeCursor(query.cursor);
  let builder = db
    .selectFrom('companies')
    .selectAll()
    .select(sql<string>`lower(name)`.as('sort_key'))
    .where('organization_id', '=', organizationId);
  if (query.q) builder = builder.where('name', 'ilike', likePattern(query.q));
  if (cursor) builder = builder.where(sql<boolean>`(lower(name), id) > (${cursor.value}, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy(sql`lower(name)`).orderBy('id').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toCompanyDto, (row) => ({ value: row.sort_key, id: row.id }));
}

export function toCompanyDto(company: Company) {
  return {
    id: company.id,
    name: company.name,
    domain: company.domain,
    phone: company.phone_e164,
    customFields: company.custom_fields,
    createdAt: iso(company.created_at)!,
    updatedAt: iso(company.updated_at)!,
  };
}
