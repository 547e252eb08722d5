import { useT } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AgentCard } from './AgentCard.tsx';
import { useAgents } from './campaignQueries.ts';

interface Props {
  accountId: string | null;
  editable: boolean;
  onChange(accountId: string): void;
}

/** Step 2: the one account the campaign sends from (GET /api/campaigns/agents). */
export function SenderStep({ accountId, editable, onChange }: Props) {
  const t = useT();
  const agents = useAgents();
  return (
    <section className="card stack">
      <h2 className="card-title">{t('campaigns.sender.title')}</h2>
      <p className="muted small">{t('campaigns.sender.hint')}</p>
      {!editable && <p className="banner banner-warning">{t('campaigns.sender.fixed')}</p>}
      <ErrorBanner error={agents.error} />
      {agents.isPending ? (
        <Spinner />
      ) : (agents.data ?? []).length === 0 ? (
        <EmptyState icon="send" title={t('campaigns.sender.none')} />
      ) : (
        <div className="option-grid" role="radiogroup" aria-label={t('campaigns.sender.title')}>
          {(agents.data ?? []).map((agent) => (
            <AgentCard key={agent.id} agent={agent} selected={agent.id === accountId} disabled={!editable} onSelect={() => onChange(agent.id)} />
          ))}
        </div>
      )}
    </section>
  );
}
