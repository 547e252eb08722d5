import type { Db } from '../platform/db/client.ts';

/** The organization a command names by slug or id; prints why and sets exit code 2 when there is none. */
export async function findOrganizationOrExit(db: Db, slugOrId: string) {
  const organization = await db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name'])
    .where((eb) => (/^[0-9a-f-]{36}$/i.test(slugOrId) ? eb('id', '=', slugOrId) : eb('slug', '=', slugOrId)))
    .executeTakeFirst();
  if (!organization) {
    console.error(`No organization "${slugOrId}" (give its slug or id).`);
    process.exitCode = 2;
  }
  return organization ?? null;
}
