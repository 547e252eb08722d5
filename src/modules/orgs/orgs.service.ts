import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { Organization, Role } from '../../platform/db/schema.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/security.ts';
import { iso } from '../../platform/http/pagination.ts';
import { createDefaultPipelines } from '../pipelines/index.ts';
import * as repo from './orgs.repository.ts';
import { forgetRecentSessions } from './auth.service.ts';

export interface CreateOrganizationInput {
  slug: string;
  name: string;
  defaultRegion?: string;
  timezone?: string;
  locale?: string;
  currency?: string;
  owner: { email: string; name: string; password: string };
}

/** Creates an organization with its owner and the default pipelines, all or nothing. */
export async function createOrganization(db: Db, input: CreateOrganizationInput): Promise<{ organization: Organization; ownerId: string }> {
  if (await repo.findOrganizationBySlug(db, input.slug)) throw conflict(`organization "${input.slug}" already exists`, 'slug');
  const passwordHash = await hashPassword(input.owner.password);
  return db.transaction().execute(async (tx) => {
    const organization = await tx
      .insertInto('organizations')
      .values({
        slug: input.slug,
        name: input.name,
        ...(input.defaultRegion ? { default_region: input.defaultRegion } : {}),
        ...(input.timezone ? { timezone: input.timezone } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        ...(input.currency ? { currency: input.currency } : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const ownerId = await ensureUser(tx, input.owner.email, input.owner.name, passwordHash);
    await tx.insertInto('memberships').values({ organization_id: organization.id, user_id: ownerId, role: 'owner' }).execute();
    await createDefaultPipelines(tx, organization.id);
    return { organization, ownerId };
  });
}

async function ensureUser(db: DbOrTx, email: string, name: string, passwordHash: string): Promise<string> {
  const existing = await repo.findUserByEmail(db, email);
  if (existing) return existing.id;
  const user = await db.insertInto('users').values({ email, name, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
  return user.id;
}

export async function getOrganization(db: DbOrTx, organizationId: string): Promise<Organization> {
  const organization = await repo.findOrganizationById(db, organizationId);
  if (!organization) throw notFound('organization');
  return organization;
}

export const findOrganizationBySlug = repo.findOrganizationBySlug;
export const listOrganizationsOfUser = repo.listOrganizationsOfUser;

export async function updateOrganization(
  db: Db,
  organizationId: string,
  patch: { name?: string; defaultRegion?: string; timezone?: string; locale?: string; currency?: string },
): Promise<Organization> {
  const organization = await db
    .updateTable('organizations')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.defaultRegion !== undefined ? { default_region: patch.defaultRegion } : {}),
      ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', organizationId)
    .returningAll()
    .executeTakeFirst();
  if (!organization) throw notFound('organization');
  return organization;
}

export function toOrganizationDto(organization: Organization) {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    defaultRegion: organization.default_region,
    timezone: organization.timezone,
    locale: organization.locale,
    currency: organization.currency,
    createdAt: iso(organization.created_at)!,
  };
}

type MemberRow = Awaited<ReturnType<typeof repo.listMemberships>>[number];

export function toMemberDto(member: MemberRow) {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    isDisabled: member.disabled_at !== null,
    createdAt: iso(member.created_at)!,
  };
}

export const listMembers = repo.listMemberships;

export async function getMember(db: DbOrTx, organizationId: string, userId: string): Promise<MemberRow> {
  const member = await repo.findMembership(db, organizationId, userId);
  if (!member) throw notFound('user');
  return member;
}

export async function addMember(
  db: Db,
  organizationId: string,
  input: { email: string; name: string; password: string; role: Role },
): Promise<MemberRow> {
  const existing = await repo.findUserByEmail(db, input.email);
  if (existing && (await repo.findMembership(db, organizationId, existing.id))) {
    throw conflict('this user is already a member of the organization', 'body.email');
  }
  // An existing account keeps its own password; the one given here is only used for a new account.
  const userId = existing?.id ?? (await ensureUser(db, input.email, input.name, await hashPassword(input.password)));
  await db.insertInto('memberships').values({ organization_id: organizationId, user_id: userId, role: input.role }).execute();
  return getMember(db, organizationId, userId);
}

/** Changing roles never leaves an organization without an owner, and only owners grant or revoke ownership. */
export async function changeMemberRole(db: Db, organizationId: string, actorRole: Role, userId: string, role: Role): Promise<MemberRow> {
  const changed = await db.transaction().execute(async (tx) => {
    const member = await getMember(tx, organizationId, userId);
    if ((member.role === 'owner' || role === 'owner') && actorRole !== 'owner') {
      throw new AppError('FORBIDDEN', 'only an owner can grant or revoke the owner role');
    }
    if (member.role === 'owner' && role !== 'owner' && (await repo.countOwners(tx, organizationId)) <= 1) {
      throw new AppError('UNPROCESSABLE', 'the organization must keep at least one owner', [{ field: 'body.role', message: 'last owner' }]);
    }
    await repo.setMembershipRole(tx, organizationId, userId, role);
    return getMember(tx, organizationId, userId);
  });
  forgetRecentSessions();
  return changed;
}

export async function removeMember(db: Db, organizationId: string, actorRole: Role, userId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const member = await getMember(tx, organizationId, userId);
    if (member.role === 'owner' && actorRole !== 'owner') throw new AppError('FORBIDDEN', 'only an owner can remove an owner');
    if (member.role === 'owner' && (await repo.countOwners(tx, organizationId)) <= 1) {
      throw new AppError('UNPROCESSABLE', 'the organization must keep at least one owner');
    }
    await repo.deleteMembership(tx, organizationId, userId);
    await tx.deleteFrom('sessions').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  });
  forgetRecentSessions();
}
