import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type RouteSchema = z.ZodType | { properties: z.ZodType };

/**
 * Response serialisers compiled from each route's Zod schema: fast-json-stringify turns the schema's JSON
 * Schema into one function writing that shape, instead of Zod checking every response and JSON.stringify
 * walking it again (the list routes spent a tenth of their time there). Only for schemas that are plain
 * data — objects, arrays, records, strings, numbers, booleans, nullable and optional fields. A schema with an
 * enum or literal, a choice (union), a reference, a transform, a default or a codec keeps the Zod serialiser.
 * Each route's JSON is exactly what it was: the same fields, in the same order, unknown fields left out.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<RouteSchema> = (route) => {
  const schema = route.schema instanceof z.ZodType ? route.schema : route.schema.properties;
  const jsonSchema = plainDataJsonSchema(schema);
  return jsonSchema ? fastJson(jsonSchema) : zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
};

/** The JSON Schema of a plain-data Zod schema; undefined when fast-json-stringify could not write it faithfully. */
export function plainDataJsonSchema(schema: z.ZodType): Record<string, unknown> | undefined {
  if (!isPlainData(schema, new Set())) return undefined;
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'throw', reused: 'inline' }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return usesOnlyPlainKeywords(json) ? json : undefined;
}

// Enums and literals stay with Zod: it refuses a value outside the list (500, never the raw value), which a
// writer of strings would pass through.
const PLAIN_ZOD_TYPES = new Set(['object', 'array', 'record', 'string', 'number', 'int', 'boolean', 'null', 'nullable', 'optional', 'unknown', 'any', 'readonly']);

/** Walks the Zod definition: only the types above, all the way down. */
function isPlainData(schema: z.ZodType, seen: Set<unknown>): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (!PLAIN_ZOD_TYPES.has(def.type)) return false;
  for (const value of Object.values(def)) {
    for (const child of childSchemas(value)) if (!isPlainData(child, seen)) return false;
  }
  return true;
}

function childSchemas(value: unknown): z.ZodType[] {
  if (value instanceof z.ZodType) return [value];
  if (Array.isArray(value)) return value.filter((item): item is z.ZodType => item instanceof z.ZodType);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).filter((item): item is z.ZodType => item instanceof z.ZodType);
  }
  return [];
}

const CHOICE_KEYWORDS = ['anyOf', 'oneOf', 'allOf', 'not', '$ref', 'if', 'patternProperties', 'prefixItems'];

function usesOnlyPlainKeywords(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(usesOnlyPlainKeywords);
  if (!node || typeof node !== 'object') return true;
  if (CHOICE_KEYWORDS.some((keyword) => keyword in node)) return false;
  // Tuples (items as an array) are not plain lists.
  if ('items' in node && Array.isArray((node as { items: unknown }).items)) return false;
  return Object.values(node).every(usesOnlyPlainKeywords);
}
