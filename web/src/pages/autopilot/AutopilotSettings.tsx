import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors, request } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ISO_WEEKDAYS, WeekdayCheckboxes } from '../../components/WeekdayCheckboxes.tsx';

export interface AutopilotSettingsData {
  defaultOn: boolean;
  faq: Array<{ question: string; answer: string }>;
  typingDelaySeconds: number;
  workingHours: { start: string; end: string; daysOfWeek: number[] } | null;
  handoverPhrases: string[];
}

const settingsKey = ['autopilot-settings'] as const;
const FIELDS = ['defaultOn', 'faq', 'typingDelaySeconds', 'workingHours', 'workingHours.start', 'workingHours.end', 'workingHours.daysOfWeek', 'handoverPhrases'] as const;

/** Settings → Autopilot: who gets AI replies, when, and what it may answer offline. */
export function AutopilotSettings() {
  const settings = useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api.get<AutopilotSettingsData>('/api/autopilot/settings', undefined, { signal }) });
  const me = useSession();
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return <AutopilotForm initial={settings.data} editable={isAdminRole(me.role)} />;
}

function AutopilotForm({ initial, editable }: { initial: AutopilotSettingsData; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(initial);
  const [hoursOn, setHoursOn] = useState(initial.workingHours !== null);
  const [hours, setHours] = useState(initial.workingHours ?? { start: '09:00', end: '21:00', daysOfWeek: [...ISO_WEEKDAYS] });
  const [phrases, setPhrases] = useState(initial.handoverPhrases.join('\n'));
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: () =>
      request<AutopilotSettingsData>('PUT', '/api/autopilot/settings', {
        ...value,
        faq: value.faq.filter((entry) => entry.question.trim() || entry.answer.trim()),
        workingHours: hoursOn ? hours : null,
        handoverPhrases: phrases.split('\n').map((line) => line.trim()).filter(Boolean),
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(settingsKey, next);
      setValue(next);
      setSaved(true);
    },
  });
  const errors = formErrors(save.error, FIELDS);
  const change = (patch: Partial<AutopilotSettingsData>) => {
    setSaved(false);
    setValue((current) => ({ ...current, ...patch }));
  };
  const setFaq = (index: number, patch: Partial<{ question: string; answer: string }>) =>
    change({ faq: value.faq.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card form form-narrow" onSubmit={submit} noValidate aria-label={t('autopilot.title')} data-testid="autopilot-settings">
      <h2 className="card-title">{t('autopilot.title')}</h2>
      <p className="muted small">{t('autopilot.intro')}</p>
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable}>
        <label className="checkbox">
          <input type="checkbox" checked={value.defaultOn} onChange={(e) => change({ defaultOn: e.target.checked })} data-testid="autopilot-default-on" />
          <span>{t('autopilot.defaultOn')}</span>
        </label>
        <Field label={t('autopilot.typingDelay')} error={errors.fields.typingDelaySeconds} hint={t('autopilot.typingDelayHint')}>
          <input type="number" min={0} max={600} value={value.typingDelaySeconds} onChange={(e) => change({ typingDelaySeconds: Number(e.target.value) })} data-testid="autopilot-delay" />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={hoursOn} onChange={(e) => (setSaved(false), setHoursOn(e.target.checked))} data-testid="autopilot-hours-on" />
          <span>{t('autopilot.workingHours')}</span>
        </label>
        {hoursOn && (
          <div className="form-row">
            <Field label={t('autopilot.from')} error={errors.fields['workingHours.start']}>
              <input type="time" value={hours.start} onChange={(e) => setHours({ ...hours, start: e.target.value })} data-testid="autopilot-from" />
            </Field>
            <Field label={t('autopilot.to')} error={errors.fields['workingHours.end']}>
              <input type="time" value={hours.end} onChange={(e) => setHours({ ...hours, end: e.target.value })} data-testid="autopilot-to" />
            </Field>
            <fieldset className="field">
              <legend className="field-label">{t('autopilot.days')}</legend>
              <WeekdayCheckboxes
                selected={hours.daysOfWeek}
                label={(day) => t(`autopilot.weekday.${day}` as MessageKey)}
                onChange={(daysOfWeek) => setHours({ ...hours, daysOfWeek })}
              />
              {errors.fields['workingHours.daysOfWeek'] && <span className="field-error" role="alert">{errors.fields['workingHours.daysOfWeek']}</span>}
            </fieldset>
          </div>
        )}
        <fieldset className="field">
          <legend className="field-label">{t('autopilot.faq')}</legend>
          <span className="field-hint">{t('autopilot.faqHint')}</span>
          {value.faq.map((entry, index) => (
            <div key={index} className="faq-entry">
              <input aria-label={`${t('autopilot.question')} ${index + 1}`} placeholder={t('autopilot.question')} value={entry.question} onChange={(e) => setFaq(index, { question: e.target.value })} />
              <textarea aria-label={`${t('autopilot.answer')} ${index + 1}`} placeholder={t('autopilot.answer')} rows={2} value={entry.answer} onChange={(e) => setFaq(index, { answer: e.target.value })} />
              <button type="button" className="button button-ghost" onClick={() => change({ faq: value.faq.filter((_e, i) => i !== index) })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          {errors.fields.faq && <span className="field-error" role="alert">{errors.fields.faq}</span>}
          <button type="button" className="button" onClick={() => change({ faq: [...value.faq, { question: '', answer: '' }] })} data-testid="autopilot-add-faq">
            {t('autopilot.addFaq')}
          </button>
        </fieldset>
        <Field label={t('autopilot.handoverPhrases')} error={errors.fields.handoverPhrases} hint={t('autopilot.handoverHint')}>
          <textarea rows={3} value={phrases} onChange={(e) => (setSaved(false), setPhrases(e.target.value))} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="autopilot-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {saved && <span className="muted small">{t('common.saved')}</span>}
        </div>
      </fieldset>
    </form>
  );
}
