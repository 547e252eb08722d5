import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { bookingApi, bookingKeys, type BookingSettings, type ConnectionTest } from './booking-api.ts';

/** Booking → Connection: the built-in calendar or YClients, the connection test, the last sync and "sync now". */
export function ConnectionTab() {
  const settings = useQuery({
    queryKey: bookingKeys.settings,
    queryFn: ({ signal }) => bookingApi.settings(signal),
    // While a sync is queued or running, follow it.
    refetchInterval: (query) => (query.state.data?.lastSync?.status === 'queued' || query.state.data?.lastSync?.status === 'running' ? 2000 : false),
  });
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return (
    <div className="booking-grid">
      <ConnectionForm initial={settings.data} />
      <SyncCard settings={settings.data} />
    </div>
  );
}

function ConnectionForm({ initial }: { initial: BookingSettings }) {
  const t = useT();
  const queryClient = useQueryClient();
  const editable = isAdminRole(useSession().role);
  const [provider, setProvider] = useState(initial.provider);
  const [companyId, setCompanyId] = useState(initial.yclients?.companyId ?? '');
  const [partnerToken, setPartnerToken] = useState('');
  const [userToken, setUserToken] = useState('');
  const [baseUrl, setBaseUrl] = useState(initial.yclients?.baseUrl ?? 'https://api.yclients.com/api/v1');
  const [slotStep, setSlotStep] = useState(String(initial.slotStepMinutes));
  const [minLead, setMinLead] = useState(String(initial.minLeadMinutes));
  const [test, setTest] = useState<ConnectionTest | null>(null);

  const save = useMutation({
    mutationFn: () =>
      bookingApi.saveSettings({
        provider,
        slotStepMinutes: Number(slotStep),
        minLeadMinutes: Number(minLead),
        ...(provider === 'yclients'
          ? { yclients: { companyId: companyId.trim(), baseUrl: baseUrl.trim(), ...(partnerToken ? { partnerToken } : {}), ...(userToken ? { userToken } : {}) } }
          : {}),
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(bookingKeys.settings, data);
      setPartnerToken('');
      setUserToken('');
      setTest(null);
    },
  });
  const check = useMutation({ mutationFn: () => bookingApi.testConnection(), onSuccess: setTest });
  const errors = formErrors(save.error, ['provider', 'slotStepMinutes', 'minLeadMinutes', 'yclients.companyId', 'yclients.baseUrl', 'yclients.partnerToken', 'yclients.userToken']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card stack" onSubmit={submit} data-testid="booking-connection-form">
      <h2 className="card-title">{t('booking.conn.title')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('booking.conn.title')}>
        {(['builtin', 'yclients'] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={provider === p}
            className={provider === p ? 'segmented-item active' : 'segmented-item'}
            disabled={!editable}
            onClick={() => setProvider(p)}
            data-testid={`booking-provider-${p}`}
          >
            {t(`booking.conn.provider.${p}`)}
          </button>
        ))}
      </div>
      <p className="muted small">{t(`booking.conn.provider.${provider}.hint`)}</p>
      {provider === 'yclients' && (
        <div className="stack">
          <Field label={t('booking.conn.companyId')} error={errors.fields['yclients.companyId']} hint={t('booking.conn.companyId.hint')}>
            <input value={companyId} onChange={(e) => setCompanyId(e.target.value)} inputMode="numeric" disabled={!editable} data-testid="booking-yc-company" />
          </Field>
          <Field label={t('booking.conn.partnerToken')} error={errors.fields['yclients.partnerToken']} hint={initial.yclients?.hasPartnerToken ? t('booking.conn.tokenSaved') : t('booking.conn.partnerToken.hint')}>
            <input type="password" autoComplete="off" value={partnerToken} onChange={(e) => setPartnerToken(e.target.value)} disabled={!editable} data-testid="booking-yc-partner" />
          </Field>
          <Field label={t('booking.conn.userToken')} error={errors.fields['yclients.userToken']} hint={initial.yclients?.hasUserToken ? t('booking.conn.tokenSaved') : t('booking.conn.userToken.hint')}>
            <input type="password" autoComplete="off" value={userToken} onChange={(e) => setUserToken(e.target.value)} disabled={!editable} data-testid="booking-yc-user" />
          </Field>
          <Field label={t('booking.conn.baseUrl')} error={errors.fields['yclients.baseUrl']}>
            <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} disabled={!editable} />
          </Field>
        </div>
      )}
      <div className="form-row">
        <Field label={t('booking.conn.slotStep')} error={errors.fields.slotStepMinutes} hint={t('booking.conn.slotStep.hint')}>
          <input type="number" min={5} max={240} value={slotStep} onChange={(e) => setSlotStep(e.target.value)} disabled={!editable} />
        </Field>
        <Field label={t('booking.conn.minLead')} error={errors.fields.minLeadMinutes} hint={t('booking.conn.minLead.hint')}>
          <input type="number" min={0} max={10080} value={minLead} onChange={(e) => setMinLead(e.target.value)} disabled={!editable} />
        </Field>
      </div>
      <ErrorBanner message={errors.general} />
      {test && (
        <p className={test.ok ? 'banner' : 'banner banner-error'} role="status" data-testid="booking-test-result">
          {test.ok ? t('booking.conn.test.ok', { services: test.services, staff: test.staff }) : t('booking.conn.test.failed', { reason: test.error ?? '' })}
        </p>
      )}
      <ErrorBanner error={check.error} />
      {editable && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => check.mutate()} disabled={check.isPending || save.isPending} data-testid="booking-test">
            {t('booking.conn.test')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="booking-save-connection">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
      {save.isSuccess && <p className="saved-note">{t('booking.conn.saved')}</p>}
    </form>
  );
}

function SyncCard({ settings }: { settings: BookingSettings }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const editable = isAdminRole(useSession().role);
  const sync = useMutation({ mutationFn: () => bookingApi.syncNow(), onSuccess: (data) => queryClient.setQueryData(bookingKeys.settings, data) });
  const last = settings.lastSync;
  if (settings.provider === 'builtin') {
    return (
      <section className="card stack" data-testid="booking-sync">
        <h2 className="card-title">{t('booking.sync.title')}</h2>
        <p className="muted">{t('booking.sync.builtin')}</p>
      </section>
    );
  }
  const when = last?.finishedAt ?? last?.startedAt ?? last?.requestedAt ?? null;
  return (
    <section className="card stack" data-testid="booking-sync">
      <h2 className="card-title">{t('booking.sync.title')}</h2>
      {!last?.status ? (
        <p className="muted">{t('booking.sync.never')}</p>
      ) : (
        <div className="stack">
          <p>
            <span className={last.status === 'failed' ? 'badge badge-failed' : last.status === 'succeeded' ? 'badge badge-success' : 'badge badge-running'}>{t(`booking.sync.status.${last.status}`)}</span>{' '}
            <span className="muted small">{fmt.dateTime(when)}</span>
          </p>
          {last.status === 'failed' && last.error && <p className="banner banner-error">{last.error}</p>}
          {last.counts && (
            <ul className="mini-list">
              {Object.entries(last.counts).map(([key, value]) => (
                <li key={key} className="mini-list-item">
                  {t('booking.sync.count', { what: syncCountLabel(t, key), n: fmt.number(value) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorBanner error={sync.error} />
      {editable && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => sync.mutate()} disabled={sync.isPending || last?.status === 'queued' || last?.status === 'running'} data-testid="booking-sync-now">
            {t('booking.sync.now')}
          </button>
        </div>
      )}
    </section>
  );
}

const SYNC_COUNTS = ['services', 'staff', 'visits', 'visitsSkipped', 'appointments', 'appointmentsCancelled', 'contactsCreated'] as const;

function syncCountLabel(t: ReturnType<typeof useT>, key: string): string {
  return (SYNC_COUNTS as readonly string[]).includes(key) ? t(`booking.sync.counts.${key as (typeof SYNC_COUNTS)[number]}`) : key;
}
