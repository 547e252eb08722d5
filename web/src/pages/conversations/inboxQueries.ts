import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { Conversation, ConversationNote, ConversationStatus, InboxCounts, Member, MessageHit, SavedReply } from '../../types.ts';

export function useInboxCounts() {
  return useQuery({ queryKey: ['inbox-counts'], queryFn: ({ signal }) => api.get<InboxCounts>('/api/inbox/counts', undefined, { signal }) });
}

export function useMembers() {
  return useQuery({ queryKey: ['members'], queryFn: ({ signal }) => api.get<{ items: Member[] }>('/api/users', undefined, { signal }), staleTime: 60_000 });
}

export function useInboxSearch(q: string) {
  return useQuery({
    queryKey: ['inbox-search', q],
    queryFn: ({ signal }) => api.get<{ conversations: Conversation[]; messages: MessageHit[] }>('/api/inbox/search', { q }, { signal }),
    enabled: q.length > 0,
  });
}

export function useNotes(conversationId: string) {
  return useQuery({ queryKey: ['notes', conversationId], queryFn: ({ signal }) => api.get<{ items: ConversationNote[] }>(`/api/conversations/${conversationId}/notes`, undefined, { signal }) });
}

export function useSavedReplies() {
  return useQuery({ queryKey: ['saved-replies'], queryFn: ({ signal }) => api.get<{ items: SavedReply[] }>('/api/saved-replies', undefined, { signal }), staleTime: 30_000 });
}

/** Assignment and status changes; the live stream refreshes the other tabs. */
export function useConversationActions(conversationId: string) {
  const queryClient = useQueryClient();
  const onSuccess = (conversation: Conversation) => {
    queryClient.setQueryData(['conversation', conversationId], conversation);
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox-counts'] });
  };
  const assign = useMutation({
    mutationFn: (assigneeUserId: string | null) => api.post<Conversation>(`/api/conversations/${conversationId}/assign`, { assigneeUserId }),
    onSuccess,
  });
  const setStatus = useMutation({
    mutationFn: (input: { status: ConversationStatus; snoozedUntil?: string }) => api.post<Conversation>(`/api/conversations/${conversationId}/status`, input),
    onSuccess,
  });
  return { assign, setStatus };
}
