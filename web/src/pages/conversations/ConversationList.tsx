import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { useConversations } from '../../hooks/useConversations.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { ConversationListItem } from './ConversationListItem.tsx';

export function ConversationList({ selectedId }: { selectedId: string | undefined }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useConversations(q ? { q } : {});

  return (
    <aside className="split-list">
      <div className="split-list-header">
        <h1>{t('inbox.title')}</h1>
        <div className="search-box">
          <Icon name="search" size={16} />
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={t('inbox.search')} data-testid="conversation-search" />
        </div>
      </div>
      <div className="split-list-body">
        <ErrorBanner error={list.error} />
        {list.isPending ? (
          <Spinner />
        ) : list.items.length === 0 ? (
          <div className="list-empty">
            <p>{q ? t('inbox.noMatches') : t('inbox.empty')}</p>
            {!q && <Link to="/sandbox">{t('inbox.trySandbox')}</Link>}
          </div>
        ) : (
          <ul className="conversation-list">
            {list.items.map((conversation) => (
              <ConversationListItem key={conversation.id} conversation={conversation} selected={conversation.id === selectedId} to={`/conversations/${conversation.id}`} testId="conversation-item" />
            ))}
          </ul>
        )}
        <LoadMore query={list} />
      </div>
    </aside>
  );
}
