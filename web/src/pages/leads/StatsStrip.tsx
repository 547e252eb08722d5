import { useFormat, useT } from '../../i18n.tsx';
import type { DialogStats } from '../../analysis-types.ts';

/** Totals of the leads matching the filters (GET /api/dialogs/stats). */
export function StatsStrip({ stats }: { stats: DialogStats | undefined }) {
  const t = useT();
  const fmt = useFormat();
  const value = (n: number | null | undefined) => (stats && n !== null && n !== undefined ? fmt.number(n) : '—');
  const average = stats?.averageScore;
  return (
    <dl className="stats-strip" aria-label={t('board.stats')} data-testid="lead-stats">
      <div className="stat" data-testid="stat-total">
        <dt>{t('board.stats.total')}</dt>
        <dd>{value(stats?.total)}</dd>
      </div>
      <div className="stat" data-testid="stat-analysed">
        <dt>{t('board.stats.analysed')}</dt>
        <dd>{value(stats?.analysed)}</dd>
      </div>
      <div className="stat stat-hot" data-testid="stat-hot">
        <dt>{t('leads.interest.hot')}</dt>
        <dd>{value(stats?.hot)}</dd>
      </div>
      <div className="stat stat-warm" data-testid="stat-warm">
        <dt>{t('leads.interest.warm')}</dt>
        <dd>{value(stats?.warm)}</dd>
      </div>
      <div className="stat stat-cold" data-testid="stat-cold">
        <dt>{t('leads.interest.cold')}</dt>
        <dd>{value(stats?.cold)}</dd>
      </div>
      <div className="stat" data-testid="stat-average">
        <dt>{t('board.stats.average')}</dt>
        <dd>{average === null || average === undefined ? '—' : fmt.number(Math.round(average * 10) / 10)}</dd>
      </div>
    </dl>
  );
}
