import { Link } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { useConversation } from '../../hooks/useConversation.ts';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { MessageList } from '../../thread/MessageList.tsx';
import { useThreadMessages } from '../../thread/useThreadMessages.ts';

/** The lead's conversation, read-only, with the inbox's message list; replying happens in Conversations. */
export function LeadConversation({ conversationId }: { conversationId: string }) {
  const t = useT();
  const conversation = useConversation(conversationId);
  const thread = useThreadMessages(conversationId);
  return (
    <section className="drawer-section" aria-label={t('board.panel.conversation')}>
      <div className="lead-conversation-head">
        <h3 className="section-label">{t('board.panel.conversation')}</h3>
        {conversation.data && <ChannelBadge channel={conversation.data.channel} />}
        <Link to={`/conversations/${conversationId}`} className="small lead-conversation-link">
          {t('board.panel.openConversation')}
        </Link>
      </div>
      <ErrorBanner error={thread.error} />
      <div className="lead-thread" data-testid="lead-thread">
        {thread.isPending ? (
          <Spinner />
        ) : (
          <MessageList
            messages={thread.messages}
            perspective="agent"
            isGroup={conversation.data?.isGroup ?? false}
            hasOlder={thread.hasOlder}
            loadingOlder={thread.loadingOlder}
            onLoadOlder={thread.loadOlder}
            emptyText={t('thread.empty')}
          />
        )}
      </div>
    </section>
  );
}
