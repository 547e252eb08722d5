import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys, reactivationApi } from './reactivation-api.ts';
import { SOURCE_BADGE } from './RulesTab.tsx';
import { SlotList } from './SlotList.tsx';
import { CardHeading } from './CardHeading.tsx';

const SEGMENT_BADGE = { vip: 'badge badge-hot', regular: 'badge badge-warm', new: 'badge badge-cold' } as const;

/** Who the daily run would pick today: overdue clients after the exclusions, in priority order, with their slots. */
export function CandidatesPreview() {
  const t = useT();
  const fmt = useFormat();
  const preview = useQuery({ queryKey: keys.candidates, queryFn: ({ signal }) => reactivationApi.candidates(signal) });
  if (preview.isPending) return <Spinner />;
  if (!preview.data) return <ErrorBanner error={preview.error} />;
  const data = preview.data;
  return (
    <section className="card stack" data-testid="reactivation-candidates">
      <CardHeading title={t('react.candidates.title')} intro={t('react.candidates.intro', { time: fmt.dateTime(data.generatedAt) })} />
      <dl className="stats-strip react-strip" data-testid="candidates-summary">
        <div className="stat">
          <dt>{t('react.candidates.overdue')}</dt>
          <dd>{fmt.number(data.overdue)}</dd>
        </div>
        {(['optedOut', 'booked', 'recentlyContacted', 'inCampaign'] as const).map((reason) => (
          <div className="stat" key={reason}>
            <dt>{t(`react.candidates.excluded.${reason}` as MessageKey)}</dt>
            <dd>{fmt.number(data.excluded[reason])}</dd>
          </div>
        ))}
        <div className="stat">
          <dt>{t('react.candidates.eligible')}</dt>
          <dd data-testid="candidates-eligible">{fmt.number(data.eligible)}</dd>
        </div>
      </dl>
      <p className="small muted">{t('react.candidates.limit', { count: String(data.items.length), limit: String(data.dailyLimit) })}</p>
      {data.items.length === 0 ? (
        <EmptyState icon="rotate" title={t('react.candidates.none')} />
      ) : (
        <div className="react-table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('react.col.client')}</th>
                <th>{t('react.col.service')}</th>
                <th>{t('react.candidates.col.lastVisit')}</th>
                <th>{t('react.candidates.col.interval')}</th>
                <th>{t('react.candidates.col.overdue')}</th>
                <th>{t('react.candidates.col.prefers')}</th>
                <th>{t('react.col.slots')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item, index) => (
                <tr key={item.contactId} data-testid="candidate-row" data-contact-id={item.contactId}>
                  <td className="muted">{index + 1}</td>
                  <td className="react-name-cell">
                    <Link to={`/contacts/${item.contactId}`}>{item.contactName}</Link>
                    <div className="small muted">
                      <span className={SEGMENT_BADGE[item.segment]}>{t(`react.segment.${item.segment}` as MessageKey)}</span> {t('react.candidates.visits', { n: String(item.visits) })} ·{' '}
                      {fmt.number(item.spend)}
                    </div>
                  </td>
                  <td>{item.serviceName}</td>
                  <td className="nowrap">{fmt.date(item.lastVisitAt)}</td>
                  <td className="nowrap">
                    {t('react.days', { n: String(item.intervalDays) })}{' '}
                    <span className={SOURCE_BADGE[item.intervalSource]}>{t(`react.source.${item.intervalSource}` as MessageKey)}</span>
                  </td>
                  <td className="nowrap">{t('react.days', { n: String(item.overdueDays) })}</td>
                  <td className="small">
                    {item.preferences?.staff.staffName && <div>{t('react.candidates.staff', { name: item.preferences.staff.staffName })}</div>}
                    {item.preferences?.timeOfDay.value && (
                      <div>
                        {t(`react.timeOfDay.${item.preferences.timeOfDay.value}` as MessageKey)}
                        {item.preferences.timeOfDay.typicalTime ? ` ~${item.preferences.timeOfDay.typicalTime}` : ''}
                      </div>
                    )}
                  </td>
                  <td>{item.slotsError ? <span className="field-error">{item.slotsError}</span> : <SlotList slots={item.slots ?? []} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
