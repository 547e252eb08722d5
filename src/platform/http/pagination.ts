import { z } from 'zod';
import { badRequest } from '../errors.ts';

/** Keyset cursor: the sort value and id of the last row of the previous page, base64url-encoded. */
export interface Cursor {
  value: string | number | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A timestamptz as PostgreSQL prints it (`2026-01-05 09:00:00.123456+00`), or ISO 8601. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/;

/**
 * Every cursor carries a row id (uuid); `valueKind: 'timestamp'` also checks the sort value, so a
 * tampered cursor is a 400 naming `query.cursor` rather than a database cast error.
 */
export function decodeCursor(raw: string | undefined, valueKind?: 'timestamp'): Cursor | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
      const value = parsed[0];
      const isValueValid =
        valueKind === 'timestamp'
          ? typeof value === 'string' && TIMESTAMP.test(value)
          : value === null || typeof value === 'string' || typeof value === 'number';
      if (isValueValid) return { value: value as Cursor['value'], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('cursor is not valid; pass the nextCursor of a previous page', 'query.cursor');
}

export const ZPageQuery = z.object({
  cursor: z.string().max(500).optional().describe('nextCursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const zPage = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });

/** Given limit+1 fetched rows, returns the page and the cursor of its last row if more rows exist. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => Cursor,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}

export const iso = (date: Date | string | null | undefined): string | null =>
  date == null ? null : (date instanceof Date ? date : new Date(date)).toISOString();
