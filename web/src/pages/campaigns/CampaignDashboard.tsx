import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { CampaignControls } from './CampaignControls.tsx';
import { CampaignStatusBadge } from './CampaignStatusBadge.tsx';
import { DeleteCampaignButton } from './DeleteCampaignButton.tsx';
import { ParticipantsTable } from './ParticipantsTable.tsx';
import { StatsTotals } from './StatsTotals.tsx';
import { StepStatsTable } from './StepStatsTable.tsx';
import { useAgents, useCampaign, useCampaignStats, useRefreshOnStatusChange } from './campaignQueries.ts';
import './campaigns.css';

const CampaignCharts = lazy(() => import('./CampaignCharts.tsx').then((module) => ({ default: module.CampaignCharts })));

/** A campaign's dashboard at /campaigns/:campaignId: controls, totals, funnel, sends per day, per-step stats, participants. */
export function CampaignDashboard() {
  const t = useT();
  const fmt = useFormat();
  const { campaignId = '' } = useParams();
  const campaign = useCampaign(campaignId);
  const stats = useCampaignStats(campaignId, campaign.data?.status);
  const agents = useAgents();
  useRefreshOnStatusChange(campaignId, campaign.data?.status);
  if (campaign.isPending) return <Spinner />;
  if (!campaign.data) return <ErrorBanner error={campaign.error} />;
  const c = campaign.data;
  const agent = (agents.data ?? []).find((a) => a.id === c.channelAccountId);

  return (
    <div className="page page-wide campaign-dashboard" data-testid="campaign-dashboard" data-status={c.status}>
      <header className="page-header">
        <div className="builder-title">
          <Link to="/campaigns" className="icon-button" aria-label={t('common.back')}>
            <Icon name="arrowLeft" />
          </Link>
          <h1 data-testid="campaign-title">{c.name}</h1>
          <CampaignStatusBadge status={c.status} />
        </div>
        <div className="page-actions">
          <Link to={`/campaigns/${c.id}/edit`} className="button button-ghost" data-testid="campaign-edit">
            {t('common.edit')}
          </Link>
          <CampaignControls campaignId={c.id} status={c.status} />
          {c.status === 'completed' && <DeleteCampaignButton campaignId={c.id} />}
        </div>
      </header>
      <p className="muted small campaign-meta">
        {agent && t('campaigns.meta.sender', { name: agent.name })}
        {c.startedAt && ` · ${t('campaigns.meta.started', { time: fmt.dateTime(c.startedAt) })}`}
        {c.completedAt && ` · ${t(c.completedReason === 'stopped' ? 'campaigns.meta.stopped' : 'campaigns.meta.finished', { time: fmt.dateTime(c.completedAt) })}`}
      </p>
      <ErrorBanner error={stats.error} />
      <StatsTotals stats={stats.data} />
      {stats.data && (
        <>
          <Suspense fallback={<Spinner />}>
            <CampaignCharts stats={stats.data} />
          </Suspense>
          <StepStatsTable stats={stats.data} steps={c.steps} />
        </>
      )}
      <ParticipantsTable campaignId={c.id} campaignStatus={c.status} />
    </div>
  );
}
