/** Transcribes a stored voice note or audio message (`media-transcribe.job.ts`). */
export const MEDIA_TRANSCRIBE_TASK = 'media.transcribe';

/** Media types worth sending to speech-to-text. */
export const TRANSCRIBABLE_TYPES = new Set(['voice', 'audio']);
