import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Webhook } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';

// Event types known today; others can be typed in. An empty selection subscribes to every event.
const KNOWN_EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.opted_out',
  'contact.opted_in',
  'conversation.created',
  'message.received',
  'message.sent',
  'message.failed',
  'lead.created',
  'lead.stage_changed',
];

const FIELDS = ['url', 'eventTypes'] as const;

export function AddWebhookForm({ onCreated }: { onCreated(url: string, secret: string): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [custom, setCustom] = useState('');

  const eventTypes = [...new Set([...selected, ...custom.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)])];
  const create = useMutation({
    mutationFn: () => api.post<Webhook & { secret: string }>('/api/webhooks', { url: url.trim(), eventTypes }),
    onSuccess: (hook) => {
      onCreated(hook.url, hook.secret);
      setUrl('');
      setSelected([]);
      setCustom('');
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
          {KNOWN_EVENTS.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" checked={selected.includes(type)} onChange={() => toggle(type)} />
              <span className="mono">{type}</span>
            </label>
          ))}
        </div>
        {errors.fields.eventTypes ? <span className="field-error">{errors.fields.eventTypes}</span> : <span className="field-hint">{t('settings.eventsHint')}</span>}
      </fieldset>
      <Field label={t('settings.customEvents')}>
        <input value={custom} onChange={(event) => setCustom(event.target.value)} placeholder="campaign.started, …" className="mono" />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !url.trim()} data-testid="webhook-add">
          {t('settings.addWebhook')}
        </button>
      </div>
    </form>
  );
}
