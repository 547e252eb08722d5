import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../i18n.tsx';
import type { CampaignStats } from './campaign-types.ts';

/** Messages sent and replies received per day, in the organization's time zone. */
export function DailySendsChart({ daily }: { daily: CampaignStats['daily'] }) {
  const t = useT();
  return (
    <section className="card chart-card" data-testid="campaign-daily">
      <h2 className="card-title">{t('campaigns.stats.daily')}</h2>
      {daily.length === 0 ? (
        <p className="muted chart-empty">{t('campaigns.stats.noSends')}</p>
      ) : (
        <div className="chart-box">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={daily} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="date" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="sent" name={t('campaigns.stats.messagesSent')} fill="#6366f1" isAnimationActive={false} />
              <Bar dataKey="replied" name={t('campaigns.stats.replied')} fill="#16a34a" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
