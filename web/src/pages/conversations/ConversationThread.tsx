import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { useConversation } from '../../hooks/useConversation.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { MessageList } from '../../thread/MessageList.tsx';
import { useThreadMessages } from '../../thread/useThreadMessages.ts';
import { Composer } from './Composer.tsx';
import { ThreadHeader } from './ThreadHeader.tsx';

export function ConversationThread({ conversationId }: { conversationId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const conversation = useConversation(conversationId);
  const thread = useThreadMessages(conversationId);

  // Mark the conversation read when it is opened, and again whenever a new inbound message shows up in it.
  const newestInbound = [...thread.messages].reverse().find((m) => m.direction === 'inbound')?.id ?? '';
  const ready = !thread.isPending;
  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    api
      .post(`/api/conversations/${conversationId}/read`, {})
      .then(() => {
        if (!cancelled) void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [conversationId, newestInbound, ready, queryClient]);

  if (conversation.isPending) return <Spinner />;
  if (conversation.isError) return <div className="thread"><ErrorBanner error={conversation.error} /></div>;
  const data = conversation.data;

  return (
    <div className="thread" data-testid="thread">
      <ThreadHeader conversation={data} />
      <ErrorBanner error={thread.error} />
      {thread.isPending ? (
        <Spinner />
      ) : (
        <MessageList
          messages={thread.messages}
          perspective="agent"
          isGroup={data.isGroup}
          hasOlder={thread.hasOlder}
          loadingOlder={thread.loadingOlder}
          onLoadOlder={thread.loadOlder}
          emptyText={t('thread.empty')}
        />
      )}
      <Composer conversation={data} />
    </div>
  );
}
