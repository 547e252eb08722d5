import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { channelsApi, type ChannelAccountDetail } from './channel-api.ts';

function CopyRow({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="details-row">
      <span className="muted">{label}</span>
      <span className="secret-row">
        <code className="mono break" data-testid={testId}>
          {value}
        </code>
        <button type="button" className="button button-ghost button-small" onClick={copy}>
          <Icon name="copy" size={14} />
          <span>{copied ? t('common.copied') : t('common.copy')}</span>
        </button>
      </span>
    </div>
  );
}

/** Where the provider must post events for the account, and what proves the request is genuine. */
export function WebhookInfo({ account, onClose }: { account: ChannelAccountDetail; onClose(): void }) {
  const t = useT();
  const info = useQuery({ queryKey: ['channel-accounts', account.id, 'webhook'], queryFn: () => channelsApi.webhook(account.id) });
  const data = info.data;
  return (
    <section className="card stack" data-testid="webhook-panel">
      <div className="prompt-head">
        <h2 className="card-title">{t('channels.webhook.title', { name: account.name })}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ErrorBanner error={info.error} />
      {info.isPending ? (
        <Spinner />
      ) : data ? (
        <div className="details">
          {account.channel === 'telegram_user' ? (
            <p className="muted">{t('channels.webhook.none')}</p>
          ) : (
            <>
              <CopyRow label={t('channels.webhook.url')} value={data.url ?? data.path} testId="webhook-url-value" />
              {!data.url && <p className="muted small">{t('channels.webhook.noPublicUrl')}</p>}
              {data.secretHeader && <CopyRow label={t('channels.webhook.header', { header: data.secretHeader })} value={data.secret} testId="webhook-secret-value" />}
              {data.verifyToken && <CopyRow label={t('channels.webhook.verifyToken')} value={data.verifyToken} testId="webhook-verify-token" />}
              {account.channel === 'evolution' && <p className="muted small">{t('channels.webhook.evolutionNote')}</p>}
              {account.channel === 'whatsapp_cloud' && <p className="muted small">{t('channels.webhook.cloudNote')}</p>}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
