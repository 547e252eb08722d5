import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { Lead, Page, Pipeline } from '../../types.ts';

export const pipelinesKey = ['pipelines'] as const;
export const boardKey = (pipelineId: string | undefined) => ['leads', { pipelineId, board: true }] as const;

export function usePipelines() {
  return useQuery({
    queryKey: pipelinesKey,
    queryFn: ({ signal }) => api.get<{ items: Pipeline[] }>('/api/pipelines', undefined, { signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useBoardLeads(pipelineId: string | undefined) {
  return useQuery({
    queryKey: boardKey(pipelineId),
    queryFn: ({ signal }) => api.get<Page<Lead>>('/api/leads', { pipelineId, limit: 200 }, { signal }),
    enabled: Boolean(pipelineId),
    refetchInterval: 30_000,
  });
}
