import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { accountsKey, channelsApi, type ChannelAccountDetail } from './channel-api.ts';

/** WhatsApp rotates the pairing QR every ~20 s: asking again this often keeps the shown code scannable. */
const QR_POLL_MS = 3000;

/** The QR code of an Evolution instance, fetched again until WhatsApp reports the session open. */
export function EvolutionQr({ account, onClose }: { account: ChannelAccountDetail; onClose(): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const qr = useQuery({
    queryKey: ['channel-accounts', account.id, 'qr'],
    queryFn: () => channelsApi.qr(account.id),
    refetchInterval: (query) => (query.state.data?.state === 'open' ? false : QR_POLL_MS),
    retry: false,
  });
  const isOpen = qr.data?.state === 'open';
  useEffect(() => {
    if (isOpen) void queryClient.invalidateQueries({ queryKey: accountsKey });
  }, [isOpen, queryClient]);

  return (
    <section className="card stack" data-testid="evolution-qr-panel" aria-live="polite">
      <div className="prompt-head">
        <h2 className="card-title">{t('channels.qr.title', { name: account.name })}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ErrorBanner error={qr.error} />
      {isOpen ? (
        <p className="banner" role="status" data-testid="evolution-connected">
          <span className="badge badge-success">{t('channels.state.open')}</span> {t('channels.qr.connected')}
        </p>
      ) : qr.isPending ? (
        <Spinner />
      ) : qr.data?.qr?.base64 ? (
        <>
          <ol className="muted small">
            <li>{t('channels.qr.step1')}</li>
            <li>{t('channels.qr.step2')}</li>
            <li>{t('channels.qr.step3')}</li>
          </ol>
          <img src={qr.data.qr.base64} alt={t('channels.qr.alt')} width={264} height={264} style={{ imageRendering: 'pixelated', alignSelf: 'flex-start' }} data-testid="evolution-qr" />
          {qr.data.qr.pairingCode && (
            <p className="small">
              {t('channels.qr.pairingCode')} <code className="mono">{qr.data.qr.pairingCode}</code>
            </p>
          )}
          <p className="muted small">{t('channels.qr.refreshing')}</p>
        </>
      ) : (
        <p className="muted" data-testid="evolution-qr-waiting">
          {t('channels.qr.waiting', { state: qr.data?.state ?? '…' })}
        </p>
      )}
    </section>
  );
}
