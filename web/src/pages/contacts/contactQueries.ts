import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { Contact, Page } from '../../types.ts';

export interface ContactFilter {
  q?: string;
  tag?: string;
  optedOut?: 'true' | 'false';
}

export const contactsKey = (filter: ContactFilter = {}) => ['contacts', filter] as const;
export const contactKey = (id: string) => ['contact', id] as const;

export function useContactList(filter: ContactFilter) {
  const query = useInfiniteQuery({
    queryKey: contactsKey(filter),
    queryFn: ({ pageParam, signal }) => api.get<Page<Contact>>('/api/contacts', { ...filter, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}

export function useContact(contactId: string) {
  return useQuery({
    queryKey: contactKey(contactId),
    queryFn: ({ signal }) => api.get<Contact>(`/api/contacts/${contactId}`, undefined, { signal }),
  });
}
