import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';

export interface CompaniesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  domain: string | null;
  phone_e164: string | null;
  custom_fields: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ContactsTable {
  id: Generated<string>;
  organization_id: string;
  company_id: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  phone_e164: string | null;
  phone_raw: string | null;
  email: string | null;
  telegram_id: string | null;
  telegram_username: string | null;
  language: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  custom_fields: JsonDefault;
  source: Generated<string>;
  opted_out_at: Timestamp | null;
  opt_out_reason: string | null;
  last_message_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type Contact = Selectable<ContactsTable>;

export type NewContact = Insertable<ContactsTable>;

export type ContactUpdate = Updateable<ContactsTable>;

export type Company = Selectable<CompaniesTable>;

/** The tables the contacts module owns: only its own files name them in SQL. */
export interface ContactsTables {
  companies: CompaniesTable;
  contacts: ContactsTable;
}
