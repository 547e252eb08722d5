import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '../../platform/db/column-types.ts';

export interface NotificationsTable {
  id: Generated<string>;
  organization_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  subject_type: string | null;
  subject_id: string | null;
  link: string | null;
  /** A notification addressed to one person (an @mention); null means the whole team. */
  user_id: string | null;
  read_at: Timestamp | null;
  created_at: CreatedAt;
}

/** The tables the notifications module owns: only its own files name them in SQL. */
export interface NotificationsTables {
  notifications: NotificationsTable;
}
