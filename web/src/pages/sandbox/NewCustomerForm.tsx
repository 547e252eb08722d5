import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { ChannelAccount } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { postInbound, rememberInbound } from './sandboxApi.ts';

interface NewCustomerFormProps {
  accounts: ChannelAccount[];
  accountId: string;
  onAccountChange(accountId: string): void;
}

const FIELDS = ['from.name', 'from.phone', 'text'] as const;

/** "A new customer writes in": a first inbound message from someone we have not talked to yet. */
export function NewCustomerForm({ accounts, accountId, onAccountChange }: NewCustomerFormProps) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [text, setText] = useState('');

  const send = useMutation({
    mutationFn: () =>
      postInbound(accountId, {
        text: text.trim(),
        from: { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) },
      }),
    onSuccess: (result) => {
      rememberInbound(queryClient, result);
      setName('');
      setPhone('');
      setText('');
      navigate(`/sandbox/${result.conversationId}`);
    },
  });
  const errors = formErrors(send.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) send.mutate();
  };

  return (
    <form className="card card-tight sandbox-new" onSubmit={submit} noValidate>
      <h2 className="card-title">{t('sandbox.newTitle')}</h2>
      {accounts.length > 1 && (
        <Field label={t('sandbox.account')}>
          <select value={accountId} onChange={(event) => onAccountChange(event.target.value)}>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="form-row">
        <Field label={t('sandbox.newName')} error={errors.fields['from.name']}>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder={t('sandbox.newNamePlaceholder')} data-testid="sandbox-new-name" />
        </Field>
        <Field label={t('sandbox.newPhone')} error={errors.fields['from.phone']}>
          <input value={phone} onChange={(event) => setPhone(event.target.value)} placeholder="+996 555 123 456" inputMode="tel" data-testid="sandbox-new-phone" />
        </Field>
      </div>
      <Field label={t('sandbox.newText')} error={errors.fields.text}>
        <textarea value={text} rows={2} onChange={(event) => setText(event.target.value)} placeholder={t('sandbox.newTextPlaceholder')} data-testid="sandbox-new-text" />
      </Field>
      <ErrorBanner message={errors.general} />
      <button type="submit" className="button button-sandbox" disabled={!text.trim() || send.isPending} data-testid="sandbox-new-send">
        {send.isPending ? t('common.sending') : t('sandbox.newSend')}
      </button>
    </form>
  );
}
