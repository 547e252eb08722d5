import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ConversationList, type InboxFilter } from './ConversationList.tsx';
import { ConversationThread } from './ConversationThread.tsx';

const FILTER_KEY = 'parley.inbox.filter';

function savedFilter(): InboxFilter {
  try {
    const parsed = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as InboxFilter | null;
    if (parsed && typeof parsed.view === 'string') return parsed;
  } catch {
    // fall through to the default
  }
  return { view: 'all', status: 'open', interest: '' };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function ConversationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const [params] = useSearchParams();
  const [filter, setFilter] = useState<InboxFilter>(savedFilter);
  const items = useRef<string[]>([]);

  useEffect(() => localStorage.setItem(FILTER_KEY, JSON.stringify(filter)), [filter]);

  // J / K move through the list; the thread handles A (assign to me), E (resolve) and N (note).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== 'j' && key !== 'k') return;
      const list = items.current;
      if (list.length === 0) return;
      const at = conversationId ? list.indexOf(conversationId) : -1;
      const next = key === 'j' ? Math.min(list.length - 1, at + 1) : Math.max(0, at - 1);
      if (list[next] && list[next] !== conversationId) navigate(`/conversations/${list[next]}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [conversationId, navigate]);

  return (
    <div className={conversationId ? 'split split-has-selection' : 'split'}>
      <ConversationList selectedId={conversationId} filter={filter} onFilter={setFilter} itemsRef={items} />
      <section className="split-main">
        {conversationId ? (
          <ConversationThread key={conversationId} conversationId={conversationId} anchorMessageId={params.get('message')} />
        ) : (
          <EmptyState icon="inbox" title={t('inbox.pickTitle')}>
            {t('inbox.pickHint')}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
