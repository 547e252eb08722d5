/**
 * A local fake of an OpenAI-compatible Chat Completions endpoint for tests: `POST /v1/chat/completions`.
 *
 * `respond(body, index)` decides each answer: `{ content }` is wrapped in the OpenAI wire format
 * (`{ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content },
 * finish_reason: 'stop' }], usage }`); `{ body }` is sent as is (errors, odd shapes). `delayMs` holds the answer
 * back (timeouts), `headers` adds response headers (`retry-after`). Every request is recorded, and the number of
 * requests in flight is tracked (`maxInFlight`) for concurrency-limit tests.
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

export interface FakeOpenAiOptions {
  respond: (body: Record<string, unknown>, index: number) => FakeOpenAiReply | Promise<FakeOpenAiReply>;
}

export interface FakeOpenAi {
  /** Server root, e.g. http://127.0.0.1:12345 — the SDK's baseURL is `${url}/v1`. */
  url: string;
  baseURL: string;
  requests: FakeOpenAiRequest[];
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
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
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

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
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
