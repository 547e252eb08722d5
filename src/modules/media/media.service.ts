import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { MediaInfo } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';

/** What becomes of an inbound file: stored, or why not. */
export type MediaDownloadState = NonNullable<MediaInfo['download']>;

export interface StoreMediaInput {
  messageId: string;
  mediaType: string;
  bytes: Uint8Array;
  mimeType: string;
  fileName: string | null;
}

export interface StoredMedia {
  id: string;
  mediaType: string;
  mimeType: string;
  sizeBytes: number;
  /** false when the message already had its file (a job that ran twice). */
  isNew: boolean;
}

/** A MIME type as a Content-Type header value may carry it, without parameters, or a safe default. */
export function normalizeMimeType(value: string | null | undefined): string {
  const base = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(base) ? base : 'application/octet-stream';
}

/** Patches the message's media description (the JSON the conversation view reads) in place. */
async function patchMessageMedia(db: DbOrTx, organizationId: string, messageId: string, patch: Partial<MediaInfo>, typeIfNone = 'other'): Promise<void> {
  await db
    .updateTable('messages')
    .set({ media: sql`coalesce(media, jsonb_build_object('type', ${typeIfNone}::text)) || ${JSON.stringify(patch)}::jsonb` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', messageId)
    .execute();
}

/**
 * Stores a message's file once (a second call for the same message keeps the first) and points the message's
 * media description at it: `mediaId`, `download: 'stored'`, the size and the MIME type.
 */
export async function storeMediaFile(db: DbOrTx, organizationId: string, input: StoreMediaInput): Promise<StoredMedia> {
  const mimeType = normalizeMimeType(input.mimeType);
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const inserted = await db
    .insertInto('media_files')
    .values({
      organization_id: organizationId,
      message_id: input.messageId,
      media_type: input.mediaType,
      mime_type: mimeType,
      file_name: input.fileName,
      size_bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: bytes,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning(['id', 'media_type', 'mime_type', 'size_bytes'])
    .executeTakeFirst();
  const row =
    inserted ??
    (await db
      .selectFrom('media_files')
      .select(['id', 'media_type', 'mime_type', 'size_bytes'])
      .where('organization_id', '=', organizationId)
      .where('message_id', '=', input.messageId)
      .executeTakeFirstOrThrow());
  await patchMessageMedia(db, organizationId, input.messageId, {
    mediaId: row.id,
    download: 'stored',
    omitted: false,
    size: row.size_bytes,
    mimeType: row.mime_type,
    ...(input.fileName ? { fileName: input.fileName } : {}),
  }, input.mediaType);
  return { id: row.id, mediaType: row.media_type, mimeType: row.mime_type, sizeBytes: row.size_bytes, isNew: inserted !== undefined };
}

/** Records that a message's file will not be stored (gone at the provider, over the size cap, gave up). */
export async function markMediaDownload(db: DbOrTx, organizationId: string, messageId: string, state: Exclude<MediaDownloadState, 'stored'>, sizeBytes?: number | null): Promise<void> {
  await patchMessageMedia(db, organizationId, messageId, { download: state, ...(sizeBytes ? { size: sizeBytes } : {}) });
}

export interface MediaFileRow {
  id: string;
  messageId: string | null;
  mediaType: string;
  mimeType: string;
  fileName: string | null;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  transcript: string | null;
}

/** One stored file of the organization (404 for another organization's id). */
export async function getMediaFile(db: DbOrTx, organizationId: string, mediaId: string): Promise<MediaFileRow> {
  const row = await db.selectFrom('media_files').selectAll().where('organization_id', '=', organizationId).where('id', '=', mediaId).executeTakeFirst();
  if (!row) throw notFound('media file');
  const content = row.content as Uint8Array;
  return {
    id: row.id,
    messageId: row.message_id,
    mediaType: row.media_type,
    mimeType: row.mime_type,
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
    transcript: row.transcript,
  };
}

/** Stores a transcript on the file and on the message's media description (which the analysis reads). */
export async function saveTranscript(db: DbOrTx, organizationId: string, mediaId: string, transcript: string, model: string, now: Date): Promise<void> {
  const row = await db
    .updateTable('media_files')
    .set({ transcript, transcript_model: model, transcribed_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', mediaId)
    .returning('message_id')
    .executeTakeFirst();
  if (!row) throw notFound('media file');
  if (row.message_id) await patchMessageMedia(db, organizationId, row.message_id, { transcript });
}
