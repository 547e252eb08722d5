import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api, formErrors, request } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { accountsKey, channelsApi, type ChannelAccountDetail } from '../channels/channel-api.ts';
import { importKey, importsKey, startEvolutionPull, type ImportRun } from './importQueries.ts';

interface SyncSettings {
  channelAccountId: string;
  instanceName: string;
  intervalMinutes: number | null;
  hasDbUrl: boolean;
  lastSyncAt: string | null;
  lastResult: { messagesRead: number; messagesStored: number; messagesAlreadyPresent: number } | null;
  lastError: string | null;
}

const intervalValue = (value: string) => (value ? Number(value) : null);
const syncKey = (accountId: string) => ['imports', 'evolution-db', accountId] as const;
const INTERVALS = [null, 15, 60, 360, 1440] as const;

function useSyncSettings(accountId: string) {
  return useQuery({ queryKey: syncKey(accountId), queryFn: ({ signal }) => api.get<SyncSettings>(`/api/imports/evolution-db/${accountId}`, undefined, { signal }) });
}

/** "Sync now": an import run the Import page follows live. */
function useSyncNow(accountId: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<ImportRun>(`/api/imports/evolution-db/${accountId}/sync`),
    onSuccess: (run) => {
      queryClient.setQueryData(importKey(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      void queryClient.invalidateQueries({ queryKey: syncKey(accountId) });
      navigate(`/imports/${run.id}`);
    },
  });
}

/** In an Evolution account's settings: read its messages from the gateway's own database, now and on a schedule. */
export function EvolutionDbSyncSettings({ account }: { account: ChannelAccountDetail }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const settings = useSyncSettings(account.id);
  const [dbUrl, setDbUrl] = useState('');
  const [instanceName, setInstanceName] = useState<string | null>(null);
  const [interval, setInterval] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      request<SyncSettings>('PUT', `/api/imports/evolution-db/${account.id}`, {
        dbUrl: dbUrl.trim() || undefined,
        instanceName: (instanceName ?? settings.data?.instanceName ?? '').trim() || undefined,
        intervalMinutes: intervalValue(interval ?? String(settings.data?.intervalMinutes ?? '')),
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(syncKey(account.id), data);
      setDbUrl('');
    },
  });
  const syncNow = useSyncNow(account.id);
  const errors = formErrors(save.error ?? syncNow.error, ['dbUrl', 'instanceName', 'intervalMinutes'] as const);
  if (!settings.data) return null;
  const data = settings.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="evolution-db-sync">
      <h3 className="card-title">{t('evodb.title', { name: account.name })}</h3>
      <p className="muted small">{t('evodb.intro')}</p>
      <ErrorBanner message={errors.general} />
      <div className="form-row">
        <Field label={t('evodb.dbUrl')} error={errors.fields.dbUrl} hint={data.hasDbUrl ? t('evodb.dbUrlSaved') : t('evodb.dbUrlHint')}>
          <input type="password" autoComplete="off" value={dbUrl} onChange={(e) => setDbUrl(e.target.value)} placeholder="postgres://evolution:…@host:5432/evolution" data-testid="evolution-db-url" />
        </Field>
        <Field label={t('evodb.instance')} error={errors.fields.instanceName}>
          <input value={instanceName ?? data.instanceName} onChange={(e) => setInstanceName(e.target.value)} data-testid="evolution-db-instance" />
        </Field>
        <Field label={t('evodb.interval')} error={errors.fields.intervalMinutes}>
          <select value={interval ?? String(data.intervalMinutes ?? '')} onChange={(e) => setInterval(e.target.value)} data-testid="evolution-db-interval">
            {INTERVALS.map((minutes) => (
              <option key={String(minutes)} value={minutes === null ? '' : String(minutes)}>
                {minutes === null ? t('evodb.intervalOff') : minutes < 60 ? t('evodb.everyMinutes', { n: minutes }) : t('evodb.everyHours', { n: minutes / 60 })}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="muted small" data-testid="evolution-db-last">
        {data.lastError
          ? t('evodb.lastError', { date: fmt.dateTime(data.lastSyncAt), error: data.lastError })
          : data.lastSyncAt && data.lastResult
            ? t('evodb.lastResult', { date: fmt.dateTime(data.lastSyncAt), read: data.lastResult.messagesRead, stored: data.lastResult.messagesStored, present: data.lastResult.messagesAlreadyPresent })
            : t('evodb.never')}
      </p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="evolution-db-save">
          {t('common.save')}
        </button>
        <button type="button" className="button button-ghost" disabled={!data.hasDbUrl || syncNow.isPending} onClick={() => syncNow.mutate()} data-testid="evolution-db-sync-now">
          <Icon name="upload" size={16} />
          <span>{t('evodb.syncNow')}</span>
        </button>
      </div>
    </form>
  );
}

/** On the Import page: pull a connected Evolution account's history, followed live like any import. */
export function EvolutionPull() {
  const t = useT();
  const accounts = useQuery({ queryKey: accountsKey, queryFn: channelsApi.list, select: (data) => data.items.filter((a) => a.channel === 'evolution') });
  if (!accounts.data) return null;
  return (
    <section className="card" data-testid="evolution-pull">
      <h2 className="card-title">{t('imports.evolution.title')}</h2>
      <p className="muted small">{t('imports.evolution.intro')}</p>
      {accounts.data.length === 0 ? (
        <p className="muted small">
          {t('imports.evolution.none')} <Link to="/settings/channels">{t('evodb.toChannels')}</Link>
        </p>
      ) : (
        <ul className="plain-list">
          {accounts.data.map((account) => (
            <EvolutionPullRow key={account.id} account={account} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EvolutionPullRow({ account }: { account: ChannelAccountDetail }) {
  const t = useT();
  const settings = useSyncSettings(account.id);
  const syncNow = useSyncNow(account.id);
  const pull = usePullNow(account.id);
  return (
    <li className="evolution-pull-row">
      <span>{account.name}</span>
      <span className="form-actions">
        <button type="button" className="button button-primary button-small" disabled={pull.isPending} onClick={() => pull.mutate()} data-testid="evolution-pull-api">
          {pull.isPending ? t('imports.evolution.starting') : t('imports.evolution.submit')}
        </button>
        {settings.data?.hasDbUrl ? (
          <button type="button" className="button button-ghost button-small" disabled={syncNow.isPending} onClick={() => syncNow.mutate()} data-testid="evolution-pull-start">
            {syncNow.isPending ? t('imports.evolution.starting') : t('imports.evolution.fromDatabase')}
          </button>
        ) : (
          <Link to="/settings/channels" className="small">
            {t('evodb.setUp')}
          </Link>
        )}
      </span>
      {pull.error && <ErrorBanner error={pull.error} />}
    </li>
  );
}

/** "Pull history": chats and messages through the gateway's REST API, as an import run the page follows live. */
function usePullNow(accountId: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => startEvolutionPull({ channelAccountId: accountId }),
    onSuccess: (run) => {
      queryClient.setQueryData(importKey(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      navigate(`/imports/${run.id}`);
    },
  });
}
