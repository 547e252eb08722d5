import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ATTEMPT_STATUSES, isMissingRoute, keys, reactivationApi } from './reactivation-api.ts';
import { isAdminRole, useSession } from '../../session.tsx';
import { PreviewModal, STATUS_BADGE } from './QueueTab.tsx';

/** Every attempt, newest first, filtered by status: what was offered, when, and how the client answered. */
export function AttemptsList() {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const [status, setStatus] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const attempts = useInfiniteQuery({
    queryKey: keys.attempts({ status }),
    queryFn: ({ pageParam, signal }) => reactivationApi.attempts({ status: status || undefined, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: (count, error) => !isMissingRoute(error) && count < 2,
  });
  if (isMissingRoute(attempts.error)) return null;
  const items = attempts.data?.pages.flatMap((p) => p.items) ?? [];
  const open = items.find((item) => item.id === openId) ?? null;

  return (
    <section className="card stack" data-testid="react-attempts">
      <div className="react-card-head">
        <h3 className="card-title">{t('react.attempts.title')}</h3>
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('react.attempts.status')} data-testid="attempts-status">
          <option value="">{t('react.attempts.all')}</option>
          {ATTEMPT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`react.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={attempts.error} />
      {attempts.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted small">{t('react.attempts.none')}</p>
      ) : (
        <div className="react-table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('react.attempts.when')}</th>
                <th>{t('react.col.client')}</th>
                <th>{t('react.col.service')}</th>
                <th>{t('react.attempts.attempt')}</th>
                <th>{t('react.col.status')}</th>
                <th>{t('react.attempts.reply')}</th>
                <th>{t('react.col.message')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} className="table-row-link" onClick={() => setOpenId(item.id)} data-testid="attempt-row" data-status={item.status}>
                  <td className="nowrap small">{fmt.dateTime(item.sentAt ?? item.scheduledAt ?? item.createdAt ?? null)}</td>
                  <td>
                    <Link to={`/contacts/${item.contact.id}`} onClick={(e) => e.stopPropagation()}>{item.contact.name ?? item.contact.phone ?? '—'}</Link>
                  </td>
                  <td>
                    {item.service.name}
                    {item.staff && <span className="muted small"> · {item.staff.name}</span>}
                  </td>
                  <td className="nowrap">
                    #{item.attemptNumber}
                    {item.discountPercent > 0 && <span className="muted small"> −{item.discountPercent}%</span>}
                  </td>
                  <td>
                    <span className={STATUS_BADGE[item.status]}>{t(`react.status.${item.status}` as MessageKey)}</span>
                  </td>
                  <td className="small">
                    {item.replyClass ? t(`react.reply.${item.replyClass}` as MessageKey) : '—'}
                    {item.repliedAt && <div className="muted">{fmt.dateTime(item.repliedAt)}</div>}
                  </td>
                  <td className="small react-attempt-message" title={item.message ?? ''}>
                    {item.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && (
        <PreviewModal
          item={open}
          editable={isAdminRole(me.role)}
          date={fmt.dayKey(open.createdAt ?? open.scheduledAt ?? new Date().toISOString())}
          onClose={() => setOpenId(null)}
        />
      )}
      {attempts.hasNextPage && (
        <button type="button" className="button load-more" disabled={attempts.isFetchingNextPage} onClick={() => void attempts.fetchNextPage()}>
          {attempts.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </section>
  );
}
