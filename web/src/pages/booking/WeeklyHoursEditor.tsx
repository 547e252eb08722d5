import { useT } from '../../i18n.tsx';
import { WEEKDAYS, type Weekday, type WorkingHours } from './booking-api.ts';

interface Props {
  value: WorkingHours;
  onChange(value: WorkingHours): void;
  error?: string | null;
}

/** One working interval per weekday, or a day off. Further intervals of a day (from YClients) are kept as they are. */
export function WeeklyHoursEditor({ value, onChange, error }: Props) {
  const t = useT();
  const set = (day: Weekday, interval: [string, string] | null) => {
    const next = { ...value };
    if (interval) next[day] = [interval, ...(value[day] ?? []).slice(1)];
    else delete next[day];
    onChange(next);
  };
  return (
    <fieldset className="booking-fieldset" data-testid="weekly-hours">
      <legend className="field-label">{t('booking.staff.hours')}</legend>
      <div className="booking-hours">
        {WEEKDAYS.map((day) => {
          const interval = value[day]?.[0] ?? null;
          return (
            <div key={day} className="booking-hours-row">
              <label className="checkbox">
                <input type="checkbox" checked={interval !== null} onChange={(e) => set(day, e.target.checked ? ['10:00', '19:00'] : null)} data-testid={`hours-${day}`} />
                {t(`booking.weekday.${day}`)}
              </label>
              {interval ? (
                <span className="booking-hours-times">
                  <input type="time" value={interval[0]} onChange={(e) => set(day, [e.target.value, interval[1]])} aria-label={t('booking.staff.from')} data-testid={`hours-${day}-from`} />
                  <span aria-hidden="true">–</span>
                  <input type="time" value={interval[1]} onChange={(e) => set(day, [interval[0], e.target.value])} aria-label={t('booking.staff.to')} data-testid={`hours-${day}-to`} />
                </span>
              ) : (
                <span className="muted small">{t('booking.staff.dayOff')}</span>
              )}
            </div>
          );
        })}
      </div>
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
