import { useT } from '../../i18n.tsx';
import { useConversations } from '../../hooks/useConversations.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ConversationListItem } from '../conversations/ConversationListItem.tsx';

export function SandboxConversationList({ selectedId }: { selectedId: string | undefined }) {
  const t = useT();
  const list = useConversations({ channel: 'sandbox' });
  return (
    <div className="sandbox-list">
      <h2 className="section-label">{t('sandbox.conversations')}</h2>
      <ErrorBanner error={list.error} />
      {list.isPending ? (
        <Spinner />
      ) : list.items.length === 0 ? (
        <p className="list-empty">{t('sandbox.noConversations')}</p>
      ) : (
        <ul className="conversation-list">
          {list.items.map((conversation) => (
            <ConversationListItem
              key={conversation.id}
              conversation={conversation}
              selected={conversation.id === selectedId}
              to={`/sandbox/${conversation.id}`}
              testId="sandbox-conversation"
              showUnread={false}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button button-ghost" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
