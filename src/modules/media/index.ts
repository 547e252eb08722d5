export { mediaRoutes } from './media.routes.ts';
export { getMediaFile, markMediaDownload, normalizeMimeType, saveTranscript, storeMediaFile, type MediaDownloadState, type StoredMedia } from './media.service.ts';
export { mediaTranscribeJob, queueTranscriptionIfConfigured, audioFileName } from './media-transcribe.job.ts';
export { MEDIA_TRANSCRIBE_TASK, TRANSCRIBABLE_TYPES } from './media-tasks.ts';
