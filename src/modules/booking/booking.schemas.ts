import { z } from 'zod';
import { ZInstant } from '../../platform/http/query-schemas.ts';
import { ZWorkingHours } from './engine/free-slots.ts';

const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as KGS');
const ZMoney = z.number().min(0).max(1e10);
const ZIso = ZInstant;

export const ZService = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  durationMinutes: z.number(),
  price: z.number(),
  currency: z.string(),
  isActive: z.boolean(),
  source: z.string(),
  externalId: z.string().nullable(),
  staffIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCreateService = z.strictObject({
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  durationMinutes: z.number().int().min(5).max(1440),
  price: ZMoney.default(0),
  currency: ZCurrency.optional().describe('Defaults to the organization currency'),
  staffIds: z.array(z.uuid()).max(200).optional().describe('Staff who do this service'),
});
export type CreateServiceInput = z.infer<typeof ZCreateService>;

export const ZUpdateService = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  durationMinutes: z.number().int().min(5).max(1440).optional(),
  price: ZMoney.optional(),
  currency: ZCurrency.optional(),
  isActive: z.boolean().optional(),
  staffIds: z.array(z.uuid()).max(200).optional(),
});
export type UpdateServiceInput = z.infer<typeof ZUpdateService>;

export const ZStaff = z.object({
  id: z.string(),
  name: z.string(),
  workingHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  isActive: z.boolean(),
  source: z.string(),
  externalId: z.string().nullable(),
  serviceIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCreateStaff = z.strictObject({
  name: z.string().trim().min(1).max(200),
  workingHours: ZWorkingHours.default({}).describe('Per weekday (mon…sun) intervals [["09:00","18:00"]] in the organization time zone'),
  serviceIds: z.array(z.uuid()).max(500).optional(),
});
export type CreateStaffInput = z.infer<typeof ZCreateStaff>;

export const ZUpdateStaff = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  workingHours: ZWorkingHours.optional(),
  serviceIds: z.array(z.uuid()).max(500).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateStaffInput = z.infer<typeof ZUpdateStaff>;

export const ZVisitStatus = z.enum(['completed', 'no_show', 'cancelled']);

export const ZVisit = z.object({
  id: z.string(),
  contactId: z.string(),
  serviceId: z.string(),
  staffId: z.string().nullable(),
  startAt: z.string(),
  pricePaid: z.number(),
  currency: z.string(),
  status: ZVisitStatus,
  source: z.string(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
});

export const ZCreateVisit = z.strictObject({
  contactId: z.uuid(),
  serviceId: z.uuid(),
  staffId: z.uuid().nullable().optional(),
  startAt: ZIso,
  pricePaid: ZMoney.optional().describe('Defaults to the service price'),
  status: ZVisitStatus.default('completed'),
});
export type CreateVisitInput = z.infer<typeof ZCreateVisit>;

export const ZListVisitsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  contactId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  status: ZVisitStatus.optional(),
  from: ZIso.optional(),
  to: ZIso.optional(),
});

export const ZAppointmentStatus = z.enum(['booked', 'completed', 'cancelled', 'no_show']);

export const ZAppointment = z.object({
  id: z.string(),
  contactId: z.string(),
  contactName: z.string().nullable().optional().describe('In lists: the client’s name'),
  serviceId: z.string(),
  staffId: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  price: z.number(),
  currency: z.string(),
  status: ZAppointmentStatus,
  source: z.string(),
  externalId: z.string().nullable(),
  comment: z.string().nullable(),
  visitId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
});

export const ZCreateAppointment = z.strictObject({
  contactId: z.uuid(),
  serviceId: z.uuid(),
  staffId: z.uuid(),
  startAt: ZIso.describe('A start time from GET /api/booking/free-slots'),
  comment: z.string().trim().max(1000).nullable().optional(),
});
export type CreateAppointmentInput = z.infer<typeof ZCreateAppointment>;

export const ZCompleteAppointment = z.strictObject({
  status: z.enum(['completed', 'no_show']).default('completed'),
  pricePaid: ZMoney.optional().describe('Defaults to the appointment price'),
});

export const ZListAppointmentsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  contactId: z.uuid().optional(),
  staffId: z.uuid().optional(),
  status: ZAppointmentStatus.optional(),
  from: ZIso.optional(),
  to: ZIso.optional(),
});

export const ZFreeSlotsQuery = z
  .strictObject({
    serviceId: z.uuid(),
    staffId: z.uuid().optional(),
    from: ZIso,
    to: ZIso,
  })
  .refine((q) => new Date(q.to) > new Date(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => new Date(q.to).getTime() - new Date(q.from).getTime() <= 31 * 86_400_000, { path: ['to'], message: 'at most 31 days after from' });

export const ZFreeSlot = z.object({
  serviceId: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  startAt: z.string(),
  endAt: z.string(),
});

export const ZBookingSettings = z.object({
  provider: z.enum(['builtin', 'yclients']),
  slotStepMinutes: z.number(),
  minLeadMinutes: z.number(),
  yclients: z
    .object({ companyId: z.string(), baseUrl: z.string(), hasPartnerToken: z.boolean(), hasUserToken: z.boolean() })
    .nullable(),
  lastSync: z.record(z.string(), z.unknown()).nullable(),
});

export const ZUpdateBookingSettings = z.strictObject({
  provider: z.enum(['builtin', 'yclients']).optional(),
  slotStepMinutes: z.number().int().min(5).max(240).optional(),
  minLeadMinutes: z.number().int().min(0).max(10080).optional(),
  yclients: z
    .strictObject({
      companyId: z.string().regex(/^\d{1,12}$/, 'must be the numeric YClients company (location) id'),
      baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.yclients.com/api/v1'),
      partnerToken: z.string().trim().min(8).max(500).optional().describe('Write-only; kept when omitted'),
      userToken: z.string().trim().min(8).max(500).optional().describe('Write-only; kept when omitted'),
    })
    .optional(),
});
export type UpdateBookingSettingsInput = z.infer<typeof ZUpdateBookingSettings>;

/** A skipped line: `code` and `params` for a client to word in its language (absent on imports made before codes), `reason` in English. */
const ZVisitLineProblem = z.object({
  line: z.number(),
  code: z.enum(['phone_empty', 'phone_invalid', 'service_empty', 'date_empty', 'date_invalid', 'date_future', 'price_invalid', 'status_invalid', 'duration_invalid']).optional(),
  params: z.record(z.string(), z.string()).optional(),
  reason: z.string(),
});

export const ZVisitImportReport = z.object({
  id: z.string(),
  fileName: z.string().nullable(),
  lines: z.number(),
  imported: z.number(),
  duplicates: z.number(),
  badLines: z.number(),
  contactsCreated: z.number(),
  servicesCreated: z.number(),
  staffCreated: z.number(),
  errors: z.array(ZVisitLineProblem),
  createdAt: z.string(),
});

export const ZServiceParams = z.strictObject({ serviceId: z.uuid() });
export const ZStaffParams = z.strictObject({ staffId: z.uuid() });
export const ZVisitParams = z.strictObject({ visitId: z.uuid() });
export const ZAppointmentParams = z.strictObject({ appointmentId: z.uuid() });
export const ZVisitImportParams = z.strictObject({ visitImportId: z.uuid() });

const ZLocalDate = z.iso.date().describe('A local date, YYYY-MM-DD');

export const ZTimeOff = z.object({
  id: z.string(),
  staffId: z.string(),
  kind: z.enum(['vacation', 'day_off']),
  startsOn: z.string(),
  endsOn: z.string().describe('Inclusive'),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const ZCreateTimeOff = z
  .strictObject({
    kind: z.enum(['vacation', 'day_off']).default('vacation'),
    startsOn: ZLocalDate,
    endsOn: ZLocalDate.describe('The last day off (inclusive)'),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });

export const ZListTimeOffQuery = z.strictObject({ staffId: z.uuid().optional(), since: ZLocalDate.optional().describe('Leave out time off that ended before this day') });
export const ZTimeOffParams = z.strictObject({ staffId: z.uuid(), timeOffId: z.uuid() });

export const ZMoveAppointment = z.strictObject({
  startAt: ZIso,
  staffId: z.uuid().optional().describe('Another staff member; the same one when omitted'),
});

export const ZConnectionTest = z.object({
  ok: z.boolean(),
  provider: z.enum(['builtin', 'yclients']),
  services: z.number(),
  staff: z.number(),
  error: z.string().nullable(),
});

const ZColumnChoice = z
  .string()
  .max(200)
  .transform((v) => (v.trim() === '' ? null : v))
  .optional()
  .describe('The header to read this column from; empty: the file has no such column; omitted: detected');

/** Column choices of a visits CSV: phoneColumn=Телефон&serviceColumn=Услуга… */
export const ZVisitImportQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(255).optional(),
  phoneColumn: ZColumnChoice,
  nameColumn: ZColumnChoice,
  serviceColumn: ZColumnChoice,
  categoryColumn: ZColumnChoice,
  durationColumn: ZColumnChoice,
  staffColumn: ZColumnChoice,
  dateColumn: ZColumnChoice,
  timeColumn: ZColumnChoice,
  priceColumn: ZColumnChoice,
  statusColumn: ZColumnChoice,
});

const ZMapping = z.object({
  phone: z.string().nullable(),
  name: z.string().nullable(),
  service: z.string().nullable(),
  category: z.string().nullable(),
  duration: z.string().nullable(),
  staff: z.string().nullable(),
  date: z.string().nullable(),
  time: z.string().nullable(),
  price: z.string().nullable(),
  status: z.string().nullable(),
});

export const ZVisitImportPreview = z.object({
  headers: z.array(z.string()),
  mapping: ZMapping,
  lines: z.number(),
  valid: z.number(),
  badLines: z.number(),
  sample: z.array(
    z.object({
      line: z.number(),
      phone: z.string(),
      name: z.string().nullable(),
      service: z.string(),
      staff: z.string().nullable(),
      startAt: z.string(),
      price: z.number().nullable(),
      status: ZVisitStatus,
    }),
  ),
  errors: z.array(ZVisitLineProblem),
});
