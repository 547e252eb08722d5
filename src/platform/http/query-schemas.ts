import { z } from 'zod';

/**
 * A calendar date as YYYY-MM-DD that exists (2026-02-30 and 2026-13-45 are refused with 400, never reach
 * date arithmetic). Every route that takes a local date in its query uses this one schema.
 */
export const ZLocalDate = z.iso.date({ error: 'must be a real calendar date as YYYY-MM-DD' });

/** An instant as ISO 8601 with its offset (2026-03-01T10:00:00+03:00); impossible dates are refused. */
export const ZInstant = z.iso.datetime({ offset: true, error: 'must be a real date and time as ISO 8601 with an offset, e.g. 2026-03-01T10:00:00+03:00' });
