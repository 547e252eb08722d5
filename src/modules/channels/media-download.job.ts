import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job, MediaInfo } from '../../platform/db/schema.ts';
import { defineJob, RetryLaterError } from '../../platform/jobs/job-queue.ts';
import { getMessage } from '../conversations/index.ts';
import { markMediaDownload, queueTranscriptionIfConfigured, storeMediaFile } from '../media/index.ts';
import { adapterFor, ChannelError, MediaTooLargeError, type MediaSource } from './channel-adapter.ts';
import { adapterContext } from './adapter-context.ts';
import { getChannelAccount } from './channel-accounts.service.ts';
import { MEDIA_DOWNLOAD_TASK, MEDIA_DOWNLOAD_ATTEMPTS } from './media-download.task.ts';

const DEFAULT_MIME: Record<string, string> = {
  image: 'image/jpeg',
  voice: 'audio/ogg',
  audio: 'audio/mpeg',
  video: 'video/mp4',
  sticker: 'image/webp',
};

/**
 * Downloads an inbound message's file from its channel and stores it (`media_files`), then queues its
 * transcription when it is a voice note and the organization has a speech-to-text endpoint. Provider outages
 * and rate limits are retried with backoff; a file the provider no longer has, or one over `MEDIA_MAX_BYTES`,
 * is recorded on the message (`media.download`) and not asked for again.
 */
export const mediaDownloadJob = defineJob({
  task: MEDIA_DOWNLOAD_TASK,
  payload: z.object({ messageId: z.string(), accountId: z.string(), source: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) }),
  maxAttempts: MEDIA_DOWNLOAD_ATTEMPTS,
  leaseMs: 5 * 60_000,
  async handler({ payload, job, ctx }: { payload: { messageId: string; accountId: string; source: MediaSource }; job: Job; ctx: AppContext }) {
    const { db, clock, config } = ctx;
    const organizationId = job.organization_id!;
    const message = await getMessage(db, organizationId, payload.messageId).catch(() => null);
    const media = message?.media as MediaInfo | null | undefined;
    if (!message || !media || media.download === 'stored') return;
    const account = await getChannelAccount(db, organizationId, payload.accountId).catch(() => null);
    const adapter = account ? adapterFor(ctx.channels, account.channel) : null;
    if (!account || !adapter?.fetchMedia) {
      await markMediaDownload(db, organizationId, message.id, 'failed');
      return;
    }
    const isLastAttempt = job.attempts >= job.max_attempts;
    let fetched;
    try {
      fetched = await adapter.fetchMedia(account, payload.source, adapterContext(ctx), config.MEDIA_MAX_BYTES);
    } catch (error) {
      if (error instanceof MediaTooLargeError) {
        await markMediaDownload(db, organizationId, message.id, 'too_large', error.sizeBytes);
        return;
      }
      if (error instanceof ChannelError && (error.code === 'REJECTED' || error.code === 'RECIPIENT_INVALID')) {
        ctx.logger.warn({ messageId: message.id, reason: error.message }, 'inbound media cannot be downloaded');
        await markMediaDownload(db, organizationId, message.id, 'failed');
        return;
      }
      if (isLastAttempt) {
        ctx.logger.warn({ messageId: message.id, err: error }, 'inbound media download gave up');
        await markMediaDownload(db, organizationId, message.id, 'failed');
        return;
      }
      if (error instanceof ChannelError && error.code === 'RATE_LIMITED' && error.retryAfterMs) {
        throw new RetryLaterError(error.message, new Date(clock.now().getTime() + error.retryAfterMs));
      }
      throw error;
    }
    if (fetched.bytes.byteLength > config.MEDIA_MAX_BYTES) {
      await markMediaDownload(db, organizationId, message.id, 'too_large', fetched.bytes.byteLength);
      return;
    }
    const mimeType = fetched.mimeType ?? media.mimeType ?? DEFAULT_MIME[media.type] ?? 'application/octet-stream';
    const stored = await storeMediaFile(db, organizationId, {
      messageId: message.id,
      mediaType: media.type,
      bytes: fetched.bytes,
      mimeType,
      fileName: media.fileName ?? fetched.fileName ?? null,
    });
    if (stored.isNew) await queueTranscriptionIfConfigured(ctx, organizationId, { id: stored.id, mediaType: stored.mediaType });
  },
});
