import { useState, type FormEvent } from 'react';
import { formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { CONTACT_FIELDS, type ContactFormValues } from './contactForm.ts';

interface ContactFormProps {
  initial: ContactFormValues;
  onSubmit(values: ContactFormValues): void;
  onCancel?(): void;
  pending: boolean;
  error: unknown;
  submitLabel: string;
}

/** First/last name, phone, email, Telegram username and tags, with the API's field errors inline. */
export function ContactForm({ initial, onSubmit, onCancel, pending, error, submitLabel }: ContactFormProps) {
  const t = useT();
  const [values, setValues] = useState(initial);
  const errors = formErrors(error, CONTACT_FIELDS);
  const set = (field: keyof ContactFormValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="contact-form">
      <ErrorBanner message={errors.general} />
      <div className="form-row">
        <Field label={t('contacts.firstName')} error={errors.fields.firstName}>
          <input value={values.firstName} onChange={set('firstName')} autoFocus data-testid="contact-form-firstName" />
        </Field>
        <Field label={t('contacts.lastName')} error={errors.fields.lastName}>
          <input value={values.lastName} onChange={set('lastName')} data-testid="contact-form-lastName" />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('contacts.phone')} error={errors.fields.phone} hint={t('contacts.phoneHint')}>
          <input value={values.phone} onChange={set('phone')} inputMode="tel" placeholder="+996 555 123 456" data-testid="contact-form-phone" />
        </Field>
        <Field label={t('contacts.email')} error={errors.fields.email}>
          <input type="email" value={values.email} onChange={set('email')} data-testid="contact-form-email" />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('contacts.telegram')} error={errors.fields.telegramUsername}>
          <input value={values.telegramUsername} onChange={set('telegramUsername')} placeholder="@username" data-testid="contact-form-telegramUsername" />
        </Field>
        <Field label={t('contacts.tags')} error={errors.fields.tags} hint={t('contacts.tagsHint')}>
          <input value={values.tags} onChange={set('tags')} placeholder="vip, 2024" data-testid="contact-form-tags" />
        </Field>
      </div>
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={pending} data-testid="contact-form-submit">
          {pending ? t('common.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
