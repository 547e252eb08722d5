import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { resetSessionCache, useMe } from '../../session.tsx';
import type { Me } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';

export function LoginPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from !== '/login' ? from : '/conversations';

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organization, setOrganization] = useState('');
  const [showOrganization, setShowOrganization] = useState(false);

  const login = useMutation({
    mutationFn: () =>
      api.post<Me>(
        '/api/auth/login',
        { email: email.trim(), password, ...(organization.trim() ? { organization: organization.trim() } : {}) },
        { allowUnauthorized: true },
      ),
    onSuccess: (data) => {
      // Nothing cached from an earlier session may leak into this one.
      resetSessionCache(queryClient, data);
      navigate(target, { replace: true });
    },
  });

  if (me.data && !login.isPending) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="chat" size={22} />
          </span>
          <span className="brand-name">Parley</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <ErrorBanner error={login.error} />
        <Field label={t('login.email')}>
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
            autoFocus
            data-testid="login-email"
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            data-testid="login-password"
          />
        </Field>
        {showOrganization ? (
          <Field label={t('login.organization')} hint={t('login.organizationHint')}>
            <input value={organization} onChange={(event) => setOrganization(event.target.value)} placeholder="acme" />
          </Field>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowOrganization(true)}>
            {t('login.chooseOrganization')}
          </button>
        )}
        <button type="submit" className="button button-primary button-block" disabled={login.isPending || !email || !password} data-testid="login-submit">
          {login.isPending ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
