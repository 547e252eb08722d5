import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '../../platform/db/column-types.ts';

export interface MediaFilesTable {
  id: Generated<string>;
  organization_id: string;
  message_id: string;
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
