import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AccountRisk } from './AccountRisk.tsx';
import { accountsKey, channelsApi, sendingHealthKey, type AccountSendingHealth, type ChannelAccountDetail, type HealthReason } from './channel-api.ts';

const STATUS_BADGE: Record<AccountSendingHealth['status'], string> = { healthy: 'badge badge-success', warning: 'badge badge-warning', paused: 'badge badge-failed' };
const CHART_HEIGHT = 48;

const percent = (n: number | null) => `${Math.round((n ?? 0) * 100)}%`;

function reasonParams(reason: HealthReason) {
  const ratio = reason.code === 'failure_ratio' || reason.code === 'invalid_recipients';
  return {
    value: ratio ? percent(reason.value) : String(reason.value ?? ''),
    threshold: ratio ? percent(reason.threshold) : String(reason.threshold ?? ''),
  };
}

/** One account's sending health: status and reasons, the last 24 hours as bars, warm-up and today's allowance. */
export function AccountHealthCard({ account, canResume }: { account: ChannelAccountDetail; canResume: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const health = useQuery({
    queryKey: [...sendingHealthKey(account.id), account.status],
    queryFn: () => channelsApi.sendingHealth(account.id),
    refetchInterval: 30_000,
  });
  const resume = useMutation({
    mutationFn: () => channelsApi.setStatus(account.id, 'active'),
    // The health query's key starts with the accounts key, so this refreshes both.
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsKey }),
  });
  const data = health.data;
  const problemsOf = (h: AccountSendingHealth['hours'][number]) => h.failed + h.recipient_invalid + h.rate_limited + h.auth_revoked + h.rejected;
  const peak = data ? Math.max(1, ...data.hours.map((h) => h.sent + problemsOf(h))) : 1;

  return (
    <div className="card stack" data-testid="account-health-card" data-account-id={account.id} data-health={data?.status}>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <strong>
          {account.name} · {t('channels.hc.title')}
        </strong>
        {data && (
          <span className={STATUS_BADGE[data.status]} data-testid="account-health-status">
            {t(`channels.hc.status.${data.status}` as MessageKey)}
          </span>
        )}
      </div>
      <ErrorBanner error={health.error ?? resume.error} />
      {health.isPending ? (
        <Spinner />
      ) : data ? (
        <>
          {data.pausedAutomatically && data.pausedAt && <p className="small">{t('channels.hc.autoPaused', { date: fmt.dateTime(data.pausedAt) })}</p>}
          {data.reasons.length > 0 && (
            <ul className="small" data-testid="account-health-reasons">
              {data.reasons.map((reason) => (
                <li key={reason.code} data-reason={reason.code} data-level={reason.level}>
                  {t(`channels.hc.reason.${reason.code}` as MessageKey, reasonParams(reason))}
                </li>
              ))}
            </ul>
          )}
          <div className="muted small">{t('channels.hc.last24h')}</div>
          <div
            data-testid="account-health-chart"
            role="img"
            aria-label={t('channels.hc.last24h')}
            style={{ display: 'flex', alignItems: 'flex-end', gap: 2, height: CHART_HEIGHT }}
          >
            {data.hours.map((h) => {
              const problems = problemsOf(h);
              const title = t('channels.hc.chartHour', { hour: fmt.time(h.hourStart), sent: String(h.sent), problems: String(problems) });
              return (
                <div key={h.hourStart} title={title} style={{ flex: 1, display: 'flex', flexDirection: 'column', justifyContent: 'flex-end', height: '100%' }}>
                  <div style={{ height: (problems / peak) * CHART_HEIGHT, background: 'var(--danger, #d9534f)' }} />
                  <div style={{ height: (h.sent / peak) * CHART_HEIGHT, background: 'var(--success, #3c9d5d)', minHeight: 1, opacity: h.sent ? 1 : 0.25 }} />
                </div>
              );
            })}
          </div>
          <dl className="small" data-testid="account-health-counters" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, auto 1fr)', gap: '2px 8px', margin: 0 }}>
            <dt>{t('channels.hc.sent')}</dt>
            <dd data-testid="account-health-sent">{data.totals.sent}</dd>
            <dt>{t('channels.hc.failed')}</dt>
            <dd>{data.totals.failed}</dd>
            <dt>{t('channels.hc.recipientInvalid')}</dt>
            <dd>{data.totals.recipient_invalid}</dd>
            <dt>{t('channels.hc.rateLimited')}</dt>
            <dd>{data.totals.rate_limited}</dd>
            <dt>{t('channels.hc.authRevoked')}</dt>
            <dd>{data.totals.auth_revoked}</dd>
            <dt>{t('channels.hc.rejected')}</dt>
            <dd>{data.totals.rejected}</dd>
          </dl>
          <AccountRisk data={data} />
          <div className="small muted">
            {data.warmup.day === null ? t('channels.hc.noWarmup') : t('channels.hc.warmupDay', { day: String(data.warmup.day + 1) })}
            {' · '}
            {data.warmup.firstSendAt
              ? t('channels.hc.history', { total: String(data.warmup.totalSent), date: fmt.date(data.warmup.firstSendAt) })
              : t('channels.hc.noHistory')}
          </div>
          <div className="small" data-testid="account-health-today">
            {t('channels.hc.today', { sent: String(data.today.sent), allowed: data.today.allowed === null ? t('channels.hc.unlimited') : String(data.today.allowed) })}
          </div>
          {canResume && data.accountStatus === 'paused' && (
            <div>
              <button type="button" className="button button-primary button-small" disabled={resume.isPending} onClick={() => resume.mutate()} data-testid="account-health-resume">
                {t('channels.hc.resume')}
              </button>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
