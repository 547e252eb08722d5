// One Server-Sent Events stream per tab: the organization's events refresh exactly the queries they touch,
// so conversations, threads, notes and the bell update within about a second without polling.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

interface LiveEvent {
  type: string;
  subject: { type: string; id: string | null };
  data: Record<string, unknown>;
}

function refresh(queryClient: QueryClient, event: LiveEvent): void {
  const conversationId = typeof event.data.conversationId === 'string' ? event.data.conversationId : null;
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });
  if (event.type.startsWith('message.')) {
    // Receipts name the message, not the conversation: refresh every open thread (only mounted ones refetch).
    invalidate(conversationId ? ['messages', conversationId] : ['messages']);
    invalidate(['conversations']);
    invalidate(['inbox-counts']);
    if (conversationId) invalidate(['conversation', conversationId]);
    if (event.type === 'message.received') invalidate(['notifications']);
  } else if (event.type.startsWith('conversation.')) {
    invalidate(['conversations']);
    invalidate(['inbox-counts']);
    if (conversationId) {
      invalidate(['conversation', conversationId]);
      invalidate(['conversation-activity', conversationId]);
      invalidate(['notes', conversationId]);
    }
    if (event.type === 'conversation.note_added') invalidate(['notifications']);
  } else if (event.type.startsWith('lead.') || event.type === 'analysis.completed') {
    invalidate(['conversations']);
    invalidate(['panel']);
  } else if (event.type.startsWith('contact.')) {
    invalidate(['conversations']);
    invalidate(['panel']);
  }
}

export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events/stream');
    let connectedOnce = false;
    source.onopen = () => {
      // After a reconnect anything may have changed while we were away.
      if (connectedOnce) void queryClient.invalidateQueries();
      connectedOnce = true;
    };
    source.onmessage = () => undefined;
    const onEvent = (message: MessageEvent<string>) => {
      try {
        refresh(queryClient, JSON.parse(message.data) as LiveEvent);
      } catch {
        // a malformed frame is ignored; the next one refreshes
      }
    };
    const types = ['message.received', 'message.sent', 'message.delivered', 'message.read', 'message.failed', 'conversation.assigned', 'conversation.status_changed', 'conversation.note_added', 'lead.created', 'lead.stage_changed', 'analysis.completed', 'contact.opted_out', 'contact.opted_in'];
    for (const type of types) source.addEventListener(type, onEvent as EventListener);
    return () => source.close();
  }, [queryClient]);
}
