import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
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

interface MembersRead {
  group: { id: string; title: string | null };
  total: number;
  read: number;
  filteredOut: number;
  stored: number;
  complete: boolean;
  retryAfterSeconds: number | null;
}

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
  const [reading, setReading] = useState<string | null>(null);
  const search = useMutation({
    mutationFn: (text: string) => api.get<{ items: FoundGroup[] }>(`/api/channel-accounts/${account!.id}/telegram/search`, { q: text }).then((r) => r.items),
  });
  const read = useMutation({
    mutationFn: (peerId: string) =>
      api.get<MembersRead>(`/api/channel-accounts/${account!.id}/telegram/groups/${peerId}/members`, { ...(withUsername ? { withUsername: 'true' } : {}), ...(recent ? { seenWithinDays: 30 } : {}) }),
    onMutate: (peerId) => setReading(peerId),
    onSettled: () => setReading(null),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'group-sources'] });
      onRead({ bdAccountId: account!.id, telegramChatId: result.group.id });
    },
  });
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
      <ErrorBanner error={search.error ?? read.error} />
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
            <button type="button" className="button button-small" disabled={disabled || read.isPending || g.kind === 'channel'} onClick={() => read.mutate(g.peerId)} data-testid="group-read-members">
              {reading === g.peerId ? t('campaigns.groupSearch.reading') : t('campaigns.groupSearch.read')}
            </button>
            {reading === g.peerId && <Spinner label={t('campaigns.groupSearch.readingProgress', { n: g.members === null ? '…' : fmt.number(g.members) })} />}
            {read.data && read.data.group.id === g.peerId && (
              <span className="small" data-testid="group-read-result">
                {t('campaigns.groupSearch.result', { stored: fmt.number(read.data.stored), read: fmt.number(read.data.read), total: fmt.number(read.data.total), out: fmt.number(read.data.filteredOut) })}
                {!read.data.complete && ` ${t('campaigns.groupSearch.partial', { s: read.data.retryAfterSeconds ?? 60 })}`}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
