import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { WorkingHours } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { getOrganization } from '../orgs/index.ts';
import type { CreateServiceInput, CreateStaffInput, UpdateServiceInput, UpdateStaffInput } from './booking.schemas.ts';

/** The services and staff of the calendar, with who does what. */

export interface ServiceRow {
  id: string;
  name: string;
  category: string | null;
  duration_minutes: number;
  price: string;
  currency: string;
  is_active: boolean;
  source: string;
  external_id: string | null;
  staff_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export interface StaffRow {
  id: string;
  name: string;
  working_hours: WorkingHours;
  is_active: boolean;
  source: string;
  external_id: string | null;
  service_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export function toServiceDto(row: ServiceRow) {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    durationMinutes: row.duration_minutes,
    price: Number(row.price),
    currency: row.currency,
    isActive: row.is_active,
    source: row.source,
    externalId: row.external_id,
    staffIds: row.staff_ids ?? [],
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function toStaffDto(row: StaffRow) {
  return {
    id: row.id,
    name: row.name,
    workingHours: row.working_hours as Record<string, Array<[string, string]>>,
    isActive: row.is_active,
    source: row.source,
    externalId: row.external_id,
    serviceIds: row.service_ids ?? [],
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function selectServices(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('booking_services as s')
    .select(['s.id', 's.name', 's.category', 's.duration_minutes', 's.price', 's.currency', 's.is_active', 's.source', 's.external_id', 's.created_at', 's.updated_at'])
    .select(
      sql<string[]>`coalesce((SELECT array_agg(ss.staff_id ORDER BY ss.staff_id) FROM booking_staff_services ss WHERE ss.service_id = s.id), '{}')`.as('staff_ids'),
    )
    .where('s.organization_id', '=', organizationId);
}

function selectStaff(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('booking_staff as st')
    .select(['st.id', 'st.name', 'st.working_hours', 'st.is_active', 'st.source', 'st.external_id', 'st.created_at', 'st.updated_at'])
    .select(
      sql<string[]>`coalesce((SELECT array_agg(ss.service_id ORDER BY ss.service_id) FROM booking_staff_services ss WHERE ss.staff_id = st.id), '{}')`.as('service_ids'),
    )
    .where('st.organization_id', '=', organizationId);
}

export async function listServices(db: DbOrTx, organizationId: string, options: { includeInactive?: boolean } = {}): Promise<ServiceRow[]> {
  let query = selectServices(db, organizationId);
  if (!options.includeInactive) query = query.where('s.is_active', '=', true);
  return (await query.orderBy(sql`lower(s.name)`).orderBy('s.id').execute()) as ServiceRow[];
}

export async function getService(db: DbOrTx, organizationId: string, serviceId: string): Promise<ServiceRow> {
  const row = await selectServices(db, organizationId).where('s.id', '=', serviceId).executeTakeFirst();
  if (!row) throw notFound('service');
  return row as ServiceRow;
}

export async function listStaff(db: DbOrTx, organizationId: string, options: { includeInactive?: boolean } = {}): Promise<StaffRow[]> {
  let query = selectStaff(db, organizationId);
  if (!options.includeInactive) query = query.where('st.is_active', '=', true);
  return (await query.orderBy(sql`lower(st.name)`).orderBy('st.id').execute()) as StaffRow[];
}

export async function getStaff(db: DbOrTx, organizationId: string, staffId: string): Promise<StaffRow> {
  const row = await selectStaff(db, organizationId).where('st.id', '=', staffId).executeTakeFirst();
  if (!row) throw notFound('staff member');
  return row as StaffRow;
}

/** Ids that are not rows of this organization, named by the field they came in. */
async function assertOwned(db: DbOrTx, table: 'booking_services' | 'booking_staff', organizationId: string, ids: string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db.selectFrom(table).select('id').where('organization_id', '=', organizationId).where('id', 'in', unique).execute();
  if (found.length !== unique.length) {
    const known = new Set(found.map((r) => r.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new AppError('BAD_REQUEST', `${table === 'booking_staff' ? 'staff member' : 'service'} not found: ${missing.join(', ')}`, [{ field, message: 'no such id in this organization' }]);
  }
}

export async function createService(db: Db, organizationId: string, input: CreateServiceInput, now: Date): Promise<ServiceRow> {
  await assertOwned(db, 'booking_staff', organizationId, input.staffIds ?? [], 'body.staffIds');
  const currency = input.currency ?? (await getOrganization(db, organizationId)).currency;
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('booking_services')
      .values({
        organization_id: organizationId,
        name: input.name,
        category: input.category ?? null,
        duration_minutes: input.durationMinutes,
        price: input.price,
        currency,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkStaffServices(tx, organizationId, (input.staffIds ?? []).map((staffId) => ({ staffId, serviceId: row.id })));
    return row.id;
  });
  return getService(db, organizationId, id);
}

export async function updateService(db: Db, organizationId: string, serviceId: string, input: UpdateServiceInput, now: Date): Promise<ServiceRow> {
  await getService(db, organizationId, serviceId);
  if (input.staffIds) await assertOwned(db, 'booking_staff', organizationId, input.staffIds, 'body.staffIds');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('booking_services')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.durationMinutes !== undefined ? { duration_minutes: input.durationMinutes } : {}),
        ...(input.price !== undefined ? { price: input.price } : {}),
        ...(input.currency !== undefined ? { currency: input.currency } : {}),
        ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', serviceId)
      .execute();
    if (input.staffIds) {
      await tx.deleteFrom('booking_staff_services').where('organization_id', '=', organizationId).where('service_id', '=', serviceId).execute();
      await linkStaffServices(tx, organizationId, input.staffIds.map((staffId) => ({ staffId, serviceId })));
    }
  });
  return getService(db, organizationId, serviceId);
}

/** A service with history is archived (history keeps pointing at it); one without is deleted. */
export async function deleteService(db: Db, organizationId: string, serviceId: string, now: Date): Promise<{ archived: boolean }> {
  await getService(db, organizationId, serviceId);
  const used = await db
    .selectFrom('booking_visits')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('service_id', '=', serviceId)
    .union(db.selectFrom('booking_appointments').select('id').where('organization_id', '=', organizationId).where('service_id', '=', serviceId))
    .limit(1)
    .executeTakeFirst();
  if (used) {
    await db.updateTable('booking_services').set({ is_active: false, updated_at: now }).where('organization_id', '=', organizationId).where('id', '=', serviceId).execute();
    return { archived: true };
  }
  await db.deleteFrom('booking_services').where('organization_id', '=', organizationId).where('id', '=', serviceId).execute();
  return { archived: false };
}

export async function createStaff(db: Db, organizationId: string, input: CreateStaffInput, now: Date): Promise<StaffRow> {
  await assertOwned(db, 'booking_services', organizationId, input.serviceIds ?? [], 'body.serviceIds');
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('booking_staff')
      .values({ organization_id: organizationId, name: input.name, working_hours: JSON.stringify(input.workingHours ?? {}), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkStaffServices(tx, organizationId, (input.serviceIds ?? []).map((serviceId) => ({ staffId: row.id, serviceId })));
    return row.id;
  });
  return getStaff(db, organizationId, id);
}

export async function updateStaff(db: Db, organizationId: string, staffId: string, input: UpdateStaffInput, now: Date): Promise<StaffRow> {
  await getStaff(db, organizationId, staffId);
  if (input.serviceIds) await assertOwned(db, 'booking_services', organizationId, input.serviceIds, 'body.serviceIds');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('booking_staff')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.workingHours !== undefined ? { working_hours: JSON.stringify(input.workingHours) } : {}),
        ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', staffId)
      .execute();
    if (input.serviceIds) {
      await tx.deleteFrom('booking_staff_services').where('organization_id', '=', organizationId).where('staff_id', '=', staffId).execute();
      await linkStaffServices(tx, organizationId, input.serviceIds.map((serviceId) => ({ staffId, serviceId })));
    }
  });
  return getStaff(db, organizationId, staffId);
}

/** Staff with history are archived; others deleted. */
export async function deleteStaff(db: Db, organizationId: string, staffId: string, now: Date): Promise<{ archived: boolean }> {
  await getStaff(db, organizationId, staffId);
  const used = await db
    .selectFrom('booking_visits')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('staff_id', '=', staffId)
    .union(db.selectFrom('booking_appointments').select('id').where('organization_id', '=', organizationId).where('staff_id', '=', staffId))
    .limit(1)
    .executeTakeFirst();
  if (used) {
    await db.updateTable('booking_staff').set({ is_active: false, updated_at: now }).where('organization_id', '=', organizationId).where('id', '=', staffId).execute();
    return { archived: true };
  }
  await db.deleteFrom('booking_staff').where('organization_id', '=', organizationId).where('id', '=', staffId).execute();
  return { archived: false };
}

export async function linkStaffServices(db: DbOrTx, organizationId: string, links: Array<{ staffId: string; serviceId: string }>): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('booking_staff_services')
    .values(links.map((l) => ({ organization_id: organizationId, staff_id: l.staffId, service_id: l.serviceId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
