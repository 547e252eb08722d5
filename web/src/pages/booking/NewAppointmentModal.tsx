import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ContactPicker } from '../leads/ContactPicker.tsx';
import { bookingApi, type FreeSlot, type Service, type Staff } from './booking-api.ts';
import { SlotPicker } from './SlotPicker.tsx';

/** A new appointment: the client, the service, a master (or anyone free) and one of the free times of a day. */
export function NewAppointmentModal({ staff, services, initialDay, onClose }: { staff: Staff[]; services: Service[]; initialDay: string; onClose(): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [contact, setContact] = useState<Contact | null>(null);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [staffId, setStaffId] = useState('');
  const [day, setDay] = useState(initialDay);
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [comment, setComment] = useState('');
  const book = useMutation({
    mutationFn: () => bookingApi.book({ contactId: contact!.id, serviceId, staffId: slot!.staffId, startAt: slot!.startAt, comment: comment.trim() || null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      onClose();
    },
  });
  const errors = formErrors(book.error, ['contactId', 'serviceId', 'staffId', 'startAt', 'comment']);
  const doers = staff.filter((s) => s.serviceIds.includes(serviceId));
  return (
    <Modal
      title={t('booking.cal.new')}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button button-primary" onClick={() => book.mutate()} disabled={!contact || !slot || book.isPending} data-testid="booking-book">
          {t('booking.cal.book')}
        </button>
      }
    >
      <div className="form stack" data-testid="booking-new-form">
        <Field label={t('booking.cal.client')} error={errors.fields.contactId}>
          <ContactPicker value={contact} onChange={setContact} />
        </Field>
        <div className="form-row">
          <Field label={t('booking.cal.service')} error={errors.fields.serviceId}>
            <select value={serviceId} onChange={(e) => (setServiceId(e.target.value), setSlot(null))} data-testid="booking-new-service">
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('booking.cal.master')} error={errors.fields.staffId}>
            <select value={staffId} onChange={(e) => (setStaffId(e.target.value), setSlot(null))} data-testid="booking-new-staff">
              <option value="">{t('booking.cal.anyone')}</option>
              {doers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('booking.cal.day')}>
            <input type="date" value={day} onChange={(e) => (setDay(e.target.value), setSlot(null))} data-testid="booking-new-day" />
          </Field>
        </div>
        {services.length === 0 ? <p className="muted">{t('booking.services.none')}</p> : <SlotPicker serviceId={serviceId} staffId={staffId || undefined} day={day} selected={slot} onSelect={setSlot} />}
        {errors.fields.startAt && <p className="field-error">{errors.fields.startAt}</p>}
        <Field label={t('booking.cal.comment')} error={errors.fields.comment}>
          <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
        </Field>
        <ErrorBanner message={errors.general} />
      </div>
    </Modal>
  );
}
