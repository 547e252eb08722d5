import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { Conversation } from '../types.ts';

export const conversationKey = (id: string | undefined) => ['conversation', id] as const;

export function useConversation(conversationId: string | undefined) {
  return useQuery({
    queryKey: conversationKey(conversationId),
    queryFn: ({ signal }) => api.get<Conversation>(`/api/conversations/${conversationId}`, undefined, { signal }),
    enabled: Boolean(conversationId),
  });
}
