import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';

interface SendWindow {
  start: string;
  end: string;
}
interface OutreachSettings {
  sendWindow: SendWindow | null;
  effectiveWindow: SendWindow;
}

const KEY = ['outreach-settings'];

/** The organization's quiet hours: when automated messages may go out (09:00–21:00 unless widened). */
export function QuietHoursSettings({ editable }: { editable: boolean }) {
  const settings = useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<OutreachSettings>('/api/outreach/settings', undefined, { signal }) });
  if (!settings.data) return <Spinner />;
  return <QuietHoursForm key={JSON.stringify(settings.data.effectiveWindow)} initial={settings.data.effectiveWindow} editable={editable} />;
}

function QuietHoursForm({ initial, editable }: { initial: SendWindow; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [window, setWindow] = useState<SendWindow>(initial);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (sendWindow: SendWindow | null) => api.put<OutreachSettings>('/api/outreach/settings', { sendWindow }),
    onSuccess: (updated) => {
      queryClient.setQueryData(KEY, updated);
      setWindow(updated.effectiveWindow);
      setSavedAt(Date.now());
    },
  });
  const errors = formErrors(save.error, ['sendWindow.start', 'sendWindow.end']);
  const always = window.start === '00:00' && window.end === '24:00';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(window);
  };
  return (
    <form className="card form form-narrow" onSubmit={submit} noValidate data-testid="quiet-hours">
      <h3>{t('outreach.quietHours')}</h3>
      <p className="muted small">{t('outreach.quietHoursHint')}</p>
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable}>
        <div className="form-row">
          <Field label={t('outreach.windowStart')} error={errors.fields['sendWindow.start']}>
            <input type="time" value={window.start} disabled={always} onChange={(e) => setWindow((w) => ({ ...w, start: e.target.value }))} data-testid="quiet-start" />
          </Field>
          <Field label={t('outreach.windowEnd')} error={errors.fields['sendWindow.end']}>
            <input type="time" value={window.end === '24:00' ? '23:59' : window.end} disabled={always} onChange={(e) => setWindow((w) => ({ ...w, end: e.target.value }))} data-testid="quiet-end" />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={always} onChange={(e) => setWindow(e.target.checked ? { start: '00:00', end: '24:00' } : { start: '09:00', end: '21:00' })} />{' '}
          {t('outreach.always')}
        </label>
      </fieldset>
      {editable && (
        <div className="form-actions">
          {savedAt && <span className="saved-note">{t('common.saved')}</span>}
          <button type="button" className="button" onClick={() => save.mutate(null)} disabled={save.isPending}>
            {t('outreach.useDefault')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="quiet-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}
