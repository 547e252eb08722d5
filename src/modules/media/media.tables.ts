import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '../../platform/db/column-types.ts';

export interface MediaFilesTable {
  id: Generated<string>;
  organization_id: string;
  /** Null for a file uploaded in the composer and not sent yet. */
  message_id: string | null;
  /** The conversation a composer upload is for (null for inbound files). */
  conversation_id: string | null;
  uploaded_by_user_id: string | null;
  media_type: string;
  mime_type: string;
  file_name: string | null;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  transcript: string | null;
  transcript_model: string | null;
  transcribed_at: Timestamp | null;
  created_at: CreatedAt;
}

/** The tables the media module owns: only its own files name them in SQL. */
export interface MediaTables {
  media_files: MediaFilesTable;
}
