import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { Conversation, Page } from '../types.ts';

export interface ConversationFilter {
  q?: string;
  channel?: string;
  contactId?: string;
  view?: 'mine' | 'unassigned' | 'all';
  status?: string;
  interest?: string;
  tag?: string;
  channelAccountId?: string;
}

export const conversationsKey = (filter: ConversationFilter = {}) => ['conversations', filter] as const;

/** A cursor-paged list of conversations, newest activity first; live events refresh it (no polling). */
export function useConversations(filter: ConversationFilter) {
  const query = useInfiniteQuery({
    queryKey: conversationsKey(filter),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Conversation>>('/api/conversations', { ...filter, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // Pages are re-fetched on every live update, so an item can move between them: keep the first occurrence.
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
