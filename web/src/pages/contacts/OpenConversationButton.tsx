import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact, Conversation } from '../../types.ts';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';

/** Finds or starts a conversation with the contact through a channel account, then opens it. */
export function OpenConversationButton({ contact }: { contact: Contact }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accounts = useChannelAccounts();
  const [chosen, setChosen] = useState<string | null>(null);
  const list = accounts.data ?? [];
  const accountId = list.find((a) => a.id === chosen)?.id ?? list[0]?.id;

  const open = useMutation({
    mutationFn: () => api.post<Conversation>('/api/conversations', { contactId: contact.id, channelAccountId: accountId }),
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      navigate(`/conversations/${conversation.id}`);
    },
  });

  if (accounts.isPending) return null;
  if (list.length === 0) return <span className="muted small">{t('contacts.noChannelAccounts')}</span>;

  return (
    <div className="open-conversation">
      {list.length > 1 && (
        <select value={accountId} onChange={(event) => setChosen(event.target.value)} aria-label={t('contacts.channelAccount')} data-testid="contact-channel-account">
          {list.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name} · {t(`channel.${account.channel}`)}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="button button-primary" onClick={() => open.mutate()} disabled={open.isPending || !accountId} data-testid="contact-open-conversation">
        <Icon name="chat" size={16} />
        <span>{t('contacts.openConversation')}</span>
      </button>
      <ErrorBanner error={open.error} />
    </div>
  );
}
