import type { AuthContext } from '../../platform/http/auth.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Role } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { generateSecret, hashSecret, verifyPassword } from '../../platform/security.ts';
import { iso } from '../../platform/http/pagination.ts';
import * as repo from './orgs.repository.ts';
import { RecentSessions } from './recent-sessions.ts';


const ROLE_RANK: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

/** A precomputed hash so a login for an unknown email costs the same time as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function login(
  db: Db,
  input: { email: string; password: string; organization?: string; userAgent?: string; ttlHours: number; now: Date },
): Promise<{ token: string; auth: AuthContext; expiresAt: Date }> {
  const invalid = new AppError('UNAUTHENTICATED', 'email or password is incorrect');
  const user = await repo.findUserByEmail(db, input.email);
  const isPasswordValid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !isPasswordValid || user.disabled_at) throw invalid;
  const organizations = await repo.listOrganizationsOfUser(db, user.id);
  const organization = input.organization ? organizations.find((org) => org.slug === input.organization) : organizations[0];
  // Same answer as a wrong password, so the response never confirms that the password was right.
  if (!organization) throw invalid;
  const token = generateSecret('ps_');
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600 * 1000);
  const session = await db
    .insertInto('sessions')
    .values({
      token_hash: hashSecret(token),
      organization_id: organization.id,
      user_id: user.id,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    token,
    expiresAt,
    auth: { organizationId: organization.id, userId: user.id, role: organization.role, via: 'session', sessionId: session.id },
  };
}

/** Sessions resolved in the last seconds (see RECENT_SESSION_MS): most requests skip the session query. */
const recentSessions = new RecentSessions();

/** Called after anything that ends a session or changes what it may do (logout, role change, removal). */
export function forgetRecentSessions(): void {
  recentSessions.forgetAll();
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  forgetRecentSessions();
}

export async function authenticateSession(db: Db, token: string, now: Date): Promise<AuthContext | null> {
  const tokenHash = hashSecret(token);
  const recent = recentSessions.get(tokenHash, now);
  if (recent) return recent;
  const session = await repo.findSessionByTokenHash(db, tokenHash);
  if (!session || session.disabled_at || session.expires_at <= now) return null;
  // Touch at most once a minute: a write per request would serialise the embedded database for nothing.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.sessionId).execute();
  }
  const auth: AuthContext = { organizationId: session.organization_id, userId: session.user_id, role: session.role, via: 'session', sessionId: session.sessionId };
  recentSessions.remember(tokenHash, auth, now, session.expires_at);
  return auth;
}

export async function authenticateApiToken(db: Db, token: string, now: Date): Promise<AuthContext | null> {
  const row = await repo.findApiTokenByHash(db, hashSecret(token));
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  // A token never outranks its creator's current role: demoting the creator demotes their tokens.
  const role = hasRole(row.member_role, row.role) ? row.role : row.member_role;
  return { organizationId: row.organization_id, userId: row.created_by_user_id, role, via: 'token', tokenId: row.id };
}

export async function createApiToken(
  db: Db,
  auth: AuthContext,
  input: { name: string; role: Role; expiresInDays?: number },
  now: Date,
) {
  if (!hasRole(auth.role, input.role)) {
    throw new AppError('FORBIDDEN', 'a token cannot have a higher role than its creator', [{ field: 'body.role', message: 'above your role' }]);
  }
  const secret = generateSecret('prl_');
  const row = await db
    .insertInto('api_tokens')
    .values({
      organization_id: auth.organizationId,
      created_by_user_id: auth.userId,
      name: input.name,
      role: input.role,
      token_prefix: secret.slice(0, 10),
      token_hash: hashSecret(secret),
      expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: toApiTokenDto(row), secret };
}

export async function listApiTokens(db: Db, organizationId: string) {
  const rows = await db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();
  return rows.map(toApiTokenDto);
}

export async function revokeApiToken(db: Db, organizationId: string, tokenId: string, now: Date): Promise<void> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('API token');
}

function toApiTokenDto(row: {
  id: string;
  name: string;
  role: Role;
  token_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.token_prefix,
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}
