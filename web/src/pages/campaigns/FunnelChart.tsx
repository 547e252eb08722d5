import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../i18n.tsx';
import type { Funnel } from './campaign-types.ts';

const COLORS = ['#94a3b8', '#6366f1', '#0ea5e9', '#14b8a6', '#16a34a'];

/** Participants who were written to, got it, read it and replied, out of all of them. */
export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const t = useT();
  const data = [
    { name: t('campaigns.stats.total'), value: funnel.total },
    { name: t('campaigns.stats.sent'), value: funnel.sent },
    { name: t('campaigns.stats.delivered'), value: funnel.delivered },
    { name: t('campaigns.stats.read'), value: funnel.read },
    { name: t('campaigns.stats.replied'), value: funnel.replied },
  ];
  return (
    <section className="card chart-card" data-testid="campaign-funnel">
      <h2 className="card-title">{t('campaigns.stats.funnel')}</h2>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={110} />
            <Tooltip />
            <Bar dataKey="value" name={t('campaigns.stats.participants')} isAnimationActive={false}>
              {data.map((entry, index) => (
                <Cell key={entry.name} fill={COLORS[index % COLORS.length]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
