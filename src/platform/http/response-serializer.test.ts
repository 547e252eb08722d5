import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainDataJsonSchema, responseSerializerCompiler } from './response-serializer.ts';

const serialize = (schema: z.ZodType, data: unknown) => responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' })(data);

describe('responseSerializerCompiler', () => {
  const ZItem = z.object({ id: z.string(), name: z.string().nullable(), tags: z.array(z.string()), extra: z.record(z.string(), z.unknown()), count: z.number().int().optional(), done: z.boolean() });
  const ZPage = z.object({ items: z.array(ZItem), nextCursor: z.string().nullable() });

  it('writes plain-data schemas like the Zod serialiser: same fields in schema order, unknown fields left out', () => {
    expect(plainDataJsonSchema(ZPage)).toBeDefined();
    const data = { nextCursor: null, items: [{ done: true, id: 'a', name: null, tags: ['x'], extra: { k: [1, { n: 'é"' }] }, secret: 'never' }] };
    const zodJson = JSON.stringify(ZPage.parse(data));
    expect(serialize(ZPage, data)).toBe(zodJson);
    expect(JSON.parse(serialize(ZPage, data))).toEqual({ items: [{ id: 'a', name: null, tags: ['x'], extra: { k: [1, { n: 'é"' }] }, done: true }], nextCursor: null });
  });

  it('leaves unions, transforms and defaults to the Zod serialiser', () => {
    expect(plainDataJsonSchema(z.object({ a: z.union([z.string(), z.number()]) }))).toBeUndefined();
    expect(plainDataJsonSchema(z.object({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(plainDataJsonSchema(z.object({ a: z.string().default('x') }))).toBeUndefined();
    expect(plainDataJsonSchema(z.object({ status: z.enum(['ok', 'down']) }))).toBeUndefined();
    expect(serialize(z.object({ a: z.union([z.string(), z.number()]) }), { a: 1 })).toBe('{"a":1}');
  });

  it('fails a response missing a required field, as before', () => {
    expect(() => serialize(ZPage, { items: [] })).toThrow();
  });
});
