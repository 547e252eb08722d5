import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { accountsKey, channelsApi, CHANNEL_TYPES, type AccountChannel, type ChannelAccountDetail } from './channel-api.ts';

/** The config fields each channel asks for (names as the API's `config` has them). */
const CONFIG_FIELDS: Record<AccountChannel, { name: string; label: MessageKey; hint?: MessageKey; secret?: boolean; optional?: boolean; example?: string }[]> = {
  sandbox: [],
  evolution: [
    { name: 'baseUrl', label: 'channels.field.baseUrl', hint: 'channels.hint.baseUrl', example: 'https://evo.example.com' },
    { name: 'apiKey', label: 'channels.field.apiKey', secret: true },
    { name: 'instanceName', label: 'channels.field.instanceName', hint: 'channels.hint.instanceName', optional: true },
  ],
  whatsapp_cloud: [
    { name: 'phoneNumberId', label: 'channels.field.phoneNumberId', hint: 'channels.hint.phoneNumberId' },
    { name: 'accessToken', label: 'channels.field.accessToken', hint: 'channels.hint.accessToken', secret: true },
    { name: 'appSecret', label: 'channels.field.appSecret', secret: true },
  ],
  telegram_bot: [{ name: 'botToken', label: 'channels.field.botToken', hint: 'channels.hint.botToken', secret: true, example: '123456789:AAE…' }],
  telegram_user: [
    { name: 'apiId', label: 'channels.field.apiId', hint: 'channels.hint.apiId' },
    { name: 'apiHash', label: 'channels.field.apiHash', secret: true },
    { name: 'phone', label: 'channels.field.phone', hint: 'channels.hint.phone', example: '+996 700 123 456' },
  ],
};

const KNOWN_FIELDS = ['channel', 'name', 'config', ...new Set(Object.values(CONFIG_FIELDS).flatMap((fields) => fields.map((f) => `config.${f.name}`)))];

export function CreateChannelForm({ onCreated }: { onCreated(account: ChannelAccountDetail): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<AccountChannel>('evolution');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [useExistingInstance, setUseExistingInstance] = useState(false);
  const [botMode, setBotMode] = useState<'' | 'webhook' | 'polling'>('');

  const create = useMutation({
    mutationFn: () => {
      const config: Record<string, unknown> = {};
      for (const field of CONFIG_FIELDS[channel]) {
        const value = (values[field.name] ?? '').trim();
        if (value || !field.optional) config[field.name] = field.name === 'apiId' && /^\d+$/.test(value) ? Number(value) : value;
      }
      if (channel === 'evolution' && useExistingInstance) config.createInstance = false;
      if (channel === 'telegram_bot' && botMode) config.mode = botMode;
      return channelsApi.create(channel === 'sandbox' ? { channel, name: name.trim() } : { channel, name: name.trim(), config });
    },
    onSuccess: (account) => {
      setName('');
      setValues({});
      void queryClient.invalidateQueries({ queryKey: accountsKey });
      onCreated(account);
    },
  });
  const errors = formErrors(create.error, KNOWN_FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="channel-create-form">
      <h2 className="card-title">{t('channels.add')}</h2>
      <ErrorBanner message={errors.general} />
      <div className="form-row">
        <Field label={t('channels.field.channel')} error={errors.fields.channel}>
          <select
            value={channel}
            onChange={(event) => {
              setChannel(event.target.value as AccountChannel);
              create.reset();
            }}
            data-testid="channel-create-type"
          >
            {CHANNEL_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`channels.type.${type}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('channels.field.name')} error={errors.fields.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder={t('channels.nameExample')} data-testid="channel-create-name" />
        </Field>
      </div>
      <p className="muted small">{t(`channels.intro.${channel}` as MessageKey)}</p>
      {CONFIG_FIELDS[channel].map((field) => (
        <Field
          key={`${channel}-${field.name}`}
          label={field.optional ? `${t(field.label)} ${t('channels.optional')}` : t(field.label)}
          error={errors.fields[`config.${field.name}`]}
          hint={field.hint ? t(field.hint) : undefined}
        >
          <input
            type={field.secret ? 'password' : 'text'}
            autoComplete="off"
            value={values[field.name] ?? ''}
            placeholder={field.example}
            onChange={(event) => setValues((current) => ({ ...current, [field.name]: event.target.value }))}
            data-testid={`channel-config-${field.name}`}
          />
        </Field>
      ))}
      {channel === 'evolution' && (
        <label className="checkbox">
          <input type="checkbox" checked={useExistingInstance} onChange={(event) => setUseExistingInstance(event.target.checked)} />
          <span>{t('channels.useExistingInstance')}</span>
        </label>
      )}
      {channel === 'telegram_bot' && (
        <Field label={t('channels.field.mode')} error={errors.fields['config.mode']} hint={t('channels.hint.mode')}>
          <select value={botMode} onChange={(event) => setBotMode(event.target.value as '' | 'webhook' | 'polling')} data-testid="channel-config-mode">
            <option value="">{t('channels.mode.auto')}</option>
            <option value="webhook">{t('channels.mode.webhook')}</option>
            <option value="polling">{t('channels.mode.polling')}</option>
          </select>
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()} data-testid="channel-create-submit">
          {create.isPending ? t('channels.connecting') : channel === 'telegram_user' ? t('channels.sendCode') : t('channels.connect')}
        </button>
      </div>
    </form>
  );
}
