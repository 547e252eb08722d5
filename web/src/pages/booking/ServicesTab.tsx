import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys as reactivationKeys, reactivationApi } from '../reactivation/reactivation-api.ts';
import { bookingApi, bookingKeys, type Service, type Staff } from './booking-api.ts';

/** Booking → Services: duration, price, who does it, and the return interval reactivation uses with where it comes from. */
export function ServicesTab() {
  const t = useT();
  const fmt = useFormat();
  const editable = isAdminRole(useSession().role);
  const services = useQuery({ queryKey: bookingKeys.services, queryFn: ({ signal }) => bookingApi.services(signal) });
  const staff = useQuery({ queryKey: bookingKeys.staff, queryFn: ({ signal }) => bookingApi.staff(signal) });
  const rules = useQuery({ queryKey: reactivationKeys.rules, queryFn: ({ signal }) => reactivationApi.rules(signal) });
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  if (services.isPending) return <Spinner />;
  if (!services.data) return <ErrorBanner error={services.error} />;
  const ruleOf = new Map((rules.data?.items ?? []).map((r) => [r.serviceId, r]));
  const staffNames = new Map((staff.data ?? []).map((s) => [s.id, s.name]));
  return (
    <section className="card stack" data-testid="booking-services">
      <div className="booking-card-head">
        <h2 className="card-title">{t('booking.services.title')}</h2>
        {editable && (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="booking-add-service">
            {t('booking.services.add')}
          </button>
        )}
      </div>
      {services.data.length === 0 ? (
        <EmptyState icon="board" title={t('booking.services.none')}>
          {t('booking.services.noneHint')}
        </EmptyState>
      ) : (
        <div className="booking-table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('booking.services.col.name')}</th>
                <th>{t('booking.services.col.duration')}</th>
                <th>{t('booking.services.col.price')}</th>
                <th>{t('booking.services.col.staff')}</th>
                <th>{t('booking.services.col.return')}</th>
                {editable && <th />}
              </tr>
            </thead>
            <tbody>
              {services.data.map((service) => {
                const rule = ruleOf.get(service.id);
                return (
                  <tr key={service.id} data-testid="booking-service-row">
                    <td>
                      <div>{service.name}</div>
                      {service.category && <div className="muted small">{service.category}</div>}
                    </td>
                    <td className="nowrap">{t('booking.minutes', { n: service.durationMinutes })}</td>
                    <td className="nowrap">{fmt.money(service.price, service.currency)}</td>
                    <td className="small">{service.staffIds.map((id) => staffNames.get(id)).filter(Boolean).join(', ') || <span className="muted">{t('booking.services.noStaff')}</span>}</td>
                    <td className="small">
                      {rule ? (
                        <>
                          <div>{t('booking.services.everyDays', { n: rule.intervalDays })}</div>
                          <div className="muted">{t(`react.source.${rule.intervalSource}`)}</div>
                        </>
                      ) : (
                        <Link to="/reactivation/rules">{t('booking.services.noRule')}</Link>
                      )}
                    </td>
                    {editable && (
                      <td className="cell-actions">
                        <button type="button" className="button button-small button-ghost" onClick={() => setEditing(service)}>
                          {t('common.edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        {t('booking.services.returnHint')} <Link to="/reactivation/rules">{t('booking.services.toRules')}</Link>
      </p>
      {editing && <ServiceModal service={editing === 'new' ? null : editing} staff={staff.data ?? []} onClose={() => setEditing(null)} />}
    </section>
  );
}

function ServiceModal({ service, staff, onClose }: { service: Service | null; staff: Staff[]; onClose(): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState(service?.name ?? '');
  const [category, setCategory] = useState(service?.category ?? '');
  const [duration, setDuration] = useState(String(service?.durationMinutes ?? 60));
  const [price, setPrice] = useState(String(service?.price ?? 0));
  const [staffIds, setStaffIds] = useState<string[]>(service?.staffIds ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), category: category.trim() || null, durationMinutes: Number(duration), price: Number(price), staffIds };
      return service ? bookingApi.updateService(service.id, body) : bookingApi.createService(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      void queryClient.invalidateQueries({ queryKey: reactivationKeys.rules });
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => bookingApi.deleteService(service!.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      onClose();
    },
  });
  const errors = formErrors(save.error ?? remove.error, ['name', 'category', 'durationMinutes', 'price', 'staffIds']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      title={service ? t('booking.services.edit') : t('booking.services.add')}
      onClose={onClose}
      footer={
        <>
          {service && (
            <button type="button" className="button button-danger-ghost" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('booking.services.remove')}
            </button>
          )}
          <button type="submit" form="booking-service-form" className="button button-primary" disabled={save.isPending} data-testid="booking-service-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </>
      }
    >
      <form id="booking-service-form" className="form stack" onSubmit={submit}>
        <Field label={t('booking.services.col.name')} error={errors.fields.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="booking-service-name" autoFocus />
        </Field>
        <Field label={t('booking.services.category')} error={errors.fields.category}>
          <input value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} />
        </Field>
        <div className="form-row">
          <Field label={t('booking.services.durationMinutes')} error={errors.fields.durationMinutes}>
            <input type="number" min={5} max={1440} step={5} value={duration} onChange={(e) => setDuration(e.target.value)} data-testid="booking-service-duration" />
          </Field>
          <Field label={t('booking.services.col.price')} error={errors.fields.price}>
            <input type="number" min={0} step="any" value={price} onChange={(e) => setPrice(e.target.value)} data-testid="booking-service-price" />
          </Field>
        </div>
        <fieldset className="booking-fieldset">
          <legend className="field-label">{t('booking.services.whoDoes')}</legend>
          {staff.length === 0 && <p className="muted small">{t('booking.services.noStaffYet')}</p>}
          <div className="checkbox-grid">
            {staff.map((s) => (
              <label key={s.id} className="checkbox">
                <input type="checkbox" checked={staffIds.includes(s.id)} onChange={(e) => setStaffIds(e.target.checked ? [...staffIds, s.id] : staffIds.filter((id) => id !== s.id))} />
                {s.name}
              </label>
            ))}
          </div>
          {errors.fields.staffIds && <span className="field-error">{errors.fields.staffIds}</span>}
        </fieldset>
        <ErrorBanner message={errors.general} />
      </form>
    </Modal>
  );
}
