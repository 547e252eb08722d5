import { DailySendsChart } from './DailySendsChart.tsx';
import { FunnelChart } from './FunnelChart.tsx';
import type { CampaignStats } from './campaign-types.ts';

/** The dashboard's two charts; loaded on demand so Recharts stays out of the main bundle. */
export function CampaignCharts({ stats }: { stats: CampaignStats }) {
  return (
    <div className="chart-row">
      <FunnelChart funnel={stats} />
      <DailySendsChart daily={stats.daily} />
    </div>
  );
}
