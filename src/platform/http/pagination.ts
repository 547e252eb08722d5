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

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const value = parsed[0];
      if (value === null || typeof value === 'string' || typeof value === 'number') return { value, id: parsed[1] };
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
