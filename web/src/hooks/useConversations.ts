import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { Conversation, Page } from '../types.ts';

export interface ConversationFilter {
  q?: string;
  channel?: string;
  contactId?: string;
}

export const conversationsKey = (filter: ConversationFilter = {}) => ['conversations', filter] as const;

/** A polled, cursor-paged list of conversations, newest activity first. */
export function useConversations(filter: ConversationFilter, pollMs = 5000) {
  const query = useInfiniteQuery({
    queryKey: conversationsKey(filter),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Conversation>>('/api/conversations', { ...filter, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: pollMs,
  });
  // Pages are re-fetched on every poll, so an item can move between them: keep the first occurrence.
  const seen = new Set<string>();
  const items: Conversation[] = [];
  for (const page of query.data?.pages ?? []) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return { ...query, items };
}
