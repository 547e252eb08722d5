/**
 * A local fake of an OpenAI-compatible Chat Completions endpoint for tests: `POST /v1/chat/completions`.
 *
 * `respond(body, index)` decides each answer: `{ content }` is wrapped in the OpenAI wire format
 * (`{ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content },
 * finish_reason: 'stop' }], usage }`); `{ body }` is sent as is (errors, odd shapes). `delayMs` holds the answer
 * back (timeouts), `headers` adds response headers (`retry-after`). Every request is recorded, and the number of
 * requests in flight is tracked (`maxInFlight`) for concurrency-limit tests.
 *
 * It also serves speech-to-text, `POST /v1/audio/transcriptions` (multipart/form-data: `file`, `model`, optional
 * `response_format`, `language`, `prompt`), answering `{ text }`. `transcribe(request, index)` decides each answer;
 * by default the "speech" is whatever follows `SPEECH:` in the uploaded bytes, so tests choose what was said. Each
 * call is recorded in `transcriptions`.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiReply {
  status?: number;
  /** Raw JSON body; takes precedence over `content`. */
  body?: unknown;
  /** Assistant message content, wrapped in a chat.completion envelope. */
  content?: string;
  usage?: { promptTokens: number; completionTokens: number };
  delayMs?: number;
  headers?: Record<string, string>;
}

export interface FakeOpenAiRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeTranscriptionRequest {
  model: string | null;
  fileName: string | null;
  mimeType: string | null;
  bytes: Buffer;
  fields: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeTranscriptionReply {
  status?: number;
  /** Raw JSON body; takes precedence over `text`. */
  body?: unknown;
  text?: string;
}

export interface FakeOpenAiOptions {
  respond: (body: Record<string, unknown>, index: number) => FakeOpenAiReply | Promise<FakeOpenAiReply>;
  transcribe?: (request: FakeTranscriptionRequest, index: number) => FakeTranscriptionReply | Promise<FakeTranscriptionReply>;
}

/** The default fake speech recognition: the text after `SPEECH:` in the audio bytes. */
export function fakeSpeechOf(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  const at = text.indexOf('SPEECH:');
  return at === -1 ? '' : text.slice(at + 'SPEECH:'.length).replace(/\0+$/, '').trim();
}

export interface FakeOpenAi {
  /** Server root, e.g. http://127.0.0.1:12345 — the SDK's baseURL is `${url}/v1`. */
  url: string;
  baseURL: string;
  requests: FakeOpenAiRequest[];
  /** Every `/v1/audio/transcriptions` call, in order. */
  transcriptions: FakeTranscriptionRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export function chatCompletion(content: string, model = 'fake-model', usage = { promptTokens: 10, completionTokens: 5 }) {
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2, 10)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeOpenAi(options: FakeOpenAiOptions): Promise<FakeOpenAi> {
  const requests: FakeOpenAiRequest[] = [];
  const transcriptions: FakeTranscriptionRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'POST' && path === '/v1/audio/transcriptions') {
        await handleTranscription(req, res);
        return;
      }
      const raw = await readBody(req);
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        send(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error', code: null } });
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        send(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error', code: null } });
        return;
      }
      const index = requests.length;
      requests.push({ method: req.method, path, body, headers: req.headers });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const reply = await options.respond(body, index);
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        const model = typeof body.model === 'string' ? body.model : 'fake-model';
        const payload = reply.body !== undefined ? reply.body : chatCompletion(reply.content ?? '', model, reply.usage);
        send(res, reply.status ?? 200, payload, reply.headers);
      } finally {
        inFlight--;
      }
    })().catch((error: unknown) => {
      send(res, 500, { error: { message: String(error), type: 'server_error', code: null } });
    });
  });

  async function handleTranscription(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data')) {
      send(res, 400, { error: { message: 'expected multipart/form-data', type: 'invalid_request_error', code: null } });
      return;
    }
    const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file');
    const fields: Record<string, string> = {};
    for (const [name, value] of form.entries()) if (typeof value === 'string') fields[name] = value;
    if (!file || typeof file === 'string') {
      send(res, 400, { error: { message: "'file' is a required property", type: 'invalid_request_error', param: 'file', code: null } });
      return;
    }
    const request: FakeTranscriptionRequest = {
      model: fields.model ?? null,
      fileName: file.name || null,
      mimeType: file.type || null,
      bytes: Buffer.from(await file.arrayBuffer()),
      fields,
      headers: req.headers,
    };
    const index = transcriptions.length;
    transcriptions.push(request);
    if (!request.model) {
      send(res, 400, { error: { message: "'model' is a required property", type: 'invalid_request_error', param: 'model', code: null } });
      return;
    }
    const reply = options.transcribe ? await options.transcribe(request, index) : { text: fakeSpeechOf(request.bytes) };
    send(res, reply.status ?? 200, reply.body !== undefined ? reply.body : { text: reply.text ?? '' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    transcriptions,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
