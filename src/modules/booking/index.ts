export { bookingRoutes } from './booking.routes.ts';
export { bookingSyncJob } from './booking-sync.job.ts';
export { BOOKING_SYNC_TASK, syncFromProvider, requestBookingSync, type SyncCounts } from './booking-sync.service.ts';
export {
  SlotUnavailableError,
  BookingProviderError,
  type BookingAdapter,
  type AdapterService,
  type AdapterStaff,
  type AdapterVisit,
  type AdapterAppointment,
  type AdapterSlot,
  type AdapterClient,
  type AdapterBooking,
} from './booking-adapter.ts';
export { BuiltinCalendarAdapter } from './builtin-calendar.adapter.ts';
export { YClientsAdapter } from './yclients/yclients.adapter.ts';
export { YClientsApi, type YClientsApiOptions } from './yclients/yclients.api.ts';
export {
  bookingAdapterFor,
  findFreeSlots,
  createAppointment,
  cancelAppointment,
  completeAppointment,
  getAppointment,
  createVisit,
  type BookingDeps,
  type FreeSlot,
} from './booking.service.ts';
export { createService, createStaff, listServices, listStaff, getService, linkStaffServices } from './catalog.service.ts';
export { getBookingSettings, saveBookingSettings } from './booking-settings.service.ts';
export { importVisitsCsv, type VisitImportReport } from './csv/visits-import.service.ts';
export { visitFingerprint } from './booking-contacts.ts';
export { computeFreeSlots, WEEKDAYS, ZWorkingHours, type Weekday } from './engine/free-slots.ts';
