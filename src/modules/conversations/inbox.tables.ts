import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '../../platform/db/column-types.ts';

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

/** The inbox columns of `conversations`: who answers it and where it stands. */
export interface ConversationInboxColumns {
  status: ColumnType<ConversationStatus, ConversationStatus | undefined, ConversationStatus>;
  snoozed_until: Timestamp | null;
  assignee_user_id: string | null;
  assigned_at: Timestamp | null;
  assigned_by_user_id: string | null;
  status_changed_at: Timestamp | null;
  status_changed_by_user_id: string | null;
}

export interface ConversationActivityTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  actor_user_id: string | null;
  kind: 'assigned' | 'status_changed';
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;
  created_at: CreatedAt;
}

export interface ConversationReadsTable {
  organization_id: string;
  conversation_id: string;
  user_id: string;
  last_read_at: Timestamp;
}

export interface ConversationNotesTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  author_user_id: string | null;
  body: string;
  mentioned_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface SavedRepliesTable {
  id: Generated<string>;
  organization_id: string;
  shortcut: string;
  body: string;
  created_by_user_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface InboxRoundRobinTable {
  organization_id: string;
  user_id: string;
  last_assigned_at: Timestamp | null;
}

/** The inbox's tables, joined into the database interface. */
export interface InboxTables {
  conversation_activity: ConversationActivityTable;
  conversation_reads: ConversationReadsTable;
  conversation_notes: ConversationNotesTable;
  saved_replies: SavedRepliesTable;
  inbox_round_robin: InboxRoundRobinTable;
}
