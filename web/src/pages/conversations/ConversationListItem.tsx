import { Link } from 'react-router-dom';
import { useFormat, useT } from '../../i18n.tsx';
import type { Conversation } from '../../types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { conversationName } from '../../thread/conversationName.ts';

interface ConversationListItemProps {
  conversation: Conversation;
  selected: boolean;
  to: string;
  testId: string;
  /** The sandbox shows no unread counters: they belong to the agent's inbox. */
  showUnread?: boolean;
}

export function ConversationListItem({ conversation, selected, to, testId, showUnread = true }: ConversationListItemProps) {
  const t = useT();
  const fmt = useFormat();
  const name = conversationName(conversation);
  const unread = showUnread && conversation.unreadCount > 0;
  return (
    <li>
      <Link
        to={to}
        className={['conversation-item', selected ? 'selected' : '', unread ? 'unread' : ''].filter(Boolean).join(' ')}
        aria-current={selected ? 'true' : undefined}
        data-testid={testId}
        data-conversation-id={conversation.id}
      >
        <Avatar name={name} size={40} />
        <div className="conversation-item-main">
          <div className="conversation-item-top">
            <span className="conversation-item-name">{name}</span>
            <span className="conversation-item-time">{fmt.short(conversation.lastMessageAt ?? conversation.createdAt)}</span>
          </div>
          <div className="conversation-item-bottom">
            <span className="conversation-item-preview">{conversation.lastMessagePreview ?? t('inbox.noMessages')}</span>
            {unread && (
              <span className="unread-count" aria-label={t('inbox.unread', { count: conversation.unreadCount })} data-testid="unread-count">
                {conversation.unreadCount >= 100 ? '99+' : conversation.unreadCount}
              </span>
            )}
          </div>
          <div className="conversation-item-tags">
            <ChannelBadge channel={conversation.channel} />
            {conversation.isGroup && <span className="badge">{t('inbox.group')}</span>}
            {conversation.contact?.optedOut && <span className="badge badge-warning">{t('contacts.optedOut')}</span>}
            {conversation.interestLevel && <span className={`badge badge-interest-${conversation.interestLevel}`}>{t(`inbox.interest.${conversation.interestLevel}`)}</span>}
            {conversation.status !== 'open' && <span className="badge">{t(`inbox.status.${conversation.status}`)}</span>}
            {conversation.assignee && (
              <span className="conversation-item-assignee" title={`${t('inbox.assignee')}: ${conversation.assignee.name}`} data-testid="conversation-assignee">
                {conversation.assignee.name}
              </span>
            )}
          </div>
        </div>
      </Link>
    </li>
  );
}
