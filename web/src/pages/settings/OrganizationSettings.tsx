import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { isAdminRole, meKey, useSession } from '../../session.tsx';
import type { Organization } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { QuietHoursSettings } from './QuietHoursSettings.tsx';

const FIELDS = ['name', 'defaultRegion', 'timezone', 'locale', 'currency'] as const;
type Values = Pick<Organization, (typeof FIELDS)[number]>;

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function OrganizationSettings() {
  const me = useSession();
  const org = useQuery({
    queryKey: ['org'],
    queryFn: ({ signal }) => api.get<Organization>('/api/org', undefined, { signal }),
    initialData: me.organization,
  });
  if (!org.data) return <Spinner />;
  return (
    <>
      <OrganizationForm key={org.data.id + org.data.createdAt} organization={org.data} editable={isAdminRole(me.role)} />
      <QuietHoursSettings editable={isAdminRole(me.role)} />
    </>
  );
}

function OrganizationForm({ organization, editable }: { organization: Organization; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const zones = useMemo(timeZones, []);
  const [values, setValues] = useState<Values>({
    name: organization.name,
    defaultRegion: organization.defaultRegion,
    timezone: organization.timezone,
    locale: organization.locale,
    currency: organization.currency,
  });
  const [savedAt, setSavedAt] = useState<number | null>(null);

  const save = useMutation({
    mutationFn: () => {
      const body: Partial<Values> = {};
      for (const field of FIELDS) {
        const value = values[field].trim();
        if (value !== organization[field]) body[field] = value;
      }
      return api.patch<Organization>('/api/org', body);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['org'], updated);
      void queryClient.invalidateQueries({ queryKey: meKey });
      setSavedAt(Date.now());
    },
  });
  const errors = formErrors(save.error, FIELDS);
  const set = (field: keyof Values, transform: (v: string) => string = (v) => v) => (event: { target: { value: string } }) => {
    setSavedAt(null);
    setValues((current) => ({ ...current, [field]: transform(event.target.value) }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card form form-narrow" onSubmit={submit} noValidate>
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable}>
        <Field label={t('org.name')} error={errors.fields.name}>
          <input value={values.name} onChange={set('name')} data-testid="org-name" />
        </Field>
        <div className="form-row">
          <Field label={t('org.defaultRegion')} error={errors.fields.defaultRegion} hint={t('org.defaultRegionHint')}>
            <input value={values.defaultRegion} onChange={set('defaultRegion', (v) => v.toUpperCase())} maxLength={2} />
          </Field>
          <Field label={t('org.currency')} error={errors.fields.currency} hint={t('org.currencyHint')}>
            <input value={values.currency} onChange={set('currency', (v) => v.toUpperCase())} maxLength={3} />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('org.timezone')} error={errors.fields.timezone}>
            <input value={values.timezone} onChange={set('timezone')} list="parley-timezones" />
          </Field>
          <Field label={t('org.locale')} error={errors.fields.locale}>
            <select value={values.locale} onChange={set('locale')}>
              <option value="ru">Русский</option>
              <option value="en">English</option>
            </select>
          </Field>
        </div>
        <datalist id="parley-timezones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </fieldset>
      {editable && (
        <div className="form-actions">
          {savedAt && <span className="saved-note">{t('common.saved')}</span>}
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="org-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}
