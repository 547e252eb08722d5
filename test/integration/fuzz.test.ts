/**
 * Bounded fuzzing from the generated OpenAPI document: for every operation a few requests with made-up ids,
 * impossible values, wrong types and hostile strings. Any 5xx or a stack trace in a response fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: { type?: string; enum?: unknown[]; format?: string };
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }> };
}

const HOSTILE = ['\u0000', '2026-02-30', '2026-13-45', '-1', '1e309', 'NaN', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%', 'x'.repeat(5000), '[]', '{}'];
const WRONG_TYPES: unknown[] = [null, 12345678901234567890, -1, true, 'text', ['a'], { nested: { deeper: '\u0000' } }, 'x'.repeat(20_000)];
const STACK = /\bat [\w.<>]+ \(|node:internal|\/src\/|\.ts:\d+:\d+/;

let t: TestApp;
let org: TestOrg;
let seed = 1;
/** A small deterministic generator, so a failure repeats on the next run. */
function pick<T>(items: readonly T[]): T {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return items[seed % items.length]!;
}

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
});
afterAll(() => t?.close());

function pathWith(template: string, value: (name: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}

function requestsFor(path: string, method: string, operation: Operation) {
  const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
  const properties = Object.keys(Object.values(operation.requestBody?.content ?? {})[0]?.schema?.properties ?? {});
  const hasBody = !['get', 'delete', 'head'].includes(method) && operation.requestBody !== undefined;
  const randomId = () => crypto.randomUUID();
  const out: { url: string; payload?: unknown }[] = [];
  // 1. Made-up ids, nothing else.
  out.push({ url: pathWith(path, randomId), ...(hasBody ? { payload: {} } : {}) });
  // 2. Hostile path and query values.
  const qs = query.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(pick(HOSTILE))}`).join('&');
  out.push({ url: pathWith(path, () => pick(HOSTILE)) + (qs ? `?${qs}` : ''), ...(hasBody ? { payload: Object.fromEntries(properties.map((name) => [name, pick(HOSTILE)])) } : {}) });
  // 3. Wrong types for every body field, an unknown field, and an unknown query parameter.
  out.push({
    url: `${pathWith(path, randomId)}?unexpected=${encodeURIComponent(pick(HOSTILE))}`,
    ...(hasBody ? { payload: { ...Object.fromEntries(properties.map((name) => [name, pick(WRONG_TYPES)])), __proto__x: 1 } } : {}),
  });
  if (hasBody) out.push({ url: pathWith(path, randomId), payload: pick(WRONG_TYPES) });
  return out;
}

describe('OpenAPI-driven fuzzing', () => {
  it('no operation answers 5xx or shows a stack trace', async () => {
    const spec = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
    const failures: string[] = [];
    let requests = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        for (const request of requestsFor(path, method, operation)) {
          requests++;
          const response = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url: request.url,
            headers: { cookie: org.cookie, 'x-parley-client': 'fuzz' },
            ...(request.payload !== undefined ? { payload: JSON.stringify(request.payload), headers: { cookie: org.cookie, 'x-parley-client': 'fuzz', 'content-type': 'application/json' } } : {}),
          });
          if (response.statusCode >= 500 || STACK.test(response.body)) {
            failures.push(`${method.toUpperCase()} ${request.url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(400);
    expect(failures).toEqual([]);
  }, 300_000);
});
