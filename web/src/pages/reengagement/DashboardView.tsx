import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys, reengagementApi } from './reengagement-api.ts';
import { useDuration } from './QueueView.tsx';

const PERIODS = [7, 14, 30, 90] as const;
const COLORS = { queued: '#94a3b8', planned: '#cbd5e1', sent: '#0ea5e9', replied: '#16a34a', converted: '#f59e0b' };
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 1000) / 10}%`);

/** The dashboard: campaign-style metrics, the queue / sends / replies / conversions per day, and sends per slot. */
export function DashboardView() {
  const t = useT();
  const fmt = useFormat();
  const duration = useDuration();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(14);
  const date = fmt.dayKey(new Date().toISOString());
  const dashboard = useQuery({ queryKey: keys.dashboard(days, date), queryFn: ({ signal }) => reengagementApi.dashboard(days, date, signal), refetchInterval: 30_000 });
  if (dashboard.isPending) return <Spinner />;
  if (!dashboard.data) return <ErrorBanner error={dashboard.error} />;
  const { metrics, daily, slots } = dashboard.data;
  const cards: Array<[string, string, string]> = [
    ['sent', t('reeng.dash.sent'), fmt.number(metrics.sent)],
    ['delivered', t('reeng.dash.delivered'), fmt.number(metrics.delivered)],
    ['read', t('reeng.dash.read'), fmt.number(metrics.read)],
    ['replied', t('reeng.dash.replied'), fmt.number(metrics.replied)],
    ['reply-rate', t('reeng.dash.replyRate'), pct(metrics.replyRate)],
    ['time-to-reply', t('reeng.dash.timeToReply'), metrics.timeToFirstReply.medianSeconds === null ? '—' : duration(metrics.timeToFirstReply.medianSeconds)],
    ['converted', t('reeng.dash.converted'), `${fmt.number(metrics.converted)} (${pct(metrics.conversionRate)})`],
    ['opted-out', t('reeng.dash.optedOut'), fmt.number(metrics.optedOut)],
  ];
  return (
    <div className="stack" data-testid="reeng-dashboard">
      <div className="card stack">
        <div className="reeng-toolbar">
          <h2 className="card-title">{t('reeng.dash.title')}</h2>
          <span className="spacer" />
          <div className="segmented" role="group">
            {PERIODS.map((p) => (
              <button key={p} type="button" className={p === days ? 'segmented-item active' : 'segmented-item'} onClick={() => setDays(p)}>
                {t('reeng.dash.period', { n: p })}
              </button>
            ))}
          </div>
        </div>
        <div className="reeng-metrics">
          {cards.map(([key, label, value]) => (
            <div key={key} className="reeng-metric" data-testid={`reeng-metric-${key}`}>
              <div className="muted small">{label}</div>
              <div className="value">{value}</div>
            </div>
          ))}
        </div>
      </div>
      <div className="card stack">
        <h3 className="card-title">{t('reeng.dash.perDay')}</h3>
        {daily.length === 0 ? (
          <p className="muted small">{t('reeng.dash.noData')}</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={daily}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="queued" name={t('reeng.dash.queued')} fill={COLORS.queued} />
              <Bar dataKey="sent" name={t('reeng.dash.sent')} fill={COLORS.sent} />
              <Bar dataKey="replied" name={t('reeng.dash.replied')} fill={COLORS.replied} />
              <Bar dataKey="converted" name={t('reeng.dash.converted')} fill={COLORS.converted} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
      <div className="card stack">
        <h3 className="card-title">{t('reeng.dash.perSlot', { date: dashboard.data.date })}</h3>
        {slots.length === 0 ? (
          <p className="muted small">{t('reeng.dash.noData')}</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={slots}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="slot" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="planned" name={t('reeng.dash.planned')} fill={COLORS.planned} />
              <Bar dataKey="sent" name={t('reeng.dash.sent')} fill={COLORS.sent} />
              <Bar dataKey="replied" name={t('reeng.dash.replied')} fill={COLORS.replied} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
