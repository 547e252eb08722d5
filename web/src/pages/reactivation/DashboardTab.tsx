import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { DEFAULT_TARGETS, isMissingRoute, keys, reactivationApi, type Analytics, type AnalyticsPoint, type SendTime, type Stats } from './reactivation-api.ts';
import { AttemptsList } from './AttemptsList.tsx';
import { SendingAccountHealth } from './SendingAccountHealth.tsx';
import { CardHeading } from './CardHeading.tsx';

const PERIODS = [7, 30, 90, 365] as const;
const COLORS = { sent: '#94a3b8', replied: '#0ea5e9', booked: '#16a34a', optedOut: '#dc2626', revenue: '#6366f1', roi: '#f59e0b', target: '#475569' };
const CHART_HEIGHT = 260;

const pct = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : `${Math.round(n * 1000) / 10}%`);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The local calendar date `days` before the given one (YYYY-MM-DD arithmetic in UTC, no time zone drift). */
function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the ISO week of a YYYY-MM-DD date (how the server groups by week). */
function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return shiftDate(date, -((d.getUTCDay() + 6) % 7));
}

/** Every day (or week) of the period, with the server's figures where there were sends and zeros elsewhere. */
function fillPeriods(series: AnalyticsPoint[], from: string, to: string, interval: 'day' | 'week'): AnalyticsPoint[] {
  const byPeriod = new Map(series.map((p) => [p.period.slice(0, 10), p]));
  const out: AnalyticsPoint[] = [];
  const step = interval === 'day' ? 1 : 7;
  for (let period = interval === 'day' ? from : weekStart(from); period <= to && out.length < 400; period = shiftDate(period, step)) {
    out.push(byPeriod.get(period) ?? { period, sent: 0, replied: 0, booked: 0, optedOut: 0, revenue: 0 });
  }
  // Anything the server grouped differently is kept rather than lost.
  for (const p of series) if (!out.some((o) => o.period === p.period.slice(0, 10))) out.push(p);
  return out.sort((a, b) => a.period.localeCompare(b.period));
}

/** Reactivation → Dashboard: how the offers perform against the seed's targets, over time and by send time. */
export function DashboardTab() {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const currency = me.organization.currency;
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [interval, setIntervalKind] = useState<'day' | 'week'>('day');
  const to = fmt.dayKey(new Date().toISOString());
  const from = shiftDate(to, -(days - 1));
  const noRetryWhenMissing = (count: number, error: unknown) => !isMissingRoute(error) && count < 2;
  const stats = useQuery({ queryKey: keys.stats(from, to), queryFn: ({ signal }) => reactivationApi.stats(from, to, signal), retry: noRetryWhenMissing });
  const analytics = useQuery({
    queryKey: keys.analytics(from, to, interval),
    queryFn: ({ signal }) => reactivationApi.analytics(from, to, interval, signal),
    retry: noRetryWhenMissing,
  });
  const targets = { ...DEFAULT_TARGETS, ...(analytics.data?.targets ?? {}) };
  const missing = isMissingRoute(stats.error) || isMissingRoute(analytics.error);

  return (
    <div className="stack" data-testid="reactivation-dashboard">
      <div className="card stack">
        <CardHeading title={t('react.dash.title')} intro={t('react.dash.intro')}>
          <div className="page-actions">
            <div className="segmented" role="group" aria-label={t('react.dash.period')}>
              {PERIODS.map((p) => (
                <button key={p} type="button" className={p === days ? 'segmented-item active' : 'segmented-item'} onClick={() => setDays(p)} data-testid={`dash-period-${p}`}>
                  {t('react.dash.lastDays', { n: String(p) })}
                </button>
              ))}
            </div>
            <div className="segmented" role="group" aria-label={t('react.dash.interval')}>
              {(['day', 'week'] as const).map((i) => (
                <button key={i} type="button" className={i === interval ? 'segmented-item active' : 'segmented-item'} onClick={() => setIntervalKind(i)} data-testid={`dash-interval-${i}`}>
                  {t(`react.dash.by.${i}` as MessageKey)}
                </button>
              ))}
            </div>
          </div>
        </CardHeading>
        {missing ? (
          <p className="small muted" data-testid="dash-unavailable">
            {t('react.dash.unavailable')}
          </p>
        ) : (
          <>
            <ErrorBanner error={stats.error ?? analytics.error} />
            {stats.isPending ? <Spinner /> : stats.data && <Totals stats={stats.data} targets={targets} currency={currency} />}
          </>
        )}
      </div>
      {!missing &&
        (analytics.isPending ? (
          <Spinner />
        ) : (
          analytics.data && (
            <Charts analytics={{ ...analytics.data, series: fillPeriods(analytics.data.series, from, to, interval) }} targets={targets} stats={stats.data} currency={currency} />
          )
        ))}
      <SendingAccountHealth />
      <AttemptsList />
    </div>
  );
}

function Totals({ stats, targets, currency }: { stats: Stats; targets: Analytics['targets']; currency: string }) {
  const t = useT();
  const fmt = useFormat();
  // Each rate against its target: conversion, response and ROI should be above, opt-outs below.
  const goal = (value: number | null, target: number, above: boolean) => (value === null ? undefined : above ? value >= target : value <= target);
  const cells: Array<{ id: string; label: MessageKey; value: string; met?: boolean; target?: string }> = [
    { id: 'sent', label: 'react.dash.sent', value: fmt.number(stats.sent) },
    { id: 'responseRate', label: 'react.dash.responseRate', value: pct(stats.responseRate), met: goal(stats.responseRate, targets.responseRate, true), target: `> ${pct(targets.responseRate)}` },
    {
      id: 'conversionRate',
      label: 'react.dash.conversionRate',
      value: pct(stats.conversionRate),
      met: goal(stats.conversionRate, targets.conversionRate, true),
      target: `> ${pct(targets.conversionRate)}`,
    },
    { id: 'optOutRate', label: 'react.dash.optOutRate', value: pct(stats.optOutRate), met: goal(stats.optOutRate, targets.optOutRate, false), target: `< ${pct(targets.optOutRate)}` },
    {
      id: 'avgResponse',
      label: 'react.dash.avgResponse',
      value: stats.avgResponseMinutes === null ? '—' : formatMinutes(stats.avgResponseMinutes, t),
      met: goal(stats.avgResponseMinutes, 24 * 60, false),
      target: `< ${t('react.dash.hours', { n: '24' })}`,
    },
    { id: 'booked', label: 'react.dash.booked', value: fmt.number(stats.booked) },
    { id: 'revenue', label: 'react.dash.revenue', value: fmt.money(stats.revenue, currency) },
    { id: 'cost', label: 'react.dash.cost', value: fmt.money(stats.cost, currency) },
    { id: 'roi', label: 'react.dash.roi', value: stats.roi === null ? '—' : `${fmt.number(Math.round(stats.roi * 10) / 10)}×`, met: goal(stats.roi, targets.roi, true), target: `> ${targets.roi}×` },
  ];
  return (
    <>
      <dl className="stats-strip react-strip react-totals" data-testid="dash-totals">
        {cells.map((cell) => (
          <div key={cell.id} className={cell.met === undefined ? 'stat' : cell.met ? 'stat react-stat-met' : 'stat react-stat-missed'} data-testid={`dash-${cell.id}`} data-met={cell.met}>
            <dt>{t(cell.label)}</dt>
            <dd>{cell.value}</dd>
            {cell.target && <div className="small muted">{t('react.dash.target', { value: cell.target })}</div>}
          </div>
        ))}
      </dl>
      <p className="small muted">
        {t('react.dash.replies', { positive: String(stats.positive), negative: String(stats.negative), neutral: String(stats.neutral), optedOut: String(stats.optedOut) })}
      </p>
    </>
  );
}

function formatMinutes(minutes: number, t: ReturnType<typeof useT>): string {
  if (minutes < 60) return t('react.dash.minutes', { n: String(Math.round(minutes)) });
  if (minutes < 48 * 60) return t('react.dash.hours', { n: String(Math.round((minutes / 60) * 10) / 10) });
  return t('react.dash.daysShort', { n: String(Math.round((minutes / 1440) * 10) / 10) });
}

function Charts({ analytics, targets, stats, currency }: { analytics: Analytics; targets: Analytics['targets']; stats: Stats | undefined; currency: string }) {
  const t = useT();
  const fmt = useFormat();
  // Cost per message: what the period's totals say, so a period's ROI is its revenue over its sends' cost.
  const costPerMessage = stats && stats.sent > 0 ? stats.cost / stats.sent : 0;
  const series = useMemo(
    () =>
      analytics.series.map((p) => {
        const cost = p.sent * costPerMessage;
        return {
          ...p,
          label: p.period.slice(5, 10),
          responseRate: ratio(p.replied, p.sent),
          conversionRate: ratio(p.booked, p.sent),
          optOutRate: ratio(p.optedOut, p.sent),
          roi: cost > 0 ? p.revenue / cost : null,
        };
      }),
    [analytics.series, costPerMessage],
  );
  const pctTick = (v: number) => `${Math.round(v * 100)}%`;
  const pctTip = (v: unknown) => (typeof v === 'number' ? pct(v) : '—');
  const targetLabel = (key: MessageKey, value: string, position: 'insideTopRight' | 'insideTopLeft' = 'insideTopRight') => ({ value: t(key, { value }), position, fontSize: 11, fill: COLORS.target });

  return (
    <>
      <div className="react-charts">
        <section className="card" data-testid="chart-rates">
          <h3 className="card-title">{t('react.dash.chart.rates')}</h3>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <LineChart data={series} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis tickFormatter={pctTick} fontSize={11} domain={[0, 'auto']} />
              <Tooltip formatter={pctTip} />
              <Legend />
              <Line type="monotone" dataKey="responseRate" name={t('react.dash.responseRate')} stroke={COLORS.replied} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              <Line type="monotone" dataKey="conversionRate" name={t('react.dash.conversionRate')} stroke={COLORS.booked} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              <Line type="monotone" dataKey="optOutRate" name={t('react.dash.optOutRate')} stroke={COLORS.optedOut} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              <ReferenceLine y={targets.responseRate} stroke={COLORS.replied} strokeDasharray="6 4" ifOverflow="extendDomain" label={targetLabel('react.dash.ref.response', pct(targets.responseRate))} />
              <ReferenceLine y={targets.conversionRate} stroke={COLORS.booked} strokeDasharray="6 4" ifOverflow="extendDomain" label={targetLabel('react.dash.ref.conversion', pct(targets.conversionRate))} />
              <ReferenceLine y={targets.optOutRate} stroke={COLORS.optedOut} strokeDasharray="6 4" ifOverflow="extendDomain" label={targetLabel('react.dash.ref.optOut', pct(targets.optOutRate), 'insideTopLeft')} />
            </LineChart>
          </ResponsiveContainer>
        </section>
        <section className="card" data-testid="chart-volume">
          <h3 className="card-title">{t('react.dash.chart.volume')}</h3>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <BarChart data={series} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar dataKey="sent" name={t('react.dash.sent')} fill={COLORS.sent} isAnimationActive={false} />
              <Bar dataKey="replied" name={t('react.dash.replied')} fill={COLORS.replied} isAnimationActive={false} />
              <Bar dataKey="booked" name={t('react.dash.booked')} fill={COLORS.booked} isAnimationActive={false} />
              <Bar dataKey="optedOut" name={t('react.dash.optedOut')} fill={COLORS.optedOut} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </section>
        <section className="card" data-testid="chart-revenue">
          <h3 className="card-title">{t('react.dash.chart.revenue')}</h3>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <ComposedChart data={series} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis yAxisId="revenue" fontSize={11} tickFormatter={(v: number) => fmt.number(v)} />
              <YAxis yAxisId="roi" orientation="right" fontSize={11} tickFormatter={(v: number) => `${v}×`} domain={[0, 'auto']} />
              <Tooltip formatter={(v: unknown, name) => (typeof v !== 'number' ? '—' : name === t('react.dash.roi') ? `${Math.round(v * 10) / 10}×` : fmt.money(v, currency))} />
              <Legend />
              <Bar yAxisId="revenue" dataKey="revenue" name={t('react.dash.revenue')} fill={COLORS.revenue} isAnimationActive={false} />
              <Line yAxisId="roi" type="monotone" dataKey="roi" name={t('react.dash.roi')} stroke={COLORS.roi} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              <ReferenceLine yAxisId="roi" y={targets.roi} stroke={COLORS.roi} strokeDasharray="6 4" ifOverflow="extendDomain" label={targetLabel('react.dash.ref.roi', `${targets.roi}×`, 'insideTopLeft')} />
            </ComposedChart>
          </ResponsiveContainer>
        </section>
        <BestSendTimes times={analytics.bestSendTimes} target={targets.responseRate} />
      </div>
      {analytics.byService.length > 0 && <ByService rows={analytics.byService} currency={currency} />}
    </>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** Response rate by hour (bars, with the response target) and a weekday × hour heat map of the sends. */
function BestSendTimes({ times, target }: { times: SendTime[]; target: number }) {
  const t = useT();
  const byHour = useMemo(() => {
    const hours = new Map<number, { sent: number; replied: number }>();
    for (const cell of times) {
      const h = hours.get(cell.hour) ?? { sent: 0, replied: 0 };
      h.sent += cell.sent;
      h.replied += cell.replied ?? (cell.responseRate ?? 0) * cell.sent;
      hours.set(cell.hour, h);
    }
    return HOURS.map((hour) => {
      const h = hours.get(hour);
      return { hour: `${String(hour).padStart(2, '0')}:00`, sent: h?.sent ?? 0, responseRate: h ? ratio(h.replied, h.sent) : null };
    });
  }, [times]);
  // Weekdays may come as 0 (Sunday) … 6 or 1 (Monday) … 7; both land on the Monday-first grid.
  const weekdayOf = (w: number) => (w === 0 ? 7 : w);
  const hours = HOURS;
  const cell = (weekday: number, hour: number) => times.find((c) => weekdayOf(c.weekday) === weekday && c.hour === hour);
  const best = times.filter((c) => c.sent > 0 && c.responseRate !== null).sort((a, b) => (b.responseRate ?? 0) - (a.responseRate ?? 0))[0];

  return (
    <section className="card" data-testid="chart-send-times">
      <h3 className="card-title">{t('react.dash.chart.sendTimes')}</h3>
      {times.length === 0 ? (
        <p className="muted small">{t('react.dash.noSends')}</p>
      ) : (
        <>
          {best && (
            <p className="small" data-testid="dash-best-time">
              {t('react.dash.bestTime', { day: t(`react.weekday.${weekdayOf(best.weekday)}` as MessageKey), hour: `${String(best.hour).padStart(2, '0')}:00`, rate: pct(best.responseRate) })}
            </p>
          )}
          <ResponsiveContainer width="100%" height={160}>
            <BarChart data={byHour} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="hour" fontSize={11} interval={2} />
              <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)}%`} fontSize={11} domain={[0, 'auto']} />
              <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? pct(v) : '—')} />
              <Bar dataKey="responseRate" name={t('react.dash.responseRate')} fill={COLORS.replied} isAnimationActive={false} />
              <ReferenceLine
                y={target}
                stroke={COLORS.target}
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                label={{ value: t('react.dash.ref.response', { value: pct(target) }), position: 'insideTopRight', fontSize: 11, fill: COLORS.target }}
              />
            </BarChart>
          </ResponsiveContainer>
          <table className="react-heat" data-testid="dash-heatmap">
            <thead>
              <tr>
                <th />
                {hours.map((h) => (
                  <th key={h}>{String(h).padStart(2, '0')}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((day) => (
                <tr key={day}>
                  <th>{t(`react.weekday.${day}` as MessageKey)}</th>
                  {hours.map((h) => {
                    const c = cell(day, h);
                    const rate = c && c.sent > 0 ? (c.responseRate ?? 0) : null;
                    return (
                      <td
                        key={h}
                        title={c ? t('react.dash.heatCell', { sent: String(c.sent), rate: pct(c.responseRate) }) : ''}
                        style={{ background: rate === null ? undefined : `rgba(14, 165, 233, ${0.12 + Math.min(1, rate) * 0.88})` }}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ByService({ rows, currency }: { rows: Analytics['byService']; currency: string }) {
  const t = useT();
  const fmt = useFormat();
  const num = (v: unknown) => (typeof v === 'number' ? fmt.number(v) : '—');
  return (
    <section className="card" data-testid="dash-by-service">
      <h3 className="card-title">{t('react.dash.byService')}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('react.col.service')}</th>
            <th>{t('react.dash.sent')}</th>
            <th>{t('react.dash.replied')}</th>
            <th>{t('react.dash.booked')}</th>
            <th>{t('react.dash.conversionRate')}</th>
            <th>{t('react.dash.revenue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const sent = typeof row.sent === 'number' ? row.sent : 0;
            const booked = typeof row.booked === 'number' ? row.booked : 0;
            return (
              <tr key={String(row.serviceId ?? index)}>
                <td>{String(row.serviceName ?? '—')}</td>
                <td>{num(row.sent)}</td>
                <td>{num(row.replied)}</td>
                <td>{num(row.booked)}</td>
                <td>{pct(typeof row.conversionRate === 'number' ? row.conversionRate : ratio(booked, sent))}</td>
                <td>{typeof row.revenue === 'number' ? fmt.money(row.revenue, currency) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
