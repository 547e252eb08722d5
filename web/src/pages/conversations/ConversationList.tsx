import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useFormat, useT } from '../../i18n.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { useConversations, type ConversationFilter } from '../../hooks/useConversations.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { ConversationListItem } from './ConversationListItem.tsx';
import { useInboxCounts, useInboxSearch } from './inboxQueries.ts';

type View = 'mine' | 'unassigned' | 'all';
const VIEWS: View[] = ['mine', 'unassigned', 'all'];

export interface InboxFilter {
  view: View;
  status: string;
  interest: string;
}

export function ConversationList({ selectedId, filter, onFilter, itemsRef }: { selectedId: string | undefined; filter: InboxFilter; onFilter(next: InboxFilter): void; itemsRef?: { current: string[] } }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query: ConversationFilter = { view: filter.view, status: filter.status, ...(filter.interest ? { interest: filter.interest } : {}) };
  const list = useConversations(query);
  const counts = useInboxCounts();
  // The page reads it for J/K (next, previous conversation).
  if (itemsRef) itemsRef.current = list.items.map((c) => c.id);

  return (
    <aside className="split-list">
      <div className="split-list-header">
        <h1>{t('inbox.title')}</h1>
        <div className="search-box">
          <Icon name="search" size={16} />
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={t('inbox.search')} data-testid="conversation-search" />
        </div>
        <div className="inbox-tabs" role="tablist">
          {VIEWS.map((view) => {
            const count = counts.data?.[view];
            return (
              <button
                key={view}
                type="button"
                role="tab"
                aria-selected={filter.view === view}
                className={filter.view === view ? 'inbox-tab active' : 'inbox-tab'}
                onClick={() => onFilter({ ...filter, view })}
                data-testid={`inbox-tab-${view}`}
              >
                {t(`inbox.tab.${view}`)}
                {count && count.open > 0 && <span className={count.unread > 0 ? 'inbox-tab-count unread' : 'inbox-tab-count'}>{count.open}</span>}
              </button>
            );
          })}
        </div>
        <div className="inbox-filters">
          <select value={filter.status} onChange={(event) => onFilter({ ...filter, status: event.target.value })} aria-label={t('inbox.filter.status')} data-testid="inbox-status-filter">
            {['open', 'pending', 'snoozed', 'resolved', 'all'].map((status) => (
              <option key={status} value={status}>
                {t(`inbox.status.${status}` as 'inbox.status.open')}
              </option>
            ))}
          </select>
          <select value={filter.interest} onChange={(event) => onFilter({ ...filter, interest: event.target.value })} aria-label={t('inbox.filter.interest')}>
            <option value="">{t('inbox.interest.any')}</option>
            {['hot', 'warm', 'cold'].map((level) => (
              <option key={level} value={level}>
                {t(`inbox.interest.${level}` as 'inbox.interest.hot')}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="split-list-body">
        {q ? (
          <SearchResults q={q} selectedId={selectedId} />
        ) : (
          <>
            <ErrorBanner error={list.error} />
            {list.isPending ? (
              <Spinner />
            ) : list.items.length === 0 ? (
              <div className="list-empty">
                <p>{t('inbox.empty')}</p>
                <Link to="/sandbox">{t('inbox.trySandbox')}</Link>
              </div>
            ) : (
              <ul className="conversation-list">
                {list.items.map((conversation) => (
                  <ConversationListItem key={conversation.id} conversation={conversation} selected={conversation.id === selectedId} to={`/conversations/${conversation.id}`} testId="conversation-item" />
                ))}
              </ul>
            )}
            <LoadMore query={list} />
          </>
        )}
      </div>
    </aside>
  );
}

/** Conversations by name or phone, then messages by their words; a message opens its thread at it. */
function SearchResults({ q, selectedId }: { q: string; selectedId: string | undefined }) {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const results = useInboxSearch(q);
  if (results.isPending) return <Spinner />;
  if (results.isError) return <ErrorBanner error={results.error} />;
  const { conversations, messages } = results.data;
  if (conversations.length === 0 && messages.length === 0) return <div className="list-empty"><p>{t('inbox.noMatches')}</p></div>;
  return (
    <>
      {conversations.length > 0 && (
        <>
          <h3 className="list-section-title">{t('inbox.conversationsFound')}</h3>
          <ul className="conversation-list">
            {conversations.map((conversation) => (
              <ConversationListItem key={conversation.id} conversation={conversation} selected={conversation.id === selectedId} to={`/conversations/${conversation.id}`} testId="conversation-item" />
            ))}
          </ul>
        </>
      )}
      {messages.length > 0 && (
        <>
          <h3 className="list-section-title">{t('inbox.messagesFound')}</h3>
          <ul className="message-hits">
            {messages.map((hit) => (
              <li key={hit.messageId}>
                <button type="button" className="message-hit" onClick={() => navigate(`/conversations/${hit.conversationId}?message=${hit.messageId}`)} data-testid="message-hit">
                  <span className="message-hit-top">
                    <strong>{hit.conversationName ?? '—'}</strong>
                    <span className="muted small">{fmt.short(hit.sentAt)}</span>
                  </span>
                  <span className="message-hit-text">{hit.excerpt}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
