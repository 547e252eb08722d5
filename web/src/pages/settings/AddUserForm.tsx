import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Member, Role } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { RoleSelect } from './RoleSelect.tsx';

const FIELDS = ['email', 'name', 'password', 'role'] as const;

export function AddUserForm() {
  const t = useT();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('agent');

  const create = useMutation({
    mutationFn: () => api.post<Member>('/api/users', { email: email.trim(), name: name.trim(), password, role }),
    onSuccess: () => {
      setEmail('');
      setName('');
      setPassword('');
      setRole('agent');
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const errors = formErrors(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2 className="card-title">{t('settings.addUser')}</h2>
      <ErrorBanner message={errors.general} />
      <div className="form-row form-row-4">
        <Field label={t('settings.email')} error={errors.fields.email}>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" data-testid="user-email" />
        </Field>
        <Field label={t('settings.name')} error={errors.fields.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" data-testid="user-name" />
        </Field>
        <Field label={t('settings.password')} error={errors.fields.password} hint={t('settings.passwordHint')}>
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" data-testid="user-password" />
        </Field>
        <Field label={t('settings.role')} error={errors.fields.role}>
          <RoleSelect value={role} onChange={setRole} testId="user-role" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !email || !name || !password} data-testid="user-add">
          {t('settings.addUser')}
        </button>
      </div>
    </form>
  );
}
