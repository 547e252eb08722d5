import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { MessageKey } from '../../i18n.tsx';
import { en } from '../../locales/en.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useStageLabel } from '../leads/leadBits.tsx';

interface ContactOverview {
  campaigns: { campaignId: string; name: string; campaignStatus: string; status: string; step: number; steps: number; lastSentAt: string | null; joinedAt: string }[];
  reactivationOffers: { id: string; status: string; service: { id: string; name: string }; attempt: number; date: string; closedAt: string | null }[];
  reengagementItems: { id: string; status: string; why: string; daysQuiet: number; queueDate: string; scheduledAt: string; sentAt: string | null }[];
  analyses: {
    id: string;
    leadId: string;
    funnelStage: string;
    score: number;
    interestLevel: 'hot' | 'warm' | 'cold';
    summary: string;
    nextAction: string;
    analyzedAt: string;
  }[];
}

export function useContactOverview(contactId: string | undefined) {
  return useQuery({
    queryKey: ['panel', 'overview', contactId],
    queryFn: ({ signal }) => api.get<ContactOverview>(`/api/contacts/${contactId}/overview`, undefined, { signal }),
    enabled: Boolean(contactId),
  });
}

/** The latest analysis (summary and next step) inline, the earlier ones folded under it. */
export function AnalysisSummary({ contactId }: { contactId: string }) {
  const t = useT();
  const fmt = useFormat();
  const stageLabel = useStageLabel([]);
  const overview = useContactOverview(contactId);
  const [latest, ...earlier] = overview.data?.analyses ?? [];
  if (!latest) return null;
  return (
    <section data-testid="panel-analysis">
      <h3>{t('panel.analysis')}</h3>
      {latest.summary && <p className="small" data-testid="panel-analysis-summary">{latest.summary}</p>}
      {latest.nextAction && (
        <p className="small">
          <strong>{t('panel.nextStep')}:</strong> <span data-testid="panel-analysis-next">{latest.nextAction}</span>
        </p>
      )}
      <p className="muted small">{t('panel.analysedAt', { when: fmt.short(latest.analyzedAt) })}</p>
      {earlier.length > 0 && (
        <details className="panel-analysis-history" data-testid="panel-analysis-history">
          <summary className="small">{t('panel.analysisHistory', { count: earlier.length })}</summary>
          <ul className="panel-list">
            {earlier.map((item) => (
              <li key={item.id}>
                <span className="small">
                  {fmt.short(item.analyzedAt)} · {stageLabel(item.funnelStage)} · {item.score}/100 · {t(`inbox.interest.${item.interestLevel}`)}
                </span>
                {item.summary && <span className="muted small">{item.summary}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The campaigns, reactivation offers and re-engagement items the contact is in, each linking to its page. */
export function ContactMembership({ contactId }: { contactId: string }) {
  const t = useT();
  const fmt = useFormat();
  const overview = useContactOverview(contactId);
  const data = overview.data;
  const label = (key: string, fallback: string) => (key in en ? t(key as MessageKey) : fallback);
  return (
    <section data-testid="panel-membership">
      <h3>{t('panel.membership')}</h3>
      <ErrorBanner error={overview.error} />
      {data && data.campaigns.length + data.reactivationOffers.length + data.reengagementItems.length === 0 && <p className="muted small">{t('panel.noMembership')}</p>}
      {data && data.campaigns.length > 0 && (
        <>
          <h4>{t('panel.campaigns')}</h4>
          <ul className="panel-list" data-testid="panel-campaigns">
            {data.campaigns.map((item) => (
              <li key={item.campaignId}>
                <Link to={`/campaigns/${item.campaignId}`}>{item.name}</Link>
                <span className="muted small">
                  {t('panel.step', { step: item.step, steps: item.steps })} · {label(`campaigns.participant.${item.status}`, item.status)}
                  {item.campaignStatus !== 'active' && ` · ${label(`campaigns.status.${item.campaignStatus}`, item.campaignStatus)}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {data && data.reactivationOffers.length > 0 && (
        <>
          <h4>{t('panel.offers')}</h4>
          <ul className="panel-list" data-testid="panel-offers">
            {data.reactivationOffers.map((item) => (
              <li key={item.id}>
                <Link to="/reactivation/queue">{item.service.name || t('panel.offer')}</Link>
                <span className="muted small">
                  {label(`panel.offerStatus.${item.status}`, item.status)} · {fmt.date(item.date)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {data && data.reengagementItems.length > 0 && (
        <>
          <h4>{t('panel.reengagement')}</h4>
          <ul className="panel-list" data-testid="panel-reengagement">
            {data.reengagementItems.map((item) => (
              <li key={item.id}>
                <Link to="/reengagement">{t('panel.reengagementItem', { date: fmt.date(item.scheduledAt) })}</Link>
                <span className="muted small">
                  {label(`reeng.status.${item.status}`, item.status)}
                  {item.why && ` · ${item.why}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
