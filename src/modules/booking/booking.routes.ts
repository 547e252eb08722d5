import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { iso, zPage } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import { getBookingSettings, saveBookingSettings, toBookingSettingsDto } from './booking-settings.service.ts';
import { requestBookingSync } from './booking-sync.service.ts';
import {
  ZAppointment,
  ZAppointmentParams,
  ZBookingSettings,
  ZCompleteAppointment,
  ZCreateAppointment,
  ZCreateService,
  ZCreateStaff,
  ZCreateVisit,
  ZFreeSlot,
  ZFreeSlotsQuery,
  ZListAppointmentsQuery,
  ZListVisitsQuery,
  ZService,
  ZServiceParams,
  ZStaff,
  ZStaffParams,
  ZUpdateBookingSettings,
  ZUpdateService,
  ZUpdateStaff,
  ZVisit,
  ZVisitImportParams,
  ZVisitImportReport,
  ZVisitParams,
  ZTimeOff,
  ZCreateTimeOff,
  ZListTimeOffQuery,
  ZTimeOffParams,
  ZMoveAppointment,
  ZConnectionTest,
  ZVisitImportQuery,
  ZVisitImportPreview,
} from './booking.schemas.ts';
import { createTimeOff, deleteTimeOff, listTimeOff, toTimeOffDto } from './time-off.service.ts';
import type { VisitColumnMapping } from './csv/visits-csv.ts';
import * as booking from './booking.service.ts';
import * as catalog from './catalog.service.ts';
import { getVisitImport, importVisitsCsv, previewVisitsCsv, toVisitImportDto } from './csv/visits-import.service.ts';

const MAX_CSV_BYTES = 50 * 1024 * 1024;
const ZOk = z.object({ ok: z.literal(true) });
const ZDeleted = z.object({ ok: z.literal(true), archived: z.boolean().describe('true: it has history, so it was archived instead of deleted') });
const ZIncludeInactive = z.strictObject({ includeInactive: z.enum(['true', 'false']).default('false') });

export async function bookingRoutes(fastify: FastifyInstance, { ctx, onQueued }: { ctx: AppContext; onQueued?: () => void }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock, secrets } = ctx;
  const tags = ['booking'];
  // CSV uploads arrive as the raw file (as imports do); the parser is scoped to this plugin.
  for (const type of ['application/octet-stream', 'text/csv']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) => done(null, body));
  }

  // ——— services ———
  app.get('/api/booking/services', { schema: { tags, querystring: ZIncludeInactive, response: { 200: z.object({ items: z.array(ZService) }) } } }, async (request) => ({
    items: (await catalog.listServices(db, authOf(request).organizationId, { includeInactive: request.query.includeInactive === 'true' })).map(catalog.toServiceDto),
  }));
  app.post('/api/booking/services', { config: { minRole: 'admin' }, schema: { tags, body: ZCreateService, response: { 201: ZService } } }, async (request, reply) => {
    reply.status(201);
    return catalog.toServiceDto(await catalog.createService(db, authOf(request).organizationId, request.body, clock.now()));
  });
  app.get('/api/booking/services/:serviceId', { schema: { tags, params: ZServiceParams, response: { 200: ZService } } }, async (request) =>
    catalog.toServiceDto(await catalog.getService(db, authOf(request).organizationId, request.params.serviceId)),
  );
  app.patch(
    '/api/booking/services/:serviceId',
    { config: { minRole: 'admin' }, schema: { tags, params: ZServiceParams, body: ZUpdateService, response: { 200: ZService } } },
    async (request) => catalog.toServiceDto(await catalog.updateService(db, authOf(request).organizationId, request.params.serviceId, request.body, clock.now())),
  );
  app.delete('/api/booking/services/:serviceId', { config: { minRole: 'admin' }, schema: { tags, params: ZServiceParams, response: { 200: ZDeleted } } }, async (request) => ({
    ok: true as const,
    ...(await catalog.deleteService(db, authOf(request).organizationId, request.params.serviceId, clock.now())),
  }));

  // ——— staff ———
  app.get('/api/booking/staff', { schema: { tags, querystring: ZIncludeInactive, response: { 200: z.object({ items: z.array(ZStaff) }) } } }, async (request) => ({
    items: (await catalog.listStaff(db, authOf(request).organizationId, { includeInactive: request.query.includeInactive === 'true' })).map(catalog.toStaffDto),
  }));
  app.post('/api/booking/staff', { config: { minRole: 'admin' }, schema: { tags, body: ZCreateStaff, response: { 201: ZStaff } } }, async (request, reply) => {
    reply.status(201);
    return catalog.toStaffDto(await catalog.createStaff(db, authOf(request).organizationId, request.body, clock.now()));
  });
  app.get('/api/booking/staff/:staffId', { schema: { tags, params: ZStaffParams, response: { 200: ZStaff } } }, async (request) =>
    catalog.toStaffDto(await catalog.getStaff(db, authOf(request).organizationId, request.params.staffId)),
  );
  app.patch(
    '/api/booking/staff/:staffId',
    { config: { minRole: 'admin' }, schema: { tags, params: ZStaffParams, body: ZUpdateStaff, response: { 200: ZStaff } } },
    async (request) => catalog.toStaffDto(await catalog.updateStaff(db, authOf(request).organizationId, request.params.staffId, request.body, clock.now())),
  );
  app.delete('/api/booking/staff/:staffId', { config: { minRole: 'admin' }, schema: { tags, params: ZStaffParams, response: { 200: ZDeleted } } }, async (request) => ({
    ok: true as const,
    ...(await catalog.deleteStaff(db, authOf(request).organizationId, request.params.staffId, clock.now())),
  }));

  // ——— time off (vacations, days off) ———
  app.get('/api/booking/time-off', { schema: { tags, summary: 'Vacations and days off, soonest first', querystring: ZListTimeOffQuery, response: { 200: z.object({ items: z.array(ZTimeOff) }) } } }, async (request) => ({
    items: (await listTimeOff(db, authOf(request).organizationId, request.query)).map(toTimeOffDto),
  }));
  app.post(
    '/api/booking/staff/:staffId/time-off',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'A vacation or day off: no free slots and no bookings on these days', params: ZStaffParams, body: ZCreateTimeOff, response: { 201: ZTimeOff } } },
    async (request, reply) => {
      reply.status(201);
      return toTimeOffDto(await createTimeOff(db, authOf(request).organizationId, request.params.staffId, request.body));
    },
  );
  app.delete('/api/booking/staff/:staffId/time-off/:timeOffId', { config: { minRole: 'admin' }, schema: { tags, params: ZTimeOffParams, response: { 200: ZOk } } }, async (request) => {
    await deleteTimeOff(db, authOf(request).organizationId, request.params.staffId, request.params.timeOffId);
    return { ok: true as const };
  });

  // ——— free slots and appointments ———
  app.get(
    '/api/booking/free-slots',
    { schema: { tags, summary: 'Free start times of a service from the organization’s booking system', querystring: ZFreeSlotsQuery, response: { 200: z.object({ items: z.array(ZFreeSlot) }) } } },
    async (request) => {
      const slots = await booking.findFreeSlots(ctx, authOf(request).organizationId, {
        serviceId: request.query.serviceId,
        staffId: request.query.staffId,
        from: new Date(request.query.from),
        to: new Date(request.query.to),
      });
      return { items: slots.map((s) => ({ ...s, startAt: iso(s.startAt)!, endAt: iso(s.endAt)! })) };
    },
  );
  app.get('/api/booking/appointments', { schema: { tags, querystring: ZListAppointmentsQuery, response: { 200: zPage(ZAppointment) } } }, async (request) =>
    booking.listAppointments(db, authOf(request).organizationId, request.query),
  );
  app.post('/api/booking/appointments', { schema: { tags, body: ZCreateAppointment, response: { 201: ZAppointment } } }, async (request, reply) => {
    reply.status(201);
    return booking.toAppointmentDto(await booking.createAppointment(ctx, authOf(request).organizationId, request.body));
  });
  app.get('/api/booking/appointments/:appointmentId', { schema: { tags, params: ZAppointmentParams, response: { 200: ZAppointment } } }, async (request) =>
    booking.toAppointmentDto(await booking.getAppointment(db, authOf(request).organizationId, request.params.appointmentId)),
  );
  app.post(
    '/api/booking/appointments/:appointmentId/cancel',
    { schema: { tags, params: ZAppointmentParams, response: { 200: ZAppointment } } },
    async (request) => booking.toAppointmentDto(await booking.cancelAppointment(ctx, authOf(request).organizationId, request.params.appointmentId)),
  );
  app.post(
    '/api/booking/appointments/:appointmentId/move',
    { schema: { tags, summary: 'Another time (and staff member) for a booked appointment', params: ZAppointmentParams, body: ZMoveAppointment, response: { 200: ZAppointment } } },
    async (request) => booking.toAppointmentDto(await booking.moveAppointment(ctx, authOf(request).organizationId, request.params.appointmentId, request.body)),
  );
  app.post(
    '/api/booking/appointments/:appointmentId/complete',
    { schema: { tags, summary: 'The client came (a visit is recorded) or did not', params: ZAppointmentParams, body: ZCompleteAppointment, response: { 200: ZAppointment } } },
    async (request) =>
      booking.toAppointmentDto(await booking.completeAppointment(db, authOf(request).organizationId, request.params.appointmentId, request.body, clock.now())),
  );

  // ——— visits ———
  app.get('/api/booking/visits', { schema: { tags, querystring: ZListVisitsQuery, response: { 200: zPage(ZVisit) } } }, async (request) =>
    booking.listVisits(db, authOf(request).organizationId, request.query),
  );
  app.post('/api/booking/visits', { schema: { tags, body: ZCreateVisit, response: { 201: ZVisit } } }, async (request, reply) => {
    reply.status(201);
    return booking.toVisitDto(await booking.createVisit(db, authOf(request).organizationId, request.body));
  });
  app.get('/api/booking/visits/:visitId', { schema: { tags, params: ZVisitParams, response: { 200: ZVisit } } }, async (request) =>
    booking.toVisitDto(await booking.getVisit(db, authOf(request).organizationId, request.params.visitId)),
  );
  app.delete('/api/booking/visits/:visitId', { config: { minRole: 'admin' }, schema: { tags, params: ZVisitParams, response: { 200: ZOk } } }, async (request) => {
    await booking.deleteVisit(db, authOf(request).organizationId, request.params.visitId);
    return { ok: true as const };
  });
  app.post(
    '/api/booking/visit-imports',
    {
      bodyLimit: MAX_CSV_BYTES,
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Import visit history from CSV (body: the raw file, Content-Type: text/csv or application/octet-stream); columns phone, name, service, staff, date, price',
        querystring: ZVisitImportQuery,
        response: { 201: ZVisitImportReport },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const content = csvBody(request.body);
      const result = await importVisitsCsv(db, auth.organizationId, { content, fileName: request.query.fileName ?? null, userId: auth.userId, now: clock.now(), mapping: columnMapping(request.query) });
      reply.status(201);
      return toVisitImportDto({ id: result.id, fileName: request.query.fileName ?? null, report: result.report, createdAt: result.createdAt });
    },
  );
  app.post(
    '/api/booking/visit-imports/preview',
    {
      bodyLimit: MAX_CSV_BYTES,
      config: { minRole: 'admin' },
      schema: { tags, summary: 'What importing this CSV would do, without writing: columns found, first lines, lines that would be skipped', querystring: ZVisitImportQuery, response: { 200: ZVisitImportPreview } },
    },
    async (request) => previewVisitsCsv(db, authOf(request).organizationId, { content: csvBody(request.body), now: clock.now(), mapping: columnMapping(request.query) }),
  );
  app.get('/api/booking/visit-imports/:visitImportId', { schema: { tags, params: ZVisitImportParams, response: { 200: ZVisitImportReport } } }, async (request) =>
    toVisitImportDto(await getVisitImport(db, authOf(request).organizationId, request.params.visitImportId)),
  );

  // ——— settings and sync ———
  app.get('/api/booking/settings', { schema: { tags, response: { 200: ZBookingSettings } } }, async (request) =>
    toBookingSettingsDto(await getBookingSettings(db, authOf(request).organizationId), secrets),
  );
  app.put(
    '/api/booking/settings',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Booking system (built-in or YClients), slot step and lead time', body: ZUpdateBookingSettings, response: { 200: ZBookingSettings } } },
    async (request) => toBookingSettingsDto(await saveBookingSettings(db, secrets, authOf(request).organizationId, request.body, clock.now()), secrets),
  );
  app.post(
    '/api/booking/settings/test',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Checks the saved connection by reading the services and staff of the booking system', response: { 200: ZConnectionTest } } },
    async (request) => booking.testBookingConnection(ctx, authOf(request).organizationId),
  );
  app.post(
    '/api/booking/sync',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Pull services, staff, visits and bookings from the connected system (a job; see lastSync)', response: { 202: ZBookingSettings } } },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      await db.transaction().execute((tx) => requestBookingSync(tx, organizationId, clock.now()));
      onQueued?.();
      reply.status(202);
      return toBookingSettingsDto(await getBookingSettings(db, organizationId), secrets);
    },
  );
}

function csvBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the CSV file as the request body with Content-Type: text/csv', [{ field: 'body', message: 'expected the raw file' }]);
  }
  if (body.length === 0) throw new AppError('BAD_REQUEST', 'the uploaded file is empty', [{ field: 'body', message: 'empty file' }]);
  return body;
}

function columnMapping(query: Record<string, unknown>): VisitColumnMapping {
  const mapping: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.endsWith('Column') && value !== undefined) mapping[key.slice(0, -'Column'.length)] = value as string | null;
  }
  return mapping as VisitColumnMapping;
}
