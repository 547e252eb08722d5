import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useConversation } from '../../hooks/useConversation.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { MessageList } from '../../thread/MessageList.tsx';
import { useThreadMessages } from '../../thread/useThreadMessages.ts';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { LeadSidePanel } from './LeadSidePanel.tsx';
import { ThreadHeader } from './ThreadHeader.tsx';
import { useConversationActions, useNotes } from './inboxQueries.ts';

const PANEL_KEY = 'parley.inbox.panel';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function ConversationThread({ conversationId, anchorMessageId }: { conversationId: string; anchorMessageId?: string | null }) {
  const t = useT();
  const me = useSession();
  const queryClient = useQueryClient();
  const conversation = useConversation(conversationId);
  const thread = useThreadMessages(conversationId, anchorMessageId);
  const notes = useNotes(conversationId);
  const { assign, setStatus } = useConversationActions(conversationId);
  const composer = useRef<ComposerHandle>(null);
  // Beside the thread on a wide screen (unless closed before); over it on a narrow one, so only on request.
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth > 1100 && localStorage.getItem(PANEL_KEY) !== 'closed');

  // Mark the conversation read when it is opened, and again whenever a new inbound message shows up in it.
  const newestInbound = [...thread.messages].reverse().find((m) => m.direction === 'inbound')?.id ?? '';
  const ready = !thread.isPending;
  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    api
      .post(`/api/conversations/${conversationId}/read`, {})
      .then(() => {
        if (!cancelled) {
          void queryClient.invalidateQueries({ queryKey: ['conversations'] });
          void queryClient.invalidateQueries({ queryKey: ['inbox-counts'] });
        }
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [conversationId, newestInbound, ready, queryClient]);

  // A: assign to me · E: resolve · N: write a private note.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'a') assign.mutate(me.user.id);
      else if (key === 'e') setStatus.mutate({ status: 'resolved' });
      else if (key === 'n') {
        event.preventDefault();
        composer.current?.startNote();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [assign, setStatus, me.user.id]);

  if (conversation.isPending) return <Spinner />;
  if (conversation.isError) return <div className="thread"><ErrorBanner error={conversation.error} /></div>;
  const data = conversation.data;
  const togglePanel = () => {
    setPanelOpen((open) => {
      localStorage.setItem(PANEL_KEY, open ? 'closed' : 'open');
      return !open;
    });
  };

  return (
    <div className={panelOpen ? 'thread-with-panel panel-open' : 'thread-with-panel'}>
      <div className="thread" data-testid="thread" data-status={data.status}>
        <ThreadHeader conversation={data} onTogglePanel={togglePanel} />
        <ErrorBanner error={thread.error ?? assign.error ?? setStatus.error} />
        {thread.isPending ? (
          <Spinner />
        ) : (
          <MessageList
            messages={thread.messages}
            notes={notes.data?.items ?? []}
            highlightId={anchorMessageId}
            perspective="agent"
            isGroup={data.isGroup}
            hasOlder={thread.hasOlder}
            loadingOlder={thread.loadingOlder}
            onLoadOlder={thread.loadOlder}
            emptyText={t('thread.empty')}
          />
        )}
        <Composer ref={composer} conversation={data} />
        <div className="shortcut-hint muted small">{t('inbox.shortcuts')}</div>
      </div>
      {panelOpen && <LeadSidePanel conversation={data} onClose={togglePanel} />}
    </div>
  );
}
