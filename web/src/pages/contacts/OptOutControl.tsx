import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';

/** "Do not message" switch; turning it on asks for a reason. */
export function OptOutControl({ contact, onSaved }: { contact: Contact; onSaved(contact: Contact): void }) {
  const t = useT();
  const fmt = useFormat();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');

  const save = useMutation({
    mutationFn: (body: { optedOut: boolean; optOutReason?: string | null }) => api.patch<Contact>(`/api/contacts/${contact.id}`, body),
    onSuccess: (updated) => {
      setAsking(false);
      setReason('');
      onSaved(updated);
    },
  });

  const toggle = () => {
    if (contact.optedOut) save.mutate({ optedOut: false });
    else setAsking((value) => !value);
  };

  return (
    <section className="drawer-section">
      <div className="switch-row">
        <label className="switch">
          <input type="checkbox" checked={contact.optedOut || asking} onChange={toggle} disabled={save.isPending} data-testid="contact-optout" />
          <span className="switch-track" aria-hidden="true" />
          <span>{t('contacts.optOutLabel')}</span>
        </label>
      </div>
      {contact.optedOut && (
        <p className="muted small">
          {t('contacts.optedOutSince', { date: fmt.dateTime(contact.optedOutAt) })}
          {contact.optOutReason ? ` — ${contact.optOutReason}` : ''}
        </p>
      )}
      {asking && !contact.optedOut && (
        <div className="inline-form">
          <Field label={t('contacts.optOutReason')}>
            <input value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('contacts.optOutReasonPlaceholder')} autoFocus data-testid="contact-optout-reason" />
          </Field>
          <div className="form-actions">
            <button type="button" className="button button-ghost" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => save.mutate({ optedOut: true, optOutReason: reason.trim() || null })}
              disabled={save.isPending}
              data-testid="contact-optout-save"
            >
              {t('contacts.optOutConfirm')}
            </button>
          </div>
        </div>
      )}
      <ErrorBanner error={save.error} />
    </section>
  );
}
