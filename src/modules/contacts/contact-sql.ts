import { sql, type RawBuilder } from 'kysely';

/**
 * A field of a contact's company as an SQL expression over a contacts row aliased `alias` (a correlated subquery),
 * for modules that select contacts with their own SQL and must not name the companies table themselves.
 */
export function companyFieldSql(alias: string, field: 'name' | 'domain' | 'custom_fields'): RawBuilder<unknown> {
  const contact = sql.table(alias);
  return sql`(SELECT co.${sql.ref(field)} FROM companies co WHERE co.organization_id = ${contact}.organization_id AND co.id = ${contact}.company_id)`;
}

/** How many of these contacts opted out at or after `since` (the account risk score counts them). */
export function optedOutSinceSql(contactIds: readonly string[], organizationId: string, since: Date): RawBuilder<{ n: number | string }> {
  return sql<{ n: number | string }>`
    SELECT count(*) AS n FROM contacts c
    WHERE c.organization_id = ${organizationId} AND c.id = ANY(${contactIds as string[]}::uuid[]) AND c.opted_out_at >= ${since}`;
}
