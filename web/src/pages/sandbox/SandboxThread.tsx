import { Link } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { useConversation } from '../../hooks/useConversation.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { MessageList } from '../../thread/MessageList.tsx';
import { useThreadMessages } from '../../thread/useThreadMessages.ts';
import { conversationName } from '../../thread/conversationName.ts';
import { SandboxComposer } from './SandboxComposer.tsx';

/** The conversation as the contact sees it: our messages on the left, theirs on the right. */
export function SandboxThread({ conversationId }: { conversationId: string }) {
  const t = useT();
  const conversation = useConversation(conversationId);
  const thread = useThreadMessages(conversationId);

  if (conversation.isPending) return <Spinner />;
  if (conversation.isError) return <div className="thread"><ErrorBanner error={conversation.error} /></div>;
  const data = conversation.data;
  const name = conversationName(data);

  return (
    <div className="thread thread-sandbox" data-testid="sandbox-thread">
      <header className="thread-header">
        <Link to="/sandbox" className="icon-button thread-back" aria-label={t('common.back')}>
          <Icon name="arrowLeft" />
        </Link>
        <Avatar name={name} size={40} />
        <div className="thread-header-main">
          <div className="thread-title">
            <span>{t('sandbox.youAre', { name })}</span>
          </div>
          <div className="thread-subtitle">{t('sandbox.povHint')}</div>
        </div>
        <Link to={`/conversations/${data.id}`} className="button button-ghost button-small">
          {t('sandbox.openInInbox')}
        </Link>
      </header>
      <ErrorBanner error={thread.error} />
      {thread.isPending ? (
        <Spinner />
      ) : (
        <MessageList
          messages={thread.messages}
          perspective="contact"
          isGroup={false}
          hasOlder={thread.hasOlder}
          loadingOlder={thread.loadingOlder}
          onLoadOlder={thread.loadOlder}
          emptyText={t('thread.empty')}
        />
      )}
      <SandboxComposer conversation={data} />
    </div>
  );
}
