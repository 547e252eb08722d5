import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AccountHealthCard } from '../channels/AccountHealthCard.tsx';
import { accountsKey, channelsApi } from '../channels/channel-api.ts';
import { isMissingRoute, keys, reactivationApi, type AccountHealth } from './reactivation-api.ts';

const STATUS_BADGE: Record<AccountHealth['items'][number]['status'], string> = { healthy: 'badge badge-success', warning: 'badge badge-warning', paused: 'badge badge-failed' };
const KNOWN_REASONS = ['failure_ratio', 'invalid_recipients', 'rate_limited', 'auth_revoked', 'paused_by_person', 'disconnected'];
const percent = (n: number | null | undefined) => `${Math.round((n ?? 0) * 100)}%`;

/**
 * The accounts the offers can go out from (GET /api/reactivation/account-health): status, reasons and what is left of
 * today's allowance, the one reactivation uses marked; and that account's full health card (the same as Settings →
 * Channels: the last 24 hours, warm-up, Resume).
 */
export function SendingAccountHealth() {
  const t = useT();
  const me = useSession();
  const health = useQuery({
    queryKey: keys.accountHealth,
    queryFn: ({ signal }) => reactivationApi.accountHealth(signal),
    retry: (count, error) => !isMissingRoute(error) && count < 2,
    refetchInterval: 60_000,
  });
  const settings = useQuery({ queryKey: keys.settings, queryFn: ({ signal }) => reactivationApi.settings(signal) });
  const accounts = useQuery({ queryKey: accountsKey, queryFn: () => channelsApi.list(), staleTime: 30_000 });
  if (settings.isPending || accounts.isPending || health.isPending) return <Spinner />;
  const accountId = health.data?.configuredAccountId ?? (typeof settings.data?.channelAccountId === 'string' ? settings.data.channelAccountId : null);
  const account = accountId ? accounts.data?.items.find((a) => a.id === accountId) : undefined;
  const rows = health.data?.items ?? [];

  return (
    <section className="card stack" data-testid="react-account-health">
      <h3 className="card-title">{t('react.health.title')}</h3>
      {!isMissingRoute(health.error) && <ErrorBanner error={health.error} />}
      {!account && (
        <p className="small muted" data-testid="react-account-health-none">
          {accountId ? t('react.health.missing') : t('react.health.none')} <Link to="/reactivation/settings">{t('react.health.choose')}</Link>
        </p>
      )}
      {rows.length > 0 && (
        <table className="table table-compact" data-testid="react-account-health-table">
          <thead>
            <tr>
              <th>{t('react.health.account')}</th>
              <th>{t('react.col.status')}</th>
              <th>{t('react.health.reasons')}</th>
              <th>{t('react.health.today')}</th>
              <th>{t('react.health.remaining')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.accountId} data-testid="react-account-health-row" data-account-id={row.accountId} data-health={row.status}>
                <td>
                  <strong>{row.name}</strong> <span className="muted small">{row.channel}</span>
                  {row.usedForReactivation && (
                    <>
                      {' '}
                      <span className="badge badge-running">{t('react.health.used')}</span>
                    </>
                  )}
                </td>
                <td>
                  <span className={STATUS_BADGE[row.status]}>{t(`channels.hc.status.${row.status}` as MessageKey)}</span>
                </td>
                <td className="small">
                  {row.reasons.length === 0
                    ? '—'
                    : row.reasons.map((reason) => (
                        <div key={reason.code} data-reason={reason.code}>
                          {KNOWN_REASONS.includes(reason.code)
                            ? t(`channels.hc.reason.${reason.code}` as MessageKey, {
                                value: reason.code === 'rate_limited' ? String(reason.value ?? '') : percent(reason.value),
                                threshold: reason.code === 'rate_limited' ? String(reason.threshold ?? '') : percent(reason.threshold),
                              })
                            : reason.code}
                        </div>
                      ))}
                </td>
                <td className="nowrap">
                  {row.today.sent} / {row.today.allowed === null ? t('channels.hc.unlimited') : row.today.allowed}
                </td>
                <td>{row.remainingToday === null ? t('channels.hc.unlimited') : row.remainingToday}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {account && <AccountHealthCard account={account} canResume={isAdminRole(me.role)} />}
    </section>
  );
}
