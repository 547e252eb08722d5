import type { Db, DbOrTx } from '../../../platform/db/client.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { iso } from '../../../platform/http/pagination.ts';
import { getOrganization } from '../../orgs/index.ts';
import { resolveContactsByPhone, visitFingerprint } from '../booking-contacts.ts';
import { linkStaffServices } from '../catalog.service.ts';
import { decodeText, parseVisitsCsv, VisitsCsvError, type ParsedVisitsCsv, type VisitColumnMapping, type VisitLineProblem } from './visits-csv.ts';

export interface VisitImportReport {
  lines: number;
  imported: number;
  duplicates: number;
  badLines: number;
  contactsCreated: number;
  servicesCreated: number;
  staffCreated: number;
  errors: VisitLineProblem[];
}

const MAX_REPORTED_ERRORS = 1000;
const CHUNK = 1000;

/**
 * Imports visit history from a CSV file: clients matched by phone (created when new), services and staff matched by
 * name (created when new), then the visits in batches with ON CONFLICT on their fingerprint — importing the same
 * file again adds nothing. Bad lines are reported and skipped.
 */
export async function importVisitsCsv(
  db: Db,
  organizationId: string,
  input: { content: Uint8Array; fileName: string | null; userId: string | null; now: Date; mapping?: VisitColumnMapping },
): Promise<{ id: string; report: VisitImportReport; createdAt: Date }> {
  const organization = await getOrganization(db, organizationId);
  const parsed = parseOrExplain(input.content, { timezone: organization.timezone, region: organization.default_region, now: input.now, mapping: input.mapping });
  const { byPhone, created: contactsCreated } = await resolveContactsByPhone(
    db,
    organizationId,
    parsed.visits.map((v) => ({ phone: v.phone, name: v.name })),
    'booking_csv',
  );

  const result = await db.transaction().execute(async (tx) => {
    const services = await ensureByName(
      tx,
      'booking_services',
      organizationId,
      parsed.visits.map((v) => ({ name: v.service, extra: { category: v.category, duration: v.durationMinutes, price: v.price } })),
      (name, extra) => ({
        organization_id: organizationId,
        name,
        category: extra.category,
        duration_minutes: extra.duration ?? 60,
        price: extra.price ?? 0,
        currency: organization.currency,
        source: 'csv',
      }),
    );
    const staff = await ensureByName(
      tx,
      'booking_staff',
      organizationId,
      parsed.visits.filter((v) => v.staff).map((v) => ({ name: v.staff!, extra: {} })),
      (name) => ({ organization_id: organizationId, name, source: 'csv' }),
    );
    const links = new Map<string, { staffId: string; serviceId: string }>();
    for (const visit of parsed.visits) {
      if (!visit.staff) continue;
      const staffId = staff.ids.get(visit.staff.toLowerCase())!;
      const serviceId = services.ids.get(visit.service.toLowerCase())!;
      links.set(`${staffId}:${serviceId}`, { staffId, serviceId });
    }
    await linkStaffServices(tx, organizationId, [...links.values()]);

    const record = await tx
      .insertInto('booking_visit_imports')
      .values({ organization_id: organizationId, file_name: input.fileName, report: JSON.stringify({}), created_by_user_id: input.userId, created_at: input.now })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();

    let imported = 0;
    for (let i = 0; i < parsed.visits.length; i += CHUNK) {
      const rows = parsed.visits.slice(i, i + CHUNK).map((v) => ({
        organization_id: organizationId,
        contact_id: byPhone.get(v.phone)!,
        service_id: services.ids.get(v.service.toLowerCase())!,
        staff_id: v.staff ? staff.ids.get(v.staff.toLowerCase())! : null,
        start_at: v.startAt,
        price_paid: v.status === 'completed' ? (v.price ?? 0) : 0,
        currency: organization.currency,
        status: v.status,
        source: 'csv',
        fingerprint: visitFingerprint('csv', v.phone, v.service.toLowerCase(), v.startAt.toISOString(), v.staff?.toLowerCase()),
        import_id: record.id,
      }));
      const inserted = await tx
        .insertInto('booking_visits')
        .values(rows)
        .onConflict((oc) => oc.columns(['organization_id', 'fingerprint']).doNothing())
        .returning('id')
        .execute();
      imported += inserted.length;
    }
    const report: VisitImportReport = {
      lines: parsed.lines,
      imported,
      duplicates: parsed.visits.length - imported,
      badLines: parsed.errors.length,
      contactsCreated,
      servicesCreated: services.created,
      staffCreated: staff.created,
      errors: parsed.errors.slice(0, MAX_REPORTED_ERRORS),
    };
    await tx.updateTable('booking_visit_imports').set({ report: JSON.stringify(report) }).where('id', '=', record.id).execute();
    return { id: record.id, report, createdAt: record.created_at };
  });
  return result;
}

function parseOrExplain(content: Uint8Array, options: Parameters<typeof parseVisitsCsv>[1]): ParsedVisitsCsv {
  try {
    return parseVisitsCsv(decodeText(content), options);
  } catch (error) {
    if (error instanceof VisitsCsvError) throw new AppError('BAD_REQUEST', error.message, [{ field: error.column ? `query.${error.column}Column` : 'body', message: error.message }]);
    throw error;
  }
}

const PREVIEW_ROWS = 20;

/**
 * What an import of this file would do, without writing: the header, which header each column is read from, the
 * first lines as they would be stored, and every line that would be skipped with its reason.
 */
export async function previewVisitsCsv(db: DbOrTx, organizationId: string, input: { content: Uint8Array; now: Date; mapping?: VisitColumnMapping }) {
  const organization = await getOrganization(db, organizationId);
  const parsed = parseOrExplain(input.content, { timezone: organization.timezone, region: organization.default_region, now: input.now, mapping: input.mapping });
  return {
    headers: parsed.headers,
    mapping: parsed.mapping,
    lines: parsed.lines,
    valid: parsed.visits.length,
    badLines: parsed.errors.length,
    sample: parsed.visits.slice(0, PREVIEW_ROWS).map((v) => ({
      line: v.line,
      phone: v.phone,
      name: v.name,
      service: v.service,
      staff: v.staff,
      startAt: v.startAt.toISOString(),
      price: v.price,
      status: v.status,
    })),
    errors: parsed.errors.slice(0, MAX_REPORTED_ERRORS),
  };
}

/** Rows matched by case-insensitive name; missing names inserted once (first occurrence's details). */
async function ensureByName<E>(
  tx: DbOrTx,
  table: 'booking_services' | 'booking_staff',
  organizationId: string,
  wanted: Array<{ name: string; extra: E }>,
  values: (name: string, extra: E) => Record<string, unknown>,
): Promise<{ ids: Map<string, string>; created: number }> {
  const first = new Map<string, { name: string; extra: E }>();
  for (const item of wanted) if (!first.has(item.name.toLowerCase())) first.set(item.name.toLowerCase(), item);
  const ids = new Map<string, string>();
  if (first.size === 0) return { ids, created: 0 };
  // Matched in JavaScript: PostgreSQL's lower() follows the server locale and may leave Cyrillic as it is.
  const existing = await tx
    .selectFrom(table)
    .select(['id', 'name', 'is_active'])
    .where('organization_id', '=', organizationId)
    .orderBy('is_active', 'desc')
    .orderBy('created_at')
    .execute();
  for (const row of existing) if (!ids.has(row.name.toLowerCase())) ids.set(row.name.toLowerCase(), row.id);
  const missing = [...first.entries()].filter(([key]) => !ids.has(key));
  if (missing.length > 0) {
    const inserted = await tx
      .insertInto(table)
      .values(missing.map(([, item]) => values(item.name, item.extra)) as never)
      .returning(['id', 'name'])
      .execute();
    for (const row of inserted) ids.set(row.name.toLowerCase(), row.id);
  }
  return { ids, created: missing.length };
}

export async function getVisitImport(db: DbOrTx, organizationId: string, importId: string) {
  const row = await db.selectFrom('booking_visit_imports').selectAll().where('organization_id', '=', organizationId).where('id', '=', importId).executeTakeFirst();
  if (!row) throw notFound('visit import');
  return { id: row.id, fileName: row.file_name, report: row.report as VisitImportReport, createdAt: row.created_at };
}

export function toVisitImportDto(item: { id: string; fileName: string | null; report: VisitImportReport; createdAt: Date }) {
  return { id: item.id, fileName: item.fileName, ...item.report, createdAt: iso(item.createdAt)! };
}
