import { Link } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import type { Conversation } from '../../types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { Icon } from '../../components/Icon.tsx';
import { conversationName } from '../../thread/conversationName.ts';

export function ThreadHeader({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const name = conversationName(conversation);
  const contact = conversation.contact;
  return (
    <header className="thread-header">
      <Link to="/conversations" className="icon-button thread-back" aria-label={t('common.back')}>
        <Icon name="arrowLeft" />
      </Link>
      <Avatar name={name} size={40} />
      <div className="thread-header-main">
        <div className="thread-title">
          {contact ? (
            <Link to={`/contacts/${contact.id}`} className="thread-contact-link" title={t('thread.openContact')}>
              {name}
            </Link>
          ) : (
            <span>{name}</span>
          )}
          <ChannelBadge channel={conversation.channel} />
          {conversation.isGroup && <span className="badge">{t('inbox.group')}</span>}
        </div>
        <div className="thread-subtitle">{contact?.phone ?? conversation.externalChatId}</div>
      </div>
      {contact?.optedOut && (
        <span className="badge badge-warning" title={t('thread.optedOutHint')}>
          {t('contacts.optedOut')}
        </span>
      )}
    </header>
  );
}
