import { useT } from '../../i18n.tsx';
import { Field } from '../../components/Field.tsx';
import type { Schedule } from './campaign-types.ts';

interface Props {
  enabled: boolean;
  schedule: Schedule;
  disabled: boolean;
  onToggle(on: boolean): void;
  onChange(schedule: Schedule): void;
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Working hours, weekdays and time zone of the sends; outside the window a send waits for the next opening. */
export function ScheduleEditor({ enabled, schedule, disabled, onToggle, onChange }: Props) {
  const t = useT();
  const set = (patch: Partial<Schedule>) => onChange({ ...schedule, ...patch });
  const hours = schedule.workingHours ?? { start: '09:00', end: '18:00' };
  const days = schedule.daysOfWeek ?? [];
  return (
    <fieldset className="form" disabled={disabled} data-testid="schedule-editor">
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle(e.target.checked)} data-testid="schedule-on" />
        <span>{t('campaigns.schedule.on')}</span>
      </label>
      {enabled && (
        <>
          <div className="form-row form-row-3">
            <Field label={t('campaigns.schedule.from')}>
              <input type="time" value={hours.start} onChange={(e) => set({ workingHours: { ...hours, start: e.target.value } })} />
            </Field>
            <Field label={t('campaigns.schedule.to')}>
              <input type="time" value={hours.end} onChange={(e) => set({ workingHours: { ...hours, end: e.target.value } })} />
            </Field>
            <Field label={t('campaigns.schedule.timezone')}>
              <input value={schedule.timezone} onChange={(e) => set({ timezone: e.target.value })} placeholder="Europe/Berlin" />
            </Field>
          </div>
          <div className="checkbox-row" role="group" aria-label={t('campaigns.schedule.days')}>
            {DAYS.map((day) => (
              <label key={day} className="checkbox">
                <input type="checkbox" checked={days.includes(day)} onChange={(e) => set({ daysOfWeek: e.target.checked ? [...days, day].sort() : days.filter((d) => d !== day) })} />
                <span>{t(`autopilot.weekday.${day}` as 'autopilot.weekday.1')}</span>
              </label>
            ))}
          </div>
          <div className="form-row">
            <label className="checkbox">
              <input type="checkbox" checked={schedule.useContactTimezone} onChange={(e) => set({ useContactTimezone: e.target.checked })} />
              <span>{t('campaigns.schedule.contactZone')}</span>
            </label>
            <Field label={t('campaigns.schedule.jitter')}>
              <input type="number" min={0} max={240} value={schedule.jitterMinutes} onChange={(e) => set({ jitterMinutes: Number(e.target.value) })} />
            </Field>
          </div>
        </>
      )}
    </fieldset>
  );
}
