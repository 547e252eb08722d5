import type { DbOrTx } from '../../platform/db/client.ts';
import type { Role } from '../../platform/db/schema.ts';

export const findOrganizationBySlug = (db: DbOrTx, slug: string) =>
  db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findOrganizationById = (db: DbOrTx, id: string) =>
  db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: DbOrTx, email: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();

export const findMembership = (db: DbOrTx, organizationId: string, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'users.disabled_at', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();

export const listMemberships = (db: DbOrTx, organizationId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'users.disabled_at', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('memberships.created_at')
    .execute();

export const listOrganizationsOfUser = (db: DbOrTx, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.slug', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .execute();

export const countOwners = async (db: DbOrTx, organizationId: string): Promise<number> => {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.count);
};

export const setMembershipRole = (db: DbOrTx, organizationId: string, userId: string, role: Role) =>
  db.updateTable('memberships').set({ role }).where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();

export const deleteMembership = (db: DbOrTx, organizationId: string, userId: string) =>
  db.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();

export const findSessionByTokenHash = (db: DbOrTx, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.user_id', '=', 'sessions.user_id').onRef('memberships.organization_id', '=', 'sessions.organization_id'),
    )
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.organization_id',
      'sessions.user_id',
      'memberships.role',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const findApiTokenByHash = (db: DbOrTx, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'api_tokens.created_by_user_id')
        .onRef('memberships.organization_id', '=', 'api_tokens.organization_id'),
    )
    .select([
      'api_tokens.id',
      'api_tokens.organization_id',
      'api_tokens.created_by_user_id',
      'api_tokens.role',
      'memberships.role as member_role',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
