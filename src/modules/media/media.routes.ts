import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getMediaFile } from './media.service.ts';

/** Types a browser may show inline; everything else is served as a download. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|audio\/[a-z0-9.+-]+|video\/(mp4|webm|ogg))$/;

/** RFC 6266 filename: an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', fileName: string | null): string {
  if (!fileName) return kind;
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function mediaRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  app.get(
    '/api/media/:mediaId',
    {
      schema: {
        tags: ['conversations'],
        summary: 'The bytes of a stored media file (an inbound image, voice note, audio or document), with its content type',
        params: z.strictObject({ mediaId: z.uuid() }),
        querystring: z.strictObject({ download: z.enum(['1', 'true']).optional() }),
      },
    },
    async (request, reply) => {
      const file = await getMediaFile(db, authOf(request).organizationId, request.params.mediaId);
      const inline = !request.query.download && INLINE.test(file.mimeType);
      const etag = `"${file.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'private, max-age=86400').header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      reply
        .header('content-type', file.mimeType)
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.fileName))
        .header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(file.content);
    },
  );
}
