import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { CampaignsTable } from './CampaignsTable.tsx';
import { NewCampaignModal } from './NewCampaignModal.tsx';
import { useCampaigns } from './campaignQueries.ts';
import type { CampaignStatus } from './campaign-types.ts';
import './campaigns.css';

const FILTERS: Array<CampaignStatus | null> = [null, 'draft', 'active', 'paused', 'completed'];

/** Outreach campaigns of the organization: a status filter, the list, and "New campaign". */
export function CampaignsPage() {
  const t = useT();
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const campaigns = useCampaigns(status);
  const accounts = useChannelAccounts();

  return (
    <div className="page page-wide campaigns-page">
      <header className="page-header">
        <h1>{t('campaigns.title')}</h1>
        <div className="page-actions">
          <div className="segmented" role="group" aria-label={t('campaigns.col.status')}>
            {FILTERS.map((option) => (
              <button
                key={option ?? 'all'}
                type="button"
                className={status === option ? 'segmented-item active' : 'segmented-item'}
                aria-pressed={status === option}
                onClick={() => setStatus(option)}
              >
                {option ? t(`campaigns.status.${option}`) : t('campaigns.filter.all')}
              </button>
            ))}
          </div>
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="campaign-new">
            <Icon name="plus" size={16} />
            <span>{t('campaigns.new')}</span>
          </button>
        </div>
      </header>
      <p className="muted campaigns-intro">{t('campaigns.intro')}</p>
      <ErrorBanner error={campaigns.error} />
      {campaigns.isPending ? (
        <Spinner />
      ) : (
        <div className="card card-flush">
          <CampaignsTable campaigns={campaigns.items} accounts={accounts.data ?? []} emptyText={status ? t('campaigns.noMatches') : t('campaigns.empty')} />
        </div>
      )}
      <LoadMore query={campaigns} />
      {creating && <NewCampaignModal onClose={() => setCreating(false)} />}
    </div>
  );
}
