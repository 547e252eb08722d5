import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { ChannelAccount } from '../types.ts';

export const channelAccountsKey = ['channel-accounts'] as const;

export function useChannelAccounts() {
  return useQuery({
    queryKey: channelAccountsKey,
    queryFn: () => api.get<{ items: ChannelAccount[] }>('/api/channel-accounts'),
    select: (data) => data.items,
    staleTime: 30_000,
  });
}
