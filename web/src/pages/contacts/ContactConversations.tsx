import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { Conversation, Page } from '../../types.ts';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';

export function ContactConversations({ contactId }: { contactId: string }) {
  const t = useT();
  const fmt = useFormat();
  const conversations = useQuery({
    queryKey: ['conversations', { contactId }],
    queryFn: ({ signal }) => api.get<Page<Conversation>>('/api/conversations', { contactId, limit: 20 }, { signal }),
  });
  const items = conversations.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="drawer-section">
      <h3 className="section-label">{t('contacts.conversations')}</h3>
      <ul className="mini-list">
        {items.map((conversation) => (
          <li key={conversation.id}>
            <Link to={`/conversations/${conversation.id}`} className="mini-list-item">
              <ChannelBadge channel={conversation.channel} />
              <span className="mini-list-text">{conversation.lastMessagePreview ?? t('inbox.noMessages')}</span>
              <span className="muted small nowrap">{fmt.short(conversation.lastMessageAt ?? conversation.createdAt)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
