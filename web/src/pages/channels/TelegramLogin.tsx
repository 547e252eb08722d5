import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { accountsKey, channelsApi, type ChannelAccountDetail, type TelegramLoginAnswer } from './channel-api.ts';

/**
 * The login of a Telegram user account: the code Telegram sent to the account's apps, then — for accounts
 * with two-step verification — the cloud password. The password goes to the server once and is not kept.
 */
export function TelegramLogin({ account, onClose }: { account: ChannelAccountDetail; onClose(): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const initial = account.connection?.state === 'awaiting_password' ? 'awaiting_password' : account.connection?.state === 'open' ? 'open' : 'awaiting_code';
  const [step, setStep] = useState<TelegramLoginAnswer['step']>(initial);
  const [hint, setHint] = useState<string | null>(null);
  const [codeType, setCodeType] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');

  const advance = (answer: TelegramLoginAnswer) => {
    setStep(answer.step);
    setHint(answer.passwordHint);
    if (answer.codeType) setCodeType(answer.codeType);
    setCode('');
    setPassword('');
    void queryClient.invalidateQueries({ queryKey: accountsKey });
  };
  const sendCode = useMutation({ mutationFn: () => channelsApi.telegramCode(account.id, code.trim()), onSuccess: advance });
  const sendPassword = useMutation({ mutationFn: () => channelsApi.telegramPassword(account.id, password), onSuccess: advance });
  const restart = useMutation({ mutationFn: () => channelsApi.telegramRestart(account.id), onSuccess: advance });
  const error = step === 'awaiting_code' ? sendCode.error : sendPassword.error;
  const errors = formErrors(error ?? restart.error, ['code', 'password']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step === 'awaiting_code') sendCode.mutate();
    else if (step === 'awaiting_password') sendPassword.mutate();
  };

  return (
    <section className="card stack" data-testid="telegram-login-panel">
      <div className="prompt-head">
        <h2 className="card-title">{t('channels.tg.title', { name: account.name })}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {step === 'open' ? (
        <p className="banner" role="status" data-testid="telegram-login-done">
          <span className="badge badge-success">{t('channels.state.open')}</span> {t('channels.tg.done')}
        </p>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorBanner message={errors.general} />
          {step === 'awaiting_code' ? (
            <Field
              label={t('channels.tg.code')}
              error={errors.fields.code}
              hint={t(codeType === 'sms' ? 'channels.tg.codeSms' : codeType === 'call' || codeType === 'flash_call' ? 'channels.tg.codeCall' : ('channels.tg.codeApp' as MessageKey))}
            >
              <input inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.target.value)} data-testid="telegram-code" />
            </Field>
          ) : (
            <Field label={t('channels.tg.password')} error={errors.fields.password} hint={hint ? t('channels.tg.passwordHint', { hint }) : t('channels.tg.passwordWhy')}>
              <input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} data-testid="telegram-password" />
            </Field>
          )}
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={(step === 'awaiting_code' ? !code.trim() : !password) || sendCode.isPending || sendPassword.isPending}
              data-testid="telegram-login-submit"
            >
              {sendCode.isPending || sendPassword.isPending ? t('channels.tg.checking') : t('channels.tg.logIn')}
            </button>
            <button type="button" className="button button-ghost" disabled={restart.isPending} onClick={() => restart.mutate()} data-testid="telegram-new-code">
              {t('channels.tg.newCode')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
