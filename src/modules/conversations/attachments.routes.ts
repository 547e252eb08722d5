import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http/auth.ts';
import { acceptStreamedUploads, receiveUpload } from '../../platform/http/upload.ts';
import { attachmentMediaInfo, checkAttachment, storeAttachment, webmOpusToOgg } from '../media/index.ts';
import { assertSendable } from '../outreach/index.ts';
import { getConversation } from './conversations.service.ts';
import { ZConversationParams } from './conversations.schemas.ts';

export const ZAttachmentQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(255).optional().describe('The name the client sees (documents)'),
  voice: z.enum(['true', 'false']).default('false').describe('true: a voice note recorded in the browser, sent as a voice message where the channel has them'),
});

export const ZAttachment = z.object({
  id: z.string().describe('Send it with POST /api/conversations/:conversationId/messages {media: {mediaId}}'),
  kind: z.enum(['image', 'video', 'audio', 'voice', 'document']),
  mimeType: z.string(),
  fileName: z.string().nullable(),
  size: z.number().int(),
  url: z.string().describe('Where the browser previews it'),
});

/**
 * Files chosen in the composer: the raw file is the body (its own Content-Type, as `fetch(url, {body: file})`
 * sends it), streamed with the `MEDIA_MAX_BYTES` limit, its type checked against its bytes, and refused at once
 * when the conversation's channel cannot send it. Kept like inbound media until a message carries it.
 */
export async function attachmentsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const maxBytes = ctx.config.MEDIA_MAX_BYTES;
  acceptStreamedUploads(app, maxBytes, { setting: 'MEDIA_MAX_BYTES', anyContentType: true });

  app.post(
    '/api/conversations/:conversationId/attachments',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Upload a file to send in this conversation (body: the raw file with its Content-Type); then send a message with {media: {mediaId}}',
        params: ZConversationParams,
        querystring: ZAttachmentQuery,
        response: { 201: ZAttachment },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const conversationId = request.params.conversationId;
      await getConversation(db, auth.organizationId, conversationId);
      const declared = String(request.headers['content-type'] ?? '');
      if (!declared || /^(application\/json|multipart\/)/i.test(declared)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the raw file as the body with its own Content-Type (image/jpeg, application/pdf, audio/ogg, …)', [
          { field: 'headers.content-type', message: 'the file’s MIME type' },
        ]);
      }
      const upload = await receiveUpload(request, reply, maxBytes, request.query.fileName ?? 'attachment', 'MEDIA_MAX_BYTES');
      let bytes: Buffer;
      try {
        bytes = await readFile(upload.path);
      } finally {
        await upload.cleanup();
      }
      const voice = request.query.voice === 'true';
      const check = checkAttachment(declared, bytes.subarray(0, 4096), { voice });
      if (!check.ok) {
        throw check.reason === 'type_not_allowed'
          ? new AppError('UNSUPPORTED_MEDIA_TYPE', check.message, [{ field: 'headers.content-type', message: check.message }])
          : new AppError('BAD_REQUEST', check.message, [{ field: 'body', message: check.message }]);
      }
      let { mimeType } = check;
      let fileName = request.query.fileName ?? null;
      // Chrome records WebM; voice notes travel as OGG/Opus, which every channel plays as a voice message.
      if (check.kind === 'voice' && mimeType === 'audio/webm') {
        const ogg = webmOpusToOgg(bytes);
        if (ogg) {
          bytes = ogg;
          mimeType = 'audio/ogg';
          if (fileName) fileName = fileName.replace(/\.webm$/i, '.ogg');
        }
      }
      const stored = { id: 'upload', kind: check.kind, mimeType, fileName, sizeBytes: bytes.byteLength, sha256: '', conversationId, messageId: null };
      await assertSendable(ctx, auth.organizationId, conversationId, { text: '', media: attachmentMediaInfo(stored, null) });
      const attachment = await storeAttachment(db, auth.organizationId, { conversationId, userId: auth.userId, kind: check.kind, mimeType, fileName, bytes });
      reply.status(201);
      return {
        id: attachment.id,
        kind: attachment.kind,
        mimeType: attachment.mimeType,
        fileName: attachment.fileName,
        size: attachment.sizeBytes,
        url: `/api/media/${attachment.id}`,
      };
    },
  );
}
