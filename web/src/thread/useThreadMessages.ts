// Messages of one conversation: the newest page (refreshed by live events), plus older pages loaded on demand.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { Message, Page } from '../types.ts';

const PAGE_SIZE = 50;

export const messagesKey = (conversationId: string | undefined) => ['messages', conversationId] as const;

interface Store {
  conversationId: string | undefined;
  /** Newest first, as the API returns them. */
  items: Message[];
  cursor: string | null;
  loadedOlder: boolean;
}

const empty = (conversationId: string | undefined): Store => ({ conversationId, items: [], cursor: null, loadedOlder: false });

/** `anchor`: a message to show (a search result) even when it is far back; its page is loaded and merged. */
export function useThreadMessages(conversationId: string | undefined, anchor?: string | null) {
  const latest = useQuery({
    queryKey: messagesKey(conversationId),
    queryFn: ({ signal }) =>
      api.get<Page<Message>>(`/api/conversations/${conversationId}/messages`, { limit: PAGE_SIZE }, { signal }),
    enabled: Boolean(conversationId),
    staleTime: 0,
  });

  const [store, setStore] = useState<Store>(() => empty(conversationId));
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);

  // Merge each poll into what we have: the page is the newest messages, and everything we already
  // had that is not on it is older (it scrolled off the page), so order is kept without sorting.
  useEffect(() => {
    const page = latest.data;
    if (!page) return;
    setStore((prev) => {
      const base = prev.conversationId === conversationId ? prev : empty(conversationId);
      const onPage = new Set(page.items.map((m) => m.id));
      const rest = base.items.filter((m) => !onPage.has(m.id));
      return { ...base, items: [...page.items, ...rest], cursor: base.loadedOlder ? base.cursor : page.nextCursor };
    });
  }, [latest.data, conversationId]);

  const hasLatest = Boolean(latest.data);
  useEffect(() => {
    if (!anchor || !conversationId || !hasLatest) return;
    let cancelled = false;
    void api.get<Page<Message>>(`/api/conversations/${conversationId}/messages`, { limit: PAGE_SIZE, anchor }).then((page) => {
      if (cancelled) return;
      setStore((prev) => {
        const base = prev.conversationId === conversationId ? prev : empty(conversationId);
        if (base.items.some((m) => m.id === anchor)) return base;
        const known = new Set(base.items.map((m) => m.id));
        return { conversationId, items: [...base.items, ...page.items.filter((m) => !known.has(m.id))], cursor: page.nextCursor, loadedOlder: true };
      });
    }, () => undefined);
    return () => {
      cancelled = true;
    };
  }, [anchor, conversationId, hasLatest]);

  const current = store.conversationId === conversationId ? store : empty(conversationId);
  const items = current.items.length > 0 ? current.items : (latest.data?.items ?? []);
  const cursor = current.loadedOlder ? current.cursor : (latest.data?.nextCursor ?? null);

  const loadOlder = useCallback(async () => {
    if (!conversationId || !cursor || loadingOlder) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api.get<Page<Message>>(`/api/conversations/${conversationId}/messages`, { limit: PAGE_SIZE, cursor });
      setStore((prev) => {
        const base = prev.conversationId === conversationId ? prev : empty(conversationId);
        const known = new Set(base.items.map((m) => m.id));
        return {
          conversationId,
          items: [...base.items, ...page.items.filter((m) => !known.has(m.id))],
          cursor: page.nextCursor,
          loadedOlder: true,
        };
      });
    } catch (error) {
      setOlderError(error);
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, cursor, loadingOlder]);

  /** Oldest first, for display. */
  const messages = useMemo(() => [...items].reverse(), [items]);

  return {
    messages,
    isPending: latest.isPending && Boolean(conversationId),
    error: latest.error ?? olderError,
    hasOlder: Boolean(cursor),
    loadingOlder,
    loadOlder,
  };
}
