export { mediaRoutes } from './media.routes.ts';
export { getMediaFile, markMediaDownload, normalizeMimeType, saveTranscript, storeMediaFile, type MediaDownloadState, type StoredMedia } from './media.service.ts';
export { mediaTranscribeJob, queueTranscriptionIfConfigured, audioFileName } from './media-transcribe.job.ts';
export { MEDIA_TRANSCRIBE_TASK, TRANSCRIBABLE_TYPES } from './media-tasks.ts';
export { storeAttachment, getPendingAttachment, attachmentMediaInfo, attachToMessage, readAttachmentBytes, type UploadedAttachment } from './attachments.service.ts';
export { checkAttachment, sniffMimeType, ALLOWED_ATTACHMENT_TYPES, type AttachmentKind } from './engine/attachment-kind.ts';
export { webmOpusToOgg } from './engine/webm-to-ogg.ts';
