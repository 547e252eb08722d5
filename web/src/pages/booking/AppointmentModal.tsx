import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormat, useI18n, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { bookingApi, type Appointment, type FreeSlot, type Staff } from './booking-api.ts';
import { localParts } from './calendar-dates.ts';
import { SlotPicker } from './SlotPicker.tsx';

/** One appointment: who, what, when; the client came, did not come, cancel, or move to another free time. */
export function AppointmentModal({ appointment, staff, serviceName, onClose }: { appointment: Appointment; staff: Staff[]; serviceName: string; onClose(): void }) {
  const t = useT();
  const fmt = useFormat();
  const { timeZone } = useI18n();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState(false);
  const [day, setDay] = useState(localParts(appointment.startAt, timeZone).day);
  const [staffId, setStaffId] = useState(appointment.staffId);
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['booking'] });
    onClose();
  };
  const act = useMutation({
    mutationFn: (action: 'completed' | 'no_show' | 'cancel' | 'move') => {
      if (action === 'cancel') return bookingApi.cancel(appointment.id);
      if (action === 'move') return bookingApi.move(appointment.id, { startAt: slot!.startAt, staffId: slot!.staffId });
      return bookingApi.complete(appointment.id, action);
    },
    onSuccess: done,
  });
  const staffName = staff.find((s) => s.id === appointment.staffId)?.name ?? '';
  const isBooked = appointment.status === 'booked';
  return (
    <Modal title={serviceName || t('booking.cal.appointment')} onClose={onClose} wide={moving}>
      <div className="stack" data-testid="booking-appointment">
        <dl className="details">
          <div className="details-row">
            <dt>{t('booking.cal.client')}</dt>
            <dd>
              <Link to={`/contacts/${appointment.contactId}`}>{appointment.contactName ?? t('booking.cal.client')}</Link>
            </dd>
          </div>
          <div className="details-row">
            <dt>{t('booking.cal.when')}</dt>
            <dd>
              {fmt.dateTime(appointment.startAt)} – {fmt.time(appointment.endAt)}
            </dd>
          </div>
          <div className="details-row">
            <dt>{t('booking.cal.master')}</dt>
            <dd>{staffName}</dd>
          </div>
          <div className="details-row">
            <dt>{t('booking.services.col.price')}</dt>
            <dd>{fmt.money(appointment.price, appointment.currency)}</dd>
          </div>
          <div className="details-row">
            <dt>{t('booking.cal.status')}</dt>
            <dd>{t(`booking.status.${appointment.status}`)}</dd>
          </div>
          {appointment.comment && (
            <div className="details-row">
              <dt>{t('booking.cal.comment')}</dt>
              <dd>{appointment.comment}</dd>
            </div>
          )}
        </dl>
        <ErrorBanner error={act.error} />
        {isBooked && !moving && (
          <div className="form-actions booking-actions">
            <button type="button" className="button button-primary" onClick={() => act.mutate('completed')} disabled={act.isPending} data-testid="booking-complete">
              {t('booking.cal.came')}
            </button>
            <button type="button" className="button" onClick={() => act.mutate('no_show')} disabled={act.isPending} data-testid="booking-no-show">
              {t('booking.cal.noShow')}
            </button>
            <button type="button" className="button" onClick={() => setMoving(true)} data-testid="booking-move">
              {t('booking.cal.move')}
            </button>
            <button type="button" className="button button-danger-ghost" onClick={() => act.mutate('cancel')} disabled={act.isPending} data-testid="booking-cancel">
              {t('booking.cal.cancel')}
            </button>
          </div>
        )}
        {moving && (
          <div className="stack">
            <div className="form-row">
              <Field label={t('booking.cal.day')}>
                <input type="date" value={day} onChange={(e) => (setDay(e.target.value), setSlot(null))} data-testid="booking-move-day" />
              </Field>
              <Field label={t('booking.cal.master')}>
                <select value={staffId} onChange={(e) => (setStaffId(e.target.value), setSlot(null))}>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <SlotPicker serviceId={appointment.serviceId} staffId={staffId} day={day} selected={slot} onSelect={setSlot} />
            <div className="form-actions">
              <button type="button" className="button button-ghost" onClick={() => setMoving(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-primary" onClick={() => act.mutate('move')} disabled={!slot || act.isPending} data-testid="booking-move-save">
                {t('booking.cal.moveHere')}
              </button>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}
