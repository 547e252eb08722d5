import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { enqueueJob, defineJob, PermanentJobError } from '../../platform/jobs/job-queue.ts';
import { recordAiCall, resolveTranscriptionSettings, transcribeAudio, TranscriptionRejectedError } from '../ai/index.ts';
import { getMediaFile, saveTranscript } from './media.service.ts';
import { MEDIA_TRANSCRIBE_TASK, TRANSCRIBABLE_TYPES } from './media-tasks.ts';

const EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/webm': 'webm',
  'audio/amr': 'amr',
};

/** The endpoint guesses the format from the file name: give it one with the right extension. */
export function audioFileName(fileName: string | null, mimeType: string): string {
  if (fileName && /\.[a-z0-9]{2,4}$/i.test(fileName)) return fileName;
  return `voice.${EXTENSIONS[mimeType] ?? 'ogg'}`;
}

/**
 * Queues the transcription of a freshly stored voice note or audio message, when the organization has a
 * speech-to-text endpoint. Offline (no endpoint) nothing is queued: the message stays playable without text.
 */
export async function queueTranscriptionIfConfigured(ctx: AppContext, organizationId: string, media: { id: string; mediaType: string }): Promise<boolean> {
  if (!TRANSCRIBABLE_TYPES.has(media.mediaType)) return false;
  const settings = await resolveTranscriptionSettings(ctx.db, ctx.config, ctx.secrets, organizationId);
  if (!settings) return false;
  await enqueueJob(ctx.db, MEDIA_TRANSCRIBE_TASK, { mediaId: media.id }, { organizationId, jobKey: `transcribe:${media.id}`, maxAttempts: 5, runAt: ctx.clock.now() });
  return true;
}

/** `POST /audio/transcriptions` for one stored file; the text lands on the file and the message. */
export const mediaTranscribeJob = defineJob({
  task: MEDIA_TRANSCRIBE_TASK,
  payload: z.object({ mediaId: z.string() }),
  leaseMs: 5 * 60_000,
  async handler({ payload, job, ctx }: { payload: { mediaId: string }; job: Job; ctx: AppContext }) {
    const organizationId = job.organization_id!;
    const file = await getMediaFile(ctx.db, organizationId, payload.mediaId).catch(() => null);
    if (!file || file.transcript !== null) return;
    const settings = await resolveTranscriptionSettings(ctx.db, ctx.config, ctx.secrets, organizationId);
    if (!settings) return;
    try {
      const started = performance.now();
      const text = await transcribeAudio(settings, { bytes: file.content, fileName: audioFileName(file.fileName, file.mimeType), mimeType: file.mimeType });
      await saveTranscript(ctx.db, organizationId, file.id, text, settings.model, ctx.clock.now());
      // Counted with the organization's other AI calls (Settings → AI → usage); audio is billed by length, not tokens.
      await recordAiCall(
        ctx.db,
        organizationId,
        { value: null, provider: 'openai', model: settings.model, usage: { promptTokens: 0, completionTokens: 0 }, costUsd: 0, latencyMs: performance.now() - started },
        MEDIA_TRANSCRIBE_TASK,
      );
    } catch (error) {
      if (error instanceof TranscriptionRejectedError) throw new PermanentJobError(error.message);
      throw error;
    }
  },
});
