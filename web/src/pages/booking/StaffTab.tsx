import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { bookingApi, bookingKeys, WEEKDAYS, type Service, type Staff, type TimeOff, type WorkingHours } from './booking-api.ts';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.tsx';

/** Booking → Staff: who works when (weekly hours), which services they do, and their vacations and days off. */
export function StaffTab() {
  const t = useT();
  const fmt = useFormat();
  const editable = isAdminRole(useSession().role);
  const today = fmt.dayKey(new Date().toISOString());
  const staff = useQuery({ queryKey: bookingKeys.staff, queryFn: ({ signal }) => bookingApi.staff(signal) });
  const services = useQuery({ queryKey: bookingKeys.services, queryFn: ({ signal }) => bookingApi.services(signal) });
  const timeOff = useQuery({ queryKey: bookingKeys.timeOff, queryFn: ({ signal }) => bookingApi.timeOff(today, signal) });
  const [editing, setEditing] = useState<Staff | 'new' | null>(null);
  if (staff.isPending) return <Spinner />;
  if (!staff.data) return <ErrorBanner error={staff.error} />;
  return (
    <div className="stack" data-testid="booking-staff">
      <div className="booking-card-head">
        <p className="muted small">{t('booking.staff.intro')}</p>
        {editable && (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="booking-add-staff">
            {t('booking.staff.add')}
          </button>
        )}
      </div>
      {staff.data.length === 0 && (
        <EmptyState icon="users" title={t('booking.staff.none')}>
          {t('booking.staff.noneHint')}
        </EmptyState>
      )}
      <div className="booking-staff-list">
        {staff.data.map((member) => (
          <StaffCard
            key={member.id}
            member={member}
            services={services.data ?? []}
            timeOff={(timeOff.data ?? []).filter((x) => x.staffId === member.id)}
            editable={editable}
            onEdit={() => setEditing(member)}
          />
        ))}
      </div>
      {editing && <StaffModal member={editing === 'new' ? null : editing} services={services.data ?? []} onClose={() => setEditing(null)} />}
    </div>
  );
}

function hoursSummary(t: ReturnType<typeof useT>, hours: WorkingHours): string[] {
  return WEEKDAYS.filter((d) => (hours[d] ?? []).length > 0).map((d) => `${t(`booking.weekday.short.${d}`)} ${(hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}`);
}

function StaffCard({ member, services, timeOff, editable, onEdit }: { member: Staff; services: Service[]; timeOff: TimeOff[]; editable: boolean; onEdit(): void }) {
  const t = useT();
  const names = services.filter((s) => member.serviceIds.includes(s.id)).map((s) => s.name);
  const hours = hoursSummary(t, member.workingHours);
  return (
    <section className="card stack booking-staff-card" data-testid="booking-staff-card">
      <div className="booking-card-head">
        <h3 className="card-title">{member.name}</h3>
        {editable && (
          <button type="button" className="button button-small button-ghost" onClick={onEdit}>
            {t('common.edit')}
          </button>
        )}
      </div>
      <div className="small">
        <div className="section-label">{t('booking.staff.hours')}</div>
        {hours.length > 0 ? hours.map((line) => <div key={line}>{line}</div>) : <div className="banner banner-warning">{t('booking.staff.noHours')}</div>}
      </div>
      <div className="small">
        <div className="section-label">{t('booking.staff.services')}</div>
        {names.length > 0 ? names.join(', ') : <span className="muted">{t('booking.staff.noServices')}</span>}
      </div>
      <TimeOffList member={member} items={timeOff} editable={editable} />
    </section>
  );
}

function TimeOffList({ member, items, editable }: { member: Staff; items: TimeOff[]; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TimeOff['kind']>('vacation');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [adding, setAdding] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: bookingKeys.timeOff });
  const add = useMutation({
    mutationFn: () => bookingApi.addTimeOff(member.id, { kind, startsOn, endsOn: endsOn || startsOn }),
    onSuccess: () => {
      setAdding(false);
      setStartsOn('');
      setEndsOn('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => bookingApi.deleteTimeOff(member.id, id), onSuccess: () => void refresh() });
  const errors = formErrors(add.error, ['kind', 'startsOn', 'endsOn']);
  const day = (date: string) => fmt.date(`${date}T12:00:00Z`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <div className="small stack" data-testid="booking-time-off">
      <div className="section-label">{t('booking.timeOff.title')}</div>
      {items.length === 0 && <span className="muted">{t('booking.timeOff.none')}</span>}
      <ul className="mini-list">
        {items.map((item) => (
          <li key={item.id} className="mini-list-item booking-time-off-item">
            <span>
              {t(`booking.timeOff.kind.${item.kind}`)}: {item.startsOn === item.endsOn ? day(item.startsOn) : t('booking.timeOff.range', { from: day(item.startsOn), to: day(item.endsOn) })}
            </span>
            {editable && (
              <button type="button" className="link-button" onClick={() => remove.mutate(item.id)} aria-label={t('common.remove')}>
                {t('common.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && !adding && (
        <button type="button" className="button button-small" onClick={() => setAdding(true)} data-testid="booking-add-time-off">
          {t('booking.timeOff.add')}
        </button>
      )}
      {adding && (
        <form className="stack" onSubmit={submit} data-testid="booking-time-off-form">
          <div className="form-row">
            <Field label={t('booking.timeOff.kind')} error={errors.fields.kind}>
              <select value={kind} onChange={(e) => setKind(e.target.value as TimeOff['kind'])} data-testid="time-off-kind">
                <option value="vacation">{t('booking.timeOff.kind.vacation')}</option>
                <option value="day_off">{t('booking.timeOff.kind.day_off')}</option>
              </select>
            </Field>
          </div>
          <div className="form-row">
            <Field label={t('booking.timeOff.from')} error={errors.fields.startsOn}>
              <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} required data-testid="time-off-from" />
            </Field>
            <Field label={t('booking.timeOff.to')} error={errors.fields.endsOn}>
              <input type="date" value={endsOn} min={startsOn} onChange={(e) => setEndsOn(e.target.value)} data-testid="time-off-to" />
            </Field>
          </div>
          <ErrorBanner message={errors.general} />
          <div className="form-actions">
            <button type="button" className="button button-ghost" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={add.isPending} data-testid="time-off-save">
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function StaffModal({ member, services, onClose }: { member: Staff | null; services: Service[]; onClose(): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState(member?.name ?? '');
  const [hours, setHours] = useState<WorkingHours>(member?.workingHours ?? { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']], fri: [['10:00', '19:00']] });
  const [serviceIds, setServiceIds] = useState<string[]>(member?.serviceIds ?? services.map((s) => s.id));
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), workingHours: hours, serviceIds };
      return member ? bookingApi.updateStaff(member.id, body) : bookingApi.createStaff(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => bookingApi.deleteStaff(member!.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      onClose();
    },
  });
  const errors = formErrors(save.error ?? remove.error, ['name', 'workingHours', 'serviceIds']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      title={member ? t('booking.staff.edit') : t('booking.staff.add')}
      onClose={onClose}
      wide
      footer={
        <>
          {member && (
            <button type="button" className="button button-danger-ghost" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('booking.staff.remove')}
            </button>
          )}
          <button type="submit" form="booking-staff-form" className="button button-primary" disabled={save.isPending} data-testid="booking-staff-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </>
      }
    >
      <form id="booking-staff-form" className="form stack" onSubmit={submit}>
        <Field label={t('booking.staff.name')} error={errors.fields.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus data-testid="booking-staff-name" />
        </Field>
        <WeeklyHoursEditor value={hours} onChange={setHours} error={errors.fields.workingHours} />
        <fieldset className="booking-fieldset">
          <legend className="field-label">{t('booking.staff.services')}</legend>
          {services.length === 0 && <p className="muted small">{t('booking.staff.noServicesYet')}</p>}
          <div className="checkbox-grid">
            {services.map((s) => (
              <label key={s.id} className="checkbox">
                <input type="checkbox" checked={serviceIds.includes(s.id)} onChange={(e) => setServiceIds(e.target.checked ? [...serviceIds, s.id] : serviceIds.filter((id) => id !== s.id))} />
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
        <ErrorBanner message={errors.general} />
      </form>
    </Modal>
  );
}
