import { useFormat, useT } from '../../i18n.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import type { Channel } from '../../types.ts';
import type { Agent } from './campaign-types.ts';

interface Props {
  agent: Agent;
  selected: boolean;
  disabled: boolean;
  onSelect(): void;
}

/** A sending account to choose: its status, what it sent today, what it may still send, its pace and warm-up. */
export function AgentCard({ agent, selected, disabled, onSelect }: Props) {
  const t = useT();
  const fmt = useFormat();
  const { limits } = agent;
  return (
    <label className={selected ? 'option-card agent-card selected' : 'option-card agent-card'} data-testid="agent-card" data-account-id={agent.id}>
      <input type="radio" name="sending-account" checked={selected} disabled={disabled} onChange={onSelect} />
      <span className="agent-card-head">
        <span className="option-card-title">{agent.name}</span>
        <ChannelBadge channel={agent.channel as Channel} />
        <span className={agent.status === 'active' ? 'badge badge-success' : 'badge badge-failed'}>{t(`campaigns.agent.status.${agent.status === 'active' ? 'active' : 'inactive'}`)}</span>
      </span>
      {agent.address && <span className="muted small">{agent.address}</span>}
      <dl className="agent-figures">
        <div>
          <dt>{t('campaigns.agent.sentToday')}</dt>
          <dd data-testid="agent-sent-today">{fmt.number(agent.sentToday)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.agent.allowance')}</dt>
          <dd>{agent.todayAllowance === null ? t('campaigns.agent.unlimited') : fmt.number(agent.todayAllowance)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.agent.pace')}</dt>
          <dd>{limits.paceSeconds ? t('campaigns.agent.paceValue', { n: fmt.number(limits.paceSeconds) }) : '—'}</dd>
        </div>
        <div>
          <dt>{t('campaigns.agent.caps')}</dt>
          <dd>
            {limits.hourlyCap ?? '∞'} / {limits.dailyCap ?? '∞'}
          </dd>
        </div>
      </dl>
      {agent.warmupDay !== null && limits.warmup && <span className="muted small">{t('campaigns.agent.warmup', { day: agent.warmupDay + 1 })}</span>}
      {agent.activeCampaigns > 0 && <span className="muted small">{t('campaigns.agent.activeCampaigns', { n: agent.activeCampaigns })}</span>}
      {agent.blockedUntil && <span className="badge badge-warning">{t('campaigns.agent.blockedUntil', { time: fmt.dateTime(agent.blockedUntil) })}</span>}
    </label>
  );
}
