import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, JsonDefault, Timestamp } from '../../platform/db/column-types.ts';

export interface EventsTable {
  id: ColumnType<string, never, never>;
  organization_id: string;
  type: string;
  subject_type: string;
  subject_id: string | null;
  payload: JsonDefault;
  created_at: CreatedAt;
  dispatched_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organization_id: string;
  url: string;
  secret: string;
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
}

/** The tables the events module owns: only its own files name them in SQL. */
export interface EventsTables {
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
}
