import { useFormat, useT } from '../../i18n.tsx';
import type { CampaignStats } from './campaign-types.ts';
import { duration, percent } from './format.ts';

/** The campaign's totals: participants by outcome, reply rate and time to the first reply. */
export function StatsTotals({ stats }: { stats: CampaignStats | undefined }) {
  const t = useT();
  const fmt = useFormat();
  const n = (value: number | undefined) => (value === undefined ? '—' : fmt.number(value));
  const items: Array<{ key: string; label: string; value: string; tone?: string }> = [
    { key: 'total', label: t('campaigns.stats.total'), value: n(stats?.total) },
    { key: 'sent', label: t('campaigns.stats.sent'), value: n(stats?.sent) },
    { key: 'delivered', label: t('campaigns.stats.delivered'), value: n(stats?.delivered) },
    { key: 'read', label: t('campaigns.stats.read'), value: n(stats?.read) },
    { key: 'replied', label: t('campaigns.stats.replied'), value: n(stats?.replied), tone: 'stat-good' },
    { key: 'bounced', label: t('campaigns.stats.bounced'), value: n(stats?.bounced), tone: 'stat-hot' },
    { key: 'stopped', label: t('campaigns.stats.stopped'), value: n(stats?.stopped) },
    { key: 'optedOut', label: t('campaigns.stats.optedOut'), value: n(stats?.optedOut), tone: 'stat-hot' },
    { key: 'replyRate', label: t('campaigns.stats.replyRate'), value: percent(stats?.replyRate, fmt), tone: 'stat-good' },
    { key: 'timeToReply', label: t('campaigns.stats.timeToReply'), value: duration(stats?.timeToFirstReply.medianSeconds, t) },
  ];
  return (
    <dl className="stats-strip campaign-stats" aria-label={t('campaigns.stats.title')} data-testid="campaign-stats">
      {items.map((item) => (
        <div key={item.key} className={item.tone ? `stat ${item.tone}` : 'stat'} data-testid={`campaign-stat-${item.key}`}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
