import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { channelsApi, healthSettingsKey, sendingHealthKey, type HealthSettings, type HealthThresholds, type HealthThresholdsPatch } from './channel-api.ts';

type NumberField = 'hourlyFailureRatio' | 'hourlyMinSends' | 'invalidRatio24h' | 'minSends24h' | 'rateLimitedPerHour';

/** The numeric thresholds; ratios are shown and typed as percentages. */
const NUMBER_FIELDS: { name: NumberField; percent?: boolean }[] = [
  { name: 'hourlyFailureRatio', percent: true },
  { name: 'hourlyMinSends' },
  { name: 'invalidRatio24h', percent: true },
  { name: 'minSends24h' },
  { name: 'rateLimitedPerHour' },
];
const KNOWN_FIELDS = ['autoPause', 'pauseOnAuthRevoked', ...NUMBER_FIELDS.map((f) => f.name)];

function shown(value: number, percent?: boolean): string {
  return percent ? String(Math.round(value * 10_000) / 100) : String(value);
}

/** The overrides as the form edits them: empty means "the default". */
function draftOf(settings: HealthSettings): Record<NumberField, string> {
  const draft = {} as Record<NumberField, string>;
  for (const field of NUMBER_FIELDS) {
    const value = settings.overrides[field.name];
    draft[field.name] = value === undefined || value === null ? '' : shown(value, field.percent);
  }
  return draft;
}

/**
 * Settings → Channels → the thresholds that pause a sending account automatically (admins). Empty fields use the
 * defaults; what the API refuses is shown under the field it names.
 */
export function HealthSettingsForm() {
  const t = useT();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: healthSettingsKey, queryFn: channelsApi.healthSettings });
  const [draft, setDraft] = useState<Record<NumberField, string> | null>(null);
  const [toggles, setToggles] = useState<Pick<HealthThresholds, 'autoPause' | 'pauseOnAuthRevoked'> | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data && draft === null) {
      setDraft(draftOf(settings.data));
      setToggles({ autoPause: settings.data.thresholds.autoPause, pauseOnAuthRevoked: settings.data.thresholds.pauseOnAuthRevoked });
    }
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: () => {
      const patch: HealthThresholdsPatch = { autoPause: toggles!.autoPause, pauseOnAuthRevoked: toggles!.pauseOnAuthRevoked };
      for (const field of NUMBER_FIELDS) {
        const raw = draft![field.name].trim().replace(',', '.');
        if (raw === '') patch[field.name] = null;
        else if (!/^-?\d+(\.\d+)?$/.test(raw)) patch[field.name] = raw;
        else patch[field.name] = field.percent ? Number(raw) / 100 : Number(raw);
      }
      return channelsApi.saveHealthSettings(patch);
    },
    onSuccess: (answer) => {
      queryClient.setQueryData(healthSettingsKey, answer);
      setDraft(draftOf(answer));
      setSaved(true);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === sendingHealthKey('')[0] && query.queryKey[2] === sendingHealthKey('')[2] });
    },
  });
  const errors = formErrors(save.error, KNOWN_FIELDS);

  if (settings.isPending || !draft || !toggles) return <div className="card">{settings.error ? <ErrorBanner error={settings.error} /> : <Spinner />}</div>;
  const defaults = settings.data!.defaults;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="health-settings-form">
      <h2 className="card-title">{t('channels.thresholds.title')}</h2>
      <p className="muted small">{t('channels.thresholds.intro')}</p>
      <ErrorBanner message={errors.general} />
      <label className="checkbox">
        <input type="checkbox" checked={toggles.autoPause} onChange={(event) => setToggles({ ...toggles, autoPause: event.target.checked })} data-testid="threshold-autoPause" />
        <span>{t('channels.thresholds.autoPause')}</span>
      </label>
      {errors.fields.autoPause && <span className="field-error" role="alert">{errors.fields.autoPause}</span>}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={toggles.pauseOnAuthRevoked}
          onChange={(event) => setToggles({ ...toggles, pauseOnAuthRevoked: event.target.checked })}
          data-testid="threshold-pauseOnAuthRevoked"
        />
        <span>{t('channels.thresholds.pauseOnAuthRevoked')}</span>
      </label>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '0 12px' }}>
        {NUMBER_FIELDS.map((field) => (
          <Field
            key={field.name}
            label={t(`channels.thresholds.${field.name}` as MessageKey)}
            error={errors.fields[field.name]}
            hint={t('channels.thresholds.default', { value: `${shown(defaults[field.name], field.percent)}${field.percent ? ' %' : ''}` })}
          >
            <input
              inputMode="decimal"
              value={draft[field.name]}
              placeholder={shown(defaults[field.name], field.percent)}
              onChange={(event) => {
                setSaved(false);
                setDraft({ ...draft, [field.name]: event.target.value });
              }}
              data-testid={`threshold-${field.name}`}
            />
          </Field>
        ))}
      </div>
      <div className="form-actions">
        {saved && (
          <span className="muted small" data-testid="health-settings-saved">
            {t('channels.thresholds.saved')}
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="health-settings-save">
          {t('channels.thresholds.save')}
        </button>
      </div>
    </form>
  );
}
