import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Conversation } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';

/** Which connected channels can carry on an imported chat (the server checks the same). */
const CONTINUES: Record<string, string[]> = {
  whatsapp_export: ['evolution', 'whatsapp_cloud', 'sandbox'],
  telegram_export: ['telegram_user', 'telegram_bot', 'sandbox'],
};

/**
 * For an imported WhatsApp/Telegram chat: choose the connected account to answer from; the thread then
 * carries on there (or joins the client's live thread on it, which then opens).
 */
export function LinkImportedChat({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accounts = useChannelAccounts();
  const allowed = CONTINUES[conversation.channel];
  const choices = (accounts.data ?? []).filter((account) => allowed?.includes(account.channel) && account.status !== 'disconnected');
  const [accountId, setAccountId] = useState('');
  const link = useMutation({
    mutationFn: () => api.post<Conversation>(`/api/conversations/${conversation.id}/link-account`, { channelAccountId: accountId || choices[0]?.id }),
    onSuccess: (linked) => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void queryClient.invalidateQueries({ queryKey: ['conversation'] });
      if (linked.id !== conversation.id) navigate(`/conversations/${linked.id}`);
    },
  });
  if (!allowed || conversation.isGroup) return null;
  return (
    <section data-testid="panel-link-account">
      <h3>{t('panel.link.title')}</h3>
      <p className="muted small">{t('panel.link.hint')}</p>
      <ErrorBanner error={link.error} />
      {choices.length === 0 ? (
        <p className="small">{t('panel.link.noAccounts')}</p>
      ) : (
        <div className="panel-link">
          <select value={accountId || choices[0]!.id} onChange={(event) => setAccountId(event.target.value)} aria-label={t('panel.link.account')} data-testid="panel-link-select">
            {choices.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
                {account.address ? ` · ${account.address}` : ''}
              </option>
            ))}
          </select>
          <button type="button" className="button button-small" onClick={() => link.mutate()} disabled={link.isPending} data-testid="panel-link-submit">
            {t('panel.link.submit')}
          </button>
        </div>
      )}
    </section>
  );
}
