import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Webhook } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';

const FIELDS = ['url', 'eventTypes'] as const;

export function AddWebhookForm({ onCreated }: { onCreated(url: string, secret: string): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  // The server lists the event types it emits; an empty selection subscribes to all of them.
  const types = useQuery({ queryKey: ['event-types'], queryFn: () => api.get<{ items: string[] }>('/api/events/types'), staleTime: Infinity });
  const eventTypes = selected;
  const create = useMutation({
    mutationFn: () => api.post<Webhook & { secret: string }>('/api/webhooks', { url: url.trim(), eventTypes }),
    onSuccess: (hook) => {
      onCreated(hook.url, hook.secret);
      setUrl('');
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const errors = formErrors(create.error, FIELDS);
  const toggle = (type: string) => setSelected((current) => (current.includes(type) ? current.filter((s) => s !== type) : [...current, type]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2 className="card-title">{t('settings.addWebhook')}</h2>
      <ErrorBanner message={errors.general} />
      <Field label={t('settings.url')} error={errors.fields.url}>
        <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://example.com/hooks/parley" data-testid="webhook-url" />
      </Field>
      <fieldset className="field">
        <legend className="field-label">{t('settings.events')}</legend>
        <div className="checkbox-grid">
          {(types.data?.items ?? []).map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" checked={selected.includes(type)} onChange={() => toggle(type)} />
              <span className="mono">{type}</span>
            </label>
          ))}
        </div>
        {errors.fields.eventTypes ? <span className="field-error">{errors.fields.eventTypes}</span> : <span className="field-hint">{t('settings.eventsHint')}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !url.trim()} data-testid="webhook-add">
          {t('settings.addWebhook')}
        </button>
      </div>
    </form>
  );
}
