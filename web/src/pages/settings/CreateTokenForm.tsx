import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { ApiToken, Role } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { RoleSelect } from './RoleSelect.tsx';

const FIELDS = ['name', 'role', 'expiresInDays'] as const;

export function CreateTokenForm({ onCreated }: { onCreated(name: string, secret: string): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [days, setDays] = useState('');

  const create = useMutation({
    mutationFn: () =>
      api.post<{ token: ApiToken; secret: string }>('/api/tokens', {
        name: name.trim(),
        role,
        ...(days.trim() ? { expiresInDays: Number(days) } : {}),
      }),
    onSuccess: (result) => {
      onCreated(result.token?.name ?? name, result.secret);
      setName('');
      setDays('');
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const errors = formErrors(create.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2 className="card-title">{t('settings.createToken')}</h2>
      <ErrorBanner message={errors.general} />
      <div className="form-row form-row-3">
        <Field label={t('settings.name')} error={errors.fields.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder={t('settings.tokenNamePlaceholder')} data-testid="token-name" />
        </Field>
        <Field label={t('settings.role')} error={errors.fields.role}>
          <RoleSelect value={role} onChange={setRole} />
        </Field>
        <Field label={t('settings.expiresInDays')} error={errors.fields.expiresInDays} hint={t('settings.expiresHint')}>
          <input value={days} onChange={(event) => setDays(event.target.value.replace(/\D/g, ''))} inputMode="numeric" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()} data-testid="token-create">
          {t('settings.createToken')}
        </button>
      </div>
    </form>
  );
}
