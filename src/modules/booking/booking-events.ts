import type { DbOrTx } from '../../platform/db/client.ts';
import { recordEvent } from '../events/index.ts';

export type BookingEventType = 'booking.created' | 'booking.moved' | 'booking.cancelled' | 'booking.completed' | 'booking.no_show';

/** A booking event in the outbox, written in the transaction that changed the appointment. */
export async function recordBookingEvent(db: DbOrTx, organizationId: string, type: BookingEventType, appointmentId: string, payload: Record<string, unknown>): Promise<void> {
  await recordEvent(db, { organizationId, type, subjectType: 'appointment', subjectId: appointmentId, payload });
}
