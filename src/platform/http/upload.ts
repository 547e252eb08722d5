import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export interface ReceivedUpload {
  path: string;
  bytes: number;
  /** Removes the temporary folder; safe to call twice. */
  cleanup(): Promise<void>;
}

const tooLarge = (maxBytes: number, setting: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `the file is larger than the ${formatBytes(maxBytes)} allowed (${setting})`, [
    { field: 'body', message: `at most ${maxBytes} bytes` },
  ]);

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Lets a plugin's routes take `application/octet-stream` bodies as a stream (never a buffer): the handler
 * writes it to disk with `receiveUpload`. A declared Content-Length over the limit is refused before any of
 * the body is read.
 */
export interface StreamedUploadOptions {
  /** The setting that raises the limit, named in the 413 answer. */
  setting?: string;
  /** Take any Content-Type (the file's own, as a browser sends a File) rather than only octet-stream. */
  anyContentType?: boolean;
}

export function acceptStreamedUploads(app: FastifyInstance, maxBytes: number, options: StreamedUploadOptions = {}): void {
  const setting = options.setting ?? 'IMPORT_MAX_BYTES';
  app.addContentTypeParser(options.anyContentType ? '*' : 'application/octet-stream', (_request, payload, done) => done(null, payload));
  app.addHook('preParsing', async (request, reply, payload) => {
    if (request.method !== 'POST' && request.method !== 'PUT') return payload;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // The client may still be sending: close the connection instead of draining a body we refuse.
      reply.header('connection', 'close');
      throw tooLarge(maxBytes, setting);
    }
    return payload;
  });
}

/** Streams the request body to a private temporary file, stopping with 413 as soon as it passes `maxBytes`. */
export async function receiveUpload(request: FastifyRequest, reply: FastifyReply, maxBytes: number, fileName = 'upload', setting = 'IMPORT_MAX_BYTES'): Promise<ReceivedUpload> {
  const body = request.body as Readable | undefined;
  if (!body || typeof (body as Readable).pipe !== 'function') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as the request body with Content-Type: application/octet-stream', [
      { field: 'body', message: 'expected the raw file' },
    ]);
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-upload-'));
  const path = join(dir, fileName.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'upload');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  let bytes: number;
  try {
    bytes = await writeBodyTo(body, path, maxBytes, setting);
  } catch (error) {
    await cleanup();
    if (error instanceof AppError) {
      reply.header('connection', 'close'); // the rest of the body is left unread
      throw error;
    }
    throw new AppError('BAD_REQUEST', 'the upload was interrupted before the whole file arrived', [{ field: 'body', message: 'incomplete upload' }]);
  }
  if (bytes === 0) {
    await cleanup();
    throw new AppError('BAD_REQUEST', 'the uploaded file is empty', [{ field: 'body', message: 'empty file' }]);
  }
  return { path, bytes, cleanup };
}

/**
 * Copies the body to `path` with backpressure. Over the limit it stops reading but does not destroy the request
 * stream: destroying it would close the socket before the 413 answer could be sent.
 */
function writeBodyTo(body: Readable, path: string, maxBytes: number, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path, { mode: 0o600 });
    let bytes = 0;
    let settled = false;
    const stop = (error: Error) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.pause();
      file.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return stop(tooLarge(maxBytes, setting));
      if (!file.write(chunk)) {
        body.pause();
        file.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('error', stop);
    body.once('aborted', () => stop(new Error('aborted')));
    body.once('end', () => {
      if (settled) return;
      file.end(() => {
        settled = true;
        resolve(bytes);
      });
    });
    file.once('error', stop);
  });
}
