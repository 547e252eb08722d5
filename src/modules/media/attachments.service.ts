import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { MediaInfo } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AttachmentKind } from './engine/attachment-kind.ts';

/** A file uploaded in the composer, waiting to be sent (`media_files` row without a message). */
export interface UploadedAttachment {
  id: string;
  kind: AttachmentKind;
  mimeType: string;
  fileName: string | null;
  sizeBytes: number;
  sha256: string;
  conversationId: string;
  /** Set once a message carries it. */
  messageId: string | null;
}

export interface StoreAttachmentInput {
  conversationId: string;
  userId: string;
  kind: AttachmentKind;
  mimeType: string;
  fileName: string | null;
  bytes: Buffer;
}

/** Keeps an uploaded file beside the inbound ones (same table, same `/api/media/:id`), not yet tied to a message. */
export async function storeAttachment(db: DbOrTx, organizationId: string, input: StoreAttachmentInput): Promise<UploadedAttachment> {
  const row = await db
    .insertInto('media_files')
    .values({
      organization_id: organizationId,
      message_id: null,
      conversation_id: input.conversationId,
      uploaded_by_user_id: input.userId,
      media_type: input.kind,
      mime_type: input.mimeType,
      file_name: input.fileName,
      size_bytes: input.bytes.byteLength,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      content: input.bytes,
    })
    .returning(['id', 'media_type', 'mime_type', 'file_name', 'size_bytes', 'sha256', 'conversation_id', 'message_id'])
    .executeTakeFirstOrThrow();
  return toAttachment(row);
}

function toAttachment(row: { id: string; media_type: string; mime_type: string; file_name: string | null; size_bytes: number; sha256: string; conversation_id: string | null; message_id: string | null }): UploadedAttachment {
  return {
    id: row.id,
    kind: row.media_type as AttachmentKind,
    mimeType: row.mime_type,
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    conversationId: row.conversation_id!,
    messageId: row.message_id,
  };
}

const badAttachment = (message: string) => new AppError('BAD_REQUEST', message, [{ field: 'body.media.mediaId', message }]);

/**
 * The upload a message is about to carry: of this organization, uploaded for this conversation, not sent yet.
 * Anything else is a bad field (another organization's id reads as unknown).
 */
export async function getPendingAttachment(db: DbOrTx, organizationId: string, mediaId: string, conversationId: string): Promise<UploadedAttachment> {
  const row = await db
    .selectFrom('media_files')
    .select(['id', 'media_type', 'mime_type', 'file_name', 'size_bytes', 'sha256', 'conversation_id', 'message_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (!row || row.conversation_id === null) throw badAttachment('no such uploaded file: upload it with POST /api/conversations/:conversationId/attachments');
  if (row.conversation_id !== conversationId) throw badAttachment('this file was uploaded for another conversation');
  if (row.message_id !== null) throw badAttachment('this file was already sent; upload it again to send it once more');
  return toAttachment(row);
}

/** The media description a message carrying the upload stores (what the thread shows and the dispatcher reads). */
export function attachmentMediaInfo(attachment: UploadedAttachment, caption: string | null): MediaInfo {
  return {
    type: attachment.kind,
    mediaId: attachment.id,
    mimeType: attachment.mimeType,
    fileName: attachment.fileName,
    size: attachment.sizeBytes,
    download: 'stored',
    caption,
  };
}

/**
 * Ties the upload to its message, in the transaction that writes the message: a file goes out with one message
 * only, so a second send of the same upload (two clicks, two tabs) rolls its message back.
 */
export async function attachToMessage(db: DbOrTx, organizationId: string, mediaId: string, messageId: string): Promise<void> {
  const result = await db
    .updateTable('media_files')
    .set({ message_id: messageId })
    .where('organization_id', '=', organizationId)
    .where('id', '=', mediaId)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'this file was already sent; upload it again to send it once more', [{ field: 'body.media.mediaId', message: 'already sent' }]);
}

/** The bytes of a file a queued message carries, for the channel adapter. */
export async function readAttachmentBytes(db: DbOrTx, organizationId: string, mediaId: string): Promise<{ bytes: Buffer; mimeType: string; fileName: string | null } | null> {
  const row = await db.selectFrom('media_files').select(['content', 'mime_type', 'file_name']).where('organization_id', '=', organizationId).where('id', '=', mediaId).executeTakeFirst();
  if (!row) return null;
  const content = row.content as Uint8Array;
  return { bytes: Buffer.from(content.buffer, content.byteOffset, content.byteLength), mimeType: row.mime_type, fileName: row.file_name };
}
