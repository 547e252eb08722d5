import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';

interface FoundGroup {
  peerId: string;
  title: string | null;
  username: string | null;
  kind: 'group' | 'supergroup' | 'channel';
  members: number | null;
}

/** A members read running in the background: members read of Telegram's total, kept after the filters. */
interface MemberRead {
  id: string;
  groupId: string;
  status: 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';
  total: number | null;
  read: number;
  kept: number;
  retryAfterSeconds: number | null;
  error: string | null;
}

const isRunning = (read: MemberRead | undefined) => read?.status === 'queued' || read?.status === 'running';

/**
 * Find public Telegram groups and channels by keyword through the connected user account, and read a group's
 * members into the campaign audience — people with a username, seen recently, never bots.
 */
export function TelegramGroupSearch({ disabled, onRead }: { disabled: boolean; onRead(group: { bdAccountId: string; telegramChatId: string }): void }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const accounts = useChannelAccounts();
  const account = (accounts.data ?? []).find((a) => a.channel === 'telegram_user' && a.status === 'active') ?? null;
  const [q, setQ] = useState('');
  const [withUsername, setWithUsername] = useState(true);
  const [recent, setRecent] = useState(true);
  const [readId, setReadId] = useState<string | null>(null);
  const search = useMutation({
    mutationFn: (text: string) => api.get<{ items: FoundGroup[] }>(`/api/channel-accounts/${account!.id}/telegram/search`, { q: text }).then((r) => r.items),
  });
  const start = useMutation({
    mutationFn: (peerId: string) =>
      api.post<MemberRead>(`/api/channel-accounts/${account!.id}/telegram/groups/${peerId}/member-reads`, { ...(withUsername ? { withUsername: true } : {}), ...(recent ? { seenWithinDays: 30 } : {}) }),
    onSuccess: (started) => {
      queryClient.setQueryData(['telegram-member-read', started.id], started);
      setReadId(started.id);
    },
  });
  // Followed every second while it runs: the counts grow page by page.
  const read = useQuery({
    queryKey: ['telegram-member-read', readId],
    queryFn: ({ signal }) => api.get<MemberRead>(`/api/channel-accounts/${account!.id}/telegram/member-reads/${readId}`, undefined, { signal }),
    enabled: Boolean(readId && account),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => api.post<MemberRead>(`/api/channel-accounts/${account!.id}/telegram/member-reads/${readId}/cancel`),
    onSuccess: (updated) => queryClient.setQueryData(['telegram-member-read', updated.id], updated),
  });
  const current = read.data;
  const finished = current && !isRunning(current) && current.status !== 'failed' ? current : null;
  useEffect(() => {
    if (!finished || !account) return;
    void queryClient.invalidateQueries({ queryKey: ['campaigns', 'group-sources'] });
    if (finished.kept > 0) onRead({ bdAccountId: account.id, telegramChatId: finished.groupId });
    // Once per finished read.
  }, [finished?.id, finished?.status]);
  if (!account) return <p className="muted small">{t('campaigns.groupSearch.noAccount')}</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim().length >= 2) search.mutate(q.trim());
  };
  return (
    <section className="stack" data-testid="telegram-group-search">
      <h4 className="section-label">{t('campaigns.groupSearch.title')}</h4>
      <form className="inline-form" onSubmit={submit}>
        <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('campaigns.groupSearch.placeholder')} minLength={2} maxLength={64} disabled={disabled} data-testid="group-search-q" />
        <button type="submit" className="button" disabled={disabled || search.isPending || q.trim().length < 2} data-testid="group-search-go">
          {t('campaigns.groupSearch.find')}
        </button>
      </form>
      <div className="chip-row small">
        <label className="checkbox">
          <input type="checkbox" checked={withUsername} onChange={(e) => setWithUsername(e.target.checked)} disabled={disabled} />
          {t('campaigns.groupSearch.withUsername')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={recent} onChange={(e) => setRecent(e.target.checked)} disabled={disabled} />
          {t('campaigns.groupSearch.recent')}
        </label>
        <span className="muted">{t('campaigns.groupSearch.noBots')}</span>
      </div>
      <ErrorBanner error={search.error ?? start.error ?? cancel.error} />
      {search.isPending && <Spinner />}
      {search.data && search.data.length === 0 && <p className="muted small">{t('campaigns.groupSearch.none')}</p>}
      <ul className="option-list">
        {(search.data ?? []).map((g) => (
          <li key={g.peerId} className="option-card" data-testid="group-search-result">
            <span className="option-card-title">{g.title ?? g.username ?? g.peerId}</span>
            <span className="muted small">
              {g.username ? `@${g.username} · ` : ''}
              {t(`campaigns.groupSearch.kind.${g.kind}`)}
              {g.members !== null ? ` · ${t('campaigns.group.members', { n: fmt.number(g.members) })}` : ''}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={disabled || start.isPending || isRunning(current) || g.kind === 'channel'}
              onClick={() => start.mutate(g.peerId)}
              data-testid="group-read-members"
            >
              {current?.groupId === g.peerId && isRunning(current) ? t('campaigns.groupSearch.reading') : t('campaigns.groupSearch.read')}
            </button>
            {current?.groupId === g.peerId && <ReadProgress read={current} onCancel={() => cancel.mutate()} cancelling={cancel.isPending} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A read's progress bar and counts, its cancel while it runs, and its outcome after. */
function ReadProgress({ read, onCancel, cancelling }: { read: MemberRead; onCancel(): void; cancelling: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const percent = read.total ? Math.min(100, Math.round((read.read / read.total) * 100)) : null;
  const counts = { read: fmt.number(read.read), total: read.total === null ? '…' : fmt.number(read.total), kept: fmt.number(read.kept) };
  if (isRunning(read)) {
    return (
      <div className="group-read-progress" data-testid="group-read-progress">
        <div className="import-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
          <span className={percent === null ? 'indeterminate' : undefined} style={percent === null ? undefined : { width: `${percent}%` }} />
        </div>
        <span className="small">{t('campaigns.groupSearch.progress', counts)}</span>
        <button type="button" className="button button-small button-ghost" onClick={onCancel} disabled={cancelling} data-testid="group-read-cancel">
          {t('campaigns.groupSearch.cancel')}
        </button>
      </div>
    );
  }
  if (read.status === 'failed') return <span className="small field-error" data-testid="group-read-result">{read.error}</span>;
  return (
    <span className="small" data-testid="group-read-result">
      {t(read.status === 'cancelled' ? 'campaigns.groupSearch.cancelled' : 'campaigns.groupSearch.result', counts)}
      {read.retryAfterSeconds !== null && ` ${t('campaigns.groupSearch.partial', { s: read.retryAfterSeconds })}`}
    </span>
  );
}
