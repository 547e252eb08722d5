import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export type Role = 'owner' | 'admin' | 'agent';

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  default_region: Generated<string>;
  timezone: Generated<string>;
  locale: Generated<string>;
  currency: Generated<string>;
  settings: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  locale: string | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  organization_id: string;
  user_id: string;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organization_id: string;
  created_by_user_id: string;
  name: string;
  role: Role;
  token_prefix: string;
  token_hash: string;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export type Organization = Selectable<OrganizationsTable>;

export type User = Selectable<UsersTable>;

/** Failed sign-ins per `account:<email>` or `address:<ip>` (not organization data: nobody is signed in yet). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  next_attempt_at: Timestamp | null;
  locked_until: Timestamp | null;
}

/** The tables the orgs module owns: only its own files name them in SQL. */
export interface OrgsTables {
  login_throttle: LoginThrottleTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
