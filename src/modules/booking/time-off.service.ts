import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import type { TimeOffKind } from './booking.tables.ts';
import { getStaff } from './catalog.service.ts';
import type { Interval } from './engine/free-slots.ts';

/** Vacations and days off of staff members: whole local days the calendar treats as busy. */

export interface TimeOffRow {
  id: string;
  staff_id: string;
  kind: TimeOffKind;
  starts_on: string;
  ends_on: string;
  note: string | null;
  created_at: Date;
}

export function toTimeOffDto(row: TimeOffRow) {
  return { id: row.id, staffId: row.staff_id, kind: row.kind, startsOn: row.starts_on, endsOn: row.ends_on, note: row.note, createdAt: iso(row.created_at)! };
}

function selectTimeOff(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('booking_staff_time_off')
    .select(['id', 'staff_id', 'kind', 'note', 'created_at'])
    .select([sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on')])
    .where('organization_id', '=', organizationId);
}

/** Time off of one staff member (or everyone) that has not ended before `since` (a local date), soonest first. */
export async function listTimeOff(db: DbOrTx, organizationId: string, query: { staffId?: string; since?: string }): Promise<TimeOffRow[]> {
  let builder = selectTimeOff(db, organizationId);
  if (query.staffId) builder = builder.where('staff_id', '=', query.staffId);
  if (query.since) builder = builder.where('ends_on', '>=', query.since);
  return builder.orderBy('starts_on').orderBy('id').execute();
}

export async function createTimeOff(
  db: Db,
  organizationId: string,
  staffId: string,
  input: { kind: TimeOffKind; startsOn: string; endsOn: string; note?: string | null },
): Promise<TimeOffRow> {
  await getStaff(db, organizationId, staffId);
  if (input.endsOn < input.startsOn) throw new AppError('BAD_REQUEST', 'the last day is before the first', [{ field: 'body.endsOn', message: 'must not be before startsOn' }]);
  const row = await db
    .insertInto('booking_staff_time_off')
    .values({ organization_id: organizationId, staff_id: staffId, kind: input.kind, starts_on: input.startsOn, ends_on: input.endsOn, note: input.note ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await selectTimeOff(db, organizationId).where('id', '=', row.id).executeTakeFirstOrThrow()) as TimeOffRow;
}

export async function deleteTimeOff(db: Db, organizationId: string, staffId: string, timeOffId: string): Promise<void> {
  const result = await db
    .deleteFrom('booking_staff_time_off')
    .where('organization_id', '=', organizationId)
    .where('staff_id', '=', staffId)
    .where('id', '=', timeOffId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('time off');
}

/** Time off overlapping [from, to) as busy intervals per staff member: local midnight to local midnight after the last day. */
export async function timeOffIntervals(db: DbOrTx, organizationId: string, staffIds: string[], from: Date, to: Date, timezone: string): Promise<Map<string, Interval[]>> {
  const result = new Map<string, Interval[]>();
  if (staffIds.length === 0) return result;
  const firstDay = DateTime.fromJSDate(from, { zone: timezone }).toISODate()!;
  const lastDay = DateTime.fromJSDate(to, { zone: timezone }).toISODate()!;
  const rows = await selectTimeOff(db, organizationId).where('staff_id', 'in', staffIds).where('ends_on', '>=', firstDay).where('starts_on', '<=', lastDay).execute();
  for (const row of rows) {
    const list = result.get(row.staff_id) ?? [];
    list.push({
      start: DateTime.fromISO(row.starts_on, { zone: timezone }).startOf('day').toJSDate(),
      end: DateTime.fromISO(row.ends_on, { zone: timezone }).plus({ days: 1 }).startOf('day').toJSDate(),
    });
    result.set(row.staff_id, list);
  }
  return result;
}
