import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormat, useI18n, useT } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { bookingApi, bookingKeys, type Appointment } from './booking-api.ts';
import { daysOf, localParts, rangeOf, shiftAnchor, todayKey, weekdayOf, type CalendarView } from './calendar-dates.ts';
import { AppointmentModal } from './AppointmentModal.tsx';
import { NewAppointmentModal } from './NewAppointmentModal.tsx';

/** Booking → Calendar: appointments by day or week, one row per staff member, with their hours and time off. */
export function CalendarTab() {
  const t = useT();
  const fmt = useFormat();
  const { timeZone } = useI18n();
  // A week of columns does not fit a phone: there the calendar opens on one day.
  const [view, setView] = useState<CalendarView>(() => (window.matchMedia?.('(max-width: 760px)').matches ? 'day' : 'week'));
  const [anchor, setAnchor] = useState(() => todayKey(timeZone));
  const [staffFilter, setStaffFilter] = useState('');
  const [open, setOpen] = useState<Appointment | null>(null);
  const [creating, setCreating] = useState(false);
  const days = useMemo(() => daysOf(view, anchor, timeZone), [view, anchor, timeZone]);
  const range = rangeOf(days, timeZone);
  const staff = useQuery({ queryKey: bookingKeys.staff, queryFn: ({ signal }) => bookingApi.staff(signal) });
  const services = useQuery({ queryKey: bookingKeys.services, queryFn: ({ signal }) => bookingApi.services(signal) });
  const timeOff = useQuery({ queryKey: [...bookingKeys.timeOff, days[0]], queryFn: ({ signal }) => bookingApi.timeOff(days[0]!, signal) });
  const appointments = useQuery({ queryKey: bookingKeys.appointments(range.from, range.to), queryFn: ({ signal }) => bookingApi.appointments(range.from, range.to, signal) });

  if (staff.isPending) return <Spinner />;
  if (!staff.data) return <ErrorBanner error={staff.error} />;
  const shownStaff = staff.data.filter((s) => !staffFilter || s.id === staffFilter);
  const serviceName = new Map((services.data ?? []).map((s) => [s.id, s.name]));
  const today = todayKey(timeZone);
  const dayLabel = (day: string) => fmt.date(`${day}T12:00:00Z`);

  return (
    <div className="stack" data-testid="booking-calendar">
      <div className="booking-toolbar">
        <div className="segmented" role="radiogroup" aria-label={t('booking.cal.view')}>
          {(['day', 'week'] as const).map((v) => (
            <button key={v} type="button" role="radio" aria-checked={view === v} className={view === v ? 'segmented-item active' : 'segmented-item'} onClick={() => setView(v)} data-testid={`booking-view-${v}`}>
              {t(`booking.cal.view.${v}`)}
            </button>
          ))}
        </div>
        <div className="booking-nav">
          <button type="button" className="button button-small" onClick={() => setAnchor(shiftAnchor(view, anchor, -1))} aria-label={t('booking.cal.previous')}>
            ‹
          </button>
          <button type="button" className="button button-small" onClick={() => setAnchor(today)}>
            {t('booking.cal.today')}
          </button>
          <button type="button" className="button button-small" onClick={() => setAnchor(shiftAnchor(view, anchor, 1))} aria-label={t('booking.cal.next')}>
            ›
          </button>
          <span className="booking-range">{days.length === 1 ? dayLabel(days[0]!) : t('booking.timeOff.range', { from: dayLabel(days[0]!), to: dayLabel(days[6]!) })}</span>
        </div>
        <select value={staffFilter} onChange={(e) => setStaffFilter(e.target.value)} aria-label={t('booking.cal.staff')} data-testid="booking-cal-staff">
          <option value="">{t('booking.cal.allStaff')}</option>
          {staff.data.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)} disabled={staff.data.length === 0} data-testid="booking-new-appointment">
          {t('booking.cal.new')}
        </button>
      </div>
      <ErrorBanner error={appointments.error} />
      {staff.data.length === 0 ? (
        <EmptyState icon="users" title={t('booking.staff.none')}>
          {t('booking.cal.noStaffHint')}
        </EmptyState>
      ) : (
        <div className="booking-table-wrap card card-flush">
          <table className="table booking-cal">
            <thead>
              <tr>
                <th>{t('booking.cal.staff')}</th>
                {days.map((day) => (
                  <th key={day} className={day === today ? 'booking-cal-today' : undefined}>
                    {view === 'week' ? `${t(`booking.weekday.short.${weekdayOf(day)}`)} ${fmt.date(`${day}T12:00:00Z`).replace(/\s?\d{4}.*$/, '')}` : dayLabel(day)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shownStaff.map((member) => (
                <tr key={member.id}>
                  <th scope="row" className="booking-cal-staff">
                    {member.name}
                  </th>
                  {days.map((day) => {
                    const away = (timeOff.data ?? []).find((x) => x.staffId === member.id && x.startsOn <= day && x.endsOn >= day);
                    const hours = member.workingHours[weekdayOf(day)] ?? [];
                    const items = (appointments.data ?? [])
                      .filter((a) => a.staffId === member.id && a.status !== 'cancelled' && localParts(a.startAt, timeZone).day === day)
                      .sort((a, b) => a.startAt.localeCompare(b.startAt));
                    return (
                      <td key={day} className={away || hours.length === 0 ? 'booking-cal-cell booking-cal-off' : 'booking-cal-cell'} data-testid={`cal-${member.id}-${day}`}>
                        {away ? (
                          <div className="booking-cal-note">{t(`booking.timeOff.kind.${away.kind}`)}</div>
                        ) : hours.length === 0 ? (
                          <div className="booking-cal-note">{t('booking.staff.dayOff')}</div>
                        ) : (
                          <div className="booking-cal-note">{hours.map(([a, b]) => `${a}–${b}`).join(', ')}</div>
                        )}
                        {items.map((a) => (
                          <button key={a.id} type="button" className={`booking-chip booking-chip-${a.status}`} onClick={() => setOpen(a)} data-testid="booking-chip">
                            <span className="booking-chip-time">{fmt.time(a.startAt)}</span>
                            <span className="booking-chip-text">{a.contactName ?? '—'}</span>
                            <span className="booking-chip-service">{serviceName.get(a.serviceId) ?? ''}</span>
                          </button>
                        ))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <AppointmentModal appointment={open} staff={staff.data} serviceName={serviceName.get(open.serviceId) ?? ''} onClose={() => setOpen(null)} />}
      {creating && <NewAppointmentModal staff={staff.data} services={services.data ?? []} initialDay={days[0]!} onClose={() => setCreating(false)} />}
    </div>
  );
}
