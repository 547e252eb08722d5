import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { Page } from '../../types.ts';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { bookingApi, bookingKeys } from './booking-api.ts';

/**
 * What reactivation needs, on its settings page: an account to send from, the booking system, services, masters with
 * hours and visit history — each with what is there, or what is missing and where to fix it.
 */
export function ReactivationDependencies({ channelAccountId }: { channelAccountId: string | null | undefined }) {
  const t = useT();
  const fmt = useFormat();
  const accounts = useChannelAccounts();
  const settings = useQuery({ queryKey: bookingKeys.settings, queryFn: ({ signal }) => bookingApi.settings(signal) });
  const services = useQuery({ queryKey: bookingKeys.services, queryFn: ({ signal }) => bookingApi.services(signal) });
  const staff = useQuery({ queryKey: bookingKeys.staff, queryFn: ({ signal }) => bookingApi.staff(signal) });
  const visits = useQuery({ queryKey: ['booking', 'visits', 'any'], queryFn: ({ signal }) => api.get<Page<{ id: string }>>('/api/booking/visits', { limit: 1 }, { signal }) });

  const active = (accounts.data ?? []).filter((a) => a.status === 'active');
  const chosen = (accounts.data ?? []).find((a) => a.id === channelAccountId) ?? null;
  const sender = chosen && chosen.status === 'active' ? chosen : (active[0] ?? null);
  const withHours = (staff.data ?? []).filter((s) => Object.values(s.workingHours).some((d) => (d ?? []).length > 0));
  const provider = settings.data?.provider;
  const syncFailed = provider === 'yclients' && settings.data?.lastSync?.status === 'failed';

  const items: Array<{ key: string; ok: boolean; text: ReactNode }> = [
    {
      key: 'account',
      ok: sender !== null,
      text: sender ? (
        t('react.deps.account.ok', { name: sender.name })
      ) : (
        <>
          {chosen ? t('react.deps.account.inactive', { name: chosen.name }) : t('react.deps.account.missing')} <Link to="/settings/channels">{t('react.deps.account.fix')}</Link>
        </>
      ),
    },
    {
      key: 'source',
      ok: Boolean(provider) && !syncFailed,
      text: (
        <>
          {provider === 'yclients'
            ? syncFailed
              ? t('react.deps.source.failed', { error: settings.data?.lastSync?.error ?? '' })
              : t('react.deps.source.yclients', { when: fmt.dateTime(settings.data?.lastSync?.finishedAt ?? null) || '—' })
            : t('react.deps.source.builtin')}{' '}
          <Link to="/booking/connection">{t('react.deps.source.fix')}</Link>
        </>
      ),
    },
    {
      key: 'services',
      ok: (services.data ?? []).length > 0,
      text: (
        <>
          {(services.data ?? []).length > 0 ? t('react.deps.services.ok', { n: (services.data ?? []).length }) : t('react.deps.services.missing')}{' '}
          <Link to="/booking/services">{t('react.deps.services.fix')}</Link>
        </>
      ),
    },
    {
      key: 'staff',
      ok: withHours.length > 0,
      text: (
        <>
          {withHours.length > 0 ? t('react.deps.staff.ok', { n: withHours.length }) : t('react.deps.staff.missing')} <Link to="/booking/staff">{t('react.deps.staff.fix')}</Link>
        </>
      ),
    },
    {
      key: 'visits',
      ok: (visits.data?.items ?? []).length > 0,
      text: (
        <>
          {(visits.data?.items ?? []).length > 0 ? t('react.deps.visits.ok') : t('react.deps.visits.missing')} <Link to="/booking/import">{t('react.deps.visits.fix')}</Link>
        </>
      ),
    },
  ];
  const missing = items.filter((i) => !i.ok).length;
  return (
    <section className="card stack" data-testid="reactivation-dependencies">
      <h2 className="card-title">{t('react.deps.title')}</h2>
      <p className="muted small">{missing === 0 ? t('react.deps.allSet') : t('react.deps.someMissing')}</p>
      <ul className="booking-deps">
        {items.map((item) => (
          <li key={item.key} className="booking-dep" data-testid={`react-dep-${item.key}`} data-ok={item.ok}>
            <span className={item.ok ? 'booking-dep-ok' : 'booking-dep-missing'} aria-hidden="true">
              {item.ok ? '✓' : '!'}
            </span>
            <span>{item.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
